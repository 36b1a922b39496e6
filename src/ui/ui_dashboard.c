#include "ui/ui_dashboard.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "inspect/coverage_print.h"
#include "quota/quota.h"
#include "quota/quota_print.h"
#include "quota/report.h"
#include "base/text.h"
#include "ui/ui_prompt.h"
#include "ui/ui_term.h"

#define BAR_W 18
#define TABLE_TOP 3

typedef struct {
	app *a;
	int year, kind;
	ymd as_of;
	quota_report r;
	const quota_row *view[512];   /* rows of the chosen kind */
	int n, cur, top;
	char message[512];
	ui_role message_role;
} dash;

static void load(dash *d)
{
	char err[512];
	quota_free(&d->r);
	d->n = 0;
	if (!quota_ensure_targets(d->a->db, d->a->cfg, d->year, &d->a->me, err, sizeof err) ||
	    !quota_compute(d->a->db, d->a->cfg, d->year, d->as_of, &d->r, err, sizeof err)) {
		snprintf(d->message, sizeof d->message, "%s", err);
		d->message_role = ROLE_ERROR;
		return;
	}
	for (int i = 0; i < d->r.n && d->n < 512; i++)
		if (d->r.rows[i].kind == d->kind)
			d->view[d->n++] = &d->r.rows[i];
	/* A township user's own unit comes first; the rest stay worst-first. */
	const char *own = d->a->me.town;
	for (int i = 1; *own && i < d->n; i++) {
		if (strcmp(d->view[i]->unit, own) == 0) {
			const quota_row *mine = d->view[i];
			memmove(d->view + 1, d->view, (size_t)i * sizeof *d->view);
			d->view[0] = mine;
			break;
		}
	}
	if (d->cur >= d->n)
		d->cur = d->n > 0 ? d->n - 1 : 0;
}

/* "#######.....|...." with the pace marker. */
static void bar(int y, int x, const quota_row *q, double share)
{
	int fill = q->target > 0 ? (int)(q->pct / 100.0 * BAR_W + 0.5) : 0;
	if (fill > BAR_W)
		fill = BAR_W;
	int pace = (int)(share * BAR_W + 0.5);
	if (pace >= BAR_W)
		pace = BAR_W - 1;
	char filled[BAR_W + 1], rest[BAR_W + 1];
	for (int i = 0; i < BAR_W; i++) {
		char ch = i < fill ? '#' : '.';
		if (i == pace && i >= fill)
			ch = '|';
		if (i < fill)
			filled[i] = ch;
		else
			rest[i - fill] = ch;
	}
	filled[fill] = '\0';
	rest[BAR_W - fill] = '\0';
	bool behind = quota_behind(q);
	ui_role role = behind ? ROLE_FAIL : ROLE_OK;
	ui_put(y, x, fill, role, filled);
	ui_put(y, x + fill, BAR_W - fill, ROLE_DIM, rest);
}

/* Columns: unit 10, done/target 11, percent 6, bar, gap 6, projection 5,
 * positives 4, pass rate 6, status 4. */
static void row(dash *d, int y, const quota_row *q, bool sel)
{
	char b[8][48], cell[96];
	snprintf(b[0], sizeof b[0], "%ld/%ld", q->done, q->target);
	quota_fmt_pct(q->pct, b[1], sizeof b[1]);
	quota_fmt_gap(q->gap, b[2], sizeof b[2]);
	snprintf(b[3], sizeof b[3], "%.0f", q->projection);
	snprintf(b[4], sizeof b[4], "%ld", q->positives);
	quota_fmt_rate(q->pass_rate, b[5], sizeof b[5]);
	bool behind = quota_behind(q);
	bool low = quota_low_pass(q, d->r.goal);
	if (low)
		strncat(b[5], "!", sizeof b[5] - strlen(b[5]) - 1);
	/* The selection is a '>' and the unit's name in reverse, not the whole
	 * row: moving it then costs the link ~40 bytes instead of ~300. */
	ui_role base = ROLE_NORMAL;
	ui_put(y, 0, 1, ROLE_NORMAL, sel ? ">" : " ");
	int x = 1;
	text_pad(q->unit, 10, false, cell, sizeof cell);
	x += ui_put(y, x, 10, sel ? ROLE_SELECTED : ROLE_NORMAL, cell) + 1;
	static const int w[] = {11, 6};
	for (int i = 0; i < 2; i++) {
		text_pad(b[i], w[i], true, cell, sizeof cell);
		x += ui_put(y, x, w[i], base, cell) + 1;
	}
	bar(y, x, q, d->r.share);
	x += BAR_W + 1;
	static const int w2[] = {6, 5, 4, 7};
	for (int i = 0; i < 4; i++) {
		text_pad(b[2 + i], w2[i], true, cell, sizeof cell);
		ui_role role = base;
		if (i == 0)
			role = behind ? ROLE_FAIL : ROLE_OK;
		if (i == 3 && low)
			role = ROLE_FAIL;
		x += ui_put(y, x, w2[i], role, cell) + 1;
	}
	ui_put(y, x, 4, behind ? ROLE_FAIL : ROLE_OK, behind ? "落后" : "正常");
}

static void draw(dash *d)
{
	if (!ui_size_ok())
		return;
	erase();
	char title[256], date[11];
	date_format(d->as_of, date, sizeof date);
	snprintf(title, sizeof title, "农检 · 任务进度 · %s %d 年度 · 截至 %s (全年已过 %.1f%%)",
	         d->a->cfg->district_name, d->year, date, 100.0 * d->r.share);
	ui_titlebar(title, "");
	int x = 1;
	for (int k = 0; k < KIND_COUNT; k++) {
		char tab[64];
		snprintf(tab, sizeof tab, k == d->kind ? "[%s]" : " %s ", kind_label(k));
		x += ui_put(1, x, COLS - x, k == d->kind ? ROLE_SELECTED : ROLE_NORMAL, tab) + 1;
	}
	char goal[64];
	snprintf(goal, sizeof goal, "合格率目标 %.0f%%", d->r.goal);
	ui_put(1, x + 1, COLS - x - 2, ROLE_DIM, goal);
	static const struct {
		const char *label;
		int width;
		bool right;
	} head[] = {{"单位", 10, false}, {"完成/目标", 11, true}, {"完成率", 6, true},
	            {"进度 (|=应达)", BAR_W, false}, {"差额", 6, true}, {"预计", 5, true},
	            {"阳性", 4, true}, {"合格率", 7, true}, {"状态", 4, false}};
	x = 1;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++) {
		char cell[64];
		text_pad(head[i].label, head[i].width, head[i].right, cell, sizeof cell);
		x += ui_put(2, x, head[i].width, ROLE_DIM, cell) + 1;
	}
	int rows = LINES - TABLE_TOP - 3;
	if (d->cur < d->top)
		d->top = d->cur;
	if (d->cur >= d->top + rows)
		d->top = d->cur - rows + 1;
	for (int i = 0; i < rows && d->top + i < d->n; i++)
		row(d, TABLE_TOP + i, d->view[d->top + i], d->top + i == d->cur);
	if (d->n == 0)
		ui_put(TABLE_TOP, 1, COLS - 2, ROLE_DIM, "这个检测类别没有任务，也没有记录。");
	row(d, LINES - 3, &d->r.totals[d->kind], false);
	ui_put(LINES - 2, 1, COLS - 2, d->message_role, d->message);
	static const char *const keys[] = {"Enter", "明细 ", "Tab", "类别 ", "t", "改任务 ", "d", "日期 ",
	                                   "b", "季度通报 ", "F10", "返回", NULL};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

static void part_table(int y, int x, const char *title, const quota_part *p, int n, int maxrows)
{
	char line[128], name[64];
	ui_put(y, x, 38, ROLE_TITLE, title);
	ui_put(y + 1, x, 38, ROLE_DIM, "              完成  阳性  合格率");
	for (int i = 0; i < n && i < maxrows; i++) {
		char rate[32];
		quota_fmt_rate(p[i].pass_rate, rate, sizeof rate);
		text_pad(p[i].label, 12, false, name, sizeof name);
		snprintf(line, sizeof line, "%s %5ld %5ld %7s", name, p[i].done, p[i].positives,
		         *rate ? rate : "—");
		ui_put(y + 2 + i, x, 38, ROLE_NORMAL, line);
	}
}

/* Drill-down of one unit: months and quarters, categories and stages. */
static bool detail(dash *d, const quota_row *q)
{
	for (;;) {
		if (ui_size_ok()) {
			erase();
			char title[256], err[512] = "";
			snprintf(title, sizeof title, "农检 · %s · %s · %d 年度明细", q->unit, kind_label(q->kind),
			         d->year);
			ui_titlebar(title, "");
			quota_part p[64];
			int n = quota_breakdown(d->a->db, d->year, d->as_of, q->unit_id, q->kind, QB_MONTH, "",
			                        p, 12, err, sizeof err);
			part_table(2, 1, "按月份", p, n, 12);
			n = quota_breakdown(d->a->db, d->year, d->as_of, q->unit_id, q->kind, QB_QUARTER, "", p,
			                    4, err, sizeof err);
			part_table(16, 1, "按季度", p, n, 4);
			n = quota_breakdown(d->a->db, d->year, d->as_of, q->unit_id, q->kind, QB_CATEGORY, "",
			                    p, 64, err, sizeof err);
			part_table(2, 41, "按产品类别", p, n, 8);
			n = quota_breakdown(d->a->db, d->year, d->as_of, q->unit_id, q->kind, QB_STAGE, "", p,
			                    64, err, sizeof err);
			part_table(12, 41, "按抽样环节", p, n, 9);
			char sum[256], rate[32];
			quota_fmt_rate(q->pass_rate, rate, sizeof rate);
			snprintf(sum, sizeof sum, "完成 %ld/%ld，阳性 %ld，其中尚未处置 %ld，合格率 %s", q->done,
			         q->target, q->positives, q->open_positives, *rate ? rate : "—");
			ui_put(LINES - 2, 1, COLS - 2, *err ? ROLE_ERROR : ROLE_NORMAL, *err ? err : sum);
			static const char *const keys[] = {"F10", "返回", NULL};
			ui_keybar(keys);
			curs_set(0);
			refresh();
		}
		ui_key k = ui_read_key();
		if (k.act == ACT_LOST)
			return false;
		if (k.act == ACT_BACK || k.act == ACT_ENTER || (k.act == ACT_CHAR && k.ch == L'q'))
			return true;
		if (k.act == ACT_REDRAW)
			ui_force_repaint();
	}
}

static void bulletin(dash *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	char err[512];
	if (!mem)
		return;
	int quarter = report_default_quarter(d->year);
	bool ok = report_quarter(d->a->db, d->a->cfg, d->year, quarter, mem, err, sizeof err) &&
	          coverage_bulletin(d->a->db, d->year, quarter, d->as_of, mem, err, sizeof err);
	fclose(mem);
	if (!ok) {
		snprintf(d->message, sizeof d->message, "%s", err);
		d->message_role = ROLE_ERROR;
		free(buf);
		return;
	}
	char *lines[512];
	int n = 0;
	for (char *l = buf; l && *l && n < 512;) {
		char *nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		lines[n++] = l;
		l = nl ? nl + 1 : NULL;
	}
	char title[128];
	snprintf(title, sizeof title, "%d 年第 %d 季度通报 (命令行: nongjian report quarter -o 文件)", d->year,
	         quarter);
	ui_pager(title, lines, n);
	free(buf);
}

static void change_target(dash *d)
{
	if (d->n == 0)
		return;
	const quota_row *q = d->view[d->cur];
	char question[256], answer[64], err[512];
	snprintf(question, sizeof question, "%s %d 年%s任务 (现为 %ld):", q->unit, d->year,
	         kind_label(q->kind), q->target);
	if (!ui_prompt("修改年度任务", question, answer, sizeof answer))
		return;
	char *end;
	errno = 0;
	long v = strtol(answer, &end, 10);
	char unit[64];
	snprintf(unit, sizeof unit, "%s", q->unit);
	if (errno || *end || end == answer) {
		snprintf(d->message, sizeof d->message, "\"%s\" 不是整数，任务未修改", answer);
		d->message_role = ROLE_ERROR;
	} else if (!quota_set_target(d->a->db, d->a->cfg, d->year, unit, d->kind, v, &d->a->me, err,
	                             sizeof err)) {
		snprintf(d->message, sizeof d->message, "%s", err);
		d->message_role = ROLE_ERROR;
	} else {
		load(d);
		snprintf(d->message, sizeof d->message, "%s %s 任务已改为 %ld", unit, kind_label(d->kind), v);
		d->message_role = ROLE_OK;
	}
}

static void change_date(dash *d)
{
	char answer[64], norm[16];
	if (!ui_prompt("统计截至日期", "输入日期 (如 2026-06-30 或 6-30):", answer, sizeof answer))
		return;
	ymd as_of;
	if (!date_normalise(answer, d->year, norm, sizeof norm) || !date_parse(norm, &as_of)) {
		snprintf(d->message, sizeof d->message, "\"%s\" 不是有效日期", answer);
		d->message_role = ROLE_ERROR;
		return;
	}
	d->as_of = as_of;
	load(d);
}

bool ui_dashboard(app *a)
{
	dash *d = xcalloc(1, sizeof *d);
	d->a = a;
	d->year = a->cfg->year;
	d->as_of = date_today();
	if (d->as_of.y > d->year)
		d->as_of = (ymd){d->year, 12, 31};
	load(d);
	bool alive = true;
	for (;;) {
		draw(d);
		ui_key k = ui_read_key();
		if (k.act != ACT_NONE)
			d->message[0] = '\0';
		if (k.act == ACT_LOST) {
			alive = false;
			break;
		}
		if (k.act == ACT_BACK || (k.act == ACT_CHAR && k.ch == L'q'))
			break;
		switch (k.act) {
		case ACT_UP: if (d->cur > 0) d->cur--; break;
		case ACT_DOWN: if (d->cur + 1 < d->n) d->cur++; break;
		case ACT_PGUP: d->cur = d->cur > 10 ? d->cur - 10 : 0; break;
		case ACT_PGDN: d->cur = d->cur + 10 < d->n ? d->cur + 10 : (d->n ? d->n - 1 : 0); break;
		case ACT_HOME: d->cur = 0; break;
		case ACT_END: d->cur = d->n ? d->n - 1 : 0; break;
		case ACT_NEXT: case ACT_RIGHT:
			d->kind = (d->kind + 1) % KIND_COUNT;
			d->cur = 0;
			load(d);
			break;
		case ACT_PREV: case ACT_LEFT:
			d->kind = (d->kind + KIND_COUNT - 1) % KIND_COUNT;
			d->cur = 0;
			load(d);
			break;
		case ACT_ENTER:
			if (d->n > 0 && !detail(d, d->view[d->cur]))
				alive = false;
			break;
		case ACT_REDRAW: ui_force_repaint(); break;
		case ACT_HELP: ui_help(); break;
		case ACT_CHAR:
			if (k.ch == L't')
				change_target(d);
			else if (k.ch == L'd')
				change_date(d);
			else if (k.ch == L'b')
				bulletin(d);
			break;
		default: break;
		}
		if (!alive)
			break;
	}
	quota_free(&d->r);
	free(d);
	return alive;
}
