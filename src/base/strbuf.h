/* A growing string: the statements the PostgreSQL schema and statement
 * translator build a piece at a time. Always NUL-terminated once
 * something is added; out of memory aborts (xgrow). Zero-initialise. */
#ifndef NJ_STRBUF_H
#define NJ_STRBUF_H

#include <stddef.h>

#include "base/err.h"

typedef struct {
	char *s;
	size_t n, cap;
} sbuf;

void sb_addn(sbuf *b, const char *s, size_t n);
void sb_add(sbuf *b, const char *s);
void sb_addf(sbuf *b, const char *fmt, ...) NJ_PRINTF(2, 3);
/* Insert s at byte offset at (at <= b->n). */
void sb_insert(sbuf *b, size_t at, const char *s);
/* The string (never NULL: "" when nothing was added), the buffer emptied. */
char *sb_take(sbuf *b);

#endif
