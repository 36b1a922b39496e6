/* Who may do what. A user is a Unix login (SSH has already authenticated
 * them); the users table maps it to a display name, a role and a town.
 * The checks live here, in the domain, so the screens and the command
 * line obey the same rules. No curses. */
#ifndef NJ_USERS_H
#define NJ_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "store/db.h"

enum { USER_STAFF, USER_SUPERVISOR, USER_ADMIN, USER_ROLE_COUNT };

typedef struct account {
	char login[64];
	char name[64];
	int role;
	char town[64];   /* "" when the user belongs to no unit */
	bool active;
} account;

/* An account with admin rights that has no users row: for demo data,
 * benchmarks and tests, which act outside any login. */
#define USER_AS(l) (&(const account){.login = l, .name = l, .role = USER_ADMIN, .active = true})

const char *user_role_label(int role);       /* 镇街录入员 / 监管督查 / 管理员 */
int user_role_from(const char *s);           /* label or staff/supervisor/admin; -1 */

/* Load a login; false with a Chinese message when unknown or disabled. */
bool user_load(db_conn *db, const char *login, account *out, char *err, size_t errlen);
long users_count(db_conn *db);
/* On a database without users, make login its first admin (init). */
bool user_bootstrap(db_conn *db, const char *login, char *err, size_t errlen);

/* Admin jobs; each writes an audit row in the same transaction. */
bool user_add(db_conn *db, const config *c, const account *actor, const char *login,
              const char *name, int role, const char *town, char *err, size_t errlen);
/* Change name, role and/or town (NULL / -1: keep). */
bool user_set(db_conn *db, const config *c, const account *actor, const char *login,
              const char *name, int role, const char *town, char *err, size_t errlen);
bool user_disable(db_conn *db, const account *actor, const char *login, char *err, size_t errlen);
bool user_each(db_conn *db, void (*fn)(void *ctx, const account *u), void *ctx, char *err, size_t errlen);

/* The rules. Staff create and correct their own town's records only;
 * supervisors read everything, follow up any town (staff their own:
 * sample/followup.c), and write records of
 * their own unit if they have one; admins may do everything. Each
 * returns NULL when allowed, else the Chinese reason. */
const char *user_may_write_town(const account *u, const char *town);
const char *user_may_admin(const account *u);
/* Credit ratings and the blacklist: supervisors and admins. */
const char *user_may_supervise(const account *u);

#endif
