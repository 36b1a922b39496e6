/* Rapid-test runs on the command line: `run add` saves a run (the shared
 * fields as 键=值, the channels from a CSV sheet, the 抑制率 from the
 * instrument's own file if given), `import run` reads an instrument
 * file and shows what it would fill, by channel, without saving. The
 * same domain calls as the run screen (sample/run.h, transfer/instrument.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/csvfile.h"
#include "base/out.h"
#include "base/text.h"
#include "cli/cli.h"
#include "sample/run.h"
#include "transfer/instrument.h"

static void print_problems(const char *head, const run_problems *p)
{
	for (int i = 0; i < p->n; i++) {
		char line[800];
		run_problem_text(&p->p[i], line, sizeof line);
		err_printf("%s%s\n", head, line);
	}
	if (p->more)
		err_printf("%s…… 还有更多问题，请先改正以上各项\n", head);
}

/* KEY=VALUE arguments: a run field (仪器, 检测时间, 对照ΔA0) or a shared
 * sample field. */
static bool assign_shared(app *a, run *r, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		char key[128];
		snprintf(key, sizeof key, "%.*s", eq ? (int)(eq - argv[i]) : 0, argv[i]);
		int k = eq ? run_field_named(key) : -1;
		if (k >= 0) {
			run_set(r, k, eq + 1);
			continue;
		}
		char err[512];
		if (!rec_assign(&sample_type, app_form(a, "sample"), r->head.v, argv[i], err, sizeof err)) {
			err_printf("nongjian: %s\n", err);
			return false;
		}
	}
	return true;
}

/* ---- the run sheet: a CSV with a row per channel ---- */

typedef struct {
	app *a;
	run *r;
	int col[16];      /* field per column; -2: 通道 */
	int ncols;
	int next;         /* the channel of a row without a 通道 column */
	bool bad;
} sheet_read;

static bool sheet_header(sheet_read *s, char **cells, int n, char *err, size_t errlen)
{
	s->ncols = n < 16 ? n : 16;
	for (int i = 0; i < s->ncols; i++) {
		char name[256];
		text_copy(name, sizeof name, cells[i]);
		text_trim(name);
		if (strcmp(name, "通道") == 0 || strcmp(name, "channel") == 0) {
			s->col[i] = -2;
			continue;
		}
		int k = rec_field_named(&sample_type, app_form(s->a, "sample"), name);
		bool grid = false;
		for (int c = 0; c < RUN_NCOLS; c++)
			grid = grid || run_columns[c] == k;
		if (!grid)
			return errf(err, errlen, "表头第 %d 列 \"%s\" 不是通道表的列 (通道、受检主体、样品名称、产品类别、抽样环节、"
			            "抑制率(%%))；本批共同的内容请写成 键=值", i + 1, name);
		s->col[i] = k;
	}
	return true;
}

static bool sheet_row(void *ctx, int rowno, char **cells, int n, char *err, size_t errlen)
{
	sheet_read *s = ctx;
	if (rowno == 1)
		return sheet_header(s, cells, n, err, errlen);
	int channel = ++s->next;
	bool blank = true;
	for (int i = 0; i < n && i < s->ncols; i++) {
		char v[512];
		text_copy(v, sizeof v, cells[i]);
		blank = blank && !*text_trim(v);
		if (s->col[i] == -2 && *v) {
			char *end;
			errno = 0;
			long c = strtol(v, &end, 10);
			if (errno || *end || c < 1)
				return errf(err, errlen, "第 %d 行: 通道 \"%s\" 不是通道号", rowno, v);
			channel = (int)c;
		}
	}
	if (blank)
		return true;
	if (channel > s->r->nrows) {
		err_printf("nongjian: 第 %d 行: 通道 %d 超出 %s 仪器的 %d 个通道\n", rowno, channel, s->r->head.v[SF_TOWN],
		           s->r->nrows);
		s->bad = true;
		return true;
	}
	for (int i = 0; i < n && i < s->ncols; i++)
		if (s->col[i] >= 0)
			sample_set(&s->r->rows[channel - 1], s->col[i], cells[i]);
	return true;
}

static bool read_sheet(app *a, run *r, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		err_printf("nongjian: 无法打开 %s: %s\n", path, err_reason(errno));
		return false;
	}
	sheet_read s = {.a = a, .r = r};
	char err[512];
	bool ok = csvfile_read_any(fp, path, sheet_row, &s, err, sizeof err);
	fclose(fp);
	if (!ok)
		err_printf("nongjian: %s\n", err);
	return ok && !s.bad;
}

/* ---- the instrument's file ---- */

/* Read path and fill r; false after printing why (nothing filled). */
static int fill_from_instrument(app *a, run *r, const char *path, const char *model, bool *problems)
{
	char layouts[4096], err[1024];
	inst_layouts_path(a->cfg, layouts, sizeof layouts);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		err_printf("nongjian: 无法打开 %s: %s\n", path, err_reason(errno));
		return -1;
	}
	inst_file *f = xcalloc(1, sizeof *f);
	bool ok = inst_read(fp, path, layouts, model, f, err, sizeof err);
	fclose(fp);
	int filled = -1;
	if (!ok) {
		err_printf("nongjian: %s\n", err);
	} else {
		run_problems *p = xcalloc(2, sizeof *p);
		filled = inst_fill_run(a->cfg, f, r, &p[0], &p[1]);
		err_printf("仪器文件 %s (布局: %s): 读入 %d 个通道的抑制率\n", path, f->layout, filled);
		print_problems("nongjian: ", &p[0]);
		print_problems("请核对: ", &p[1]);
		*problems = p[0].n > 0;
		text_copy(r->source, sizeof r->source, path);
		free(p);
	}
	free(f);
	return filled;
}

/* Options shared by both jobs: --instrument FILE, --layout MODEL,
 * --force; the rest stays in argv. */
typedef struct {
	const char *instrument, *layout;
	bool force;
} run_options;

static bool take_options(int *argc, char **argv, run_options *o)
{
	int n = 0;
	for (int i = 0; i < *argc; i++) {
		if ((strcmp(argv[i], "--instrument") == 0 || strcmp(argv[i], "--layout") == 0) && i + 1 < *argc) {
			if (argv[i][2] == 'i')
				o->instrument = argv[++i];
			else
				o->layout = argv[++i];
		} else if (strcmp(argv[i], "--force") == 0) {
			o->force = true;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			return false;
		} else {
			argv[n++] = argv[i];
		}
	}
	*argc = n;
	return true;
}

/* A run with the form's defaults, the arguments and the unit's channels. */
static bool start_run(app *a, run *r, int argc, char **argv)
{
	run_init(r, 1);
	rec_defaults(&sample_type, app_form(a, "sample"), r->head.v);
	if (a->me.role == USER_STAFF && *a->me.town)
		sample_set(&r->head, SF_TOWN, a->me.town);
	if (!assign_shared(a, r, argc, argv))
		return false;
	const town_def *t = config_town(a->cfg, r->head.v[SF_TOWN]);
	r->nrows = config_run_channels(a->cfg, t ? t->name : "");
	return true;
}

int cli_run(app *a, int argc, char **argv)
{
	static const char use[] = "用法: nongjian run add 通道表.csv 键=值 ... [--instrument 仪器文件] [--layout 型号] [--force]";
	run_options o = {0};
	if (argc < 2 || strcmp(argv[0], "add") != 0)
		return cli_usage(use);
	const char *sheet = argv[1];
	argc -= 2;
	argv += 2;
	if (!take_options(&argc, argv, &o))
		return cli_usage(use);
	run *r = xcalloc(1, sizeof *r);
	run_problems *p = xcalloc(1, sizeof *p);
	int rc = EXIT_FAIL;
	bool file_problems = false;
	char err[1024] = "";
	if (!start_run(a, r, argc, argv)) {
		rc = EXIT_USAGE;
	} else if (!read_sheet(a, r, sheet)) {
		rc = EXIT_FAIL;
	} else if (o.instrument && (fill_from_instrument(a, r, o.instrument, o.layout, &file_problems) < 0 ||
	                            file_problems)) {
		err_printf("nongjian: 仪器文件有问题，本批没有保存\n");
	} else if (!run_validate(a->cfg, app_form(a, "sample"), r, p)) {
		print_problems("nongjian: ", p);
		err_printf("nongjian: 本批没有保存任何记录: 请改正以上各项后重试\n");
	} else if (!o.force && run_questions(a->db, a->cfg, app_form(a, "sample"), r, p, err, sizeof err)) {
		print_problems("nongjian: ", p);
		err_printf("nongjian: 本批没有保存: 确认无误请加 --force 再保存\n");
	} else if (*err) {
		err_printf("nongjian: %s\n", err);
	} else if (!run_save(a->db, a->cfg, app_form(a, "sample"), r, &a->me, p, err, sizeof err)) {
		print_problems("nongjian: ", p);
		err_printf("nongjian: %s\n", *err ? err : "本批没有保存任何记录");
	} else {
		for (int i = 0; i < r->nrows; i++)
			if (*r->rows[i].sample_no)
				out_printf("第 %d 通道\t%s\t%s\t%s\n", i + 1, r->rows[i].sample_no, r->rows[i].v[SF_PRODUCT],
				           sample_verdict_text(&r->rows[i]));
		out_printf("已保存本批 %d 条记录 (%d 通道)\n", run_records(r), r->nrows);
		rc = EXIT_OK;
	}
	run_free(r);
	free(r);
	free(p);
	return rc;
}

int cli_import_run(app *a, int argc, char **argv)
{
	static const char use[] = "用法: nongjian import run 仪器文件 [--layout 型号] [抽样日期=日期] [检测单位=单位]";
	run_options o = {0};
	if (argc < 1)
		return cli_usage(use);
	const char *path = argv[0];
	argc--;
	argv++;
	if (!take_options(&argc, argv, &o) || o.instrument || o.force)
		return cli_usage(use);
	run *r = xcalloc(1, sizeof *r);
	int rc = EXIT_USAGE;
	bool problems = false;
	if (start_run(a, r, argc, argv)) {
		int filled = fill_from_instrument(a, r, path, o.layout, &problems);
		rc = filled < 0 ? 2 : problems ? EXIT_FAIL : EXIT_OK;
		for (int i = 0; filled >= 0 && i < r->nrows; i++) {
			const sample *row = &r->rows[i];
			if (!*row->v[SF_INHIBITION])
				continue;
			sample s;
			sample_init(&s);
			run_row_sample(r, i, &s);
			sample_judge(a->cfg, &s);
			out_printf("第 %d 通道\t%s\t%s\t%s\n", i + 1, *row->v[SF_PRODUCT] ? row->v[SF_PRODUCT] : "(样品名称未填)",
			           row->v[SF_INHIBITION], sample_verdict_text(&s));
			sample_free(&s);
		}
		if (filled >= 0 && *r->control)
			out_printf("对照 ΔA0\t%s\n", r->control);
		if (filled >= 0)
			out_printf("未保存: 请在按通道录入界面读入此文件 (F3)，核对、补全后按 F2 保存；"
			           "或用 nongjian run add 通道表.csv --instrument %s 保存\n", path);
	}
	run_free(r);
	free(r);
	return rc;
}
