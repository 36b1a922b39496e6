/* The database a domain unit test runs against (issue 20: both backends
 * pass the same domain tests). test_db_open() gives what
 * db_open(":memory:", busy_ms, true, …) gives — a new, empty database at
 * the current schema — on SQLite, or, when NJ_TEST_PG names a cluster, a
 * new PostgreSQL database of its own with the same starting state:
 *
 *   NJ_TEST_PG=postgresql://nj_owner@/postgres?host=/tmp/njpg.X  (any
 *   database of the cluster; a role that may create databases and roles)
 *
 * The first PostgreSQL open makes an SQLite :memory: database and copies
 * it with the domain's own pg_migrate (nongjian migrate-to) into a
 * template database of this process; every open is then CREATE DATABASE
 * … TEMPLATE that one (a file copy on the server, far quicker than a
 * migrate each time). test_db_close() closes a test database and drops
 * it; the template is dropped when the program exits. tests/e2e/pgunit.sh
 * runs the domain tests this way on a throw-away cluster.
 *
 * A check that only makes sense on SQLite (a file path, two connections
 * to one file, a PRAGMA, the WAL, sqlite3_* calls) is skipped on
 * PostgreSQL with TEST_SKIP_PG("why"), which prints "ok - # SKIP on
 * PostgreSQL: why" so that the totals list it. */
#ifndef NJ_TESTDB_H
#define NJ_TESTDB_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/diag.h"
#include "store/db.h"
#include "store/pg.h"
#include "store/pg_migrate.h"

static inline const char *test_pg_base(void)
{
	const char *s = getenv("NJ_TEST_PG");
	return s && *s ? s : NULL;
}

static inline bool test_on_pg(void) { return test_pg_base() != NULL; }

#define TEST_SKIP_PG(...)                                                    \
	do {                                                                 \
		check_passed++;                                              \
		printf("ok - # SKIP on PostgreSQL: ");                       \
		printf(__VA_ARGS__);                                         \
		putchar('\n');                                               \
	} while (0)

/* The test's databases on the cluster: each one's name, to drop it at
 * test_db_close or at exit, and the connection test_db_open gave. */
#define TEST_DB_MAX 256
static struct {
	db_conn *db;
	char name[64];
} test_dbs[TEST_DB_MAX];
static pg_conn *test_admin;    /* to the base database, for CREATE / DROP DATABASE */
static char test_template[64]; /* test_db_open's template; "" until the first open */
static int test_db_seq;

/* base with its database name (the URL's path) replaced by name. */
static inline bool test_pg_url(const char *name, char *url, size_t len, char *err, size_t errlen)
{
	const char *base = test_pg_base(), *scheme = strstr(base, "://");
	const char *path = scheme ? strchr(scheme + 3, '/') : NULL;
	if (!path) {
		snprintf(err, errlen, "NJ_TEST_PG is not a postgresql:// URL with a database: %s", base);
		return false;
	}
	size_t end = strcspn(path + 1, "?");
	int n = snprintf(url, len, "%.*s/%s%s", (int)(path - base), base, name, path + 1 + end);
	return n > 0 && (size_t)n < len;
}

static inline void test_pg_drop(const char *name)
{
	char sql[128], err[512];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
	if (test_admin && !pg_exec(test_admin, sql, 0, NULL, "drop a test database", err, sizeof err))
		fprintf(stderr, "# %s\n", err);
}

static inline void test_pg_atexit(void)
{
	for (int i = 0; i < TEST_DB_MAX; i++)
		if (test_dbs[i].name[0]) { /* a database left open by the test is dropped all the same */
			if (test_dbs[i].db)
				db_close(test_dbs[i].db);
			test_pg_drop(test_dbs[i].name);
		}
	pg_close(test_admin);
	test_admin = NULL;
}

/* A new database on the cluster: empty (from template0) when from is
 * NULL, else a copy of the database from. Its URL into url, its slot
 * (for test_db_close) returned; -1 with err on a failure. */
static inline int test_pg_create(const char *from, char *url, size_t len, char *err, size_t errlen)
{
	if (!test_admin) {
		diag_open(NULL); /* NONGJIAN_LOG: the server's own messages (tests/e2e/pgunit.sh shows them) */
		test_admin = pg_connect(test_pg_base(), err, errlen);
		if (!test_admin)
			return -1;
		atexit(test_pg_atexit);
	}
	int slot = 0;
	while (slot < TEST_DB_MAX && test_dbs[slot].name[0])
		slot++;
	if (slot == TEST_DB_MAX) {
		snprintf(err, errlen, "more than %d test databases at once", TEST_DB_MAX);
		return -1;
	}
	char name[64], sql[200];
	snprintf(name, sizeof name, "njt_%ld_%d", (long)getpid(), ++test_db_seq);
	if (from)
		snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", name, from);
	else
		snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" ENCODING 'UTF8' TEMPLATE template0", name);
	if (!pg_exec(test_admin, sql, 0, NULL, "create a test database", err, errlen))
		return -1;
	snprintf(test_dbs[slot].name, sizeof test_dbs[slot].name, "%s", name);
	return test_pg_url(name, url, len, err, errlen) ? slot : -1;
}

/* A new PostgreSQL database holding what the SQLite database src holds,
 * copied by the domain's migrate-to (pg_migrate); its name into name
 * (a template for test_pg_create), its URL into url. */
static inline bool test_pg_copy(db_conn *src, char *name, size_t namelen, char *url, size_t len, char *err,
                                size_t errlen)
{
	int slot = test_pg_create(NULL, url, len, err, errlen);
	if (slot < 0)
		return false;
	snprintf(name, namelen, "%s", test_dbs[slot].name);
	pg_migrate_summary sum;
	return pg_migrate(src, url, NULL, NULL, &sum, err, errlen);
}

/* What db_open(":memory:", busy_ms, true, …) gives, on the backend the
 * test runs on. */
static inline db_conn *test_db_open(long busy_ms, char *err, size_t errlen)
{
	if (!test_on_pg())
		return db_open(":memory:", busy_ms, true, err, errlen);
	char url[1024];
	if (!test_template[0]) {
		db_conn *sq = db_open(":memory:", busy_ms, true, err, errlen);
		if (!sq)
			return NULL;
		bool ok = test_pg_copy(sq, test_template, sizeof test_template, url, sizeof url, err, errlen);
		db_close(sq);
		if (!ok)
			return NULL;
	}
	int slot = test_pg_create(test_template, url, sizeof url, err, errlen);
	if (slot < 0)
		return NULL;
	db_conn *db = db_open(url, busy_ms, false, err, errlen);
	test_dbs[slot].db = db;
	return db;
}

/* db_close, and on PostgreSQL the test's database dropped. */
static inline void test_db_close(db_conn *db)
{
	if (!db)
		return;
	db_close(db);
	for (int i = 0; i < TEST_DB_MAX; i++)
		if (test_dbs[i].db == db) {
			test_dbs[i].db = NULL;
			test_pg_drop(test_dbs[i].name);
			test_dbs[i].name[0] = '\0';
		}
}

#endif
