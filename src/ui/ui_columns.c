/* The columns of a list screen (ui_columns.h). */
#include "ui/ui_columns.h"

#include <curses.h>

int ui_column_width(const ui_column *cols, int n, int c)
{
	if (cols[c].width)
		return cols[c].width;
	int used = 1;
	for (int i = 0; i < n; i++)
		used += cols[i].width + 1;
	int w = COLS - used - 1;
	return w < 4 ? 4 : w > 40 ? 40 : w;
}

void ui_column_heads(int y, const ui_column *cols, int n)
{
	int x = 1;
	for (int c = 0; c < n; c++) {
		ui_put(y, x, ui_column_width(cols, n, c), ROLE_DIM, cols[c].label);
		x += ui_column_width(cols, n, c) + 1;
	}
}

void ui_column_row(int y, const ui_column *cols, int n, const char *const *cells, const ui_role *roles)
{
	int x = 1;
	for (int c = 0; c < n; c++) {
		ui_put(y, x, ui_column_width(cols, n, c), roles[c], cells[c]);
		x += ui_column_width(cols, n, c) + 1;
	}
}
