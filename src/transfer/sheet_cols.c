#include "transfer/sheet_cols.h"

#include <string.h>

#include "base/kinds.h"

void sheet_col_heads(sheet *s, const sheet_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sheet_head(s, cols[i].head);
}

void sheet_col_cells(sheet *s, const sheet_col *cols, size_t n, const void *row)
{
	const char *base = row;
	for (size_t i = 0; i < n; i++) {
		const char *v = base + cols[i].at;
		long l, less = 0;
		double d;
		int k;
		switch (cols[i].cell) {
		case SC_TEXT:
			sheet_text(s, v);
			break;
		case SC_KIND:
			memcpy(&k, v, sizeof k);
			sheet_text(s, kind_label(k));
			break;
		case SC_LONG:
		case SC_LESS:
			memcpy(&l, v, sizeof l);
			if (cols[i].cell == SC_LESS)
				memcpy(&less, base + cols[i].less, sizeof less);
			sheet_long(s, l - less);
			break;
		case SC_PERCENT:
		case SC_ROUND:
			memcpy(&d, v, sizeof d);
			(cols[i].cell == SC_PERCENT ? sheet_percent : sheet_round)(s, d);
			break;
		}
	}
}

bool sheet_col_row(sheet *s, const sheet_col *cols, size_t n, const void *row)
{
	sheet_col_cells(s, cols, n, row);
	return sheet_end_row(s);
}
