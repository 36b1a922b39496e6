/* The rows of the settings table (the rules and the forms, as ini
 * entries by scope) and the product list. Storage only: what a value
 * may be is checked by app/settings.c before anything is written. */
#ifndef NJ_STORE_SETTINGS_H
#define NJ_STORE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "base/ini.h"
#include "store/db.h"

/* Scope "config" holds the rule keys; "form.sample" etc. the forms. */
#define SETTINGS_CONFIG "config"

/* Rows of a scope in order, as an in-memory ini named name in messages;
 * *n is the number of rows. NULL on a database error. */
ini *settings_read(db_conn *db, const char *scope, const char *name, const char *what, int *n,
                   char *err, size_t errlen);
/* One value into out; false when absent. */
bool settings_get(db_conn *db, const char *scope, const char *sec, const char *key, char *out,
                  size_t outlen);
/* Inside the caller's transaction. put keeps an entry's place, new ones
 * go last; clear empties a scope (settings load writes it again). */
bool settings_put(db_conn *db, const char *scope, const char *sec, const char *key, const char *value,
                  const char *who, char *err, size_t errlen);
bool settings_clear(db_conn *db, const char *scope, char *err, size_t errlen);
long settings_count(db_conn *db);

typedef struct {
	const char *scope, *sec, *key, *value, *set_at, *set_by;
} settings_row;
bool settings_each(db_conn *db, void (*fn)(void *ctx, const settings_row *r), void *ctx, char *err,
                   size_t errlen);

/* The product list: read into c, or replace with c's. */
bool products_read(db_conn *db, config *c, char *err, size_t errlen);
/* The limits table and the banned list (rules: written by settings load
 * only, read into the configuration at start). */
bool limits_read(db_conn *db, config *c, char *err, size_t errlen);
bool limits_replace(db_conn *db, const config *c, char *err, size_t errlen);
bool products_replace(db_conn *db, const config *c, char *err, size_t errlen);

#endif
