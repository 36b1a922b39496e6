#include "store/schema.h"

/* Text that reaches other users' terminals must not carry control
 * characters or bidi/invisible format characters: the program refuses them
 * at input and import, and these CHECKs are the last line of defence for
 * anything written with other tools. GLOB ranges compare code points. */
#define SAFE(col)                                                          \
	"CHECK (" col " IS NULL OR " col " NOT GLOB ('*[' || char(1) || '-' || "   \
	"char(31) || char(127) || '-' || char(159) || char(8203) || '-' || "       \
	"char(8207) || char(8234) || '-' || char(8238) || char(8288) || '-' || "   \
	"char(8303) || char(65279) || ']*'))"

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
	"  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','void')),\n"
	"  void_reason TEXT " SAFE("void_reason") ",\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created_at TEXT NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT,\n"
	"  UNIQUE (unit_id, year, seq)\n"
	");\n"
	"CREATE INDEX samples_by_date ON samples(sample_date, id);\n"
	"CREATE INDEX samples_by_unit_year ON samples(unit_id, year, kind, status);\n"
	"CREATE TABLE sample_changes (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sample_id INTEGER NOT NULL REFERENCES samples(id),\n"
	"  version INTEGER NOT NULL,\n"
	"  changed_at TEXT NOT NULL,\n"
	"  changed_by TEXT NOT NULL,\n"
	"  reason TEXT NOT NULL " SAFE("reason") ",\n"
	"  field TEXT NOT NULL,\n"
	"  old_value TEXT,\n"
	"  new_value TEXT\n"
	");\n"
	"CREATE INDEX sample_changes_by_sample ON sample_changes(sample_id, version);\n"
	"CREATE TRIGGER sample_changes_no_update BEFORE UPDATE ON sample_changes\n"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"
	"CREATE TRIGGER sample_changes_no_delete BEFORE DELETE ON sample_changes\n"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"
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
	"CREATE TABLE producer_changes (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  producer_id INTEGER NOT NULL REFERENCES producers(id),\n"
	"  version INTEGER NOT NULL,\n"
	"  changed_at TEXT NOT NULL,\n"
	"  changed_by TEXT NOT NULL,\n"
	"  reason TEXT " SAFE("reason") ",\n"
	"  field TEXT NOT NULL,\n"
	"  old_value TEXT,\n"
	"  new_value TEXT\n"
	");\n"
	"CREATE INDEX producer_changes_by_producer ON producer_changes(producer_id, version);\n"
	"CREATE TRIGGER producer_changes_no_update BEFORE UPDATE ON producer_changes\n"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"
	"CREATE TRIGGER producer_changes_no_delete BEFORE DELETE ON producer_changes\n"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;\n"
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
	"CREATE TRIGGER samples_change_needs_history BEFORE UPDATE ON samples\n"
	"  WHEN NEW.version IS NOT OLD.version + 1 OR OLD.status = 'void'\n"
	"    OR NOT EXISTS (SELECT 1 FROM sample_changes c WHERE c.sample_id = OLD.id"
	" AND c.version = NEW.version)\n"
	"    OR (NEW.verdict IS NOT OLD.verdict OR NEW.flag_confirm IS NOT OLD.flag_confirm)"
	" AND NOT EXISTS (SELECT 1 FROM sample_changes c WHERE c.sample_id = OLD.id"
	" AND c.version = NEW.version AND c.field = 'verdict')\n"
	"    OR NEW.status IS NOT OLD.status AND NOT EXISTS (SELECT 1 FROM sample_changes c"
	" WHERE c.sample_id = OLD.id AND c.version = NEW.version AND c.field = 'status')\n"
	"    OR NEW.id IS NOT OLD.id OR NEW.sample_no IS NOT OLD.sample_no\n"
	"    OR NEW.unit_id IS NOT OLD.unit_id OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq\n"
	"    OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by\n"
	"  BEGIN SELECT RAISE(ABORT, 'a sample changes only with its correction record"
	" (nongjian correct or void)'); END;\n"
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
};

const int schema_migration_count = (int)(sizeof schema_migrations / sizeof *schema_migrations);
