/* The PostgreSQL side of the database interface (issue 20 part 1):
 * the db_stmt functions of store/db.h on a pg_conn, with SQLite's meaning and result codes (the DB_* numbers are
 * SQLite's), so that the domain's SQL, written in SQLite's dialect, runs
 * on PostgreSQL unchanged (store/pg_sql.h translates it).
 *
 * - prepare: translated once and PQprepare'd once per connection, kept by
 *   its SQLite text for the life of the connection (the domain's
 *   statements are a fixed set of texts, some built from templates);
 *   a parameter whose type the server cannot infer from its use alone
 *   (?2 IS NULL) is declared text.
 * - binds: every value is sent as text (a number in its decimal form),
 *   copied at the bind (a network round trip dwarfs the copy, and a
 *   static string need not outlive the next bind or reset).
 * - step: the first step runs the statement and keeps its whole answer,
 *   then hands out one row a step, DB_DONE after the last; a write
 *   returns DB_DONE. A whole answer rather than a row at a time (single-
 *   row mode or a cursor): the domain steps one statement while it runs
 *   others on the same connection, which libpq allows only between whole
 *   answers. A step after DB_DONE or an error runs it again, as SQLite's.
 * - columns: types from the column's type (PQftype) and NULL
 *   (PQgetisnull): integers and booleans DB_INTEGER (a boolean's text is
 *   "1" or "0", as SQLite's), floats DB_FLOAT, a numeric with no
 *   fraction DB_INTEGER (sum() of integers), bytea DB_BLOB, the rest
 *   DB_TEXT. Count and names are known from the prepare (PQdescribePrepared).
 * - changes: the rows of the last INSERT, UPDATE or DELETE (PQcmdTuples).
 * - last insert id: an INSERT into a table with an identity column (every
 *   INTEGER PRIMARY KEY of store/pg_schema.c) gets RETURNING that column
 *   added when it has no RETURNING of its own, and the id of its last row
 *   is kept. Not lastval(): a trigger inserting into another table (a
 *   follow-up case opened on save) would move it, where SQLite's
 *   last_insert_rowid keeps the outer INSERT's.
 * - errors: the SQLSTATE as a DB_* code (pg_sql_result_code), the server's
 *   own text in errmsg and the diagnostic log only.
 * - transactions: BEGIN IMMEDIATE (db_begin) is BEGIN and then the writers'
 *   lock, one transaction-scoped advisory lock every nongjian writer
 *   takes: SQLite lets one writer in at a time and the domain's checks
 *   (a repeated sample, a correction of a changed record, the numbering)
 *   were written for that; waiting for the lock ends at the busy timeout
 *   (lock_timeout) as DB_BUSY. SAVEPOINT, RELEASE, ROLLBACK [TO] and
 *   COMMIT are the same words. Unlike SQLite, a failed statement spoils
 *   the whole transaction (the next statement fails with 25P02,
 *   DB_ERROR, until ROLLBACK or ROLLBACK TO): the domain rolls back after
 *   any failed write, so it reads the same. */
#ifndef NJ_PG_STMT_H
#define NJ_PG_STMT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/pg.h"

typedef struct pg_stmt pg_stmt;

/* NULL with err ("准备查询失败: …") when it cannot be prepared. */
pg_stmt *pg_stmt_prepare(pg_conn *c, const char *sqlite_sql, char *err, size_t errlen);
int pg_stmt_finalize(pg_stmt *st);
int pg_stmt_bind_text(pg_stmt *st, int i, const char *s); /* NULL: SQL NULL; copied */
int pg_stmt_bind_null(pg_stmt *st, int i);

/* The calls that are SQLite's call of the same name and type, listed once
 * for both sides: declared here, and store/db_sqlite.c makes db.h's
 * db_NAME of each from the same list (pg_stmt_NAME on a PostgreSQL
 * statement, sqlite3_NAME on SQLite's).
 *   STMT:   type pg_stmt_NAME(pg_stmt *st)
 *   BIND:   int pg_stmt_bind_NAME(pg_stmt *st, int i, type v)
 *   COLUMN: type pg_stmt_column_NAME(pg_stmt *st, int col)
 * (column_text gives NULL for NULL.) */
#define PG_STMT_CALLS(STMT, BIND, COLUMN)                                      \
	STMT(int, step) STMT(int, reset) STMT(int, clear_bindings)               \
	STMT(int, bind_parameter_count) STMT(int, column_count)                  \
	BIND(long long, int64) BIND(double, double)                              \
	COLUMN(const char *, text) COLUMN(long long, int64) COLUMN(double, double) \
	COLUMN(int, type) COLUMN(const char *, name) COLUMN(int, bytes)
#define PG_STMT_DECLARE(type, name) type pg_stmt_##name(pg_stmt *st);
#define PG_STMT_DECLARE_BIND(type, name) int pg_stmt_bind_##name(pg_stmt *st, int i, type v);
#define PG_STMT_DECLARE_COLUMN(type, name) type pg_stmt_column_##name(pg_stmt *st, int col);
PG_STMT_CALLS(PG_STMT_DECLARE, PG_STMT_DECLARE_BIND, PG_STMT_DECLARE_COLUMN)

/* The connection's side. */
int pg_stmt_exec(pg_conn *c, const char *sqlite_sql); /* statements without parameters */
long long pg_stmt_changes(pg_conn *c);
long long pg_stmt_last_insert_id(pg_conn *c);
bool pg_stmt_in_transaction(pg_conn *c);
int pg_stmt_errcode(pg_conn *c);
int pg_stmt_extended_errcode(pg_conn *c);
const char *pg_stmt_errmsg(pg_conn *c); /* the server's text: for the diagnostic log only */
/* How long a write waits for another writer (SQLite's busy timeout). */
int pg_stmt_busy_timeout(pg_conn *c, long ms);
/* Everything the connection's statements kept (pg_close calls it). */
void pg_session_free(pg_session *s);

#endif
