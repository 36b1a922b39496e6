#include "base/lineedit.h"

#include <string.h>

#include "base/text.h"

static int cols_of(const wchar_t *w, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n; i++) {
		int cw = wcwidth(w[i]);
		cols += cw > 0 ? cw : 1;
	}
	return cols;
}

void le_init(lineedit *e, int maxcols)
{
	memset(e, 0, sizeof *e);
	e->maxcols = maxcols > 0 ? maxcols : 1;
}

le_result le_set(lineedit *e, const char *utf8)
{
	wchar_t tmp[LE_MAX_CHARS + 1];
	int n = text_to_wcs(utf8 ? utf8 : "", tmp, LE_MAX_CHARS + 1);
	e->len = e->cur = 0;
	e->buf[0] = L'\0';
	if (n < 0) /* invalid UTF-8 (or a bad char) is bad text, else too long */
		return text_check(utf8 ? utf8 : "") ? LE_BADCHAR : LE_FULL;
	for (int i = 0; i < n; i++)
		if (!text_char_ok(tmp[i]))
			return LE_BADCHAR;
	if (cols_of(tmp, (size_t)n) > e->maxcols)
		return LE_FULL;
	memcpy(e->buf, tmp, ((size_t)n + 1) * sizeof(wchar_t));
	e->len = e->cur = (size_t)n;
	return LE_OK;
}

le_result le_insert(lineedit *e, wchar_t c)
{
	if (!text_char_ok(c))
		return LE_BADCHAR;
	if (e->len >= LE_MAX_CHARS || le_cols(e) + wcwidth(c) > e->maxcols)
		return LE_FULL;
	memmove(e->buf + e->cur + 1, e->buf + e->cur,
	        (e->len - e->cur + 1) * sizeof(wchar_t));
	e->buf[e->cur++] = c;
	e->len++;
	return LE_OK;
}

le_result le_insert_run(lineedit *e, const wchar_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!text_char_ok(w[i]))
			return LE_BADCHAR;
	if (e->len + n > LE_MAX_CHARS || le_cols(e) + cols_of(w, n) > e->maxcols)
		return LE_FULL;
	memmove(e->buf + e->cur + n, e->buf + e->cur, (e->len - e->cur + 1) * sizeof(wchar_t));
	memcpy(e->buf + e->cur, w, n * sizeof(wchar_t));
	e->cur += n;
	e->len += n;
	return LE_OK;
}

static void delete_at(lineedit *e, size_t at)
{
	memmove(e->buf + at, e->buf + at + 1, (e->len - at) * sizeof(wchar_t));
	e->len--;
}

le_result le_apply(lineedit *e, le_op op)
{
	switch (op) {
	case LE_LEFT:
		if (e->cur == 0)
			return LE_NOOP;
		e->cur--;
		return LE_OK;
	case LE_RIGHT:
		if (e->cur == e->len)
			return LE_NOOP;
		e->cur++;
		return LE_OK;
	case LE_HOME:
		if (e->cur == 0)
			return LE_NOOP;
		e->cur = 0;
		return LE_OK;
	case LE_END:
		if (e->cur == e->len)
			return LE_NOOP;
		e->cur = e->len;
		return LE_OK;
	case LE_BACKSPACE:
		if (e->cur == 0)
			return LE_NOOP;
		delete_at(e, --e->cur);
		return LE_OK;
	case LE_DELETE:
		if (e->cur == e->len)
			return LE_NOOP;
		delete_at(e, e->cur);
		return LE_OK;
	case LE_KILL_LINE:
		if (e->len == 0)
			return LE_NOOP;
		e->len = e->cur = 0;
		e->buf[0] = L'\0';
		return LE_OK;
	case LE_KILL_TO_END:
		if (e->cur == e->len)
			return LE_NOOP;
		e->len = e->cur;
		e->buf[e->len] = L'\0';
		return LE_OK;
	}
	return LE_NOOP;
}

int le_cols(const lineedit *e)
{
	return cols_of(e->buf, e->len);
}

int le_cursor_col(const lineedit *e)
{
	return cols_of(e->buf, e->cur);
}

int le_get(const lineedit *e, char *out, size_t cap)
{
	return text_from_wcs(e->buf, e->len, out, cap);
}

/* Columns of characters [a, b). */
static int span(const lineedit *e, size_t a, size_t b)
{
	return cols_of(e->buf + a, b - a);
}

/* With view v: does the cursor's cell fit inside the box, between the
 * markers? */
static bool cursor_fits(const lineedit *e, size_t v, int boxcols)
{
	int l = v > 0, r = l + span(e, v, e->len) + 1 > boxcols;
	int cw = e->cur < e->len ? (wcwidth(e->buf[e->cur]) > 0 ? wcwidth(e->buf[e->cur]) : 1) : 1;
	return l + span(e, v, e->cur) + cw <= boxcols - r;
}

void le_window(lineedit *e, int boxcols, size_t *from, size_t *to, bool *left, bool *right,
               int *cursor_col)
{
	if (boxcols < 4 || le_cols(e) <= boxcols) {
		e->view = 0;
		*from = 0;
		*to = e->len;
		*left = *right = false;
		*cursor_col = le_cursor_col(e);
		return;
	}
	size_t v = e->view < e->cur ? e->view : e->cur;
	/* Back to the left while the rest still fills the box, */
	while (v > 0 && (v - 1 > 0) + span(e, v - 1, e->len) + 1 <= boxcols)
		v--;
	/* then right until the cursor is inside. */
	while (v < e->cur && !cursor_fits(e, v, boxcols))
		v++;
	e->view = v;
	*left = v > 0;
	int l = *left, r = l + span(e, v, e->len) + 1 > boxcols;
	size_t t = v;
	while (t < e->len && l + span(e, v, t + 1) <= boxcols - r)
		t++;
	*from = v;
	*to = t;
	*right = t < e->len;
	*cursor_col = l + span(e, v, e->cur);
}

int le_get_range(const lineedit *e, size_t from, size_t to, char *out, size_t cap)
{
	if (from > to || to > e->len)
		return -1;
	return text_from_wcs(e->buf + from, to - from, out, cap);
}
