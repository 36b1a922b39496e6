/* Yearly test quotas (任务进度): targets per unit and test kind, stored per
 * year, and the figures supervisors read as of a date: done, percent,
 * expected-by-date pace, gap, year-end projection, positives, pass rate,
 * positives still without follow-up. Records voided as entered in error
 * never count. No curses. */
#ifndef NJ_QUOTA_H
#define NJ_QUOTA_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "base/dates.h"
#include "base/kinds.h"
#include "store/users.h"
#include "store/db.h"

typedef struct {
	long long unit_id;
	char unit[64];
	int sort;            /* configured order: the centre first */
	int kind;            /* KIND_* */
	long target, done, positives, open_positives;
	double pct;          /* done / target × 100; 0 when target is 0 */
	double expected;     /* target × elapsed share of the year */
	double gap;          /* done − expected: negative is behind */
	double projection;   /* year-end total at the current rate */
	double pass_rate;    /* (done − positives) / done × 100; -1 when done is 0 */
} quota_row;

/* Behind the pace: a target, and more than half a test short of what the
 * elapsed share of the year asks (落后). */
bool quota_behind(const quota_row *q);
/* A pass rate below the goal (合格率低). */
bool quota_low_pass(const quota_row *q, double goal);
/* 落后, 合格率低 or 正常, in that order of weight. */
const char *quota_mark(const quota_row *q, double goal);

typedef struct {
	int year;
	ymd as_of;
	double share;        /* elapsed share of the year at as_of, 0..1 */
	double goal;         /* pass-rate goal, percent */
	quota_row *rows;     /* units with a target or a test, per kind */
	int n;
	quota_row totals[KIND_COUNT]; /* 合计 per kind */
} quota_report;

/* Elapsed share of year y on date d: 0 before the year, 1 after it,
 * else day-of-year / days-in-year (d counts as elapsed). */
double quota_share(int y, ymd d);
/* Fill in pct, expected, gap, projection and pass rate of a row. */
void quota_derive(quota_row *r, double share);

/* Targets for every unit and kind of the year: the defaults of the
 * rules where none is set. An admin writes them into the database (one
 * audit row); for anyone else they stay in this connection (temp schema)
 * and only the figures see them. Existing targets are kept. */
bool quota_ensure_targets(db_conn *db, const config *c, int year, const account *who,
                          char *err, size_t errlen);
/* Admins only; audited. */
bool quota_set_target(db_conn *db, const config *c, int year, const char *unit, int kind,
                      long target, const account *who, char *err, size_t errlen);

/* The figures for a year as of a date. Rows are sorted kind by kind,
 * worst first (most behind pace). */
bool quota_compute(db_conn *db, const config *c, int year, ymd as_of, quota_report *out,
                   char *err, size_t errlen);
void quota_free(quota_report *r);

/* Drill-down of one unit (unit_id 0: the whole district) and kind. */
typedef enum { QB_MONTH, QB_QUARTER, QB_CATEGORY, QB_STAGE } quota_by;
typedef struct {
	char label[64];
	long done, positives;
	double pass_rate;    /* -1 when done is 0 */
} quota_part;
/* date_from/date_to bound the records ("" = the whole year up to as_of).
 * Returns the number of parts (at most max), -1 on error. */
int quota_breakdown(db_conn *db, int year, ymd as_of, long long unit_id, int kind, quota_by by,
                    const char *date_from, quota_part *out, int max, char *err, size_t errlen);

#endif
