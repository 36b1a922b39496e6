/* store/db.h's helpers for binding many strings at once: db_bind_texts
 * (as given), _or_null (an empty one as NULL too) and _or_empty (a NULL
 * one as ''), each read back from SQLite as what the parameter holds. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "store/db.h"

/* What parameters 1 to 3 hold, as "NULL", "''" or the text, joined by '|'. */
static const char *held(db_stmt *st, char *out, size_t outlen)
{
	*out = '\0';
	if (db_step(st) == DB_ROW)
		snprintf(out, outlen, "%s|%s|%s", db_column_text(st, 0), db_column_text(st, 1), db_column_text(st, 2));
	db_reset(st);
	db_clear_bindings(st);
	return out;
}

int main(void)
{
	check_init();
	char err[512] = "", got[256];
	db_conn *db = db_open(":memory:", 1000, true, err, sizeof err);
	CHECK(db != NULL, "an in-memory database (%s)", err);
	if (!db)
		return check_done();
	db_stmt *st = db_prepare(db,
		"SELECT CASE WHEN ?1 IS NULL THEN 'NULL' WHEN ?1 = '' THEN '''''' ELSE ?1 END,"
		" CASE WHEN ?2 IS NULL THEN 'NULL' WHEN ?2 = '' THEN '''''' ELSE ?2 END,"
		" CASE WHEN ?3 IS NULL THEN 'NULL' WHEN ?3 = '' THEN '''''' ELSE ?3 END", err, sizeof err);
	CHECK(st != NULL, "the probe is prepared (%s)", err);
	if (!st) {
		db_close(db);
		return check_done();
	}
	const char *none = NULL;
	char typed[] = "田坝镇";

	DB_BIND_TEXTS(st, 1, typed, "", none);
	CHECK_STR(held(st, got, sizeof got), "田坝镇|''|NULL", "DB_BIND_TEXTS: as given, NULL as NULL");
	DB_BIND_TEXTS_OR_NULL(st, 1, typed, "", none);
	CHECK_STR(held(st, got, sizeof got), "田坝镇|NULL|NULL", "DB_BIND_TEXTS_OR_NULL: an empty one as NULL too");
	DB_BIND_TEXTS_OR_EMPTY(st, 1, typed, "", none);
	CHECK_STR(held(st, got, sizeof got), "田坝镇|''|''", "DB_BIND_TEXTS_OR_EMPTY: a NULL one as ''");

	/* From a later parameter on, and copied: the buffer may change after the bind. */
	db_bind_int(st, 1, 7);
	DB_BIND_TEXTS_OR_EMPTY(st, 2, typed, none);
	strcpy(typed, "xx");
	CHECK_STR(held(st, got, sizeof got), "7|田坝镇|''", "from parameter 2 on, the strings copied at the bind");

	const char *const three[] = {"a", NULL, ""};
	db_bind_texts_or_null(st, 1, three, 3);
	CHECK_STR(held(st, got, sizeof got), "a|NULL|NULL", "db_bind_texts_or_null with an array");
	db_bind_texts_or_empty(st, 2, three, 1);
	CHECK_STR(held(st, got, sizeof got), "NULL|a|NULL", "n = 1 binds one parameter and leaves the others");

	db_finalize(st);
	db_close(db);
	return check_done();
}
