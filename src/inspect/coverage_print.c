#include "inspect/coverage_print.h"

#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/err.h"
#include "base/number.h"
#include "base/text.h"

void coverage_fmt_rate(double rate, char *out, size_t outlen)
{
	number_pct(rate, 0, "—", out, outlen);
}

static void table_row(FILE *out, const coverage_row *c)
{
	char name[64], a[32], b[32];
	text_pad(c->unit, 10, false, name, sizeof name);
	coverage_fmt_rate(c->coverage, a, sizeof a);
	coverage_fmt_rate(c->sampled_rate, b, sizeof b);
	fprintf(out, "%s %6ld %6ld %6ld %7s %6ld %6ld %6ld %6ld %7s\n", name, c->producers, c->inspected,
	        c->producers - c->inspected, a, c->open, c->overdue, c->sampled, c->year_producers - c->sampled, b);
}

static void cert_row(FILE *out, const coverage_row *c)
{
	char name[64], a[32], b[32];
	text_pad(c->unit, 10, false, name, sizeof name);
	coverage_fmt_rate(c->issuing_rate, a, sizeof a);
	coverage_fmt_rate(c->traced_rate, b, sizeof b);
	fprintf(out, "%s %6ld %8ld %8ld %7s %8ld %6ld %7s\n", name, c->year_producers, c->trial, c->issuing, a,
	        c->certificates, c->traced, b);
}

static void brand_row_text(FILE *out, const coverage_row *c)
{
	char name[64];
	text_pad(c->unit, 10, false, name, sizeof name);
	fprintf(out, "%s %8ld %8ld\n", name, c->brands, c->mtyx);
}

/* "20 个" or "未设" (rule brand.target). */
static void target_text(long target, char *out, size_t outlen)
{
	if (target > 0)
		snprintf(out, outlen, "%ld 个", target);
	else
		snprintf(out, outlen, "未设");
}

void coverage_print_table(FILE *out, const coverage_report *r)
{
	fprintf(out, "%d 年第 %d 季度巡查覆盖 (%s 至 %s) 与一年一检 (%d 年)\n", r->year, r->quarter, r->from, r->to,
	        r->year);
	char head[64];
	text_pad("单位", 10, false, head, sizeof head);
	fprintf(out, "%s %s %s %s %s %s %s %s %s %s\n", head, "主体数", "已巡查", "未巡查", " 覆盖率",
	        "未整改", "  逾期", "已检测", "未检测", "一年一检");
	for (int i = 0; i < r->n; i++)
		table_row(out, &r->rows[i]);
	table_row(out, &r->total);
	fprintf(out, "\n%d 年食用农产品合格证与追溯 (目标均为 100%%)\n", r->year);
	fprintf(out, "%s %s %s %s %s %s %s %s\n", head, "主体数", "试行名录", "开具主体", " 使用率", "开具张数", "  追溯",
	        " 纳入率");
	for (int i = 0; i < r->n; i++)
		cert_row(out, &r->rows[i]);
	cert_row(out, &r->total);
	char target[32];
	target_text(r->brand_target, target, sizeof target);
	fprintf(out, "\n%d 年新增农业品牌 (两品一标目标 %s)\n", r->year, target);
	fprintf(out, "%s %s %s\n", head, "两品一标", "名特优新");
	for (int i = 0; i < r->n; i++)
		if (r->rows[i].brands || r->rows[i].mtyx)
			brand_row_text(out, &r->rows[i]);
	brand_row_text(out, &r->total);
}

static void csv_row(FILE *out, const coverage_row *c)
{
	/* Each cell a count, or a rate: a percentage, empty when there is no base. */
	const struct {
		double v;
		bool rate;
	} cells[] = {
		{c->producers, false},      {c->inspected, false},      {c->producers - c->inspected, false},
		{c->coverage, true},        {c->open, false},           {c->overdue, false},
		{c->year_producers, false}, {c->sampled, false},        {c->year_producers - c->sampled, false},
		{c->sampled_rate, true},    {c->issuing, false},        {c->issuing_rate, true},
		{c->certificates, false},   {c->traced, false},         {c->traced_rate, true},
		{c->trial, false},          {c->brands, false},         {c->mtyx, false},
	};
	csvout_field(out, c->unit, true, true);
	for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
		char cell[32] = "";
		if (!cells[k].rate)
			snprintf(cell, sizeof cell, "%.0f", cells[k].v);
		else if (cells[k].v >= 0)
			snprintf(cell, sizeof cell, "%.1f%%", cells[k].v);
		csvout_field(out, cell, false, false);
	}
	csvout_end(out);
}

void coverage_print_csv(FILE *out, const coverage_report *r)
{
	static const char *const head[] = {"单位", "主体数", "已巡查", "未巡查", "覆盖率", "整改未完成", "整改逾期",
	                                   "全年主体数", "已检测主体", "未检测主体", "一年一检率",
	                                   "开具合格证主体", "合格证使用率", "合格证张数", "纳入追溯主体", "追溯纳入率",
	                                   "合格证试行主体", "新增两品一标", "新增名特优新"};
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		csvout_field(out, head[i], i == 0, true);
	csvout_end(out);
	for (int i = 0; i < r->n; i++)
		csv_row(out, &r->rows[i]);
	csv_row(out, &r->total);
}

/* Which figure a bulletin section is about. */
typedef enum { B_INSPECTED, B_SAMPLED, B_ISSUING, B_TRACED } bulletin_duty;

static double row_rate(const coverage_row *c, bulletin_duty k)
{
	double r[] = {c->coverage, c->sampled_rate, c->issuing_rate, c->traced_rate};
	return r[k];
}

static long row_done(const coverage_row *c, bulletin_duty k)
{
	long d[] = {c->inspected, c->sampled, c->issuing, c->traced};
	return d[k];
}

static long row_base(const coverage_row *c, bulletin_duty k)
{
	return k == B_INSPECTED ? c->producers : c->year_producers;
}

/* Lowest rate first, then unit order (a few dozen towns: insertion). */
static void sort_by_rate(const coverage_row **v, int n, bulletin_duty year)
{
	for (int i = 1; i < n; i++) {
		const coverage_row *x = v[i];
		int j = i;
		for (; j > 0 && (row_rate(v[j - 1], year) > row_rate(x, year) ||
		                 (row_rate(v[j - 1], year) == row_rate(x, year) && v[j - 1]->sort > x->sort)); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* "  未达 100% 的镇街 (低的在前): 甲 50.0% (差 3 个)、…" */
static void shortfall(FILE *out, const coverage_report *r, bulletin_duty year, const char *what)
{
	const coverage_row **v = xcalloc((size_t)r->n + 1, sizeof *v);
	int n = 0, none = 0;
	for (int i = 0; i < r->n; i++) {
		const coverage_row *c = &r->rows[i];
		long base = row_base(c, year), done = row_done(c, year);
		if (base == 0)
			none++;
		else if (done < base)
			v[n++] = c;
	}
	sort_by_rate(v, n, year);
	if (n == 0)
		fprintf(out, "  名录中的主体全部%s。\n", what);
	else
		fprintf(out, "  未达 100%% 的镇街 %d 个 (低的在前): ", n);
	for (int i = 0; i < n; i++) {
		char rate[32];
		coverage_fmt_rate(row_rate(v[i], year), rate, sizeof rate);
		long gap = row_base(v[i], year) - row_done(v[i], year);
		fprintf(out, "%s%s %s (差 %ld 个)", i ? "、" : "", v[i]->unit, rate, gap);
	}
	if (n)
		fprintf(out, "。\n");
	if (none)
		fprintf(out, "  主体名录中没有主体的镇街 %d 个，请先登记辖区内的生产经营主体。\n", none);
	free(v);
}

/* 农业品牌: the year's new 两品一标 against the district's target and
 * its pace, 名特优新 beside; the towns that added some, most first. */
static void brand_section(FILE *out, const coverage_report *r, const char *as)
{
	const coverage_row *t = &r->total;
	fprintf(out, "\n农业品牌 (两品一标: 绿色食品、有机农产品、农产品地理标志；%d 年截至 %s)\n", r->year, as);
	if (r->brand_target > 0) {
		char pct[32];
		coverage_fmt_rate(100.0 * (double)t->brands / (double)r->brand_target, pct, sizeof pct);
		fprintf(out, "  新增两品一标 %ld 个，全年目标 %ld 个，完成 %s，按进度应达 %.0f 个；新增名特优新农产品 %ld 个。\n",
		        t->brands, r->brand_target, pct, (double)r->brand_target * r->year_share, t->mtyx);
	} else {
		fprintf(out, "  新增两品一标 %ld 个 (未设全年目标)；新增名特优新农产品 %ld 个。\n", t->brands, t->mtyx);
	}
	const coverage_row **v = xcalloc((size_t)r->n + 1, sizeof *v);
	int n = 0;
	for (int i = 0; i < r->n; i++)
		if (r->rows[i].brands + r->rows[i].mtyx > 0) {
			const coverage_row *c = &r->rows[i];
			int j = n++;
			for (; j > 0 && v[j - 1]->brands + v[j - 1]->mtyx < c->brands + c->mtyx; j--)
				v[j] = v[j - 1];
			v[j] = c;
		}
	if (n == 0)
		fprintf(out, "  本年尚无新增。\n");
	else
		fprintf(out, "  有新增的镇街 %d 个 (多的在前): ", n);
	for (int i = 0; i < n; i++) {
		fprintf(out, "%s%s ", i ? "；" : "", v[i]->unit);
		if (v[i]->brands)
			fprintf(out, "两品一标 %ld 个", v[i]->brands);
		if (v[i]->mtyx)
			fprintf(out, "%s名特优新 %ld 个", v[i]->brands ? "、" : "", v[i]->mtyx);
	}
	if (n)
		fprintf(out, "。\n");
	free(v);
}

bool coverage_bulletin(db_conn *db, int year, int quarter, ymd as_of, FILE *out, char *err, size_t errlen)
{
	ymd end = {year, quarter * 3, date_days_in_month(year, quarter >= 1 && quarter <= 4 ? quarter * 3 : 12)};
	if (date_cmp(as_of, end) > 0)
		as_of = end;
	coverage_report r;
	if (!coverage_compute(db, year, quarter, as_of, &r, err, errlen))
		return false;
	char rate[32], as[11];
	date_format(as_of, as, sizeof as);
	const coverage_row *t = &r.total;
	coverage_fmt_rate(t->coverage, rate, sizeof rate);
	fprintf(out, "\n巡查覆盖 (每季度全覆盖巡查辖区内所有生产经营主体；%s 至 %s)\n", r.from, as);
	fprintf(out, "  主体名录 %ld 个，本季度已巡查 %ld 个，未巡查 %ld 个，覆盖率 %s；"
	        "整改未完成 %ld 件，其中逾期 %ld 件。\n", t->producers, t->inspected, t->producers - t->inspected, rate,
	        t->open, t->overdue);
	shortfall(out, &r, B_INSPECTED, "已巡查");
	coverage_fmt_rate(t->sampled_rate, rate, sizeof rate);
	fprintf(out, "\n一年一检 (每个生产经营主体每年至少抽检一次；%d 年截至 %s)\n", year, as);
	fprintf(out, "  主体名录 %ld 个，已抽检 %ld 个，尚未抽检 %ld 个，一年一检率 %s。\n", t->year_producers,
	        t->sampled, t->year_producers - t->sampled, rate);
	shortfall(out, &r, B_SAMPLED, "已抽检");
	coverage_fmt_rate(t->issuing_rate, rate, sizeof rate);
	fprintf(out, "\n食用农产品合格证 (符合条件的生产主体使用率力争 100%%；%d 年截至 %s)\n", year, as);
	fprintf(out, "  主体名录 %ld 个，列入合格证试行名录 %ld 个，开具合格证的 %ld 个，使用率 %s；全年开具 %ld 张。\n",
	        t->year_producers, t->trial, t->issuing, rate, t->certificates);
	shortfall(out, &r, B_ISSUING, "开具合格证");
	coverage_fmt_rate(t->traced_rate, rate, sizeof rate);
	fprintf(out, "\n追溯 (合格证+追溯码，符合条件的主体 100%% 纳入追溯管理；截至 %s)\n", as);
	fprintf(out, "  主体名录 %ld 个，已纳入追溯 %ld 个，纳入率 %s。\n", t->year_producers, t->traced, rate);
	shortfall(out, &r, B_TRACED, "纳入追溯");
	brand_section(out, &r, as);
	coverage_free(&r);
	if (ferror(out))
		return errf(err, errlen, "写入通报失败");
	return true;
}
