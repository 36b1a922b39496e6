#include "store/sample_counts.h"

#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"
#include "store/followup_states.h"

/* "YYYY-MM" with its last character moved by delta: a bound that lets
 * "month > x" or "month < x" include that month itself. */
static void month_shift(const char *month, int delta, char *out)
{
	memcpy(out, month, 7);
	out[7] = '\0';
	out[6] = (char)(out[6] + delta);
}

static bool starts_month(const char *d)
{
	return strlen(d) == 10 && strcmp(d + 8, "01") == 0;
}

static bool ends_month(const char *d)
{
	ymd x;
	return date_parse(d, &x) && x.d == date_days_in_month(x.y, x.m);
}

void sample_counts_bind(db_stmt *st, int y1, int y2, const char *from, const char *to)
{
	/* Empty parts: a month range and day ranges that hold nothing. */
	char lo[8] = "9", hi[8] = "0", a1[11] = "9", b1[11] = "0", a2[11] = "9", b2[11] = "0";
	const char *f = from ? from : "", *t = to && *to ? to : "9999-12-31";
	if (strlen(t) == 10 && (!*f || (strlen(f) == 10 && strcmp(f, t) <= 0))) {
		bool same = *f && strncmp(f, t, 7) == 0;
		bool whole_first = !*f || starts_month(f), whole_last = ends_month(t);
		if (same && !(whole_first && whole_last)) {
			snprintf(a1, sizeof a1, "%s", f); /* part of one month: its days */
			snprintf(b1, sizeof b1, "%s", t);
		} else {
			if (!*f)
				lo[0] = '\0';
			else if (whole_first)
				month_shift(f, -1, lo);
			else {
				month_shift(f, 0, lo);
				snprintf(a1, sizeof a1, "%s", f);
				snprintf(b1, sizeof b1, "%.7s-31", f);
			}
			if (whole_last) {
				month_shift(t, +1, hi);
			} else {
				month_shift(t, 0, hi);
				snprintf(a2, sizeof a2, "%.7s-01", t);
				snprintf(b2, sizeof b2, "%s", t);
			}
		}
	}
	db_bind_int(st, 10, y1);
	db_bind_int(st, 11, y2);
	db_bind_text_copy(st, 12, lo);
	db_bind_text_copy(st, 13, hi);
	db_bind_text_copy(st, 14, a1);
	db_bind_text_copy(st, 15, b1);
	db_bind_text_copy(st, 16, a2);
	db_bind_text_copy(st, 17, b2);
}

long sample_counts_between(db_conn *db, int y1, int y2, const char *from, const char *to, const char *unit,
                           const char *verdict, char *err, size_t errlen)
{
	db_stmt *st = db_cached(db,
		"SELECT coalesce(sum(n), 0) FROM " SC_SOURCE " WHERE (?1 = '' OR unit_id = (SELECT id FROM units WHERE name = ?1))"
		" AND (?2 = '' OR verdict = ?2)",
		err, errlen);
	if (!st)
		return -1;
	sample_counts_bind(st, y1, y2, from, to);
	DB_BIND_TEXTS_OR_EMPTY(st, 1, unit, verdict);
	long n = (long)db_first_int64(db, st, -1, "统计记录失败", err, errlen);
	db_done(st);
	return n;
}

/* A recount of each table compared with it, both ways (rows of 0 are
 * what a void or a correction leaves behind, and equal no row). */
#define SC_DIFF(table, recount)                                                                  \
	"SELECT count(*) FROM (SELECT * FROM (" recount ") EXCEPT SELECT * FROM " table " WHERE n > 0"  \
	" UNION ALL SELECT * FROM (SELECT * FROM " table " WHERE n > 0 EXCEPT SELECT * FROM (" recount "))" \
	")"
#define SC_RECOUNT_MONTH                                                                            \
	"SELECT s.year, substr(s.sample_date, 1, 7), s.unit_id, s.kind, s.verdict, count(*),"          \
	" sum(" SC_OPEN("s.") ") FROM samples s WHERE s.status = 'valid' GROUP BY 1, 2, 3, 4, 5"
#define SC_RECOUNT_DAY                                                                              \
	"SELECT s.sample_date, s.year, s.unit_id, s.kind, s.verdict, count(*),"                        \
	" sum(" SC_OPEN("s.") ") FROM samples s WHERE s.status = 'valid' GROUP BY 1, 2, 3, 4, 5"

#define SC_RECOUNT_PARTS                                                                            \
	"SELECT year, substr(sample_date, 1, 7), unit_id, kind, 'c', category, verdict, count(*) FROM samples" \
	" WHERE status = 'valid' GROUP BY 1, 2, 3, 4, 6, 7 UNION ALL"                                      \
	" SELECT year, substr(sample_date, 1, 7), unit_id, kind, 's', " SC_STAGE("") ", verdict, count(*)"  \
	" FROM samples WHERE status = 'valid' GROUP BY 1, 2, 3, 4, 6, 7"

bool sample_counts_verify(db_conn *db, long *differ, char *err, size_t errlen)
{
	static const char *const checks[] = {
		SC_DIFF("sample_month_counts", SC_RECOUNT_MONTH),
		SC_DIFF("sample_day_counts", SC_RECOUNT_DAY),
		SC_DIFF("(SELECT year, month, unit_id, kind, part, label, verdict, n FROM sample_month_parts)",
		        SC_RECOUNT_PARTS),
		"SELECT count(*) FROM (" SC_RECOUNT_FOLLOWUP_YEARS " EXCEPT SELECT * FROM followup_years"
		" UNION ALL SELECT * FROM (SELECT * FROM followup_years EXCEPT " SC_RECOUNT_FOLLOWUP_YEARS "))",
		FST_DIFF_SQL,
	};
	return db_sum_counts(db, checks, sizeof checks / sizeof *checks, differ, "核对统计表失败", err, errlen);
}

bool sample_counts_rebuild(db_conn *db, char *err, size_t errlen)
{
	return db_rebuild_tx(db, "DELETE FROM sample_month_counts; DELETE FROM sample_day_counts;"
	                     " DELETE FROM sample_month_parts; DELETE FROM followup_years;\n" SC_FILL_SQL
	                     "INSERT INTO followup_years " SC_RECOUNT_FOLLOWUP_YEARS ";\n" FST_REBUILD_SQL, "重建统计表失败", err, errlen);
}
