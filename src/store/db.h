/* The shared SQLite database: opening (WAL, busy timeout, foreign keys),
 * schema migrations by PRAGMA user_version, and short BEGIN IMMEDIATE
 * write transactions. Messages are Chinese and never raw SQLite text.
 *
 * Everything outside src/store/ reaches the database through db_conn and
 * db_stmt (issue 20: the same domain on SQLite or PostgreSQL). The calls
 * follow SQLite's C interface one for one (its step is db_step, ...) and
 * the result codes keep SQLite's numbers, so logs and db_explain read the
 * same. SQLite itself is reached only in src/store/ (store/db_sqlite.h). */
#ifndef NJ_DB_H
#define NJ_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "store/schema.h"

/* The schema version is the number of migrations (store/schema.c): one
 * place to change when a migration is added. */
#define DB_SCHEMA_VERSION schema_migration_count

typedef struct db_conn db_conn; /* a connection */
typedef struct db_stmt db_stmt; /* a prepared statement */

/* Result codes: SQLite's numbers (https://sqlite.org/rescode.html). */
enum {
	DB_OK = 0,
	DB_ERROR = 1,
	DB_BUSY = 5,
	DB_LOCKED = 6,
	DB_NOMEM = 7,
	DB_READONLY = 8,
	DB_INTERRUPT = 9,
	DB_IOERR = 10,
	DB_CORRUPT = 11,
	DB_FULL = 13,
	DB_CANTOPEN = 14,
	DB_CONSTRAINT = 19,
	DB_MISMATCH = 20,
	DB_MISUSE = 21,
	DB_RANGE = 25,
	DB_NOTADB = 26,
	DB_ROW = 100,
	DB_DONE = 101,
	/* the extended codes the code tests (and store/pg_sql.c gives) */
	DB_CONSTRAINT_CHECK = DB_CONSTRAINT | (1 << 8),
	DB_CONSTRAINT_FOREIGNKEY = DB_CONSTRAINT | (3 << 8),
	DB_CONSTRAINT_NOTNULL = DB_CONSTRAINT | (5 << 8),
	DB_CONSTRAINT_PRIMARYKEY = DB_CONSTRAINT | (6 << 8),
	DB_CONSTRAINT_TRIGGER = DB_CONSTRAINT | (7 << 8),
	DB_CONSTRAINT_UNIQUE = DB_CONSTRAINT | (8 << 8),
};
/* Column types (SQLite's numbers). */
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

/* Statements: the same meaning as SQLite's call of the same name. A
 * NULL statement is harmless where SQLite's is (finalize, reset, the
 * column reads give 0/NULL, step gives DB_MISUSE). */
int db_step(db_stmt *st);
int db_reset(db_stmt *st);
int db_finalize(db_stmt *st);
int db_clear_bindings(db_stmt *st);
/* s is not copied: it must live until the next bind, reset or finalize
 * (SQLITE_STATIC). db_bind_text_copy copies it (SQLITE_TRANSIENT). */
int db_bind_text(db_stmt *st, int i, const char *s);
int db_bind_text_copy(db_stmt *st, int i, const char *s);
int db_bind_int(db_stmt *st, int i, int v);
int db_bind_int64(db_stmt *st, int i, long long v);
int db_bind_double(db_stmt *st, int i, double v);
int db_bind_null(db_stmt *st, int i);
/* Bind parameter i of to to column col of from's row, with its type
 * (SQLite's bind_value of column_value). */
int db_bind_column(db_stmt *to, int i, db_stmt *from, int col);
int db_bind_parameter_count(db_stmt *st);
const char *db_column_text(db_stmt *st, int col);
int db_column_int(db_stmt *st, int col);
long long db_column_int64(db_stmt *st, int col);
double db_column_double(db_stmt *st, int col);
int db_column_type(db_stmt *st, int col);
int db_column_count(db_stmt *st);
const char *db_column_name(db_stmt *st, int col);
int db_column_bytes(db_stmt *st, int col);

/* The connection. db_exec runs statements without parameters (SQLite's
 * exec without a callback). */
int db_exec(db_conn *db, const char *sql);
/* SQLite's prepare_v2: the result code, *st the statement (NULL on an
 * error); for the callers that test the code themselves. */
int db_prepare_rc(db_conn *db, const char *sql, db_stmt **st);
long long db_changes(db_conn *db);
long long db_last_insert_id(db_conn *db);
bool db_in_transaction(db_conn *db); /* not in autocommit mode */
int db_errcode(db_conn *db);
int db_extended_errcode(db_conn *db);
const char *db_errmsg(db_conn *db); /* for the diagnostic log only */
bool db_is_pg(const db_conn *db);
/* The PostgreSQL connection under db (NULL on SQLite): for store/'s own
 * server-side work (store/pg.h), such as the checks of store/pg_health.h. */
struct pg_conn *db_pg(db_conn *db);
/* A custom SQL function of nargs (at most 8) texts, NULL for a NULL,
 * giving an integer, the same for the same arguments (nj_buyer, nj_safe). */
typedef int (*db_text_fn)(const char *const *args, int nargs);
int db_function(db_conn *db, const char *name, int nargs, db_text_fn fn);

/* create: make the file if it is missing (nongjian init); otherwise a
 * missing file is an error telling the user to run init. A PostgreSQL
 * target (pg_is_target: postgresql://…, service=…) opens that database,
 * whose schema nongjian migrate-to made (store/pg_stmt.h: what differs). */
db_conn *db_open(const char *path, long busy_ms, bool create, char *err, size_t errlen);
void db_close(db_conn *db);

/* For the screens: a write that finds the database busy waits as long
 * as it takes (up to DB_WAIT_MAX_MS) instead of failing at the busy
 * timeout, and calls notice(ctx, waited_ms) about every 250 ms once it
 * has waited DB_WAIT_NOTICE_MS, so the screen can say 正在等待其他用户
 * 写入…. notice returns false to give up (the write then fails as busy).
 * The command line keeps its timeout. */
#define DB_WAIT_NOTICE_MS 250
#define DB_WAIT_MAX_MS (30L * 60 * 1000)
typedef bool (*db_wait_fn)(void *ctx, long waited_ms);
void db_wait_patiently(db_conn *db, db_wait_fn notice, void *ctx);

/* A write transaction: BEGIN IMMEDIATE, or a savepoint when the caller is
 * already inside one (a bulk job wrapping many saves in one transaction). */
typedef struct {
	bool nested;
} db_tx;
bool db_begin(db_conn *db, db_tx *tx, char *err, size_t errlen);
bool db_commit(db_conn *db, db_tx *tx, char *err, size_t errlen);
void db_rollback(db_conn *db, db_tx *tx);
/* End a transaction: commit when ok, else roll back. True when committed. */
bool db_end(db_conn *db, db_tx *tx, bool ok, char *err, size_t errlen);
/* Run sql (statements, no parameters) in one write transaction; on an
 * error nothing of it stays and err says "what: explanation". */
bool db_exec_tx(db_conn *db, const char *sql, const char *what, char *err, size_t errlen);
/* The same for the rebuilds of what the triggers maintain (nongjian check
 * --repair), written like the triggers in SQLite's loose dialect: on
 * PostgreSQL translated as the triggers are (store/pg_health.h). */
bool db_rebuild_tx(db_conn *db, const char *sql, const char *what, char *err, size_t errlen);

/* A Chinese explanation of an SQLite result code, with what to do. */
const char *db_explain(int rc);
/* Fill err with "what: explanation" for the db's last error. */
void db_error(db_conn *db, const char *what, char *err, size_t errlen);

db_stmt *db_prepare(db_conn *db, const char *sql, char *err, size_t errlen);
/* End a statement stepped to rc: finalize it and, unless rc is
 * DB_DONE, fill err with "what: explanation". True when it ran to
 * the end. The common tail of every read-all loop. */
/* The first column of a one-row query as a number: -1 on an error. */
long db_count(db_conn *db, const char *sql);
/* The sum of the first columns of n one-row queries (the recounts of
 * the summaries that check compares); false with "what: ..." on an error.
 * On PostgreSQL translated as the triggers are (store/pg_health.h). */
bool db_sum_counts(db_conn *db, const char *const *sql, size_t n, long *sum, const char *what, char *err,
                   size_t errlen);
bool db_finish(db_conn *db, db_stmt *st, int rc, const char *what, char *err, size_t errlen);
/* A prepared statement kept for the life of the connection, for SQL run
 * again and again (saving records in bulk spent two thirds of its time
 * re-parsing the same INSERT). sql must be a string literal: it is the
 * cache key by address. Do not finalize; call db_done() after use so the
 * statement holds no read lock. */
db_stmt *db_cached(db_conn *db, const char *sql, char *err, size_t errlen);
void db_done(db_stmt *st);

/* Step a query once: the first column of its row, or none when there
 * is no row (then, when what is not NULL, err says "what: explanation").
 * The statement is left for the caller to finalize or db_done. */
long long db_first_int64(db_conn *db, db_stmt *st, long long none, const char *what, char *err,
                         size_t errlen);
/* db_prepare, then id bound to the first parameter. */
db_stmt *db_prepare_id(db_conn *db, const char *sql, long long id, char *err, size_t errlen);
/* Bind a UTF-8 string, or NULL when s is NULL or empty. */
int db_bind_text_or_null(db_stmt *st, int idx, const char *s);
/* Bind n strings (copied) to the parameters first, first + 1, ...:
 * db_bind_texts as they are (a NULL one as NULL); _or_null an empty one
 * as NULL too (the filters written `?2 IS NULL OR …`); _or_empty a NULL
 * one as '' (the filters written `?2 = '' OR …`). DB_BIND_TEXTS(st, 1,
 * a, b, c) and the other two name them in place. */
void db_bind_texts(db_stmt *st, int first, const char *const *v, int n);
void db_bind_texts_or_null(db_stmt *st, int first, const char *const *v, int n);
void db_bind_texts_or_empty(db_stmt *st, int first, const char *const *v, int n);
/* The strings of a call in place: the array and how many. */
#define DB_TEXT_LIST(...) \
	(const char *const[]){__VA_ARGS__}, (int)(sizeof (const char *const[]){__VA_ARGS__} / sizeof(const char *))
#define DB_BIND_TEXTS(st, first, ...) db_bind_texts(st, first, DB_TEXT_LIST(__VA_ARGS__))
#define DB_BIND_TEXTS_OR_NULL(st, first, ...) db_bind_texts_or_null(st, first, DB_TEXT_LIST(__VA_ARGS__))
#define DB_BIND_TEXTS_OR_EMPTY(st, first, ...) db_bind_texts_or_empty(st, first, DB_TEXT_LIST(__VA_ARGS__))
/* The texts of n columns from first on ("" for a NULL) into the
 * pointers to, in column order; DB_COLUMN_TEXTS(st, 1, &r.at, &r.by)
 * names them in place (the reading side of DB_BIND_TEXTS). */
void db_column_texts(db_stmt *st, int first, const char **const *to, int n);
#define DB_COLUMN_TEXTS(st, first, ...)                                                      \
	db_column_texts(st, first, (const char **const[]){__VA_ARGS__},                        \
	                (int)(sizeof (const char **const[]){__VA_ARGS__} / sizeof(const char **)))
/* Step a write to its end and reset the statement for its next binds:
 * false, with err saying "what: explanation", when it did not finish. */
bool db_run(db_conn *db, db_stmt *st, const char *what, char *err, size_t errlen);

#endif
