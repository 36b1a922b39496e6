/* A page of text lines, each with its role: what a record's page (a
 * producer, a follow-up case) shows, rebuilt after every change and
 * scrolled from a top line; also the lines a screen gathers for
 * ui_pager. */
#ifndef NJ_UI_PAGE_H
#define NJ_UI_PAGE_H

#include "ui/ui_term.h"

typedef struct {
	char **line;
	ui_role *role;
	int n, cap;
} ui_page;

void ui_page_add(ui_page *pg, ui_role role, const char *text);
void ui_page_addf(ui_page *pg, ui_role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_page_free(ui_page *pg);
/* The lines from top in the rows between the title bar and the message
 * line. */
void ui_page_draw(const ui_page *pg, int top);

#endif
