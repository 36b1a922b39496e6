/* Coverage of the yearly duties besides the test quotas, per 镇街: the
 * quarterly full-coverage inspection (每季度全覆盖巡查, the 铜梁 plan: every
 * producer in the registry, every quarter) and 一年一检 (the 阳西 plan:
 * every producer tested at least once a year). A producer counts from its
 * 登记日期, else from the day it was entered here. Voided inspections and samples never
 * count. No curses. */
#ifndef NJ_COVERAGE_H
#define NJ_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/dates.h"
#include "quota/quota.h"
#include "store/db.h"

typedef struct {
	long long unit_id;
	char unit[64];
	int sort;
	long producers;       /* in the registry by the quarter's last day (or as_of) */
	long inspected;       /* of them, inspected in the quarter */
	long open, overdue;   /* rectifications still open on as_of / past their deadline */
	long year_producers;  /* in the registry by as_of: the 一年一检 base */
	long sampled;         /* of them, sampled at least once in the year */
	long issuing;         /* of them, issuing 合格证 this year (a month's count above 0) */
	long certificates;    /* 合格证 issued this year (each month's latest count) */
	long traced;          /* of them, enrolled in 追溯 by the period's end (flag and date) */
	long trial;           /* of them, in the 合格证 trial list by then */
	long brands, mtyx;    /* 两品一标 / 名特优新 certifications granted this year by as_of */
	double coverage;      /* inspected / producers × 100; -1 without producers */
	double sampled_rate;  /* sampled / year_producers × 100; -1 without producers */
	double issuing_rate, traced_rate; /* the same for 合格证 and 追溯 (goal 100 %) */
} coverage_row;

typedef struct {
	int year, quarter;
	char from[11], to[11];  /* the quarter */
	ymd as_of;
	double share;           /* elapsed share of the quarter on as_of, 0..1 */
	double year_share;      /* of the year */
	coverage_row *rows;     /* every town (not the testing centre), in unit order */
	int n;
	coverage_row total;
	long brand_target;      /* the district's new 两品一标 this year (rule brand.target), 0 none */
} coverage_report;

/* The quarter of year containing d (1 before the year, 4 after it). */
int coverage_quarter_of(int year, ymd d);
bool coverage_compute(db_conn *db, int year, int quarter, ymd as_of, coverage_report *out, char *err,
                      size_t errlen);
void coverage_free(coverage_report *r);

/* The figures as rows like the test quotas' (the dashboard's duty tabs):
 * target = producers in the registry, done = inspected this quarter
 * (the others: sampled, issuing 合格证, enrolled in 追溯 this year), the
 * pace and projection of the quarter (the year), positives =
 * rectifications open, open_positives = overdue (the others: 0).
 * COV_BRANDS: done = new 两品一标, positives = new 名特优新, no target
 * for a town, the district's brand_target for the total. Towns behind pace first, towns without a registry last;
 * own (a town, may be "") first of all. Returns the rows filled. */
typedef enum { COV_INSPECTED, COV_SAMPLED, COV_ISSUING, COV_TRACED, COV_BRANDS } coverage_duty;
int coverage_as_quota(const coverage_report *r, coverage_duty duty, const char *own, quota_row *out, int max,
                      quota_row *total);

/* Producers of a town (town "" = all) not inspected in the quarter, or
 * (never_sampled) not sampled in the year, by town, village and name. */
typedef struct {
	long long id;
	const char *town, *village, *name, *kind, *last; /* last: the latest inspection or sample date, "" none */
} coverage_gap;
typedef bool (*coverage_gap_fn)(void *ctx, const coverage_gap *g);
bool coverage_gaps(db_conn *db, const coverage_report *r, const char *town, bool never_sampled, coverage_gap_fn fn,
                   void *ctx, char *err, size_t errlen);

#endif
