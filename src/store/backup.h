/* Backups a county IT person can schedule, and the health check of a
 * live database (nongjian backup, nongjian check). Neither needs the
 * sqlite3 tool. Each finding is one line through a callback (Chinese;
 * the caller prints it). No curses. */
#ifndef NJ_BACKUP_H
#define NJ_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

/* One finding: ok, what was checked, and a detail (may be ""). */
typedef void (*health_line_fn)(void *ctx, bool ok, const char *what, const char *detail);

/* An online, consistent copy of db at dest: SQLite's backup API reads one
 * snapshot (writers go on meanwhile: the database is in WAL mode), into a
 * new file (mode 0600) in dest's directory, which is then checked — an
 * integrity check and every table's row count against the snapshot —
 * made a self-contained rollback-journal database, fsynced and renamed
 * over dest. A failure leaves dest as it was. */
bool db_backup(db_conn *db, const char *dest, health_line_fn line, void *ctx, char *err, size_t errlen);

/* Check a live database: SQLite's integrity_check and foreign_key_check,
 * the guards of the schema (the append-only triggers) present and
 * unchanged, sample numbering without gaps per unit per year and the
 * counters that continue it, the audit trail without holes. Returns the
 * number of problems found (0: all well), -1 when the checks could not
 * run (err says why). */
int db_health(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen);
/* Make what is derived from the records again from them: the sample
 * counts and the producer search index (nongjian check --repair). */
bool db_repair(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen);

#endif
