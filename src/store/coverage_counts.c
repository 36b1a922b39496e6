#include "store/coverage_counts.h"

#include "store/db.h"

/* Add sign (1 or -1) for mark row m (NEW. or OLD.) to coverage_counts,
 * under its producer's unit and registration as they are now. start, in
 * these macros: the registry day (CV_START, or CV_ENTRY for migration 21). */
#define CV_COUNT_MARK(m, sign, start)                                                              \
	"  INSERT INTO coverage_counts SELECT " m "year, " m "duty, p.unit_id, " m "first, "            \
	CV_LATE(start("p."), m "year", m "duty") ", " sign " FROM producers p WHERE p.id = "           \
	m "producer_id\n    ON CONFLICT DO UPDATE SET n = n + excluded.n;\n"
/* Move a producer's marks from its old unit and registration (r OLD.)
 * or to its new ones (NEW.), when either changed. */
#define CV_MOVE_MARKS(r, sign, start)                                                              \
	"  INSERT INTO coverage_counts SELECT m.year, m.duty, " r "unit_id, m.first, "                  \
	CV_LATE(start(r), "m.year", "m.duty") ", " sign " FROM producer_marks m"                       \
	" WHERE m.producer_id = " r "id AND (NEW.unit_id IS NOT OLD.unit_id"                           \
	" OR " start("NEW.") " IS NOT " start("OLD.") ")\n    ON CONFLICT DO UPDATE SET n = n + excluded.n;\n"
#define CV_MOVE_CERTS(r, sign)                                                                     \
	"  INSERT INTO cert_unit_months SELECT " r "unit_id, c.month, " sign " * c.count"               \
	" FROM certificate_counts c WHERE c.producer_id = " r "id AND NEW.unit_id IS NOT OLD.unit_id"  \
	" AND " CV_LATEST("c") "\n    ON CONFLICT DO UPDATE SET total = total + excluded.total;\n"
#define CV_UNIT_MONTH(r, sign, start)                                                              \
	"  INSERT INTO producer_unit_months VALUES (" r "unit_id, substr(" start(r) ", 1, 7), "          \
	sign ", " sign " * " r "traceability)\n"                                                        \
	"    ON CONFLICT DO UPDATE SET n = n + excluded.n, traced = traced + excluded.traced;\n"
/* Producer NEW's sampled marks from its samples (by id or by name);
 * cond: when to. */
#define CV_MARK_PRODUCER_SAMPLES(cond)                                                             \
	"  INSERT INTO producer_marks SELECT NEW.id, " CV_YEAR("s.sample_date") ", " CV_SAMPLED ","   \
	" min(s.sample_date) FROM samples s WHERE s.status = 'valid' AND " CV_SAMPLE_OF("s.", "NEW.") " AND " cond        \
	" GROUP BY 2;\n"
/* The mark of the quarter of inspection r (OLD. or NEW.), recounted. */
#define CV_REMARK_INSPECTION(r)                                                                    \
	"  DELETE FROM producer_marks WHERE producer_id = " r "producer_id AND year = "                 \
	CV_YEAR(r "inspect_date") " AND duty = " CV_QDUTY(r "inspect_date") ";\n"                       \
	"  INSERT INTO producer_marks SELECT " r "producer_id, " CV_YEAR(r "inspect_date") ", "         \
	CV_QDUTY(r "inspect_date") ", min(i.inspect_date) FROM inspections i WHERE i.producer_id = "    \
	r "producer_id AND i.status = 'valid' AND i.inspect_date BETWEEN substr(" r "inspect_date, 1, 4)" \
	" AND substr(" r "inspect_date, 1, 4) || '-99' AND " CV_QDUTY("i.inspect_date") " = "          \
	CV_QDUTY(r "inspect_date") " GROUP BY " CV_QDUTY("i.inspect_date") ";\n"
/* The sampled marks of the year of sample r for the producers it is
 * about, recounted. */
#define CV_REMARK_SAMPLE(r)                                                                        \
	"  DELETE FROM producer_marks WHERE duty = " CV_SAMPLED " AND year = " CV_YEAR(r "sample_date")             \
	" AND producer_id IN (SELECT p.id FROM producers p WHERE " CV_SAMPLE_OF(r, "p.") ");\n"          \
	"  INSERT INTO producer_marks SELECT p.id, " CV_YEAR(r "sample_date") ", " CV_SAMPLED ","    \
	" min(s.sample_date) FROM producers p JOIN samples s ON " CV_SAMPLE_OF("s.", "p.") " WHERE " CV_SAMPLE_OF(r, "p.") \
	" AND s.status = 'valid' AND s.sample_date BETWEEN substr(" r "sample_date, 1, 4)"             \
	" AND substr(" r "sample_date, 1, 4) || '-99' GROUP BY p.id;\n"

#define CV_TABLES                                                                                  \
	"CREATE TABLE producer_marks (\n"                                                              \
	"  producer_id INTEGER NOT NULL, year INTEGER NOT NULL, duty INTEGER NOT NULL, first TEXT NOT NULL,\n" \
	"  PRIMARY KEY (producer_id, year, duty)\n"                                                    \
	") WITHOUT ROWID;\n"                                                                           \
	"CREATE TABLE coverage_counts (\n"                                                             \
	"  year INTEGER NOT NULL, duty INTEGER NOT NULL, unit_id INTEGER NOT NULL, first TEXT NOT NULL,\n" \
	"  late INTEGER NOT NULL, n INTEGER NOT NULL,\n"                                               \
	"  PRIMARY KEY (year, duty, unit_id, first, late)\n"                                           \
	") WITHOUT ROWID;\n"                                                                           \
	"CREATE TABLE producer_unit_months (\n"                                                        \
	"  unit_id INTEGER NOT NULL, month TEXT NOT NULL, n INTEGER NOT NULL, traced INTEGER NOT NULL,\n" \
	"  PRIMARY KEY (unit_id, month)\n"                                                             \
	") WITHOUT ROWID;\n"                                                                           \
	"CREATE TABLE cert_unit_months (\n"                                                            \
	"  unit_id INTEGER NOT NULL, month TEXT NOT NULL, total INTEGER NOT NULL,\n"                   \
	"  PRIMARY KEY (unit_id, month)\n"                                                             \
	") WITHOUT ROWID;\n"

/* The triggers that read a producer's registry day (start), and the
 * columns it is made of (cols): migration 27 makes them again. */
#define CV_PRODUCER_TRIGGERS(start, cols)                                                          \
	"CREATE TRIGGER producer_marks_ins AFTER INSERT ON producer_marks\n"                            \
	"BEGIN\n" CV_COUNT_MARK("NEW.", "1", start) "END;\n"                                           \
	"CREATE TRIGGER producer_marks_del AFTER DELETE ON producer_marks\n"                            \
	"BEGIN\n" CV_COUNT_MARK("OLD.", "-1", start) "END;\n"                                          \
	"CREATE TRIGGER producer_marks_upd AFTER UPDATE ON producer_marks\n"                            \
	"BEGIN\n" CV_COUNT_MARK("OLD.", "-1", start) CV_COUNT_MARK("NEW.", "1", start) "END;\n"        \
	"CREATE TRIGGER producers_cover_ins AFTER INSERT ON producers\n"                               \
	"BEGIN\n" CV_UNIT_MONTH("NEW.", "1", start) CV_MARK_PRODUCER_SAMPLES("1") "END;\n"             \
	/* A move, a registration date, 追溯 or a new name. The counts move    \
	 * first, so that the sampled marks a new name changes are taken out   \
	 * of and put into the producer's unit as it is now. */                \
	"CREATE TRIGGER producers_cover_upd AFTER UPDATE OF unit_id, " cols ", traceability, name"     \
	" ON producers\n"                                                                              \
	"  WHEN NEW.unit_id IS NOT OLD.unit_id OR " start("NEW.") " IS NOT " start("OLD.") "\n"         \
	"    OR NEW.traceability IS NOT OLD.traceability OR NEW.name IS NOT OLD.name\n"                 \
	"BEGIN\n" CV_UNIT_MONTH("OLD.", "-1", start) CV_UNIT_MONTH("NEW.", "1", start)                 \
	CV_MOVE_MARKS("OLD.", "-1", start) CV_MOVE_MARKS("NEW.", "1", start)                           \
	CV_MOVE_CERTS("OLD.", "-1") CV_MOVE_CERTS("NEW.", "1")                                         \
	"  DELETE FROM producer_marks WHERE producer_id = NEW.id AND duty = " CV_SAMPLED " AND NEW.name IS NOT OLD.name;\n" \
	CV_MARK_PRODUCER_SAMPLES("NEW.name IS NOT OLD.name") "END;\n"

#define CV_TRIGGERS                                                                                \
	CV_PRODUCER_TRIGGERS(CV_ENTRY, "created_at")                                                   \
	"CREATE TRIGGER inspections_cover_ins AFTER INSERT ON inspections WHEN NEW.status = 'valid'\n" \
	"BEGIN\n  INSERT INTO producer_marks VALUES (NEW.producer_id, " CV_YEAR("NEW.inspect_date") ", " \
	CV_QDUTY("NEW.inspect_date") ", NEW.inspect_date)\n"                                          \
	"    ON CONFLICT DO UPDATE SET first = excluded.first WHERE excluded.first < first;\nEND;\n"   \
	"CREATE TRIGGER inspections_cover_upd AFTER UPDATE OF status, inspect_date, producer_id ON inspections\n" \
	"  WHEN NEW.status IS NOT OLD.status OR NEW.inspect_date IS NOT OLD.inspect_date\n"            \
	"    OR NEW.producer_id IS NOT OLD.producer_id\n"                                             \
	"BEGIN\n" CV_REMARK_INSPECTION("OLD.") CV_REMARK_INSPECTION("NEW.") "END;\n"                   \
	"CREATE TRIGGER samples_cover_ins AFTER INSERT ON samples WHEN NEW.status = 'valid'\n"         \
	"BEGIN\n  INSERT INTO producer_marks SELECT p.id, " CV_YEAR("NEW.sample_date") ", " CV_SAMPLED ", NEW.sample_date" \
	" FROM producers p WHERE " CV_SAMPLE_OF("NEW.", "p.") "\n"                                     \
	"    ON CONFLICT DO UPDATE SET first = excluded.first WHERE excluded.first < first;\nEND;\n"   \
	"CREATE TRIGGER samples_cover_upd AFTER UPDATE OF status, sample_date, producer_id, producer ON samples\n" \
	"  WHEN NEW.status IS NOT OLD.status OR NEW.sample_date IS NOT OLD.sample_date\n"              \
	"    OR NEW.producer_id IS NOT OLD.producer_id OR NEW.producer IS NOT OLD.producer\n"          \
	"BEGIN\n" CV_REMARK_SAMPLE("OLD.") CV_REMARK_SAMPLE("NEW.") "END;\n"                           \
	/* A month entered again replaces the producer's count of it. */       \
	"CREATE TRIGGER certificate_counts_cover_ins AFTER INSERT ON certificate_counts\n"             \
	"BEGIN\n  INSERT INTO cert_unit_months SELECT p.unit_id, NEW.month, NEW.count - coalesce((SELECT"  \
	" c.count FROM certificate_counts c WHERE c.producer_id = NEW.producer_id AND c.month = NEW.month" \
	" AND c.id < NEW.id ORDER BY c.id DESC LIMIT 1), 0) FROM producers p WHERE p.id = NEW.producer_id" \
	" AND NOT EXISTS (SELECT 1 FROM certificate_counts c WHERE c.producer_id = NEW.producer_id"      \
	" AND c.month = NEW.month AND c.id > NEW.id)\n"                                                \
	"    ON CONFLICT DO UPDATE SET total = total + excluded.total;\n"                              \
	"  DELETE FROM producer_marks WHERE producer_id = NEW.producer_id AND year = "                 \
	CV_YEAR("NEW.month") " AND duty = " CV_ISSUING ";\n"                                                        \
	"  INSERT INTO producer_marks SELECT NEW.producer_id, " CV_YEAR("NEW.month") ", " CV_ISSUING ","            \
	" min(c.month) || '-01' FROM certificate_counts c WHERE c.producer_id = NEW.producer_id"       \
	" AND c.month BETWEEN substr(NEW.month, 1, 4) AND substr(NEW.month, 1, 4) || '-99'"            \
	" AND c.count > 0 AND " CV_LATEST("c") " GROUP BY " CV_YEAR("c.month") ";\nEND;\n"

#define CV_FILL_MARKS "INSERT INTO producer_marks " CV_RECOUNT_MARKS ";\n"

const char cv_migration_sql[] =
	CV_TABLES CV_FILL_MARKS
	"INSERT INTO coverage_counts " CV_RECOUNT_COUNTS_AS(CV_ENTRY) ";\n"
	CV_FILL_SUMS_AS(CV_ENTRY) CV_TRIGGERS
	/* The rectifications still open: what 整改未完成 counts, however many
	 * inspections were closed before. */
	"CREATE INDEX inspections_open_rectify ON inspections(unit_id, inspect_date, rectify_deadline)"
	" WHERE status = 'valid' AND rectify IS NOT NULL AND coalesce(recheck_result, '') <> 'done';\n";

const char cv_registered_sql[] =
	"DROP TRIGGER producer_marks_ins; DROP TRIGGER producer_marks_del; DROP TRIGGER producer_marks_upd;\n"
	"DROP TRIGGER producers_cover_ins; DROP TRIGGER producers_cover_upd;\n"
	"DELETE FROM coverage_counts; INSERT INTO coverage_counts " CV_RECOUNT_COUNTS ";\n"
	"DELETE FROM producer_unit_months; INSERT INTO producer_unit_months " CV_RECOUNT_UNIT_MONTHS ";\n"
	CV_PRODUCER_TRIGGERS(CV_START, "created_at, registered_on");

/* A recount compared with the table's rows both ways (a row of 0 is
 * what a void or a move leaves behind, and equals no row). */
#define CV_DIFF(rows, recount)                                                                     \
	"SELECT count(*) FROM (SELECT * FROM (" recount ") EXCEPT SELECT * FROM (" rows ")"           \
	" UNION ALL SELECT * FROM (SELECT * FROM (" rows ") EXCEPT SELECT * FROM (" recount ")))"

bool coverage_counts_verify(db_conn *db, long *differ, char *err, size_t errlen)
{
	static const char *const checks[] = {
		CV_DIFF("SELECT * FROM producer_marks", CV_RECOUNT_MARKS),
		CV_DIFF("SELECT * FROM coverage_counts WHERE n <> 0", CV_RECOUNT_COUNTS),
		CV_DIFF("SELECT * FROM producer_unit_months WHERE n <> 0 OR traced <> 0", CV_RECOUNT_UNIT_MONTHS),
		CV_DIFF("SELECT * FROM cert_unit_months WHERE total <> 0", CV_RECOUNT_CERT_MONTHS),
	};
	return db_sum_counts(db, checks, sizeof checks / sizeof *checks, differ, "核对覆盖统计表失败", err, errlen);
}

bool coverage_counts_rebuild(db_conn *db, char *err, size_t errlen)
{
	/* The marks' triggers count them again as they are put back. */
	return db_rebuild_tx(db, "DELETE FROM producer_marks; DELETE FROM coverage_counts;"
	                     " DELETE FROM producer_unit_months; DELETE FROM cert_unit_months;\n" CV_FILL_SUMS_AS(CV_START)
	                     CV_FILL_MARKS, "重建覆盖统计表失败", err, errlen);
}
