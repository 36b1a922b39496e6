/* The columns of a list screen: a label and a width in display columns
 * each; one column of width 0 takes what the others leave (4 to 40). */
#ifndef NJ_UI_COLUMNS_H
#define NJ_UI_COLUMNS_H

#include "ui/ui_term.h"

typedef struct {
	const char *label;
	int width;
} ui_column;

int ui_column_width(const ui_column *cols, int n, int c);
/* The labels on row y, dim. */
void ui_column_heads(int y, const ui_column *cols, int n);
/* One row of n cells, each in its role, from column 1. */
void ui_column_row(int y, const ui_column *cols, int n, const char *const *cells, const ui_role *roles);

#endif
