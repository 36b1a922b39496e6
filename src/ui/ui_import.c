/* Importing a CSV file from the screens: what kind, which file, a
 * progress bar for large files, then the summary and every rejected row.
 * All or nothing first; when rows were rejected the user may import the
 * good ones. The work is the importer's (imports.h); no SQL here. */
#include "ui/ui_import.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "transfer/transfers.h"
#include "base/text.h"
#include "ui/ui_prompt.h"
#include "ui/ui_term.h"

#define MAX_LINES 2000 /* problems kept for the pager; the report has all */

typedef struct {
	char **lines;
	int n;
	long problems;
	int last_pct;
	const char *path;
} import_view;

static void add_line(import_view *v, const char *text)
{
	if (v->n >= MAX_LINES)
		return;
	if (!v->lines)
		v->lines = xcalloc(MAX_LINES, sizeof *v->lines);
	v->lines[v->n++] = xstrdup(text);
}

static void free_lines(import_view *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->lines[i]);
	free(v->lines);
	v->lines = NULL;
	v->n = 0;
}

static void on_problem(void *ctx, long row, const char *column, const char *value, const char *reason)
{
	import_view *v = ctx;
	char line[1024];
	v->problems++;
	snprintf(line, sizeof line, "第 %ld 行 %s%s%s%s: %s", row, column, *value ? " \"" : "", value,
	         *value ? "\"" : "", reason);
	add_line(v, line);
}

static void draw_status(const char *title, const char *text, int pct)
{
	if (!ui_size_ok())
		return;
	erase();
	ui_titlebar(title, "");
	ui_put(3, 4, COLS - 8, ROLE_NORMAL, text);
	if (pct >= 0) {
		char bar[512];
		int width = COLS - 16;
		if (width > (int)sizeof bar - 1)
			width = (int)sizeof bar - 1;
		int fill = width * (pct > 100 ? 100 : pct) / 100;
		memset(bar, '#', (size_t)fill);
		memset(bar + fill, '.', (size_t)(width - fill));
		bar[width] = '\0';
		ui_put(5, 4, width, ROLE_OK, bar);
		char num[32];
		snprintf(num, sizeof num, "%3d%%", pct);
		ui_put(5, 5 + width, 6, ROLE_NORMAL, num);
	}
	curs_set(0);
	refresh();
}

static void on_progress(void *ctx, long long done, long long total, long rows)
{
	import_view *v = ctx;
	int pct = total > 0 ? (int)(done * 100 / total) : 0;
	if (pct == v->last_pct)
		return;
	v->last_pct = pct;
	char text[512];
	snprintf(text, sizeof text, "正在读取 %s …… 已读 %ld 行", v->path, rows);
	draw_status("导入 CSV 文件", text, pct);
}

/* The file is read and checked; the rows are being saved. */
static void on_saving(void *ctx, long rows)
{
	import_view *v = ctx;
	char text[512];
	snprintf(text, sizeof text, "已读取并检查 %s 的 %ld 行，正在保存……", v->path, rows);
	draw_status("导入 CSV 文件", text, 100);
}

/* Run one import; the report goes next to the file when rows are bad. */
static void run(app *a, const transfer_kind *k, const char *path, bool skip_bad, const char *report_path,
                import_view *v, imp_summary *s)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		memset(s, 0, sizeof *s);
		s->status = 2;
		snprintf(s->message, sizeof s->message, "无法打开 %s: %s", path, err_reason(errno));
		return;
	}
	FILE *report = fopen(report_path, "wb");
	imp_options o = {.skip_bad = skip_bad, .report = report, .login = a->user, .source = path,
	                 .progress = on_progress, .saving = on_saving, .on_problem = on_problem,
	                 .ctx = v};
	v->last_pct = -1;
	v->path = path;
	draw_status("导入 CSV 文件", "正在读取……", 0);
	k->import(a, in, &o, s);
	fclose(in);
	if (report)
		fclose(report);
	if (!report || (s->bad == 0 && s->status != 2))
		remove(report_path);
}

static void summary_lines(import_view *v, const char *path, const imp_summary *s, bool have_report,
                          const char *report_path)
{
	char line[1200];
	/* The problems come after the summary: move them down. */
	int nprob = v->n;
	char **prob = v->lines;
	v->lines = NULL;
	v->n = 0;
	if (s->status == 2) {
		snprintf(line, sizeof line, "无法导入 %s: %s", path, s->message);
		add_line(v, line);
	} else {
		snprintf(line, sizeof line, "文件 %s: %s 编码，%s分隔；数据 %ld 行%s", path, enc_name(s->encoding),
		         s->delim == '\t' ? "制表符" : "逗号", s->rows, s->blank ? " (空行已跳过)" : "");
		add_line(v, line);
		if (*s->message) /* nothing shown as added that was not */
			snprintf(line, sizeof line, "有误 %ld 条；其余 %ld 行没有保存", s->bad, s->rows - s->bad);
		else
			snprintf(line, sizeof line, "新增 %ld 条，已存在 %ld 条 (跳过，不会重复导入)，有误 %ld 条", s->good,
			         s->present, s->bad);
		add_line(v, line);
		if (*s->ignored) {
			snprintf(line, sizeof line, "忽略的列: %s", s->ignored);
			add_line(v, line);
		}
		if (*s->message)
			snprintf(line, sizeof line, "导入失败，未导入任何记录: %s", s->message);
		else if (s->committed)
			snprintf(line, sizeof line, "已导入 %ld 条%s", s->good, s->bad ? "，有误的行没有导入" : "");
		else
			snprintf(line, sizeof line, "未导入任何记录 (全部或全不)：请按下面的原因改正后重新导入");
		add_line(v, line);
	}
	if (have_report) {
		snprintf(line, sizeof line, "报告 (Excel 可打开，按行改正): %s", report_path);
		add_line(v, line);
	}
	add_line(v, "");
	for (int i = 0; i < nprob; i++) {
		add_line(v, prob[i]);
		free(prob[i]);
	}
	free(prob);
}

bool ui_import(app *a)
{
	/* The importable kinds of the table, numbered in its order. */
	const transfer_kind *kinds[9];
	int nkinds = 0;
	char question[512] = "导入:";
	for (const transfer_kind *t = transfer_kinds; t->name && nkinds < 9; t++) {
		if (!t->import || t->cli_only)
			continue;
		kinds[nkinds++] = t;
		size_t used = strlen(question);
		snprintf(question + used, sizeof question - used, " %d %s", nkinds, t->what);
	}
	size_t used = strlen(question);
	snprintf(question + used, sizeof question - used, "  Esc 返回");
	const transfer_kind *k = NULL;
	while (!k) {
		draw_status("导入 CSV 文件", question, -1);
		ui_key key = ui_read_key();
		if (key.act == ACT_LOST)
			return false;
		if (key.act == ACT_BACK)
			return true;
		if (key.act == ACT_CHAR && key.ch >= L'1' && key.ch < L'1' + nkinds)
			k = kinds[key.ch - L'1'];
	}
	char path[1024], title[128];
	snprintf(title, sizeof title, "导入%s", k->what);
	if (!ui_prompt(title,
	               "CSV 文件的路径 (Excel 另存为的 CSV，UTF-8 或 GBK 均可):", path, sizeof path))
		return true;
	char report_path[1100];
	snprintf(report_path, sizeof report_path, "%s.报告.csv", path);
	import_view v = {.last_pct = -1};
	imp_summary s;
	run(a, k, path, false, report_path, &v, &s);
	bool again = s.status != 2 && !*s.message && !s.committed && s.bad > 0 && s.good > 0;
	summary_lines(&v, path, &s, s.bad > 0 && s.status != 2, report_path);
	ui_pager("导入结果", v.lines, v.n);
	if (again) {
		char q[256];
		snprintf(q, sizeof q, "只导入正确的 %ld 行，跳过有误的 %ld 行？", s.good, s.bad);
		if (ui_confirm(q)) {
			free_lines(&v);
			v.problems = 0;
			run(a, k, path, true, report_path, &v, &s);
			summary_lines(&v, path, &s, s.bad > 0 && s.status != 2, report_path);
			ui_pager("导入结果", v.lines, v.n);
		}
	}
	free_lines(&v);
	return true;
}
