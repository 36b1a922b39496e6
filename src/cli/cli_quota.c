/* Command-line jobs for quotas: quota, report quarter, target. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/out.h"
#include "cli/cli.h"
#include "inspect/coverage_print.h"
#include "ledger/salefigures.h"
#include "cli/cli_output.h"
#include "base/dates.h"
#include "quota/quota.h"
#include "quota/quota_print.h"
#include "quota/report.h"
#include "sample/sample.h"
#include "transfer/export.h"

int cli_quota(app *a, int argc, char **argv)
{
	static const char *const formats[] = {"text", "csv", "xlsx", NULL};
	long year = a->cfg->year;
	ymd as_of = date_today();
	const char *date = NULL;
	cli_out o = {0};
	const cli_opt opts[] = {
		CLI_NUMBER("--year", &year, 1900, 9999, "--year 应为四位年份，如 --year 2026"),
		CLI_TEXT("--date", &date),
		CLI_CSV_FORMAT,
	};
	int rc = cli_options(&o, formats, argc, argv, opts, sizeof opts / sizeof *opts,
	                     "quota 只接受 --year 年、--date 日期、--csv、--format text|csv|xlsx、-o 文件 和 "
	                     "--encoding utf-8|gbk");
	if (rc)
		return rc;
	if (date && !date_parse(date, &as_of))
		return cli_usage("--date 应为日期，如 --date 2026-06-30");
	bool date_given = date != NULL;
	if (o.bad)
		return EXIT_USAGE;
	/* For a past year without --date, report the whole year. */
	if (!date_given && as_of.y > year)
		as_of = (ymd){(int)year, 12, 31};
	char err[512];
	quota_report r;
	if (!quota_ensure_targets(a->db, a->cfg, (int)year, &a->me, err, sizeof err) ||
	    !quota_compute(a->db, a->cfg, (int)year, as_of, &r, err, sizeof err)) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	if (!cli_out_open(&o, OUT_TEXT)) {
		quota_free(&r);
		return cli_out_failed(&o);
	}
	bool ok;
	if (o.format == OUT_TEXT) {
		quota_print_table(o.fp, &r, a->cfg->district_name);
		ok = cli_out_close(&o, true, NULL);
	} else {
		sheet *sh = cli_out_sheet(&o, "任务进度");
		ok = sh && cli_out_close_sheet(&o, sh, export_quota(&r, a->cfg->district_name, sh, err, sizeof err),
		                               err, NULL);
	}
	quota_free(&r);
	if (!ok)
		return EXIT_FAIL;
	if (o.path)
		err_printf("已写入 %ld 年任务进度: %s\n", year, o.path);
	return EXIT_OK;
}

/* The bulletin's tables (export_bulletin) as CSV or an .xlsx. */
static bool report_tables(app *a, cli_out *o, int year, int quarter)
{
	char err[512];
	report_data d;
	if (!report_collect(a->db, a->cfg, year, quarter, &d, err, sizeof err)) {
		err_printf("nongjian: %s\n", err);
		cli_out_close(o, false, NULL);
		return false;
	}
	sheet *sh = cli_out_sheet(o, EXPORT_BULLETIN_FIRST);
	bool ok = sh && cli_out_close_sheet(o, sh, export_bulletin(a->db, &d, a->cfg, sh, err, sizeof err), err, NULL);
	report_data_free(&d);
	return ok;
}

int cli_report(app *a, int argc, char **argv)
{
	static const char use[] =
		"用法: nongjian report quarter [--year 年] [--quarter 1-4] [--csv] [--format text|csv|xlsx] [-o 文件] "
		"[--encoding utf-8|gbk]";
	static const char *const formats[] = {"text", "csv", "xlsx", NULL};
	if (argc < 1 || strcmp(argv[0], "quarter") != 0)
		return cli_usage(use);
	long year = a->cfg->year, quarter = 0;
	bool year_given = false;
	cli_out o = {0};
	for (int i = 1; i < argc; i++) {
		if (cli_out_option(&o, argc, argv, &i, formats))
			continue;
		if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) {
			if (!cli_long(argv[++i], 1900, 9999, &year))
				return cli_usage("--year 应为四位年份");
			year_given = true;
		} else if (strcmp(argv[i], "--quarter") == 0 && i + 1 < argc) {
			if (!cli_long(argv[++i], 1, 4, &quarter))
				return cli_usage("--quarter 应为 1 到 4");
		} else if (strcmp(argv[i], "--csv") == 0) {
			o.format = OUT_CSV;
			o.format_given = true;
		} else {
			return cli_usage(use);
		}
	}
	if (o.bad)
		return EXIT_USAGE;
	if (!quarter) {
		/* bulletin.period: the quarter so far, or the last finished one. */
		int y = (int)year, q;
		report_default_period(a->cfg, year_given, &y, &q);
		year = y;
		quarter = q;
	}
	char err[512];
	if (!quota_ensure_targets(a->db, a->cfg, (int)year, &a->me, err, sizeof err)) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	/* -o 通报.csv: the tables, as --format csv. */
	size_t plen = o.path ? strlen(o.path) : 0;
	bool csv_name = plen > 4 && strcasecmp(o.path + plen - 4, ".csv") == 0;
	if (!cli_out_open(&o, csv_name ? OUT_CSV : OUT_TEXT))
		return cli_out_failed(&o);
	bool ok;
	if (o.format != OUT_TEXT) {
		ok = report_tables(a, &o, (int)year, (int)quarter);
	} else {
		ok = report_quarter(a->db, a->cfg, (int)year, (int)quarter, o.fp, err, sizeof err) &&
		     coverage_bulletin(a->db, (int)year, (int)quarter, date_today(), o.fp, err, sizeof err) &&
		     sale_bulletin(a->db, (int)year, (int)quarter, date_today(), o.fp, err, sizeof err);
		if (!ok)
			err_printf("nongjian: %s\n", err);
		ok = cli_out_close(&o, ok, NULL);
	}
	if (!ok)
		return EXIT_FAIL;
	if (o.path)
		err_printf("已写入 %ld 年第 %ld 季度通报: %s\n", year, quarter, o.path);
	return EXIT_OK;
}

int cli_target(app *a, int argc, char **argv)
{
	long year = a->cfg->year;
	int pos = 0;
	char *args[4] = {0};
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) {
			if (!cli_long(argv[++i], 1900, 9999, &year))
				return cli_usage("--year 应为四位年份");
		} else if (pos < 4) {
			args[pos++] = argv[i];
		} else {
			return cli_usage("target 参数过多");
		}
	}
	char err[512];
	if (pos == 1 && strcmp(args[0], "list") == 0) {
		quota_report r;
		if (!quota_ensure_targets(a->db, a->cfg, (int)year, &a->me, err, sizeof err) ||
		    !quota_compute(a->db, a->cfg, (int)year, (ymd){(int)year, 1, 1}, &r, err, sizeof err)) {
			err_printf("nongjian: %s\n", err);
			return EXIT_FAIL;
		}
		for (int k = 0; k < KIND_COUNT; k++) {
			for (int i = 0; i < r.n; i++)
				if (r.rows[i].kind == k)
					out_printf("%s\t%s\t%ld\n", r.rows[i].unit, kind_label(k), r.rows[i].target);
			out_printf("合计\t%s\t%ld\n", kind_label(k), r.totals[k].target);
		}
		quota_free(&r);
		return EXIT_OK;
	}
	long n;
	if (pos != 4 || strcmp(args[0], "set") != 0)
		return cli_usage("用法: nongjian target list [--year 年] | target set 单位 检测类别 任务数 [--year 年]");
	int kind = kind_from_label(args[2]);
	if (kind < 0)
		kind = kind_from_code(args[2]);
	if (!cli_long(args[3], 0, 1000000, &n))
		return cli_usage("任务数应为 0 到 1000000 之间的整数");
	if (!quota_set_target(a->db, a->cfg, (int)year, args[1], kind, n, &a->me, err, sizeof err)) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	out_printf("%ld 年 %s %s 任务已改为 %ld\n", year, args[1], kind_label(kind), n);
	return EXIT_OK;
}
