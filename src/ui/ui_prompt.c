#include "ui/ui_prompt.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/lineedit.h"
#include "base/text.h"
#include "ui/ui_term.h"

#define BOX_W 64

static void box_at(int y, int x, int h, int w)
{
	for (int r = 0; r < h; r++) {
		ui_put_padded(y + r, x, w, ROLE_NORMAL, "");
		mvaddch(y + r, x, r == 0 || r == h - 1 ? '+' : '|');
		mvaddch(y + r, x + w - 1, r == 0 || r == h - 1 ? '+' : '|');
	}
	for (int c = 1; c < w - 1; c++) {
		mvaddch(y, x + c, '-');
		mvaddch(y + h - 1, x + c, '-');
	}
}

bool ui_prompt(const char *title, const char *question, char *out, size_t outlen)
{
	return ui_prompt_with(title, question, "", out, outlen);
}

bool ui_prompt_with(const char *title, const char *question, const char *initial, char *out,
                    size_t outlen)
{
	lineedit ed;
	le_init(&ed, BOX_W - 6);
	if (le_set(&ed, initial) != LE_OK)
		le_set(&ed, "");
	const char *msg = "";
	bool resized = false;
	for (;;) {
		if (!ui_size_ok()) {
			ui_key k = ui_read_key();
			if (k.act == ACT_BACK || k.act == ACT_LOST)
				return false;
			resized = true;
			continue;
		}
		if (resized) /* as in ui_confirm: the screen under the box is stale */
			erase();
		resized = false;
		int y = LINES / 2 - 3, x = (COLS - BOX_W) / 2;
		box_at(y, x, 7, BOX_W);
		ui_put(y, x + 2, BOX_W - 4, ROLE_TITLE, title);
		ui_put(y + 1, x + 2, BOX_W - 4, ROLE_NORMAL, question);
		char buf[LE_MAX_CHARS * 4 + 1];
		le_get(&ed, buf, sizeof buf);
		ui_put_padded(y + 3, x + 3, BOX_W - 6, ROLE_FIELD_ACTIVE, buf);
		ui_put(y + 4, x + 2, BOX_W - 4, ROLE_ERROR, msg);
		ui_put(y + 5, x + 2, BOX_W - 4, ROLE_DIM, "Enter 确定   Esc 取消");
		move(y + 3, x + 3 + le_cursor_col(&ed));
		curs_set(1);
		refresh();
		ui_key k = ui_read_key();
		msg = "";
		/* A paste is text, whole: its line breaks do not confirm. */
		const char *said = ui_edit_insert(&ed, k);
		if (said) {
			msg = said;
			continue;
		}
		if (ui_edit_key(&ed, k.act) >= 0)
			continue;
		switch (k.act) {
		case ACT_ENTER:
		case ACT_SAVE:
			le_get(&ed, out, outlen);
			text_trim(out);
			if (*out)
				return true;
			msg = "不能为空";
			break;
		case ACT_BACK:
		case ACT_LOST:
			return false;
		case ACT_RESIZE:
			resized = true;
			break;
		default:
			break;
		}
	}
}

bool ui_confirm(const char *question)
{
	bool resized = false;
	for (;;) {
		if (ui_size_ok()) {
			/* After a resize the screen under the box is stale (the
			 * caller redraws it when the box closes): draw on a clean one. */
			if (resized)
				erase();
			resized = false;
			int y = LINES / 2 - 2, x = (COLS - BOX_W) / 2;
			box_at(y, x, 5, BOX_W);
			/* A long question goes on in the second row, not cut. */
			size_t cut = text_cut(question, BOX_W - 4);
			char first[512];
			text_copy(first, cut + 1 < sizeof first ? cut + 1 : sizeof first, question);
			ui_put(y + 1, x + 2, BOX_W - 4, ROLE_WARN, first);
			ui_put(y + 2, x + 2, BOX_W - 4, ROLE_WARN, question + strlen(first));
			ui_put(y + 3, x + 2, BOX_W - 4, ROLE_DIM, "y 是   n 否");
			curs_set(0);
			refresh();
		}
		ui_key k = ui_read_key();
		resized |= k.act == ACT_RESIZE;
		if (k.act == ACT_CHAR && (k.ch == L'y' || k.ch == L'Y' || k.ch == L'是'))
			return true;
		if ((k.act == ACT_CHAR && (k.ch == L'n' || k.ch == L'N' || k.ch == L'否')) ||
		    k.act == ACT_BACK || k.act == ACT_LOST)
			return false;
	}
}

/* Lines cut into pieces of at most width display columns (long Chinese
 * sentences of a bulletin wrap instead of running off the screen). */
static char **wrap_lines(char **lines, int n, int width, int *out_n)
{
	char **out = NULL;
	int count = 0, cap = 0;
	for (int i = 0; i < n; i++) {
		const char *p = lines[i];
		do {
			size_t len = text_cut(p, width);
			if (count == cap) {
				cap = cap ? cap * 2 : 64;
				char **grown = realloc(out, (size_t)cap * sizeof *out);
				if (!grown)
					abort();
				out = grown;
			}
			out[count] = xcalloc(len + 1, 1);
			memcpy(out[count++], p, len);
			p += len;
		} while (*p);
	}
	*out_n = count;
	return out;
}

void ui_pager(const char *title, char **raw, int nraw)
{
	int top = 0, n = 0, wrapped_cols = -1;
	bool done = false;
	char **lines = NULL;
	for (;;) {
		if (ui_size_ok()) {
			if (wrapped_cols != COLS) {
				for (int i = 0; i < n; i++)
					free(lines[i]);
				free(lines);
				lines = wrap_lines(raw, nraw, COLS - 2, &n);
				wrapped_cols = COLS;
			}
			erase();
			ui_titlebar(title, "");
			int rows = LINES - 2;
			if (top > n - rows)
				top = n - rows;
			if (top < 0)
				top = 0;
			for (int r = 0; r < rows && top + r < n; r++)
				ui_put(1 + r, 1, COLS - 2, ROLE_NORMAL, lines[top + r]);
			if (n == 0)
				ui_put(1, 1, COLS - 2, ROLE_DIM, "(没有记录)");
			static const char *const keys[] = {"Up/Dn", "滚动 ", "Esc", "返回", NULL};
			ui_keybar(keys);
			curs_set(0);
			refresh();
		}
		ui_key k = ui_read_key();
		switch (k.act) {
		case ACT_UP: top--; break;
		case ACT_DOWN: top++; break;
		case ACT_PGUP: top -= LINES - 3; break;
		case ACT_PGDN: top += LINES - 3; break;
		case ACT_HOME: top = 0; break;
		case ACT_END: top = n; break;
		case ACT_BACK:
		case ACT_LOST:
		case ACT_ENTER:
			done = true;
			break;
		case ACT_CHAR:
			done = k.ch == L'q';
			break;
		case ACT_REDRAW: ui_force_repaint(); break;
		default: break;
		}
		if (done)
			break;
	}
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int ui_list_key(ui_key k, char *message, int *cur, int n, bool *alive)
{
	if (k.act != ACT_NONE)
		message[0] = '\0';
	if (k.act == ACT_LOST)
		*alive = false;
	if (k.act == ACT_LOST || k.act == ACT_BACK || (k.act == ACT_CHAR && k.ch == L'q'))
		return -1;
	if (ui_cursor_key(cur, n, 10, k.act))
		return 1;
	if (k.act == ACT_REDRAW)
		ui_force_repaint();
	else if (k.act == ACT_HELP)
		ui_help();
	return k.act == ACT_REDRAW || k.act == ACT_HELP;
}

void ui_help(void)
{
	static const char *const text[] = {
		"所有功能键都有 Ctrl 组合键可用 (有些 SSH 客户端的功能键不可靠):",
		"",
		"  F1  / Ctrl-G        本帮助",
		"  F2  / Ctrl-S        保存 (录入、更正、筛选条件)",
		"  F3  / Ctrl-F / f    筛选记录 (浏览记录时)",
		"  F5  / Ctrl-R        查看修改记录 (更正记录时)",
		"  F8  / Ctrl-D        作废误录的记录 (更正记录时，需填写原因)",
		"  F10 / Esc / Ctrl-X  返回上一级，主菜单中为退出",
		"  Ctrl-L              重画整个屏幕",
		"",
		"表单中:",
		"  Tab / Enter / 下    下一项        Shift-Tab / 上   上一项",
		"  左 右 Home End      移动光标 (Ctrl-A 行首，Ctrl-E 行尾)",
		"  Backspace / Delete  删除          Ctrl-U 清空本项，Ctrl-K 删到行尾",
		"  1-9                 在镇街、类别、样品名称等项中选择候选",
		"",
		"浏览记录时: 上下移动，PgUp/PgDn 翻页，Enter 打开并更正，n 新录入，q 返回。",
		"任务进度中: Tab 切换检测类别，Enter 查看明细，t 改任务，d 改统计日期，b 季度通报。",
		"",
		"保存后录下一条时，日期、镇街、检测类别、抽样环节、抽样人等会保留。",
	};
	ui_pager("帮助: 按键说明", (char **)text, (int)(sizeof text / sizeof *text));
}
