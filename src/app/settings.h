/* The domain rules as data in the database: the rule keys of the
 * configuration (thresholds, numbering, district, targets, pass-rate
 * goal, credit rule), the forms (choices and validation of every field),
 * the units and the products. init puts them there from conf/ and forms/;
 * after that only an admin changes them (nongjian settings), each change
 * an audit row with before -> after; every process reads them from the
 * database, so a private copy of conf/ decides nothing. No curses. */
#ifndef NJ_APP_SETTINGS_H
#define NJ_APP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

/* The rules of a->cfg's file and its forms, units and products into an
 * empty settings table (init; or an admin's first open after an upgrade). */
bool settings_seed(app *a, char *err, size_t errlen);
/* Every process: rules, units, products and forms from the database
 * into a->cfg and a's forms. */
bool settings_apply(app *a, char *err, size_t errlen);
/* Admin only. key is a rule ("rapid.positive") or a form entry
 * ("sample.stage.choices"); the value is checked as the file's would be. */
bool settings_set(app *a, const char *key, const char *value, char *err, size_t errlen);
/* Admin only: every rule, form, unit and product from a configuration
 * file; *changes counts the entries that changed (each audited). */
bool settings_load(app *a, const char *path, int *changes, char *err, size_t errlen);

#endif
