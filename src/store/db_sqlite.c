/* The SQLite side of store/db.h: each call is SQLite's of the same name
 * on the handle inside (https://sqlite.org/c3ref/funclist.html); on a
 * PostgreSQL connection, the statement layer's (store/pg_stmt.h). */
#include "store/db_sqlite.h"

#include <stdlib.h>

#include "base/text.h"
#include "store/pg_stmt.h"

/* The DB_ codes and types are SQLite's numbers (store/db.h). */
_Static_assert(DB_OK == SQLITE_OK, "DB_OK");
_Static_assert(DB_ERROR == SQLITE_ERROR, "DB_ERROR");
_Static_assert(DB_BUSY == SQLITE_BUSY, "DB_BUSY");
_Static_assert(DB_LOCKED == SQLITE_LOCKED, "DB_LOCKED");
_Static_assert(DB_NOMEM == SQLITE_NOMEM, "DB_NOMEM");
_Static_assert(DB_READONLY == SQLITE_READONLY, "DB_READONLY");
_Static_assert(DB_INTERRUPT == SQLITE_INTERRUPT, "DB_INTERRUPT");
_Static_assert(DB_IOERR == SQLITE_IOERR, "DB_IOERR");
_Static_assert(DB_CORRUPT == SQLITE_CORRUPT, "DB_CORRUPT");
_Static_assert(DB_FULL == SQLITE_FULL, "DB_FULL");
_Static_assert(DB_CANTOPEN == SQLITE_CANTOPEN, "DB_CANTOPEN");
_Static_assert(DB_CONSTRAINT == SQLITE_CONSTRAINT, "DB_CONSTRAINT");
_Static_assert(DB_MISMATCH == SQLITE_MISMATCH, "DB_MISMATCH");
_Static_assert(DB_MISUSE == SQLITE_MISUSE, "DB_MISUSE");
_Static_assert(DB_RANGE == SQLITE_RANGE, "DB_RANGE");
_Static_assert(DB_NOTADB == SQLITE_NOTADB, "DB_NOTADB");
_Static_assert(DB_ROW == SQLITE_ROW, "DB_ROW");
_Static_assert(DB_DONE == SQLITE_DONE, "DB_DONE");
_Static_assert(DB_CONSTRAINT_CHECK == SQLITE_CONSTRAINT_CHECK, "DB_CONSTRAINT_CHECK");
_Static_assert(DB_CONSTRAINT_FOREIGNKEY == SQLITE_CONSTRAINT_FOREIGNKEY, "DB_CONSTRAINT_FOREIGNKEY");
_Static_assert(DB_CONSTRAINT_NOTNULL == SQLITE_CONSTRAINT_NOTNULL, "DB_CONSTRAINT_NOTNULL");
_Static_assert(DB_CONSTRAINT_PRIMARYKEY == SQLITE_CONSTRAINT_PRIMARYKEY, "DB_CONSTRAINT_PRIMARYKEY");
_Static_assert(DB_CONSTRAINT_TRIGGER == SQLITE_CONSTRAINT_TRIGGER, "DB_CONSTRAINT_TRIGGER");
_Static_assert(DB_CONSTRAINT_UNIQUE == SQLITE_CONSTRAINT_UNIQUE, "DB_CONSTRAINT_UNIQUE");
_Static_assert(DB_INTEGER == SQLITE_INTEGER, "DB_INTEGER");
_Static_assert(DB_FLOAT == SQLITE_FLOAT, "DB_FLOAT");
_Static_assert(DB_TEXT == SQLITE_TEXT, "DB_TEXT");
_Static_assert(DB_BLOB == SQLITE_BLOB, "DB_BLOB");
_Static_assert(DB_NULL == SQLITE_NULL, "DB_NULL");

sqlite3 *db_sqlite(db_conn *db)
{
	return db ? db->lite : NULL;
}

db_stmt *db_stmt_wrap(db_conn *db, sqlite3_stmt *lite)
{
	if (!lite)
		return NULL;
	db_stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->lite = lite;
	return st;
}

int db_sqlite_open(const char *path, int flags, db_conn **db)
{
	sqlite3 *lite = NULL;
	int rc = sqlite3_open_v2(path, &lite, flags, NULL);
	*db = NULL;
	if (lite) {
		*db = xcalloc(1, sizeof **db);
		(*db)->lite = lite;
	}
	return rc;
}

int db_sqlite_close(db_conn *db)
{
	if (!db)
		return SQLITE_OK;
	int rc = sqlite3_close(db->lite);
	free(db);
	return rc;
}

/* SQLite takes a NULL statement in these calls (finalize, reset, the
 * column reads); so do they. */
#define LITE(st) ((st) ? (st)->lite : NULL)
/* A statement of a PostgreSQL connection. */
#define PG(st) ((st) && (st)->pg)

/* db.h's calls that are one call on either side, from store/pg_stmt.h's
 * list: db_step, db_reset, db_clear_bindings, db_bind_parameter_count,
 * db_column_count; db_bind_int64, db_bind_double; db_column_text,
 * db_column_int64, db_column_double, db_column_type, db_column_name,
 * db_column_bytes. */
#define EITHER_STMT(type, name)                                                            \
	type db_##name(db_stmt *st)                                                        \
	{                                                                                  \
		return PG(st) ? pg_stmt_##name(st->pg) : sqlite3_##name(LITE(st));         \
	}
#define EITHER_BIND(type, name)                                                            \
	int db_bind_##name(db_stmt *st, int i, type v)                                     \
	{                                                                                  \
		return PG(st) ? pg_stmt_bind_##name(st->pg, i, v)                          \
		              : sqlite3_bind_##name(LITE(st), i, v);                       \
	}
#define EITHER_COLUMN(type, name)                                                          \
	type db_column_##name(db_stmt *st, int col)                                        \
	{                                                                                  \
		return PG(st) ? pg_stmt_column_##name(st->pg, col)                         \
		              : (type)sqlite3_column_##name(LITE(st), col);                \
	}
PG_STMT_CALLS(EITHER_STMT, EITHER_BIND, EITHER_COLUMN)

int db_prepare_rc(db_conn *db, const char *sql, db_stmt **st)
{
	if (db->pg) {
		char err[256]; /* the statement layer's Chinese: db_error says it again from the code */
		struct pg_stmt *pg = pg_stmt_prepare(db->pg, sql, err, sizeof err);
		*st = NULL;
		if (!pg)
			return pg_stmt_errcode(db->pg);
		*st = xcalloc(1, sizeof **st);
		(*st)->db = db;
		(*st)->pg = pg;
		return DB_OK;
	}
	sqlite3_stmt *lite = NULL;
	int rc = sqlite3_prepare_v2(db->lite, sql, -1, &lite, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(lite);
		lite = NULL;
	}
	*st = db_stmt_wrap(db, lite);
	return rc;
}

int db_finalize(db_stmt *st)
{
	if (!st)
		return SQLITE_OK;
	int rc = st->pg ? pg_stmt_finalize(st->pg) : sqlite3_finalize(st->lite);
	free(st);
	return rc;
}

int db_bind_text(db_stmt *st, int i, const char *s)
{
	if (PG(st))
		return pg_stmt_bind_text(st->pg, i, s); /* copied */
	return sqlite3_bind_text(LITE(st), i, s, -1, SQLITE_STATIC);
}

int db_bind_text_copy(db_stmt *st, int i, const char *s)
{
	if (PG(st))
		return pg_stmt_bind_text(st->pg, i, s);
	return sqlite3_bind_text(LITE(st), i, s, -1, SQLITE_TRANSIENT);
}

int db_bind_int(db_stmt *st, int i, int v)
{
	if (PG(st))
		return pg_stmt_bind_int64(st->pg, i, v);
	return sqlite3_bind_int(LITE(st), i, v);
}

int db_bind_null(db_stmt *st, int i)
{
	if (PG(st))
		return pg_stmt_bind_null(st->pg, i);
	return sqlite3_bind_null(LITE(st), i);
}

int db_bind_column(db_stmt *to, int i, db_stmt *from, int col)
{
	if (PG(to) || PG(from)) {
		/* between the two kinds (a copy from SQLite into PostgreSQL) or
		 * on PostgreSQL alone: by the value's type */
		switch (db_column_type(from, col)) {
		case DB_NULL:
			return db_bind_null(to, i);
		case DB_INTEGER:
			return db_bind_int64(to, i, db_column_int64(from, col));
		case DB_FLOAT:
			return db_bind_double(to, i, db_column_double(from, col));
		default:
			return db_bind_text_copy(to, i, db_column_text(from, col));
		}
	}
	return sqlite3_bind_value(LITE(to), i, sqlite3_column_value(LITE(from), col));
}

int db_column_int(db_stmt *st, int col)
{
	if (PG(st))
		return (int)pg_stmt_column_int64(st->pg, col);
	return sqlite3_column_int(LITE(st), col);
}

int db_exec(db_conn *db, const char *sql)
{
	if (db->pg)
		return pg_stmt_exec(db->pg, sql);
	return sqlite3_exec(db->lite, sql, NULL, NULL, NULL);
}

long long db_changes(db_conn *db)
{
	if (db->pg)
		return pg_stmt_changes(db->pg);
	return sqlite3_changes64(db->lite);
}

long long db_last_insert_id(db_conn *db)
{
	if (db->pg)
		return pg_stmt_last_insert_id(db->pg);
	return sqlite3_last_insert_rowid(db->lite);
}

bool db_in_transaction(db_conn *db)
{
	if (db->pg)
		return pg_stmt_in_transaction(db->pg);
	return !sqlite3_get_autocommit(db->lite);
}

int db_errcode(db_conn *db)
{
	if (db && db->pg)
		return pg_stmt_errcode(db->pg);
	return sqlite3_errcode(db_sqlite(db));
}

int db_extended_errcode(db_conn *db)
{
	if (db && db->pg)
		return pg_stmt_extended_errcode(db->pg);
	return sqlite3_extended_errcode(db_sqlite(db));
}

const char *db_errmsg(db_conn *db)
{
	if (db && db->pg)
		return pg_stmt_errmsg(db->pg);
	return sqlite3_errmsg(db_sqlite(db));
}

bool db_is_pg(const db_conn *db)
{
	return db && db->pg;
}

struct pg_conn *db_pg(db_conn *db)
{
	return db ? db->pg : NULL;
}

#define DB_FN_MAX_ARGS 8

static void text_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	db_text_fn fn = *(db_text_fn *)sqlite3_user_data(cx);
	const char *args[DB_FN_MAX_ARGS];
	for (int i = 0; i < argc && i < DB_FN_MAX_ARGS; i++)
		args[i] = (const char *)sqlite3_value_text(argv[i]);
	sqlite3_result_int(cx, fn(args, argc < DB_FN_MAX_ARGS ? argc : DB_FN_MAX_ARGS));
}

int db_function(db_conn *db, const char *name, int nargs, db_text_fn fn)
{
	if (nargs < 0 || nargs > DB_FN_MAX_ARGS)
		return SQLITE_MISUSE;
	if (db->pg)
		return DB_OK; /* the PostgreSQL schema defines nj_buyer and nj_safe (store/pg_functions.c) */
	/* The function pointer travels as user data (an object pointer),
	 * in a box SQLite frees when the function is replaced or the
	 * connection closes. */
	db_text_fn *box = malloc(sizeof *box);
	if (!box)
		return SQLITE_NOMEM;
	*box = fn;
	return sqlite3_create_function_v2(db->lite, name, nargs, SQLITE_UTF8 | SQLITE_DETERMINISTIC, box, text_fn,
	                                  NULL, NULL, free);
}
