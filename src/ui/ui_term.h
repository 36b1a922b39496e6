/* Terminal set-up, keys, colours and safe drawing for every screen.
 * Screens draw only through ui_put(): text from the database is cleaned of
 * control characters and cut at a display column, never split mid-glyph,
 * and never used as a format string. */
#ifndef NJ_UI_TERM_H
#define NJ_UI_TERM_H

#include <stdbool.h>

#include "base/lineedit.h"
#include <wchar.h>

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

typedef enum {
	ROLE_NORMAL, ROLE_TITLE, ROLE_KEY, ROLE_KEYLABEL, ROLE_FIELD, ROLE_FIELD_ACTIVE,
	ROLE_FIELD_OFF, ROLE_ERROR, ROLE_OK, ROLE_WARN, ROLE_FAIL, ROLE_SELECTED, ROLE_DIM,
	ROLE_COUNT
} ui_role;

typedef enum {
	ACT_NONE, ACT_CHAR, ACT_SAVE, ACT_BACK, ACT_HELP, ACT_FILTER, ACT_HISTORY, ACT_VOID,
	ACT_REDRAW, ACT_RESIZE, ACT_NEXT, ACT_PREV, ACT_ENTER, ACT_UP, ACT_DOWN, ACT_LEFT,
	ACT_RIGHT, ACT_HOME, ACT_END, ACT_PGUP, ACT_PGDN, ACT_BACKSPACE, ACT_DELETE,
	ACT_KILL_LINE, ACT_KILL_TO_END, ACT_LOST, /* the terminal has gone away */
	ACT_PASTE,       /* pasted text (ui_key.text): text, never keys */
} ui_action;

/* The line-editing keys (arrows, Home/End, Backspace, Delete, ^U, ^K)
 * applied to ed: -1 not one of them, 0 done without changing the text,
 * 1 the text changed. Every screen with a text field shares it. */
int ui_edit_key(lineedit *ed, ui_action act);

/* The list-moving keys (Up, Down, PgUp, PgDn by page rows) applied to a
 * cursor over n rows; false when act is not one of them. Every list
 * screen shares it. */
bool ui_cursor_key(int *cur, int n, int page, ui_action act);
/* The first row shown (*top) moved so that row cur is among the rows
 * shown. */
void ui_scroll_to(int *top, int cur, int rows);

typedef struct {
	ui_action act;
	wchar_t ch;      /* for ACT_CHAR */
	/* For ACT_PASTE (a bracketed paste): the pasted text with line breaks
	 * and tabs turned into spaces and other control characters dropped;
	 * valid until the next read. len < 0: too long to take. */
	const wchar_t *text;
	int len;
} ui_key;

/* A typed character or a paste (text, whole) inserted into ed: NULL when
 * k is neither, "" when inserted, else the message saying why not. */
const char *ui_edit_insert(lineedit *ed, ui_key k);

/* Start the screen. An unknown $TERM falls back to xterm or vt100 (see
 * ui_term_notice); false, with a message on stderr, when no terminal
 * description can be used at all. */
bool ui_start(void);
/* The one-line notice about a replaced $TERM, or NULL. */
const char *ui_term_notice(void);
void ui_stop(void);
bool ui_has_colour(void);
int ui_attr(ui_role r);

/* Read one key, mapped through the key table (F-keys and their Ctrl
 * alternatives, PuTTY/rxvt Home/End, the three Backspaces). */
ui_key ui_read_key(void);

/* Draw UTF-8 text at (y, x) in at most maxcols columns with role r,
 * sanitised. Returns columns drawn. */
int ui_put(int y, int x, int maxcols, ui_role r, const char *text);
/* The same, padded with spaces to exactly maxcols columns. */
void ui_put_padded(int y, int x, int maxcols, ui_role r, const char *text);
/* An input field: the text, then '_' up to width. Plain characters, no
 * attributes: a typed character then costs the terminal one cell, which
 * keeps typing within 16 bytes a key over a slow link, on any terminal. */
void ui_put_field(int y, int x, int width, const char *text);
/* Fill a row from x to the right edge with spaces in role r. */
void ui_fill_row(int y, int x, ui_role r);

/* Is the terminal big enough? If not, draws the 终端太小 notice. */
bool ui_size_ok(void);
/* The bottom key bar: pairs of key name and action label, NULL-ended. */
void ui_keybar(const char *const *pairs);
/* The title bar: left and right text. */
void ui_titlebar(const char *left, const char *right);
/* A screen's first row: false (the terminal too small, ui_size_ok says
 * so) or the screen erased under the title bar "农检 · district · what"
 * with right. */
bool ui_screen_begin(const char *district, const char *what, const char *right);
/* Full repaint on the next refresh (Ctrl-L). */
void ui_force_repaint(void);

#endif
