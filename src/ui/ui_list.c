#include "sample/sample.h"
#include "ui/ui_list.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample/samplelist.h"
#include "base/text.h"
#include "ui/ui_columns.h"
#include "ui/ui_form.h"
#include "ui/ui_prompt.h"
#include "ui/ui_sample.h"
#include "ui/ui_term.h"

#define LIST_TOP 3
#define MAX_ROWS 256

typedef struct {
	app *a;
	sample_filter filter;
	sample_row rows[MAX_ROWS];
	int n, cur;
	long total;
	char message[512];
	ui_role message_role;
	const char **towns;   /* names for the filter's town candidates */
} list_state;

static int page_rows(void)
{
	int r = LINES - LIST_TOP - 2;
	return r < 1 ? 1 : r > MAX_ROWS ? MAX_ROWS : r;
}

static void set_error(list_state *s, const char *err)
{
	snprintf(s->message, sizeof s->message, "%s", err);
	s->message_role = ROLE_ERROR;
}

static int fetch(list_state *s, const char *date, long long id, int dir, sample_row *out, int max)
{
	char err[512];
	int n = samplelist_page(s->a->db, &s->filter, date, id, dir, out, max, err, sizeof err);
	if (n < 0) {
		set_error(s, err);
		return 0;
	}
	return n;
}

static void load_first(list_state *s)
{
	s->n = fetch(s, "", 0, +1, s->rows, page_rows());
	s->cur = 0;
	char err[512];
	s->total = samplelist_count(s->a->db, &s->filter, err, sizeof err);
	if (s->total < 0)
		set_error(s, err);
}

static void load_last(list_state *s)
{
	s->n = fetch(s, "", 0, -1, s->rows, page_rows());
	s->cur = s->n - 1;
}

/* Reload the page that starts at the current top row (after a correction
 * or a resize). */
static void reload_here(list_state *s)
{
	if (s->n == 0) {
		load_first(s);
		return;
	}
	sample_row newer;
	int cur = s->cur;
	if (fetch(s, s->rows[0].date, s->rows[0].id, -1, &newer, 1) == 1)
		s->n = fetch(s, newer.date, newer.id, +1, s->rows, page_rows());
	else
		s->n = fetch(s, "", 0, +1, s->rows, page_rows());
	s->cur = cur < s->n ? cur : s->n - 1;
	/* A correction or a void may have moved a record out of the filter. */
	char err[512];
	s->total = samplelist_count(s->a->db, &s->filter, err, sizeof err);
	if (s->total < 0)
		set_error(s, err);
}

static void move_down(list_state *s, int by)
{
	int rows = page_rows();
	if (s->n == 0)
		return;
	if (by == 1) {
		if (s->cur + 1 < s->n) {
			s->cur++;
			return;
		}
		sample_row next;
		if (fetch(s, s->rows[s->n - 1].date, s->rows[s->n - 1].id, +1, &next, 1) == 1) {
			if (s->n == rows) {
				memmove(s->rows, s->rows + 1, (size_t)(s->n - 1) * sizeof *s->rows);
				s->rows[s->n - 1] = next;
			} else {
				s->rows[s->n++] = next;
				s->cur++;
			}
		}
		return;
	}
	sample_row buf[MAX_ROWS];
	int n = fetch(s, s->rows[s->n - 1].date, s->rows[s->n - 1].id, +1, buf, rows);
	if (n == rows) {
		memcpy(s->rows, buf, (size_t)n * sizeof *buf);
		s->n = n;
	} else if (n > 0) {
		load_last(s);
		return;
	} else {
		s->cur = s->n - 1;
	}
}

static void move_up(list_state *s, int by)
{
	int rows = page_rows();
	if (s->n == 0)
		return;
	if (by == 1) {
		if (s->cur > 0) {
			s->cur--;
			return;
		}
		sample_row prev;
		if (fetch(s, s->rows[0].date, s->rows[0].id, -1, &prev, 1) == 1) {
			int keep = s->n < rows ? s->n : rows - 1;
			memmove(s->rows + 1, s->rows, (size_t)keep * sizeof *s->rows);
			s->rows[0] = prev;
			s->n = keep + 1;
		}
		return;
	}
	sample_row buf[MAX_ROWS];
	int n = fetch(s, s->rows[0].date, s->rows[0].id, -1, buf, rows);
	if (n == rows) {
		memcpy(s->rows, buf, (size_t)n * sizeof *buf);
		s->n = n;
	} else {
		load_first(s);
	}
}

/* Columns: label and width in display columns; the producer column takes
 * what the others leave (9 columns at 80, more on a wider terminal). */
enum { C_NO, C_DATE, C_TOWN, C_PRODUCER, C_KIND, C_PRODUCT, C_RESULT, C_VERDICT, C_COUNT };
static const ui_column cols[C_COUNT] = {
	{"样品编号", 17}, {"抽样日期", 10}, {"镇街", 8}, {"受检主体", 0}, {"类别", 4},
	{"样品名称", 8}, {"结果", 7}, {"判定", 8},
};

static void filter_text(const list_state *s, char *out, size_t outlen)
{
	const sample_filter *f = &s->filter;
	snprintf(out, outlen, "筛选: %s%s%s %s %s%s%s%s%s%s", *f->date_from ? f->date_from : "",
	         (*f->date_from || *f->date_to) ? "~" : "", *f->date_to ? f->date_to : "",
	         *f->town ? f->town : "全部镇街", *f->product ? "样品含 " : "", f->product,
	         *f->number ? " 编号含 " : "", f->number,
	         f->verdict == 1 ? " 合格" : f->verdict == 2 ? " 不合格" : "",
	         f->include_void ? " 含作废" : "");
}

static void draw(list_state *s)
{
	if (!ui_screen_begin(s->a->cfg->district_name, "浏览与更正记录", ""))
		return;
	char info[512], ftext[400];
	filter_text(s, ftext, sizeof ftext);
	snprintf(info, sizeof info, "共 %ld 条   %s", s->total, ftext);
	ui_put(1, 1, COLS - 2, ROLE_NORMAL, info);
	ui_column_heads(2, cols, C_COUNT);
	for (int i = 0; i < s->n; i++) {
		const sample_row *r = &s->rows[i];
		int y = LIST_TOP + i;
		bool sel = i == s->cur;
		/* Selection: '>' and the sample number in reverse (moving it
		 * redraws two short cells, not two whole rows). */
		ui_role base = r->voided ? ROLE_DIM : ROLE_NORMAL;
		ui_put(y, 0, 1, ROLE_NORMAL, sel ? ">" : " ");
		const char *verdict = r->voided ? "作废" : sample_verdict_word(kind_from_label(r->kind), r->fail, r->flag);
		const char *cells[C_COUNT] = {r->sample_no, r->date, r->town, r->producer, r->kind,
		                              r->product, r->result, verdict};
		ui_role roles[C_COUNT];
		for (int c = 0; c < C_COUNT; c++)
			roles[c] = c == C_NO && sel ? ROLE_SELECTED : base;
		if (!r->voided)
			roles[C_VERDICT] = r->fail ? ROLE_FAIL : r->flag ? ROLE_WARN : ROLE_OK;
		ui_column_row(y, cols, C_COUNT, cells, roles);
	}
	if (s->n == 0)
		ui_put(LIST_TOP, 1, COLS - 2, ROLE_DIM, "没有符合条件的记录。按 F3 修改筛选条件，或在主菜单选 1 录入。");
	ui_put(LINES - 2, 1, COLS - 2, s->message_role, s->message);
	static const char *const keys[] = {
		"Enter", "打开/更正 ", "0-9", "查编号 ", "F3", "筛选 ", "n", "新录入 ", "PgUp/PgDn", "翻页 ",
		"F10", "返回", NULL,
	};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

/* Find by sample number: what is typed (a digit starts it) narrows the
 * list to numbers containing it; empty clears the search. */
static bool find_number(list_state *s, wchar_t first)
{
	char initial[8] = "", out[64];
	if (first)
		text_from_wcs(&first, 1, initial, sizeof initial);
	if (!ui_prompt_with("查找样品编号", "输入样品编号的一部分，如 0012 或 侣俸-0012 (Esc 取消):",
	                    initial, out, sizeof out))
		return false;
	snprintf(s->filter.number, sizeof s->filter.number, "%s", out);
	return true;
}

static int filter_source(void *ctx, const char *name, const char *const **items)
{
	list_state *s = ctx;
	if (strcmp(name, "towns") != 0) {
		*items = NULL;
		return 0;
	}
	*items = s->towns;
	return s->a->cfg->ntowns;
}

static bool edit_filter(list_state *s)
{
	const form_def *def = app_form(s->a, "filter");
	ui_form f;
	uif_init(&f, def);
	f.ctx = s;
	f.source = filter_source;
	snprintf(f.title, sizeof f.title, "农检 · 筛选记录");
	snprintf(f.subtitle, sizeof f.subtitle, "留空表示不限。F2 应用筛选，F10 取消。");
	static const char *const keys[] = {"F2", "应用 ", "Tab", "下一项 ", "数字", "选候选 ", "F10", "取消", NULL};
	f.keybar = keys;
	for (int i = 0; i < def->nfields; i++) {
		char v[128];
		samplelist_filter_get(&s->filter, def->fields[i].key, v, sizeof v);
		uif_set(&f, i, v);
	}
	uif_focus(&f, 0);
	bool applied = false;
	while (uif_run_dialog(&f)) {
		sample_filter nf = s->filter;
		char err[512] = "", out[256];
		int bad = -1;
		for (int i = 0; i < def->nfields && bad < 0; i++) {
			if (!field_check(&def->fields[i], f.values[i], out, sizeof out, err, sizeof err) ||
			    !samplelist_filter_set(&nf, def->fields[i].key, out, err, sizeof err))
				bad = i;
		}
		if (bad >= 0) {
			uif_set_error(&f, bad, err);
			uif_focus(&f, bad);
			uif_message(&f, ROLE_ERROR, err);
			continue;
		}
		s->filter = nf;
		applied = true;
		break;
	}
	uif_free(&f);
	return applied;
}

bool ui_list(app *a)
{
	list_state *s = xcalloc(1, sizeof *s);
	s->a = a;
	s->towns = xcalloc((size_t)a->cfg->ntowns, sizeof *s->towns);
	for (int i = 0; i < a->cfg->ntowns; i++)
		s->towns[i] = a->cfg->towns[i].name;
	/* Start with the working year: what people look for, and a count
	 * that stays quick on ten years of records (F3 widens it). */
	snprintf(s->filter.date_from, sizeof s->filter.date_from, "%d-01-01", a->cfg->year);
	load_first(s);
	bool alive = ui_sample_offer_correction(a);
	if (alive)
		reload_here(s);
	for (;;) {
		if (!alive) {
			free(s->towns);
			free(s);
			return false;
		}
		draw(s);
		ui_key k = ui_read_key();
		if (k.act != ACT_NONE)
			s->message[0] = '\0';
		if (k.act == ACT_CHAR && (k.ch == L'q' || k.ch == L'Q'))
			k.act = ACT_BACK;
		if (k.act == ACT_CHAR && (k.ch == L'f' || k.ch == L'/'))
			k.act = ACT_FILTER;
		if (k.act == ACT_CHAR && k.ch == L'e')
			k.act = ACT_ENTER;
		switch (k.act) {
		case ACT_LOST:
			alive = false;
			/* fall through */
		case ACT_BACK:
			free(s->towns);
			free(s);
			return alive;
		case ACT_DOWN: move_down(s, 1); break;
		case ACT_UP: move_up(s, 1); break;
		case ACT_PGDN: move_down(s, page_rows()); break;
		case ACT_PGUP: move_up(s, page_rows()); break;
		case ACT_HOME: load_first(s); break;
		case ACT_END: load_last(s); break;
		case ACT_RESIZE: reload_here(s); break;
		case ACT_REDRAW: ui_force_repaint(); break;
		case ACT_HELP: ui_help(); break;
		case ACT_FILTER:
			if (edit_filter(s))
				load_first(s);
			break;
		case ACT_ENTER:
			if (s->n > 0) {
				if (!ui_sample_edit(a, s->rows[s->cur].id)) {
					free(s->towns);
					free(s);
					return false;
				}
				reload_here(s);
			}
			break;
		case ACT_CHAR:
			if ((k.ch >= L'0' && k.ch <= L'9') || k.ch == L'#') {
				if (find_number(s, k.ch == L'#' ? 0 : k.ch)) {
					load_first(s);
					snprintf(s->message, sizeof s->message, "编号含 \"%s\" 的记录 %ld 条 (F3 可清除此条件)",
					         s->filter.number, s->total);
					s->message_role = s->total > 0 ? ROLE_OK : ROLE_WARN;
				}
			} else if (k.ch == L'n') {
				if (!ui_sample_new(a)) {
					free(s->towns);
					free(s);
					return false;
				}
				load_first(s);
			}
			break;
		default:
			break;
		}
	}
}
