/* Small dialogs drawn over the current screen: a one-line question
 * (e.g. the reason for a correction), a yes/no confirmation, and a
 * scrollable page of text lines (history). */
#ifndef NJ_UI_PROMPT_H
#define NJ_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
