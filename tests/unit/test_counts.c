/* The maintained sample counts (store/sample_counts.h) equal a full
 * recount of the samples after random inserts, corrections (date, town,
 * verdict), voids and follow-up steps (检打联动: 复检, 送检确证, 确证结果,
 * 处置, 结案 and voided steps), whose "not handled yet" is judged here by
 * followup_handled() itself; and what reads them (quota figures,
 * month and quarter breakdowns, the list's and menu's counts) gives what
 * counting the samples gives, for dates inside months, at month ends,
 * before and after the year. A damaged table is found and rebuilt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "base/dates.h"
#include "quota/quota.h"
#include "record/formdef.h"
#include "sample/followup.h"
#include "sample/sample.h"
#include "sample/samplelist.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/db_sqlite.h"
#include "store/sample_counts.h"
#include "store/units.h"

static config *cfg;
static form_def *form;
static unsigned long long rng = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *town(void)
{
	return cfg->towns[rnd(5)].name; /* few towns: several samples per day and unit */
}

static void random_date(char *out, size_t n)
{
	int m = 1 + (int)rnd(12), d = 1 + (int)rnd((unsigned)date_days_in_month(2026, m));
	snprintf(out, n, "2026-%02d-%02d", m, d);
}

static void fill(sample *s)
{
	char date[11], inh[8];
	random_date(date, sizeof date);
	snprintf(inh, sizeof inh, "%u", rnd(80));
	sample_init(s);
	sample_set(s, SF_DATE, date);
	sample_set(s, SF_TOWN, town());
	/* 抽样地点: a township (the centre must say one; an admin may give any) */
	sample_set(s, SF_SITE, cfg->towns[1 + rnd(4)].name);
	sample_set(s, SF_KIND, "定性检测");
	sample_set(s, SF_PRODUCER, "侣俸镇绿源蔬菜专业合作社");
	static const char *const products[] = {"豇豆", "苹果", "梨", "芹菜"};
	static const char *const stages[] = {"生产基地", "农贸市场", "超市"};
	sample_set(s, SF_PRODUCT, products[rnd(4)]);
	sample_set(s, SF_STAGE, stages[rnd(3)]);
	sample_set(s, SF_PLACE, "白龙村三组");
	sample_set(s, SF_SAMPLERS, "张三、李四");
	sample_set(s, SF_TESTER, "王五");
	sample_set(s, SF_INHIBITION, inh);
	if (rnd(5) == 0) {
		sample_set(s, SF_KIND, "例行监测");
		sample_set(s, SF_INHIBITION, "");
		sample_set(s, SF_ITEM, "毒死蜱");
		sample_set(s, SF_VALUE, rnd(3) ? "0.01" : "0.9");
		sample_set(s, SF_UNIT, "mg/kg");
		sample_set(s, SF_LIMIT, "0.5");
	}
}

static long long one(db_conn *db, const char *sql, const char *a, const char *b)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK) {
		db_bind_text(st, 1, a ? a : "");
		db_bind_text(st, 2, b ? b : "");
		if (db_step(st) == DB_ROW)
			n = db_column_int64(st, 0);
	}
	db_finalize(st);
	return n;
}

static long long one_id(db_conn *db, const char *sql, long long id, const char *a)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK) {
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, a ? a : "");
		if (db_step(st) == DB_ROW)
			n = db_column_int64(st, 0);
	}
	db_finalize(st);
	return n;
}

/* A random follow-up step on the case of failed sample s, or the void of
 * its last live step; steps the rules refuse (a 复检 of a 定量 sample, a
 * 结案 before 处置 ...) are simply not done. */
/* A day for a step of s's case: on or after the sampling and its last
 * live step (the order the rules keep), up to the test's today; often
 * that very day, so that deadlines fall on both sides of the dates the
 * figures are asked for. */
static void step_date(db_conn *db, const sample *s, char *out, size_t n)
{
	char err[512];
	ymd lo = {2026, 1, 1};
	date_parse(s->v[SF_DATE], &lo);
	followup_case fc;
	if (followup_load(db, cfg, s->id, (ymd){2026, 12, 31}, &fc, err, sizeof err)) {
		for (int i = fc.nsteps - 1; i >= 0; i--)
			if (!fc.steps[i].voided) {
				date_parse(fc.steps[i].v[FS_DATE], &lo);
				break;
			}
		followup_case_free(&fc);
	}
	long first = date_days(lo), last = date_days((ymd){2026, 12, 31});
	long day = first >= last || rnd(3) == 0 ? first : first + (long)rnd((unsigned)(last - first + 1));
	date_format(date_from_days(day < last ? day : last), out, n);
}

static int followup_random(db_conn *db, const sample *s)
{
	char err[512], ref[96] = "", date[11];
	step_date(db, s, date, sizeof date);
	followup_input in = {.date = date};
	switch (rnd(8)) {
	case 0:
		in.step = "复检";
		in.value = rnd(2) ? "阳性" : "阴性";
		break;
	case 1:
		in.step = "送检确证";
		in.value = "县农产品质量安全检测站";
		break;
	case 2: { /* a 定量 record of the same product: 合格 overturns */
		db_stmt *st;
		db_prepare_rc(db, rnd(2) ? "SELECT sample_no FROM samples WHERE kind = 'routine' AND status = 'valid'"
		                   " AND product = ?1 AND id <> ?2 ORDER BY verdict = 'fail', id DESC LIMIT 1"
		                   : "SELECT sample_no FROM samples WHERE kind = 'routine' AND status = 'valid'"
		                   " AND product = ?1 AND id <> ?2 ORDER BY verdict = 'pass', id DESC LIMIT 1", &st);
		db_bind_text(st, 1, s->v[SF_PRODUCT]);
		db_bind_int64(st, 2, s->id);
		if (db_step(st) == DB_ROW)
			snprintf(ref, sizeof ref, "%s", db_column_text(st, 0));
		db_finalize(st);
		in.step = "确证结果";
		in.ref = ref;
		break;
	}
	case 3:
	case 4:
		in.step = "处置";
		in.value = "禁止上市";
		break;
	case 5:
		in.step = "结案";
		in.value = "已禁止上市";
		break;
	default: { /* void the last live step: only it may be */
		long long steps = one_id(db, "SELECT count(*) FROM followup_steps f JOIN followup_cases c"
		                         " ON c.id = f.case_id WHERE c.sample_id = ?1", s->id, NULL);
		for (int no = (int)steps; no > 0; no--)
			if (followup_void(db, s->id, no, "误录", USER_AS("录入员"), err, sizeof err))
				return 1;
		return 0;
	}
	}
	return followup_add(db, cfg, s->id, &in, USER_AS("录入员"), NULL, err, sizeof err);
}

static int ops(db_conn *db, int n)
{
	int done = 0;
	char err[512];
	for (int i = 0; i < n; i++) {
		sample s;
		sample_error e;
		long long max_id = one(db, "SELECT coalesce(max(id), 0) FROM samples", NULL, NULL);
		long long id = max_id ? 1 + (long long)rnd((unsigned)max_id) : 0;
		unsigned what = id ? rnd(14) : 0;
		if (what < 5) { /* insert */
			fill(&s);
			done += sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e);
			sample_free(&s);
		} else if (what < 8) { /* correct date, town, result */
			sample_init(&s);
			if (sample_load(db, id, &s, err, sizeof err) && !s.voided) {
				char date[11], inh[8];
				random_date(date, sizeof date);
				snprintf(inh, sizeof inh, "%u", rnd(80));
				if (rnd(2))
					sample_set(&s, SF_DATE, date);
				if (rnd(2))
					sample_set(&s, SF_TOWN, town());
				if (*s.v[SF_INHIBITION])
					sample_set(&s, SF_INHIBITION, inh);
				if (rnd(4) == 0)
					sample_set(&s, SF_STAGE, rnd(2) ? "超市" : "批发市场");
				if (rnd(4) == 0) {
					sample_set(&s, SF_PRODUCT, rnd(2) ? "葡萄" : "韭菜");
					sample_set(&s, SF_CATEGORY, "");
				}
				done += sample_correct(db, cfg, form, &s, "抄录错误", USER_AS("录入员"), &e);
			}
			sample_free(&s);
		} else if (what < 9) { /* void */
			sample_init(&s);
			if (sample_load(db, id, &s, err, sizeof err) && !s.voided)
				done += sample_void(db, id, s.version, "重复录入", USER_AS("录入员"), err, sizeof err);
			sample_free(&s);
		} else { /* a follow-up step of a failed one */
			long long fails = one(db, "SELECT count(*) FROM samples WHERE status = 'valid' AND verdict = 'fail'",
			                      NULL, NULL);
			id = fails > 0 ? one_id(db, "SELECT id FROM samples WHERE status = 'valid' AND verdict = 'fail'"
			                            " ORDER BY id LIMIT 1 OFFSET ?1", (long long)rnd((unsigned)fails), NULL)
			               : 0;
			sample_init(&s);
			if (id > 0 && sample_load(db, id, &s, err, sizeof err) && s.fail && !s.voided)
				done += followup_random(db, &s);
			sample_free(&s);
		}
	}
	return done;
}

/* The failed valid samples whose case followup_handled() says is not
 * handled, in temp.truth_open: what the open counts must say. */
static void judge_open(db_conn *db)
{
	char err[512];
	db_exec(db, "DROP TABLE IF EXISTS temp.truth_open; CREATE TEMP TABLE truth_open (id INTEGER PRIMARY KEY)");
	db_stmt *st, *ins;
	db_prepare_rc(db, "SELECT id FROM samples WHERE status = 'valid' AND verdict = 'fail'", &st);
	db_prepare_rc(db, "INSERT INTO truth_open VALUES (?1)", &ins);
	ymd today = {2026, 12, 31};
	while (db_step(st) == DB_ROW) {
		followup_case fc;
		long long id = db_column_int64(st, 0);
		bool open = !followup_load(db, cfg, id, today, &fc, err, sizeof err) || !followup_handled(&fc);
		if (open) {
			db_bind_int64(ins, 1, id);
			db_step(ins);
			db_reset(ins);
		}
		followup_case_free(&fc);
	}
	db_finalize(st);
	db_finalize(ins);
}

/* quota_compute against counting the samples. */
static int compare_quota(db_conn *db, const char *as_of)
{
	ymd d;
	date_parse(as_of, &d);
	quota_report r;
	char err[512];
	if (!quota_compute(db, cfg, 2026, d, &r, err, sizeof err))
		return 1000;
	int bad = 0;
	db_stmt *st;
	db_prepare_rc(db,
		"SELECT count(*), coalesce(sum(CASE WHEN verdict = 'fail' THEN 1 ELSE 0 END), 0),"
		" coalesce(sum(CASE WHEN s.id IN (SELECT id FROM temp.truth_open) THEN 1 ELSE 0 END), 0)"
		" FROM samples s"
		" WHERE year = 2026 AND status = 'valid' AND sample_date <= ?1 AND unit_id = ?2 AND kind = ?3", &st);
	long all = 0;
	for (int i = 0; i < r.n; i++) {
		db_bind_text(st, 1, as_of);
		db_bind_int64(st, 2, r.rows[i].unit_id);
		db_bind_text(st, 3, kind_code(r.rows[i].kind));
		db_step(st);
		if (db_column_int64(st, 0) != r.rows[i].done || db_column_int64(st, 1) != r.rows[i].positives ||
		    db_column_int64(st, 2) != r.rows[i].open_positives)
			bad++;
		all += r.rows[i].done;
		db_reset(st);
	}
	db_finalize(st);
	if (all != one(db, "SELECT count(*) FROM samples WHERE year = 2026 AND status = 'valid' AND sample_date <= ?1",
	               as_of, NULL))
		bad++;
	quota_free(&r);
	return bad;
}

/* Month and quarter breakdowns against grouping the samples. */
static int compare_breakdown(db_conn *db, const char *from, const char *as_of, quota_by by)
{
	ymd d;
	date_parse(as_of, &d);
	quota_part p[16];
	char err[512], sql[512];
	int n = quota_breakdown(db, 2026, d, 0, KIND_RAPID, by, from, p, 16, err, sizeof err);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM (SELECT %s AS k, count(*) AS n, sum(CASE WHEN verdict = 'fail' THEN 1 ELSE 0 END) AS pos FROM samples"
	         " WHERE year = 2026 AND status = 'valid' AND sample_date <= ?1 AND sample_date >= ?2"
	         " AND kind = 'rapid' GROUP BY k)",
	         by == QB_MONTH ? "substr(sample_date, 6, 2)" : "(CAST(substr(sample_date, 6, 2) AS INTEGER) + 2) / 3");
	int bad = n != one(db, sql, as_of, from);
	long total = 0, pos = 0;
	for (int i = 0; i < n; i++) {
		total += p[i].done;
		pos += p[i].positives;
	}
	bad += total != one(db, "SELECT count(*) FROM samples WHERE year = 2026 AND status = 'valid'"
	                        " AND sample_date <= ?1 AND sample_date >= ?2 AND kind = 'rapid'", as_of, from);
	bad += pos != one(db, "SELECT count(*) FROM samples WHERE year = 2026 AND status = 'valid' AND verdict = 'fail'"
	                      " AND sample_date <= ?1 AND sample_date >= ?2 AND kind = 'rapid'", as_of, from);
	return bad;
}

/* Category and stage breakdowns: the same labels, order and counts. */
static int compare_parts(db_conn *db, const char *from, const char *as_of, quota_by by, long long unit)
{
	ymd d;
	date_parse(as_of, &d);
	quota_part p[32];
	char err[512], sql[512];
	int n = quota_breakdown(db, 2026, d, unit, KIND_RAPID, by, from, p, 32, err, sizeof err);
	snprintf(sql, sizeof sql,
	         "SELECT %s AS k, count(*), sum(CASE WHEN verdict = 'fail' THEN 1 ELSE 0 END) FROM samples WHERE year = 2026"
	         " AND status = 'valid' AND sample_date <= ?1 AND sample_date >= ?2 AND (?3 = 0 OR unit_id = ?3)"
	         " AND kind = 'rapid' GROUP BY k ORDER BY count(*) DESC, k",
	         by == QB_CATEGORY ? "category" : "coalesce(stage, '(未填)')");
	db_stmt *st;
	db_prepare_rc(db, sql, &st);
	db_bind_text(st, 1, as_of);
	db_bind_text(st, 2, from);
	db_bind_int64(st, 3, unit);
	int i = 0, bad = 0;
	for (; db_step(st) == DB_ROW; i++)
		bad += i >= n || strcmp(p[i].label, db_column_text(st, 0)) != 0 ||
		       p[i].done != db_column_int64(st, 1) || p[i].positives != db_column_int64(st, 2);
	db_finalize(st);
	return bad + (i != n);
}

static int compare_lists(db_conn *db, const char *from, const char *to)
{
	char err[512];
	sample_filter f = {0};
	snprintf(f.date_from, sizeof f.date_from, "%s", from);
	snprintf(f.date_to, sizeof f.date_to, "%s", to);
	int bad = samplelist_count(db, &f, err, sizeof err) !=
	          one(db, "SELECT count(*) FROM samples WHERE status = 'valid' AND (?1 = '' OR sample_date >= ?1)"
	                  " AND (?2 = '' OR sample_date <= ?2)", from, to);
	snprintf(f.town, sizeof f.town, "%s", cfg->towns[1].name);
	f.verdict = 2;
	long want = -1;
	db_stmt *st;
	db_prepare_rc(db, "SELECT count(*) FROM samples s JOIN units u ON u.id = s.unit_id WHERE status = 'valid'"
	                   " AND verdict = 'fail' AND (?1 = '' OR sample_date >= ?1) AND (?2 = '' OR sample_date <= ?2)"
	                   " AND u.name = ?3", &st);
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, cfg->towns[1].name);
	if (db_step(st) == DB_ROW)
		want = db_column_int64(st, 0);
	db_finalize(st);
	bad += samplelist_count(db, &f, err, sizeof err) != want;
	return bad;
}

/* The 处置率 as followup_evaluate() judges each case (what
 * followup_tally_period computed before the maintained case states):
 * the failed cases of valid samples per unit, closed, open, overdue as
 * of the day, sampled in and closed in the period. */
typedef struct {
	followup_tally *rows;
	int n;
	const char *from, *to;
} walk_ctx;

static bool in_period(const walk_ctx *w, const char *date)
{
	return w->from && strcmp(date, w->from) >= 0 && strcmp(date, w->to) <= 0;
}

static bool walk_case(void *ctx, const followup_case *fc)
{
	walk_ctx *w = ctx;
	if (fc->warning)
		return true;
	const char *closed_on = NULL;
	for (int i = fc->nsteps - 1; i >= 0 && !closed_on; i--)
		if (!fc->steps[i].voided && fc->steps[i].step == FU_CLOSE)
			closed_on = fc->steps[i].v[FS_DATE];
	for (int i = 0; i < w->n - 1; i++)
		if (strcmp(w->rows[i].unit, fc->town) == 0) {
			followup_tally *r[2] = {&w->rows[i], &w->rows[w->n - 1]};
			for (int k = 0; k < 2; k++) {
				r[k]->failed++;
				r[k]->closed += fc->state == FC_CLOSED;
				r[k]->open += fc->state != FC_CLOSED;
				r[k]->overdue += fc->overdue;
				r[k]->opened += in_period(w, fc->sample_date);
				r[k]->ended += fc->state == FC_CLOSED && in_period(w, closed_on);
			}
			break;
		}
	return true;
}

static long tally_seen[4]; /* closed, overdue, opened, ended: that the cases exercise each */

static int compare_tally(db_conn *db, int year, const char *from, const char *to, const char *as_of)
{
	char err[512];
	ymd day;
	date_parse(as_of, &day);
	followup_tally got[64], want[64];
	int n = followup_tally_period(db, cfg, year, from, to, day, got, 64, err, sizeof err);
	db_stmt *st;
	db_prepare_rc(db, "SELECT name FROM units ORDER BY sort, id", &st);
	int m = 0;
	while (m < 63 && db_step(st) == DB_ROW) {
		memset(&want[m], 0, sizeof want[m]);
		snprintf(want[m++].unit, sizeof want[0].unit, "%s", db_column_text(st, 0));
	}
	db_finalize(st);
	memset(&want[m], 0, sizeof want[m]);
	snprintf(want[m++].unit, sizeof want[0].unit, "合计");
	walk_ctx w = {want, m, from, to};
	followup_filter f = {.year = year};
	if (n != m || followup_each(db, cfg, &f, USER_AS("tally"), day, walk_case, &w, err, sizeof err) < 0)
		return 1;
	int bad = 0;
	for (int i = 0; i < n; i++) {
		const followup_tally *a = &got[i], *b = &want[i];
		bool same = strcmp(a->unit, b->unit) == 0 && a->failed == b->failed && a->closed == b->closed &&
		            a->open == b->open && a->overdue == b->overdue && a->opened == b->opened && a->ended == b->ended;
		if (!same && bad++ < 3)
			fprintf(stderr, "# %d %s..%s as of %s, %s: failed %ld/%ld closed %ld/%ld open %ld/%ld overdue %ld/%ld"
			        " opened %ld/%ld ended %ld/%ld\n", year, from ? from : "-", to ? to : "-", as_of, a->unit,
			        a->failed, b->failed, a->closed, b->closed, a->open, b->open, a->overdue, b->overdue,
			        a->opened, b->opened, a->ended, b->ended);
	}
	const followup_tally *all = &got[n - 1];
	tally_seen[0] += all->closed;
	tally_seen[1] += all->overdue;
	tally_seen[2] += all->opened;
	tally_seen[3] += all->ended;
	return bad;
}

/* The cases of a period (followup_each with dates picks the failed ones
 * from the case states) against the year's cases sampled in it. */
typedef struct {
	const char *from, *to;
	long n, in;
	long long ids;
} period_seen;

static bool see_case(void *ctx, const followup_case *fc)
{
	period_seen *p = ctx;
	p->n++;
	p->ids += fc->id;
	p->in += strcmp(fc->sample_date, p->from) >= 0 && strcmp(fc->sample_date, p->to) <= 0;
	return true;
}

static int compare_period_cases(db_conn *db, const char *from, const char *to)
{
	char err[512];
	period_seen all = {from, to, 0, 0, 0}, some = {from, to, 0, 0, 0};
	followup_filter f = {.year = 2026};
	long long in_ids = 0;
	if (followup_each(db, cfg, &f, USER_AS("tally"), (ymd){2026, 12, 31}, see_case, &all, err, sizeof err) < 0)
		return 1;
	f.from = from;
	f.to = to;
	if (followup_each(db, cfg, &f, USER_AS("tally"), (ymd){2026, 12, 31}, see_case, &some, err, sizeof err) < 0)
		return 1;
	db_stmt *st;
	db_prepare_rc(db, "SELECT coalesce(sum(c.id), 0) FROM followup_cases c JOIN samples s ON s.id = c.sample_id"
	                   " WHERE s.status = 'valid' AND s.year = 2026 AND s.sample_date BETWEEN ?1 AND ?2", &st);
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	if (db_step(st) == DB_ROW)
		in_ids = db_column_int64(st, 0);
	db_finalize(st);
	return some.n != all.in || some.in != some.n || some.ids != in_ids;
}

/* followup_tally_period (the maintained case states) against judging
 * every case: years, quarters and no period, days before, inside and
 * after the year, and the deadlines' settings at their defaults, 0 and
 * long. */
static int compare_tallies(db_conn *db)
{
	static const char *const as_of[] = {"2026-01-01", "2026-01-31", "2026-02-28", "2026-03-15", "2026-04-30",
	                                    "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-17",
	                                    "2026-10-31", "2026-11-30", "2026-12-31", "2027-02-01", "2025-12-31"};
	static const char *const periods[][2] = {{NULL, NULL}, {"2026-01-01", "2026-03-31"},
	                                         {"2026-04-01", "2026-06-30"}, {"2026-10-01", "2026-12-31"},
	                                         {"2026-07-14", "2026-08-02"}};
	static const long days[][3] = {{0, 0, 0}, {-1, -1, -1}, {30, 10, 365}, {7, 1, 0}};
	long keep[3] = {cfg->fu_retest_days, cfg->fu_confirm_days, cfg->fu_dispose_days};
	int bad = 0;
	for (size_t d = 0; d < sizeof days / sizeof *days; d++) {
		cfg->fu_retest_days = days[d][0] < 0 ? keep[0] : days[d][0];
		cfg->fu_confirm_days = days[d][1] < 0 ? keep[1] : days[d][1];
		cfg->fu_dispose_days = days[d][2] < 0 ? keep[2] : days[d][2];
		for (size_t i = 0; i < sizeof as_of / sizeof *as_of; i++)
			for (size_t p = 0; p < sizeof periods / sizeof *periods; p++) {
				bad += compare_tally(db, 2026, periods[p][0], periods[p][1], as_of[i]);
				if (p == 0)
					bad += compare_tally(db, 0, NULL, NULL, as_of[i]) + compare_tally(db, 2025, NULL, NULL, as_of[i]);
			}
	}
	cfg->fu_retest_days = keep[0];
	cfg->fu_confirm_days = keep[1];
	cfg->fu_dispose_days = keep[2];
	for (size_t p = 1; p < sizeof periods / sizeof *periods; p++)
		bad += compare_period_cases(db, periods[p][0], periods[p][1]);
	return bad;
}

static void compare_all(db_conn *db, const char *when)
{
	char err[512];
	long differ = -1;
	judge_open(db);
	CHECK(sample_counts_verify(db, &differ, err, sizeof err) && differ == 0,
	      "%s: the counts equal a full recount (%ld rows differ)", when, differ);
	static const char *const dates[] = {"2026-01-01", "2026-01-31", "2026-02-28", "2026-03-15", "2026-06-30",
	                                    "2026-07-01", "2026-09-17", "2026-12-31", "2027-02-01", "2025-12-31"};
	int bad = 0;
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		bad += compare_quota(db, dates[i]);
		for (size_t j = 0; j < sizeof dates / sizeof *dates; j += 3) {
			bad += compare_breakdown(db, j ? dates[j] : "", dates[i], QB_MONTH);
			bad += compare_breakdown(db, j ? dates[j] : "", dates[i], QB_QUARTER);
			bad += compare_lists(db, j ? dates[j] : "", dates[i]);
			bad += compare_parts(db, j ? dates[j] : "", dates[i], QB_CATEGORY, 0);
			bad += compare_parts(db, j ? dates[j] : "", dates[i], QB_STAGE, 2);
		}
	}
	bad += compare_lists(db, "", "");
	memset(tally_seen, 0, sizeof tally_seen);
	int tally_bad = compare_tallies(db);
	CHECK(tally_bad == 0 && tally_seen[0] > 0 && tally_seen[1] > 0 && tally_seen[2] > 0 && tally_seen[3] > 0,
	      "%s: the 处置率 (failed, closed, open, overdue as of a day, sampled and closed in a period) from the case"
	      " states equals judging every case, and a period's cases are the year's sampled in it (%d differ; %ld closed, %ld overdue, %ld sampled, %ld closed in"
	      " periods)", when, tally_bad, tally_seen[0], tally_seen[1], tally_seen[2], tally_seen[3]);
	CHECK(bad == 0, "%s: quota figures, breakdowns (month, quarter, category, stage) and list counts as counting the samples"
	      " gives (%d differ)",
	      when, bad);
}

static long open_rapid(db_conn *db)
{
	quota_report r;
	char err[512];
	if (!quota_compute(db, cfg, 2026, (ymd){2026, 12, 31}, &r, err, sizeof err))
		return -1;
	long n = r.totals[KIND_RAPID].open_positives;
	quota_free(&r);
	return n;
}

/* One case through the steps that change whether it is handled: a
 * 确证合格 overturns it, a second 送检确证 sent after that opens it again
 * until its result, a voided 处置 opens it again. */
/* 芹菜 of the one producer on date: a rapid test of inhibition 91
 * (阳性), or (value given) a 例行监测 of 毒死蜱 at value mg/kg against 0.05. */
static void celery(sample *s, const char *date, const char *value)
{
	fill(s);
	sample_set(s, SF_KIND, value ? "例行监测" : "定性检测");
	sample_set(s, SF_PRODUCT, "芹菜");
	sample_set(s, SF_DATE, date);
	sample_set(s, SF_INHIBITION, value ? "" : "91");
	if (value) {
		sample_set(s, SF_ITEM, "毒死蜱");
		sample_set(s, SF_VALUE, value);
		sample_set(s, SF_UNIT, "mg/kg");
		sample_set(s, SF_LIMIT, "0.05");
	}
}

static void walk_one_case(db_conn *db)
{
	char err[512];
	sample s, q;
	sample_error e;
	celery(&s, "2026-11-02", NULL);
	celery(&q, "2026-11-03", "0.01");
	long before = open_rapid(db);
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && s.fail &&
	      sample_insert(db, cfg, form, &q, USER_AS("录入员"), &e) && !q.fail,
	      "a rapid 阳性 and a 合格 quantitative record of the same product: %s", e.msg);
	CHECK(open_rapid(db) == before + 1, "the 阳性 sample is open (%ld -> %ld)", before, open_rapid(db));
	static const struct {
		followup_input in;
		int open; /* 1: the sample counted open after the step */
		const char *what;
	} steps[] = {
		{{.step = "复检", .date = "2026-11-04", .value = "阳性"}, 1, "复检 阳性: still open"},
		{{.step = "送检确证", .date = "2026-11-05", .value = "县检测站"}, 1, "送检确证: still open"},
		{{.step = "确证结果", .date = "2026-11-09"}, 0, "确证结果 合格: handled"},
		{{.step = "送检确证", .date = "2026-11-10", .value = "市检测站"}, 1, "a second 送检确证: open again"},
		{{.step = "处置", .date = "2026-11-11", .value = "暂停销售"}, 0, "处置: handled"},
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		followup_input in = steps[i].in;
		if (!in.value)
			in.ref = q.sample_no;
		CHECK(followup_add(db, cfg, s.id, &in, USER_AS("录入员"), NULL, err, sizeof err), "%s: %s", steps[i].what,
		      err);
		CHECK(open_rapid(db) == before + steps[i].open, "%s (%ld open)", steps[i].what, open_rapid(db));
	}
	CHECK(followup_void(db, s.id, 5, "处置录错", USER_AS("录入员"), err, sizeof err) && open_rapid(db) == before + 1,
	      "the 处置 voided: open again (%s)", err);
	CHECK(followup_void(db, s.id, 4, "送错", USER_AS("录入员"), err, sizeof err) && open_rapid(db) == before,
	      "the second 送检确证 voided: the 确证合格 handles it again (%s)", err);
	sample_free(&s);
	sample_free(&q);
}

/* Cases in every state the 处置率 tells apart, sampled on 2026-11-02
 * with steps a day or two apart, so that each deadline (复检, 确证 from
 * the sampling, 处置 from the sampling or from the confirmation's result)
 * passes on a day of November: the figures of every day from the case
 * states against judging every case. */
static void cases_in_every_state(db_conn *db)
{
	char err[512];
	sample pass, fail;
	sample_error e;
	celery(&pass, "2026-11-01", "0.01");
	celery(&fail, "2026-11-01", "0.9");
	CHECK(sample_insert(db, cfg, form, &pass, USER_AS("录入员"), &e) && !pass.fail &&
	      sample_insert(db, cfg, form, &fail, USER_AS("录入员"), &e) && fail.fail,
	      "a 合格 and a 不合格 quantitative record of 芹菜 to confirm with: %s", e.msg);
	/* steps: a letter a step (R 复检, S 送检确证, P 确证结果 合格, F 确证结果
	 * 不合格, D 处置, C 结案, V void the last), the n-th a day after the last */
	static const char *const cases[] = {"", "R", "RS", "SF", "SP", "SPS", "SFD", "SFDC", "SFDCV", "SPC", "SFV",
	                                    "RSFDV", "q", "qD", "qDC"};
	int made = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *steps = cases[i];
		bool quantitative = *steps == 'q';
		sample s;
		celery(&s, "2026-11-02", quantitative ? "0.9" : NULL);
		bool ok = sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && s.fail;
		int day = 2, n = 0;
		for (const char *k = steps + quantitative; ok && *k; k++) {
			char date[11];
			day += 1 + (int)(k - steps) % 2;
			date_format((ymd){2026, 11, day}, date, sizeof date);
			followup_input in = {.date = date};
			switch (*k) {
			case 'R': in.step = "复检"; in.value = "阳性"; break;
			case 'S': in.step = "送检确证"; in.value = "县检测站"; break;
			case 'P': in.step = "确证结果"; in.ref = pass.sample_no; break;
			case 'F': in.step = "确证结果"; in.ref = fail.sample_no; break;
			case 'D': in.step = "处置"; in.value = "禁止上市"; break;
			case 'C': in.step = "结案"; in.value = "已禁止上市"; break;
			}
			ok = *k == 'V' ? followup_void(db, s.id, n, "误录", USER_AS("录入员"), err, sizeof err)
			               : followup_add(db, cfg, s.id, &in, USER_AS("录入员"), NULL, err, sizeof err);
			n += *k != 'V';
		}
		made += ok;
		if (!ok)
			fprintf(stderr, "# case %s: %s\n", steps, err);
		sample_free(&s);
	}
	sample_free(&pass);
	sample_free(&fail);
	int bad = 0;
	long keep[3] = {cfg->fu_retest_days, cfg->fu_confirm_days, cfg->fu_dispose_days};
	static const long days[][3] = {{-1, -1, -1}, {0, 0, 0}, {2, 5, 1}, {9, 3, 6}};
	for (size_t d = 0; d < sizeof days / sizeof *days; d++) {
		cfg->fu_retest_days = days[d][0] < 0 ? keep[0] : days[d][0];
		cfg->fu_confirm_days = days[d][1] < 0 ? keep[1] : days[d][1];
		cfg->fu_dispose_days = days[d][2] < 0 ? keep[2] : days[d][2];
		for (int day = 1; day <= 30; day++) {
			char as_of[11];
			date_format((ymd){2026, 11, day}, as_of, sizeof as_of);
			bad += compare_tally(db, 2026, NULL, NULL, as_of) +
			       compare_tally(db, 2026, "2026-11-01", as_of, as_of);
		}
	}
	cfg->fu_retest_days = keep[0];
	cfg->fu_confirm_days = keep[1];
	cfg->fu_dispose_days = keep[2];
	CHECK(made == (int)(sizeof cases / sizeof *cases) && bad == 0,
	      "cases in every state (%d of %zu made), each day of November, four deadline settings: the 处置率"
	      " from the case states equals judging every case (%d differ)", made, sizeof cases / sizeof *cases, bad);
}

/* What a count costs in SQLite's virtual-machine steps (a progress
 * handler called at every one): a count read from the summaries or an
 * index stays the same when rows are added; a walk over the samples
 * grows with them. Deterministic, unlike a time. */
static long vm_steps;
static int count_step(void *ctx)
{
	(void)ctx;
	vm_steps++;
	return 0;
}

typedef struct {
	long year, entered, quota;
} costs;

static costs cost_of_counts(db_conn *db)
{
	char err[512], stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	stamp[10] = '\0';
	sample_filter f = {0};
	snprintf(f.date_from, sizeof f.date_from, "2026-01-01");
	snprintf(f.date_to, sizeof f.date_to, "2026-12-31");
	costs c;
	quota_report r;
	sqlite3_progress_handler(db_sqlite(db), 1, count_step, NULL);
	vm_steps = 0;
	samplelist_count(db, &f, err, sizeof err);
	c.year = vm_steps;
	vm_steps = 0;
	samplelist_count_entered(db, "录入员", stamp, err, sizeof err);
	c.entered = vm_steps;
	vm_steps = 0;
	if (quota_compute(db, cfg, 2026, (ymd){2026, 12, 31}, &r, err, sizeof err))
		quota_free(&r);
	c.quota = vm_steps;
	sqlite3_progress_handler(db_sqlite(db), 0, NULL, NULL);
	return c;
}

/* Another user's 400 samples, all of one unit, kind, verdict and day
 * (so no new summary row): what the main menu and the dashboard count
 * must cost no more for them. */
static void counts_do_not_walk(db_conn *db)
{
	bool measured = !test_on_pg();
	costs before = measured ? cost_of_counts(db) : (costs){0};
	int added = 0;
	for (int i = 0; i < 400; i++) {
		sample s;
		sample_error e;
		fill(&s);
		sample_set(&s, SF_DATE, "2026-06-15");
		sample_set(&s, SF_TOWN, cfg->towns[1].name);
		sample_set(&s, SF_KIND, "定性检测");
		sample_set(&s, SF_PRODUCT, "豇豆");
		sample_set(&s, SF_STAGE, "超市");
		sample_set(&s, SF_ITEM, "");
		sample_set(&s, SF_VALUE, "");
		sample_set(&s, SF_UNIT, "");
		sample_set(&s, SF_LIMIT, "");
		sample_set(&s, SF_INHIBITION, "12");
		added += sample_insert(db, cfg, form, &s, USER_AS("其他录入员"), &e);
		sample_free(&s);
	}
	CHECK(added == 400, "another user's 400 samples saved (%d)", added);
	if (!measured) {
		TEST_SKIP_PG("what the counts cost is counted in SQLite's VM steps (sqlite3_progress_handler)");
		return;
	}
	costs after = cost_of_counts(db);
	CHECK(after.year <= before.year + 20,
	      "the menu's year count reads the summaries: %ld steps, %ld after %d more samples", before.year, after.year,
	      added);
	CHECK(after.entered <= before.entered + 20,
	      "what one user entered today is found by an index: %ld steps, %ld after another user's %d samples",
	      before.entered, after.entered, added);
	CHECK(after.quota <= before.quota + 20,
	      "the dashboard's figures read the summaries: %ld steps, %ld after %d more samples", before.quota,
	      after.quota, added);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-12-31", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	CHECK(cfg && form, "config and form: %s", cfg && form ? "" : err);
	if (!cfg || !form)
		return check_done();
	db_conn *db = test_db_open(10000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "cannot open db: %s\n", err);
		return 2;
	}
	/* 疑似阳性 opens a case too (a warning-band case is not in the
	 * 处置率; a correction into 阳性 makes it a failed one). */
	CHECK(audit_add(db, "admin", "settings.set", "followup.open_on_warning", "no", "yes", err, sizeof err) &&
	      db_exec(db, "INSERT INTO settings VALUES ('config', 'followup', 'open_on_warning', 'yes', 0,"
	                       " '2026-01-01 08:00:00', 'admin')") == DB_OK,
	      "followup.open_on_warning on (as `nongjian settings` writes it, audit row first)");
	int done = ops(db, 600);
	CHECK(done > 300, "random inserts, corrections, voids and follow-ups (%d done)", done);
	CHECK(one(db, "SELECT count(*) FROM samples WHERE status = 'void'", NULL, NULL) > 10 &&
	      one(db, "SELECT count(*) FROM sample_changes WHERE field IN ('date', 'town')", NULL, NULL) > 10,
	      "voids and date corrections among them");
	long long fails = one(db, "SELECT count(*) FROM samples WHERE status = 'valid' AND verdict = 'fail'", NULL, NULL);
	judge_open(db);
	long long open = one(db, "SELECT count(*) FROM truth_open", NULL, NULL);
	CHECK(one(db, "SELECT count(DISTINCT step) FROM followup_steps WHERE status = 'valid'", NULL, NULL) >= 4 &&
	      one(db, "SELECT count(*) FROM followup_steps WHERE status = 'void'", NULL, NULL) > 3 &&
	      one(db, "SELECT count(*) FROM followup_steps WHERE step = 'result' AND outcome = 'pass'", NULL, NULL) > 0 &&
	      open > 0 && open < fails,
	      "follow-up steps of every kind and voided ones among them; some failed samples handled, some not"
	      " (%lld of %lld open)", open, fails);
	CHECK(one(db, "SELECT count(*) FROM followup_cases WHERE reason = 'warn'", NULL, NULL) > 0 &&
	      one(db, "SELECT count(*) FROM followup_cases c JOIN samples s ON s.id = c.sample_id"
	              " WHERE s.kind <> 'rapid'", NULL, NULL) > 0,
	      "warning-band cases and quantitative ones among the cases");
	compare_all(db, "after random changes");
	walk_one_case(db);
	compare_all(db, "after one case's steps");
	cases_in_every_state(db);
	counts_do_not_walk(db);

	/* A bulk job in one transaction (as the importer saves). */
	db_tx tx;
	CHECK(db_begin(db, &tx, err, sizeof err), "begin a bulk job");
	ops(db, 200);
	CHECK(db_commit(db, &tx, err, sizeof err), "commit the bulk job");
	compare_all(db, "after a bulk job");

	/* Damage found, then rebuilt. */
	db_exec(db, "UPDATE sample_month_counts SET n = n + 1 WHERE month = (SELECT min(month) FROM sample_month_counts)");
	db_exec(db, "DELETE FROM sample_day_counts WHERE sample_date = (SELECT max(sample_date) FROM sample_day_counts)");
	long differ = 0;
	CHECK(sample_counts_verify(db, &differ, err, sizeof err) && differ > 0, "damaged counts are found (%ld)", differ);
	CHECK(sample_counts_rebuild(db, err, sizeof err), "rebuilt: %s", err);
	compare_all(db, "after a rebuild");
	/* The case states alone damaged: a closed case made open, a case lost. */
	db_exec(db, "UPDATE followup_states SET closed_on = NULL WHERE case_id ="
	                 " (SELECT min(case_id) FROM followup_states WHERE closed_on IS NOT NULL);"
	                 " DELETE FROM followup_states WHERE case_id = (SELECT max(case_id) FROM followup_states)");
	CHECK(sample_counts_verify(db, &differ, err, sizeof err) && differ == 3,
	      "damaged case states are found (%ld rows differ: the changed one both ways, the lost one)", differ);
	CHECK(sample_counts_rebuild(db, err, sizeof err), "rebuilt: %s", err);
	compare_all(db, "after the case states' rebuild");
	test_db_close(db);
	form_free(form);
	config_free(cfg);
	return check_done();
}
