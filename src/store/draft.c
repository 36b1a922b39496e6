#include "store/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"
#include "base/text.h"

/* Stored as "key\tvalue\n" lines: values never hold tabs or newlines
 * (control characters are refused at input). */
bool draft_save(db_conn *db, const char *login, const char *form, const char *const *keys,
                const char *const *values, int n, char *err, size_t errlen)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(keys[i]) + strlen(values[i]) + 2;
	char *data = xcalloc(len, 1), *p = data;
	for (int i = 0; i < n; i++) {
		if (strpbrk(values[i], "\t\n"))
			continue;
		int w = snprintf(p, len - (size_t)(p - data), "%s\t%s\n", keys[i], values[i]);
		if (w > 0)
			p += w;
	}
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	db_stmt *st = db_prepare(db,
		"INSERT INTO drafts(login, form, saved_at, data) VALUES (?,?,?,?)"
		" ON CONFLICT(login, form) DO UPDATE SET saved_at = excluded.saved_at, data = excluded.data",
		err, errlen);
	bool ok = st != NULL;
	if (ok) {
		DB_BIND_TEXTS(st, 1, login, form, stamp, data);
		ok = db_run(db, st, "保存草稿失败", err, errlen);
		db_finalize(st);
	}
	free(data);
	return ok;
}

bool draft_load(db_conn *db, const char *login, const char *form,
                void (*fn)(void *ctx, const char *key, const char *value), void *ctx,
                char *saved_at, size_t saved_len)
{
	db_stmt *st;
	if (db_prepare_rc(db, "SELECT saved_at, data FROM drafts WHERE login = ? AND form = ?",
	                       &st) != DB_OK)
		return false;
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, form);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		snprintf(saved_at, saved_len, "%s", db_column_text(st, 0));
		char *data = xstrdup(db_column_text(st, 1));
		for (char *save = NULL, *line = strtok_r(data, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *tab = strchr(line, '\t');
			if (!tab)
				continue;
			*tab = '\0';
			fn(ctx, line, tab + 1);
		}
		free(data);
	}
	db_finalize(st);
	return found;
}

void draft_clear(db_conn *db, const char *login, const char *form)
{
	db_stmt *st;
	if (db_prepare_rc(db, "DELETE FROM drafts WHERE login = ? AND form = ?", &st) !=
	    DB_OK)
		return;
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, form);
	db_step(st);
	db_finalize(st);
}
