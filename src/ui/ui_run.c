/* The run screen (按通道录入): the shared fields once at the top, then a
 * grid with a row per channel of the unit's reader. Each cell is edited
 * by the entry form's own editor (ui_form.h), so the candidate rules are
 * the form's: a digit picks only a numbered candidate while the text is
 * not itself valid, a pick stays in its cell, 受检主体 is free text whose
 * registry candidates open with ↓. Moving is the grid's: Tab and Shift-Tab
 * cell by cell, Enter on (past a category filled from the product and an
 * empty 抽样环节 that takes the run's), ↑↓ by row, ← → past the text's
 * edge. The verdict of each row is live; F2 checks the whole run, shows
 * every error in its cell and saves it in one transaction (sample/run.h);
 * F3 reads the instrument's result file (transfer/instrument.h). The next
 * run keeps the shared fields. Drawing is the whole screen into curses'
 * buffer, which sends the terminal only the cells that changed. */
#include "ui/ui_run.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/kinds.h"
#include "base/text.h"
#include "sample/run.h"
#include "sample/sample.h"
#include "store/draft.h"
#include "transfer/instrument.h"
#include "ui/ui_form.h"
#include "ui/ui_prompt.h"
#include "ui/ui_sample.h"
#include "ui/ui_term.h"

#define MAX_HEAD 24
#define VERDICT_COLS 8

typedef struct {
	ui_form *f;     /* the form it is a field of */
	int idx;        /* its index there */
	int y, x, w;    /* where its box is */
} head_item;

typedef struct {
	app *a;
	const form_def *sf, *rf;
	ui_form fa, fb;             /* the sample form (shared fields, cells), the run's own */
	void *src;                  /* the sample form's candidate sources */
	run r;
	head_item head[MAX_HEAD];
	int nhead;
	int col_idx[RUN_NCOLS];     /* the grid column's field in the sample form, -1: not in it */
	int col_x[RUN_NCOLS], col_w[RUN_NCOLS];
	char *cell_err[RUN_MAX_CHANNELS][RUN_NCOLS];
	char *head_err[MAX_HEAD];
	int row, item;              /* row -1: the header's item; else the grid's row and column */
	int top;                    /* first grid row shown */
	int grid_y;                 /* screen row of the grid's header line */
	bool dirty;
	char message[2048];
	ui_role message_role;
} run_screen;

/* The shared fields carried from one run to the next (and back into the
 * screen when it is opened again in the session). */
static sample kept;
static char kept_instrument[128];
static bool have_kept;

/* ---- the values behind the forms ---- */

static bool grid_field(int k)
{
	for (int c = 0; c < RUN_NCOLS; c++)
		if (run_columns[c] == k)
			return true;
	return false;
}

static int sample_field_of(const run_screen *rs, int idx)
{
	return sample_key_index(rs->sf->fields[idx].key);
}

static int run_field_of(const run_screen *rs, int idx)
{
	return run_field_named(rs->rf->fields[idx].key);
}

/* Load the forms with the values of a row (-1: the header's). */
static void load_forms(run_screen *rs, int row)
{
	for (int i = 0; i < rs->sf->nfields; i++) {
		int k = sample_field_of(rs, i);
		const char *v = k < 0 ? "" : row >= 0 && grid_field(k) ? rs->r.rows[row].v[k] : rs->r.head.v[k];
		uif_set(&rs->fa, i, v);
		uif_set_error(&rs->fa, i, NULL);
	}
	for (int i = 0; rs->rf && i < rs->rf->nfields; i++)
		uif_set(&rs->fb, i, run_get(&rs->r, run_field_of(rs, i)));
}

/* The forms' values back into the run: the header's fields, or the
 * current row's cells (a pick fills the category too). */
static void store_forms(run_screen *rs)
{
	if (rs->row < 0) {
		for (int i = 0; i < rs->sf->nfields; i++) {
			int k = sample_field_of(rs, i);
			if (k >= 0 && !grid_field(k))
				run_set(&rs->r, k, rs->fa.values[i]);
		}
		int st = form_index(rs->sf, "stage");
		if (st >= 0)
			run_set(&rs->r, SF_STAGE, rs->fa.values[st]);
		for (int i = 0; rs->rf && i < rs->rf->nfields; i++)
			run_set(&rs->r, run_field_of(rs, i), rs->fb.values[i]);
		return;
	}
	sample *row = &rs->r.rows[rs->row];
	for (int c = 0; c < RUN_NCOLS; c++)
		if (rs->col_idx[c] >= 0)
			sample_set(row, run_columns[c], rs->fa.values[rs->col_idx[c]]);
	/* A registered producer (picked, or the only one of its name) is
	 * linked as the entry form links it. */
	char warn[768];
	row->producer_id = ui_sample_sources_producer(rs->src, row->v[SF_PRODUCER], warn, sizeof warn);
}

static void set_msg(char **slot, const char *msg)
{
	free(*slot);
	*slot = msg && *msg ? xstrdup(msg) : NULL;
}

static ui_form *cur_form(run_screen *rs, int *idx)
{
	if (rs->row < 0) {
		*idx = rs->head[rs->item].idx;
		return rs->head[rs->item].f;
	}
	*idx = rs->col_idx[rs->item];
	return &rs->fa;
}

static char **cur_err(run_screen *rs)
{
	return rs->row < 0 ? &rs->head_err[rs->item] : &rs->cell_err[rs->row][rs->item];
}

/* Put the cursor on a header item (row -1) or a grid cell. */
static void focus(run_screen *rs, int row, int item)
{
	rs->row = row;
	rs->item = item;
	load_forms(rs, row);
	int idx;
	ui_form *f = cur_form(rs, &idx);
	uif_set_error(f, idx, *cur_err(rs));
	uif_focus(f, idx);
	if (row >= 0) {
		int shown = LINES - 5 - rs->grid_y - 1;
		if (row < rs->top)
			rs->top = row;
		if (shown > 0 && row >= rs->top + shown)
			rs->top = row - shown + 1;
	}
}

/* The channels of the unit typed; never fewer than the rows filled. */
static void fit_rows(run_screen *rs)
{
	const town_def *t = config_town(rs->a->cfg, rs->r.head.v[SF_TOWN]);
	int n = config_run_channels(rs->a->cfg, t ? t->name : "");
	for (int i = n; i < RUN_MAX_CHANNELS; i++)
		if (!run_row_empty(&rs->r, i))
			n = i + 1;
	rs->r.nrows = n;
}

/* Leaving the cursor's place: the form's checks (a unique candidate
 * completed, 3-5 made a date, the message beside it), then the values
 * back into the run. */
static void leave(run_screen *rs)
{
	int idx;
	ui_form *f = cur_form(rs, &idx);
	uif_leave(f);
	store_forms(rs);
	set_msg(cur_err(rs), f->errors[idx]);
	if (rs->row < 0)
		fit_rows(rs);
}

/* ---- moving ---- */

static bool can_stop(run_screen *rs, int row, int item)
{
	if (row < 0) {
		const head_item *h = &rs->head[item];
		return !h->f->locked[h->idx] && uif_active(h->f, h->idx);
	}
	return rs->col_idx[item] >= 0 && uif_active(&rs->fa, rs->col_idx[item]);
}

/* The next place in reading order (header, then the grid row by row). */
static bool step(run_screen *rs, int *row, int *item, int dir)
{
	int r = *row, i = *item;
	for (;;) {
		i += dir;
		if (r < 0 && i >= rs->nhead) {
			r = 0;
			i = 0;
		} else if (r < 0 && i < 0) {
			return false;
		} else if (r >= 0 && i >= RUN_NCOLS) {
			r++;
			i = 0;
		} else if (r >= 0 && i < 0) {
			r--;
			i = r < 0 ? rs->nhead - 1 : RUN_NCOLS - 1;
		}
		if (r >= rs->r.nrows)
			return false;
		if (can_stop(rs, r, i))
			break;
	}
	*row = r;
	*item = i;
	return true;
}

static void move_by(run_screen *rs, int dir, bool enter)
{
	int row = rs->row, item = rs->item;
	int from_col = row >= 0 ? run_columns[item] : -1;
	leave(rs);
	if (!step(rs, &row, &item, dir)) {
		snprintf(rs->message, sizeof rs->message, "%s", dir > 0 ? "已是最后一格: 按 F2 (或 Ctrl-S) 保存本批" : "");
		rs->message_role = ROLE_NORMAL;
		focus(rs, rs->row, rs->item);
		return;
	}
	/* Enter goes on past what needs no key: the category the product
	 * filled, and an empty 抽样环节 when the run has one. */
	while (enter && row >= 0 && row == rs->row) {
		int k = run_columns[item];
		const char *v = rs->r.rows[row].v[k];
		bool skip = (k == SF_CATEGORY && from_col == SF_PRODUCT && *v && !rs->cell_err[row][item]) ||
		            (k == SF_STAGE && !*v && *rs->r.head.v[SF_STAGE]);
		if (!skip || !step(rs, &row, &item, +1))
			break;
	}
	focus(rs, row, item);
}

static void move_row(run_screen *rs, int dir)
{
	if (rs->row < 0) {
		move_by(rs, dir, false);
		return;
	}
	int row = rs->row + dir, item = rs->item;
	if (row >= rs->r.nrows)
		return;
	leave(rs);
	if (row < 0) {
		row = -1;
		item = rs->nhead - 1;
		while (item > 0 && !can_stop(rs, row, item))
			item--;
	}
	focus(rs, row, item);
}

static void clear_row(run_screen *rs, int row)
{
	for (int c = 0; c < RUN_NCOLS; c++) {
		sample_set(&rs->r.rows[row], run_columns[c], "");
		set_msg(&rs->cell_err[row][c], NULL);
	}
	rs->r.rows[row].producer_id = 0;
}

static void clear_errors(run_screen *rs)
{
	for (int i = 0; i < RUN_MAX_CHANNELS; i++)
		for (int c = 0; c < RUN_NCOLS; c++)
			set_msg(&rs->cell_err[i][c], NULL);
	for (int h = 0; h < rs->nhead; h++)
		set_msg(&rs->head_err[h], NULL);
}

/* ---- layout and drawing ---- */

static int head_field(const run_screen *rs, int h)
{
	const head_item *x = &rs->head[h];
	return x->f == &rs->fa ? sample_key_index(rs->sf->fields[x->idx].key)
	                       : run_field_named(rs->rf->fields[x->idx].key);
}

/* The shared fields are the entry form's kept ones (date, unit, kind,
 * stage, place, samplers, tester, site), then the run's own; they flow
 * over the top rows. The grid's columns share what is left of 80. */
static void layout(run_screen *rs)
{
	rs->nhead = 0;
	for (int i = 0; i < rs->sf->nfields && rs->nhead < MAX_HEAD; i++) {
		int k = sample_field_of(rs, i);
		if (rs->sf->fields[i].keep && (k == SF_STAGE || !grid_field(k)))
			rs->head[rs->nhead++] = (head_item){&rs->fa, i, 0, 0, 0};
	}
	for (int i = 0; rs->rf && i < rs->rf->nfields && rs->nhead < MAX_HEAD; i++)
		rs->head[rs->nhead++] = (head_item){&rs->fb, i, 0, 0, 0};
	int y = 1, x = 0;
	for (int h = 0; h < rs->nhead; h++) {
		head_item *it = &rs->head[h];
		const field_def *fd = &it->f->def->fields[it->idx];
		int w = fd->width < 20 ? fd->width : 20, need = text_cols(fd->label) + 1 + w;
		if (x > 0 && x + need > COLS) {
			y++;
			x = 0;
		}
		it->y = y;
		it->x = x + text_cols(fd->label) + 1;
		it->w = w;
		x += need + 2;
	}
	rs->grid_y = y + 1;
	static const int widths[RUN_NCOLS] = {0, 12, 8, 8, 6};
	int x0 = 5, fixed = 0;
	for (int c = 1; c < RUN_NCOLS; c++)
		fixed += widths[c] + 1;
	for (int c = 0; c < RUN_NCOLS; c++) {
		rs->col_w[c] = c == 0 ? COLS - x0 - fixed - VERDICT_COLS - 2 : widths[c];
		rs->col_x[c] = c == 0 ? x0 : rs->col_x[c - 1] + rs->col_w[c - 1] + 1;
	}
}

/* A value in a box of w columns: its start, > when more is hidden. */
static void draw_value(int y, int x, int w, ui_role role, const char *v)
{
	bool more = text_cols(v) > w;
	if (role == ROLE_NORMAL)
		ui_put_field(y, x, more ? w - 1 : w, v);
	else
		ui_put_padded(y, x, more ? w - 1 : w, role, v);
	if (more)
		mvaddch(y, x + w - 1, '>');
}

/* The live verdict of a row: nothing while it is empty or its 抑制率 is
 * not yet a valid number. */
static const char *row_verdict(run_screen *rs, int row, ui_role *role)
{
	*role = ROLE_NORMAL;
	if (run_row_empty(&rs->r, row))
		return "";
	for (int c = 0; c < RUN_NCOLS; c++)
		if (rs->cell_err[row][c]) {
			*role = ROLE_ERROR;
			return "! 有误";
		}
	int ci = form_index(rs->sf, "inhibition");
	const char *v = rs->r.rows[row].v[SF_INHIBITION];
	char num[64], msg[256];
	if (ci < 0 || !*v || !field_check(&rs->sf->fields[ci], v, num, sizeof num, msg, sizeof msg))
		return "";
	sample s;
	sample_init(&s);
	sample_set(&s, SF_KIND, rs->r.head.v[SF_KIND]);
	sample_set(&s, SF_INHIBITION, num);
	sample_judge(rs->a->cfg, &s);
	*role = s.fail ? ROLE_FAIL : s.flag_confirm ? ROLE_WARN : ROLE_OK;
	const char *text = sample_verdict_text(&s); /* a run is rapid tests: 阴性, 疑似阳性 or 阳性 */
	sample_free(&s);
	return text;
}

static const char *const keys_bar[] = {
	"F2", "保存本批 ", "Tab", "下一格 ", "F3", "读仪器文件 ", "F8", "清空本行 ", "F10", "返回", NULL,
};

static void draw(run_screen *rs)
{
	if (!ui_size_ok())
		return;
	erase();
	char title[256], right[64];
	snprintf(title, sizeof title, "农检 · %s%d年 · 按通道录入 (一批速测)", rs->a->cfg->district_name, rs->a->cfg->year);
	int shown = LINES - 5 - rs->grid_y - 1;
	/* More channels than rows: which ones are on the screen. */
	if (shown > 0 && rs->r.nrows > shown)
		snprintf(right, sizeof right, "%d 通道 (显示 %d-%d)", rs->r.nrows, rs->top + 1,
		         rs->top + shown < rs->r.nrows ? rs->top + shown : rs->r.nrows);
	else
		snprintf(right, sizeof right, "%d 通道", rs->r.nrows);
	ui_titlebar(title, right);
	int cy = 0, cx = 0, idx;
	ui_form *cf = cur_form(rs, &idx);
	for (int h = 0; h < rs->nhead; h++) {
		const head_item *it = &rs->head[h];
		const field_def *fd = &it->f->def->fields[it->idx];
		bool here = rs->row < 0 && rs->item == h, active = uif_active(it->f, it->idx);
		int lc = text_cols(fd->label);
		ui_put(it->y, it->x - lc - 1, lc, here ? ROLE_FIELD_ACTIVE : active ? ROLE_NORMAL : ROLE_DIM, fd->label);
		if (here) {
			cy = it->y;
			cx = it->x + uif_draw_editor(it->f, it->y, it->x, it->w);
		} else {
			draw_value(it->y, it->x, it->w, rs->head_err[h] ? ROLE_ERROR : ROLE_NORMAL,
			           it->f->values[it->idx]);
		}
	}
	int gy = rs->grid_y;
	ui_put(gy, 0, 4, ROLE_DIM, "通道");
	for (int c = 0; c < RUN_NCOLS; c++)
		if (rs->col_idx[c] >= 0)
			ui_put(gy, rs->col_x[c], rs->col_w[c], rs->row >= 0 && rs->item == c ? ROLE_FIELD_ACTIVE : ROLE_DIM,
			       rs->sf->fields[rs->col_idx[c]].label);
	int vx = rs->col_x[RUN_NCOLS - 1] + rs->col_w[RUN_NCOLS - 1] + 1;
	ui_put(gy, vx, VERDICT_COLS, ROLE_DIM, "判定");
	for (int r = 0; r < shown && rs->top + r < rs->r.nrows; r++) {
		int row = rs->top + r, y = gy + 1 + r;
		char num[16];
		snprintf(num, sizeof num, "%3d", row + 1);
		ui_put(y, 0, 4, rs->row == row ? ROLE_FIELD_ACTIVE : ROLE_DIM, num);
		for (int c = 0; c < RUN_NCOLS; c++) {
			if (rs->col_idx[c] < 0)
				continue;
			const char *v = rs->r.rows[row].v[run_columns[c]];
			if (rs->row == row && rs->item == c) {
				cy = y;
				cx = rs->col_x[c] + uif_draw_editor(&rs->fa, y, rs->col_x[c], rs->col_w[c]);
			} else if (rs->cell_err[row][c]) {
				draw_value(y, rs->col_x[c], rs->col_w[c], ROLE_ERROR, *v ? v : "!");
			} else if (!*v && run_columns[c] == SF_STAGE && !run_row_empty(&rs->r, row)) {
				draw_value(y, rs->col_x[c], rs->col_w[c], ROLE_DIM, rs->r.head.v[SF_STAGE]);
			} else {
				draw_value(y, rs->col_x[c], rs->col_w[c], ROLE_NORMAL, v);
			}
		}
		ui_role role;
		const char *verdict = row_verdict(rs, row, &role);
		ui_put(y, vx, VERDICT_COLS, role, verdict);
	}
	int by = LINES - 5;
	const field_def *fd = &cf->def->fields[idx];
	char where[256], warn[768] = "";
	if (rs->row >= 0)
		ui_sample_sources_producer(rs->src, rs->r.rows[rs->row].v[SF_PRODUCER], warn, sizeof warn);
	if (*warn)   /* a blacklisted or B/C producer: first, as in the entry form */
		ui_put(by, 1, COLS - 2, strstr(warn, "黑名单") ? ROLE_FAIL : ROLE_WARN, warn);
	else if (*cur_err(rs) || cf->errors[idx])
		ui_put(by, 1, COLS - 2, ROLE_ERROR, cf->errors[idx] ? cf->errors[idx] : *cur_err(rs));
	else if (rs->row >= 0 && (snprintf(where, sizeof where, "第 %d 通道 · %s", rs->row + 1, fd->label), true))
		ui_put(by, 1, COLS - 2, ROLE_DIM, where);
	uif_draw_candidates(cf, by + 1, fd->hint);
	if (rs->message[0])
		ui_put(by + 3, 1, COLS - 2, rs->message_role, rs->message);
	else if (cf->message[0])
		ui_put(by + 3, 1, COLS - 2, cf->message_role, cf->message);
	ui_keybar(keys_bar);
	move(cy, cx);
	curs_set(1);
	refresh();
}

/* ---- saving ---- */

/* Where a problem is shown: its cell, or its header field; false when it
 * has neither (a problem of the whole run). */
static bool place_problem(run_screen *rs, const run_problem *p, int *row, int *item)
{
	if (p->channel > 0) {
		for (int c = 0; c < RUN_NCOLS; c++)
			if (run_columns[c] == p->field && rs->col_idx[c] >= 0) {
				*row = p->channel - 1;
				*item = c;
				return true;
			}
		*row = p->channel - 1;
		*item = 0;
		return true;
	}
	for (int h = 0; h < rs->nhead; h++)
		if (head_field(rs, h) == p->field) {
			*row = -1;
			*item = h;
			return true;
		}
	return false;
}

static void show_problems(run_screen *rs, const run_problems *p)
{
	int frow = -2, fitem = 0;
	char first[700] = "";
	for (int i = 0; i < p->n; i++) {
		int row, item;
		if (!place_problem(rs, &p->p[i], &row, &item)) {
			if (!*first)
				run_problem_text(&p->p[i], first, sizeof first);
			continue;
		}
		set_msg(row < 0 ? &rs->head_err[item] : &rs->cell_err[row][item], p->p[i].msg);
		if (frow == -2) {
			frow = row;
			fitem = item;
			run_problem_text(&p->p[i], first, sizeof first);
		}
	}
	snprintf(rs->message, sizeof rs->message, "%d 处有误，本批未保存: %s", p->n + (p->more ? 1 : 0), first);
	rs->message_role = ROLE_ERROR;
	if (frow != -2)
		focus(rs, frow, fitem);
	else
		focus(rs, rs->row, rs->item);
}

/* The questions only the clerk can answer; false at the first no. */
static bool confirmed(run_screen *rs, const run_problems *q)
{
	for (int i = 0; i < q->n; i++) {
		char text[800];
		run_problem_text(&q->p[i], text, sizeof text);
		if (ui_confirm(text))
			continue;
		int row, item;
		snprintf(rs->message, sizeof rs->message, "未保存: 请核对 %s", text);
		rs->message_role = ROLE_WARN;
		if (place_problem(rs, &q->p[i], &row, &item))
			focus(rs, row, item);
		return false;
	}
	return true;
}

static void next_run(run_screen *rs)
{
	for (int i = 0; i < RUN_MAX_CHANNELS; i++) {
		sample_free(&rs->r.rows[i]);
		sample_init(&rs->r.rows[i]);
	}
	rs->r.control[0] = rs->r.run_time[0] = rs->r.source[0] = '\0';
	rs->r.id = 0;
	clear_errors(rs);
	rs->dirty = false;
	rs->top = 0;
	focus(rs, 0, 0);
}

static void remember(const run *r)
{
	sample_copy(&kept, &r->head);
	snprintf(kept_instrument, sizeof kept_instrument, "%s", r->instrument);
	have_kept = true;
}

static void save(run_screen *rs)
{
	leave(rs);
	clear_errors(rs);
	run_problems *p = xcalloc(1, sizeof *p);
	char err[512] = "";
	const app *a = rs->a;
	if (!run_validate(a->cfg, rs->sf, &rs->r, p)) {
		show_problems(rs, p);
	} else if (run_questions(a->db, a->cfg, rs->sf, &rs->r, p, err, sizeof err) && !confirmed(rs, p)) {
		/* the clerk said no: nothing saved */
	} else if (!run_save(a->db, a->cfg, rs->sf, &rs->r, &a->me, p, err, sizeof err)) {
		if (p->n)
			show_problems(rs, p);
		if (*err) {
			snprintf(rs->message, sizeof rs->message, "本批未保存: %s", err);
			rs->message_role = ROLE_ERROR;
		}
	} else {
		int first = -1, last = -1, fails = 0;
		for (int i = 0; i < rs->r.nrows; i++)
			if (*rs->r.rows[i].sample_no) {
				first = first < 0 ? i : first;
				last = i;
				fails += rs->r.rows[i].fail;
			}
		snprintf(rs->message, sizeof rs->message, "已保存本批 %d 条: %s 至 %s，阳性 %d 条 (共同的内容已保留)",
		         run_records(&rs->r), rs->r.rows[first].sample_no, rs->r.rows[last].sample_no, fails);
		rs->message_role = fails ? ROLE_FAIL : ROLE_OK;
		remember(&rs->r);
		next_run(rs);
	}
	free(p);
}

/* ---- the instrument's file ---- */

static void read_instrument(run_screen *rs)
{
	leave(rs);
	char path[1024];
	if (!ui_prompt("读入速测仪结果文件", "仪器导出的 CSV 文件 (路径):", path, sizeof path) || !*text_trim(path)) {
		focus(rs, rs->row, rs->item);
		return;
	}
	char layouts[4096], err[1024];
	inst_layouts_path(rs->a->cfg, layouts, sizeof layouts);
	FILE *fp = fopen(path, "rb");
	inst_file *f = xcalloc(1, sizeof *f);
	run_problems *p = xcalloc(2, sizeof *p);
	if (!fp) {
		snprintf(rs->message, sizeof rs->message, "无法打开 %s: %s", path, err_reason(errno));
		rs->message_role = ROLE_ERROR;
	} else if (!inst_read(fp, path, layouts, NULL, f, err, sizeof err)) {
		text_copy(rs->message, sizeof rs->message, err);
		rs->message_role = ROLE_ERROR;
	} else {
		int filled = inst_fill_run(rs->a->cfg, f, &rs->r, &p[0], &p[1]);
		if (filled > 0)
			text_copy(rs->r.source, sizeof rs->r.source, path);
		rs->dirty = rs->dirty || filled > 0;
		int n = p[0].n + p[1].n;
		if (n > 0) {
			char **lines = xcalloc((size_t)n, sizeof *lines);
			for (int i = 0; i < n; i++) {
				const run_problem *x = i < p[0].n ? &p[0].p[i] : &p[1].p[i - p[0].n];
				char text[800];
				run_problem_text(x, text, sizeof text);
				lines[i] = xstrdup(text);
			}
			ui_pager(filled ? "仪器文件: 请核对以下各项" : "仪器文件: 未读入", lines, n);
			for (int i = 0; i < n; i++)
				free(lines[i]);
			free(lines);
		}
		snprintf(rs->message, sizeof rs->message, "已从仪器文件 (布局 %s) 读入 %d 个通道的抑制率%s: 请核对、补全后按 F2 保存",
		         f->layout, filled, n ? "，另有问题见上页" : "");
		rs->message_role = p[0].n ? ROLE_WARN : ROLE_OK;
	}
	if (fp)
		fclose(fp);
	free(f);
	free(p);
	focus(rs, rs->row, rs->item);
}

/* ---- a dropped link ---- */

/* What is typed, kept when the link drops (SIGHUP) and offered back next
 * time: the shared fields as s.KEY, the run's own as r.KEY, each filled
 * cell as cN.KEY. */
#define DRAFT_RUN "run"
#define DRAFT_MAX (SF_COUNT + RUN_F_END + RUN_MAX_CHANNELS * RUN_NCOLS)

static void keep_draft(run_screen *rs)
{
	static char keys[DRAFT_MAX][48];
	const char *k[DRAFT_MAX], *v[DRAFT_MAX];
	int n = 0;
	for (int f = 0; f < SF_COUNT; f++)
		if (!grid_field(f) || f == SF_STAGE) {
			snprintf(keys[n], sizeof keys[n], "s.%s", sample_keys[f]);
			v[n++] = rs->r.head.v[f];
		}
	for (int i = 0; rs->rf && i < rs->rf->nfields; i++) {
		snprintf(keys[n], sizeof keys[n], "r.%s", rs->rf->fields[i].key);
		v[n++] = run_get(&rs->r, run_field_of(rs, i));
	}
	for (int row = 0; row < rs->r.nrows; row++)
		for (int c = 0; c < RUN_NCOLS; c++)
			if (*rs->r.rows[row].v[run_columns[c]] && n < DRAFT_MAX) {
				snprintf(keys[n], sizeof keys[n], "c%d.%s", row + 1, sample_keys[run_columns[c]]);
				v[n++] = rs->r.rows[row].v[run_columns[c]];
			}
	for (int i = 0; i < n; i++)
		k[i] = keys[i];
	char err[256];
	draft_save(rs->a->db, rs->a->user, DRAFT_RUN, k, v, n, err, sizeof err);
}

static void draft_value(void *ctx, const char *key, const char *value)
{
	run_screen *rs = ctx;
	int ch, f;
	char fk[40];
	if (strncmp(key, "s.", 2) == 0 && (f = sample_key_index(key + 2)) >= 0)
		run_set(&rs->r, f, value);
	else if (strncmp(key, "r.", 2) == 0 && (f = run_field_named(key + 2)) >= 0)
		run_set(&rs->r, f, value);
	else if (sscanf(key, "c%d.%39s", &ch, fk) == 2 && ch >= 1 && ch <= RUN_MAX_CHANNELS &&
	         (f = sample_key_index(fk)) >= 0 && grid_field(f))
		sample_set(&rs->r.rows[ch - 1], f, value);
}

static void no_value(void *ctx, const char *key, const char *value)
{
	(void)ctx;
	(void)key;
	(void)value;
}

/* A run interrupted by a dropped link is offered back once. */
static void offer_draft(run_screen *rs)
{
	char at[32], q[160];
	if (!draft_load(rs->a->db, rs->a->user, DRAFT_RUN, no_value, NULL, at, sizeof at))
		return;
	snprintf(q, sizeof q, "发现 %s 连接中断时未保存的一批，是否恢复?", at);
	if (ui_confirm(q)) {
		draft_load(rs->a->db, rs->a->user, DRAFT_RUN, draft_value, rs, at, sizeof at);
		rs->dirty = true;
	}
	draft_clear(rs->a->db, rs->a->user, DRAFT_RUN);
}

/* ---- the loop ---- */

/* Is the field a searched lookup (受检主体) with candidates for its text? */
static bool has_search_candidates(ui_form *f, int idx)
{
	const field_def *fd = &f->def->fields[idx];
	const char *c[UIF_MAX_CANDIDATES];
	return fd->source && f->search && *f->values[idx] &&
	       f->search(f->ctx, fd->source, f->values[idx], c, UIF_MAX_CANDIDATES) > 0;
}

static void open_screen(run_screen *rs, app *a)
{
	memset(rs, 0, sizeof *rs);
	rs->a = a;
	rs->sf = app_form(a, "sample");
	char err[512];
	rs->rf = app_form_loaded(a, "run", err, sizeof err);
	if (!rs->rf) {
		snprintf(rs->message, sizeof rs->message, "%s (仪器、检测时间、对照ΔA0 暂不能填写)", err);
		rs->message_role = ROLE_WARN;
	}
	uif_init(&rs->fa, rs->sf);
	rs->src = ui_sample_sources_attach(a, &rs->fa);
	if (rs->rf)
		uif_init(&rs->fb, rs->rf);
	run_init(&rs->r, 9);
	rec_defaults(&sample_type, rs->sf, rs->r.head.v);
	if (have_kept) {
		sample_copy(&rs->r.head, &kept);
		snprintf(rs->r.instrument, sizeof rs->r.instrument, "%s", kept_instrument);
	}
	run_set(&rs->r, SF_METHOD, RUN_METHOD); /* the grid's 抑制率 column is the enzyme's */
	for (int c = 0; c < RUN_NCOLS; c++)
		rs->col_idx[c] = form_index(rs->sf, sample_keys[run_columns[c]]);
	/* A staff login enters its own unit's runs: the unit (and a township
	 * room's 抽样地点) are its own, shown and locked. */
	if (a->me.role == USER_STAFF && *a->me.town) {
		const town_def *own = config_town(a->cfg, a->me.town);
		bool township = own && strcmp(own->kind, "检测中心") != 0;
		run_set(&rs->r, SF_TOWN, a->me.town);
		uif_lock(&rs->fa, form_index(rs->sf, "town"), true);
		if (township && sample_key_index("site") >= 0) {
			run_set(&rs->r, sample_key_index("site"), a->me.town);
			uif_lock(&rs->fa, form_index(rs->sf, "site"), true);
		}
	}
	offer_draft(rs);
	layout(rs);
	fit_rows(rs);
	rs->row = -1;
	rs->item = 0;
	load_forms(rs, -1);
	/* The first empty shared field, else the first channel. */
	int first = -1;
	for (int h = 0; h < rs->nhead && first < 0; h++)
		if (can_stop(rs, -1, h) && !*rs->head[h].f->values[rs->head[h].idx] &&
		    rs->head[h].f->def->fields[rs->head[h].idx].required)
			first = h;
	if (first >= 0)
		focus(rs, -1, first);
	else
		focus(rs, 0, 0);
}

static void close_screen(run_screen *rs)
{
	clear_errors(rs);
	ui_sample_sources_free(rs->src);
	uif_free(&rs->fa);
	if (rs->rf)
		uif_free(&rs->fb);
	run_free(&rs->r);
}

bool ui_run_grid(app *a)
{
	run_screen *rs = xcalloc(1, sizeof *rs);
	open_screen(rs, a);
	bool alive = true;
	for (;;) {
		draw(rs);
		ui_key k = ui_read_key();
		int idx;
		ui_form *f = cur_form(rs, &idx);
		if (k.act != ACT_NONE && k.act != ACT_RESIZE && k.act != ACT_REDRAW)
			rs->message[0] = '\0';
		if (k.act == ACT_LOST) {
			/* The link dropped or we were told to stop: keep what was typed. */
			store_forms(rs);
			if (rs->dirty)
				keep_draft(rs);
			alive = false;
			break;
		}
		if (k.act == ACT_RESIZE) {
			layout(rs);
			focus(rs, rs->row, rs->item);
			continue;
		}
		/* An open candidate list (受检主体 after ↓) keeps its keys; ↓ in
		 * a searched lookup with candidates opens it. */
		bool list_keys = k.act == ACT_DOWN || k.act == ACT_UP || k.act == ACT_ENTER || k.act == ACT_BACK;
		if ((f->list_open && list_keys) || (k.act == ACT_DOWN && has_search_candidates(f, idx))) {
			uif_handle(f, k);
			rs->dirty = rs->dirty || f->dirty;
			store_forms(rs);
			continue;
		}
		if (f->list_open && k.act != ACT_CHAR && k.act != ACT_PASTE)
			f->list_open = false;
		switch (k.act) {
		case ACT_NEXT: move_by(rs, +1, false); continue;
		case ACT_PREV: move_by(rs, -1, false); continue;
		case ACT_ENTER: move_by(rs, +1, true); continue;
		case ACT_DOWN: move_row(rs, +1); continue;
		case ACT_UP: move_row(rs, -1); continue;
		case ACT_PGUP: leave(rs); focus(rs, -1, 0); continue;
		case ACT_PGDN: leave(rs); focus(rs, 0, 0); continue;
		case ACT_LEFT:
			if (f->ed.cur == 0) {
				move_by(rs, -1, false);
				continue;
			}
			break;
		case ACT_RIGHT:
			if (f->ed.cur == f->ed.len) {
				move_by(rs, +1, false);
				continue;
			}
			break;
		case ACT_SAVE: save(rs); continue;
		case ACT_FILTER: read_instrument(rs); continue;
		case ACT_VOID:
			if (rs->row >= 0) {
				clear_row(rs, rs->row);
				focus(rs, rs->row, 0);
			}
			continue;
		case ACT_BACK:
			if (!rs->dirty || ui_confirm("放弃本批尚未保存的内容?"))
				goto done;
			continue;
		default:
			break;
		}
		ui_action act = uif_handle(f, k);
		if (f->dirty)
			rs->dirty = true;
		store_forms(rs);
		if (act == ACT_BACK)
			goto done;
	}
done:
	remember(&rs->r);
	close_screen(rs);
	free(rs);
	return alive;
}
