/* insertloop — the floor an import is measured against (issue 19): one
 * prepared INSERT per row into the same schema (every index, CHECK and
 * trigger of a database made by nongjian), in one transaction, with no
 * checks of its own. The rows are the samples table of another database
 * (the same year's records the import file was made from), read one by
 * one while inserting; each gets a new number (tag-N) and a sequence
 * number above every one in use, so it can run into a full database
 * (after the commit, untimed, the counters are moved past them).
 * The connection is the program's (db_open) with an import's page cache.
 *
 *   insertloop --db TARGET --src SOURCE [--rows N] [--tag T] [--no-checks]
 *
 * --no-checks: with the table's CHECK constraints off (PRAGMA
 * ignore_check_constraints), as the importer inserts before it verifies
 * them once for all new rows: the floor of the B-trees and triggers alone.
 * Prints "floor_rows N" and "floor_ms X" (first INSERT to COMMIT; with
 * --no-checks "floor_nochk_rows", "floor_nochk_ms"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Columns copied as they are: all but the row's identity and its history. */
static bool copied(const char *col)
{
	static const char *const own[] = {"id", "sample_no", "seq", "ext_no", "status", "void_reason",
	                                  "version", "updated_at", "updated_by", NULL};
	for (int i = 0; own[i]; i++)
		if (strcmp(col, own[i]) == 0)
			return false;
	return true;
}

static int fail(db_conn *db, const char *what)
{
	fprintf(stderr, "insertloop: %s: %s\n", what, db ? db_errmsg(db) : "");
	return 1;
}

int main(int argc, char **argv)
{
	const char *target = NULL, *src = NULL, *tag = "F", *prefix = "floor";
	long rows = 200000;
	bool no_checks = false;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--no-checks") == 0) {
			no_checks = true;
			prefix = "floor_nochk";
			for (int j = i; j + 1 < argc; j++)
				argv[j] = argv[j + 1];
			argc--;
		}
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			target = argv[i + 1];
		else if (strcmp(argv[i], "--src") == 0)
			src = argv[i + 1];
		else if (strcmp(argv[i], "--rows") == 0)
			rows = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--tag") == 0)
			tag = argv[i + 1];
	}
	if (!target || !src) {
		fprintf(stderr, "usage: insertloop --db TARGET --src SOURCE [--rows N] [--tag T] [--no-checks]\n");
		return 2;
	}
	char err[512];
	db_conn *db = db_open(target, 10000, false, err, sizeof err); /* the program's own settings */
	if (!db) {
		fprintf(stderr, "insertloop: %s\n", err);
		return 1;
	}
	/* The page cache an import gets (transfer/importer.c), not the
	 * screens' 256 KB: the floor is the rows' cost, not the cache's. */
	db_exec(db, "PRAGMA cache_size = -16384");
	if (no_checks)
		db_exec(db, "PRAGMA ignore_check_constraints = ON");
	db_stmt *st;
	if (db_prepare_rc(db, "ATTACH ?1 AS src", &st) != DB_OK)
		return fail(db, "attach");
	db_bind_text(st, 1, src);
	if (db_step(st) != DB_DONE)
		return fail(db, "attach");
	db_finalize(st);

	/* The column lists, from the target's own table. */
	char cols[4096] = "", marks[1024] = "";
	int ncols = 0;
	if (db_prepare_rc(db, "SELECT name FROM pragma_table_info('samples')", &st) != DB_OK)
		return fail(db, "columns");
	while (db_step(st) == DB_ROW) {
		const char *c = db_column_text(st, 0);
		if (!copied(c))
			continue;
		ncols++;
		size_t n = strlen(cols), m = strlen(marks);
		snprintf(cols + n, sizeof cols - n, ", %s", c);
		snprintf(marks + m, sizeof marks - m, ", ?%d", ncols + 2);
	}
	db_finalize(st);
	char sql[8192];
	snprintf(sql, sizeof sql, "SELECT %s FROM src.samples WHERE status = 'valid' ORDER BY id LIMIT ?1", cols + 2);
	db_stmt *sel, *ins;
	if (db_prepare_rc(db, sql, &sel) != DB_OK)
		return fail(db, "select");
	db_bind_int64(sel, 1, rows);
	snprintf(sql, sizeof sql, "INSERT INTO main.samples(sample_no, seq%s) VALUES (?1, ?2%s)", cols, marks);
	if (db_prepare_rc(db, sql, &ins) != DB_OK)
		return fail(db, "insert");

	if (db_exec(db, "BEGIN IMMEDIATE") != DB_OK)
		return fail(db, "begin");
	/* (not timed: no index serves it, and a real import needs no such scan) */
	long long seq = 0;
	if (db_prepare_rc(db, "SELECT coalesce(max(seq), 0) FROM main.samples", &st) == DB_OK &&
	    db_step(st) == DB_ROW)
		seq = db_column_int64(st, 0);
	db_finalize(st);
	double t0 = now_ms();
	long n = 0;
	char no[64];
	while (db_step(sel) == DB_ROW) {
		snprintf(no, sizeof no, "%s-%ld", tag, ++n);
		db_bind_text_copy(ins, 1, no);
		db_bind_int64(ins, 2, seq + n);
		for (int j = 0; j < ncols; j++)
			db_bind_column(ins, j + 3,sel, j);
		if (db_step(ins) != DB_DONE)
			return fail(db, "insert");
		db_reset(ins);
	}
	if (db_exec(db, "COMMIT") != DB_OK)
		return fail(db, "commit");
	double t1 = now_ms();
	db_finalize(sel);
	db_finalize(ins);
	/* Not timed: the counters moved past the numbers used here, so that
	 * nongjian import, run next into the same database, numbers after
	 * them (numbering only goes forward; it collided before). */
	if (db_exec(db, "UPDATE counters SET next_seq = (SELECT max(s.seq) + 1 FROM samples s WHERE s.unit_id = "
	                "counters.unit_id AND s.year = counters.year) WHERE next_seq <= (SELECT max(s.seq) FROM "
	                "samples s WHERE s.unit_id = counters.unit_id AND s.year = counters.year)") != DB_OK)
		return fail(db, "counters");
	printf("%s_rows\t%ld\n%s_ms\t%.1f\n", prefix, n, prefix, t1 - t0);
	db_close(db);
	return n > 0 ? 0 : 1;
}
