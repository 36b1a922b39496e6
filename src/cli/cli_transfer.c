/* The command-line jobs that move data in and out: template, import and
 * export (CSV for Excel). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/err.h"
#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "base/encoding.h"
#include "transfer/transfers.h"
#include "base/text.h"

#define SHOWN_PROBLEMS 20

int cli_template(app *a, int argc, char **argv)
{
	static const char use[] = "用法: nongjian template samples|items|producers|sales [-o 文件] [--encoding utf-8|gbk]";
	if (argc < 1)
		return cli_usage(use);
	const transfer_kind *k = transfer_kind_named(argv[0]);
	if (!k || !k->template)
		return cli_usage(use);
	cli_out o = {0};
	for (int i = 1; i < argc; i++) {
		if (!cli_out_option(&o, argc, argv, &i, NULL))
			return cli_usage(use);
	}
	if (!cli_out_open(&o, OUT_CSV))
		return cli_out_failed(&o);
	const char *path = o.path;
	char err[512];
	bool ok = k->template(a, o.fp, err, sizeof err);
	if (!ok)
		err_printf("nongjian: %s\n", err);
	if (!cli_out_close(&o, ok, NULL))
		return EXIT_FAIL;
	if (path)
		err_printf("已写入%s表头到 %s：在 Excel 中填写后用 nongjian import %s %s 导入\n",
		        k->what, path, argv[0], path);
	return EXIT_OK;
}

typedef struct {
	long shown, problems;
	bool tty;
	int last_pct;
} import_ui;

static void on_problem(void *ctx, long row, const char *column, const char *value, const char *reason)
{
	import_ui *u = ctx;
	u->problems++;
	if (u->problems > SHOWN_PROBLEMS)
		return;
	if (u->tty)
		err_clear_line();
	err_printf("第 %ld 行%s%s%s%s%s: %s\n", row, *column ? " " : "", column, *value ? " \"" : "",
	        value, *value ? "\"" : "", reason);
}

static void on_progress(void *ctx, long long done, long long total, long rows)
{
	import_ui *u = ctx;
	if (!u->tty || total < 1024 * 1024)
		return;
	int pct = (int)(done * 100 / total);
	if (pct == u->last_pct)
		return;
	u->last_pct = pct;
	err_clear_line();
	err_printf("已读取 %d%% (%ld 行)", pct, rows);
}

static void on_saving(void *ctx, long rows)
{
	import_ui *u = ctx;
	if (!u->tty || u->last_pct < 0)
		return;
	err_clear_line();
	err_printf("已读取并检查 %ld 行，正在保存……", rows);
}

int cli_import(app *a, int argc, char **argv)
{
	static const char use[] =
		"用法: nongjian import samples|items|producers|sales 文件 [--dry-run] [--skip-bad] [--report 文件] [--report-encoding utf-8|gbk]\n"
		"      nongjian import run 仪器文件 [--layout 型号] [键=值 ...]";
	if (argc < 2)
		return cli_usage(use);
	if (strcmp(argv[0], "run") == 0)
		return cli_import_run(a, argc - 1, argv + 1);
	const transfer_kind *k = transfer_kind_named(argv[0]);
	if (!k || !k->import)
		return cli_usage(use);
	const char *path = argv[1], *report_path = NULL;
	imp_options o = {.login = a->user, .source = path};
	/* The report is a CSV like any other the program writes (cli_output.h):
	 * --report FILE is its -o, --report-encoding its --encoding. (The
	 * input's encoding is found by itself.) */
	cli_out rep = {0};
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			o.dry_run = true;
		} else if (strcmp(argv[i], "--skip-bad") == 0) {
			o.skip_bad = true;
		} else if (strcmp(argv[i], "--report") == 0 && i + 1 < argc) {
			report_path = argv[++i];
		} else if (strcmp(argv[i], "--report-encoding") == 0 && i + 1 < argc) {
			if (!cli_out_encoding(&rep, argv[i], argv[i + 1]))
				return EXIT_USAGE;
			i++;
		} else {
			return cli_usage(use);
		}
	}
	FILE *in = fopen(path, "rb");
	if (!in) {
		err_printf("nongjian: 无法打开 %s: %s\n", path, err_reason(errno));
		return EXIT_USAGE;
	}
	rep.path = report_path;
	if (report_path) {
		rep.format = OUT_CSV;
		rep.format_given = true;
		if (!cli_out_open(&rep, OUT_CSV)) {
			fclose(in);
			return EXIT_FAIL;
		}
		o.report = rep.fp;
	}
	import_ui u = {.tty = isatty(2) != 0, .last_pct = -1};
	o.on_problem = on_problem;
	o.progress = on_progress;
	o.saving = on_saving;
	o.ctx = &u;
	imp_summary s;
	k->import(a, in, &o, &s);
	fclose(in);
	if (u.tty && u.last_pct >= 0)
		err_clear_line();
	if (u.problems > SHOWN_PROBLEMS)
		err_printf("…… 另有 %ld 条问题%s\n", u.problems - SHOWN_PROBLEMS,
		        report_path ? "，见报告文件" : "，加 --report 文件 可得到完整的报告");
	if (o.report && !cli_out_close(&rep, true, NULL))
		err_printf("nongjian: 写入报告 %s 失败\n", report_path);
	if (s.status == 2) {
		err_printf("nongjian: 无法导入 %s: %s\n", path, s.message);
		return 2;
	}
	out_printf("文件 %s: %s 编码，%s分隔；数据 %ld 行", path, enc_name(s.encoding),
	       s.delim == '\t' ? "制表符" : "逗号", s.rows);
	if (s.blank)
		out_printf(" (另有空行 %ld 行，已跳过)", s.blank);
	/* After a failure (the database refused the save: disk full, busy)
	 * nothing is printed as added that was not. */
	if (*s.message)
		out_printf("\n  有误 %ld 条；其余 %ld 行没有保存\n", s.bad, s.rows - s.bad);
	else
		out_printf("\n  新增 %ld 条，已存在 %ld 条 (跳过，不重复导入)，有误 %ld 条\n", s.good, s.present, s.bad);
	if (*s.ignored)
		out_printf("  忽略的列: %s\n", s.ignored);
	if (s.notes)
		out_printf("  提示 %ld 条：单元格已按提示读取 (换行改为空格、Excel 日期序号读作日期)，不是错误%s\n", s.notes,
		           report_path ? "，见报告" : "");
	if (*s.message) {
		err_printf("nongjian: 导入失败，未导入任何记录: %s\n", s.message);
		return EXIT_FAIL;
	}
	if (o.dry_run)
		out_printf("试运行 (--dry-run)：没有写入数据库。正式导入将新增 %ld 条%s\n", s.good,
		       s.bad && !o.skip_bad ? "，但默认全部或全不：须先改正有误的行" : "");
	else if (s.committed)
		out_printf("已导入 %ld 条%s\n", s.good, s.bad ? "，有误的行已跳过 (--skip-bad)" : "");
	else
		out_printf("未导入任何记录：默认全部或全不。请按报告改正有误的行后重新导入 (已导入的不会重复)，"
		       "或用 --skip-bad 只导入正确的行\n");
	if (report_path)
		out_printf("报告: %s (行号、列、值、原因；Excel 可直接打开)\n", report_path);
	else if (s.bad)
		out_printf("加 --report 文件 可得到完整的报告 (Excel 可直接打开，按行改正)\n");
	return s.status;
}

int cli_export(app *a, int argc, char **argv)
{
	static const char use[] =
		"用法: nongjian export samples|items|sales [--year 年] [-o 文件] [--encoding utf-8|gbk] [--format csv|xlsx]\n"
		"      nongjian export producers|blacklist [-o 文件] [--encoding utf-8|gbk] [--format csv|xlsx]";
	static const char *const formats[] = {"csv", "xlsx", NULL};
	if (argc < 1)
		return cli_usage(use);
	const transfer_kind *k = transfer_kind_named(argv[0]);
	if (!k || !k->export)
		return cli_usage(use);
	int year = 0;
	cli_out o = {0};
	for (int i = 1; i < argc; i++) {
		if (cli_out_option(&o, argc, argv, &i, formats))
			continue;
		if (strcmp(argv[i], "--year") == 0 && i + 1 < argc && k->by_year) {
			long y;
			if (!cli_long(argv[++i], 1900, 9999, &y))
				return cli_usage("--year 应为四位年份，如 --year 2026");
			year = (int)y;
		} else {
			return cli_usage(use);
		}
	}
	if (!cli_out_open(&o, OUT_CSV))
		return cli_out_failed(&o);
	sheet *sh = cli_out_sheet(&o, k->what);
	if (!sh)
		return EXIT_FAIL;
	long rows = 0, replaced = 0;
	char err[512] = "";
	bool ok = k->export(a, year, sh, &rows, err, sizeof err);
	ok = cli_out_close_sheet(&o, sh, ok, err, &replaced);
	if (o.path && (ok || replaced))
		err_printf("已导出 %ld 条记录到 %s%s\n", rows, o.path, o.gbk ? " (GBK 编码)" : "");
	return ok ? EXIT_OK : EXIT_FAIL;
}
