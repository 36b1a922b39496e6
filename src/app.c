#include "app.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "sample.h"
#include "samplelist.h"
#include "text.h"
#include "units.h"

void app_login(char *out, size_t outlen)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(out, outlen, "%s", pw->pw_name);
	else
		snprintf(out, outlen, "uid%ld", (long)getuid());
}

bool app_open(app *a, const char *config_path, const char *db_path, bool create,
              char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	app_login(a->user, sizeof a->user);
	const char *path = config_locate(config_path, err, errlen);
	if (!path)
		return false;
	a->cfg = config_load(path, err, errlen);
	if (!a->cfg)
		return false;
	if (db_path) {
		free(a->cfg->db_path);
		a->cfg->db_path = xstrdup(db_path);
	}
	char form_path[4096];
	snprintf(form_path, sizeof form_path, "%s/sample.ini", a->cfg->forms_dir);
	a->sample_form = form_load(form_path, sample_keys, err, errlen);
	snprintf(form_path, sizeof form_path, "%s/filter.ini", a->cfg->forms_dir);
	if (a->sample_form)
		a->filter_form = form_load(form_path, samplelist_filter_keys, err, errlen);
	if (!a->sample_form || !a->filter_form) {
		app_close(a);
		return false;
	}
	a->db = db_open(a->cfg->db_path, a->cfg->busy_timeout_ms, create, err, errlen);
	if (!a->db || !units_sync(a->db, a->cfg, err, errlen)) {
		app_close(a);
		return false;
	}
	return true;
}

void app_close(app *a)
{
	if (a->db)
		db_close(a->db);
	form_free(a->sample_form);
	form_free(a->filter_form);
	config_free(a->cfg);
	memset(a, 0, sizeof *a);
}
