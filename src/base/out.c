#include "base/out.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/termcode.h"
#include "base/text.h"

/* Length of the valid UTF-8 sequence at s (n bytes left) and its code
 * point; 0 when the bytes are not one. */
static size_t utf8_one(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2; c = s[0] & 0x1Fu; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; c = s[0] & 0x0Fu; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; c = s[0] & 0x07u; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int out_write_safe(FILE *fp, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0; /* bytes [i - run, i) are safe, not yet written */
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_one(p + i, n - i, &cp);
		bool ok = len > 0 && (cp == '\n' || cp == '\t' || text_char_ok((wchar_t)cp));
		if (ok) {
			i += len;
			run += len;
			continue;
		}
		if (run && termcode_write(fp, (const char *)p + i - run, run) == EOF)
			return EOF;
		run = 0;
		if (fputc('?', fp) == EOF)
			return EOF;
		i += len ? len : 1;
	}
	if (run && termcode_write(fp, (const char *)p + i - run, run) == EOF)
		return EOF;
	return 0;
}

int out_vfprintf(FILE *fp, const char *fmt, va_list ap)
{
	char small[1024];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(again);
		return n;
	}
	char *buf = small;
	if ((size_t)n >= sizeof small) {
		buf = malloc((size_t)n + 1);
		if (!buf) {
			va_end(again);
			return -1;
		}
		vsnprintf(buf, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	int rc = out_write_safe(fp, buf, (size_t)n);
	if (buf != small)
		free(buf);
	return rc == EOF ? -1 : n;
}

int out_fprintf(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = out_vfprintf(fp, fmt, ap);
	va_end(ap);
	return n;
}

void out_puts(const char *s)
{
	out_write_safe(stdout, s, strlen(s));
}

void err_puts(const char *s)
{
	out_write_safe(stderr, s, strlen(s));
}

void err_clear_line(void)
{
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
}
