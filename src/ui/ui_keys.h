/* The key table: what the terminals on township PCs send for each key, in
 * one place. Escape sequences are bound to keys by name (F1, Home, PgUp
 * ...), whatever the terminfo entry of $TERM knows: PuTTY's default
 * (ESC[11~ for F1), its VT100+ and SCO modes, Xshell, xterm, rxvt and the
 * Linux console all work without configuring the client. */
#ifndef NJ_UI_KEYS_H
#define NJ_UI_KEYS_H

#include <stdbool.h>

/* Teach ncurses every sequence of the table (after keypad()). */
void ui_keys_define(void);
/* The key code (KEY_F(1), KEY_HOME, ...) a complete escape sequence
 * stands for; 0 when the table does not know it. */
int ui_keys_lookup(const char *seq);
/* Is seq (ESC included) a whole escape sequence by the grammar terminals
 * use (ESC [ params final, ESC O final, the console's ESC [ [ letter)?
 * An unknown one is then ignored whole instead of typing "3~". */
bool ui_keys_complete(const char *seq);

#endif
