/* The audit trail: every create, correction, state change, import and
 * rating/blacklist change adds a row (who, when, what, before → after) in
 * the same transaction as the change. The table is append-only: triggers
 * refuse UPDATE and DELETE. No curses. */
#ifndef NJ_AUDIT_H
#define NJ_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

/* Must be called inside the caller's write transaction. */
bool audit_add(db_conn *db, const char *login, const char *action, const char *entity,
               const char *before, const char *after, char *err, size_t errlen);

typedef struct {
	long long id;
	const char *at, *login, *action, *entity, *before, *after;
} audit_row;
/* Rows since a date ("" = all) by a login ("" = everyone), oldest first. */
bool audit_each(db_conn *db, const char *since, const char *login,
                void (*fn)(void *ctx, const audit_row *r), void *ctx, char *err, size_t errlen);
/* Chinese name of an action code (sample.create → 新增记录). */
const char *audit_action_label(const char *action);

#endif
