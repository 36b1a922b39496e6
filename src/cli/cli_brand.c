/* nongjian brand: 农业品牌 certifications (两品一标, 名特优新 …) with their
 * dates, listed by town; the year's new ones against the target are in
 * coverage, the dashboard and the bulletin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "inspect/brand.h"

#define BRAND_USAGE                                                                                \
	"用法: nongjian brand add 主体 --kind 类别 --date 获证日期 [--expires 有效期至] [--product 产品]"  \
	" [--no 证书编号]\n"                                                                            \
	"      nongjian brand list [--year 年] [--town 镇街] [--all] [--csv] [-o 文件]\n"                 \
	"      nongjian brand void 编号 --reason 原因"

static int brand_add_cmd(app *a, int argc, char **argv)
{
	brand_input in = {0};
	for (int i = 0; i < argc; i++) {
		const char **slot = strcmp(argv[i], "--kind") == 0      ? &in.kind
		                    : strcmp(argv[i], "--date") == 0    ? &in.granted
		                    : strcmp(argv[i], "--expires") == 0 ? &in.expires
		                    : strcmp(argv[i], "--product") == 0 ? &in.product
		                    : strcmp(argv[i], "--no") == 0      ? &in.cert_no
		                                                        : NULL;
		if (slot && i + 1 < argc)
			*slot = argv[++i];
		else if (!slot && !in.producer && argv[i][0] != '-')
			in.producer = argv[i];
		else
			return cli_usage(BRAND_USAGE);
	}
	if (!in.producer || !in.kind || !in.granted)
		return cli_usage(BRAND_USAGE);
	char err[512];
	long long id;
	if (!brand_add(a->db, &in, &a->me, &id, err, sizeof err))
		return cli_failed(err);
	out_printf("%lld\t%s\t%s\t%s\n", id, in.producer, brand_kind(in.kind), in.granted);
	return EXIT_OK;
}

typedef struct {
	FILE *out;
	bool csv;
	int n;
} list_ctx;

static bool list_row(void *ctx, const brand_row *b)
{
	list_ctx *x = ctx;
	char id[24], pid[24];
	snprintf(id, sizeof id, "%lld", b->id);
	snprintf(pid, sizeof pid, "%lld", b->producer_id);
	const char *cells[] = {id, b->town, pid, b->producer, b->kind, b->product, b->cert_no, b->granted, b->expires,
	                       b->voided ? "作废" : "有效", b->void_reason};
	x->n++;
	return cli_out_row(x->out, x->csv, cells, 11);
}

static int brand_list_cmd(app *a, int argc, char **argv)
{
	long year = a->cfg->year;
	bool csv = false, all = false;
	const char *town = a->me.role == USER_STAFF ? a->me.town : "";
	cli_out o = {0};
	for (int i = 0; i < argc; i++) {
		if (cli_out_option(&o, argc, argv, &i, NULL))
			continue;
		if (strcmp(argv[i], "--csv") == 0)
			csv = true;
		else if (strcmp(argv[i], "--all") == 0)
			all = true;
		else if (strcmp(argv[i], "--town") == 0 && i + 1 < argc) {
			const town_def *t = config_town(a->cfg, argv[++i]);
			if (!t)
				return cli_usage("--town 应为镇街名称，如 --town 侣俸镇");
			town = t->name;
		} else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			year = strtol(argv[++i], &end, 10);
			if (errno || *end || year < 2000 || year > 9999)
				return cli_usage("--year 应为四位年份，如 --year 2026");
		} else
			return cli_usage(BRAND_USAGE);
	}
	if (!cli_out_open(&o, csv ? OUT_CSV : OUT_TEXT))
		return cli_out_failed(&o);
	static const char *const head[] = {"编号", "镇街", "主体编号", "主体名称", "认证类别", "产品", "证书编号",
	                                   "获证日期", "有效期至", "状态", "作废原因"};
	if (csv)
		cli_csv_head(o.fp, head, 11);
	list_ctx x = {o.fp, csv, 0};
	char err[512];
	bool ok = brand_each(a->db, (int)year, town, all, list_row, &x, err, sizeof err);
	if (ok && !csv)
		err_printf("%ld 年获证的农业品牌认证 %d 条 (两品一标目标: 见 nongjian coverage)\n", year, x.n);
	if (!cli_out_close(&o, ok, NULL))
		return ok ? EXIT_FAIL : cli_failed(err);
	return EXIT_OK;
}

static int brand_void_cmd(app *a, int argc, char **argv)
{
	const char *reason = NULL, *num = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--reason") == 0 && i + 1 < argc)
			reason = argv[++i];
		else if (!num && argv[i][0] != '-')
			num = argv[i];
		else
			return cli_usage(BRAND_USAGE);
	}
	char *end;
	errno = 0;
	long long id = num ? strtoll(num, &end, 10) : 0;
	if (!num || errno || *end || id <= 0 || !reason)
		return cli_usage(BRAND_USAGE);
	char err[512];
	if (!brand_void(a->db, id, reason, &a->me, err, sizeof err))
		return cli_failed(err);
	out_printf("已作废认证记录 %lld\n", id);
	return EXIT_OK;
}

int cli_brand(app *a, int argc, char **argv)
{
	if (argc < 1)
		return cli_usage(BRAND_USAGE);
	if (strcmp(argv[0], "add") == 0)
		return brand_add_cmd(a, argc - 1, argv + 1);
	if (strcmp(argv[0], "list") == 0)
		return brand_list_cmd(a, argc - 1, argv + 1);
	if (strcmp(argv[0], "void") == 0)
		return brand_void_cmd(a, argc - 1, argv + 1);
	return cli_usage(BRAND_USAGE);
}
