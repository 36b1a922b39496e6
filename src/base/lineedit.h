/* A one-line text editor over a wchar_t buffer, measured in display
 * columns. Pure functions: no curses, unit-tested without a terminal.
 *
 * The field has a fixed capacity in display columns (maxcols). Input that
 * would not fit is refused (LE_FULL), never truncated, so a double-width
 * character is never split at the edge of the field. */
#ifndef NJ_LINEEDIT_H
#define NJ_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#define LE_MAX_CHARS 256

typedef struct {
	wchar_t buf[LE_MAX_CHARS + 1];
	size_t len;    /* characters in buf */
	size_t cur;    /* cursor: index of the character it sits before */
	int maxcols;   /* capacity in display columns */
	size_t view;   /* first character shown when the text scrolls in its box */
} lineedit;

typedef enum {
	LE_OK = 0,
	LE_FULL,      /* refused: would not fit in the field */
	LE_BADCHAR,   /* refused: control/unprintable/format character */
	LE_NOOP,      /* nothing to do (e.g. Backspace at the start) */
} le_result;

typedef enum {
	LE_LEFT, LE_RIGHT, LE_HOME, LE_END,
	LE_BACKSPACE, LE_DELETE, LE_KILL_LINE, LE_KILL_TO_END,
} le_op;

void le_init(lineedit *e, int maxcols);
/* Replace the contents with UTF-8 text; cursor at the end. Returns LE_OK,
 * LE_FULL when the text is wider than the field, LE_BADCHAR on bad text
 * (the editor is then left empty). */
le_result le_set(lineedit *e, const char *utf8);
le_result le_insert(lineedit *e, wchar_t c);
/* Insert n characters at the cursor (a paste): all of them or, when one is
 * refused or the whole run would not fit, none (LE_BADCHAR / LE_FULL). */
le_result le_insert_run(lineedit *e, const wchar_t *w, size_t n);
le_result le_apply(lineedit *e, le_op op);

int le_cols(const lineedit *e);         /* display columns of the text */
int le_cursor_col(const lineedit *e);   /* display column of the cursor */
/* The part of the text a box of boxcols columns shows (a field may hold
 * more than its box: 受检主体 60 columns in a 40-column box). Text that
 * fits is shown whole from column 0 as before. Longer text scrolls so the
 * cursor stays inside the box; a column at an edge then shows that text
 * is hidden there (*left / *right: the screen draws < or >). Characters
 * [*from, *to) are shown starting at column *left; the cursor is at box
 * column *cursor_col. Remembers the scroll in e->view. */
void le_window(lineedit *e, int boxcols, size_t *from, size_t *to, bool *left, bool *right,
               int *cursor_col);
/* Characters [from, to) as UTF-8 into out; returns bytes, -1 if too small. */
int le_get_range(const lineedit *e, size_t from, size_t to, char *out, size_t cap);
/* Current text as UTF-8 into out; returns bytes, -1 if cap too small. */
int le_get(const lineedit *e, char *out, size_t cap);

#endif
