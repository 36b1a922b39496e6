#include "ui/ui_dashboard.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "inspect/brand.h"
#include "inspect/coverage.h"
#include "inspect/coverage_print.h"
#include "ledger/salefigures.h"
#include "quota/quota.h"
#include "quota/quota_print.h"
#include "quota/report.h"
#include "base/text.h"
#include "ui/ui_followup.h"
#include "ui/ui_page.h"
#include "ui/ui_prompt.h"
#include "ui/ui_sale.h"
#include "ui/ui_term.h"

#define BAR_W 18
#define TABLE_TOP 3

typedef struct dash dash;

/* The dashboard's tabs, one row each (Tab/←→ move between them): the test
 * kinds from the quota figures, then the plans' other duties, each filling
 * the same rows — done/target per unit, pace, projection, worst first —
 * from its own figures. A duty is one more row here and its two
 * functions. */
typedef struct {
	const char *label;        /* NULL: the test kind's name */
	int kind;                 /* KIND_* of a test quota, -1 for a duty */
	/* A duty's rows into d->duty, d->nduty and d->duty_total, its period
	 * into d->period; false with the message. */
	bool (*load)(dash *d, char *err, size_t errlen);
	/* Enter on a duty's unit (a list to work from); false: terminal lost. */
	bool (*detail)(dash *d, const quota_row *q);
	const char *col_a, *col_b; /* heads of the last two figures (a duty's counts) */
	bool district;             /* the target is the district's only (the total row's) */
} dash_tab;

struct dash {
	app *a;
	int year, tab;
	ymd as_of;
	quota_report r;
	const quota_row *view[512];   /* rows of the chosen tab */
	int n, cur, top;
	quota_row duty[512], duty_total; /* a duty tab's rows */
	int nduty;
	double duty_share;            /* the elapsed share of its period */
	char period[160];             /* its title: "2026 年第 4 季度 · 截至 …" */
	char message[512];
	ui_role message_role;
};

static bool inspections_load(dash *d, char *err, size_t errlen);
static bool inspections_detail(dash *d, const quota_row *q);
static bool yearly_load(dash *d, char *err, size_t errlen);
static bool yearly_detail(dash *d, const quota_row *q);
static bool certificates_load(dash *d, char *err, size_t errlen);
static bool traced_load(dash *d, char *err, size_t errlen);
static bool brands_load(dash *d, char *err, size_t errlen);
static bool brands_detail(dash *d, const quota_row *q);
static bool sales_load(dash *d, char *err, size_t errlen);
static bool sales_detail(dash *d, const quota_row *q);
static bool followups_load(dash *d, char *err, size_t errlen);
static bool followups_detail(dash *d, const quota_row *q);

static const dash_tab tabs[] = {
	{NULL, KIND_RAPID, NULL, NULL, "阳性", "合格率", false},
	{NULL, KIND_ROUTINE, NULL, NULL, "阳性", "合格率", false},
	{NULL, KIND_SUPERVISORY, NULL, NULL, "阳性", "合格率", false},
	{NULL, KIND_INPUTS, NULL, NULL, "阳性", "合格率", false},
	{"巡查覆盖", -1, inspections_load, inspections_detail, "整改", "逾期", false},
	{"一年一检", -1, yearly_load, yearly_detail, "", "", false},
	{"合格证", -1, certificates_load, NULL, "", "", false},
	{"追溯", -1, traced_load, NULL, "", "", false},
	{"两品一标", -1, brands_load, brands_detail, "名特", "", true},
	{"限用农药", -1, sales_load, sales_detail, "笔数", "多店", false},
	{"处置率", -1, followups_load, followups_detail, "未结", "逾期", false},
};
#define NTABS ((int)(sizeof tabs / sizeof *tabs))

static const char *tab_label(int t)
{
	return tabs[t].label ? tabs[t].label : kind_label(tabs[t].kind);
}

/* The chosen tab's total row. */
static const quota_row *total_row(const dash *d)
{
	return tabs[d->tab].kind >= 0 ? &d->r.totals[tabs[d->tab].kind] : &d->duty_total;
}

static void load(dash *d)
{
	char err[512];
	const dash_tab *t = &tabs[d->tab];
	quota_free(&d->r);
	d->n = 0;
	bool ok = t->kind < 0 ? t->load(d, err, sizeof err)
	                      : quota_ensure_targets(d->a->db, d->a->cfg, d->year, &d->a->me, err, sizeof err) &&
	                        quota_compute(d->a->db, d->a->cfg, d->year, d->as_of, &d->r, err, sizeof err);
	if (!ok) {
		snprintf(d->message, sizeof d->message, "%s", err);
		d->message_role = ROLE_ERROR;
		return;
	}
	for (int i = 0; t->kind < 0 && i < d->nduty; i++)
		d->view[d->n++] = &d->duty[i];
	for (int i = 0; t->kind >= 0 && i < d->r.n && d->n < 512; i++)
		if (d->r.rows[i].kind == t->kind)
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
	/* A town under a district's target: its count only. */
	bool count_only = tabs[d->tab].district && q->target == 0;
	snprintf(b[0], sizeof b[0], count_only ? "%ld" : "%ld/%ld", q->done, q->target);
	quota_fmt_pct(q->pct, b[1], sizeof b[1]);
	quota_fmt_gap(q->gap, b[2], sizeof b[2]);
	if (count_only)
		b[1][0] = b[2][0] = '\0';
	snprintf(b[3], sizeof b[3], "%.0f", q->projection);
	snprintf(b[4], sizeof b[4], "%ld", q->positives);
	bool duty = tabs[d->tab].kind < 0;
	if (duty && !*tabs[d->tab].col_a)
		b[4][0] = '\0';
	if (duty) {
		b[5][0] = '\0';
		if (*tabs[d->tab].col_b)
			snprintf(b[5], sizeof b[5], "%ld", q->open_positives);
	} else
		quota_fmt_rate(q->pass_rate, d->r.goal, b[5], sizeof b[5]);
	bool behind = quota_behind(q);
	bool low = duty ? q->open_positives > 0 : quota_low_pass(q, d->r.goal);
	if (low && !duty)
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
	if (!count_only)
		bar(y, x, q, duty ? d->duty_share : d->r.share);
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
	/* A duty of a town without a registry has nothing to be behind on. */
	const char *state = duty && q->target == 0 ? "—" : behind ? "落后" : "正常";
	ui_put(y, x, 4, behind ? ROLE_FAIL : duty && q->target == 0 ? ROLE_DIM : ROLE_OK, state);
}

static void draw(dash *d)
{
	if (!ui_size_ok())
		return;
	erase();
	char title[256], date[11];
	date_format(d->as_of, date, sizeof date);
	if (tabs[d->tab].kind >= 0)
		snprintf(title, sizeof title, "农检 · 任务进度 · %s %d 年度 · 截至 %s (全年已过 %.1f%%)",
		         d->a->cfg->district_name, d->year, date, 100.0 * d->r.share);
	else
		snprintf(title, sizeof title, "农检 · %s · %s %s", tab_label(d->tab), d->a->cfg->district_name, d->period);
	ui_titlebar(title, "");
	int x = 1;
	/* More tabs than the line holds: from the first one that still lets
	 * the chosen one show, with < and > where some are out of sight. */
	int first = 0, width = 0;
	for (int k = d->tab; k >= 0; k--) {
		width += text_cols(tab_label(k)) + 2;
		if (width > COLS - 3)
			break;
		first = k;
	}
	if (first > 0)
		ui_put(1, 0, 1, ROLE_DIM, "<");
	for (int k = first; k < NTABS; k++) {
		char tab[64];
		snprintf(tab, sizeof tab, k == d->tab ? "[%s]" : " %s ", tab_label(k));
		if (x + text_cols(tab) > COLS - 1) {
			ui_put(1, COLS - 1, 1, ROLE_DIM, ">");
			break;
		}
		x += ui_put(1, x, COLS - x, k == d->tab ? ROLE_SELECTED : ROLE_NORMAL, tab);
	}
	char goal[64];
	snprintf(goal, sizeof goal, "合格率目标 %.0f%%", d->r.goal);
	if (tabs[d->tab].kind >= 0 && x + 1 + text_cols(goal) <= COLS)
		ui_put(1, x + 1, COLS - x - 2, ROLE_DIM, goal);
	const struct {
		const char *label;
		int width;
		bool right;
	} head[] = {{"单位", 10, false}, {"完成/目标", 11, true}, {"完成率", 6, true},
	            {"进度 (|=应达)", BAR_W, false}, {"差额", 6, true}, {"预计", 5, true},
	            {tabs[d->tab].col_a, 4, true}, {tabs[d->tab].col_b, 7, true}, {"状态", 4, false}};
	x = 1;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++) {
		char cell[64];
		text_pad(head[i].label, head[i].width, head[i].right, cell, sizeof cell);
		x += ui_put(2, x, head[i].width, ROLE_DIM, cell) + 1;
	}
	int rows = LINES - TABLE_TOP - 3;
	ui_scroll_to(&d->top, d->cur, rows);
	for (int i = 0; i < rows && d->top + i < d->n; i++)
		row(d, TABLE_TOP + i, d->view[d->top + i], d->top + i == d->cur);
	if (d->n == 0)
		ui_put(TABLE_TOP, 1, COLS - 2, ROLE_DIM, "这个类别没有任务，也没有记录。");
	row(d, LINES - 3, total_row(d), false);
	ui_put(LINES - 2, 1, COLS - 2, d->message_role, d->message);
	static const char *const keys[] = {"Enter", "明细 ", "Tab", "下一页 ", "t", "改任务 ", "d", "日期 ",
	                                   "b", "季度通报 ", "F10", "返回", NULL};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

static void part_table(int y, int x, const char *title, const quota_part *p, int n, int maxrows, double goal)
{
	char line[128], name[64];
	ui_put(y, x, 38, ROLE_TITLE, title);
	ui_put(y + 1, x, 38, ROLE_DIM, "              完成  阳性  合格率");
	for (int i = 0; i < n && i < maxrows; i++) {
		char rate[32];
		quota_fmt_rate(p[i].pass_rate, goal, rate, sizeof rate);
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
			part_table(2, 1, "按月份", p, n, 12, d->r.goal);
			n = quota_breakdown(d->a->db, d->year, d->as_of, q->unit_id, q->kind, QB_QUARTER, "", p,
			                    4, err, sizeof err);
			part_table(16, 1, "按季度", p, n, 4, d->r.goal);
			n = quota_breakdown(d->a->db, d->year, d->as_of, q->unit_id, q->kind, QB_CATEGORY, "",
			                    p, 64, err, sizeof err);
			part_table(2, 41, "按产品类别", p, n, 8, d->r.goal);
			n = quota_breakdown(d->a->db, d->year, d->as_of, q->unit_id, q->kind, QB_STAGE, "", p,
			                    64, err, sizeof err);
			part_table(12, 41, "按抽样环节", p, n, 9, d->r.goal);
			char sum[256], rate[32];
			quota_fmt_rate(q->pass_rate, d->r.goal, rate, sizeof rate);
			snprintf(sum, sizeof sum, "完成 %ld/%ld，%s %ld，其中尚未处置 %ld，合格率 %s", q->done,
			         q->target, q->kind == KIND_RAPID ? "阳性" : "不合格", q->positives, q->open_positives, *rate ? rate : "—");
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
	/* The quarter bulletin.period says (so far, or the last finished). */
	int year = d->year, quarter;
	report_default_period(d->a->cfg, d->year != d->a->cfg->year, &year, &quarter);
	bool ok = report_quarter(d->a->db, d->a->cfg, year, quarter, mem, err, sizeof err) &&
	          coverage_bulletin(d->a->db, year, quarter, d->as_of, mem, err, sizeof err) &&
	          sale_bulletin(d->a->db, year, quarter, d->as_of, mem, err, sizeof err);
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
	snprintf(title, sizeof title, "%d 年第 %d 季度通报 (命令行: nongjian report quarter -o 文件)", year,
	         quarter);
	ui_pager(title, lines, n);
	free(buf);
}

static void change_target(dash *d)
{
	if (d->n == 0)
		return;
	if (tabs[d->tab].district) {
		snprintf(d->message, sizeof d->message, "全区%s目标 %ld 个 (管理员: nongjian settings set brand.target 个数)",
		         tab_label(d->tab), d->duty_total.target);
		d->message_role = ROLE_WARN;
		return;
	}
	if (tabs[d->tab].kind < 0) {
		snprintf(d->message, sizeof d->message, "%s的目标是名录中的全部主体 (100%%)，不用设定", tab_label(d->tab));
		d->message_role = ROLE_WARN;
		return;
	}
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
	} else if (!quota_set_target(d->a->db, d->a->cfg, d->year, unit, q->kind, v, &d->a->me, err,
	                             sizeof err)) {
		snprintf(d->message, sizeof d->message, "%s", err);
		d->message_role = ROLE_ERROR;
	} else {
		load(d);
		snprintf(d->message, sizeof d->message, "%s %s 任务已改为 %ld", unit, tab_label(d->tab), v);
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

/* ---- the duties (inspect/coverage.h) ---- */

static bool duty_load(dash *d, coverage_duty duty, char *err, size_t errlen)
{
	coverage_report r;
	int quarter = coverage_quarter_of(d->year, d->as_of);
	if (!coverage_compute(d->a->db, d->year, quarter, d->as_of, &r, err, errlen))
		return false;
	bool yearly = duty != COV_INSPECTED;
	d->nduty = coverage_as_quota(&r, duty, d->a->me.town, d->duty, 512, &d->duty_total);
	d->duty_share = yearly ? r.year_share : r.share;
	char date[11];
	date_format(d->as_of, date, sizeof date);
	if (yearly)
		snprintf(d->period, sizeof d->period, "%d 年 · 截至 %s (全年已过 %.1f%%)", d->year, date, 100.0 * r.year_share);
	else
		snprintf(d->period, sizeof d->period, "%d 年第 %d 季度 · 截至 %s (本季度已过 %.1f%%)", d->year, quarter,
		         date, 100.0 * r.share);
	coverage_free(&r);
	return true;
}

static bool inspections_load(dash *d, char *err, size_t errlen)
{
	return duty_load(d, COV_INSPECTED, err, errlen);
}

static bool yearly_load(dash *d, char *err, size_t errlen)
{
	return duty_load(d, COV_SAMPLED, err, errlen);
}

static bool certificates_load(dash *d, char *err, size_t errlen)
{
	return duty_load(d, COV_ISSUING, err, errlen);
}

static bool traced_load(dash *d, char *err, size_t errlen)
{
	return duty_load(d, COV_TRACED, err, errlen);
}

static bool brands_load(dash *d, char *err, size_t errlen)
{
	return duty_load(d, COV_BRANDS, err, errlen);
}

static bool brand_line(void *ctx, const brand_row *b)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s  %s  %s%s%s%s%s%s%s", b->granted, b->kind, b->producer, *b->product ? " · " : "",
	         b->product, *b->cert_no ? "  证书 " : "", b->cert_no, *b->expires ? "  有效期至 " : "", b->expires);
	ui_page_add(ctx, ROLE_NORMAL, buf);
	return true;
}

/* The town's certifications of the year (the district's: the total). */
static bool brands_detail(dash *d, const quota_row *q)
{
	ui_page l = {0};
	char err[512], title[256];
	if (!brand_each(d->a->db, d->year, q->unit, false, brand_line, &l, err, sizeof err)) {
		snprintf(d->message, sizeof d->message, "%s", err);
		d->message_role = ROLE_ERROR;
	} else {
		snprintf(title, sizeof title, "%s %d 年获证的农业品牌 %d 个 (命令行: nongjian brand list --town %s)", q->unit,
		         d->year, l.n, q->unit);
		ui_pager(title, l.line, l.n);
	}
	ui_page_free(&l);
	return true;
}

static bool gap_line(void *ctx, const coverage_gap *g)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s  %lld %s (%s)  上次: %s", *g->village ? g->village : "(未填村)", g->id, g->name,
	         g->kind, *g->last ? g->last : "从未");
	ui_page_add(ctx, ROLE_NORMAL, buf);
	return true;
}

/* The unit's producers still to visit (to sample), by village. */
static bool duty_gaps(dash *d, const quota_row *q, bool yearly)
{
	coverage_report r;
	char err[512], title[256];
	ui_page l = {0};
	if (!coverage_compute(d->a->db, d->year, coverage_quarter_of(d->year, d->as_of), d->as_of, &r, err, sizeof err) ||
	    !coverage_gaps(d->a->db, &r, q->unit, yearly, gap_line, &l, err, sizeof err)) {
		snprintf(d->message, sizeof d->message, "%s", err);
		d->message_role = ROLE_ERROR;
	} else {
		snprintf(title, sizeof title, "%s %s的主体 %d 个 (命令行: nongjian coverage %s --town %s)", q->unit,
		         yearly ? "本年尚未抽检" : "本季度尚未巡查", l.n, yearly ? "--unsampled" : "--missing", q->unit);
		ui_pager(title, l.line, l.n);
	}
	coverage_free(&r);
	ui_page_free(&l);
	return true;
}

static bool inspections_detail(dash *d, const quota_row *q)
{
	return duty_gaps(d, q, false);
}

static bool yearly_detail(dash *d, const quota_row *q)
{
	return duty_gaps(d, q, true);
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
	while (alive) {
		draw(d);
		ui_key k = ui_read_key();
		if (ui_list_key(k, d->message, &d->cur, d->n, &alive) < 0)
			break;
		switch (k.act) {
		case ACT_HOME: d->cur = 0; break;
		case ACT_END: d->cur = d->n ? d->n - 1 : 0; break;
		case ACT_NEXT: case ACT_RIGHT:
			d->tab = (d->tab + 1) % NTABS;
			d->cur = 0;
			load(d);
			break;
		case ACT_PREV: case ACT_LEFT:
			d->tab = (d->tab + NTABS - 1) % NTABS;
			d->cur = 0;
			load(d);
			break;
		case ACT_ENTER:
			if (d->n > 0 && (tabs[d->tab].kind >= 0 || tabs[d->tab].detail) &&
			    !(tabs[d->tab].detail ? tabs[d->tab].detail : detail)(d, d->view[d->cur]))
				alive = false;
			break;
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
	}
	quota_free(&d->r);
	free(d);
	return alive;
}

/* The 限用农药 tab (ui/ui_sale.c). */
static bool sales_load(dash *d, char *err, size_t errlen)
{
	d->nduty = ui_sale_duty(d->a, d->year, d->as_of, d->duty, 512, &d->duty_total, d->period, sizeof d->period,
	                        err, errlen);
	d->duty_share = 1.0;
	return d->nduty >= 0;
}

static bool sales_detail(dash *d, const quota_row *q)
{
	ui_sale_duty_detail(d->a, d->year, d->as_of, q->unit);
	return true;
}

/* The 处置率 tab (ui/ui_followup.c). */
static bool followups_load(dash *d, char *err, size_t errlen)
{
	d->nduty = ui_followup_duty(d->a, d->year, d->as_of, d->duty, 512, &d->duty_total, d->period,
	                            sizeof d->period, err, errlen);
	d->duty_share = 1.0;
	return d->nduty >= 0;
}

static bool followups_detail(dash *d, const quota_row *q)
{
	return ui_followup_duty_detail(d->a, q->unit);
}
