/* nongjian coverage: the quarterly inspection coverage and 一年一检 per
 * 镇街, and the producers still to visit or to sample. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/dates.h"
#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "inspect/certificate.h"
#include "inspect/coverage.h"
#include "inspect/coverage_print.h"

#define COVERAGE_USAGE                                                                             \
	"用法: nongjian coverage [--year 年] [--quarter 1-4] [--date 日期] [--csv] [-o 文件]"             \
	" [--encoding utf-8|gbk]\n"                                                                    \
	"      nongjian coverage --missing|--unsampled [--town 镇街] [--year 年] [--quarter 1-4] [--csv]"

typedef struct {
	FILE *out;
	bool csv;
	int n;
	char town[64], village[128];
} gap_ctx;

/* By town and village: a heading line when either changes (text), one
 * row a producer. */
static bool gap_row(void *ctx, const coverage_gap *g)
{
	gap_ctx *x = ctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", g->id);
	const char *last = *g->last ? g->last : "从未";
	x->n++;
	if (x->csv) {
		const char *cells[] = {g->town, g->village, id, g->name, g->kind, last};
		return cli_out_row(x->out, true, cells, 6);
	}
	if (strcmp(x->town, g->town) != 0 || strcmp(x->village, g->village) != 0) {
		snprintf(x->town, sizeof x->town, "%s", g->town);
		snprintf(x->village, sizeof x->village, "%s", g->village);
		char head[256];
		snprintf(head, sizeof head, "%s %s", g->town, *g->village ? g->village : "(未填村)");
		const char *cells[] = {head};
		if (!cli_out_row(x->out, false, cells, 1))
			return false;
	}
	char line[512];
	snprintf(line, sizeof line, "  %s %s (%s) 上次: %s", id, g->name, g->kind, last);
	const char *cells[] = {line};
	return cli_out_row(x->out, false, cells, 1);
}

int cli_coverage(app *a, int argc, char **argv)
{
	long year = a->cfg->year, quarter = 0;
	bool csv = false, missing = false, unsampled = false;
	const char *town = NULL, *date = NULL;
	cli_out o = {0};
	const cli_opt opts[] = {
		CLI_FLAG("--csv", &csv),
		CLI_FLAG("--missing", &missing),
		CLI_FLAG("--unsampled", &unsampled),
		CLI_TEXT("--town", &town),
		CLI_TEXT("--date", &date),
		CLI_NUMBER("--year", &year, 2000, 9999, "--year 应为四位年份，如 --year 2026"),
		CLI_NUMBER("--quarter", &quarter, 1, 4, "--quarter 应为 1 到 4"),
	};
	int rc = cli_options(&o, NULL, argc, argv, opts, sizeof opts / sizeof *opts, COVERAGE_USAGE);
	if (rc)
		return rc;
	if (missing && unsampled)
		return cli_usage("--missing 与 --unsampled 只能选一个");
	ymd as_of = date_today();
	if (date) {
		char norm[16];
		if (!date_normalise(date, (int)year, norm, sizeof norm) || !date_parse(norm, &as_of))
			return cli_usage("--date 应为日期，如 2026-06-30");
	}
	if (as_of.y > year)
		as_of = (ymd){(int)year, 12, 31};
	if (!quarter)
		quarter = coverage_quarter_of((int)year, as_of);
	char err[512];
	coverage_report r;
	if (!coverage_compute(a->db, (int)year, (int)quarter, as_of, &r, err, sizeof err))
		return cli_failed(err);
	if (town && *town) {
		const town_def *t = config_town(a->cfg, town);
		if (!t) {
			coverage_free(&r);
			return cli_usage("--town 应为镇街名称，如 --town 侣俸镇");
		}
		town = t->name;
	}
	if (!cli_out_open(&o, csv ? OUT_CSV : OUT_TEXT)) {
		coverage_free(&r);
		return EXIT_FAIL;
	}
	bool ok = true;
	if (csv)
		csvout_bom(o.fp);
	if (missing || unsampled) {
		gap_ctx x = {o.fp, csv, 0, "", ""};
		if (csv) {
			const char *head[] = {"镇街", "村(社区)", "主体编号", "主体名称", "主体类型",
			                      unsampled ? "最近抽检" : "最近巡查"};
			cli_out_row(o.fp, true, head, 6);
		}
		ok = coverage_gaps(a->db, &r, town, unsampled, gap_row, &x, err, sizeof err);
		char when[32] = "";
		if (!unsampled)
			snprintf(when, sizeof when, "第 %d 季度", r.quarter);
		if (ok && !csv)
			err_printf("%s: %d 个主体 (%d 年%s)\n", unsampled ? "本年尚未抽检" : "本季度尚未巡查", x.n, r.year, when);
	} else if (csv) {
		coverage_print_csv(o.fp, &r);
	} else {
		coverage_print_table(o.fp, &r);
	}
	coverage_free(&r);
	if (!cli_out_close(&o, ok, NULL))
		return ok ? EXIT_FAIL : cli_failed(err);
	return EXIT_OK;
}

int cli_certificate(app *a, int argc, char **argv)
{
	const char *month = NULL, *count = NULL, *who = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--month") == 0 && i + 1 < argc)
			month = argv[++i];
		else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			count = argv[++i];
		else if (!who && argv[i][0] != '-')
			who = argv[i];
		else
			return cli_usage("用法: nongjian certificate 主体 --month 2026-05 --count 张数");
	}
	if (!who || !month || !count)
		return cli_usage("用法: nongjian certificate 主体 --month 2026-05 --count 张数");
	char err[512];
	if (!certificate_enter(a->db, who, month, count, &a->me, err, sizeof err))
		return cli_failed(err);
	out_printf("%s\t%s\t%s 张\n", who, month, count);
	return EXIT_OK;
}
