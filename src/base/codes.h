/* Code tables: what a choice is stored as (an ASCII code) and what people
 * read and type (a Chinese label). Each table is an array ending with
 * {NULL, NULL}; an index is a row number. No curses, no SQL. */
#ifndef NJ_CODES_H
#define NJ_CODES_H

typedef struct {
	const char *code, *label;
} code_label;

/* The row's label or code; "" when k is not a row. */
const char *codes_label(const code_label *t, int k);
const char *codes_code(const code_label *t, int k);
/* The row with this label or code; -1 when none. A label renamed since
 * (codes.c's table: 定性速测, now 定性检测) finds its row too. */
int codes_by_label(const code_label *t, const char *label);
int codes_by_code(const code_label *t, const char *code);

#endif
