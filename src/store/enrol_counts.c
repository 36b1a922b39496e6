#include "store/enrol_counts.h"

#include "store/coverage_counts.h"
#include "store/db.h"

/* A column's month, '0000-00' when it is empty. */
#define MONTH_OF(col) "coalesce(substr(" col ", 1, 7), '0000-00')"

/* start, in these macros: the month of the registry's day is reg_month
 * (CV_START; CV_ENTRY for migration 24, written before 登记日期). */
#define EN_RECOUNT_KIND(kind, flag, date, start)                                                   \
	"SELECT unit_id, " kind ", " MONTH_OF(date) ", substr(" start("") ", 1, 7), count(*) FROM producers" \
	" WHERE " flag " = 1 GROUP BY 1, 2, 3, 4"
#define EN_RECOUNT_AS(start)                                                                       \
	EN_RECOUNT_KIND(EN_TRACED, "traceability", "trace_date", start) " UNION ALL "                   \
	EN_RECOUNT_KIND(EN_TRIAL, "certificate", "certificate_date", start)
#define EN_RECOUNT EN_RECOUNT_AS(CV_START)

/* Add sign for producer r (NEW. or OLD.) when its flag is set. */
#define EN_ROW(r, sign, kind, flag, date, start)                                                   \
	"  INSERT INTO producer_enrol_months SELECT " r "unit_id, " kind ", " MONTH_OF(r date) ","        \
	" substr(" start(r) ", 1, 7), " sign " WHERE " r flag " = 1\n"                                  \
	"    ON CONFLICT DO UPDATE SET n = n + excluded.n;\n"
#define EN_ROWS(r, sign, start)                                                                    \
	EN_ROW(r, sign, EN_TRACED, "traceability", "trace_date", start)                                \
	EN_ROW(r, sign, EN_TRIAL, "certificate", "certificate_date", start)
/* The triggers; cols: the columns start is made of. */
#define EN_TRIGGERS(start, cols)                                                                   \
	"CREATE TRIGGER producers_enrol_ins AFTER INSERT ON producers\n"                               \
	"BEGIN\n" EN_ROWS("NEW.", "1", start) "END;\n"                                                 \
	"CREATE TRIGGER producers_enrol_upd AFTER UPDATE OF unit_id, " cols ", traceability, trace_date," \
	" certificate, certificate_date ON producers\n"                                               \
	"  WHEN NEW.unit_id IS NOT OLD.unit_id OR " start("NEW.") " IS NOT " start("OLD.") "\n"         \
	"    OR NEW.traceability IS NOT OLD.traceability OR NEW.trace_date IS NOT OLD.trace_date\n"     \
	"    OR NEW.certificate IS NOT OLD.certificate OR NEW.certificate_date IS NOT OLD.certificate_date\n" \
	"BEGIN\n" EN_ROWS("OLD.", "-1", start) EN_ROWS("NEW.", "1", start) "END;\n"

const char enrol_migration_sql[] =
	"CREATE TABLE producer_enrol_months (\n"
	"  unit_id INTEGER NOT NULL, kind INTEGER NOT NULL, month TEXT NOT NULL, reg_month TEXT NOT NULL,\n"
	"  n INTEGER NOT NULL,\n"
	"  PRIMARY KEY (unit_id, kind, month, reg_month)\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO producer_enrol_months " EN_RECOUNT_AS(CV_ENTRY) ";\n"
	EN_TRIGGERS(CV_ENTRY, "created_at");

const char enrol_registered_sql[] =
	"DROP TRIGGER producers_enrol_ins; DROP TRIGGER producers_enrol_upd;\n"
	"DELETE FROM producer_enrol_months; INSERT INTO producer_enrol_months " EN_RECOUNT ";\n"
	EN_TRIGGERS(CV_START, "created_at, registered_on");

bool enrol_counts_verify(db_conn *db, long *differ, char *err, size_t errlen)
{
	static const char *const checks[] = {
		"SELECT count(*) FROM (SELECT * FROM (" EN_RECOUNT ") EXCEPT SELECT * FROM producer_enrol_months"
		" WHERE n <> 0 UNION ALL SELECT * FROM (SELECT * FROM producer_enrol_months WHERE n <> 0"
		" EXCEPT SELECT * FROM (" EN_RECOUNT ")))",
	};
	return db_sum_counts(db, checks, 1, differ, "核对追溯与合格证试行统计失败", err, errlen);
}

bool enrol_counts_rebuild(db_conn *db, char *err, size_t errlen)
{
	return db_rebuild_tx(db, "DELETE FROM producer_enrol_months; INSERT INTO producer_enrol_months " EN_RECOUNT ";",
	                     "重建追溯与合格证试行统计失败", err, errlen);
}
