/* The list of 检打联动 cases (ui_followup.h). */
#include "ui/ui_followup.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/text.h"
#include "sample/followup.h"
#include "ui/ui_columns.h"
#include "ui/ui_prompt.h"
#include "ui/ui_term.h"

#define LIST_TOP 3

typedef struct {
	long long sample_id;
	char sample_no[96], town[128], producer[256], product[256], verdict[64], state[64], due[11];
	bool overdue, closed;
} case_row;

enum { SHOW_OPEN, SHOW_OVERDUE, SHOW_ALL, SHOW_COUNT };
static const char *const show_text[SHOW_COUNT] = {"未结案", "逾期", "全部"};

typedef struct {
	app *a;
	case_row *rows;
	int n, cur, top, overdue;
	size_t cap;
	int show;
	char town[128];
	char message[1024];
	ui_role message_role;
} list_state;

static bool add_row(void *ctx, const followup_case *fc)
{
	list_state *s = ctx;
	s->rows = xgrow(s->rows, &s->cap, (size_t)s->n + 1, sizeof *s->rows);
	case_row *r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	r->sample_id = fc->sample_id;
	snprintf(r->sample_no, sizeof r->sample_no, "%s", fc->sample_no);
	snprintf(r->town, sizeof r->town, "%s", fc->town);
	snprintf(r->producer, sizeof r->producer, "%s", fc->producer);
	snprintf(r->product, sizeof r->product, "%s", fc->product);
	snprintf(r->verdict, sizeof r->verdict, "%s", fc->verdict);
	snprintf(r->state, sizeof r->state, "%s", fc->state_text);
	snprintf(r->due, sizeof r->due, "%s", fc->due);
	r->overdue = fc->overdue;
	r->closed = fc->state == FC_CLOSED;
	s->overdue += fc->overdue;
	return true;
}

/* Reload, keeping the cursor on the same case when it is still listed. */
static void load(list_state *s)
{
	long long keep = s->n > 0 ? s->rows[s->cur].sample_id : 0;
	s->n = s->overdue = 0;
	followup_filter f = {.open_only = s->show == SHOW_OPEN, .overdue_only = s->show == SHOW_OVERDUE,
	                     .town = *s->town ? s->town : NULL};
	char err[512];
	if (followup_each(s->a->db, s->a->cfg, &f, &s->a->me, date_today(), add_row, s, err, sizeof err) < 0) {
		snprintf(s->message, sizeof s->message, "%s", err);
		s->message_role = ROLE_ERROR;
	}
	s->cur = 0;
	for (int i = 0; i < s->n; i++)
		if (s->rows[i].sample_id == keep)
			s->cur = i;
}

static int page_rows(void)
{
	int r = LINES - LIST_TOP - 2;
	return r < 1 ? 1 : r;
}

/* Columns: label and width in display columns; the producer takes what
 * the others leave (12 at 80 columns). */
enum { C_NO, C_TOWN, C_PRODUCER, C_PRODUCT, C_VERDICT, C_STATE, C_DUE, C_COUNT };
static const ui_column cols[C_COUNT] = {
	{"样品编号", 18}, {"镇街", 10}, {"受检主体", 0}, {"样品", 6}, {"判定", 6}, {"处置状态", 10}, {"期限", 10},
};

static void draw(list_state *s)
{
	if (!ui_screen_begin(s->a->cfg->district_name, "检打联动", ""))
		return;
	char info[512];
	snprintf(info, sizeof info, "%s %d 件 (其中逾期 %d 件)   %s   逾期的在前，其余按期限先后",
	         show_text[s->show], s->n, s->overdue, *s->town ? s->town : "全部镇街");
	ui_put(1, 1, COLS - 2, ROLE_NORMAL, info);
	ui_column_heads(2, cols, C_COUNT);
	int rows = page_rows();
	ui_scroll_to(&s->top, s->cur, rows);
	for (int i = s->top; i < s->n && i < s->top + rows; i++) {
		const case_row *r = &s->rows[i];
		int y = LIST_TOP + i - s->top;
		bool sel = i == s->cur;
		char due[32] = "";
		if (r->overdue)
			snprintf(due, sizeof due, "逾期 %s", r->due + 5);
		else if (*r->due)
			snprintf(due, sizeof due, "%s 前", r->due + 5);
		const char *cells[C_COUNT] = {r->sample_no, r->town, r->producer, r->product, r->verdict, r->state, due};
		ui_put(y, 0, 1, ROLE_NORMAL, sel ? ">" : " ");
		ui_role roles[C_COUNT];
		for (int c = 0; c < C_COUNT; c++)
			roles[c] = r->closed ? ROLE_DIM : ROLE_NORMAL;
		if (sel)
			roles[C_NO] = ROLE_SELECTED;
		if (r->overdue)
			roles[C_DUE] = ROLE_FAIL;
		if (!r->closed)
			roles[C_VERDICT] = ROLE_FAIL;
		ui_column_row(y, cols, C_COUNT, cells, roles);
	}
	if (s->n == 0)
		ui_put(LIST_TOP, 1, COLS - 2, ROLE_DIM, "没有符合条件的案件。按 o 切换 未结案/逾期/全部，按 t 选镇街。");
	ui_put(LINES - 2, 1, COLS - 2, s->message_role, s->message);
	static const char *const keys[] = {
		"Enter", "打开案件 ", "o", "未结/逾期/全部 ", "t", "镇街 ", "PgUp/PgDn", "翻页 ", "F10", "返回", NULL,
	};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

/* 镇街 by a part of its name (empty: all); staff have only their own. */
static void choose_town(list_state *s)
{
	if (s->a->me.role == USER_STAFF) {
		snprintf(s->message, sizeof s->message, "你只能查看本单位 (%s) 的案件", s->a->me.town);
		s->message_role = ROLE_WARN;
		return;
	}
	char typed[128];
	if (!ui_prompt_with("按镇街筛选", "镇街名称或其中一部分；输入 全部 为全部镇街:", s->town, typed,
	                    sizeof typed))
		return;
	if (strcmp(typed, "全部") == 0) {
		s->town[0] = '\0';
		return;
	}
	int found = -1, many = 0;
	for (int i = 0; i < s->a->cfg->ntowns; i++)
		if (strstr(s->a->cfg->towns[i].name, typed)) {
			found = found < 0 ? i : found;
			many++;
			if (strcmp(s->a->cfg->towns[i].name, typed) == 0) {
				found = i;
				many = 1;
				break;
			}
		}
	if (found < 0 || many > 1) {
		snprintf(s->message, sizeof s->message, "%s \"%s\"：%s", found < 0 ? "没有镇街含" : "不止一个镇街含",
		         typed, found < 0 ? "请核对名称" : "请多输入几个字");
		s->message_role = ROLE_ERROR;
		return;
	}
	snprintf(s->town, sizeof s->town, "%s", s->a->cfg->towns[found].name);
}

static bool run_list(app *a, const char *town)
{
	list_state s = {.a = a, .show = SHOW_OPEN};
	if (town)
		snprintf(s.town, sizeof s.town, "%s", town);
	load(&s);
	bool alive = true;
	for (;;) {
		draw(&s);
		ui_key k = ui_read_key();
		if (k.act != ACT_NONE && k.act != ACT_RESIZE)
			s.message[0] = '\0';
		if (k.act == ACT_CHAR && (k.ch == L'q' || k.ch == L'0'))
			k.act = ACT_BACK;
		if (k.act == ACT_LOST)
			alive = false;
		if (k.act == ACT_LOST || k.act == ACT_BACK)
			break;
		int rows = page_rows();
		switch (k.act) {
		case ACT_DOWN: if (s.cur + 1 < s.n) s.cur++; break;
		case ACT_UP: if (s.cur > 0) s.cur--; break;
		case ACT_PGDN: s.cur = s.cur + rows < s.n ? s.cur + rows : s.n > 0 ? s.n - 1 : 0; break;
		case ACT_PGUP: s.cur = s.cur > rows ? s.cur - rows : 0; break;
		case ACT_HOME: s.cur = 0; break;
		case ACT_END: s.cur = s.n > 0 ? s.n - 1 : 0; break;
		case ACT_REDRAW: ui_force_repaint(); break;
		case ACT_HELP: ui_help(); break;
		case ACT_ENTER:
			if (s.n > 0) {
				alive = ui_followup_case(a, s.rows[s.cur].sample_id);
				if (!alive)
					goto out;
				load(&s);
			}
			break;
		case ACT_CHAR:
			if (k.ch == L'o') {
				s.show = (s.show + 1) % SHOW_COUNT;
				load(&s);
			} else if (k.ch == L't') {
				choose_town(&s);
				load(&s);
			}
			break;
		default:
			break;
		}
	}
out:
	free(s.rows);
	return alive;
}

bool ui_followup(app *a)
{
	return run_list(a, NULL);
}

bool ui_followup_duty_detail(app *a, const char *unit)
{
	return run_list(a, strcmp(unit, "合计") == 0 ? NULL : unit);
}

static int by_worst(const void *pa, const void *pb)
{
	const quota_row *a = pa, *b = pb;
	if (a->open_positives != b->open_positives)
		return a->open_positives > b->open_positives ? -1 : 1;
	if (a->pct != b->pct)
		return a->pct < b->pct ? -1 : 1;
	return a->sort - b->sort;
}

int ui_followup_duty(app *a, int year, ymd as_of, quota_row *rows, int max, quota_row *total, char *period,
                     size_t periodlen, char *err, size_t errlen)
{
	followup_tally t[512];
	int n = followup_tally_units(a->db, a->cfg, year, as_of, t, 512, err, errlen);
	if (n < 1)
		return -1;
	int k = 0;
	for (int i = 0; i <= n - 1; i++) {
		quota_row *r = i == n - 1 ? total : k < max ? &rows[k] : NULL;
		if (!r || (i < n - 1 && !t[i].failed))
			continue;
		memset(r, 0, sizeof *r);
		text_copy(r->unit, sizeof r->unit, t[i].unit);
		r->sort = i;
		r->target = t[i].failed;
		r->done = t[i].closed;
		r->positives = t[i].open;
		r->open_positives = t[i].overdue;
		/* The national 质量安全县 criteria expect every failure closed:
		 * the whole target is due now. */
		quota_derive(r, 1.0);
		k += r != total;
	}
	qsort(rows, (size_t)k, sizeof *rows, by_worst);
	char date[11];
	date_format(as_of, date, sizeof date);
	snprintf(period, periodlen, "%d 年 · 截至 %s · 已结案/不合格", year, date);
	return k;
}
