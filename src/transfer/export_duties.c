/* The bulletin's tables of the other duties (export.h: export_bulletin):
 * coverage (巡查覆盖, 一年一检, 合格证, 追溯, 农业品牌) per town and the quarter's
 * restricted-pesticide sales, the same figures as the text's sections
 * (coverage_bulletin, sale_bulletin) for the same period. */
#include "transfer/export.h"

#include "base/values.h"
#include "inspect/coverage.h"
#include "ledger/sale.h"
#include "ledger/salefigures.h"
#include "transfer/sheet_cols.h"

#define C(kind, head, ...) SHEET_##kind(head, coverage_row, __VA_ARGS__)
/* A duty's four columns: the producers it is owed to, those it was done
 * for, the rest (未巡查, 未检测: the registry less those done) and the rate. */
#define DUTY(all_head, done_head, rest_head, rate_head, all, done, rate)                          \
	C(LONG, all_head, all), C(LONG, done_head, done), C(LESS, rest_head, all, done),             \
	        C(PERCENT, rate_head, rate)
static const sheet_col coverage_cols[] = {
	C(TEXT, "单位", unit),
	DUTY("主体数", "已巡查", "未巡查", "覆盖率", producers, inspected, coverage),
	C(LONG, "整改未完成", open),
	C(LONG, "整改逾期", overdue),
	DUTY("全年主体数", "已检测主体", "未检测主体", "一年一检率", year_producers, sampled, sampled_rate),
	C(LONG, "开具合格证主体", issuing),
	C(PERCENT, "合格证使用率", issuing_rate),
	C(LONG, "合格证张数", certificates),
	C(LONG, "纳入追溯主体", traced),
	C(PERCENT, "追溯纳入率", traced_rate),
	C(LONG, "合格证试行主体", trial),
	C(LONG, "新增两品一标", brands),
	C(LONG, "新增名特优新", mtyx),
};
#undef DUTY
#undef C
#define COVERAGE_NCOLS (sizeof coverage_cols / sizeof *coverage_cols)

static bool coverage_section(db_conn *db, const report_data *d, ymd as_of, sheet *out, char *err, size_t errlen)
{
	coverage_report r;
	if (!coverage_compute(db, d->year, d->quarter, as_of, &r, err, errlen))
		return false;
	char title[160];
	snprintf(title, sizeof title, "巡查覆盖、一年一检、合格证、追溯和农业品牌 (各镇街；%s 至 %s)", d->from, d->to);
	bool ok = sheet_section(out, "巡查覆盖", title);
	sheet_col_heads(out, coverage_cols, COVERAGE_NCOLS);
	ok = sheet_end_row(out) && ok;
	for (int i = 0; i < r.n; i++)
		ok = sheet_col_row(out, coverage_cols, COVERAGE_NCOLS, &r.rows[i]) && ok;
	ok = sheet_col_row(out, coverage_cols, COVERAGE_NCOLS, &r.total) && ok;
	coverage_free(&r);
	return ok;
}

static void sale_line(void *ctx, const sale_month_row *r)
{
	sheet_rows *w = ctx;
	char q[64];
	values_format_number(r->month[0], q, sizeof q);
	sheet_text(w->out, r->town);
	sheet_text(w->out, r->shop);
	sheet_text(w->out, r->pesticide);
	sheet_number(w->out, q);
	sheet_text(w->out, r->unit);
	sheet_long(w->out, r->sales);
	sheet_rows_end(w);
}

static void buyer_line(void *ctx, const sale_multi_row *r)
{
	sheet_rows *w = ctx;
	char masked[64];
	sale_mask_id(r->code, masked, sizeof masked);
	sheet_text(w->out, r->buyer);
	sheet_code(w->out, masked);
	sheet_long(w->out, r->nshops);
	sheet_long(w->out, r->sales);
	sheet_text(w->out, r->shops);
	sheet_rows_end(w);
}

static bool sale_sections(db_conn *db, const report_data *d, sheet *out, char *err, size_t errlen)
{
	static const char *const head[] = {"镇街", "农资店", "农药", "数量", "单位", "笔数"};
	static const char *const buyers[] = {"购买人", "证件号码", "农资店数", "笔数", "农资店"};
	char title[160];
	snprintf(title, sizeof title, "限用农药实名购买 (%s 至 %s)", d->from, d->to);
	sheet_rows w = {.out = out, .ok = sheet_table(out, "限用农药", title, head, sizeof head / sizeof *head)};
	if (sale_month_figures(db, d->from, d->to, sale_line, &w, err, errlen) < 0)
		return false;
	w.ok = sheet_table(out, "多店购买", "限用农药实名购买：在多家农资店购买的购买人", buyers,
	                   sizeof buyers / sizeof *buyers) && w.ok;
	if (sale_multi_shop_buyers(db, d->from, d->to, buyer_line, &w, err, errlen) < 0)
		return false;
	return w.ok;
}

bool export_bulletin_duties(db_conn *db, const report_data *d, sheet *out, char *err, size_t errlen)
{
	ymd as_of;
	if (!date_parse(d->to, &as_of)) {
		snprintf(err, errlen, "通报的截止日期 %s 无效", d->to);
		return false;
	}
	*err = '\0';
	bool ok = coverage_section(db, d, as_of, out, err, errlen) && sale_sections(db, d, out, err, errlen);
	if (!ok && !*err)
		snprintf(err, errlen, "写入通报失败 (磁盘已满或没有权限?)");
	return ok;
}
