/* The terminal's character set, converted at the boundary. Our text is
 * UTF-8 everywhere (database, files, memory); a Chinese office's PuTTY or
 * Xshell may be set to GBK or GB18030 with LANG=zh_CN.GBK. Then what the
 * command line prints is converted to that set on output, its arguments
 * from it on input, and the screens let ncursesw convert (they draw wide
 * characters in the user's locale). A character the set cannot show is
 * written as '?'. No curses. */
#ifndef NJ_TERMCODE_H
#define NJ_TERMCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Read the character set of the user's locale (LC_ALL / LC_CTYPE / LANG).
 * Call before text_use_utf8_locale(). */
void termcode_detect(void);
/* "GBK", "GB18030", ... or NULL when the terminal speaks UTF-8 (or plain
 * ASCII, which UTF-8 output suits as well). */
const char *termcode_charset(void);
/* The locale names a GBK/GB18030 set but is not installed on this system
 * (so the screens cannot convert; the command line still does). */
bool termcode_locale_missing(void);
/* A copy of s (in the terminal's set) as UTF-8; NULL when s is not valid
 * in that set. The caller frees it. */
char *termcode_to_utf8(const char *s);
/* Write n bytes of UTF-8 to fp in the terminal's set. 0 or EOF. */
int termcode_write(FILE *fp, const char *s, size_t n);

#endif
