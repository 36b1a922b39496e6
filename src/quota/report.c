#include "quota/report.h"

#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "quota/quota_print.h"
#include "sample/followup.h"
#include "base/text.h"

int report_default_quarter(int year)
{
	ymd t = date_today();
	if (t.y > year)
		return 4;
	if (t.y < year)
		return 1;
	return (t.m + 2) / 3;
}

static int by_pct_desc(const void *pa, const void *pb)
{
	const quota_row *a = *(const quota_row *const *)pa, *b = *(const quota_row *const *)pb;
	if (a->pct != b->pct)
		return a->pct > b->pct ? -1 : 1;
	return a->sort - b->sort;
}

/* The quarter's parts of one view, the kinds summed into one list. */
static bool sum_view(sqlite3 *db, report_data *d, quota_by by, quota_part *sum, int *ns, char *err,
                     size_t errlen)
{
	quota_part parts[REPORT_MAX_PARTS];
	*ns = 0;
	for (int k = 0; k < KIND_COUNT; k++) {
		int n = quota_breakdown(db, d->year, d->r.as_of, 0, k, by, d->from, parts, REPORT_MAX_PARTS, err,
		                        errlen);
		if (n < 0)
			return false;
		for (int i = 0; i < n; i++) {
			int j = 0;
			while (j < *ns && strcmp(sum[j].label, parts[i].label) != 0)
				j++;
			if (j == *ns) {
				if (*ns == REPORT_MAX_PARTS)
					continue;
				sum[(*ns)++] = parts[i];
			} else {
				sum[j].done += parts[i].done;
				sum[j].positives += parts[i].positives;
			}
		}
	}
	return true;
}

bool report_collect(sqlite3 *db, const config *c, int year, int quarter, report_data *d, char *err,
                    size_t errlen)
{
	memset(d, 0, sizeof *d);
	if (quarter < 1 || quarter > 4) {
		snprintf(err, errlen, "季度应为 1 到 4");
		return false;
	}
	d->year = year;
	d->quarter = quarter;
	ymd end = {year, quarter * 3, 0}, today = date_today();
	end.d = date_days_in_month(year, end.m);
	ymd as_of = date_cmp(end, today) > 0 ? today : end;
	snprintf(d->from, sizeof d->from, "%04d-%02d-01", year, quarter * 3 - 2);
	date_format(as_of, d->to, sizeof d->to);
	if (date_cmp(as_of, (ymd){year, quarter * 3 - 2, 1}) < 0) {
		snprintf(err, errlen, "%d 年第 %d 季度还没开始", year, quarter);
		return false;
	}
	if (!quota_compute(db, c, year, as_of, &d->r, err, errlen))
		return false;
	d->have_report = true;
	d->rank = calloc((size_t)d->r.n + 1, sizeof *d->rank);
	for (int i = 0; i < d->r.n; i++)
		if (d->r.rows[i].kind == KIND_RAPID && d->r.rows[i].target > 0)
			d->rank[d->nrank++] = &d->r.rows[i];
	qsort(d->rank, (size_t)d->nrank, sizeof *d->rank, by_pct_desc);
	quota_part parts[REPORT_MAX_PARTS];
	for (int k = 0; k < KIND_COUNT; k++) {
		int n = quota_breakdown(db, year, as_of, 0, k, QB_QUARTER, d->from, parts, REPORT_MAX_PARTS, err, errlen);
		if (n < 0) {
			report_data_free(d);
			return false;
		}
		for (int i = 0; i < n; i++) {
			d->quarter_done += parts[i].done;
			d->quarter_positives += parts[i].positives;
		}
	}
	if (!sum_view(db, d, QB_CATEGORY, d->by_category, &d->ncategory, err, errlen) ||
	    !sum_view(db, d, QB_STAGE, d->by_stage, &d->nstage, err, errlen)) {
		report_data_free(d);
		return false;
	}
	for (int k = 0; k < KIND_COUNT; k++)
		d->open_positives += d->r.totals[k].open_positives;
	return true;
}

void report_data_free(report_data *d)
{
	free(d->rank);
	d->rank = NULL;
	if (d->have_report)
		quota_free(&d->r);
	d->have_report = false;
}

static void parts_line(FILE *out, const char *title, const quota_part *p, int n, bool positives)
{
	fprintf(out, "  %s: ", title);
	int shown = 0;
	for (int i = 0; i < n; i++) {
		long v = positives ? p[i].positives : p[i].done;
		if (v == 0)
			continue;
		fprintf(out, "%s%s %ld 个", shown ? "，" : "", p[i].label, v);
		shown++;
	}
	fputs(shown ? "。\n" : "无。\n", out);
}

/* 县, 区 or 市: the district's own word, the last character of its name
 * (阳西县's bulletin speaks of 县级 tasks, 铜梁区's of 区级). */
static const char *level_word(const config *c)
{
	static const char *const words[] = {"县", "区", "市"};
	size_t n = strlen(c->district_name);
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t w = strlen(words[i]);
		if (n >= w && strcmp(c->district_name + n - w, words[i]) == 0)
			return words[i];
	}
	return "县";
}

/* ---- 五、检打联动 ---- */

typedef struct {
	const report_data *d;
	followup_case *cases; /* the quarter's failed samples (warning band apart) */
	int n;
} quarter_cases;

static bool quarter_case(void *ctx, const followup_case *fc)
{
	quarter_cases *q = ctx;
	if (fc->warning || strcmp(fc->sample_date, q->d->from) < 0 || strcmp(fc->sample_date, q->d->to) > 0)
		return true;
	q->cases = xreallocarray(q->cases, (size_t)q->n + 1, sizeof *q->cases);
	followup_case *k = &q->cases[q->n++];
	*k = *fc;
	k->steps = NULL; /* the list needs the case's state, not its steps */
	k->nsteps = 0;
	return true;
}

static int by_sampling(const void *pa, const void *pb)
{
	const followup_case *a = pa, *b = pb;
	int r = strcmp(a->sample_date, b->sample_date);
	return r ? r : strcmp(a->sample_no, b->sample_no);
}

static void rate_text(long part, long whole, char *out, size_t outlen)
{
	if (whole)
		snprintf(out, outlen, "%.1f%%", 100.0 * (double)part / (double)whole);
	else
		snprintf(out, outlen, "—");
}

/* The follow-up of failed samples: the quarter's cases and 结案, the
 * year's 处置率 per unit (units in their order, those without a failure
 * left out, 合计 last; national 质量安全县 criteria expect 100 %), the
 * overdue ones named, and the quarter's failed samples with the state
 * of their case (by sampling date, then number). States as of the
 * bulletin's date. */
static bool followup_section(sqlite3 *db, const config *c, const report_data *d, FILE *out, char *err,
                             size_t errlen)
{
	ymd asof;
	if (!date_parse(d->to, &asof))
		asof = date_today();
	followup_tally rows[512];
	int n = followup_tally_period(db, c, d->year, d->from, d->to, asof, rows, 512, err, errlen);
	if (n < 1)
		return false;
	const followup_tally *all = &rows[n - 1];
	char rate[32];
	rate_text(all->closed, all->failed, rate, sizeof rate);
	fprintf(out, "\n五、检打联动 (不合格样品跟踪处置)\n");
	fprintf(out, "  本季度抽检发现不合格样品 %ld 个，本季度结案 %ld 件。全年不合格 %ld 个，已结案 %ld 个，"
	        "未结案 %ld 个 (其中逾期 %ld 个)，处置率 %s (质量安全县要求 100%%)。\n",
	        all->opened, all->ended, all->failed, all->closed, all->open, all->overdue, rate);
	if (all->failed) {
		fprintf(out, "  单位          不合格  已结案  未结案  逾期  处置率\n");
		for (int i = 0; i < n; i++) {
			if (!rows[i].failed)
				continue;
			char name[80];
			text_pad(rows[i].unit, 12, false, name, sizeof name);
			rate_text(rows[i].closed, rows[i].failed, rate, sizeof rate);
			fprintf(out, "  %s %6ld  %6ld  %6ld  %4ld  %6s\n", name, rows[i].failed, rows[i].closed, rows[i].open,
			        rows[i].overdue, rate);
		}
	}
	quarter_cases q = {d, NULL, 0};
	followup_filter f = {.year = d->year};
	bool ok = followup_each(db, c, &f, USER_AS("bulletin"), asof, quarter_case, &q, err, errlen) >= 0;
	if (ok && q.n > 1)
		qsort(q.cases, (size_t)q.n, sizeof *q.cases, by_sampling);
	if (ok) {
		int late = 0;
		for (int i = 0; i < q.n; i++)
			late += q.cases[i].overdue;
		fprintf(out, "  本季度不合格样品 (按抽样日期)%s\n", q.n ? ":" : ": 无。");
		for (int i = 0; i < q.n; i++) {
			const followup_case *k = &q.cases[i];
			fprintf(out, "    %s  %s  %s  %s  %s  %s%s%s\n", k->sample_no, k->town, *k->producer ? k->producer : "—",
			        k->product, k->verdict, k->state_text, k->overdue ? "  " : "", k->overdue_text);
		}
		if (late)
			fprintf(out, "  以上逾期未处置的 %d 个样品，请所在单位立即处置并报告。\n", late);
	}
	free(q.cases);
	return ok;
}

bool report_quarter(sqlite3 *db, const config *c, int year, int quarter, FILE *out,
                    char *err, size_t errlen)
{
	report_data d;
	if (!report_collect(db, c, year, quarter, &d, err, errlen))
		return false;
	const quota_report *r = &d.r;
	const quota_row *rt = &r->totals[KIND_RAPID];
	fprintf(out, "%s农产品质量安全检测工作通报\n（%d 年第 %d 季度，截至 %s）\n\n", c->district_name, year,
	        quarter, d.to);
	fputs("一、总体进度\n", out);
	char pct[32], rate[32];
	quota_fmt_pct(rt->pct, pct, sizeof pct);
	fprintf(out, "  全年定性速测任务 %ld 个，已完成 %ld 个，完成率 %s；按时间进度应完成 %.0f 个，%s %.0f 个。\n",
	        rt->target, rt->done, pct, rt->expected, rt->gap >= 0 ? "超出" : "相差",
	        rt->gap >= 0 ? rt->gap : -rt->gap);
	long qt = 0, qd = 0, qp = 0;
	for (int k = KIND_ROUTINE; k < KIND_COUNT; k++) {
		qt += r->totals[k].target;
		qd += r->totals[k].done;
		qp += r->totals[k].positives;
	}
	fprintf(out, "  %s级定量检测任务 %ld 个，已完成 %ld 个 (", level_word(c), qt, qd);
	for (int k = KIND_ROUTINE; k < KIND_COUNT; k++)
		fprintf(out, "%s%s %ld/%ld", k > KIND_ROUTINE ? "，" : "", kind_label(k), r->totals[k].done,
		        r->totals[k].target);
	fputs(")。\n", out);
	(void)qp;
	/* One pass rate per kind, never merged: a rapid test's 阳性 and a lab's
	 * 不合格 are not the same measure, and 农业投入品 are not 农产品. */
	fprintf(out, "  农产品合格率 (分检测类别统计，目标 %.0f%%):\n", c->pass_goal);
	for (int k = 0; k < KIND_COUNT; k++) {
		const quota_row *t = &r->totals[k];
		quota_fmt_rate(t->pass_rate, rate, sizeof rate);
		if (k == KIND_INPUTS)
			fprintf(out, "  %s: 检测 %ld 个，不合格 %ld 个 (单独统计，不计入农产品合格率)。\n\n", kind_label(k),
			        t->done, t->positives);
		else
			fprintf(out, "    %s: 检测 %ld 个，%s %ld 个，合格率 %s，%s。\n", kind_label(k), t->done,
			        k == KIND_RAPID ? "阳性" : "不合格", t->positives, *rate ? rate : "—",
			        t->pass_rate < 0 ? "尚无检测" : t->pass_rate >= c->pass_goal ? "达到目标" : "未达到目标");
	}

	fputs("二、各单位定性速测进度排名 (按完成率)\n", out);
	for (int i = 0; i < d.nrank; i++) {
		char name[80];
		text_pad(d.rank[i]->unit, 12, false, name, sizeof name);
		quota_fmt_pct(d.rank[i]->pct, pct, sizeof pct);
		quota_fmt_rate(d.rank[i]->pass_rate, rate, sizeof rate);
		fprintf(out, "  %2d. %s 完成 %4ld/%-4ld %7s  差额 %+5.0f  合格率 %s\n", i + 1, name,
		        d.rank[i]->done, d.rank[i]->target, pct, d.rank[i]->gap, *rate ? rate : "—");
	}
	fputs("\n三、进度落后的单位\n", out);
	int behind = 0;
	for (int i = d.nrank - 1; i >= 0; i--) {
		if (d.rank[i]->gap >= -0.5)
			continue;
		fprintf(out, "%s%s (差 %.0f 个)", behind ? "、" : "  通报批评: ", d.rank[i]->unit, -d.rank[i]->gap);
		behind++;
	}
	fputs(behind ? "。\n  以上单位低于时间进度，请加快抽样检测进度。\n" : "  各单位均达到时间进度。\n", out);
	/* The best three on pace, in the ranking's order (completion, then the
	 * configured order). */
	int praised = 0;
	for (int i = 0; i < d.nrank && praised < 3; i++) {
		if (d.rank[i]->gap < -0.5 || d.rank[i]->done == 0)
			continue;
		fprintf(out, "%s%s", praised ? "、" : "  通报表扬: ", d.rank[i]->unit);
		praised++;
	}
	fputs(praised ? " (达到时间进度，完成率居前)。\n\n" : "\n", out);

	fprintf(out, "四、本季度不合格样品情况 (%s 至 %s)\n", d.from, d.to);
	fprintf(out, "  本季度检测 %ld 个，不合格 %ld 个。\n", d.quarter_done, d.quarter_positives);
	parts_line(out, "按产品类别", d.by_category, d.ncategory, true);
	parts_line(out, "按抽样环节", d.by_stage, d.nstage, true);
	fprintf(out, "  全年尚未处置的不合格样品 %ld 个%s\n", d.open_positives,
	        d.open_positives ? "，请及时复检、送检或依法处置。" : "。");
	bool ok = followup_section(db, c, &d, out, err, errlen);
	report_data_free(&d);
	if (!ok)
		return false;
	if (ferror(out)) {
		snprintf(err, errlen, "写入通报失败");
		return false;
	}
	return true;
}
