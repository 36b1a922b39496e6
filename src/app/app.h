/* What every job needs: the configuration, the sample form, the open
 * database and who is working. Shared by the screens and the command
 * line; no curses. */
#ifndef NJ_APP_H
#define NJ_APP_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "record/formdef.h"
#include "store/users.h"

typedef struct {
	config *cfg;
	form_def *sample_form;
	form_def *filter_form;   /* conditions for browsing records */
	form_def *producer_form; /* the producer registry (forms/producer.ini) */
	sqlite3 *db;
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

/* The Unix login of the person running the program. */
void app_login(char *out, size_t outlen);

#endif
