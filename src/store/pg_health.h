/* nongjian check and check --repair on a PostgreSQL database (issue 20
 * part 1): what SQLite checks with its own pragmas, asked of the server.
 * store/backup.c runs the checks both servers share (numbering, audit,
 * the count tables) itself; these are the ones that differ:
 * - integrity: the server keeps its own (no integrity_check there); the
 *   line says so and whether the cluster has data page checksums;
 * - the schema version: the one migrate-to recorded (store/pg_migrate.h);
 * - foreign keys: every FOREIGN KEY of the schema, read from the catalog,
 *   as a query for rows whose parent is missing (the server enforces
 *   them, but a superuser can switch that off: session_replication_role,
 *   ALTER TABLE … DISABLE TRIGGER ALL);
 * - guards: the triggers and functions migrate-to generates from the
 *   schema (store/pg_schema.h), generated again here from a fresh schema
 *   and compared with the server's: each trigger there, enabled, on its
 *   table, calling its function, and each function's body the same;
 * - the lookup index: producer_search_keys (store/pg_search.h) instead of
 *   SQLite's FTS5 table.
 * Findings go through line as in store/backup.h. No curses. */
#ifndef NJ_PG_HEALTH_H
#define NJ_PG_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

#include "store/backup.h"
#include "store/db.h"

/* Each false with err when the check could not run (a finding is not an
 * error: it goes to line with ok false). */
bool pg_health_integrity(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen);
/* The schema version recorded (db_open has refused any other). */
bool pg_health_version(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen);
bool pg_health_foreign_keys(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen);
bool pg_health_guards(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen);
/* Producers with lookup keys (or queued for them), and producers. */
bool pg_health_search_counts(db_conn *db, long long *indexed, long long *producers, char *err, size_t errlen);

/* db_sum_counts and db_rebuild_tx on the server: the recounts and
 * rebuilds of what the triggers maintain, written in SQLite's loose
 * dialect (its 0/1 for true and false), translated as the triggers are. */
bool pg_health_sum_counts(db_conn *db, const char *const *sql, size_t n, long *sum, const char *what, char *err,
                          size_t errlen);
bool pg_health_rebuild(db_conn *db, const char *sql, const char *what, char *err, size_t errlen);

/* --repair rewrites the count tables, which only the database's owner
 * may (every other role may not delete a row): false with a message
 * saying whom to connect as when the role is not the owner. */
bool pg_repair_allowed(db_conn *db, char *err, size_t errlen);
/* The lookup keys of every producer made again (producer_search_keys,
 * producer_initials) and the queue emptied, in the caller's transaction. */
bool pg_repair_search_index(db_conn *db, char *err, size_t errlen);

#endif
