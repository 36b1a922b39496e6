/* The form being typed, saved when the link drops (SIGHUP) or the program
 * is told to stop, and offered back on the next start. One draft per login
 * and form. No curses. */
#ifndef NJ_DRAFT_H
#define NJ_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

bool draft_save(db_conn *db, const char *login, const char *form, const char *const *keys,
                const char *const *values, int n, char *err, size_t errlen);
/* Calls fn for every saved key/value; returns false when there is no
 * draft. saved_at receives when it was saved. */
bool draft_load(db_conn *db, const char *login, const char *form,
                void (*fn)(void *ctx, const char *key, const char *value), void *ctx,
                char *saved_at, size_t saved_len);
void draft_clear(db_conn *db, const char *login, const char *form);

#endif
