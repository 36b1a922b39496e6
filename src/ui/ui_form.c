#include "ui/ui_form.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/number.h"
#include "base/pinyin.h"
#include "base/text.h"
#include "ui/ui_prompt.h"

#define FIELD_TOP 2
#define BOTTOM_ROWS 5 /* preview, candidates, hint, message, key bar */

void uif_init(ui_form *f, const form_def *def)
{
	memset(f, 0, sizeof *f);
	f->def = def;
	f->values = xcalloc((size_t)def->nfields, sizeof *f->values);
	f->errors = xcalloc((size_t)def->nfields, sizeof *f->errors);
	f->locked = xcalloc((size_t)def->nfields, sizeof *f->locked);
	for (int i = 0; i < def->nfields; i++)
		f->values[i] = xstrdup("");
	le_init(&f->ed, def->fields[0].maxwidth);
}

void uif_free(ui_form *f)
{
	for (int i = 0; i < f->def->nfields; i++) {
		free(f->values[i]);
		free(f->errors[i]);
	}
	free(f->values);
	free(f->errors);
	free(f->locked);
}

void uif_set(ui_form *f, int idx, const char *value)
{
	if (idx < 0 || idx >= f->def->nfields)
		return;
	char *copy = xstrdup(value);
	free(f->values[idx]);
	f->values[idx] = copy;
	if (idx == f->cur) {
		le_init(&f->ed, f->def->fields[idx].maxwidth);
		if (le_set(&f->ed, value) != LE_OK)
			le_set(&f->ed, "");
	}
}

const char *uif_get(const ui_form *f, int idx)
{
	return idx >= 0 && idx < f->def->nfields ? f->values[idx] : "";
}

const char *uif_get_key(const ui_form *f, const char *key)
{
	return uif_get(f, form_index(f->def, key));
}

/* A field's value for another's `when`; none while the field is itself
 * not in use (数量 when 处置方式 is 监督销毁, but only while the step is
 * 处置). The depth stops a form whose conditions go round in a circle. */
static const char *value_by_key(void *ctx, const char *key)
{
	static int depth;
	const ui_form *f = ctx;
	int i = form_index(f->def, key);
	if (i < 0 || depth > 8)
		return NULL;
	depth++;
	bool on = form_field_active(f->def, i, value_by_key, ctx);
	depth--;
	return on ? f->values[i] : NULL;
}

bool uif_active(const ui_form *f, int idx)
{
	return form_field_active(f->def, idx, value_by_key, (void *)f);
}

void uif_lock(ui_form *f, int idx, bool locked)
{
	if (idx >= 0 && idx < f->def->nfields)
		f->locked[idx] = locked;
}

/* Can the cursor stop on this field? */
static bool editable(const ui_form *f, int idx)
{
	return !f->locked[idx] && uif_active(f, idx);
}

void uif_focus(ui_form *f, int idx)
{
	int n = f->def->nfields;
	if (idx < 0)
		idx = 0;
	if (idx >= n)
		idx = n - 1;
	int i = idx;
	while (i < n && !editable(f, i))
		i++;
	if (i == n) /* nothing active below: look upwards */
		for (i = idx; i > 0 && !editable(f, i); i--)
			;
	f->cur = i;
	f->list_open = false;
	le_init(&f->ed, f->def->fields[i].maxwidth);
	if (le_set(&f->ed, f->values[i]) != LE_OK)
		le_set(&f->ed, "");
}

void uif_set_error(ui_form *f, int idx, const char *msg)
{
	if (idx < 0 || idx >= f->def->nfields)
		return;
	free(f->errors[idx]);
	f->errors[idx] = msg ? xstrdup(msg) : NULL;
}

void uif_clear_errors(ui_form *f)
{
	for (int i = 0; i < f->def->nfields; i++)
		uif_set_error(f, i, NULL);
}

void uif_message(ui_form *f, ui_role role, const char *msg)
{
	snprintf(f->message, sizeof f->message, "%s", msg ? msg : "");
	f->message_role = role;
}

static bool has_list(const field_def *fd)
{
	return fd->type == FT_CHOICE || fd->type == FT_LOOKUP;
}

/* Items of a field: inline choices or the named source. */
static int items_of(ui_form *f, const field_def *fd, const char *const **items)
{
	if (fd->choices) {
		*items = (const char *const *)fd->choices;
		return fd->nchoices;
	}
	if (fd->source && f->source)
		return f->source(f->ctx, fd->source, items);
	*items = NULL;
	return 0;
}

/* Candidates for the current field: items containing the typed text or
 * whose pinyin initials match it (lf finds 侣俸镇); all items when nothing
 * is typed. *searched (may be NULL) tells whether they came from the
 * search callback (a registry typed as free text). */
static int candidates_of(ui_form *f, const char **out, bool *searched)
{
	const field_def *fd = &f->def->fields[f->cur];
	if (searched)
		*searched = false;
	if (!has_list(fd))
		return 0;
	const char *typed = f->values[f->cur];
	if (fd->source && f->search) {
		int n = f->search(f->ctx, fd->source, typed, out, UIF_MAX_CANDIDATES);
		if (n >= 0) {
			if (searched)
				*searched = true;
			return n;
		}
	}
	const char *const *items;
	int n = items_of(f, fd, &items), found = 0;
	for (int i = 0; i < n && found < UIF_MAX_CANDIDATES; i++)
		if (!*typed || strstr(items[i], typed) || pinyin_match(typed, items[i]))
			out[found++] = items[i];
	return found;
}

/* Is the current field's text exactly one of its listed items? Such a
 * value is what the clerk chose: no digit may swap it for another. */
static bool exact_item(ui_form *f)
{
	const field_def *fd = &f->def->fields[f->cur];
	const char *const *items;
	int n = has_list(fd) ? items_of(f, fd, &items) : 0;
	for (int i = 0; i < n; i++)
		if (strcmp(items[i], f->values[f->cur]) == 0)
			return true;
	return false;
}

/* Are the n candidates shown with numbers, so that a digit picks one?
 * A searched lookup only while its list is open (↓); a listed one while
 * the text is not itself a valid value. */
static bool numbered(ui_form *f, int n, bool searched)
{
	if (n == 0)
		return false;
	return searched ? f->list_open : !exact_item(f);
}

static void apply_fill(ui_form *f, int idx)
{
	static int depth; /* a chain (product → category → method), not a circle */
	const field_def *fd = &f->def->fields[idx];
	char val[256];
	if (!fd->fills || !f->fill || depth > 4)
		return;
	/* A listed source names itself (products); inline choices go by the
	 * field's key (category → method). */
	if (f->fill(f->ctx, fd->source ? fd->source : fd->key, f->values[idx], val, sizeof val)) {
		int target = form_index(f->def, fd->fills);
		uif_set(f, target, val);
		uif_set_error(f, target, NULL);
		depth++;
		if (target >= 0)
			apply_fill(f, target);
		depth--;
	}
}

/* Leaving a field: complete a unique candidate, normalise (3-5 becomes a
 * full date), and note a problem beside the field without trapping the
 * user there; saving checks everything again. */
void uif_leave(ui_form *f)
{
	int i = f->cur;
	const field_def *fd = &f->def->fields[i];
	if (has_list(fd) && *f->values[i]) {
		const char *c[UIF_MAX_CANDIDATES];
		bool searched;
		int n = candidates_of(f, c, &searched);
		/* A searched source (producers) may be typed freely: only a pick
		 * chooses from it. */
		if (n == 1 && !searched && strcmp(c[0], f->values[i]) != 0)
			uif_set(f, i, c[0]);
	}
	char out[1024], msg[512];
	if (!*f->values[i]) {
		uif_set_error(f, i, NULL);
		return;
	}
	if (field_check(fd, f->values[i], out, sizeof out, msg, sizeof msg)) {
		uif_set_error(f, i, NULL);
		if (strcmp(out, f->values[i]) != 0)
			uif_set(f, i, out);
	} else {
		uif_set_error(f, i, msg);
	}
	if (fd->type == FT_CHOICE && fd->source && !fd->choices) {
		const char *const *items;
		int n = items_of(f, fd, &items);
		bool known = false;
		for (int k = 0; k < n; k++)
			known = known || strcmp(items[k], f->values[i]) == 0;
		if (!known && !f->errors[i]) {
			snprintf(msg, sizeof msg, "%s \"%s\" 不在名单中，请输入一部分后按数字键选择", fd->label,
			         f->values[i]);
			uif_set_error(f, i, msg);
		}
	}
	apply_fill(f, i);
}

/* Move to the next (dir 1) or previous (-1) active field. skip_filled
 * (Enter): past a field filled from the one just left (category from
 * the product); Tab still stops at every field. */
static void move_to_ex(ui_form *f, int dir, bool skip_filled)
{
	int n = f->def->nfields, from = f->cur;
	int i = f->cur + dir;
	while (i >= 0 && i < n && !editable(f, i))
		i += dir;
	if (i < 0 || i >= n) {
		if (dir > 0)
			uif_message(f, ROLE_NORMAL, "已是最后一项: 按 F2 (或 Ctrl-S) 保存");
		return;
	}
	uif_leave(f);
	uif_focus(f, i);
	const field_def *fd = &f->def->fields[from];
	if (skip_filled && dir > 0 && fd->fills && f->cur == form_index(f->def, fd->fills) &&
	    *f->values[f->cur] && !f->errors[f->cur])
		move_to_ex(f, +1, false);
}

static void move_to(ui_form *f, int dir)
{
	move_to_ex(f, dir, false);
}

static int label_cols(const ui_form *f)
{
	int w = 0;
	for (int i = 0; i < f->def->nfields; i++) {
		int c = text_cols(f->def->fields[i].label);
		if (c > w)
			w = c;
	}
	return w;
}

/* The candidate line at row y: "候选: 1 生产基地 2 采收前 …" when a digit
 * picks, continued on the hint line when it does not fit in one (the nine
 * stages at 80 columns); without numbers when no digit picks: a searched
 * lookup's list before ↓, or "已选定 侣俸镇" once the text is a valid
 * value. Returns whether it used the hint line. */
static bool candidate_line(ui_form *f, int y0)
{
	const char *c[UIF_MAX_CANDIDATES];
	bool searched;
	int n = candidates_of(f, c, &searched);
	if (f->list_open && (!searched || n == 0))
		f->list_open = false;
	if (f->list_sel >= n)
		f->list_sel = n > 0 ? n - 1 : 0;
	bool numbers = numbered(f, n, searched), exact = !searched && n > 0 && !numbers;
	if (n == 0)
		return false;
	const char *head = numbers ? "候选:" : searched ? "候选 (按 ↓ 选择):" : "已选定:";
	int y = y0, x = 1 + ui_put(y, 1, COLS - 2, ROLE_DIM, head);
	bool wrapped = false;
	if (exact) {
		x += ui_put(y, x, COLS - x - 1, ROLE_OK, " ");
		x += ui_put(y, x, COLS - x - 1, ROLE_OK, f->values[f->cur]);
		x += ui_put(y, x, COLS - x - 1, ROLE_DIM, "  (数字不会改掉它；改选请先按 ^U 清空)");
		return false;
	}
	for (int i = 0; i < n; i++) {
		char num[16];
		snprintf(num, sizeof num, numbers ? " %d " : "  ", i + 1);
		bool sel = f->list_open && i == f->list_sel;
		int need = text_cols(num) + text_cols(c[i]) + sel;
		if (x + need > COLS - 1 && y == y0) {
			y = y0 + 1;
			x = 6;
			ui_fill_row(y, 0, ROLE_NORMAL);
			wrapped = true;
		}
		/* Plain digits: colouring each would cost ~25 bytes. */
		x += ui_put(y, x, COLS - x, ROLE_NORMAL, sel ? " >" : " ");
		x += ui_put(y, x, COLS - x, sel ? ROLE_SELECTED : ROLE_NORMAL, num + 1);
		x += ui_put(y, x, COLS - x - 1, sel ? ROLE_SELECTED : ROLE_NORMAL, c[i]);
	}
	return wrapped;
}

void uif_draw_candidates(ui_form *f, int y, const char *hint)
{
	if (candidate_line(f, y))
		return;
	if (f->list_open)
		ui_put(y + 1, 1, COLS - 2, ROLE_DIM, "↑↓ 移动   数字或 Enter 选定   Esc 关闭候选   继续输入则不选");
	else if (hint)
		ui_put(y + 1, 1, COLS - 2, ROLE_DIM, hint);
}

/* The field being edited in its box of w columns, scrolled sideways when
 * it holds more than fits (< and > at the edges say text is hidden
 * there). Returns the cursor's column in the box. */
int uif_draw_editor(ui_form *f, int y, int x, int w)
{
	size_t from, to;
	bool left, right;
	int cursor;
	le_window(&f->ed, w, &from, &to, &left, &right, &cursor);
	char shown[LE_MAX_CHARS * 4 + 1];
	if (le_get_range(&f->ed, from, to, shown, sizeof shown) < 0)
		shown[0] = '\0';
	if (left)
		mvaddch(y, x, '<');
	ui_put_field(y, x + left, w - left - right, shown);
	if (right)
		mvaddch(y, x + w - 1, '>');
	return cursor;
}

/* Another field's value: its start, with > when more is hidden. */
static void draw_value(int y, int x, int w, const char *value)
{
	bool more = text_cols(value) > w;
	ui_put_field(y, x, more ? w - 1 : w, value);
	if (more)
		mvaddch(y, x + w - 1, '>');
}

void uif_draw(ui_form *f)
{
	if (!ui_size_ok())
		return;
	erase();
	ui_titlebar(f->title, "");
	ui_put(1, 1, COLS - 2, ROLE_NORMAL, f->subtitle);
	int lw = label_cols(f), fx = lw + 5;
	int rows = LINES - FIELD_TOP - BOTTOM_ROWS;
	ui_scroll_to(&f->top, f->cur, rows);
	int cy = FIELD_TOP, cx = fx;
	for (int r = 0; r < rows && f->top + r < f->def->nfields; r++) {
		int i = f->top + r, y = FIELD_TOP + r;
		const field_def *fd = &f->def->fields[i];
		bool active = uif_active(f, i), here = i == f->cur;
		int lc = text_cols(fd->label);
		if (fd->required && active)
			ui_put(y, 1, 1, ROLE_WARN, "*");
		/* The current field is marked on its label, not by colouring the
		 * field: a typed character then costs one plain cell, not a colour
		 * change and reset each time (16 bytes a key over a slow link). */
		ui_put(y, 3 + lw - lc, lc, !active ? ROLE_DIM : here ? ROLE_FIELD_ACTIVE : ROLE_NORMAL, fd->label);
		int w = fd->width < COLS - fx - 1 ? fd->width : COLS - fx - 1;
		if (!active) {
			/* The whole word even beside a narrow field (抑制率's 6
			 * columns cut it to "(不适"); nothing else is on the row. */
			ui_put(y, fx, COLS - fx - 1, ROLE_DIM, "(不适用)");
			continue;
		}
		int col = here ? uif_draw_editor(f, y, fx, w) : (draw_value(y, fx, w, f->values[i]), 0);
		int ex = fx + w + 2;
		if (f->errors[i] && ex < COLS - 4) {
			ui_put(y, ex, 2, ROLE_ERROR, "! ");
			ui_put(y, ex + 2, COLS - ex - 2, ROLE_ERROR, f->errors[i]);
		} else if (here && fd->maxwidth > fd->width && le_cols(&f->ed) > fd->width &&
		           ex < COLS - 10) {
			/* A field scrolled past its box: how much is in it, of how
			 * much (an empty or short field stays as plain as others). */
			char count[32];
			snprintf(count, sizeof count, "%d/%d 列", le_cols(&f->ed), fd->maxwidth);
			ui_put(y, ex, COLS - ex - 1, ROLE_DIM, count);
		}
		if (here) {
			cy = y;
			cx = fx + col;
		}
	}
	int by = LINES - BOTTOM_ROWS;
	if (f->preview) {
		char line[256] = "";
		ui_role role = ROLE_NORMAL;
		f->preview(f->ctx, f, line, sizeof line, &role);
		ui_put(by, 1, COLS - 2, role, line);
	}
	uif_draw_candidates(f, by + 1, f->def->fields[f->cur].hint);
	if (f->message[0])
		ui_put(by + 3, 1, COLS - 2, f->message_role, f->message);
	else if (f->errors[f->cur])
		ui_put(by + 3, 1, COLS - 2, ROLE_ERROR, f->errors[f->cur]);
	if (f->keybar)
		ui_keybar(f->keybar);
	move(cy, cx);
	curs_set(1);
	refresh();
}

/* Store the editor's text as the current field's value. */
static void sync_value(ui_form *f)
{
	char buf[LE_MAX_CHARS * 4 + 1];
	le_get(&f->ed, buf, sizeof buf);
	free(f->values[f->cur]);
	f->values[f->cur] = xstrdup(buf);
	f->dirty = true;
}

/* Choose candidate pick of the current field's list: the value is shown
 * in its field and the cursor stays there (Enter or Tab moves on). */
static void pick_candidate(ui_form *f, const char *const *c, int pick, bool searched)
{
	const field_def *fd = &f->def->fields[f->cur];
	uif_set(f, f->cur, c[pick]);
	if (searched && f->pick)
		f->pick(f->ctx, f, fd->source, pick);
	uif_set_error(f, f->cur, NULL);
	apply_fill(f, f->cur);
	f->list_open = false;
	f->dirty = true;
}

/* A digit in a field with candidates: picks the candidate shown with that
 * number, if any; true when it was used up (picked or refused), false when
 * it is text (free text in a lookup). */
static bool digit_key(ui_form *f, wchar_t ch)
{
	const field_def *fd = &f->def->fields[f->cur];
	const char *c[UIF_MAX_CANDIDATES];
	bool searched;
	int n = candidates_of(f, c, &searched);
	int pick = (int)(ch - L'1');
	char msg[512];
	if (numbered(f, n, searched)) {
		if (pick < n) {
			pick_candidate(f, c, pick, searched);
			return true;
		}
		if (fd->type != FT_CHOICE)
			return false;
		snprintf(msg, sizeof msg, "没有第 %d 个候选", pick + 1);
	} else if (!searched && exact_item(f)) {
		snprintf(msg, sizeof msg, "%s 已是「%s」，数字不会改掉它；要改选请先按 Ctrl-U 清空", fd->label,
		         f->values[f->cur]);
	} else {
		return false;
	}
	uif_message(f, ROLE_ERROR, msg);
	beep();
	return true;
}

static void type_char(ui_form *f, wchar_t ch)
{
	const field_def *fd = &f->def->fields[f->cur];
	if (has_list(fd) && ch >= L'1' && ch <= L'9' && digit_key(f, ch))
		return;
	f->list_open = false;
	if (fd->type == FT_INTEGER || fd->type == FT_DECIMAL)
		ch = number_ascii_char(ch); /* ４５．５ shows as 45.5 */
	le_result r = le_insert(&f->ed, ch);
	if (r == LE_FULL) {
		char msg[128];
		snprintf(msg, sizeof msg, "%s 最多 %d 列 (汉字占两列)，输入未被接受", fd->label, fd->maxwidth);
		uif_message(f, ROLE_ERROR, msg);
		beep();
	} else if (r == LE_BADCHAR) {
		uif_message(f, ROLE_ERROR, "不能输入控制字符或不可显示的字符");
	} else {
		sync_value(f);
	}
}

/* Keys while a searched lookup's candidate list is open (↓): true when
 * the key was used by the list. */
static bool list_key(ui_form *f, ui_key k)
{
	const char *c[UIF_MAX_CANDIDATES];
	bool searched;
	int n = candidates_of(f, c, &searched);
	if (!f->list_open) {
		/* ↓ / Ctrl-N on a searched lookup with candidates opens them. */
		if (k.act != ACT_DOWN || !searched || n == 0)
			return false;
		f->list_open = true;
		f->list_sel = 0;
		return true;
	}
	if (!searched || n == 0) {
		f->list_open = false;
		return false;
	}
	switch (k.act) {
	case ACT_DOWN:
		if (f->list_sel < n - 1)
			f->list_sel++;
		return true;
	case ACT_UP:
		if (f->list_sel > 0)
			f->list_sel--;
		else
			f->list_open = false;
		return true;
	case ACT_ENTER:
		pick_candidate(f, c, f->list_sel < n ? f->list_sel : 0, true);
		return true;
	case ACT_BACK:
		f->list_open = false;
		return true;
	case ACT_CHAR:
		return false;   /* a digit picks, anything else is typed (and closes) */
	case ACT_NONE:
	case ACT_RESIZE:
	case ACT_REDRAW:
		return false;
	default:
		f->list_open = false;
		return false;
	}
}

/* Pasted text goes into the current field as text, whole or not at all:
 * its digits pick nothing and its line breaks (already spaces) move
 * nowhere. */
static void paste_text(ui_form *f, const wchar_t *w, int n)
{
	const field_def *fd = &f->def->fields[f->cur];
	char msg[256];
	wchar_t run[1024];
	if (n < 0 || n > (int)(sizeof run / sizeof *run)) {
		snprintf(msg, sizeof msg, "粘贴的内容太长，未粘贴 (%s 最多 %d 列)", fd->label, fd->maxwidth);
		uif_message(f, ROLE_ERROR, msg);
		return;
	}
	bool number = fd->type == FT_INTEGER || fd->type == FT_DECIMAL;
	for (int i = 0; i < n; i++)
		run[i] = number ? number_ascii_char(w[i]) : w[i];
	f->list_open = false;
	le_result r = le_insert_run(&f->ed, run, (size_t)n);
	if (r == LE_FULL) {
		snprintf(msg, sizeof msg, "粘贴的内容放不下，未粘贴: %s 最多 %d 列 (汉字占两列)", fd->label,
		         f->ed.maxcols);
		uif_message(f, ROLE_ERROR, msg);
		beep();
	} else if (r == LE_BADCHAR) {
		uif_message(f, ROLE_ERROR, "粘贴的内容含有不可显示的字符，未粘贴");
	} else if (r == LE_OK && n > 0) {
		sync_value(f);
	}
}

ui_action uif_handle(ui_form *f, ui_key k)
{
	if (k.act != ACT_NONE && k.act != ACT_RESIZE && k.act != ACT_REDRAW)
		f->message[0] = '\0';
	if (has_list(&f->def->fields[f->cur]) && list_key(f, k))
		return ACT_NONE;
	int edited = ui_edit_key(&f->ed, k.act);
	if (edited >= 0) {
		if (edited)
			sync_value(f);
		return ACT_NONE;
	}
	switch (k.act) {
	case ACT_CHAR:
		type_char(f, k.ch);
		return ACT_NONE;
	case ACT_PASTE:
		paste_text(f, k.text, k.len);
		return ACT_NONE;
	case ACT_ENTER:
		move_to_ex(f, +1, true);
		return ACT_NONE;
	case ACT_NEXT:
	case ACT_DOWN:
		move_to(f, +1);
		return ACT_NONE;
	case ACT_PREV:
	case ACT_UP:
		move_to(f, -1);
		return ACT_NONE;
	case ACT_PGUP:
	case ACT_PGDN:
		/* Left like any move: completed, normalised, its fills applied
		 * (a category typed again gives its method). */
		uif_leave(f);
		uif_focus(f, k.act == ACT_PGUP ? 0 : f->def->nfields - 1);
		return ACT_NONE;
	case ACT_REDRAW:
		ui_force_repaint();
		return ACT_NONE;
	case ACT_HELP:
		ui_help();
		return ACT_NONE;
	case ACT_RESIZE:
	case ACT_NONE:
		return ACT_NONE;
	case ACT_SAVE:
		uif_leave(f);
		return ACT_SAVE;
	default:
		return k.act;
	}
}

bool uif_run_dialog(ui_form *f)
{
	for (;;) {
		uif_draw(f);
		ui_action a = uif_handle(f, ui_read_key());
		if (a == ACT_SAVE)
			return true;
		if (a == ACT_BACK || a == ACT_LOST)
			return false;
	}
}

int uif_blank_unkept(ui_form *f)
{
	int first = -1;
	for (int i = 0; i < f->def->nfields; i++) {
		const field_def *fd = &f->def->fields[i];
		if (fd->keep && *f->values[i])
			continue;
		char def[256];
		field_default(fd, def, sizeof def);
		uif_set(f, i, def);
		if (first < 0 && !*def)
			first = i;
	}
	uif_clear_errors(f);
	f->dirty = false;
	return first;
}

void uif_next_blank(ui_form *f)
{
	int first = uif_blank_unkept(f);
	uif_focus(f, first >= 0 ? first : 0);
}

void uif_show_field_error(ui_form *f, const char *key, const char *msg)
{
	int idx = key ? form_index(f->def, key) : -1;
	if (idx >= 0) {
		uif_set_error(f, idx, msg);
		uif_focus(f, idx);
	}
	uif_message(f, ROLE_ERROR, msg);
}
