/* UTF-8 / wide-character helpers shared by the domain and the screens.
 * No curses here. Display widths come from wcwidth(), so the caller must
 * have set a UTF-8 LC_CTYPE (main() does setlocale(LC_ALL, "")). */
#ifndef NJ_TEXT_H
#define NJ_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/* setlocale(LC_ALL, "") and, when that gives no UTF-8 character type
 * (cron, a bare ssh session), C.UTF-8 for LC_CTYPE: display widths and
 * the checks on text need one. Every program calls this first. */
void text_use_utf8_locale(void);
/* Decode one UTF-8 sequence (no overlong forms, no surrogates): its
 * length, or 0 when invalid. */
int text_utf8_decode(const unsigned char *s, uint32_t *cp);

/* Decode UTF-8 into out (cap wide chars including the terminator).
 * Returns the number of wide chars, or -1 on invalid UTF-8 or overflow. */
int text_to_wcs(const char *s, wchar_t *out, size_t cap);

/* Encode n wide chars as UTF-8 into out (cap bytes including the NUL).
 * Returns bytes written, or -1 if it does not fit. */
int text_from_wcs(const wchar_t *w, size_t n, char *out, size_t cap);

/* Is this character allowed in stored text? Refuses C0/C1 controls, DEL,
 * bidi overrides/isolates and other invisible format characters, and
 * anything without a display width of 1 or 2. */
bool text_char_ok(wchar_t c);

/* Check a UTF-8 string for storage: valid UTF-8 and every char ok.
 * Returns NULL when fine, else a short Chinese reason (static string). */
const char *text_check(const char *s);
/* A reason a job must be given: false with err = missing when it is
 * NULL or empty, or what followed by text_check's complaint. */
bool text_reason_ok(const char *reason, const char *missing, const char *what, char *err, size_t errlen);

/* Display columns of a UTF-8 string (invalid/unprintable chars count 1). */
int text_cols(const char *s);

/* Copy s into out (cap bytes) for display: invalid bytes and unsafe chars
 * become '?', and the result is cut to at most maxcols display columns
 * without splitting a double-width character. Returns columns used. */
int text_for_display(const char *s, int maxcols, char *out, size_t cap);

/* Bytes of the longest prefix of s that fits in maxcols display columns
 * without splitting a character (at least one character if s is not
 * empty, so that a caller cutting lines always advances). */
size_t text_cut(const char *s, int maxcols);

/* s padded with spaces (or cut) to exactly width display columns, on the
 * left (right-aligned) or right; sanitised like text_for_display. */
void text_pad(const char *s, int width, bool right_align, char *out, size_t cap);

/* Copy src into dst (cap bytes), cut at a character boundary if it does
 * not fit; a cheap snprintf(dst, cap, "%s", src) for per-row paths. */
void text_copy(char *dst, size_t cap, const char *src);

/* Strip leading/trailing ASCII spaces and full-width spaces in place. */
char *text_trim(char *s);

/* The index of the first of n elements (each size bytes, from rows) whose
 * char * at offset is key, a NULL one never; -1 when none is.
 * TEXT_INDEX(c->banned, c->nbanned, name, "甲胺磷") names the member,
 * TEXT_LIST_INDEX(cols, ncols, "id") searches an array of char *. */
int text_index(const void *rows, int n, size_t size, size_t offset, const char *key);
#define TEXT_INDEX(rows, n, member, key) \
	text_index((rows), (n), sizeof *(rows), offsetof(__typeof__(*(rows)), member), (key))
#define TEXT_LIST_INDEX(list, n, key) text_index((list), (n), sizeof *(list), 0, (key))

/* free() each of n pointers, in order; FREE_ALL(l->item, l->unit) names
 * them in place (the owned strings of a struct). */
void free_all(void *const *p, size_t n);
#define FREE_ALL(...) \
	free_all((void *const[]){__VA_ARGS__}, sizeof (void *const[]){__VA_ARGS__} / sizeof(void *))

/* strdup that aborts on out-of-memory (the only sane reaction here). */
char *xstrdup(const char *s);
void *xcalloc(size_t n, size_t size);
/* A copy of the n bytes at p on the heap; XNEW(T, .a = x, .b = y) is a new
 * T with those members (the rest zero, as in a designated initializer):
 * a constructor's allocation and filling in one expression. */
void *xmemdup(const void *p, size_t n);
#define XNEW(T, ...) ((T *)xmemdup(&(T){__VA_ARGS__}, sizeof(T)))
void *xrealloc(void *p, size_t size);
/* realloc of n elements, refusing an n * size that overflows. */
void *xreallocarray(void *p, size_t n, size_t size);
/* An array p of *cap elements grown geometrically (doubling) to hold at
 * least need; *cap updated. Returns the (maybe moved) array. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

#endif
