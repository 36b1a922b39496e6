/* Moving a county's SQLite database to PostgreSQL (issue 20 part 4,
 * nongjian migrate-to): everything copied into an empty database in one
 * transaction, the database's own access rules made, and the copy
 * checked before it is committed. */
#ifndef NJ_PG_MIGRATE_H
#define NJ_PG_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

#include "store/pg.h"
#include "store/pg_schema.h"
#include "store/db.h"

/* Who may do what on PostgreSQL, enforced by the server as well as by
 * the program (README, county IT: on PostgreSQL):
 * - one role per login, nj_<login> (LOGIN while the user is active),
 *   a member of nongjian_staff, nongjian_supervisor or nongjian_admin,
 *   which are members of nongjian_users;
 * - everyone reads every table; the rules (settings, units, products,
 *   limits, banned, pesticides, users, targets) are written by admins;
 * - a table with a unit_id, and one that refers to such a table (history,
 *   items, follow-up, ratings …), has row-level security: a 镇街录入员
 *   inserts and updates only rows of its own unit, 监管督查 and 管理员
 *   any unit's (follow-up of every town, bundle import); nobody deletes;
 * - the audit trail: SELECT and INSERT only, for everyone but its
 *   owner (the role that ran migrate-to); drafts: each login its own.
 * The statements go to out; logins is how many roles are given. c is
 * asked which roles exist already (roles belong to the whole cluster). */
bool pg_access_build(db_conn *db, pg_conn *c, const pg_schema *s, pg_script *out, int *logins, char *err,
                     size_t errlen);

typedef struct {
	char shown[640];     /* the target, without a password */
	size_t tables;       /* tables copied */
	long long rows;      /* rows copied */
	long unit_years;     /* unit × year numberings checked */
	long long search_keys; /* rows of the lookup index (store/pg_search.h) */
	int guards, maintained, maintenance; /* triggers: RAISE-only, maintaining, not translated */
	int logins;
	bool has_password;   /* the URL carried a password (the command line shows it to ps) */
	int version;         /* the schema version recorded (DB_SCHEMA_VERSION) */
} pg_migrate_summary;

/* Progress: a table copied with its rows (for the command line). */
typedef void (*pg_progress_fn)(void *ctx, const char *table, long long rows);

/* Copy db into the empty PostgreSQL database target. On any failure,
 * nothing stays there (one transaction) and err says why; a database
 * that is not empty is refused before anything is written. */
bool pg_migrate(db_conn *db, const char *target, pg_progress_fn progress, void *ctx, pg_migrate_summary *sum,
                char *err, size_t errlen);

/* The schema version on PostgreSQL: SQLite's PRAGMA user_version is a
 * one-row table there, written by migrate-to (the version of the SQLite
 * schema it copied, which db_open has brought to the program's). */
#define PG_VERSION_TABLE "nongjian_schema"
/* The version recorded in c's database: 0 when none is (not made by
 * migrate-to, or by one before the table); -1 with err on an error. */
int pg_version(pg_conn *c, char *err, size_t errlen);
/* db_open's test of a PostgreSQL target: the same version as the
 * program's goes on; a newer one is refused as SQLite's is; an older one
 * (or none) is refused saying what to do, since the migrations are
 * SQLite's and are not applied on the server. */
bool pg_version_ok(pg_conn *c, const char *target, char *err, size_t errlen);

#endif
