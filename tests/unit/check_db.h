/* The one-number query the unit tests ask a database (a count, an id). */
#ifndef NJ_CHECK_DB_H
#define NJ_CHECK_DB_H

#include <sqlite3.h>

/* The first column of the first row of sql as an integer, -1 when none. */
static inline long long check_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#endif
