/* Command-line jobs for the restricted-pesticide sale ledger (限用农药实名
 * 购买台账): sale add|list|show|correct|void. ID numbers are masked
 * unless the login may see them (ledger/sale.h); every full view is
 * audited; a CSV is masked unless a supervisor asks for --full. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/values.h"
#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "cli/cli_record.h"
#include "ledger/sale.h"
#include "ledger/salefigures.h"
#include "ledger/salelist.h"

/* The record as the add and correct jobs see it (cli_record.h). */
CLI_RECORD_FUNCS(sale)
CLI_RECORD_SAVE(save, sale, sale_insert, sale_correct)

#define SALE_USAGE                                                                                    \
	"用法: nongjian sale add 农资店=名称或编号 日期=D 购买人=姓名 身份证号=… 农药=名称 数量=N 单位=kg"  \
	" [作物=…] ...\n"                                                                                 \
	"      nongjian sale list [--buyer 身份证号或姓名或首字母] [--pesticide 农药] [--since D]"         \
	" [--until D] [--town 镇街] [--village 村] [--shop 农资店] [--void] [--csv [--full]] [-o 文件]\n" \
	"      nongjian sale figures [--year 年] [--csv] [-o 文件]\n"                                  \
	"      nongjian sale show 编号\n"                                                                 \
	"      nongjian sale correct 编号 --reason 原因 键=值 ...\n"                                      \
	"      nongjian sale void 编号 --reason 原因"

/* The buyer's code as this login may see it. */
static const char *shown_code(const char *code, bool full, char *buf, size_t buflen)
{
	if (full)
		return code;
	sale_mask_id(code, buf, buflen);
	return buf;
}

/* The saved sale's line: its number, then what was sold or the
 * correction. */
static void said(const void *r, const char *what, bool option)
{
	const sale *s = r;
	(void)option;
	if (what)
		out_printf("#%lld\t%s\n", s->id, what);
	else
		out_printf("#%lld\t%s\t%s\t%s %s%s\n", s->id, s->v[SL_SHOP], s->v[SL_BUYER], s->v[SL_PESTICIDE],
		           s->v[SL_QUANTITY], s->v[SL_UNIT]);
}

static long long parse_no(app *a, const char *text)
{
	(void)a;
	long long id = sale_parse_no(text);
	if (!id)
		err_printf("nongjian: \"%s\" 不是销售记录编号 (如 12 或 #12，见 nongjian sale list)\n", text);
	return id;
}

static const cli_record_kind sale_kind = {
	.rt = &sale_type, .form = "sale", .form_added = true, .mistyped = EXIT_USAGE, .corrected = "已更正",
	.add_usage = SALE_USAGE, .correct_usage = "用法: nongjian sale correct 编号 --reason 原因 键=值 ...",
	CLI_RECORD_OF(sale), .find = parse_no, .save = save, .said = said,
};

static bool load_no(app *a, const char *text, sale *s)
{
	return cli_load_record(a, &sale_kind, text, s);
}

/* ---- list ---- */

typedef struct {
	app *a;
	FILE *out;
	bool csv, full; /* full: a supervisor's --full export */
	long shown_full; /* rows whose codes were shown in full */
} list_ctx;

static bool list_row(void *ctx, const sale *s)
{
	list_ctx *x = ctx;
	bool full = x->csv ? x->full : sale_may_see_id(&x->a->me, s->v[SL_TOWN]);
	bool has_code = *s->v[SL_ID_NUMBER] || *s->v[SL_CREDIT_CODE];
	if (full && has_code)
		x->shown_full++;
	char no[32], idb[64], ccb[64], qty[128];
	snprintf(no, sizeof no, "#%lld", s->id);
	const char *id = shown_code(s->v[SL_ID_NUMBER], full, idb, sizeof idb);
	const char *cc = shown_code(s->v[SL_CREDIT_CODE], full, ccb, sizeof ccb);
	const char *status = s->voided ? "作废" : "有效";
	if (x->csv) {
		csvout_field(x->out, no, true, true);
		for (int i = 0; i < SL_COUNT; i++) {
			const char *v = i == SL_ID_NUMBER ? id : i == SL_CREDIT_CODE ? cc : s->v[i];
			csvout_field(x->out, v, false, sale_type.fields[i].type != RT_REAL);
		}
		csvout_field(x->out, status, false, true);
		csvout_field(x->out, s->created_by, false, true);
		csvout_end(x->out);
		return true;
	}
	snprintf(qty, sizeof qty, "%s%s", s->v[SL_QUANTITY], s->v[SL_UNIT]);
	const char *cells[] = {no, s->v[SL_DATE], s->v[SL_TOWN], s->v[SL_SHOP], s->v[SL_BUYER],
	                       *id ? id : cc, s->v[SL_VILLAGE], s->v[SL_PESTICIDE], qty, s->v[SL_CROP], status};
	return cli_row(x->out, false, cells, sizeof cells / sizeof *cells, 0);
}

static void csv_head(FILE *fp, const form_def *f)
{
	csvout_bom(fp);
	csvout_field(fp, "编号", true, true);
	for (int i = 0; i < SL_COUNT; i++)
		csvout_field(fp, rec_label(&sale_type, f, i), false, true);
	csvout_field(fp, "状态", false, true);
	csvout_field(fp, "录入人", false, true);
	csvout_end(fp);
}

static int sale_list(app *a, int argc, char **argv)
{
	sale_filter flt = {0};
	list_ctx x = {.a = a, .out = stdout};
	cli_out o = {0};
	const cli_opt opts[] = {
		CLI_TEXT("--buyer", &flt.buyer), CLI_TEXT("--pesticide", &flt.pesticide), CLI_TEXT("--since", &flt.since),
		CLI_TEXT("--until", &flt.until), CLI_TEXT("--town", &flt.town),           CLI_TEXT("--village", &flt.village),
		CLI_TEXT("--shop", &flt.shop),   CLI_FLAG("--csv", &x.csv),               CLI_FLAG("--full", &x.full),
		CLI_FLAG("--void", &flt.include_void),
	};
	int rc = cli_options(&o, NULL, argc, argv, opts, sizeof opts / sizeof *opts, SALE_USAGE);
	if (rc)
		return rc;
	if (x.full && !x.csv)
		return cli_usage("--full 只用于导出 (--csv)：屏幕列表按权限显示身份证号");
	if (x.full && user_may_supervise(&a->me))
		return cli_failed("只有监管督查人员可以导出完整的身份证号 (--full)；不加 --full 导出的身份证号已遮盖");
	const form_def *f = cli_record_form(a, &sale_kind);
	if (!f)
		return EXIT_FAIL;
	if (!cli_out_open(&o, OUT_CSV))
		return EXIT_FAIL;
	x.out = o.fp;
	if (x.csv)
		csv_head(x.out, f);
	char err[512];
	long n = sale_each(a->db, &flt, list_row, &x, err, sizeof err);
	if (!cli_out_close(&o, n >= 0, NULL))
		return n >= 0 ? EXIT_FAIL : cli_failed(err);
	if (x.shown_full > 0) {
		char detail[256];
		snprintf(detail, sizeof detail, "%s %ld 条，身份证号全文%s%s", x.csv ? "导出" : "列出", x.shown_full,
		         flt.buyer ? "，购买人 " : "", flt.buyer ? flt.buyer : "");
		if (!sale_audit_view(a->db, &a->me, "销售台账", detail, err, sizeof err))
			return cli_failed(err);
	}
	if (!x.csv)
		err_printf("销售记录 %ld 条\n", n);
	return EXIT_OK;
}

/* ---- show, correct, void ---- */

typedef struct {
	bool full;
} show_ctx;

static void print_change(void *ctx, const rec_change *ch)
{
	const show_ctx *x = ctx;
	int f = rec_key_index(&sale_type, ch->field);
	bool code = f == SL_ID_NUMBER || f == SL_CREDIT_CODE;
	char ob[64], nb[64];
	const char *o = code ? shown_code(ch->old_value, x->full, ob, sizeof ob) : ch->old_value;
	const char *n = code ? shown_code(ch->new_value, x->full, nb, sizeof nb) : ch->new_value;
	cli_change_line(ch, f >= 0 ? rec_default_label(&sale_type, f) : "状态", o, n);
}

static int sale_show(app *a, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage("sale show 需要一个销售记录编号");
	const form_def *f = cli_record_form(a, &sale_kind);
	if (!f)
		return EXIT_FAIL;
	sale s;
	sale_init(&s);
	if (!load_no(a, argv[0], &s)) {
		sale_free(&s);
		return EXIT_FAIL;
	}
	show_ctx x = {sale_may_see_id(&a->me, s.v[SL_TOWN])};
	char err[512], entity[64];
	snprintf(entity, sizeof entity, "销售 #%lld", s.id);
	if (x.full && (*s.v[SL_ID_NUMBER] || *s.v[SL_CREDIT_CODE]) &&
	    !sale_audit_view(a->db, &a->me, entity, s.v[SL_BUYER], err, sizeof err)) {
		sale_free(&s);
		return cli_failed(err);
	}
	out_printf("编号: #%lld\n镇街: %s\n", s.id, s.v[SL_TOWN]);
	for (int i = 0; i < f->nfields; i++) {
		int k = rec_key_index(&sale_type, f->fields[i].key);
		char buf[64];
		const char *v = k == SL_ID_NUMBER || k == SL_CREDIT_CODE ? shown_code(s.v[k], x.full, buf, sizeof buf)
		                                                         : s.v[k];
		if (*v)
			out_printf("%s: %s\n", f->fields[i].label, v);
	}
	if (s.buyer_producer_id)
		out_printf("购买人登记: 主体编号 %lld (nongjian producer show %lld)\n", s.buyer_producer_id,
		           s.buyer_producer_id);
	cli_show_state(s.voided, s.void_reason, s.created_by, s.created_at);
	if (!x.full)
		out_printf("(身份证号已遮盖：只有监管督查人员和该店所在镇街可以查看全文)\n");
	cli_show_history(a, &sale_type, s.id, s.version, print_change, &x);
	sale_free(&s);
	return EXIT_OK;
}

static int sale_add(app *a, int argc, char **argv)
{
	return cli_add_record(a, argc, argv, &sale_kind);
}

static int sale_correct_job(app *a, int argc, char **argv)
{
	return cli_correct_record(a, argc, argv, &sale_kind);
}

/* The sale named by its number, for cli_void_record. */
CLI_VOID_FIND(find, sale, load_no, "#%lld", r.id)

static int sale_void_job(app *a, int argc, char **argv)
{
	static const cli_void_kind sales = {"用法: nongjian sale void 编号 --reason 原因", find, sale_void};
	return cli_void_record(a, argc, argv, &sales);
}

/* ---- figures ---- */

/* The figures' rows: cli_row with every cell guarded (a write error is
 * found when the output is closed). */
static void put_cells(const cli_list *x, const char *const *cells, int n)
{
	cli_row(x->out, x->csv, cells, (size_t)n, 0);
}

static void fig_row(void *ctx, const sale_month_row *r)
{
	char num[14][32], sales[32];
	const char *cells[18] = {r->town, r->shop, r->pesticide, r->unit};
	for (int m = 1; m <= 12; m++) {
		if (r->month[m] > 0)
			values_format_number(r->month[m], num[m], sizeof num[m]);
		else
			snprintf(num[m], sizeof num[m], "%s", "");
		cells[3 + m] = num[m];
	}
	values_format_number(r->month[0], num[0], sizeof num[0]);
	snprintf(sales, sizeof sales, "%ld", r->sales);
	cells[16] = num[0];
	cells[17] = sales;
	put_cells(ctx, cells, 18);
}

static void fig_multi(void *ctx, const sale_multi_row *r)
{
	char masked[64], n[32], k[32];
	sale_mask_id(r->code, masked, sizeof masked);
	snprintf(n, sizeof n, "%ld", r->nshops);
	snprintf(k, sizeof k, "%ld", r->sales);
	const char *cells[] = {r->buyer, masked, n, k, r->shops};
	put_cells(ctx, cells, 5);
}

static int sale_figures(app *a, int argc, char **argv)
{
	long year = a->cfg->year;
	cli_list x = {stdout, false, 0};
	cli_out o = {0};
	const cli_opt opts[] = {
		CLI_FLAG("--csv", &x.csv),
		CLI_NUMBER("--year", &year, 2000, 9999, "--year 应为四位年份，如 --year 2026"),
	};
	int rc = cli_options(&o, NULL, argc, argv, opts, sizeof opts / sizeof *opts, SALE_USAGE);
	if (rc)
		return rc;
	if (!cli_out_open(&o, x.csv ? OUT_CSV : OUT_TEXT))
		return cli_out_failed(&o);
	x.out = o.fp;
	char from[16], to[16], err[512];
	snprintf(from, sizeof from, "%ld-01-01", year);
	snprintf(to, sizeof to, "%ld-12-31", year);
	static const char *const head[] = {"镇街", "农资店", "农药", "单位", "1月", "2月", "3月", "4月", "5月",
	                                   "6月", "7月", "8月", "9月", "10月", "11月", "12月", "合计", "笔数"};
	char title[128];
	snprintf(title, sizeof title, "%ld 年限用农药销售 (按镇街、农资店、月份)", year);
	const char *const titles[] = {title, "在多家农资店购买的购买人"};
	if (x.csv)
		csvout_bom(x.out);
	put_cells(&x, titles, 1);
	put_cells(&x, head, 18);
	bool ok = sale_month_figures(a->db, from, to, fig_row, &x, err, sizeof err) >= 0;
	static const char *const mhead[] = {"购买人", "身份证号", "店数", "笔数", "农资店"};
	if (ok) {
		put_cells(&x, titles + 1, 1);
		put_cells(&x, mhead, 5);
		ok = sale_multi_shop_buyers(a->db, from, to, fig_multi, &x, err, sizeof err) >= 0;
	}
	if (!cli_out_close(&o, ok, NULL))
		return ok ? EXIT_FAIL : cli_failed(err);
	return EXIT_OK;
}

static bool print_purchase(void *ctx, const sale *s)
{
	long *n = ctx;
	if ((*n)++ == 0)
		out_printf("限用农药购买记录 (最近 50 条):\n");
	out_printf("  #%lld  %s  %s  %s %s%s  %s%s\n", s->id, s->v[SL_DATE], s->v[SL_SHOP], s->v[SL_PESTICIDE],
	           s->v[SL_QUANTITY], s->v[SL_UNIT], s->v[SL_CROP], s->voided ? "  (作废)" : "");
	return true;
}

bool cli_sale_purchases(app *a, long long producer_id, char *err, size_t errlen)
{
	sale_filter flt = {.producer = producer_id, .include_void = true, .limit = 50};
	long n = 0;
	return sale_each(a->db, &flt, print_purchase, &n, err, errlen) >= 0;
}

static bool print_related(void *ctx, const sale *s)
{
	long *n = ctx;
	if ((*n)++ == 0)
		out_printf("此前 90 天内相关的限用农药购买 (该主体或同村，同一农药；速测为有机磷、氨基甲酸酯类):\n");
	out_printf("  #%lld  %s  %s (%s)  %s  %s %s%s  %s\n", s->id, s->v[SL_DATE], s->v[SL_BUYER], s->v[SL_VILLAGE],
	           s->v[SL_SHOP], s->v[SL_PESTICIDE], s->v[SL_QUANTITY], s->v[SL_UNIT], s->v[SL_CROP]);
	return true;
}

bool cli_sale_related(app *a, long long sample_id)
{
	long n = 0;
	char err[512];
	if (sale_for_sample(a->db, sample_id, 90, print_related, &n, err, sizeof err) < 0) {
		err_printf("nongjian: %s\n", err);
		return false;
	}
	return true;
}

int cli_sale(app *a, int argc, char **argv)
{
	static const cli_verb verbs[] = {
		{"add", sale_add}, {"list", sale_list}, {"show", sale_show},
		{"correct", sale_correct_job}, {"void", sale_void_job}, {"figures", sale_figures},
	};
	return cli_verbs(a, argc, argv, verbs, sizeof verbs / sizeof *verbs, SALE_USAGE);
}
