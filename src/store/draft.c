#include "store/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"
#include "base/text.h"

/* Stored as "key\tvalue\n" lines: values never hold tabs or newlines
 * (control characters are refused at input). */
bool draft_save(sqlite3 *db, const char *login, const char *form, const char *const *keys,
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
	sqlite3_stmt *st = db_prepare(db,
		"INSERT INTO drafts(login, form, saved_at, data) VALUES (?,?,?,?)"
		" ON CONFLICT(login, form) DO UPDATE SET saved_at = excluded.saved_at, data = excluded.data",
		err, errlen);
	bool ok = st != NULL;
	if (ok) {
		DB_BIND_TEXTS(st, 1, login, form, stamp, data);
		ok = db_run(db, st, "保存草稿失败", err, errlen);
		sqlite3_finalize(st);
	}
	free(data);
	return ok;
}

bool draft_load(sqlite3 *db, const char *login, const char *form,
                void (*fn)(void *ctx, const char *key, const char *value), void *ctx,
                char *saved_at, size_t saved_len)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT saved_at, data FROM drafts WHERE login = ? AND form = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		snprintf(saved_at, saved_len, "%s", (const char *)sqlite3_column_text(st, 0));
		char *data = xstrdup((const char *)sqlite3_column_text(st, 1));
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
	sqlite3_finalize(st);
	return found;
}

void draft_clear(sqlite3 *db, const char *login, const char *form)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "DELETE FROM drafts WHERE login = ? AND form = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}
