#include "inspect/coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "inspect/brand.h"
#include "registry/producer.h"
#include "record/rectype.h"
#include "store/coverage_counts.h"
#include "store/db.h"
#include "store/enrol_counts.h"

int coverage_quarter_of(int year, ymd d)
{
	if (d.y < year)
		return 1;
	if (d.y > year)
		return 4;
	return (d.m + 2) / 3;
}

/* A producer's registry day (CV_START: its 登记日期, else the day it was
 * entered here), never after as_of (a clock set back, as tests do, cannot
 * hide the registry). */
#define REGISTERED "min(" CV_START("p.") ", ?3)"

/* Read from the maintained summaries (store/coverage_counts.h): a few
 * rows per town and day whatever the size of the registry. A producer
 * counts once registered by the day a figure is taken on (?2 for the
 * quarter, ?5 for the year): every producer when that day is as_of (?3),
 * else, for a period already over, those registered by its end (the
 * registration months up to it; the marks not late). */
#define REGISTRY(upto, col)                                                                        \
	"(SELECT coalesce(sum(" col "), 0) FROM producer_unit_months WHERE unit_id = u.id"              \
	" AND (" upto " = ?3 OR month <= substr(" upto ", 1, 7)))"
#define MARKED(duty, from, upto)                                                                   \
	"(SELECT coalesce(sum(n), 0) FROM coverage_counts WHERE year = ?6 AND duty = " duty             \
	" AND unit_id = u.id AND first BETWEEN " from " AND " upto " AND (" upto " = ?3 OR late = 0))"
/* Producers of the unit in 追溯 or the 合格证 trial list by the year's
 * figure day (?5), by the month of their enrolment date, registered by
 * then as REGISTRY counts them (store/enrol_counts.h). */
#define ENROLLED(kind)                                                                             \
	"(SELECT coalesce(sum(n), 0) FROM producer_enrol_months WHERE unit_id = u.id AND kind = " kind   \
	" AND month <= substr(?5, 1, 7) AND (?5 = ?3 OR reg_month <= substr(?5, 1, 7)))"
/* Rectifications open on as_of (the partial index inspections_open_rectify). */
#define OPEN_RECTIFY                                                                               \
	"(SELECT count(*) FROM inspections i WHERE i.unit_id = u.id AND i.status = 'valid'"             \
	" AND i.rectify IS NOT NULL AND coalesce(i.recheck_result, '') <> 'done' AND i.inspect_date <= ?3"

/* ?1 from ?2 to ?3 as_of ?4 year-from ?5 year-to ?6 year ?7 the quarter's duty */
static const char *const per_unit_sql =
	"SELECT u.id, u.name, u.sort, " REGISTRY("?2", "n") ", " MARKED("?7", "?1", "?2") ","
	" " OPEN_RECTIFY "), " OPEN_RECTIFY " AND i.rectify_deadline < ?3),"
	" " REGISTRY("?5", "n") ", " MARKED(CV_SAMPLED, "?4", "?5") ", " MARKED(CV_ISSUING, "?4", "?5") ","
	" (SELECT coalesce(sum(total), 0) FROM cert_unit_months WHERE unit_id = u.id"
	"   AND month BETWEEN substr(?4, 1, 7) AND substr(?5, 1, 7)),"
	" " ENROLLED(EN_TRACED) ", " ENROLLED(EN_TRIAL) ","
	/* From the year's grants (CROSS JOIN: SQLite keeps that order), not
	 * from each of the town's producers (0.1 s at 500,000). */
	" (SELECT count(*) FROM producer_brands b CROSS JOIN producers p ON p.id = b.producer_id WHERE p.unit_id = u.id"
	"   AND b.status = 'valid' AND b.granted BETWEEN ?4 AND ?5"
	"   AND b.kind IN ('绿色食品', '有机农产品', '农产品地理标志')),"
	" (SELECT count(*) FROM producer_brands b CROSS JOIN producers p ON p.id = b.producer_id WHERE p.unit_id = u.id"
	"   AND b.status = 'valid' AND b.granted BETWEEN ?4 AND ?5 AND b.kind = '名特优新农产品')"
	" FROM units u WHERE u.kind <> '检测中心' ORDER BY u.sort, u.id";

static double rate(long part, long whole)
{
	return whole > 0 ? 100.0 * (double)part / (double)whole : -1;
}

static void derive(coverage_row *r)
{
	r->coverage = rate(r->inspected, r->producers);
	r->sampled_rate = rate(r->sampled, r->year_producers);
	r->issuing_rate = rate(r->issuing, r->year_producers);
	r->traced_rate = rate(r->traced, r->year_producers);
}

bool coverage_compute(db_conn *db, int year, int quarter, ymd as_of, coverage_report *out, char *err,
                      size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (quarter < 1 || quarter > 4)
		return errf(err, errlen, "季度应为 1 到 4，不是 %d", quarter);
	out->year = year;
	out->quarter = quarter;
	out->as_of = as_of;
	ymd from = {year, quarter * 3 - 2, 1}, to = {year, quarter * 3, 0};
	to.d = date_days_in_month(year, to.m);
	date_format(from, out->from, sizeof out->from);
	date_format(to, out->to, sizeof out->to);
	long days = date_days(to) - date_days(from) + 1, gone = date_days(as_of) - date_days(from) + 1;
	out->share = gone <= 0 ? 0 : gone >= days ? 1 : (double)gone / (double)days;
	ymd y0 = {year, 1, 1}, y1 = {year, 12, 31};
	long ydays = date_days(y1) - date_days(y0) + 1, ygone = date_days(as_of) - date_days(y0) + 1;
	out->year_share = ygone <= 0 ? 0 : ygone >= ydays ? 1 : (double)ygone / (double)ydays;
	/* The registry as of the quarter's end or as_of, whichever is first. */
	char as[11], reg_to[11], yfrom[11], yto[11];
	date_format(as_of, as, sizeof as);
	snprintf(reg_to, sizeof reg_to, "%s", strcmp(as, out->to) < 0 ? as : out->to);
	date_format(y0, yfrom, sizeof yfrom);
	date_format(date_cmp(as_of, y1) < 0 ? as_of : y1, yto, sizeof yto);
	db_stmt *st = db_prepare(db, per_unit_sql, err, errlen);
	if (!st)
		return false;
	db_bind_text_copy(st, 1, out->from);
	db_bind_text_copy(st, 2, reg_to);
	db_bind_text_copy(st, 3, as);
	db_bind_text_copy(st, 4, yfrom);
	db_bind_text_copy(st, 5, yto);
	db_bind_int(st, 6, year);
	db_bind_int(st, 7, CV_INSPECTED(quarter));
	int rc;
	size_t cap = 0;
	snprintf(out->total.unit, sizeof out->total.unit, "合计");
	while ((rc = db_step(st)) == DB_ROW) {
		out->rows = xgrow(out->rows, &cap, (size_t)out->n + 1, sizeof *out->rows);
		coverage_row *r = &out->rows[out->n++];
		memset(r, 0, sizeof *r);
		r->unit_id = db_column_int64(st, 0);
		snprintf(r->unit, sizeof r->unit, "%s", db_column_text(st, 1));
		r->sort = db_column_int(st, 2);
		long *cols[] = {&r->producers, &r->inspected, &r->open, &r->overdue, &r->year_producers, &r->sampled,
		                &r->issuing, &r->certificates, &r->traced, &r->trial, &r->brands, &r->mtyx};
		long *sums[] = {&out->total.producers, &out->total.inspected, &out->total.open, &out->total.overdue,
		                &out->total.year_producers, &out->total.sampled, &out->total.issuing,
		                &out->total.certificates, &out->total.traced, &out->total.trial,
		                &out->total.brands, &out->total.mtyx};
		for (int k = 0; k < 12; k++) {
			*cols[k] = (long)db_column_int64(st, 3 + k);
			*sums[k] += *cols[k];
		}
		derive(r);
	}
	if (!db_finish(db, st, rc, "统计巡查覆盖失败", err, errlen)) {
		coverage_free(out);
		return false;
	}
	derive(&out->total);
	out->brand_target = brand_target(db);
	return true;
}

void coverage_free(coverage_report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

bool coverage_gaps(db_conn *db, const coverage_report *r, const char *town, bool never_sampled, coverage_gap_fn fn,
                   void *ctx, char *err, size_t errlen)
{
	char as[11], yfrom[11], yto[11];
	date_format(r->as_of, as, sizeof as);
	snprintf(yfrom, sizeof yfrom, "%04d-01-01", r->year);
	snprintf(yto, sizeof yto, "%04d-12-31", r->year);
	/* ?1 from ?2 to ?3 as_of ?4 town ?5 never_sampled ?6 year-from ?7 year-to ?8 year
	 * ?9 the quarter's duty; not done: no mark in the period up to ?2 */
	db_stmt *st = db_prepare(db,
		"SELECT p.id, u.name, coalesce(p.village, ''), p.name, p.kind,"
		" CASE WHEN ?5 THEN coalesce((SELECT max(s.sample_date) FROM samples s WHERE s.status = 'valid'"
		"   AND (s.producer_id = p.id OR (s.producer_id IS NULL AND s.producer = p.name))), '')"
		" ELSE coalesce((SELECT max(i.inspect_date) FROM inspections i WHERE i.producer_id = p.id"
		"   AND i.status = 'valid'), '') END"
		" FROM producers p JOIN units u ON u.id = p.unit_id"
		" WHERE (?4 = '' OR u.name = ?4) AND " REGISTERED " <= min(?2, ?3) AND"
		" NOT EXISTS (SELECT 1 FROM producer_marks m WHERE m.producer_id = p.id AND m.year = ?8"
		"   AND m.duty = CASE WHEN ?5 THEN " CV_SAMPLED " ELSE ?9 END"
		"   AND m.first BETWEEN CASE WHEN ?5 THEN ?6 ELSE ?1 END AND ?2)"
		" ORDER BY u.sort, coalesce(p.village, ''), p.name, p.id", err, errlen);
	if (!st)
		return false;
	db_bind_text(st, 1, r->from);
	db_bind_text(st, 2, never_sampled ? yto : r->to);
	db_bind_text(st, 3, as);
	db_bind_text(st, 4, town ? town : "");
	db_bind_int(st, 5, never_sampled);
	db_bind_text(st, 6, yfrom);
	db_bind_text(st, 7, yto);
	db_bind_int(st, 8, r->year);
	db_bind_int(st, 9, CV_INSPECTED(r->quarter));
	int rc;
	bool go = true;
	while (go && (rc = db_step(st)) == DB_ROW) {
		coverage_gap g = {.id = db_column_int64(st, 0),
		                  .kind = producer_kind_label(producer_kind_from_code(rec_text(st, 4)))};
		DB_COLUMN_TEXTS(st, 1, &g.town, &g.village, &g.name);
		g.last = rec_text(st, 5);
		go = fn(ctx, &g);
	}
	return db_finish(db, st, go ? rc : DB_DONE, "读取主体名录失败", err, errlen);
}

/* target: the brands' (a town has none, the district brand_target). */
static void to_quota(const coverage_row *c, coverage_duty duty, double share, long target, quota_row *q)
{
	bool yearly = duty != COV_INSPECTED;
	long done[] = {c->inspected, c->sampled, c->issuing, c->traced, c->brands};
	memset(q, 0, sizeof *q);
	q->unit_id = c->unit_id;
	snprintf(q->unit, sizeof q->unit, "%s", c->unit);
	q->sort = c->sort;
	q->kind = -1;
	q->target = duty == COV_BRANDS ? target : yearly ? c->year_producers : c->producers;
	q->done = done[duty];
	q->positives = duty == COV_BRANDS ? c->mtyx : yearly ? 0 : c->open;
	q->open_positives = yearly ? 0 : c->overdue;
	quota_derive(q, share);
	/* A registry is covered at most once: the projection stops at it. */
	if (duty != COV_BRANDS && q->projection > (double)q->target)
		q->projection = (double)q->target;
}

/* Worse first: behind pace by more, then a lower rate; no registry last. */
static bool worse(const quota_row *a, const quota_row *b)
{
	if ((a->target > 0) != (b->target > 0))
		return a->target > 0;
	if (a->gap != b->gap)
		return a->gap < b->gap;
	if (a->pct != b->pct)
		return a->pct < b->pct;
	return a->sort < b->sort;
}

int coverage_as_quota(const coverage_report *r, coverage_duty duty, const char *own, quota_row *out, int max,
                      quota_row *total)
{
	double share = duty != COV_INSPECTED ? r->year_share : r->share;
	int n = 0;
	for (int i = 0; i < r->n && n < max; i++) {
		quota_row q;
		to_quota(&r->rows[i], duty, share, 0, &q);
		bool mine = own && *own && strcmp(q.unit, own) == 0;
		int j = n++;
		/* insertion: a few dozen towns */
		for (; j > 0 && (mine || (!(own && *own && strcmp(out[j - 1].unit, own) == 0) && worse(&q, &out[j - 1])));
		     j--)
			out[j] = out[j - 1];
		out[j] = q;
	}
	to_quota(&r->total, duty, share, r->brand_target, total);
	return n;
}
