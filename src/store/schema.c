#include "store/schema.h"

#include "store/coverage_counts.h"
#include "store/enrol_counts.h"
#include "store/followup_states.h"
#include "store/sample_counts.h"

/* Text that reaches other users' terminals must not carry control
 * characters or bidi/invisible format characters: the program refuses them
 * at input and import, and these CHECKs are the last line of defence for
 * anything written with other tools. GLOB ranges compare code points. */
#define SAFE(col)                                                          \
	"CHECK (" col " IS NULL OR " col " NOT GLOB ('*[' || char(1) || '-' || "   \
	"char(31) || char(127) || '-' || char(159) || char(8203) || '-' || "       \
	"char(8207) || char(8234) || '-' || char(8238) || char(8288) || '-' || "   \
	"char(8303) || char(65279) || ']*'))"

/* The columns a voidable, versioned record ends with (before its
 * updated_by), as samples, inspections and sales were created. */
#define RECORD_STATE_COLUMNS                                                          \
	"  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','void')),\n"  \
	"  void_reason TEXT " SAFE("void_reason") ",\n"                                 \
	"  version INTEGER NOT NULL DEFAULT 1,\n"                                       \
	"  created_at TEXT NOT NULL,\n"                                                 \
	"  created_by TEXT NOT NULL,\n"                                                 \
	"  updated_at TEXT,\n"

/* The history table of a record type (record's changes: one row per
 * field a correction changed), append-only, and its index. Expands to the
 * very text migrations 1, 3, 13 and 15 were written with: the schema of
 * databases already made does not change. */
#define HISTORY_TABLE(record, records, reason_not_null)                                   \
	"CREATE TABLE " record "_changes (\n"                                                  \
	"  id INTEGER PRIMARY KEY,\n"                                                          \
	"  " record "_id INTEGER NOT NULL REFERENCES " records "(id),\n"                       \
	"  version INTEGER NOT NULL,\n"                                                        \
	"  changed_at TEXT NOT NULL,\n"                                                        \
	"  changed_by TEXT NOT NULL,\n"                                                        \
	"  reason TEXT " reason_not_null SAFE("reason") ",\n"                                  \
	"  field TEXT NOT NULL,\n"                                                             \
	"  old_value TEXT,\n"                                                                  \
	"  new_value TEXT\n"                                                                   \
	");\n"                                                                                 \
	"CREATE INDEX " record "_changes_by_" record " ON " record "_changes(" record "_id, version);\n" \
	"CREATE TRIGGER " record "_changes_no_update BEFORE UPDATE ON " record "_changes\n"    \
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"                        \
	"CREATE TRIGGER " record "_changes_no_delete BEFORE DELETE ON " record "_changes\n"    \
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"

/* A sample changes only together with its correction rows (migration 7;
 * migration 14 puts it back after filling a new column). */
#define SAMPLES_CHANGE_NEEDS_HISTORY \
	"CREATE TRIGGER samples_change_needs_history BEFORE UPDATE ON samples\n" \
	"  WHEN NEW.version IS NOT OLD.version + 1 OR OLD.status = 'void'\n" \
	"    OR NOT EXISTS (SELECT 1 FROM sample_changes c WHERE c.sample_id = OLD.id" \
	" AND c.version = NEW.version)\n" \
	"    OR (NEW.verdict IS NOT OLD.verdict OR NEW.flag_confirm IS NOT OLD.flag_confirm)" \
	" AND NOT EXISTS (SELECT 1 FROM sample_changes c WHERE c.sample_id = OLD.id" \
	" AND c.version = NEW.version AND c.field = 'verdict')\n" \
	"    OR NEW.status IS NOT OLD.status AND NOT EXISTS (SELECT 1 FROM sample_changes c" \
	" WHERE c.sample_id = OLD.id AND c.version = NEW.version AND c.field = 'status')\n" \
	"    OR NEW.id IS NOT OLD.id OR NEW.sample_no IS NOT OLD.sample_no\n" \
	"    OR NEW.unit_id IS NOT OLD.unit_id OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq\n" \
	"    OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by\n" \
	"  BEGIN SELECT RAISE(ABORT, 'a sample changes only with its correction record" \
	" (nongjian correct or void)'); END;\n"

/* Add sign (1 or -1) times the sample row r (NEW. or OLD.) to both
 * count tables when it is valid. */
#define SC_ADD_ONE(table, first, r, sign)                                                            \
	"  INSERT INTO " table " SELECT " first ", " r "unit_id, " r "kind, " r "verdict, " sign ", "     \
	sign " * " SC_OPEN(r) " WHERE " r "status = 'valid'\n"                                          \
	"    ON CONFLICT DO UPDATE SET n = n + excluded.n, open = open + excluded.open;\n"
/* The same into sample_month_parts, by one part ('c' category or 's'
 * stage, label the expression of it). */
#define SC_ADD_PART(r, sign, part, label)                                                            \
	"  INSERT INTO sample_month_parts SELECT " r "year, substr(" r "sample_date, 1, 7), " r "unit_id, " \
	r "kind, '" part "', " label ", " r "verdict, " sign " WHERE " r "status = 'valid'\n"            \
	"    ON CONFLICT DO UPDATE SET n = n + excluded.n;\n"
#define SC_ADD(r, sign)                                                                              \
	SC_ADD_ONE("sample_month_counts", r "year, substr(" r "sample_date, 1, 7)", r, sign)            \
	SC_ADD_ONE("sample_day_counts", r "sample_date, " r "year", r, sign)                            \
	SC_ADD_PART(r, sign, "c", r "category") SC_ADD_PART(r, sign, "s", SC_STAGE(r))
/* The failed sample of the follow-up case of step r (NEW.) moves out
 * of the open counts when the change handled its case, back in when it
 * undid that: live(a) says which steps counted before the change. */
#define SC_OPEN_MOVE_ONE(table, key, live)                                                           \
	"  UPDATE " table " SET open = open + CASE WHEN " SC_CASE_HANDLED("NEW.case_id", SC_LIVE_NOW)     \
	" THEN -1 ELSE 1 END WHERE (" key ", unit_id, kind, verdict) ="                                   \
	" (SELECT " key ", unit_id, kind, verdict FROM (SELECT year, substr(sample_date, 1, 7) AS month,"   \
	" sample_date, unit_id, kind, verdict FROM samples WHERE id ="                                     \
	" (SELECT sample_id FROM followup_cases WHERE id = NEW.case_id)"                                   \
	" AND status = 'valid' AND verdict = 'fail'));\n"
#define SC_OPEN_MOVE(live)                                                                           \
	"  WHEN " SC_CASE_HANDLED("NEW.case_id", SC_LIVE_NOW) " IS NOT "                                   \
	SC_CASE_HANDLED("NEW.case_id", live) "\nBEGIN\n"                                                  \
	SC_OPEN_MOVE_ONE("sample_month_counts", "year, month", live)                                     \
	SC_OPEN_MOVE_ONE("sample_day_counts", "sample_date, year", live) "END;\n"
/* The steps live before an insert (all but the new one) and before a
 * void (the voided one too: steps only ever change by being voided). */
#define SC_LIVE_BEFORE_INSERT(a) "(" a ".status = 'valid' AND " a ".id IS NOT NEW.id)"
#define SC_LIVE_BEFORE_UPDATE(a)                                                                     \
	"(CASE WHEN " a ".id = NEW.id THEN OLD.status = 'valid' ELSE " a ".status = 'valid' END)"

const char *const schema_migrations[] = {
	/* 1: units, numbering counters, samples and their correction history */
	"CREATE TABLE meta (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT\n"
	");\n"
	"CREATE TABLE units (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL DEFAULT '',\n"
	"  name TEXT NOT NULL UNIQUE " SAFE("name") ",\n"
	"  short_name TEXT NOT NULL " SAFE("short_name") ",\n"
	"  kind TEXT NOT NULL DEFAULT '',\n"
	"  sort INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE counters (\n"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  year INTEGER NOT NULL,\n"
	"  next_seq INTEGER NOT NULL,\n"
	"  PRIMARY KEY (unit_id, year)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE samples (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sample_no TEXT NOT NULL UNIQUE,\n"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  year INTEGER NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('rapid','routine','supervisory','inputs')),\n"
	"  sample_date TEXT NOT NULL CHECK (sample_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  producer TEXT " SAFE("producer") ",\n"
	"  producer_id INTEGER,\n"
	"  product TEXT NOT NULL " SAFE("product") ",\n"
	"  category TEXT NOT NULL " SAFE("category") ",\n"
	"  stage TEXT " SAFE("stage") ",\n"
	"  place TEXT " SAFE("place") ",\n"
	"  quantity TEXT " SAFE("quantity") ",\n"
	"  samplers TEXT " SAFE("samplers") ",\n"
	"  tester TEXT " SAFE("tester") ",\n"
	"  inhibition REAL CHECK (inhibition IS NULL OR (inhibition >= 0 AND inhibition <= 100)),\n"
	"  item TEXT " SAFE("item") ",\n"
	"  value REAL,\n"
	"  unit TEXT " SAFE("unit") ",\n"
	"  limit_value REAL,\n"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),\n"
	"  flag_confirm INTEGER NOT NULL DEFAULT 0,\n"
	"  remarks TEXT " SAFE("remarks") ",\n"
	RECORD_STATE_COLUMNS
	"  updated_by TEXT,\n"
	"  UNIQUE (unit_id, year, seq)\n"
	");\n"
	"CREATE INDEX samples_by_date ON samples(sample_date, id);\n"
	"CREATE INDEX samples_by_unit_year ON samples(unit_id, year, kind, status);\n"
	HISTORY_TABLE("sample", "samples", "NOT NULL ")
	"CREATE TRIGGER samples_no_delete BEFORE DELETE ON samples\n"
	"  BEGIN SELECT RAISE(ABORT, 'samples are voided, never deleted'); END;\n",

	/* 2: yearly targets per unit and kind; follow-up of failed samples;
	 * an index that answers the quota figures of a year by itself */
	"CREATE TABLE targets (\n"
	"  year INTEGER NOT NULL,\n"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('rapid','routine','supervisory','inputs')),\n"
	"  target INTEGER NOT NULL CHECK (target >= 0),\n"
	"  set_at TEXT NOT NULL,\n"
	"  set_by TEXT NOT NULL,\n"
	"  PRIMARY KEY (year, unit_id, kind)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE followups (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sample_id INTEGER NOT NULL REFERENCES samples(id),\n"
	"  action TEXT NOT NULL CHECK (action IN ('retest','confirm','block','case','closed')),\n"
	"  action_date TEXT NOT NULL,\n"
	"  note TEXT " SAFE("note") ",\n"
	"  created_at TEXT NOT NULL,\n"
	"  created_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX followups_by_sample ON followups(sample_id);\n"
	"CREATE INDEX samples_for_quota ON samples(year, status, unit_id, kind, sample_date, verdict, category);\n",

	/* 3: producer registry (主体名录), credit ratings and the blacklist.
	 * Nothing is deleted: field changes, ratings and listings are
	 * append-only history; a listing is only ever lifted, once. Every
	 * write to producers or the blacklist bumps meta registry_gen, so an
	 * in-memory lookup index knows when to reload. */
	"CREATE TABLE producers (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL CHECK (name <> '') " SAFE("name") ",\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('enterprise','coop','family_farm','base','grower',"
	"'smallholder','input_shop')),\n"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  village TEXT " SAFE("village") ",\n"
	"  address TEXT " SAFE("address") ",\n"
	"  contact TEXT " SAFE("contact") ",\n"
	"  phone TEXT " SAFE("phone") ",\n"
	"  credit_code TEXT UNIQUE CHECK (credit_code IS NULL OR length(credit_code) = 18),\n"
	"  id_number TEXT UNIQUE CHECK (id_number IS NULL OR length(id_number) = 18),\n"
	"  products TEXT " SAFE("products") ",\n"
	"  certifications TEXT " SAFE("certifications") ",\n"
	"  monitoring_point INTEGER NOT NULL DEFAULT 0 CHECK (monitoring_point IN (0,1)),\n"
	"  certificate INTEGER NOT NULL DEFAULT 0 CHECK (certificate IN (0,1)),\n"
	"  traceability INTEGER NOT NULL DEFAULT 0 CHECK (traceability IN (0,1)),\n"
	"  rating TEXT CHECK (rating IS NULL OR rating IN ('A','B','C')),\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created_at TEXT NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT\n"
	");\n"
	/* The same name may be registered in another town (or another
	 * village of the same town), not twice in one place. */
	"CREATE UNIQUE INDEX producers_by_place ON producers(unit_id, name, coalesce(village, ''));\n"
	"CREATE INDEX producers_by_name ON producers(name);\n"
	"CREATE TRIGGER producers_no_delete BEFORE DELETE ON producers\n"
	"  BEGIN SELECT RAISE(ABORT, 'producers are kept, never deleted'); END;\n"
	HISTORY_TABLE("producer", "producers", "")
	"CREATE TABLE producer_ratings (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  producer_id INTEGER NOT NULL REFERENCES producers(id),\n"
	"  rated_on TEXT NOT NULL CHECK (rated_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  old_rating TEXT CHECK (old_rating IS NULL OR old_rating IN ('A','B','C')),\n"
	"  new_rating TEXT NOT NULL CHECK (new_rating IN ('A','B','C')),\n"
	"  reason TEXT NOT NULL CHECK (reason <> '') " SAFE("reason") ",\n"
	"  rated_at TEXT NOT NULL,\n"
	"  rated_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX producer_ratings_by_producer ON producer_ratings(producer_id, id);\n"
	"CREATE TRIGGER producer_ratings_no_update BEFORE UPDATE ON producer_ratings\n"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"
	"CREATE TRIGGER producer_ratings_no_delete BEFORE DELETE ON producer_ratings\n"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"
	"CREATE TABLE blacklist (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  producer_id INTEGER NOT NULL REFERENCES producers(id),\n"
	"  reason_kind TEXT NOT NULL CHECK (reason_kind IN ('rating_c','failed_check','banned',"
	"'case','other')),\n"
	"  detail TEXT NOT NULL CHECK (detail <> '') " SAFE("detail") ",\n"
	"  since TEXT NOT NULL CHECK (since GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  expires TEXT CHECK (expires IS NULL OR expires GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  rating_id INTEGER REFERENCES producer_ratings(id),\n"
	"  added_at TEXT NOT NULL,\n"
	"  added_by TEXT NOT NULL,\n"
	"  lifted_at TEXT,\n"
	"  lifted_by TEXT,\n"
	"  lift_reason TEXT " SAFE("lift_reason") ",\n"
	"  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))\n"
	");\n"
	"CREATE INDEX blacklist_by_producer ON blacklist(producer_id, id);\n"
	"CREATE INDEX blacklist_open ON blacklist(lifted_at, producer_id);\n"
	"CREATE TRIGGER blacklist_no_delete BEFORE DELETE ON blacklist\n"
	"  BEGIN SELECT RAISE(ABORT, 'blacklist history is kept, never deleted'); END;\n"
	"CREATE TRIGGER blacklist_lift_once BEFORE UPDATE ON blacklist\n"
	"  WHEN OLD.lifted_at IS NOT NULL OR NEW.lifted_at IS NULL OR NEW.id IS NOT OLD.id\n"
	"    OR NEW.producer_id IS NOT OLD.producer_id OR NEW.reason_kind IS NOT OLD.reason_kind\n"
	"    OR NEW.detail IS NOT OLD.detail OR NEW.since IS NOT OLD.since\n"
	"    OR NEW.expires IS NOT OLD.expires OR NEW.rating_id IS NOT OLD.rating_id\n"
	"    OR NEW.added_at IS NOT OLD.added_at OR NEW.added_by IS NOT OLD.added_by\n"
	"  BEGIN SELECT RAISE(ABORT, 'a listing is only lifted, once'); END;\n"
	"INSERT INTO meta(key, value) VALUES ('registry_gen', 0);\n"
	"CREATE TRIGGER producers_gen_ins AFTER INSERT ON producers\n"
	"  BEGIN UPDATE meta SET value = value + 1 WHERE key = 'registry_gen'; END;\n"
	"CREATE TRIGGER producers_gen_upd AFTER UPDATE ON producers\n"
	"  BEGIN UPDATE meta SET value = value + 1 WHERE key = 'registry_gen'; END;\n"
	"CREATE TRIGGER blacklist_gen_ins AFTER INSERT ON blacklist\n"
	"  BEGIN UPDATE meta SET value = value + 1 WHERE key = 'registry_gen'; END;\n"
	"CREATE TRIGGER blacklist_gen_upd AFTER UPDATE ON blacklist\n"
	"  BEGIN UPDATE meta SET value = value + 1 WHERE key = 'registry_gen'; END;\n"
	"CREATE INDEX samples_by_producer_id ON samples(producer_id);\n"
	"CREATE INDEX samples_by_producer ON samples(producer);\n",

	/* 4: users and roles, the append-only audit trail, drafts of forms
	 * interrupted by a dropped link */
	"CREATE TABLE users (\n"
	"  login TEXT PRIMARY KEY " SAFE("login") ",\n"
	"  name TEXT NOT NULL " SAFE("name") ",\n"
	"  role TEXT NOT NULL CHECK (role IN ('staff','supervisor','admin')),\n"
	"  unit_id INTEGER REFERENCES units(id),\n"
	"  active INTEGER NOT NULL DEFAULT 1,\n"
	"  created_at TEXT NOT NULL,\n"
	"  created_by TEXT NOT NULL\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE audit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  login TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  entity TEXT NOT NULL,\n"
	"  before TEXT,\n"
	"  after TEXT\n"
	");\n"
	"CREATE INDEX audit_by_at ON audit(at);\n"
	"CREATE INDEX audit_by_login ON audit(login, at);\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
	"CREATE TABLE drafts (\n"
	"  login TEXT NOT NULL,\n"
	"  form TEXT NOT NULL,\n"
	"  saved_at TEXT NOT NULL,\n"
	"  data TEXT NOT NULL,\n"
	"  PRIMARY KEY (login, form)\n"
	") WITHOUT ROWID;\n",

	/* 5: the number a sample had in the program (or database) it was
	 * imported from, so that importing the same file again adds nothing
	 * (never stored empty; "<> ''" rather than IS NOT NULL so a copy made
	 * with the sqlite3 shell's .import, which turns NULL into '', works) */
	"ALTER TABLE samples ADD COLUMN ext_no TEXT " SAFE("ext_no") ";\n"
	"CREATE UNIQUE INDEX samples_by_ext_no ON samples(ext_no) WHERE ext_no <> '';\n",

	/* 6: the rules live in the database, not in a file a user can point
	 * the program at: the rule keys of the configuration (scope
	 * 'config') and the forms (scope 'form.sample' ...) as ini entries in
	 * file order, and the product list. Written by init and by the
	 * admin's `nongjian settings`, each change with an audit row. */
	"CREATE TABLE settings (\n"
	"  scope TEXT NOT NULL,\n"
	"  sec TEXT NOT NULL,\n"
	"  key TEXT NOT NULL,\n"
	"  value TEXT NOT NULL " SAFE("value") ",\n"
	"  ord INTEGER NOT NULL,\n"
	"  set_at TEXT NOT NULL,\n"
	"  set_by TEXT NOT NULL,\n"
	"  PRIMARY KEY (scope, sec, key)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE products (\n"
	"  name TEXT PRIMARY KEY " SAFE("name") ",\n"
	"  category TEXT NOT NULL " SAFE("category") ",\n"
	"  sort INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n",

	/* 7: history cannot be rewritten casually, even by whoever can open
	 * the file with the sqlite3 tool (against root nothing holds, and
	 * the file's owner can drop a trigger: see README, privilege
	 * separation). A sample changes only together with its correction
	 * rows for the new version, written first in the same transaction
	 * (nongjian correct / void), and never its number, unit, year or
	 * creation; a voided sample never changes again. A users row, a
	 * rating on a producer and a lifted listing must follow their own
	 * audit row, the last one written. */
	SAMPLES_CHANGE_NEEDS_HISTORY
	"CREATE TRIGGER users_no_delete BEFORE DELETE ON users\n"
	"  BEGIN SELECT RAISE(ABORT, 'users are disabled, never deleted'); END;\n"
	"CREATE TRIGGER users_add_audited BEFORE INSERT ON users\n"
	"  WHEN NOT EXISTS (SELECT 1 FROM audit a WHERE a.id = (SELECT max(id) FROM audit)"
	" AND a.action = 'user.add' AND a.entity = NEW.login)\n"
	"  BEGIN SELECT RAISE(ABORT, 'users are added only by nongjian user add'); END;\n"
	"CREATE TRIGGER users_change_audited BEFORE UPDATE ON users\n"
	"  WHEN NEW.login IS NOT OLD.login OR NOT EXISTS (SELECT 1 FROM audit a"
	" WHERE a.id = (SELECT max(id) FROM audit) AND a.action IN ('user.set', 'user.disable')"
	" AND a.entity = OLD.login)\n"
	"  BEGIN SELECT RAISE(ABORT, 'users change only by nongjian user set or disable'); END;\n"
	"CREATE TRIGGER producers_rating_needs_record BEFORE UPDATE ON producers\n"
	"  WHEN NEW.rating IS NOT OLD.rating AND NOT EXISTS (SELECT 1 FROM producer_ratings r"
	" WHERE r.id = (SELECT max(id) FROM producer_ratings) AND r.producer_id = OLD.id"
	" AND r.new_rating IS NEW.rating)\n"
	"  BEGIN SELECT RAISE(ABORT, 'a rating changes only with its rating record (nongjian rate)'); END;\n"
	"CREATE TRIGGER blacklist_lift_audited BEFORE UPDATE ON blacklist\n"
	"  WHEN NOT EXISTS (SELECT 1 FROM audit a WHERE a.id = (SELECT max(id) FROM audit)"
	" AND a.action = 'blacklist.lift' AND a.entity = '主体 ' || OLD.producer_id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'a listing is lifted only by nongjian blacklist lift'); END;\n",

	/* 8: the rules, like the history: a settings row is written only
	 * right after a settings audit row (nongjian init / settings). */
	"CREATE TRIGGER settings_add_audited BEFORE INSERT ON settings\n"
	"  WHEN coalesce((SELECT action FROM audit WHERE id = (SELECT max(id) FROM audit)), '')"
	" NOT IN ('settings.set', 'settings.load')\n"
	"  BEGIN SELECT RAISE(ABORT, 'rules change only by nongjian settings'); END;\n"
	"CREATE TRIGGER settings_change_audited BEFORE UPDATE ON settings\n"
	"  WHEN coalesce((SELECT action FROM audit WHERE id = (SELECT max(id) FROM audit)), '')"
	" NOT IN ('settings.set', 'settings.load')\n"
	"  BEGIN SELECT RAISE(ABORT, 'rules change only by nongjian settings'); END;\n"
	"CREATE TRIGGER settings_remove_audited BEFORE DELETE ON settings\n"
	"  WHEN coalesce((SELECT action FROM audit WHERE id = (SELECT max(id) FROM audit)), '')"
	" NOT IN ('settings.set', 'settings.load')\n"
	"  BEGIN SELECT RAISE(ABORT, 'rules change only by nongjian settings'); END;\n",

	/* 9: numbering only moves forward: a counter put back would make
	 * every later save of that unit and year collide with a stored
	 * number, for good (samples are never deleted). */
	"CREATE TRIGGER counters_forward_only BEFORE UPDATE ON counters\n"
	"  WHEN NEW.next_seq < OLD.next_seq OR NEW.unit_id IS NOT OLD.unit_id OR NEW.year IS NOT OLD.year\n"
	"  BEGIN SELECT RAISE(ABORT, 'sample numbering only moves forward'); END;\n"
	"CREATE TRIGGER counters_no_delete BEFORE DELETE ON counters\n"
	"  BEGIN SELECT RAISE(ABORT, 'sample numbering only moves forward'); END;\n",

	/* 10: the batch a sample was drawn from (样品批次), as written on the
	 * package, the certificate or the purchase slip: for tracing a
	 * failed sample back (sample_table.h, forms/sample.ini). */
	"ALTER TABLE samples ADD COLUMN batch_no TEXT " SAFE("batch_no") ";\n",

	/* 11: 检打联动. A follow-up case per failed (and, by the setting
	 * followup.open_on_warning, warning-band) sample, opened by these
	 * triggers in the transaction that saves, imports or corrects the
	 * sample, so no path can skip it. Its steps are kept like history:
	 * never deleted, only voided (with a reason) once; a case number is
	 * used by one live step. The follow-ups of schema 2 become steps. */
	"CREATE TABLE followup_cases (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sample_id INTEGER NOT NULL UNIQUE REFERENCES samples(id),\n"
	"  reason TEXT NOT NULL CHECK (reason IN ('fail','warn')),\n"
	"  opened_at TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE followup_steps (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES followup_cases(id),\n"
	"  step TEXT NOT NULL CHECK (step IN ('retest','confirm','result','dispose','case','police','close')),\n"
	"  step_date TEXT NOT NULL CHECK (step_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  result TEXT " SAFE("result") ",\n"
	"  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('pass','fail')),\n"
	"  lab TEXT " SAFE("lab") ",\n"
	"  ref_no TEXT " SAFE("ref_no") ",\n"
	"  action TEXT CHECK (action IS NULL OR action IN ('block','suspend','destroy','harmless','recall','rectify')),\n"
	"  quantity TEXT " SAFE("quantity") ",\n"
	"  case_no TEXT " SAFE("case_no") ",\n"
	"  note TEXT " SAFE("note") ",\n"
	"  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','void')),\n"
	"  void_reason TEXT " SAFE("void_reason") ",\n"
	"  voided_at TEXT,\n"
	"  voided_by TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  created_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX followup_steps_by_case ON followup_steps(case_id, id);\n"
	"CREATE UNIQUE INDEX followup_case_numbers ON followup_steps(case_no)"
	" WHERE status = 'valid' AND case_no IS NOT NULL;\n"
	"CREATE TRIGGER followup_steps_no_delete BEFORE DELETE ON followup_steps\n"
	"  BEGIN SELECT RAISE(ABORT, 'follow-up steps are voided, never deleted'); END;\n"
	"CREATE TRIGGER followup_steps_void_only BEFORE UPDATE ON followup_steps\n"
	"  WHEN OLD.status = 'void' OR NEW.status IS NOT 'void' OR NEW.void_reason IS NULL\n"
	"    OR NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id OR NEW.step IS NOT OLD.step\n"
	"    OR NEW.step_date IS NOT OLD.step_date OR NEW.result IS NOT OLD.result\n"
	"    OR NEW.outcome IS NOT OLD.outcome OR NEW.lab IS NOT OLD.lab\n"
	"    OR NEW.ref_no IS NOT OLD.ref_no OR NEW.action IS NOT OLD.action\n"
	"    OR NEW.quantity IS NOT OLD.quantity OR NEW.case_no IS NOT OLD.case_no\n"
	"    OR NEW.note IS NOT OLD.note OR NEW.created_at IS NOT OLD.created_at\n"
	"    OR NEW.created_by IS NOT OLD.created_by\n"
	"  BEGIN SELECT RAISE(ABORT, 'a follow-up step is only ever voided, once'); END;\n"
	"CREATE TRIGGER followup_cases_no_delete BEFORE DELETE ON followup_cases\n"
	"  BEGIN SELECT RAISE(ABORT, 'follow-up cases are never deleted'); END;\n"
	"CREATE TRIGGER followup_open_on_save AFTER INSERT ON samples\n"
	"  WHEN NEW.status = 'valid' AND (NEW.verdict = 'fail' OR NEW.flag_confirm = 1 AND"
	" lower(coalesce((SELECT value FROM settings WHERE scope = 'config' AND sec = 'followup'"
	" AND key = 'open_on_warning'), 'no')) IN ('yes', 'true', '1', 'on', '是'))\n"
	"  BEGIN INSERT INTO followup_cases(sample_id, reason, opened_at)"
	" VALUES (NEW.id, CASE WHEN NEW.verdict = 'fail' THEN 'fail' ELSE 'warn' END,"
	" strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')); END;\n"
	"CREATE TRIGGER followup_open_on_correct AFTER UPDATE OF verdict, flag_confirm ON samples\n"
	"  WHEN NEW.status = 'valid' AND (NEW.verdict = 'fail' OR NEW.flag_confirm = 1 AND"
	" lower(coalesce((SELECT value FROM settings WHERE scope = 'config' AND sec = 'followup'"
	" AND key = 'open_on_warning'), 'no')) IN ('yes', 'true', '1', 'on', '是'))\n"
	"  BEGIN INSERT OR IGNORE INTO followup_cases(sample_id, reason, opened_at)"
	" VALUES (NEW.id, CASE WHEN NEW.verdict = 'fail' THEN 'fail' ELSE 'warn' END,"
	" strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime'));"
	" UPDATE followup_cases SET reason = 'fail' WHERE sample_id = NEW.id AND NEW.verdict = 'fail'; END;\n"
	"CREATE TRIGGER followup_cases_keep BEFORE UPDATE ON followup_cases\n"
	"  WHEN NEW.id IS NOT OLD.id OR NEW.sample_id IS NOT OLD.sample_id\n"
	"    OR NEW.opened_at IS NOT OLD.opened_at OR NEW.reason IS NOT 'fail'\n"
	"  BEGIN SELECT RAISE(ABORT, 'a follow-up case only ever turns from warning to failed'); END;\n"
	"INSERT INTO followup_cases(sample_id, reason, opened_at)"
	" SELECT id, 'fail', created_at FROM samples WHERE verdict = 'fail' AND status = 'valid';\n"
	"INSERT INTO followup_steps(case_id, step, step_date, action, note, created_at, created_by)"
	" SELECT c.id, CASE f.action WHEN 'block' THEN 'dispose' WHEN 'closed' THEN 'close'"
	" ELSE f.action END, f.action_date, CASE f.action WHEN 'block' THEN 'block' END,"
	" f.note, f.created_at, f.created_by"
	" FROM followups f JOIN followup_cases c ON c.sample_id = f.sample_id ORDER BY f.id;\n",

	/* 12: the producer lookup on disk (store/search_index.h): n-gram keys
	 * of names, initials, codes and phones in an FTS5 table (contentless:
	 * the keys, not a second copy of the registry), and the queue the
	 * triggers fill in the writer's transaction; db_commit() turns the
	 * queue into keys before COMMIT. Every existing producer is queued
	 * here, so the commit of this migration builds the index. The
	 * registry's size is kept in meta (producers are never deleted), so
	 * no screen counts 500,000 rows to show it. */
	"CREATE VIRTUAL TABLE producer_search USING fts5(k, content='', detail=none, tokenize='ascii');\n"
	"CREATE TABLE producer_initials (\n" /* names by their first initials, in name order */
	"  ini TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  id INTEGER NOT NULL,\n"
	"  PRIMARY KEY (ini, name, id)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE producer_search_pending (\n"
	"  producer_id INTEGER PRIMARY KEY,\n"
	"  indexed INTEGER NOT NULL,\n" /* 1: the keys of the values below are in the index */
	"  name TEXT,\n"
	"  credit_code TEXT,\n"
	"  id_number TEXT,\n"
	"  phone TEXT\n"
	");\n"
	"CREATE TRIGGER producers_search_ins AFTER INSERT ON producers\n"
	"  BEGIN INSERT OR IGNORE INTO producer_search_pending(producer_id, indexed) VALUES (NEW.id, 0); END;\n"
	"CREATE TRIGGER producers_search_upd AFTER UPDATE OF id, name, credit_code, id_number, phone ON producers\n"
	"  WHEN NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.credit_code IS NOT OLD.credit_code\n"
	"    OR NEW.id_number IS NOT OLD.id_number OR NEW.phone IS NOT OLD.phone\n"
	"  BEGIN\n"
	"    INSERT OR IGNORE INTO producer_search_pending VALUES\n"
	"      (OLD.id, 1, OLD.name, OLD.credit_code, OLD.id_number, OLD.phone);\n"
	"    INSERT OR IGNORE INTO producer_search_pending(producer_id, indexed) VALUES (NEW.id, 0);\n"
	"  END;\n"
	"INSERT INTO producer_search_pending(producer_id, indexed) SELECT id, 0 FROM producers;\n"
	"INSERT INTO meta(key, value) SELECT 'producer_count', count(*) FROM producers;\n"
	"CREATE TRIGGER producers_count_ins AFTER INSERT ON producers\n"
	"  BEGIN UPDATE meta SET value = value + 1 WHERE key = 'producer_count'; END;\n",
	/* 13: quarterly inspections (巡查, the 铜梁 plan's 每季度全覆盖检查):
	 * one row per inspection of a registered producer, its checklist in
	 * eight slots named by forms/inspect.ini, a rectification order
	 * (整改) with a deadline and the re-check (回头看) that closes it.
	 * Kept like samples: corrected only together with history rows for
	 * the new version, voided with a reason, never deleted; producer,
	 * town and creation never change. */
	"CREATE TABLE inspections (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  producer_id INTEGER NOT NULL REFERENCES producers(id),\n"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  producer_name TEXT NOT NULL " SAFE("producer_name") ",\n"
	"  inspect_date TEXT NOT NULL CHECK (inspect_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  inspectors TEXT NOT NULL " SAFE("inspectors") ",\n"
	"  check1 TEXT CHECK (check1 IS NULL OR check1 IN ('pass','fail','na')),\n"
	"  check2 TEXT CHECK (check2 IS NULL OR check2 IN ('pass','fail','na')),\n"
	"  check3 TEXT CHECK (check3 IS NULL OR check3 IN ('pass','fail','na')),\n"
	"  check4 TEXT CHECK (check4 IS NULL OR check4 IN ('pass','fail','na')),\n"
	"  check5 TEXT CHECK (check5 IS NULL OR check5 IN ('pass','fail','na')),\n"
	"  check6 TEXT CHECK (check6 IS NULL OR check6 IN ('pass','fail','na')),\n"
	"  check7 TEXT CHECK (check7 IS NULL OR check7 IN ('pass','fail','na')),\n"
	"  check8 TEXT CHECK (check8 IS NULL OR check8 IN ('pass','fail','na')),\n"
	"  note1 TEXT " SAFE("note1") ",\n"
	"  note2 TEXT " SAFE("note2") ",\n"
	"  note3 TEXT " SAFE("note3") ",\n"
	"  note4 TEXT " SAFE("note4") ",\n"
	"  note5 TEXT " SAFE("note5") ",\n"
	"  note6 TEXT " SAFE("note6") ",\n"
	"  note7 TEXT " SAFE("note7") ",\n"
	"  note8 TEXT " SAFE("note8") ",\n"
	"  banned INTEGER NOT NULL DEFAULT 0 CHECK (banned IN (0,1)),\n"
	"  findings TEXT " SAFE("findings") ",\n"
	"  rectify TEXT " SAFE("rectify") ",\n"
	"  rectify_deadline TEXT CHECK (rectify_deadline IS NULL OR rectify_deadline GLOB"
	" '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  recheck_date TEXT CHECK (recheck_date IS NULL OR recheck_date GLOB"
	" '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  recheck_result TEXT CHECK (recheck_result IS NULL OR recheck_result IN ('done','not_done')),\n"
	"  recheck_note TEXT " SAFE("recheck_note") ",\n"
	"  remarks TEXT " SAFE("remarks") ",\n"
	RECORD_STATE_COLUMNS
	"  updated_by TEXT\n"
	");\n"
	"CREATE INDEX inspections_by_unit_date ON inspections(unit_id, inspect_date, status);\n"
	"CREATE INDEX inspections_by_producer ON inspections(producer_id, inspect_date);\n"
	HISTORY_TABLE("inspection", "inspections", "NOT NULL ")
	"CREATE TRIGGER inspections_no_delete BEFORE DELETE ON inspections\n"
	"  BEGIN SELECT RAISE(ABORT, 'inspections are voided, never deleted'); END;\n"
	"CREATE TRIGGER inspections_change_needs_history BEFORE UPDATE ON inspections\n"
	"  WHEN NEW.version IS NOT OLD.version + 1 OR OLD.status = 'void'\n"
	"    OR NOT EXISTS (SELECT 1 FROM inspection_changes c WHERE c.inspection_id = OLD.id"
	" AND c.version = NEW.version)\n"
	"    OR NEW.status IS NOT OLD.status AND NOT EXISTS (SELECT 1 FROM inspection_changes c"
	" WHERE c.inspection_id = OLD.id AND c.version = NEW.version AND c.field = 'status')\n"
	"    OR NEW.id IS NOT OLD.id OR NEW.producer_id IS NOT OLD.producer_id\n"
	"    OR NEW.unit_id IS NOT OLD.unit_id OR NEW.producer_name IS NOT OLD.producer_name\n"
	"    OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by\n"
	"  BEGIN SELECT RAISE(ABORT, 'an inspection changes only with its correction record"
	" (nongjian inspect correct, recheck or void)'); END;\n",

	/* 14: the testing unit apart from the place (issue 13). unit_id stays
	 * the 检测单位: the unit whose task the test counts toward, which
	 * numbered it. site_town is the 抽样地点, the 镇街 where the sample
	 * was taken. Until now one field was both, so a township's records
	 * were taken in that township: their place is their unit. What the
	 * centre recorded gives no place (left empty; a correction may add
	 * it). District kinds (例行监测/监督抽查/农业投入品) recorded under a
	 * township keep that township as their testing unit: the number they
	 * were given carries its name and counter and is legal evidence, so
	 * they are not moved to the centre's count (renumbering would be
	 * needed); their place is that township. The fill is not a
	 * correction, so the history guard is lifted for it and put back. */
	"ALTER TABLE samples ADD COLUMN site_town TEXT " SAFE("site_town") ";\n"
	"DROP TRIGGER samples_change_needs_history;\n"
	"UPDATE samples SET site_town = (SELECT name FROM units WHERE units.id = samples.unit_id)\n"
	"  WHERE (SELECT kind FROM units WHERE units.id = samples.unit_id) <> '检测中心';\n"
	SAMPLES_CHANGE_NEEDS_HISTORY
	"CREATE INDEX samples_by_site ON samples(site_town, year);\n",

	/* 15: 限用农药定点经营、实名购买 (ledger/sale.h). A 农资店 may be
	 * marked 定点经营 with its licence; the pesticide list (禁用 / 限用 /
	 * 常规, each row's note naming the announcement it comes from:
	 * 农业部公告第199号、第322号、第1586号, 限制使用农药名录 (2017) …, as collected in
	 * reference/pesticides.csv) lives in the database; a sale is kept
	 * like a sample: corrected only with its history rows for the new
	 * version, voided (with a reason) never deleted, its shop, town and
	 * creation never changed. */
	"ALTER TABLE producers ADD COLUMN designated INTEGER NOT NULL DEFAULT 0 CHECK (designated IN (0,1));\n"
	"ALTER TABLE producers ADD COLUMN licence_no TEXT " SAFE("licence_no") ";\n"
	"ALTER TABLE producers ADD COLUMN licence_date TEXT"
	" CHECK (licence_date IS NULL OR licence_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');\n"
	"CREATE TABLE pesticides (\n"
	"  name TEXT PRIMARY KEY " SAFE("name") ",\n"
	"  class TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('banned','restricted','general')),\n"
	"  note TEXT NOT NULL,\n"
	"  confirmed TEXT NOT NULL,\n"
	"  sort INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO pesticides(name, class, status, note, confirmed, sort) VALUES\n"
	" ('六六六','有机氯杀虫剂','banned','禁用；第199号公告国家明令禁止','yes',1),\n"
	" ('滴滴涕','有机氯杀虫剂','banned','禁用；第199号','yes',2),\n"
	" ('毒杀芬','有机氯杀虫剂','banned','禁用；第199号','yes',3),\n"
	" ('二溴氯丙烷','卤代烃熏蒸剂','banned','禁用；第199号','yes',4),\n"
	" ('杀虫脒','甲脒类杀虫剂','banned','禁用；第199号','yes',5),\n"
	" ('二溴乙烷','卤代烃熏蒸剂','banned','禁用；第199号','yes',6),\n"
	" ('除草醚','二苯醚类除草剂','banned','禁用；第199号','yes',7),\n"
	" ('艾氏剂','有机氯杀虫剂','banned','禁用；第199号','yes',8),\n"
	" ('狄氏剂','有机氯杀虫剂','banned','禁用；第199号','yes',9),\n"
	" ('汞制剂','汞制剂','banned','禁用；第199号','yes',10),\n"
	" ('砷类','砷制剂','banned','禁用；第199号(原文''砷、铅类'')','yes',11),\n"
	" ('铅类','铅制剂','banned','禁用；第199号(原文''砷、铅类'')','yes',12),\n"
	" ('敌枯双','杀菌剂','banned','禁用；第199号','yes',13),\n"
	" ('氟乙酰胺','杀鼠剂','banned','禁用；第199号','yes',14),\n"
	" ('甘氟','杀鼠剂','banned','禁用；第199号','yes',15),\n"
	" ('毒鼠强','杀鼠剂','banned','禁用；第199号','yes',16),\n"
	" ('氟乙酸钠','杀鼠剂','banned','禁用；第199号','yes',17),\n"
	" ('毒鼠硅','杀鼠剂','banned','禁用；第199号','yes',18),\n"
	" ('甲胺磷','有机磷杀虫剂','banned','禁用；第322号公告全面禁止','yes',19),\n"
	" ('甲基对硫磷','有机磷杀虫剂','banned','禁用；第322号','yes',20),\n"
	" ('对硫磷','有机磷杀虫剂','banned','禁用；第322号','yes',21),\n"
	" ('久效磷','有机磷杀虫剂','banned','禁用；第322号','yes',22),\n"
	" ('磷胺','有机磷杀虫剂','banned','禁用；第322号','yes',23),\n"
	" ('苯线磷','有机磷杀线虫剂','banned','禁用；第1586号','yes',24),\n"
	" ('地虫硫磷','有机磷杀虫剂','banned','禁用；第1586号','yes',25),\n"
	" ('甲基硫环磷','有机磷杀虫剂','banned','禁用；第1586号','yes',26),\n"
	" ('磷化钙','无机磷化物','banned','禁用；第1586号','yes',27),\n"
	" ('磷化镁','无机磷化物','banned','禁用；第1586号','yes',28),\n"
	" ('磷化锌','无机磷化物(杀鼠剂)','banned','禁用；第1586号','yes',29),\n"
	" ('硫线磷','有机磷杀线虫剂','banned','禁用；第1586号','yes',30),\n"
	" ('蝇毒磷','有机磷杀虫剂','banned','禁用；第1586号','yes',31),\n"
	" ('治螟磷','有机磷杀虫剂','banned','禁用；第1586号','yes',32),\n"
	" ('特丁硫磷','有机磷杀虫剂','banned','禁用；第1586号','yes',33),\n"
	" ('氯磺隆','磺酰脲类除草剂','banned','禁用；见P4汇总','yes',34),\n"
	" ('胺苯磺隆','磺酰脲类除草剂','banned','禁用；单剂禁用；复配制剂自2017-07-01禁止在国内销售和使用','yes',35),\n"
	" ('甲磺隆','磺酰脲类除草剂','banned','禁用；单剂禁用；复配制剂自2017-07-01禁止在国内销售和使用','yes',36),\n"
	" ('福美胂','有机砷杀菌剂','banned','禁用；见P4汇总','yes',37),\n"
	" ('福美甲胂','有机砷杀菌剂','banned','禁用；见P4汇总','yes',38),\n"
	" ('三氯杀螨醇','有机氯杀螨剂','banned','禁用；自2018-10-01全面禁止销售、使用','yes',39),\n"
	" ('百草枯','联吡啶类除草剂','banned','禁用；水剂自2016-07-01停止国内销售和使用；不再批准境内使用登记','yes',40),\n"
	" ('溴甲烷','卤代烃熏蒸剂','banned','禁用；自2019-01-01禁止在农业生产上使用(2017版限用名录亦列入)','yes',41),\n"
	" ('硫丹','有机氯杀虫剂','banned','禁用；自2019-01-01禁止在农业生产上使用(2017版限用名录亦列入)','yes',42),\n"
	" ('2,4-滴丁酯','苯氧羧酸类除草剂','banned','禁用(日期未确认)；P5仅证实停止受理/批准境内登记；全面禁用日期(常见说法2023-01-29)本次未找到原文','partial',43),\n"
	" ('林丹','有机氯杀虫剂','banned','禁用(未确认)；常见于2019版禁限用农药名录，本次未找到原文','no',44),\n"
	" ('氟虫胺','磺酰胺类杀虫剂','banned','禁用(未确认)；常见于2019版禁限用农药名录，本次未找到原文','no',45),\n"
	" ('杀扑磷','有机磷杀虫剂','banned','禁用(未确认)；常见于2019版禁限用农药名录，本次未找到原文','no',46),\n"
	" ('甲拌磷','有机磷杀虫剂','banned','禁用；原限用(蔬菜果树茶叶中草药材；2018-10-01起甘蔗)；2024-09-01起禁止销售和使用(第536号)','yes',47),\n"
	" ('甲基异柳磷','有机磷杀虫剂','banned','禁用；同上，第536号；2024-09-01起禁止销售和使用','yes',48),\n"
	" ('水胺硫磷','有机磷杀虫剂','banned','禁用；原限用(柑橘树)；第536号2024-09-01起禁止销售和使用','yes',49),\n"
	" ('灭线磷','有机磷杀线虫剂','banned','禁用；原限用(蔬菜果树茶叶中草药材)；第536号2024-09-01起禁止销售和使用','yes',50),\n"
	" ('克百威','氨基甲酸酯杀虫剂','restricted','限用；禁止在蔬菜、果树、茶叶、中草药材上使用(第199号)；2018-10-01起禁止在甘蔗上使用','yes',51),\n"
	" ('涕灭威','氨基甲酸酯杀虫剂','restricted','限用；禁止在蔬菜、果树、茶叶、中草药材上使用(第199号)','yes',52),\n"
	" ('内吸磷','有机磷杀虫剂','restricted','限用；禁止在蔬菜、果树、茶叶、中草药材上使用(第199号)','yes',53),\n"
	" ('硫环磷','有机磷杀虫剂','restricted','限用；禁止在蔬菜、果树、茶叶、中草药材上使用(第199号)','yes',54),\n"
	" ('氯唑磷','有机磷杀虫剂','restricted','限用；禁止在蔬菜、果树、茶叶、中草药材上使用(第199号)','yes',55),\n"
	" ('氧乐果','有机磷杀虫剂','restricted','限用；禁止在甘蓝(第194号)和柑橘树(第1586号)上使用；更宽范围(蔬菜瓜果茶叶菌类中草药材)本次未确认','partial',56),\n"
	" ('灭多威','氨基甲酸酯杀虫剂','restricted','限用；禁止在柑橘树、苹果树、茶树、十字花科蔬菜上使用(第1586号)；更宽范围本次未确认','partial',57),\n"
	" ('氰戊菊酯','拟除虫菊酯杀虫剂','restricted','限用；禁止在茶树上使用(第199号)','yes',58),\n"
	" ('丁酰肼','植物生长调节剂','restricted','限用；禁止在花生上使用(第274号)','yes',59),\n"
	" ('氟虫腈','苯基吡唑类杀虫剂','restricted','限用；除卫生用、玉米等部分旱田种子包衣剂外禁止使用(第1157号)','yes',60),\n"
	" ('氟苯虫酰胺','双酰胺类杀虫剂','restricted','限用；2018-10-01起禁止在水稻上使用','yes',61),\n"
	" ('毒死蜱','有机磷杀虫剂','restricted','限用；列入2017版限制使用农药名录；''禁止在蔬菜上使用''(第2032号)本次未找到原文','partial',62),\n"
	" ('三唑磷','有机磷杀虫剂','restricted','限用(未确认)；常见说法：禁止在蔬菜上使用(第2032号)；本次未找到原文','no',63),\n"
	" ('乙酰甲胺磷','有机磷杀虫剂','restricted','限用(未确认)；常见说法：禁止在蔬菜、瓜果、茶叶、菌类、中草药材上使用(第2552号)；本次未找到原文','no',64),\n"
	" ('乐果','有机磷杀虫剂','restricted','限用；列入2017版限制使用农药名录(P8补充来源)；具体禁用范围本次未确认','partial',65),\n"
	" ('丁硫克百威','氨基甲酸酯杀虫剂','restricted','限用；列入2017版限制使用农药名录(第23项)；具体禁用范围本次未确认','partial',66),\n"
	" ('磷化铝','无机磷化物熏蒸剂','restricted','限用；2017版限用名录第4项(定点经营)；2018-10-01起须内外双层包装','yes',67),\n"
	" ('氯化苦','熏蒸剂','restricted','限用；2017版限用名录第6项(定点经营)','yes',68),\n"
	" ('C型肉毒梭菌毒素','杀鼠剂','restricted','限用；2017版限用名录第15项','yes',69),\n"
	" ('D型肉毒梭菌毒素','杀鼠剂','restricted','限用；2017版限用名录第16项','yes',70),\n"
	" ('氟鼠灵','杀鼠剂','restricted','限用；2017版限用名录第17项','yes',71),\n"
	" ('敌鼠钠盐','杀鼠剂','restricted','限用；2017版限用名录第18项','yes',72),\n"
	" ('杀鼠灵','杀鼠剂','restricted','限用；2017版限用名录第19项','yes',73),\n"
	" ('杀鼠醚','杀鼠剂','restricted','限用；2017版限用名录第20项','yes',74),\n"
	" ('溴敌隆','杀鼠剂','restricted','限用；2017版限用名录第21项','yes',75),\n"
	" ('溴鼠灵','杀鼠剂','restricted','限用；2017版限用名录第22项','yes',76),\n"
	" ('敌敌畏','有机磷杀虫剂','general','常规(未见于所列禁限用名单)；速测常见目标','yes',77),\n"
	" ('敌百虫','有机磷杀虫剂','general','常规(未见于所列禁限用名单)；速测常见目标','yes',78),\n"
	" ('丙溴磷','有机磷杀虫剂','general','常规(未见于所列禁限用名单)；速测常见目标','yes',79),\n"
	" ('辛硫磷','有机磷杀虫剂','general','常规(未见于所列禁限用名单)；速测常见目标','yes',80),\n"
	" ('甲萘威','氨基甲酸酯杀虫剂','general','常规(未见于所列禁限用名单)；速测常见目标','yes',81),\n"
	" ('马拉硫磷','有机磷杀虫剂','general','常规(未见于所列禁限用名单)；速测评估对象','yes',82),\n"
	" ('倍硫磷','有机磷杀虫剂','general','常规(未见于所列禁限用名单)；速测评估对象','yes',83);\n"
	"CREATE TABLE sales (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  shop_id INTEGER NOT NULL REFERENCES producers(id),\n"
	"  shop TEXT NOT NULL " SAFE("shop") ",\n"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  sale_date TEXT NOT NULL CHECK (sale_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  buyer TEXT NOT NULL CHECK (buyer <> '') " SAFE("buyer") ",\n"
	"  id_number TEXT CHECK (id_number IS NULL OR length(id_number) = 18),\n"
	"  credit_code TEXT CHECK (credit_code IS NULL OR length(credit_code) = 18),\n"
	"  phone TEXT " SAFE("phone") ",\n"
	"  village TEXT " SAFE("village") ",\n"
	"  pesticide TEXT NOT NULL REFERENCES pesticides(name),\n"
	"  reg_no TEXT " SAFE("reg_no") ",\n"
	"  quantity REAL NOT NULL CHECK (quantity > 0),\n"
	"  qty_unit TEXT NOT NULL " SAFE("qty_unit") ",\n"
	"  crop TEXT " SAFE("crop") ",\n"
	"  area REAL CHECK (area IS NULL OR area > 0),\n"
	"  note TEXT " SAFE("note") ",\n"
	"  buyer_producer_id INTEGER REFERENCES producers(id),\n"
	RECORD_STATE_COLUMNS
	"  updated_by TEXT,\n"
	"  CHECK (id_number IS NOT NULL OR credit_code IS NOT NULL)\n"
	");\n"
	"CREATE INDEX sales_by_unit_date ON sales(unit_id, sale_date);\n"
	"CREATE INDEX sales_by_shop ON sales(shop_id, sale_date);\n"
	"CREATE INDEX sales_by_id_number ON sales(id_number);\n"
	"CREATE INDEX sales_by_credit_code ON sales(credit_code);\n"
	"CREATE INDEX sales_by_pesticide ON sales(pesticide, sale_date);\n"
	"CREATE INDEX sales_by_buyer_producer ON sales(buyer_producer_id);\n"
	HISTORY_TABLE("sale", "sales", "NOT NULL ")
	"CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales\n"
	"  BEGIN SELECT RAISE(ABORT, 'sales are voided, never deleted'); END;\n"
	"CREATE TRIGGER sales_change_needs_history BEFORE UPDATE ON sales\n"
	"  WHEN NEW.version IS NOT OLD.version + 1 OR OLD.status = 'void'\n"
	"    OR NOT EXISTS (SELECT 1 FROM sale_changes c WHERE c.sale_id = OLD.id AND c.version = NEW.version)\n"
	"    OR NEW.status IS NOT OLD.status AND NOT EXISTS (SELECT 1 FROM sale_changes c"
	" WHERE c.sale_id = OLD.id AND c.version = NEW.version AND c.field = 'status')\n"
	"    OR NEW.id IS NOT OLD.id OR NEW.shop_id IS NOT OLD.shop_id OR NEW.unit_id IS NOT OLD.unit_id\n"
	"    OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by\n"
	"  BEGIN SELECT RAISE(ABORT, 'a sale changes only with its correction record"
	" (nongjian sale correct or void)'); END;\n",

	/* 16: counts of valid samples per unit × kind × verdict by month and
	 * by day (store/sample_counts.h), kept by triggers in the same
	 * transaction as every insert, correction, void and follow-up step,
	 * so that no screen walks the year's samples to count them. */
	"CREATE TABLE sample_month_counts (\n"
	"  year INTEGER NOT NULL, month TEXT NOT NULL, unit_id INTEGER NOT NULL, kind TEXT NOT NULL,\n"
	"  verdict TEXT NOT NULL, n INTEGER NOT NULL, open INTEGER NOT NULL,\n"
	"  PRIMARY KEY (year, month, unit_id, kind, verdict)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE sample_day_counts (\n"
	"  sample_date TEXT NOT NULL, year INTEGER NOT NULL, unit_id INTEGER NOT NULL, kind TEXT NOT NULL,\n"
	"  verdict TEXT NOT NULL, n INTEGER NOT NULL, open INTEGER NOT NULL,\n"
	"  PRIMARY KEY (sample_date, year, unit_id, kind, verdict)\n"
	") WITHOUT ROWID;\n"
	/* by product category and by stage, per month (the drill-down and
	 * the bulletin's views) */
	"CREATE TABLE sample_month_parts (\n"
	"  year INTEGER NOT NULL, month TEXT NOT NULL, unit_id INTEGER NOT NULL, kind TEXT NOT NULL,\n"
	"  part TEXT NOT NULL, label TEXT NOT NULL, verdict TEXT NOT NULL, n INTEGER NOT NULL,\n"
	"  PRIMARY KEY (year, month, part, kind, unit_id, label, verdict)\n"
	") WITHOUT ROWID;\n"
	SC_FILL_SQL
	"CREATE TRIGGER samples_counts_ins AFTER INSERT ON samples WHEN NEW.status = 'valid'\n"
	"BEGIN\n" SC_ADD("NEW.", "1") "END;\n"
	"CREATE TRIGGER samples_counts_upd AFTER UPDATE OF status, verdict, sample_date, unit_id, kind, year, id,"
	" category, stage ON samples\n"
	"  WHEN NEW.status IS NOT OLD.status OR NEW.verdict IS NOT OLD.verdict\n"
	"    OR NEW.sample_date IS NOT OLD.sample_date OR NEW.unit_id IS NOT OLD.unit_id\n"
	"    OR NEW.kind IS NOT OLD.kind OR NEW.year IS NOT OLD.year OR NEW.id IS NOT OLD.id\n"
	"    OR NEW.category IS NOT OLD.category OR NEW.stage IS NOT OLD.stage\n"
	"BEGIN\n" SC_ADD("OLD.", "-1") SC_ADD("NEW.", "1") "END;\n"
	/* A step that handles a case (处置, 结案, 确证合格) takes its sample
	 * out of the open counts; a 送检确证 after a 确证合格, or a void,
	 * may put it back. */
	"CREATE TRIGGER followup_steps_counts_ins AFTER INSERT ON followup_steps\n"
	SC_OPEN_MOVE(SC_LIVE_BEFORE_INSERT)
	"CREATE TRIGGER followup_steps_counts_upd AFTER UPDATE OF status ON followup_steps\n"
	SC_OPEN_MOVE(SC_LIVE_BEFORE_UPDATE),

	/* 17: what one user entered on one day (the main menu's 你今天录入,
	 * samplelist_count_entered) is found by this index, not by walking
	 * every sample. */
	"CREATE INDEX samples_by_entry ON samples(created_by, created_at);\n",

	/* 18: rapid-test runs (按通道录入): which run and channel of an enzyme
	 * reader each record came from, a row per record hanging off it (so
	 * an offline bundle carries it with the record, transfer/bundle.h).
	 * A run is named by its first record's number; what is written once
	 * for the run (its channels, time, instrument, the control channel's
	 * ΔA0 of GB/T 5009.199, the instrument file) is on that first row
	 * only. Evidence like the records: never changed or deleted. */
	"CREATE TABLE sample_runs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sample_id INTEGER NOT NULL UNIQUE REFERENCES samples(id),\n"
	"  run_ref TEXT NOT NULL " SAFE("run_ref") ",\n"
	"  channel INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 48),\n"
	"  channels INTEGER CHECK (channels IS NULL OR channels BETWEEN 1 AND 48),\n"
	"  run_time TEXT CHECK (run_time IS NULL OR run_time GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
	"  instrument TEXT " SAFE("instrument") ",\n"
	"  control_da0 REAL CHECK (control_da0 IS NULL OR control_da0 > 0),\n"
	"  source TEXT " SAFE("source") ",\n"
	"  UNIQUE (run_ref, channel)\n"
	");\n"
	"CREATE TRIGGER sample_runs_keep_upd BEFORE UPDATE ON sample_runs\n"
	"  BEGIN SELECT RAISE(ABORT, 'runs are evidence: never changed'); END;\n"
	"CREATE TRIGGER sample_runs_keep_del BEFORE DELETE ON sample_runs\n"
	"  BEGIN SELECT RAISE(ABORT, 'runs are evidence: never deleted'); END;\n",
	/* 19: several items per quantitative sample (issue 13). limits and
	 * banned are rules, loaded by settings load from the files in conf/
	 * (limits.csv: GB 2762 …; banned.csv: the 禁用 pesticides). A
	 * sample's items are what the lab reported, one row per item for each
	 * version of the record (a correction adds the new version's rows, the
	 * old stay as evidence): the value as typed and parsed, 未检出 with
	 * its detection limit, the limit used and where it came from, the
	 * verdict. items_text is the list as entered (项目=…), kept in the
	 * record's history like every field. */
	"CREATE TABLE limits (\n"
	"  product TEXT NOT NULL " SAFE("product") ",\n"
	"  item TEXT NOT NULL " SAFE("item") ",\n"
	"  limit_text TEXT NOT NULL " SAFE("limit_text") ",\n"
	"  unit TEXT NOT NULL CHECK (unit IN ('mg/kg','μg/kg')),\n"
	"  standard TEXT NOT NULL " SAFE("standard") ",\n"
	"  sort INTEGER NOT NULL,\n"
	"  PRIMARY KEY (product, item)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE banned (\n"
	"  name TEXT PRIMARY KEY " SAFE("name") ",\n"
	"  source TEXT NOT NULL " SAFE("source") ",\n"
	"  sort INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n"
	"ALTER TABLE samples ADD COLUMN items_text TEXT " SAFE("items_text") ";\n"
	"CREATE TABLE sample_items (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sample_id INTEGER NOT NULL REFERENCES samples(id),\n"
	"  version INTEGER NOT NULL,\n"
	"  ord INTEGER NOT NULL,\n"
	"  item TEXT NOT NULL " SAFE("item") ",\n"
	"  value_text TEXT " SAFE("value_text") ",\n"
	"  value REAL,\n"
	"  not_detected INTEGER NOT NULL CHECK (not_detected IN (0,1)),\n"
	"  lod_text TEXT " SAFE("lod_text") ",\n"
	"  unit TEXT NOT NULL " SAFE("unit") ",\n"
	"  limit_text TEXT " SAFE("limit_text") ",\n"
	"  limit_unit TEXT " SAFE("limit_unit") ",\n"
	"  limit_from TEXT NOT NULL CHECK (limit_from IN ('table','typed','none')),\n"
	"  standard TEXT " SAFE("standard") ",\n"
	"  banned INTEGER NOT NULL CHECK (banned IN (0,1)),\n"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),\n"
	"  reason TEXT " SAFE("reason") ",\n"
	"  UNIQUE (sample_id, version, ord)\n"
	");\n"
	"CREATE TRIGGER sample_items_no_update BEFORE UPDATE ON sample_items\n"
	"  BEGIN SELECT RAISE(ABORT, 'a reported item is evidence: a correction adds the new version'); END;\n"
	"CREATE TRIGGER sample_items_no_delete BEFORE DELETE ON sample_items\n"
	"  BEGIN SELECT RAISE(ABORT, 'a reported item is evidence: a correction adds the new version'); END;\n",
	/* 20: 食用农产品合格证 issued, as monthly counts per producer entered
	 * by the town (the 铜梁 plan: usage rate of the producers in the trial
	 * list, goal 100 %). Append-only: a month entered again is a new row,
	 * the latest counts. */
	"CREATE TABLE certificate_counts (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  producer_id INTEGER NOT NULL REFERENCES producers(id),\n"
	"  month TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),\n"
	"  count INTEGER NOT NULL CHECK (count >= 0),\n"
	"  entered_at TEXT NOT NULL,\n"
	"  entered_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX certificate_counts_by_producer ON certificate_counts(producer_id, month, id);\n"
	"CREATE TRIGGER certificate_counts_no_update BEFORE UPDATE ON certificate_counts\n"
	"  BEGIN SELECT RAISE(ABORT, 'certificate counts are entered again, never changed'); END;\n"
	"CREATE TRIGGER certificate_counts_no_delete BEFORE DELETE ON certificate_counts\n"
	"  BEGIN SELECT RAISE(ABORT, 'certificate counts are entered again, never changed'); END;\n",
	/* 21: coverage of the registry (巡查覆盖, 一年一检, 合格证 and 追溯) as
	 * maintained marks and counts (store/coverage_counts.h), so that the
	 * bulletin does not walk every producer. */
	cv_migration_sql,
	/* 22: the year of each follow-up case (store/sample_counts.h): the
	 * bulletin's 检打联动 sections read a year's cases, not all of them. */
	"CREATE TABLE followup_years (\n"
	"  year INTEGER NOT NULL, sample_id INTEGER NOT NULL, PRIMARY KEY (year, sample_id)\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO followup_years " SC_RECOUNT_FOLLOWUP_YEARS ";\n"
	"CREATE TRIGGER followup_cases_year AFTER INSERT ON followup_cases\n"
	"  BEGIN INSERT OR IGNORE INTO followup_years SELECT year, id FROM samples WHERE id = NEW.sample_id; END;\n"
	/* (a bundle from an offline PC brings a case before its sample) */
	"CREATE TRIGGER samples_followup_year AFTER INSERT ON samples\n"
	"  BEGIN INSERT OR IGNORE INTO followup_years SELECT NEW.year, sample_id FROM followup_cases"
	" WHERE sample_id = NEW.id; END;\n",
	/* 23: the 合格证 trial list and 追溯 enrolment with their dates (and
	 * the 追溯码: the 铜梁 plan's 合格证+追溯码), and the day a producer
	 * entered the authorities' registry (登记日期: paper inspections
	 * predate the program). A producer already flagged joined on the day
	 * it was entered here: the flags are kept and get that date. */
	"ALTER TABLE producers ADD COLUMN certificate_date TEXT"
	" CHECK (certificate_date IS NULL OR certificate_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');\n"
	"ALTER TABLE producers ADD COLUMN trace_date TEXT"
	" CHECK (trace_date IS NULL OR trace_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');\n"
	"ALTER TABLE producers ADD COLUMN trace_code TEXT " SAFE("trace_code") ";\n"
	"ALTER TABLE producers ADD COLUMN registered_on TEXT"
	" CHECK (registered_on IS NULL OR registered_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');\n"
	"UPDATE producers SET certificate_date = substr(created_at, 1, 10) WHERE certificate = 1;\n"
	"UPDATE producers SET trace_date = substr(created_at, 1, 10) WHERE traceability = 1;\n",
	/* 24: the enrolments counted per unit and month (store/enrol_counts.h),
	 * as the other coverage figures are. */
	enrol_migration_sql,
	/* 25: 农业品牌 certifications with their dates (inspect/brand.h): 两品一标
	 * (绿色食品, 有机农产品, 农产品地理标志; the 铜梁 plan: 20 new a year),
	 * 名特优新农产品 and 良好农业规范. Kept like evidence: never changed nor
	 * deleted, an entry made in error voided once with its reason. */
	"CREATE TABLE producer_brands (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  producer_id INTEGER NOT NULL REFERENCES producers(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('绿色食品','有机农产品','农产品地理标志','名特优新农产品','良好农业规范')),\n"
	"  product TEXT " SAFE("product") ",\n"
	"  cert_no TEXT " SAFE("cert_no") ",\n"
	"  granted TEXT NOT NULL CHECK (granted GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  expires TEXT CHECK (expires IS NULL OR expires GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"
	" AND expires >= granted),\n"
	"  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','void')),\n"
	"  void_reason TEXT " SAFE("void_reason") ",\n"
	"  entered_at TEXT NOT NULL,\n"
	"  entered_by TEXT NOT NULL,\n"
	"  voided_at TEXT,\n"
	"  voided_by TEXT,\n"
	"  CHECK ((status = 'void') = (void_reason IS NOT NULL AND voided_at IS NOT NULL))\n"
	");\n"
	"CREATE INDEX producer_brands_by_producer ON producer_brands(producer_id, granted);\n"
	"CREATE INDEX producer_brands_by_granted ON producer_brands(granted, status);\n"
	"CREATE TRIGGER producer_brands_no_delete BEFORE DELETE ON producer_brands\n"
	"  BEGIN SELECT RAISE(ABORT, 'certifications are kept, never deleted'); END;\n"
	"CREATE TRIGGER producer_brands_void_once BEFORE UPDATE ON producer_brands\n"
	"  WHEN OLD.status = 'void' OR NEW.status <> 'void' OR NEW.id IS NOT OLD.id\n"
	"    OR NEW.producer_id IS NOT OLD.producer_id OR NEW.kind IS NOT OLD.kind OR NEW.product IS NOT OLD.product\n"
	"    OR NEW.cert_no IS NOT OLD.cert_no OR NEW.granted IS NOT OLD.granted OR NEW.expires IS NOT OLD.expires\n"
	"    OR NEW.entered_at IS NOT OLD.entered_at OR NEW.entered_by IS NOT OLD.entered_by\n"
	"  BEGIN SELECT RAISE(ABORT, 'a certification is only voided, once'); END;\n",
	/* 26: the method of a qualitative test (issue 13): 酶抑制法 (the
	 * inhibition, as before) or 胶体金 test strips (阴性/阳性 for a named
	 * item). Earlier rapid tests were all enzyme tests: they are filled
	 * in as 酶抑制法. The fill is not a correction, so the history guard
	 * is lifted for it and put back (as in 14). */
	"ALTER TABLE samples ADD COLUMN method TEXT CHECK (method IS NULL OR method IN ('酶抑制法','胶体金'));\n"
	"ALTER TABLE samples ADD COLUMN strip_item TEXT " SAFE("strip_item") ";\n"
	"ALTER TABLE samples ADD COLUMN strip_result TEXT CHECK (strip_result IS NULL OR strip_result IN ('阴性','阳性'));\n"
	"DROP TRIGGER samples_change_needs_history;\n"
	"UPDATE samples SET method = '酶抑制法' WHERE kind = 'rapid' AND inhibition IS NOT NULL;\n"
	SAMPLES_CHANGE_NEEDS_HISTORY,
	/* 27, 28: coverage's registry (巡查覆盖, 一年一检, 合格证 and 追溯)
	 * counts a producer from its 登记日期 when given, not from the day it
	 * was typed in here: the producer triggers made again, the counts
	 * recounted. */
	cv_registered_sql,
	enrol_registered_sql,
	/* 29: the state of each failed follow-up case (store/followup_states.h):
	 * the 处置率 of a year is summed from its rows, not judged case by
	 * case from every step. */
	FST_MIGRATION_SQL,
	/* 30: those rows as one view, the triggers of 29 made again from it
	 * (the same rows, a fifth of the schema text). */
	FST_VIEW_SQL,
};

const int schema_migration_count = (int)(sizeof schema_migrations / sizeof *schema_migrations);
