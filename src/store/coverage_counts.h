/* Maintained coverage summaries, so that 巡查覆盖, 一年一检 and 合格证/追溯
 * (inspect/coverage.h: the bulletin's sections, `nongjian coverage`, the
 * dashboard's duty tabs) cost the same with 50,000 producers or 500,000.
 *
 * producer_marks: per producer and year, the first day of each duty done
 * (duty 11-14: inspected in quarter 1-4, its first valid inspection;
 * 1: sampled, its first valid sample of the year, by id or, for a sample
 * without one, by name; 2: issuing 合格证, the first month whose latest
 * count is above 0, as YYYY-MM-01).
 * coverage_counts: how many producers of a unit have a mark on a day,
 * split by whether the producer entered the registry (CV_START: its
 * 登记日期, else the day it was entered here) after the period's end
 * (late), which a past period's figures leave out.
 * producer_unit_months: producers (and of them enrolled in 追溯) per unit
 * by the month they entered the registry (CV_START).
 * cert_unit_months: per unit and month, the sum of each producer's
 * latest 合格证 count.
 * Triggers on producers, inspections, samples and certificate_counts keep
 * them exact in the same transaction as the change, whoever makes it;
 * a report then reads a few rows per unit and day. `nongjian check`
 * recounts them (coverage_counts_verify) and --repair rebuilds them. */
#ifndef NJ_COVERAGE_COUNTS_H
#define NJ_COVERAGE_COUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

/* The duty codes of producer_marks and coverage_counts. */
#define CV_SAMPLED "1"
#define CV_ISSUING "2"
#define CV_INSPECTED(quarter) (10 + (quarter))

#define CV_YEAR(d) "CAST(substr(" d ", 1, 4) AS INTEGER)"
#define CV_QDUTY(d) "(10 + (CAST(substr(" d ", 6, 2) AS INTEGER) + 2) / 3)"
/* The day producer r (p., NEW. or OLD.; "" inside its own table) entered
 * the registry, as coverage counts it: its 登记日期 (registered_on) when
 * given, else the day it was entered here (schema 27). */
#define CV_START(r) "coalesce(" r "registered_on, substr(" r "created_at, 1, 10))"
/* The same as schemas 21 to 25 counted it (before 登记日期 existed): what
 * migrations 21 and 24 are written with. */
#define CV_ENTRY(r) "substr(" r "created_at, 1, 10)"
/* Is a producer's registry day (start_day) after the end of duty's
 * period of year? (A day string above the period's last month's '-31'.) */
#define CV_LATE(start_day, year, duty)                                                             \
	"(" start_day " > printf('%04d-%02d-31', " year ", CASE WHEN " duty " > 10"                      \
	" THEN (" duty " - 10) * 3 ELSE 12 END))"
/* The latest count of its producer and month, certificate row c. */
#define CV_LATEST(c)                                                                               \
	c ".id = (SELECT max(c2.id) FROM certificate_counts c2 WHERE c2.producer_id = " c ".producer_id" \
	" AND c2.month = " c ".month)"
/* Sample s is about producer p: by id, or by name when it has none. */
#define CV_SAMPLE_OF(s, p)                                                                         \
	"(" s "producer_id = " p "id OR (" s "producer_id IS NULL AND " s "producer = " p "name))"

/* Every mark, recounted from the records. */
#define CV_RECOUNT_MARKS                                                                           \
	"SELECT producer_id, " CV_YEAR("inspect_date") ", " CV_QDUTY("inspect_date") ", min(inspect_date)" \
	" FROM inspections WHERE status = 'valid' GROUP BY 1, 2, 3"                                    \
	" UNION ALL SELECT pid, y, " CV_SAMPLED ", min(d) FROM (SELECT p.id AS pid, " CV_YEAR("s.sample_date")        \
	" AS y, s.sample_date AS d FROM samples s JOIN producers p ON p.id = s.producer_id"            \
	" WHERE s.status = 'valid'"                                                                    \
	" UNION ALL SELECT p.id, " CV_YEAR("s.sample_date") ", s.sample_date FROM samples s"            \
	" JOIN producers p ON p.name = s.producer WHERE s.status = 'valid' AND s.producer_id IS NULL)"  \
	" GROUP BY 1, 2"                                                                               \
	" UNION ALL SELECT c.producer_id, " CV_YEAR("c.month") ", " CV_ISSUING ", min(c.month) || '-01'"            \
	" FROM certificate_counts c WHERE c.count > 0 AND " CV_LATEST("c") " GROUP BY 1, 2"
/* start: CV_START, or CV_ENTRY for the migrations written before it. */
#define CV_RECOUNT_COUNTS_AS(start)                                                                \
	"SELECT m.year, m.duty, p.unit_id, m.first, "                                                  \
	CV_LATE(start("p."), "m.year", "m.duty") ", count(*) FROM producer_marks m"                   \
	" JOIN producers p ON p.id = m.producer_id GROUP BY 1, 2, 3, 4, 5"
#define CV_RECOUNT_COUNTS CV_RECOUNT_COUNTS_AS(CV_START)
#define CV_RECOUNT_UNIT_MONTHS_AS(start)                                                           \
	"SELECT unit_id, substr(" start("") ", 1, 7), count(*), sum(traceability) FROM producers GROUP BY 1, 2"
#define CV_RECOUNT_UNIT_MONTHS CV_RECOUNT_UNIT_MONTHS_AS(CV_START)
#define CV_RECOUNT_CERT_MONTHS                                                                     \
	"SELECT p.unit_id, c.month, sum(c.count) FROM certificate_counts c JOIN producers p"            \
	" ON p.id = c.producer_id WHERE " CV_LATEST("c") " GROUP BY 1, 2 HAVING sum(c.count) <> 0"

#define CV_FILL_SUMS_AS(start)                                                                     \
	"INSERT INTO producer_unit_months " CV_RECOUNT_UNIT_MONTHS_AS(start) ";\n"                      \
	"INSERT INTO cert_unit_months " CV_RECOUNT_CERT_MONTHS ";\n"

/* The tables, filled, and the triggers that keep them (migration 21,
 * counting from the day of entry). */
extern const char cv_migration_sql[];
/* Migration 27: the producers' triggers and the registry's counts again,
 * from CV_START (登记日期 when given). */
extern const char cv_registered_sql[];

/* Do the summaries equal a full recount? *differ: how many rows are
 * wrong or missing. False on a database error. */
bool coverage_counts_verify(db_conn *db, long *differ, char *err, size_t errlen);
/* Recount them from the records, in one transaction. */
bool coverage_counts_rebuild(db_conn *db, char *err, size_t errlen);

#endif
