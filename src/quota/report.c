#include "quota/report.h"

#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/number.h"
#include "quota/quota_print.h"
#include "quota/report_failed.h"
#include "sample/sample.h"
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

void report_default_period(const config *c, bool year_given, int *year, int *quarter)
{
	ymd t = date_today();
	if (!year_given)
		*year = c->year;
	*quarter = report_default_quarter(*year);
	if (!c->bulletin_last_quarter || *year != t.y)
		return;
	if (*quarter > 1) {
		(*quarter)--;
	} else if (!year_given) {
		(*year)--;
		*quarter = 4;
	}
}

static int by_pct_desc(const void *pa, const void *pb)
{
	const quota_row *a = *(const quota_row *const *)pa, *b = *(const quota_row *const *)pb;
	if (a->pct != b->pct)
		return a->pct > b->pct ? -1 : 1;
	return a->sort - b->sort;
}

/* Problems first: the most failures, then the most tests, then the name. */
static int by_problems(const void *pa, const void *pb)
{
	const quota_part *a = pa, *b = pb;
	if (a->positives != b->positives)
		return a->positives > b->positives ? -1 : 1;
	if (a->done != b->done)
		return a->done > b->done ? -1 : 1;
	return strcmp(a->label, b->label);
}

/* The quarter's parts of one view, the kinds of 农产品 summed into one
 * list (农业投入品 are counted apart). */
static bool sum_view(db_conn *db, report_data *d, quota_by by, quota_part *sum, int *ns, char *err,
                     size_t errlen)
{
	quota_part parts[REPORT_MAX_PARTS];
	*ns = 0;
	for (int k = 0; k < KIND_COUNT; k++) {
		if (k == KIND_INPUTS)
			continue;
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
	for (int i = 0; i < *ns; i++)
		sum[i].pass_rate = sum[i].done ? 100.0 * (double)(sum[i].done - sum[i].positives) / (double)sum[i].done : -1;
	if (*ns > 1)
		qsort(sum, (size_t)*ns, sizeof *sum, by_problems);
	return true;
}

bool report_collect(db_conn *db, const config *c, int year, int quarter, report_data *d, char *err,
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
	/* 通报批评: the units behind pace, the furthest down the ranking
	 * first; 通报表扬: the best three on pace with a test, in the
	 * ranking's order (completion, then the configured order). */
	d->behind = calloc((size_t)d->nrank + 1, sizeof *d->behind);
	for (int i = d->nrank - 1; i >= 0; i--)
		if (quota_behind(d->rank[i]))
			d->behind[d->nbehind++] = d->rank[i];
	for (int i = 0; i < d->nrank && d->npraised < 3; i++)
		if (!quota_behind(d->rank[i]) && d->rank[i]->done > 0)
			d->praised[d->npraised++] = d->rank[i];
	quota_part parts[REPORT_MAX_PARTS];
	for (int k = 0; k < KIND_COUNT; k++) {
		int n = quota_breakdown(db, year, as_of, 0, k, QB_QUARTER, d->from, parts, REPORT_MAX_PARTS, err, errlen);
		if (n < 0) {
			report_data_free(d);
			return false;
		}
		for (int i = 0; i < n; i++) {
			*(k == KIND_INPUTS ? &d->quarter_inputs_done : &d->quarter_done) += parts[i].done;
			*(k == KIND_INPUTS ? &d->quarter_inputs_positives : &d->quarter_positives) += parts[i].positives;
		}
	}
	if (!sum_view(db, d, QB_CATEGORY, d->by_category, &d->ncategory, err, errlen) ||
	    !sum_view(db, d, QB_STAGE, d->by_stage, &d->nstage, err, errlen)) {
		report_data_free(d);
		return false;
	}
	for (int k = 0; k < KIND_COUNT; k++)
		d->open_positives += d->r.totals[k].open_positives;
	d->issuer = c->bulletin_issuer && *c->bulletin_issuer ? c->bulletin_issuer : c->district_name;
	d->level = c->district_kind && *c->district_kind ? c->district_kind : "县";
	/* 检打联动: states as of the bulletin's date. */
	d->ntally = followup_tally_period(db, c, year, d->from, d->to, as_of, d->tally, REPORT_MAX_TALLY, err, errlen);
	if (d->ntally < 1 || !report_failed_collect(db, c, d, as_of, err, errlen)) {
		report_data_free(d);
		return false;
	}
	return true;
}

void report_data_free(report_data *d)
{
	free(d->rank);
	d->rank = NULL;
	free(d->behind);
	d->behind = NULL;
	free(d->failed);
	d->failed = NULL;
	d->nfailed = 0;
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

static void rate_text(long part, long whole, char *out, size_t outlen)
{
	number_pct_of(part, whole, out, outlen);
}

void report_failed_text(const config *c, const report_failed *f, char *out, size_t outlen)
{
	if (f->kind == KIND_RAPID && strcmp(f->item, "抑制率") == 0) {
		char pos[32];
		sample_format_number(c->positive, pos, sizeof pos);
		if (strcmp(f->result, "阳性") == 0)
			snprintf(out, outlen, "抑制率 %s%%，≥%s%% 为阳性", f->value, pos);
		else
			snprintf(out, outlen, "抑制率 %s%%，%s%%～%s%% 为疑似阳性", f->value, f->limit, pos);
	} else if (f->kind == KIND_RAPID) {
		snprintf(out, outlen, "%s", *f->item ? f->item : "速测");
	} else {
		size_t n = (size_t)snprintf(out, outlen, "%s %s%s%s", f->item, f->value, *f->value_unit ? " " : "",
		                            f->value_unit);
		if (*f->limit && n < outlen)
			n += (size_t)snprintf(out + n, outlen - n, "，限量 %s%s%s", f->limit, *f->limit_unit ? " " : "",
			                      f->limit_unit);
		if (*f->reason && n < outlen)
			snprintf(out + n, outlen - n, "，%s", f->reason);
	}
}

/* ---- 五、检打联动 ---- */

/* The follow-up of failed samples: the quarter's cases and 结案, the
 * year's 处置率 per unit (units in their order, those without a failure
 * left out, 合计 last; national 质量安全县 criteria expect 100 %), and
 * the quarter's failed samples (by sampling date, then number) with what
 * failed and the state of their case, the overdue ones named. */
static void followup_section(const config *c, const report_data *d, FILE *out)
{
	const followup_tally *all = &d->tally[d->ntally - 1];
	char rate[32];
	rate_text(all->closed, all->failed, rate, sizeof rate);
	fprintf(out, "\n五、检打联动 (不合格样品跟踪处置)\n");
	fprintf(out, "  本季度抽检发现不合格样品 %ld 个，本季度结案 %ld 件。全年不合格 %ld 个，已结案 %ld 个，"
	        "未结案 %ld 个 (其中逾期 %ld 个)，处置率 %s (质量安全县要求 100%%)。\n",
	        all->opened, all->ended, all->failed, all->closed, all->open, all->overdue, rate);
	if (all->failed) {
		fprintf(out, "  单位          不合格  已结案  未结案  逾期  处置率\n");
		for (int i = 0; i < d->ntally; i++) {
			if (!d->tally[i].failed)
				continue;
			char name[80];
			text_pad(d->tally[i].unit, 12, false, name, sizeof name);
			rate_text(d->tally[i].closed, d->tally[i].failed, rate, sizeof rate);
			fprintf(out, "  %s %6ld  %6ld  %6ld  %4ld  %6s\n", name, d->tally[i].failed, d->tally[i].closed,
			        d->tally[i].open, d->tally[i].overdue, rate);
		}
	}
	fprintf(out, "  本季度不合格样品 (按抽样日期；定性检测为阳性/疑似阳性，定量检测为不合格项目及检测值)%s\n",
	        d->nfailed ? ":" : ": 无。");
	for (int i = 0; i < d->nfailed;) {
		const report_failed *f = &d->failed[i];
		char what[1024], one[512];
		size_t n = 0;
		what[0] = '\0';
		do {
			report_failed_text(c, &d->failed[i], one, sizeof one);
			if (n < sizeof what)
				n += (size_t)snprintf(what + n, sizeof what - n, "%s%s", n ? "；" : "", one);
			i++;
		} while (i < d->nfailed && !d->failed[i].first);
		fprintf(out, "    %s  %s  %s  %s  %s (%s)  %s%s%s\n", f->sample_no, f->unit, *f->producer ? f->producer : "—",
		        f->product, f->result, what, f->state, *f->overdue ? "  " : "", f->overdue);
	}
	if (d->failed_late)
		fprintf(out, "  以上逾期未处置的 %d 个样品，请所在单位立即处置并报告。\n", d->failed_late);
}

/* The text, in the sections' fixed order: header; 一 progress and one
 * pass rate per kind; 二 ranking; 三 通报批评/表扬; 四 the quarter's
 * failures by category, product and stage; 五 检打联动. */
void report_print(const config *c, const report_data *d, FILE *out)
{
	const quota_report *r = &d->r;
	const quota_row *rt = &r->totals[KIND_RAPID];
	fprintf(out, "%s农产品质量安全检测工作通报\n（%d 年第 %d 季度，截至 %s）\n", c->district_name, d->year,
	        d->quarter, d->to);
	fprintf(out, "发文单位：%s　统计时段：%s 至 %s\n\n", d->issuer, d->from, d->to);
	fputs("一、总体进度\n", out);
	char pct[32], rate[32];
	quota_fmt_pct(rt->pct, pct, sizeof pct);
	fprintf(out, "  全年定性检测任务 %ld 个，已完成 %ld 个，完成率 %s；按时间进度应完成 %.0f 个，%s %.0f 个。\n",
	        rt->target, rt->done, pct, rt->expected, rt->gap >= 0 ? "超出" : "相差",
	        rt->gap >= 0 ? rt->gap : -rt->gap);
	long qt = 0, qd = 0;
	for (int k = KIND_ROUTINE; k < KIND_COUNT; k++) {
		qt += r->totals[k].target;
		qd += r->totals[k].done;
	}
	fprintf(out, "  %s级定量检测任务 %ld 个，已完成 %ld 个 (", d->level, qt, qd);
	for (int k = KIND_ROUTINE; k < KIND_COUNT; k++)
		fprintf(out, "%s%s %ld/%ld", k > KIND_ROUTINE ? "，" : "", kind_label(k), r->totals[k].done,
		        r->totals[k].target);
	fputs(")。\n", out);
	/* One pass rate per kind, never merged: a rapid test's 阳性 and a lab's
	 * 不合格 are not the same measure, and 农业投入品 are not 农产品. */
	fprintf(out, "  农产品合格率 (分检测类别统计，目标 %.0f%%):\n", c->pass_goal);
	for (int k = 0; k < KIND_COUNT; k++) {
		const quota_row *t = &r->totals[k];
		quota_fmt_rate(t->pass_rate, c->pass_goal, rate, sizeof rate);
		if (k == KIND_INPUTS)
			fprintf(out, "  %s: 检测 %ld 个，不合格 %ld 个 (单独统计，不计入农产品合格率)。\n\n", kind_label(k),
			        t->done, t->positives);
		else
			fprintf(out, "    %s: 检测 %ld 个，%s %ld 个，合格率 %s，%s。\n", kind_label(k), t->done,
			        k == KIND_RAPID ? "阳性" : "不合格", t->positives, *rate ? rate : "—", report_goal_word(c, t));
	}

	fputs("二、各单位定性检测进度排名 (按完成率)\n", out);
	for (int i = 0; i < d->nrank; i++) {
		char name[80];
		text_pad(d->rank[i]->unit, 12, false, name, sizeof name);
		quota_fmt_pct(d->rank[i]->pct, pct, sizeof pct);
		quota_fmt_rate(d->rank[i]->pass_rate, c->pass_goal, rate, sizeof rate);
		char gap[16]; /* as the dashboard writes it: never "-0" */
		quota_fmt_gap(d->rank[i]->gap, gap, sizeof gap);
		fprintf(out, "  %2d. %s 完成 %4ld/%-4ld %7s  差额 %5s  合格率 %s\n", i + 1, name,
		        d->rank[i]->done, d->rank[i]->target, pct, gap, *rate ? rate : "—");
	}
	fputs("\n三、进度落后的单位\n", out);
	for (int i = 0; i < d->nbehind; i++)
		fprintf(out, "%s%s (差 %.0f 个)", i ? "、" : "  通报批评: ", d->behind[i]->unit, -d->behind[i]->gap);
	fputs(d->nbehind ? "。\n  以上单位低于时间进度，请加快抽样检测进度。\n" : "  各单位均达到时间进度。\n", out);
	for (int i = 0; i < d->npraised; i++)
		fprintf(out, "%s%s", i ? "、" : "  通报表扬: ", d->praised[i]->unit);
	fputs(d->npraised ? " (达到时间进度，完成率居前)。\n\n" : "\n", out);

	fprintf(out, "四、本季度不合格样品情况 (%s 至 %s)\n", d->from, d->to);
	fprintf(out, "  本季度检测农产品 %ld 个，不合格 %ld 个 (农业投入品另计: 检测 %ld 个，不合格 %ld 个)。\n",
	        d->quarter_done, d->quarter_positives, d->quarter_inputs_done, d->quarter_inputs_positives);
	parts_line(out, "按产品类别", d->by_category, d->ncategory, true);
	parts_line(out, "按样品名称", d->by_product, d->nproduct, true);
	parts_line(out, "按抽样环节", d->by_stage, d->nstage, true);
	fprintf(out, "  全年尚未处置的不合格样品 %ld 个%s\n", d->open_positives,
	        d->open_positives ? "，请及时复检、送检或依法处置。" : "。");
	followup_section(c, d, out);
}

const char *report_goal_word(const config *c, const quota_row *t)
{
	return t->pass_rate < 0 ? "尚无检测" : t->pass_rate >= c->pass_goal ? "达到目标" : "未达到目标";
}

bool report_quarter(db_conn *db, const config *c, int year, int quarter, FILE *out,
                    char *err, size_t errlen)
{
	report_data d;
	if (!report_collect(db, c, year, quarter, &d, err, errlen))
		return false;
	report_print(c, &d, out);
	report_data_free(&d);
	if (ferror(out)) {
		snprintf(err, errlen, "写入通报失败");
		return false;
	}
	return true;
}
