/* Small dialogs drawn over the current screen: a one-line question
 * (e.g. the reason for a correction), a yes/no confirmation, and a
 * scrollable page of text lines (history). */
#ifndef NJ_UI_PROMPT_H
#define NJ_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui_term.h"

/* False when cancelled (Esc/F10); the answer is never empty on true. */
bool ui_prompt(const char *title, const char *question, char *out, size_t outlen);
/* The same with the answer's first text already typed (initial). */
bool ui_prompt_with(const char *title, const char *question, const char *initial, char *out,
                    size_t outlen);
bool ui_confirm(const char *question);
/* Long lines wrap at the screen width. */
void ui_pager(const char *title, char **lines, int n);

/* The keys of the screens (F1 or Ctrl-G anywhere). */
void ui_help(void);

/* The keys a list screen reads like the others, before its own: any key
 * clears message; the terminal lost (*alive false), Esc/F10 or q: -1,
 * leave; Up, Down, PgUp, PgDn move *cur over n rows (pages of 10), ^L
 * repaints, F1 helps: 1; else 0, a key of the screen's own. */
int ui_list_key(ui_key k, char *message, int *cur, int n, bool *alive);

#endif
