#include "store/enrol_counts.h"

#include "store/db.h"

/* A column's month, '0000-00' when it is empty. */
#define MONTH_OF(col) "coalesce(substr(" col ", 1, 7), '0000-00')"

#define EN_RECOUNT_KIND(kind, flag, date)                                                          \
	"SELECT unit_id, " kind ", " MONTH_OF(date) ", substr(created_at, 1, 7), count(*) FROM producers" \
	" WHERE " flag " = 1 GROUP BY 1, 2, 3, 4"
#define EN_RECOUNT                                                                                 \
	EN_RECOUNT_KIND(EN_TRACED, "traceability", "trace_date") " UNION ALL "                          \
	EN_RECOUNT_KIND(EN_TRIAL, "certificate", "certificate_date")

/* Add sign for producer r (NEW. or OLD.) when its flag is set. */
#define EN_ROW(r, sign, kind, flag, date)                                                          \
	"  INSERT INTO producer_enrol_months SELECT " r "unit_id, " kind ", " MONTH_OF(r date) ","        \
	" substr(" r "created_at, 1, 7), " sign " WHERE " r flag " = 1\n"                                \
	"    ON CONFLICT DO UPDATE SET n = n + excluded.n;\n"
#define EN_ROWS(r, sign)                                                                           \
	EN_ROW(r, sign, EN_TRACED, "traceability", "trace_date") EN_ROW(r, sign, EN_TRIAL, "certificate", "certificate_date")

const char enrol_migration_sql[] =
	"CREATE TABLE producer_enrol_months (\n"
	"  unit_id INTEGER NOT NULL, kind INTEGER NOT NULL, month TEXT NOT NULL, reg_month TEXT NOT NULL,\n"
	"  n INTEGER NOT NULL,\n"
	"  PRIMARY KEY (unit_id, kind, month, reg_month)\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO producer_enrol_months " EN_RECOUNT ";\n"
	"CREATE TRIGGER producers_enrol_ins AFTER INSERT ON producers\n"
	"BEGIN\n" EN_ROWS("NEW.", "1") "END;\n"
	"CREATE TRIGGER producers_enrol_upd AFTER UPDATE OF unit_id, created_at, traceability, trace_date, certificate,"
	" certificate_date ON producers\n"
	"  WHEN NEW.unit_id IS NOT OLD.unit_id OR NEW.created_at IS NOT OLD.created_at\n"
	"    OR NEW.traceability IS NOT OLD.traceability OR NEW.trace_date IS NOT OLD.trace_date\n"
	"    OR NEW.certificate IS NOT OLD.certificate OR NEW.certificate_date IS NOT OLD.certificate_date\n"
	"BEGIN\n" EN_ROWS("OLD.", "-1") EN_ROWS("NEW.", "1") "END;\n";

bool enrol_counts_verify(sqlite3 *db, long *differ, char *err, size_t errlen)
{
	static const char *const checks[] = {
		"SELECT count(*) FROM (SELECT * FROM (" EN_RECOUNT ") EXCEPT SELECT * FROM producer_enrol_months"
		" WHERE n <> 0 UNION ALL SELECT * FROM (SELECT * FROM producer_enrol_months WHERE n <> 0"
		" EXCEPT SELECT * FROM (" EN_RECOUNT ")))",
	};
	return db_sum_counts(db, checks, 1, differ, "核对追溯与合格证试行统计失败", err, errlen);
}

bool enrol_counts_rebuild(sqlite3 *db, char *err, size_t errlen)
{
	return db_exec_tx(db, "DELETE FROM producer_enrol_months; INSERT INTO producer_enrol_months " EN_RECOUNT ";",
	                  "重建追溯与合格证试行统计失败", err, errlen);
}
