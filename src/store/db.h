/* The shared SQLite database: opening (WAL, busy timeout, foreign keys),
 * schema migrations by PRAGMA user_version, and short BEGIN IMMEDIATE
 * write transactions. Messages are Chinese and never raw SQLite text. */
#ifndef NJ_DB_H
#define NJ_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "store/schema.h"

/* The schema version is the number of migrations (store/schema.c): one
 * place to change when a migration is added. */
#define DB_SCHEMA_VERSION schema_migration_count

/* create: make the file if it is missing (nongjian init); otherwise a
 * missing file is an error telling the user to run init. */
sqlite3 *db_open(const char *path, long busy_ms, bool create, char *err, size_t errlen);
void db_close(sqlite3 *db);

/* For the screens: a write that finds the database busy waits as long
 * as it takes (up to DB_WAIT_MAX_MS) instead of failing at the busy
 * timeout, and calls notice(ctx, waited_ms) about every 250 ms once it
 * has waited DB_WAIT_NOTICE_MS, so the screen can say 正在等待其他用户
 * 写入…. notice returns false to give up (the write then fails as busy).
 * The command line keeps its timeout. */
#define DB_WAIT_NOTICE_MS 250
#define DB_WAIT_MAX_MS (30L * 60 * 1000)
typedef bool (*db_wait_fn)(void *ctx, long waited_ms);
void db_wait_patiently(sqlite3 *db, db_wait_fn notice, void *ctx);

/* A write transaction: BEGIN IMMEDIATE, or a savepoint when the caller is
 * already inside one (a bulk job wrapping many saves in one transaction). */
typedef struct {
	bool nested;
} db_tx;
bool db_begin(sqlite3 *db, db_tx *tx, char *err, size_t errlen);
bool db_commit(sqlite3 *db, db_tx *tx, char *err, size_t errlen);
void db_rollback(sqlite3 *db, db_tx *tx);
/* End a transaction: commit when ok, else roll back. True when committed. */
bool db_end(sqlite3 *db, db_tx *tx, bool ok, char *err, size_t errlen);
/* Run sql (statements, no parameters) in one write transaction; on an
 * error nothing of it stays and err says "what: explanation". */
bool db_exec_tx(sqlite3 *db, const char *sql, const char *what, char *err, size_t errlen);

/* A Chinese explanation of an SQLite result code, with what to do. */
const char *db_explain(int rc);
/* Fill err with "what: explanation" for the db's last error. */
void db_error(sqlite3 *db, const char *what, char *err, size_t errlen);

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, char *err, size_t errlen);
/* End a statement stepped to rc: finalize it and, unless rc is
 * SQLITE_DONE, fill err with "what: explanation". True when it ran to
 * the end. The common tail of every read-all loop. */
/* The first column of a one-row query as a number: -1 on an error. */
long db_count(sqlite3 *db, const char *sql);
/* The sum of the first columns of n one-row queries (the recounts of
 * the summaries that check compares); false with "what: ..." on an error. */
bool db_sum_counts(sqlite3 *db, const char *const *sql, size_t n, long *sum, const char *what, char *err,
                   size_t errlen);
bool db_finish(sqlite3 *db, sqlite3_stmt *st, int rc, const char *what, char *err, size_t errlen);
/* A prepared statement kept for the life of the connection, for SQL run
 * again and again (saving records in bulk spent two thirds of its time
 * re-parsing the same INSERT). sql must be a string literal: it is the
 * cache key by address. Do not finalize; call db_done() after use so the
 * statement holds no read lock. */
sqlite3_stmt *db_cached(sqlite3 *db, const char *sql, char *err, size_t errlen);
void db_done(sqlite3_stmt *st);

/* Step a query once: the first column of its row, or none when there
 * is no row (then, when what is not NULL, err says "what: explanation").
 * The statement is left for the caller to finalize or db_done. */
long long db_first_int64(sqlite3 *db, sqlite3_stmt *st, long long none, const char *what, char *err,
                         size_t errlen);
/* db_prepare, then id bound to the first parameter. */
sqlite3_stmt *db_prepare_id(sqlite3 *db, const char *sql, long long id, char *err, size_t errlen);
/* Bind a UTF-8 string, or NULL when s is NULL or empty. */
int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);
/* Bind n strings (a NULL one as NULL) to the parameters first,
 * first + 1, ...; DB_BIND_TEXTS(st, 1, a, b, c) names them in place. */
void db_bind_texts(sqlite3_stmt *st, int first, const char *const *v, int n);
#define DB_BIND_TEXTS(st, first, ...)                                                        \
	db_bind_texts(st, first, (const char *const[]){__VA_ARGS__},                           \
	              (int)(sizeof (const char *const[]){__VA_ARGS__} / sizeof(const char *)))
/* The texts of n columns from first on ("" for a NULL) into the
 * pointers to, in column order; DB_COLUMN_TEXTS(st, 1, &r.at, &r.by)
 * names them in place (the reading side of DB_BIND_TEXTS). */
void db_column_texts(sqlite3_stmt *st, int first, const char **const *to, int n);
#define DB_COLUMN_TEXTS(st, first, ...)                                                      \
	db_column_texts(st, first, (const char **const[]){__VA_ARGS__},                        \
	                (int)(sizeof (const char **const[]){__VA_ARGS__} / sizeof(const char **)))
/* Step a write to its end and reset the statement for its next binds:
 * false, with err saying "what: explanation", when it did not finish. */
bool db_run(sqlite3 *db, sqlite3_stmt *st, const char *what, char *err, size_t errlen);

#endif
