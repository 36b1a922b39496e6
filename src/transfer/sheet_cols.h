/* A table of a struct per row, as a list of columns: each column's
 * heading, how its cell is written and where its value is in the struct.
 * The heading and the cell stay on one line, so a column cannot be added
 * to the header and forgotten in the rows (or the other way round). */
#ifndef NJ_SHEET_COLS_H
#define NJ_SHEET_COLS_H

#include <stddef.h>

#include "transfer/sheet.h"

typedef enum {
	SC_TEXT,    /* a char array */
	SC_KIND,    /* an int KIND_*, written as its label */
	SC_LONG,    /* a long */
	SC_LESS,    /* a long minus the long at less */
	SC_PERCENT, /* a double, sheet_percent */
	SC_ROUND,   /* a double, sheet_round */
} sheet_cell;

typedef struct {
	const char *head;
	sheet_cell cell;
	size_t at, less;
} sheet_col;

/* The offset of field f of struct T, refused at compile time unless the
 * field has the type the cell reads. */
#define SHEET_AT_(T, f, type) _Generic(((T *)0)->f, type: offsetof(T, f))
#define SHEET_TEXT(head, T, f) {head, SC_TEXT, SHEET_AT_(T, f, char *), 0}
#define SHEET_KIND(head, T, f) {head, SC_KIND, SHEET_AT_(T, f, int), 0}
#define SHEET_LONG(head, T, f) {head, SC_LONG, SHEET_AT_(T, f, long), 0}
#define SHEET_LESS(head, T, f, g) {head, SC_LESS, SHEET_AT_(T, f, long), SHEET_AT_(T, g, long)}
#define SHEET_PERCENT(head, T, f) {head, SC_PERCENT, SHEET_AT_(T, f, double), 0}
#define SHEET_ROUND(head, T, f) {head, SC_ROUND, SHEET_AT_(T, f, double), 0}

/* The header cells of the columns (end the row with sheet_end_row). */
void sheet_col_heads(sheet *s, const sheet_col *cols, size_t n);
/* The cells of row (a struct the columns describe), without the row's end. */
void sheet_col_cells(sheet *s, const sheet_col *cols, size_t n, const void *row);
/* One row: the cells of row (a struct the columns describe), then the
 * row's end; false after a write error. */
bool sheet_col_row(sheet *s, const sheet_col *cols, size_t n, const void *row);

#endif
