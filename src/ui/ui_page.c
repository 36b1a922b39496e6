/* A page of text lines (ui_page.h). */
#include "ui/ui_page.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

void ui_page_add(ui_page *pg, ui_role role, const char *text)
{
	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? pg->cap * 2 : 64;
		pg->line = xreallocarray(pg->line, (size_t)pg->cap, sizeof *pg->line);
		pg->role = xreallocarray(pg->role, (size_t)pg->cap, sizeof *pg->role);
	}
	pg->line[pg->n] = xstrdup(text);
	pg->role[pg->n++] = role;
}

void ui_page_addf(ui_page *pg, ui_role role, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_page_add(pg, role, buf);
}

void ui_page_free(ui_page *pg)
{
	for (int i = 0; i < pg->n; i++)
		free(pg->line[i]);
	free(pg->line);
	free(pg->role);
	memset(pg, 0, sizeof *pg);
}

void ui_page_draw(const ui_page *pg, int top)
{
	int rows = LINES - 3;
	for (int r = 0; r < rows && top + r < pg->n; r++)
		ui_put(1 + r, 1, COLS - 2, pg->role[top + r], pg->line[top + r]);
}
