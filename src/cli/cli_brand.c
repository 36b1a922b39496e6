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
	const cli_opt opts[] = {
		CLI_TEXT("--kind", &in.kind),       CLI_TEXT("--date", &in.granted), CLI_TEXT("--expires", &in.expires),
		CLI_TEXT("--product", &in.product), CLI_TEXT("--no", &in.cert_no),   CLI_ARG(&in.producer),
	};
	int rc = cli_options(NULL, NULL, argc, argv, opts, sizeof opts / sizeof *opts, BRAND_USAGE);
	if (rc)
		return rc;
	if (!in.producer || !in.kind || !in.granted)
		return cli_usage(BRAND_USAGE);
	char err[512];
	long long id;
	if (!brand_add(a->db, &in, &a->me, &id, err, sizeof err))
		return cli_failed(err);
	out_printf("%lld\t%s\t%s\t%s\n", id, in.producer, brand_kind(in.kind), in.granted);
	return EXIT_OK;
}

static bool list_row(void *ctx, const brand_row *b)
{
	char id[24], pid[24];
	snprintf(id, sizeof id, "%lld", b->id);
	snprintf(pid, sizeof pid, "%lld", b->producer_id);
	const char *cells[] = {id, b->town, pid, b->producer, b->kind, b->product, b->cert_no, b->granted, b->expires,
	                       b->voided ? "作废" : "有效", b->void_reason};
	return cli_list_row(ctx, cells, 11, 0);
}

static int brand_list_cmd(app *a, int argc, char **argv)
{
	long year = a->cfg->year;
	bool csv = false, all = false;
	const char *town = a->me.role == USER_STAFF ? a->me.town : "", *town_arg = NULL;
	cli_out o = {0};
	const cli_opt opts[] = {
		CLI_FLAG("--csv", &csv),
		CLI_FLAG("--all", &all),
		CLI_TEXT("--town", &town_arg),
		CLI_NUMBER("--year", &year, 2000, 9999, "--year 应为四位年份，如 --year 2026"),
	};
	int rc = cli_options(&o, NULL, argc, argv, opts, sizeof opts / sizeof *opts, BRAND_USAGE);
	if (rc)
		return rc;
	if (town_arg) {
		const town_def *t = config_town(a->cfg, town_arg);
		if (!t)
			return cli_usage("--town 应为镇街名称，如 --town 侣俸镇");
		town = t->name;
	}
	if (!cli_out_open(&o, csv ? OUT_CSV : OUT_TEXT))
		return cli_out_failed(&o);
	static const char *const head[] = {"编号", "镇街", "主体编号", "主体名称", "认证类别", "产品", "证书编号",
	                                   "获证日期", "有效期至", "状态", "作废原因"};
	if (csv)
		cli_csv_head(o.fp, head, 11);
	cli_list x = {o.fp, csv, 0};
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
	const char *reason = cli_take_reason(&argc, argv), *num = argc == 1 && argv[0][0] != '-' ? argv[0] : NULL;
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
	static const cli_verb verbs[] = {{"add", brand_add_cmd}, {"list", brand_list_cmd}, {"void", brand_void_cmd}};
	return cli_verbs(a, argc, argv, verbs, sizeof verbs / sizeof *verbs, BRAND_USAGE);
}
