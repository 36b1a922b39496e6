#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

void sb_addn(sbuf *b, const char *s, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }

void sb_addf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b->s = xgrow(b->s, &b->cap, b->n + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

void sb_insert(sbuf *b, size_t at, const char *s)
{
	size_t n = strlen(s);
	b->s = xgrow(b->s, &b->cap, b->n + n + 1, 1);
	if (b->n == 0)
		b->s[0] = '\0';
	memmove(b->s + at + n, b->s + at, b->n - at + 1);
	memcpy(b->s + at, s, n);
	b->n += n;
}

char *sb_take(sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	memset(b, 0, sizeof *b);
	return s;
}
