/* Maintained summaries of the samples, so that the screens and figures
 * that count (the main menu's year and today, the quota dashboard and
 * `nongjian quota`, the bulletin's quarters and months) cost the same
 * with 20,000 samples a year or 200,000.
 *
 * Tables of counts of valid samples, by unit × kind × verdict:
 * sample_month_counts per month (year, 'YYYY-MM') and sample_day_counts
 * per day (`open` counts the failed ones whose follow-up case is not
 * handled yet), and sample_month_parts per month by product category and
 * by stage. Triggers on samples (insert, correction, void) and on the
 * follow-up steps (a step that handles the case, its void) keep them exact
 * in the same transaction as the change, whoever makes it (the program,
 * the importer, the sqlite3 shell). A date range is whole months from
 * the month table and the partial months at its ends from the day table:
 * at most about two months of day rows, however many samples.
 * `nongjian check` recounts them (sample_counts_verify) and can rebuild. */
#ifndef NJ_SAMPLE_COUNTS_H
#define NJ_SAMPLE_COUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

/* Has the follow-up case c_id been handled? The rule of
 * followup_handled() (sample/followup.c) in SQL: a live 处置 or 结案, or
 * a last live 确证结果 that found the sample 合格 with no 送检确证 sent
 * after it. live(a) says which steps (alias a) count: SC_LIVE_NOW, or in
 * a trigger the steps as they were before the change. */
#define SC_LIVE_NOW(a) "(" a ".status = 'valid')"
#define SC_CASE_HANDLED(c_id, live)                                                                  \
	"(EXISTS (SELECT 1 FROM followup_steps f WHERE f.case_id = " c_id " AND " live("f")              \
	" AND f.step IN ('dispose', 'close')) OR coalesce((SELECT r.outcome = 'pass' AND NOT EXISTS"       \
	" (SELECT 1 FROM followup_steps k WHERE k.case_id = " c_id " AND " live("k")                       \
	" AND k.step = 'confirm' AND k.id > r.id) FROM followup_steps r WHERE r.case_id = " c_id          \
	" AND " live("r") " AND r.step = 'result' ORDER BY r.id DESC LIMIT 1), FALSE))"
/* The contribution of one sample row (prefix NEW. or OLD.): the open
 * part is a failed sample whose follow-up case (检打联动) is not handled
 * (尚未处置), as 1 or 0. Truth values are written so that both servers
 * take them: coalesce(…, FALSE) and CASE … THEN 1 ELSE 0 END, since
 * PostgreSQL's booleans are not numbers (no sum(), no coalesce with 0). */
#define SC_OPEN(r)                                                                                   \
	"(CASE WHEN " r "verdict = 'fail' AND NOT EXISTS (SELECT 1 FROM followup_cases c WHERE c.sample_id = " \
	r "id AND " SC_CASE_HANDLED("c.id", SC_LIVE_NOW) ") THEN 1 ELSE 0 END)"

/* How a missing stage is shown and counted. */
#define SC_STAGE(r) "coalesce(" r "stage, '(未填)')"

/* Fill the tables from the samples (in the migration and a rebuild). */
#define SC_FILL_SQL                                                                                        \
	"INSERT INTO sample_month_counts SELECT s.year, substr(s.sample_date, 1, 7), s.unit_id, s.kind,"     \
	" s.verdict, count(*), sum(" SC_OPEN("s.") ") FROM samples s WHERE s.status = 'valid'"              \
	" GROUP BY 1, 2, 3, 4, 5;\n"                                                                          \
	"INSERT INTO sample_day_counts SELECT s.sample_date, s.year, s.unit_id, s.kind, s.verdict, count(*),"  \
	" sum(" SC_OPEN("s.") ") FROM samples s WHERE s.status = 'valid' GROUP BY 1, 2, 3, 4, 5;\n"          \
	"INSERT INTO sample_month_parts SELECT year, substr(sample_date, 1, 7), unit_id, kind, 'c', category,"  \
	" verdict, count(*) FROM samples WHERE status = 'valid' GROUP BY 1, 2, 3, 4, 6, 7;\n"                 \
	"INSERT INTO sample_month_parts SELECT year, substr(sample_date, 1, 7), unit_id, kind, 's', "          \
	SC_STAGE("") ", verdict, count(*) FROM samples WHERE status = 'valid' GROUP BY 1, 2, 3, 4, 6, 7;\n"

/* Counts in a date range as a subquery with columns (unit_id, kind,
 * verdict, month, n, open), parameters ?10-?17 bound by
 * sample_counts_bind; the caller may add ?1-?9 of its own. */
#define SC_SOURCE                                                                                          \
	"(SELECT unit_id, kind, verdict, month, n, open FROM sample_month_counts"                              \
	"  WHERE year BETWEEN ?10 AND ?11 AND month > ?12 AND month < ?13"                                     \
	" UNION ALL SELECT unit_id, kind, verdict, substr(sample_date, 1, 7), n, open FROM sample_day_counts" \
	"  WHERE sample_date BETWEEN ?14 AND ?15 AND year BETWEEN ?10 AND ?11"                                \
	" UNION ALL SELECT unit_id, kind, verdict, substr(sample_date, 1, 7), n, open FROM sample_day_counts" \
	"  WHERE sample_date BETWEEN ?16 AND ?17 AND year BETWEEN ?10 AND ?11)"

/* Counts by category (part 'c') or stage ('s') in a date range of one
 * kind (?5) and unit (?4, 0: all) as a subquery (k, verdict, n): whole
 * months from sample_month_parts, the days of a partial month at either
 * end from the samples of those days. Parameters as SC_SOURCE, and ?18
 * the part; label the expression of it on the samples. */
#define SC_PARTS_SOURCE(label)                                                                            \
	"(SELECT label AS k, verdict, n FROM sample_month_parts WHERE year BETWEEN ?10 AND ?11"              \
	"  AND month > ?12 AND month < ?13 AND part = ?18 AND kind = ?5 AND (?4 = 0 OR unit_id = ?4)"        \
	" UNION ALL SELECT " label ", verdict, 1 FROM samples INDEXED BY samples_by_date"                    \
	"  WHERE sample_date BETWEEN ?14 AND ?15 AND year BETWEEN ?10 AND ?11 AND status = 'valid'"          \
	"  AND kind = ?5 AND (?4 = 0 OR unit_id = ?4)"                                                         \
	" UNION ALL SELECT " label ", verdict, 1 FROM samples INDEXED BY samples_by_date"                    \
	"  WHERE sample_date BETWEEN ?16 AND ?17 AND year BETWEEN ?10 AND ?11 AND status = 'valid'"          \
	"  AND kind = ?5 AND (?4 = 0 OR unit_id = ?4))"

/* The numbering year of each follow-up case's sample (a sample's year
 * never changes), so that a year's cases are found by an index rather
 * than by a look at every case's sample. */
#define SC_RECOUNT_FOLLOWUP_YEARS                                                                  \
	"SELECT s.year, c.sample_id FROM followup_cases c JOIN samples s ON s.id = c.sample_id"

/* Bind SC_SOURCE for samples numbered in years y1..y2 whose date is
 * from..to (YYYY-MM-DD; "" from: no lower bound, "" to: no upper). */
void sample_counts_bind(db_stmt *st, int y1, int y2, const char *from, const char *to);

/* Valid samples numbered in y1..y2 dated from..to, of one unit (0: all)
 * (full name; "": all) and verdict ("" all, "pass", "fail"), from the summaries; -1 on error. */
long sample_counts_between(db_conn *db, int y1, int y2, const char *from, const char *to, const char *unit,
                           const char *verdict, char *err, size_t errlen);

/* Do the summaries equal a full recount? *differ: how many summary rows
 * are wrong or missing. False on a database error. */
bool sample_counts_verify(db_conn *db, long *differ, char *err, size_t errlen);
/* Recount them from the samples, in one transaction. */
bool sample_counts_rebuild(db_conn *db, char *err, size_t errlen);

#endif
