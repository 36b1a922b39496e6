/* The state of every follow-up case (检打联动) that the 处置率 counts,
 * kept as one row per case so that the bulletin's and `followup tally`'s
 * figures are an aggregate of a year's rows, not a load of every case
 * with its steps judged in C.
 *
 * followup_states holds the failed (not the warning-band) cases of valid
 * samples: the sample's year, unit and date; closed_on, the date of the
 * last live 结案 (NULL: not closed); and for a case still open (not
 * closed, not disposed of, not overturned by a 确证合格) what it waits for
 * and the day that deadline runs from:
 *   'retest'  a rapid case with no live step (复检 and 确证 both run from
 *             the sampling date: the earlier of the two deadlines counts);
 *   'confirm' a rapid case with steps but no settled confirmation;
 *   'dispose' a quantitative case (from the sampling date) or a rapid one
 *             whose confirmation came back (from that result's date).
 * wait_from is NULL when that day is not a date (no deadline, as
 * followup_evaluate() then sets none). The deadlines' lengths are
 * settings, so they are applied when counting, not stored.
 *
 * This is followup_evaluate() (sample/followup.c) in SQL; the unit test
 * test_counts compares the two after random changes. Triggers keep the
 * rows in the same transaction as every change of a case, its steps or
 * its sample (whoever makes it); `nongjian check` recounts them
 * (sample_counts_verify) and --repair rebuilds them. */
#ifndef NJ_FOLLOWUP_STATES_H
#define NJ_FOLLOWUP_STATES_H

/* The live steps of case c.id of one step kind (alias f). */
#define FST_STEPS(kind)                                                                              \
	" FROM followup_steps f WHERE f.case_id = c.id AND f.status = 'valid'" kind

/* A valid date, as date_parse() takes one: YYYY-MM-DD of a real day,
 * year 1900 or later. */
#define FST_DATE(d) "(CASE WHEN date(julianday(" d ")) IS " d " AND " d " >= '1900' THEN " d " END)"

/* The rows of the cases that match where (on followup_cases c, samples
 * s), as (case_id, year, unit_id, sample_date, closed_on, wait_for,
 * wait_from). handled: disposed of or overturned; waiting: a 送检确证 sent
 * after the last 确证结果 (or with none). */
#define FST_ROWS(where)                                                                              \
	"SELECT id, year, unit_id, sample_date, closed_on,"                                              \
	" CASE WHEN closed_on IS NOT NULL OR handled THEN NULL WHEN NOT rapid THEN 'dispose'"            \
	"  WHEN NOT any_step THEN 'retest' WHEN res_id IS NULL OR waiting THEN 'confirm' ELSE 'dispose' END,"  \
	" CASE WHEN closed_on IS NOT NULL OR handled THEN NULL"                                           \
	"  WHEN rapid AND res_id IS NOT NULL AND NOT waiting THEN " FST_DATE("res_date")                    \
	"  ELSE " FST_DATE("sample_date") " END"                                                          \
	" FROM (SELECT *, disposed OR (res_id IS NOT NULL AND NOT waiting AND res_pass) AS handled"      \
	"  FROM (SELECT *, coalesce(sent_id > coalesce(res_id, 0), 0) AS waiting,"                       \
	"   (SELECT step_date FROM followup_steps WHERE id = res_id) AS res_date,"                          \
	"   coalesce((SELECT outcome = 'pass' FROM followup_steps WHERE id = res_id), 0) AS res_pass"        \
	"   FROM (SELECT c.id, s.year, s.unit_id, s.sample_date, s.kind IS 'rapid' AS rapid,"              \
	"    (SELECT f.step_date" FST_STEPS(" AND f.step = 'close' ORDER BY f.id DESC LIMIT 1") ") AS closed_on," \
	"    EXISTS (SELECT 1" FST_STEPS(" AND f.step = 'dispose'") ") AS disposed,"                          \
	"    EXISTS (SELECT 1" FST_STEPS("") ") AS any_step,"                                               \
	"    (SELECT max(f.id)" FST_STEPS(" AND f.step = 'result'") ") AS res_id,"                          \
	"    (SELECT max(f.id)" FST_STEPS(" AND f.step = 'confirm'") ") AS sent_id"                          \
	"    FROM followup_cases c JOIN samples s ON s.id = c.sample_id"                                    \
	"    WHERE (" where ") AND c.reason = 'fail' AND s.status = 'valid')))"

/* Make the rows of the cases matching where (on followup_cases c) again. */
#define FST_REFRESH(where)                                                                           \
	"  DELETE FROM followup_states WHERE case_id IN (SELECT c.id FROM followup_cases c WHERE " where ");\n" \
	"  INSERT INTO followup_states " FST_ROWS(where) ";\n"

/* The migration: the table, its rows for the cases there are, and the
 * triggers. A sample's insert already has a trigger for the case that a
 * bundle brought before its sample (followup_years): it is made again
 * with the row of that case (unless the case's own trigger made it). */
#define FST_MIGRATION_SQL                                                                            \
	"CREATE TABLE followup_states (\n"                                                               \
	"  case_id INTEGER PRIMARY KEY, year INTEGER, unit_id INTEGER, sample_date TEXT,\n"              \
	"  closed_on TEXT, wait_for TEXT, wait_from TEXT\n"                                               \
	");\n"                                                                                            \
	"CREATE INDEX followup_states_by_year ON followup_states(year, unit_id, sample_date, closed_on,"  \
	" wait_for, wait_from);\n"                                                                        \
	"INSERT INTO followup_states " FST_ROWS("1") ";\n"                                               \
	"CREATE TRIGGER followup_states_case_ins AFTER INSERT ON followup_cases\n"                       \
	"BEGIN\n" FST_REFRESH("c.id = NEW.id") "END;\n"                                                   \
	"CREATE TRIGGER followup_states_case_upd AFTER UPDATE OF reason ON followup_cases\n"             \
	"BEGIN\n" FST_REFRESH("c.id = NEW.id") "END;\n"                                                   \
	"CREATE TRIGGER followup_states_step_ins AFTER INSERT ON followup_steps\n"                       \
	"BEGIN\n" FST_REFRESH("c.id = NEW.case_id") "END;\n"                                              \
	"CREATE TRIGGER followup_states_step_upd AFTER UPDATE OF status ON followup_steps\n"             \
	"BEGIN\n" FST_REFRESH("c.id = NEW.case_id") "END;\n"                                              \
	"CREATE TRIGGER followup_states_sample_upd AFTER UPDATE OF status, unit_id, sample_date, kind ON samples\n" \
	"  WHEN NEW.status IS NOT OLD.status OR NEW.unit_id IS NOT OLD.unit_id\n"                        \
	"    OR NEW.sample_date IS NOT OLD.sample_date OR NEW.kind IS NOT OLD.kind\n"                    \
	"BEGIN\n" FST_REFRESH("c.sample_id = NEW.id") "END;\n"                                            \
	"DROP TRIGGER samples_followup_year;\n"                                                           \
	"CREATE TRIGGER samples_followup_year AFTER INSERT ON samples\n"                                 \
	"  BEGIN INSERT OR IGNORE INTO followup_years SELECT NEW.year, sample_id FROM followup_cases"    \
	" WHERE sample_id = NEW.id;\n"                                                                    \
	"  INSERT INTO followup_states " FST_ROWS("c.sample_id = NEW.id AND NOT EXISTS (SELECT 1 FROM"   \
	" followup_states x WHERE x.case_id = c.id)") "; END;\n"

/* Migration 30: the rows as a view, written once, instead of a copy of
 * FST_ROWS in each of six triggers (the schema SQLite parses at every
 * start was 12 KB longer; a view's WHERE on case_id is pushed down to
 * the one case). The triggers of 29 made again from it. */
#define FST_OF(c_id)                                                                                 \
	"  DELETE FROM followup_states WHERE case_id = " c_id ";\n"                                       \
	"  INSERT INTO followup_states SELECT * FROM followup_state_rows WHERE case_id = " c_id ";\n"
#define FST_OF_SAMPLE "(SELECT id FROM followup_cases WHERE sample_id = NEW.id)"
#define FST_VIEW_SQL                                                                                 \
	"DROP TRIGGER followup_states_case_ins;\nDROP TRIGGER followup_states_case_upd;\n"               \
	"DROP TRIGGER followup_states_step_ins;\nDROP TRIGGER followup_states_step_upd;\n"               \
	"DROP TRIGGER followup_states_sample_upd;\nDROP TRIGGER samples_followup_year;\n"                \
	"CREATE VIEW followup_state_rows(case_id, year, unit_id, sample_date, closed_on, wait_for, wait_from)" \
	" AS " FST_ROWS("1") ";\n"                                                                        \
	"CREATE TRIGGER followup_states_case_ins AFTER INSERT ON followup_cases\n"                       \
	"BEGIN\n" FST_OF("NEW.id") "END;\n"                                                               \
	"CREATE TRIGGER followup_states_case_upd AFTER UPDATE OF reason ON followup_cases\n"             \
	"BEGIN\n" FST_OF("NEW.id") "END;\n"                                                               \
	"CREATE TRIGGER followup_states_step_ins AFTER INSERT ON followup_steps\n"                       \
	"BEGIN\n" FST_OF("NEW.case_id") "END;\n"                                                          \
	"CREATE TRIGGER followup_states_step_upd AFTER UPDATE OF status ON followup_steps\n"             \
	"BEGIN\n" FST_OF("NEW.case_id") "END;\n"                                                          \
	"CREATE TRIGGER followup_states_sample_upd AFTER UPDATE OF status, unit_id, sample_date, kind ON samples\n" \
	"  WHEN NEW.status IS NOT OLD.status OR NEW.unit_id IS NOT OLD.unit_id\n"                        \
	"    OR NEW.sample_date IS NOT OLD.sample_date OR NEW.kind IS NOT OLD.kind\n"                    \
	"BEGIN\n" FST_OF(FST_OF_SAMPLE) "END;\n"                                                          \
	"CREATE TRIGGER samples_followup_year AFTER INSERT ON samples\n"                                 \
	"  BEGIN INSERT OR IGNORE INTO followup_years SELECT NEW.year, sample_id FROM followup_cases"    \
	" WHERE sample_id = NEW.id;\n"                                                                    \
	"  INSERT INTO followup_states SELECT * FROM followup_state_rows WHERE case_id = " FST_OF_SAMPLE  \
	" AND NOT EXISTS (SELECT 1 FROM followup_states x WHERE x.case_id = " FST_OF_SAMPLE "); END;\n"

/* check: how many rows differ from a recount (both ways); repair: the
 * rows made again. */
#define FST_DIFF_SQL                                                                                 \
	"SELECT count(*) FROM (SELECT * FROM followup_state_rows EXCEPT SELECT * FROM followup_states"     \
	" UNION ALL SELECT * FROM (SELECT * FROM followup_states EXCEPT SELECT * FROM followup_state_rows))"
#define FST_REBUILD_SQL "DELETE FROM followup_states;\nINSERT INTO followup_states SELECT * FROM followup_state_rows;\n"

#endif
