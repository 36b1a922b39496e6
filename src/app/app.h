/* What every job needs: the configuration, the sample form, the open
 * database and who is working. Shared by the screens and the command
 * line; no curses. */
#ifndef NJ_APP_H
#define NJ_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "record/formdef.h"
#include "store/users.h"
#include "store/db.h"

#define APP_FORMS 7

typedef struct {
	config *cfg;
	/* The forms by name (forms/<name>.ini): sample, filter (conditions
	 * for browsing records), producer, inspect, sale, run, followup (a step
	 * of a 检打联动 case); see app_form(). */
	struct {
		const char *name;
		form_def *def;
	} forms[APP_FORMS];
	db_conn *db;
	char user[64];           /* the Unix login */
	account me;                 /* its registration: name, role, town */
} app;

/* Load config (config_path may be NULL: the usual look-up order), the
 * forms, and open the database (db_path overrides the configured one).
 * create: make the database if missing (init). */
bool app_open(app *a, const char *config_path, const char *db_path, bool create,
              char *err, size_t errlen);
void app_close(app *a);

/* A setgid install (base/privilege.h) ignores --config and --db (set to
 * NULL here) and the environment's NONGJIAN_CONF, NONGJIAN_DB and
 * NONGJIAN_TODAY, like sudo's env_reset, and says so on stderr. */
void app_ignore_overrides(const char **config_path, const char **db_path);

/* The form of that name (sample, filter, producer); it is there for every
 * opened app (app_open fails without it), so a wrong name is a bug: abort. */
const form_def *app_form(const app *a, const char *name);
/* A form added after databases were in use (inspect): NULL with the
 * Chinese reason in err when the database does not have it yet. */
const form_def *app_form_loaded(const app *a, const char *name, char *err, size_t errlen);
/* Where the form of that name is kept (settings.c installs it); NULL for
 * a name that is not a form. */
form_def **app_form_slot(app *a, const char *name);

/* The database as messages name it: the SQLite file's path, or for a
 * PostgreSQL target what store/pg.h shows of it (database, server, role:
 * never a password written in the URL). Written into buf; returns buf. */
const char *app_db_shown(const app *a, char *buf, size_t len);

/* The Unix login of the person running the program. */
void app_login(char *out, size_t outlen);

#endif
