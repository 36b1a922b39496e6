#include "ui/ui_lookup.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/lineedit.h"
#include "registry/lookup.h"
#include "registry/producer.h"
#include "base/text.h"
#include "ui/ui_producer.h"
#include "ui/ui_prompt.h"
#include "ui/ui_term.h"

#define LIST_TOP 4
#define MAX_HITS 200
#define INPUT_X 8
#define INPUT_W 36

typedef struct {
	app *a;
	lookup_index *ix;
	lineedit ed;
	char typed[LE_MAX_CHARS * 4 + 1];
	lookup_hit hits[MAX_HITS];
	int n, total, cur, top;
	char message[512];
	ui_role message_role;
} lookup_state;

static void set_message(lookup_state *s, ui_role role, const char *msg)
{
	snprintf(s->message, sizeof s->message, "%s", msg);
	s->message_role = role;
}

/* Empty input lists the blacklist; otherwise one pass of the index. */
static void search(lookup_state *s)
{
	char err[512];
	if (!lookup_refresh(s->a->db, &s->ix, err, sizeof err))
		set_message(s, ROLE_ERROR, err);
	s->n = s->total = 0;
	if (!s->ix)
		return;
	if (*s->typed)
		s->n = lookup_search(s->ix, s->typed, s->hits, MAX_HITS, &s->total);
	else
		s->n = lookup_listed(s->ix, s->hits, MAX_HITS, &s->total);
	if (s->cur >= s->n)
		s->cur = s->n ? s->n - 1 : 0;
}

static const char *how_text(const lookup_hit *h)
{
	switch (h->how) {
	case LM_CODE: return h->e->credit_code;
	case LM_ID_NUMBER: return h->e->id_number;
	case LM_PHONE: return h->e->phone;
	case LM_INITIALS_PREFIX:
	case LM_INITIALS: return "拼音首字母";
	default: return "";
	}
}

static ui_role status_role(int status)
{
	return status == PSTATUS_BLACKLISTED ? ROLE_FAIL : status == PSTATUS_WATCH ? ROLE_WARN : ROLE_OK;
}

/* The name, with its village when another hit has the same name in the
 * same town (a town may register one name in two villages). */
static void name_cell(const lookup_state *s, const lookup_entry *e, char *out, size_t outlen)
{
	bool twin = false;
	for (int i = 0; i < s->n && !twin; i++) {
		const lookup_entry *o = s->hits[i].e;
		twin = o != e && strcmp(o->name, e->name) == 0 && strcmp(o->town, e->town) == 0;
	}
	if (twin && *e->village)
		snprintf(out, outlen, "%s (%s)", e->name, e->village);
	else
		snprintf(out, outlen, "%s", e->name);
}

static int page_rows(void)
{
	int r = LINES - LIST_TOP - 2;
	return r < 1 ? 1 : r;
}

static void draw(lookup_state *s)
{
	char right[64];
	snprintf(right, sizeof right, "名录共 %d 个主体", lookup_count(s->ix));
	if (!ui_screen_begin(s->a->cfg->district_name, "主体名录与黑名单查询", right))
		return;
	ui_put(1, 1, INPUT_X - 1, ROLE_NORMAL, "查找:");
	ui_put_padded(1, INPUT_X, INPUT_W, ROLE_FIELD_ACTIVE, s->typed);
	ui_put(1, INPUT_X + INPUT_W + 2, COLS - INPUT_X - INPUT_W - 3, ROLE_DIM, "名称、拼音首字母、代码、电话");
	char info[1400];
	if (!*s->typed)
		snprintf(info, sizeof info, "输入即查，每按一键更新结果。黑名单在列 %d 个:", s->total);
	else if (s->total == 0)
		snprintf(info, sizeof info, "没有找到 \"%s\"。未登记的主体可按 F2 登记。", s->typed);
	else if (s->total == LOOKUP_MANY)
		snprintf(info, sizeof info, "只列出最匹配的 %d 个 (可能还有更多，请多输入几个字)", s->n);
	else
		snprintf(info, sizeof info, "找到 %d 个%s", s->total, s->total > s->n ? " (只列出前面的，请多输入几个字)" : "");
	ui_put(2, 1, COLS - 2, ROLE_NORMAL, info);
	static const struct {
		const char *label;
		int width;
	} cols[] = {{"状态", 10}, {"名称", 30}, {"镇街", 10}, {"类型", 8}, {"评级", 4}, {"匹配", 13}};
	int x = 1;
	for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
		ui_put(3, x, cols[c].width, ROLE_DIM, cols[c].label);
		x += cols[c].width + 1;
	}
	int rows = page_rows();
	ui_scroll_to(&s->top, s->cur, rows);
	for (int r = 0; r < rows && s->top + r < s->n; r++) {
		const lookup_hit *h = &s->hits[s->top + r];
		const lookup_entry *e = h->e;
		int y = LIST_TOP + r;
		bool sel = s->top + r == s->cur;
		ui_role base = sel ? ROLE_SELECTED : ROLE_NORMAL;
		if (sel)
			ui_fill_row(y, 0, ROLE_SELECTED);
		char marker[32], rating[8];
		snprintf(marker, sizeof marker, "[%s]", producer_status_text(e->status));
		snprintf(rating, sizeof rating, "%s", e->rating ? (char[]){e->rating, '\0'} : "-");
		char name[320];
		name_cell(s, e, name, sizeof name);
		const char *cells[] = {marker, name, e->town, e->kind, rating, how_text(h)};
		x = 1;
		for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
			ui_put(y, x, cols[c].width, c == 0 && !sel ? status_role(e->status) : base, cells[c]);
			x += cols[c].width + 1;
		}
	}
	/* The selected producer's listing, when it has one. */
	const char *bottom = s->message;
	ui_role brole = s->message_role;
	char listing[640];
	if (!*bottom && s->n > 0 && *s->hits[s->cur].e->listing) {
		snprintf(listing, sizeof listing, "黑名单: %s", s->hits[s->cur].e->listing);
		bottom = listing;
		brole = ROLE_FAIL;
	}
	ui_put(LINES - 2, 1, COLS - 2, brole, bottom);
	static const char *const keys[] = {
		"Enter", "查看 ", "Up/Dn", "选择 ", "F2", "登记新主体 ", "^U", "清空 ", "F10", "返回", NULL,
	};
	ui_keybar(keys);
	move(1, INPUT_X + le_cursor_col(&s->ed));
	curs_set(1);
	refresh();
}

static void sync_typed(lookup_state *s)
{
	le_get(&s->ed, s->typed, sizeof s->typed);
	s->cur = s->top = 0;
	search(s);
}

bool ui_lookup(app *a)
{
	lookup_state *s = xcalloc(1, sizeof *s);
	s->a = a;
	le_init(&s->ed, INPUT_W - 1);
	search(s);
	bool alive = true;
	for (;;) {
		draw(s);
		ui_key k = ui_read_key();
		if (k.act != ACT_NONE && k.act != ACT_RESIZE)
			s->message[0] = '\0';
		if (k.act == ACT_LOST) {
			alive = false;
			break;
		}
		if (k.act == ACT_BACK)
			break;
		int edited = ui_edit_key(&s->ed, k.act);
		if (edited > 0)
			sync_typed(s);
		if (edited >= 0)
			continue;
		const char *said = ui_edit_insert(&s->ed, k); /* a paste is searched for, whole */
		if (said && *said)
			set_message(s, ROLE_ERROR, said);
		else if (said)
			sync_typed(s);
		if (said)
			continue;
		switch (k.act) {
		case ACT_UP:
		case ACT_PREV:
			if (s->cur > 0)
				s->cur--;
			break;
		case ACT_DOWN:
		case ACT_NEXT:
			if (s->cur + 1 < s->n)
				s->cur++;
			break;
		case ACT_PGUP: s->cur = s->cur > page_rows() ? s->cur - page_rows() : 0; break;
		case ACT_PGDN:
			s->cur = s->cur + page_rows() < s->n ? s->cur + page_rows() : (s->n ? s->n - 1 : 0);
			break;
		case ACT_REDRAW: ui_force_repaint(); break;
		case ACT_HELP: ui_help(); break;
		case ACT_ENTER:
			if (s->n > 0) {
				alive = ui_producer_view(a, s->hits[s->cur].e->id);
				if (!alive)
					goto out;
				search(s); /* ratings and listings may have changed */
			}
			break;
		case ACT_SAVE: {
			long long id = 0;
			alive = ui_producer_new(a, &id);
			if (!alive)
				goto out;
			search(s);
			if (id) {
				char msg[256];
				snprintf(msg, sizeof msg, "已登记，编号 %lld。输入名称或首字母即可查到。", id);
				set_message(s, ROLE_OK, msg);
			}
			break;
		}
		default:
			break;
		}
	}
out:
	lookup_free(s->ix);
	free(s);
	return alive;
}
