#include "ui/ui_term.h"

#include <curses.h>
#include <locale.h>
#include <term.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/out.h"
#include "base/termcode.h"
#include "base/text.h"
#include "ui/ui_keys.h"

static int attrs[ROLE_COUNT];
static bool colour;
/* Set by SIGHUP/SIGTERM: the handler does nothing else. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

#undef CTRL
#define CTRL(c) ((c) & 0x1f)

/* The key table: every function key action also has a Ctrl alternative,
 * because F-keys are unreliable in some SSH clients. */
static const struct {
	int key;
	bool fn;          /* a KEY_* code rather than a character */
	ui_action act;
} key_table[] = {
	{KEY_F(1), true, ACT_HELP},        {CTRL('G'), false, ACT_HELP},
	{KEY_F(2), true, ACT_SAVE},        {CTRL('S'), false, ACT_SAVE},
	{KEY_F(3), true, ACT_FILTER},      {CTRL('F'), false, ACT_FILTER},
	{KEY_F(5), true, ACT_HISTORY},     {CTRL('R'), false, ACT_HISTORY},
	{KEY_F(8), true, ACT_VOID},        {CTRL('D'), false, ACT_VOID},
	{KEY_F(10), true, ACT_BACK},       {27, false, ACT_BACK},   {CTRL('X'), false, ACT_BACK},
	{CTRL('L'), false, ACT_REDRAW},    {KEY_RESIZE, true, ACT_RESIZE},
	{'\t', false, ACT_NEXT},           {KEY_BTAB, true, ACT_PREV},
	{'\r', false, ACT_ENTER},          {'\n', false, ACT_ENTER}, {KEY_ENTER, true, ACT_ENTER},
	{KEY_UP, true, ACT_UP},            {KEY_DOWN, true, ACT_DOWN},
	{CTRL('P'), false, ACT_UP},        {CTRL('N'), false, ACT_DOWN},
	{KEY_LEFT, true, ACT_LEFT},        {KEY_RIGHT, true, ACT_RIGHT},
	{CTRL('B'), false, ACT_LEFT},
	{KEY_HOME, true, ACT_HOME},        {KEY_FIND, true, ACT_HOME},  {CTRL('A'), false, ACT_HOME},
	{KEY_END, true, ACT_END},          {KEY_SELECT, true, ACT_END}, {CTRL('E'), false, ACT_END},
	{KEY_LL, true, ACT_END},
	{KEY_PPAGE, true, ACT_PGUP},       {KEY_NPAGE, true, ACT_PGDN},
	{KEY_BACKSPACE, true, ACT_BACKSPACE}, {127, false, ACT_BACKSPACE}, {8, false, ACT_BACKSPACE},
	{KEY_DC, true, ACT_DELETE},
	{CTRL('U'), false, ACT_KILL_LINE}, {CTRL('K'), false, ACT_KILL_TO_END},
};

/* Bracketed paste (xterm, PuTTY >= 0.71, tmux): with mode 2004 on, the
 * terminal wraps pasted text in ESC[200~ ... ESC[201~, so a paste is read
 * as text and its line breaks and digits never act as Enter or picks. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
#define PASTE_MAX 1024

static void bracketed_paste(bool on)
{
	const char *cap = tigetstr(on ? "BE" : "BD");
	if (!cap || cap == (char *)-1)
		cap = on ? "\033[?2004h" : "\033[?2004l";
	putp(cap);
	fflush(stdout);
}

/* The text after ESC[200~ up to ESC[201~ (or a silence of 2 s: a lost end
 * marker must not swallow the next keys for ever). CR, LF, CRLF and tab
 * become one space; other control characters and keys are dropped; spaces
 * at either end are trimmed. */
static int read_paste(wchar_t *out, int cap)
{
	int n = 0;
	bool over = false, cr = false;
	timeout(2000);
	for (;;) {
		wint_t c;
		int rc = get_wch(&c);
		if (rc == ERR || (rc == KEY_CODE_YES && c == KEY_PASTE_END))
			break;
		if (rc == KEY_CODE_YES || (rc == OK && c == 27))
			continue;
		if (c == '\n' && cr) {
			cr = false;
			continue;
		}
		cr = c == '\r';
		if (c == '\r' || c == '\n' || c == '\t')
			c = ' ';
		else if (c < 0x20 || c == 0x7f)
			continue;
		if (n < cap)
			out[n++] = (wchar_t)c;
		else
			over = true;
	}
	timeout(-1);
	int from = 0;
	while (from < n && out[from] == L' ')
		from++;
	while (n > from && out[n - 1] == L' ')
		n--;
	memmove(out, out + from, (size_t)(n - from) * sizeof *out);
	return over ? -1 : n - from;
}

static char term_notice[256];
static SCREEN *screen;

/* Can this terminfo entry drive a full screen (known, cursor addressing)? */
static bool term_usable(const char *name)
{
	int err = 0;
	if (!name || !*name || setupterm(name, fileno(stdout), &err) != OK)
		return false;
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (char *)-1;
	del_curterm(cur_term);
	return ok;
}

/* $TERM, or a safe entry when ncurses does not know it (an unusual name,
 * putty without ncurses-term installed): xterm, else vt100. */
static const char *choose_term(void)
{
	const char *term = getenv("TERM");
	if (term_usable(term))
		return NULL;
	static const char *const safe[] = {"xterm", "vt100"};
	for (size_t i = 0; i < sizeof safe / sizeof *safe; i++) {
		if (term_usable(safe[i])) {
			snprintf(term_notice, sizeof term_notice,
			         "终端类型 TERM=%s 无法使用，已改用 %s (可安装 ncurses-term，或在终端软件中设为 xterm)",
			         term && *term ? term : "(未设置)", safe[i]);
			return safe[i];
		}
	}
	return "";
}

const char *ui_term_notice(void)
{
	return term_notice[0] ? term_notice : NULL;
}

bool ui_start(void)
{
	/* A short Esc delay unless the user chose one ($ESCDELAY). */
	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	const char *term = choose_term();
	if (term && !*term) {
		err_printf("nongjian: 终端类型 TERM=%s 无法使用，也找不到 xterm 或 vt100 的终端描述。"
		                "请安装 ncurses-base 和 ncurses-term，或设置 TERM=xterm。\n",
		        getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	/* A GBK/GB18030 terminal: the screens run in the user's own locale,
	 * so ncursesw turns the wide characters we draw into GBK and what is
	 * typed back into wide characters (our text stays UTF-8; display
	 * widths then come from that locale, as the terminal draws them). */
	if (termcode_charset() && (termcode_locale_missing() || !setlocale(LC_CTYPE, ""))) {
		/* Said in the terminal's set and in UTF-8: one of the two is
		 * readable whatever the terminal is really set to. */
		char msg[768];
		snprintf(msg, sizeof msg,
		         "nongjian: 终端字符集为 %s，但本机没有这个区域设置 (%s)，无法显示全屏界面。\n"
		         "  请把终端设为 UTF-8 (PuTTY: 窗口 → 转换 → 远程字符集 UTF-8；Xshell: 会话属性 → 终端 →"
		         " 编码 Unicode (UTF-8))，并设置 LANG=zh_CN.UTF-8 或 C.UTF-8；\n"
		         "  或请管理员生成它: localedef -i zh_CN -f %s zh_CN.%s\n",
		         termcode_charset(), getenv("LC_ALL") && *getenv("LC_ALL") ? getenv("LC_ALL")
		         : getenv("LANG") ? getenv("LANG") : "", termcode_charset(), termcode_charset());
		err_puts(msg);
		fputs(msg, stderr);
		return false;
	}
	screen = newterm(term, stdout, stdin);
	if (!screen) {
		err_printf("nongjian: 无法初始化终端 (TERM=%s)。请设置 TERM=xterm 后重试。\n",
		        getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	set_term(screen);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* F-keys, Home/End, PgUp/PgDn as PuTTY (all its modes), Xshell,
	 * rxvt and the console send them, whatever $TERM's entry says. */
	ui_keys_define();
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	bracketed_paste(true);
	/* A dropped SSH link (SIGHUP) or a shutdown (SIGTERM) interrupts the
	 * read (no SA_RESTART); the screens then save what is being typed as a
	 * draft and leave cleanly. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	colour = has_colors() && start_color() == OK;
	if (colour) {
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);   /* bars */
		init_pair(2, COLOR_YELLOW, COLOR_BLUE);  /* key names */
		init_pair(3, COLOR_RED, -1);             /* errors, 不合格 */
		init_pair(4, COLOR_GREEN, -1);           /* ok */
		init_pair(5, COLOR_YELLOW, -1);          /* warnings */
		init_pair(6, COLOR_BLACK, COLOR_CYAN);   /* active field, selection */
	}
	attrs[ROLE_NORMAL] = A_NORMAL;
	attrs[ROLE_TITLE] = colour ? (int)(COLOR_PAIR(1) | A_BOLD) : A_REVERSE;
	attrs[ROLE_KEY] = colour ? (int)(COLOR_PAIR(2) | A_BOLD) : A_BOLD;
	attrs[ROLE_KEYLABEL] = colour ? (int)COLOR_PAIR(1) : A_REVERSE;
	attrs[ROLE_FIELD] = A_UNDERLINE;
	attrs[ROLE_FIELD_ACTIVE] = colour ? (int)COLOR_PAIR(6) : A_REVERSE;
	attrs[ROLE_FIELD_OFF] = A_DIM;
	attrs[ROLE_ERROR] = colour ? (int)(COLOR_PAIR(3) | A_BOLD) : A_BOLD;
	attrs[ROLE_OK] = colour ? (int)COLOR_PAIR(4) : A_NORMAL;
	attrs[ROLE_WARN] = colour ? (int)(COLOR_PAIR(5) | A_BOLD) : A_BOLD;
	attrs[ROLE_FAIL] = colour ? (int)(COLOR_PAIR(3) | A_BOLD) : A_BOLD;
	attrs[ROLE_SELECTED] = colour ? (int)COLOR_PAIR(6) : A_REVERSE;
	attrs[ROLE_DIM] = A_DIM;
	return true;
}

void ui_stop(void)
{
	if (screen)
		bracketed_paste(false);
	endwin();
	if (screen)
		delscreen(screen);
	screen = NULL;
	/* The notice stays where the user can read it after leaving. */
	if (termcode_charset())
		setlocale(LC_CTYPE, "C.UTF-8");
	if (term_notice[0])
		err_printf("nongjian: %s\n", term_notice);
}

bool ui_has_colour(void)
{
	return colour;
}

int ui_attr(ui_role r)
{
	return attrs[r];
}

/* An escape sequence ncurses did not decode arrives as Esc and then its
 * characters (already waiting, or within the Esc delay): read them and
 * decode them with the key table. Returns a key code, 0 for a lone Esc,
 * -1 for a sequence the table does not know (dropped whole, so an unknown
 * key never types "3~" into a field). */
static int read_escape(void)
{
	char seq[16] = "\033";
	size_t n = 1;
	timeout(get_escdelay() > 0 ? get_escdelay() : 50);
	for (;;) {
		wint_t c;
		int rc = get_wch(&c);
		if (rc == ERR)
			break;
		bool plain = rc == OK && c >= 0x20 && c <= 0x7e;
		if (!plain || (n == 1 && c != '[' && c != 'O')) {
			/* Not part of a sequence (Esc then a letter): keep it. */
			if (rc == KEY_CODE_YES)
				ungetch((int)c);
			else
				unget_wch((wchar_t)c);
			break;
		}
		seq[n++] = (char)c;
		seq[n] = '\0';
		if (ui_keys_complete(seq) || n + 1 >= sizeof seq)
			break;
	}
	timeout(-1);
	if (n == 1)
		return 0;
	if (strcmp(seq, "\033[200~") == 0)
		return KEY_PASTE_BEGIN;
	int code = ui_keys_lookup(seq);
	return code ? code : -1;
}

static bool too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

bool ui_cursor_key(int *cur, int n, int page, ui_action act)
{
	switch (act) {
	case ACT_UP: if (*cur > 0) (*cur)--; return true;
	case ACT_DOWN: if (*cur + 1 < n) (*cur)++; return true;
	case ACT_PGUP: *cur = *cur > page ? *cur - page : 0; return true;
	case ACT_PGDN: *cur = *cur + page < n ? *cur + page : (n ? n - 1 : 0); return true;
	default: return false;
	}
}

void ui_scroll_to(int *top, int cur, int rows)
{
	if (cur < *top)
		*top = cur;
	if (cur >= *top + rows)
		*top = cur - rows + 1;
}

int ui_edit_key(lineedit *ed, ui_action act)
{
	static const struct {
		ui_action act;
		le_op op;
		bool changes; /* the text, not only the cursor */
	} keys[] = {
		{ACT_LEFT, LE_LEFT, false},           {ACT_RIGHT, LE_RIGHT, false},
		{ACT_HOME, LE_HOME, false},           {ACT_END, LE_END, false},
		{ACT_BACKSPACE, LE_BACKSPACE, true},  {ACT_DELETE, LE_DELETE, true},
		{ACT_KILL_LINE, LE_KILL_LINE, true},  {ACT_KILL_TO_END, LE_KILL_TO_END, true},
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (keys[i].act == act)
			return le_apply(ed, keys[i].op) == LE_OK && keys[i].changes;
	return -1;
}

const char *ui_edit_insert(lineedit *ed, ui_key k)
{
	if (k.act == ACT_CHAR)
		return le_insert(ed, k.ch) == LE_OK ? "" : "输入过长或含有不可显示的字符";
	if (k.act == ACT_PASTE)
		return k.len >= 0 && le_insert_run(ed, k.text, (size_t)k.len) == LE_OK
		           ? ""
		           : "粘贴的内容过长或含有不可显示的字符，未粘贴";
	return NULL;
}

ui_key ui_read_key(void)
{
	static int errors;
	ui_key k = {ACT_NONE, 0, NULL, 0};
	wint_t ch;
	bool was_small = false;
	for (;;) {
		if (stop_signal) {
			k.act = ACT_LOST;
			return k;
		}
		int rc = get_wch(&ch);
		if (stop_signal) {
			k.act = ACT_LOST;
			return k;
		}
		if (rc == ERR) {
			/* Blocking input only fails like this when the terminal is
			 * gone (the SSH link dropped): do not spin on it. */
			if (++errors >= 20)
				k.act = ACT_LOST;
			return k;
		}
		errors = 0;
		if (rc == OK && ch == 27) {
			int code = read_escape();
			if (code > 0) {
				rc = KEY_CODE_YES;
				ch = (wint_t)code;
			} else if (code < 0) {
				continue;
			}
		}
		/* While the terminal is too small the screen shows only the
		 * 终端太小 notice: a key typed then must not reach what is hidden.
		 * Once it is big enough again the screen redraws (ACT_RESIZE). */
		if (too_small()) {
			was_small = true;
			ui_size_ok();
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_PASTE_BEGIN) {
			static wchar_t pasted[PASTE_MAX];
			k.act = ACT_PASTE;
			k.text = pasted;
			k.len = read_paste(pasted, PASTE_MAX);
			return k;
		}
		if (was_small) {
			k.act = ACT_RESIZE;
			return k;
		}
		for (size_t i = 0; i < sizeof key_table / sizeof *key_table; i++) {
			if (key_table[i].key == (int)ch && key_table[i].fn == (rc == KEY_CODE_YES)) {
				k.act = key_table[i].act;
				return k;
			}
		}
		if (rc == OK && ch >= 0x20 && ch != 0x7f) {
			k.act = ACT_CHAR;
			k.ch = (wchar_t)ch;
		}
		return k;
	}
}

int ui_put(int y, int x, int maxcols, ui_role r, const char *text)
{
	char clean[1024];
	if (maxcols <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + maxcols > COLS)
		maxcols = COLS - x;
	int cols = text_for_display(text ? text : "", maxcols, clean, sizeof clean);
	/* Wide characters: ncursesw writes them in the terminal's own set
	 * (UTF-8, or GBK in a zh_CN.GBK locale). */
	wchar_t wide[1024];
	if (text_to_wcs(clean, wide, sizeof wide / sizeof *wide) < 0)
		wide[0] = L'\0';
	attrset(attrs[r]);
	mvaddwstr(y, x, wide);
	attrset(A_NORMAL);
	return cols;
}

void ui_put_padded(int y, int x, int maxcols, ui_role r, const char *text)
{
	int used = ui_put(y, x, maxcols, r, text);
	if (x + maxcols > COLS)
		maxcols = COLS - x;
	attrset(attrs[r]);
	for (int i = used; i < maxcols; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

void ui_put_field(int y, int x, int width, const char *text)
{
	int used = ui_put(y, x, width, ROLE_NORMAL, text);
	if (x + width > COLS)
		width = COLS - x;
	for (int i = used; i < width; i++)
		mvaddch(y, x + i, '_');
}

void ui_fill_row(int y, int x, ui_role r)
{
	ui_put_padded(y, x, COLS - x, r, "");
}

bool ui_size_ok(void)
{
	if (COLS >= UI_MIN_COLS && LINES >= UI_MIN_LINES)
		return true;
	erase();
	char msg[128];
	snprintf(msg, sizeof msg, "终端太小: 需要至少 %dx%d，现在 %dx%d", UI_MIN_COLS, UI_MIN_LINES,
	         COLS, LINES);
	ui_put(0, 0, COLS, ROLE_ERROR, msg);
	if (LINES > 1)
		ui_put(1, 0, COLS, ROLE_NORMAL, "请放大窗口");
	curs_set(0);
	refresh();
	return false;
}

void ui_keybar(const char *const *pairs)
{
	int y = LINES - 1, x = 0;
	move(y, 0);
	for (int i = 0; pairs[i] && pairs[i + 1] && x < COLS; i += 2) {
		x += ui_put(y, x, COLS - x, ROLE_KEY, pairs[i]);
		x += ui_put(y, x, COLS - x, ROLE_KEYLABEL, pairs[i + 1]);
		if (x < COLS)
			x += ui_put(y, x, 1, ROLE_KEYLABEL, " ");
	}
	if (x < COLS)
		ui_fill_row(y, x, ROLE_KEYLABEL);
}

void ui_titlebar(const char *left, const char *right)
{
	ui_fill_row(0, 0, ROLE_TITLE);
	ui_put(0, 1, COLS - 2, ROLE_TITLE, left);
	int rc = text_cols(right);
	if (rc < COLS - 2 - text_cols(left) - 2)
		ui_put(0, COLS - rc - 1, rc, ROLE_TITLE, right);
}

bool ui_screen_begin(const char *district, const char *what, const char *right)
{
	if (!ui_size_ok())
		return false;
	erase();
	char title[512];
	snprintf(title, sizeof title, "农检 · %s · %s", district, what);
	ui_titlebar(title, right);
	return true;
}

void ui_force_repaint(void)
{
	clearok(curscr, TRUE);
}
