/* The PostgreSQL statement layer (store/pg_stmt.h) against a real server:
 * NJ_PG_URL names an empty-but-for-the-schema database that `nongjian
 * migrate-to` made (tests/e2e/pgstmt.sh starts a throw-away cluster and
 * runs this program with it). Without NJ_PG_URL it says it skipped, and
 * where it runs. Prepare, binds, steps, columns and their types, NULLs,
 * Chinese text, errors as SQLite's codes, changes, the last insert id,
 * the writers' lock and a lost connection. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "record/followup_table.h"
#include "record/inspect_table.h"
#include "record/producer_table.h"
#include "record/rectype.h"
#include "record/sale_table.h"
#include "record/sample_table.h"
#include "store/pg_stmt.h"

static pg_conn *c;

static pg_stmt *prep(const char *sql)
{
	char err[256] = "";
	pg_stmt *st = pg_stmt_prepare(c, sql, err, sizeof err);
	CHECK(st != NULL, "prepared: %s (%s)", sql, err);
	return st;
}

/* The first column of a one-row query as a number, -1 when it fails. */
static long long one(pg_conn *on, const char *sql)
{
	char err[256] = "";
	pg_stmt *st = pg_stmt_prepare(on, sql, err, sizeof err);
	long long v = st && pg_stmt_step(st) == SQLITE_ROW ? pg_stmt_column_int64(st, 0) : -1;
	pg_stmt_finalize(st);
	return v;
}

/* Run a write with texts bound: its step's result code. */
static int write3(const char *sql, const char *a, const char *b, const char *d)
{
	pg_stmt *st = prep(sql);
	if (!st)
		return -1;
	const char *v[] = {a, b, d};
	for (int i = 0; i < 3 && i < pg_stmt_bind_parameter_count(st); i++)
		pg_stmt_bind_text(st, i + 1, v[i]);
	int rc = pg_stmt_step(st);
	pg_stmt_finalize(st);
	return rc;
}

/* The server's message, its first line (the rest names the row's values). */
static const char *said(pg_conn *on)
{
	static char line[256];
	snprintf(line, sizeof line, "%s", pg_stmt_errmsg(on));
	line[strcspn(line, "\n")] = '\0';
	return line;
}

static void error_is(int rc, int want, int ext, const char *what)
{
	CHECK(rc == want && pg_stmt_errcode(c) == want && pg_stmt_extended_errcode(c) == ext,
	      "%s: %d/%d (got %d, errcode %d, extended %d: %s)", what, want, ext, rc, pg_stmt_errcode(c),
	      pg_stmt_extended_errcode(c), said(c));
}

static void insert_and_read(void)
{
	pg_stmt *st = prep("INSERT INTO units(name, short_name, sort) VALUES (?1, ?, ?3)");
	if (!st)
		return;
	CHECK(pg_stmt_bind_parameter_count(st) == 3, "three parameters (%d)", pg_stmt_bind_parameter_count(st));
	CHECK(pg_stmt_bind_text(st, 4, "x") == SQLITE_RANGE, "a fourth is out of range");
	pg_stmt_bind_text(st, 1, "测试镇");
	pg_stmt_bind_text(st, 2, "测试");
	pg_stmt_bind_int64(st, 3, 42);
	CHECK(pg_stmt_step(st) == SQLITE_DONE, "an INSERT steps to DONE (%s)", said(c));
	CHECK(pg_stmt_changes(c) == 1, "one row changed (%lld)", pg_stmt_changes(c));
	long long id = pg_stmt_last_insert_id(c);
	CHECK(id > 0 && id == one(c, "SELECT id FROM units WHERE name = '测试镇'"), "the last insert id is the row's (%lld)",
	      id);
	/* again, the same statement: reset keeps the binds, a new name */
	pg_stmt_reset(st);
	pg_stmt_bind_text(st, 1, "测试乡");
	CHECK(pg_stmt_step(st) == SQLITE_DONE && pg_stmt_last_insert_id(c) > id,
	      "run again after a reset: a new id (%lld)", pg_stmt_last_insert_id(c));
	pg_stmt_finalize(st);

	st = prep("SELECT id, name, sort, NULL, 2.5, sort > 0, sum(sort) OVER (), short_name IS ? FROM units"
	          " WHERE sort = ?2 ORDER BY name");
	if (!st)
		return;
	CHECK(pg_stmt_column_count(st) == 8, "eight columns known before the first step (%d)",
	      pg_stmt_column_count(st));
	CHECK_STR(pg_stmt_column_name(st, 1), "name", "a column's name");
	pg_stmt_bind_text(st, 1, "测试");
	pg_stmt_bind_int64(st, 2, 42);
	int rows = 0, rc;
	while ((rc = pg_stmt_step(st)) == SQLITE_ROW) {
		if (rows++ == 0) {
			CHECK_STR(pg_stmt_column_text(st, 1), "测试乡", "Chinese text round-trips, in order");
			CHECK(pg_stmt_column_bytes(st, 1) == (int)strlen("测试乡"), "its bytes (%d)",
			      pg_stmt_column_bytes(st, 1));
			CHECK(pg_stmt_column_type(st, 0) == SQLITE_INTEGER, "an id is an integer");
			CHECK(pg_stmt_column_type(st, 1) == SQLITE_TEXT, "a name is text");
			CHECK(pg_stmt_column_type(st, 3) == SQLITE_NULL && !pg_stmt_column_text(st, 3) &&
			          pg_stmt_column_int64(st, 3) == 0,
			      "NULL: no text, 0");
			CHECK(pg_stmt_column_type(st, 4) == SQLITE_FLOAT && pg_stmt_column_double(st, 4) == 2.5,
			      "a number with a fraction is a float");
			CHECK(pg_stmt_column_type(st, 5) == SQLITE_INTEGER && pg_stmt_column_int64(st, 5) == 1 &&
			          strcmp(pg_stmt_column_text(st, 5), "1") == 0,
			      "a truth value reads 1, as SQLite's");
			CHECK(pg_stmt_column_type(st, 6) == SQLITE_INTEGER && pg_stmt_column_int64(st, 6) == 84,
			      "a sum of integers (numeric) is an integer: %s", pg_stmt_column_text(st, 6));
			CHECK(pg_stmt_column_int64(st, 7) == 1, "IS between values: short_name IS ?");
		}
	}
	CHECK(rc == SQLITE_DONE && rows == 2, "two rows, then DONE (%d rows, rc %d)", rows, rc);
	CHECK(pg_stmt_step(st) == SQLITE_ROW, "a step after DONE runs it again");
	pg_stmt_finalize(st);

	/* a NULL bound, and a parameter the server cannot type from its use */
	st = prep("SELECT CASE WHEN ?1 IS NULL THEN '无' ELSE '有' END");
	if (st) {
		pg_stmt_bind_null(st, 1);
		CHECK(pg_stmt_step(st) == SQLITE_ROW && strcmp(pg_stmt_column_text(st, 0), "无") == 0,
		      "?1 IS NULL alone, bound NULL (%s)", said(c));
		pg_stmt_reset(st);
		pg_stmt_bind_text(st, 1, "x");
		CHECK(pg_stmt_step(st) == SQLITE_ROW && strcmp(pg_stmt_column_text(st, 0), "有") == 0, "and bound");
		pg_stmt_finalize(st);
	}
	st = prep("SELECT ?1 + 0.5, ?2");
	if (st) {
		pg_stmt_bind_double(st, 1, 0.1);
		pg_stmt_bind_int64(st, 2, 9007199254740993LL);
		CHECK(pg_stmt_step(st) == SQLITE_ROW && strcmp(pg_stmt_column_text(st, 0), "0.6") == 0 &&
		          pg_stmt_column_int64(st, 1) == 9007199254740993LL,
		      "a double and a 64-bit integer round-trip (%s, %s)", pg_stmt_column_text(st, 0),
		      pg_stmt_column_text(st, 1));
		pg_stmt_finalize(st);
	}
}

static void errors(void)
{
	int rc = write3("INSERT INTO units(name, short_name) VALUES (?1, ?2)", "测试镇", "重", NULL);
	error_is(rc, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_UNIQUE, "a repeated name: UNIQUE");
	CHECK(strstr(pg_stmt_errmsg(c), "units") != NULL, "the server's words kept for the log: %s", said(c));
	char idsql[128];
	snprintf(idsql, sizeof idsql, "INSERT INTO units(id, name, short_name) VALUES (%lld, ?1, ?2)",
	         one(c, "SELECT min(id) FROM units"));
	rc = write3(idsql, "又一镇", "又", NULL);
	error_is(rc, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_PRIMARYKEY, "a repeated id: PRIMARYKEY");
	rc = write3("INSERT INTO units(name, short_name) VALUES (?1, ?2)", "缺镇", NULL, NULL);
	error_is(rc, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_NOTNULL, "a missing short name: NOTNULL");
	rc = write3("INSERT INTO units(name, short_name) VALUES (?1, ?2)", "坏\u202e镇", "坏", NULL);
	error_is(rc, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_CHECK, "a bidi override: the text CHECK");
	rc = write3("INSERT INTO audit(at, login, action, entity) VALUES (?1, ?2, 'test', ?3)", "2026-06-15 10:00:00",
	            "root", "测试");
	CHECK(rc == SQLITE_DONE, "the audit trail takes a row (%s)", said(c));
	rc = write3("UPDATE audit SET login = ?1", "x", NULL, NULL);
	error_is(rc, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_TRIGGER, "an UPDATE of the audit trail: the guard (P0001)");
	rc = write3("INSERT INTO units(name, short_name, sort) VALUES (?1, ?2, ?3)", "数镇", "数", "许多");
	error_is(rc, SQLITE_MISMATCH, SQLITE_MISMATCH, "text into an integer column: MISMATCH");

	/* INSERT OR IGNORE: nothing, no error, the last id stays */
	long long id = pg_stmt_last_insert_id(c);
	rc = write3("INSERT OR IGNORE INTO units(name, short_name) VALUES (?1, ?2)", "测试镇", "重", NULL);
	CHECK(rc == SQLITE_DONE && pg_stmt_changes(c) == 0 && pg_stmt_last_insert_id(c) == id,
	      "INSERT OR IGNORE of a repeat: DONE, no change, the last id kept (%d, %lld)", rc, pg_stmt_changes(c));

	char err[256] = "";
	pg_stmt *st = pg_stmt_prepare(c, "SELECT nosuch FROM units", err, sizeof err);
	CHECK(!st && strstr(err, "准备查询失败") && pg_stmt_errcode(c) == SQLITE_ERROR,
	      "a bad statement is refused at the prepare, in Chinese: %s", err);
	pg_stmt_finalize(st);
}

/* The record core's INSERT and versioned UPDATE (record.c's templates)
 * of every record type prepare on the server's schema. */
static void record_core(void)
{
	const rectype *types[] = {&sample_type, &producer_type, &sale_type, &inspect_type, &followup_type};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		const rectype *rt = types[i];
		char tmpl[256], sql[8192] = "";
		snprintf(tmpl, sizeof tmpl, "INSERT INTO %s(created_at, created_by, {columns}) VALUES (?1, ?2, {values})",
		         rt->table);
		pg_stmt_finalize(prep(rec_sql(rt, sql, sizeof sql, tmpl, 2)));
		if (!rt->changes)
			continue; /* never corrected */
		snprintf(tmpl, sizeof tmpl,
		         "UPDATE %s SET version = ?1, updated_at = ?2, updated_by = ?3, {set} WHERE id = ?4 AND version = ?5",
		         rt->table);
		sql[0] = '\0';
		pg_stmt_finalize(prep(rec_sql(rt, sql, sizeof sql, tmpl, 5)));
	}
}

static void transactions(const char *url)
{
	char err[256];
	CHECK(pg_stmt_exec(c, "BEGIN IMMEDIATE") == SQLITE_OK && pg_stmt_in_transaction(c), "BEGIN IMMEDIATE");
	/* a prepare that fails inside leaves the transaction usable */
	pg_stmt *bad = pg_stmt_prepare(c, "SELECT nosuch FROM counters", err, sizeof err);
	CHECK(!bad && one(c, "SELECT 7") == 7, "a failed prepare does not spoil the transaction");
	/* a savepoint undoes a failed statement, as db_rollback's nested one */
	CHECK(pg_stmt_exec(c, "SAVEPOINT nj") == SQLITE_OK, "SAVEPOINT nj");
	write3("INSERT INTO units(name, short_name) VALUES (?1, ?2)", "测试镇", "重", NULL);
	CHECK(pg_stmt_exec(c, "ROLLBACK TO nj; RELEASE nj") == SQLITE_OK && one(c, "SELECT 8") == 8,
	      "ROLLBACK TO nj; RELEASE nj: the transaction goes on after the failure");

	/* another writer waits for the writers' lock, and gives up as busy */
	char e2[256] = "";
	pg_conn *other = pg_connect(url, e2, sizeof e2);
	CHECK(other != NULL, "a second connection (%s)", e2);
	if (other) {
		CHECK(pg_stmt_busy_timeout(other, 200) == SQLITE_OK, "a busy timeout of 200 ms");
		int rc = pg_stmt_exec(other, "BEGIN IMMEDIATE");
		CHECK(rc == SQLITE_BUSY && !pg_stmt_in_transaction(other),
		      "a second BEGIN IMMEDIATE while the first writes: BUSY, no transaction left open (%d: %s)", rc,
		      said(other));
		CHECK(one(other, "SELECT count(*) FROM units") > 0, "it still reads meanwhile");
	}
	CHECK(pg_stmt_exec(c, "COMMIT") == SQLITE_OK && !pg_stmt_in_transaction(c), "COMMIT");
	if (other) {
		CHECK(pg_stmt_exec(other, "BEGIN IMMEDIATE") == SQLITE_OK, "after the COMMIT the second writer gets in");
		pg_stmt_exec(other, "ROLLBACK");
	}

	/* one statement read while others run on the same connection */
	pg_stmt *list = prep("SELECT name FROM units ORDER BY id");
	int rows = 0;
	while (list && pg_stmt_step(list) == SQLITE_ROW)
		if (rows++ == 0)
			CHECK(write3("INSERT INTO drafts(login, form, saved_at, data) VALUES (?,?,?,'{}')", "root", "sample",
			             "2026-06-15") == SQLITE_DONE,
			      "a write between two rows of a read");
	CHECK(rows == one(c, "SELECT count(*) FROM units"), "the read went on to its end (%d rows)", rows);
	pg_stmt_finalize(list);

	/* a temporary table, as the imports make them */
	CHECK(pg_stmt_exec(c, "CREATE TEMP TABLE IF NOT EXISTS seen (k TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;"
	                      "DELETE FROM temp.seen;") == SQLITE_OK,
	      "a temporary table (%s)", said(c));
	write3("INSERT OR IGNORE INTO temp.seen (k, n) VALUES (?1, 5000000000)", "甲", NULL, NULL);
	write3("INSERT OR IGNORE INTO temp.seen (k, n) VALUES (?1, 1)", "甲", NULL, NULL);
	CHECK(one(c, "SELECT n FROM temp.seen") == 5000000000LL, "its 64-bit INTEGER, the repeat ignored");
	/* INSERT OR REPLACE (quota.c's default targets): on the primary key */
	CHECK(pg_stmt_exec(c, "CREATE TEMP TABLE IF NOT EXISTS targets_t (year INTEGER, kind TEXT, target INTEGER,"
	                      " PRIMARY KEY (year, kind))") == DB_OK,
	      "a temporary table with a key");
	write3("INSERT OR REPLACE INTO temp.targets_t(year, kind, target) VALUES (?1, ?2, ?3)", "2026", "速测", "10");
	write3("INSERT OR REPLACE INTO temp.targets_t(year, kind, target) VALUES (?1, ?2, ?3)", "2026", "速测", "12");
	CHECK(one(c, "SELECT target FROM temp.targets_t") == 12 && one(c, "SELECT count(*) FROM temp.targets_t") == 1,
	      "INSERT OR REPLACE replaces the row of the same key");
	CHECK(pg_stmt_exec(c, "BEGIN") == DB_OK, "BEGIN");
	pg_stmt *keyless = pg_stmt_prepare(c, "INSERT OR REPLACE INTO temp.seen(k) VALUES (?1)", err, sizeof err);
	CHECK(keyless != NULL, "INSERT OR REPLACE on a key (%s)", err);
	pg_stmt_finalize(keyless);
	keyless = pg_stmt_prepare(c, "INSERT OR REPLACE INTO drafts_missing(k) VALUES (?1)", err, sizeof err);
	CHECK(!keyless && pg_stmt_errcode(c) == DB_ERROR && one(c, "SELECT 9") == 9,
	      "on a table with no key: refused at the prepare, the transaction still usable (%s)", err);
	pg_stmt_exec(c, "ROLLBACK");

	/* the same text prepared again is the same server statement */
	long long before = one(c, "SELECT count(*) FROM pg_prepared_statements");
	pg_stmt_finalize(prep("SELECT name FROM units WHERE id = ?"));
	pg_stmt_finalize(prep("SELECT name FROM units WHERE id = ?"));
	CHECK(one(c, "SELECT count(*) FROM pg_prepared_statements") == before + 1,
	      "prepared once per connection, by its text");

	/* the connection lost: an I/O error */
	pg_stmt *later = prep("UPDATE units SET sort = ?1");
	if (other) {
		char kill[96];
		snprintf(kill, sizeof kill, "SELECT pg_terminate_backend(%lld)", one(c, "SELECT pg_backend_pid()"));
		CHECK(one(other, kill) == 1, "the first connection's server process ended");
		pg_close(other);
	}
	int rc = later ? pg_stmt_step(later) : -1;
	CHECK(rc == SQLITE_IOERR && pg_stmt_errcode(c) == SQLITE_IOERR, "then a step is an I/O error (%d)", rc);
	CHECK(pg_stmt_finalize(later) == SQLITE_IOERR, "and its finalize says so");
	char err2[256] = "";
	CHECK(!pg_stmt_prepare(c, "SELECT 1 FROM units", err2, sizeof err2) && strstr(err2, "连接中断"),
	      "a prepare says the connection is gone: %s", err2);
}

int main(void)
{
	check_init();
	const char *url = getenv("NJ_PG_URL");
	if (!url || !*url) {
		printf("ok - # SKIP needs a PostgreSQL server: tests/e2e/pgstmt.sh runs this with NJ_PG_URL\n");
		return check_done();
	}
	char err[256] = "";
	c = pg_connect(url, err, sizeof err);
	CHECK(c != NULL, "connect (%s)", err);
	if (!c)
		return check_done();
	insert_and_read();
	errors();
	record_core();
	transactions(url);
	pg_close(c);
	return check_done();
}
