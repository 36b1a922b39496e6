/* The SQLite-to-PostgreSQL statement translation (store/pg_sql.h) on the
 * domain's own statements (copied from src/, and built by rec_sql from
 * the record tables as the record core builds them), and SQLSTATEs as
 * SQLite's result codes. No server: that the translations run is
 * tests/e2e/pgstmt.sh's. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "record/rectype.h"
#include "record/sample_table.h"
#include "store/pg_sql.h"

/* Translate sql and check the text, the parameter count and the flags. */
static void tr(const char *sql, const char *want, int nparams, unsigned flags)
{
	pg_sql p;
	char err[256] = "";
	bool ok = pg_sql_translate(sql, &p, err, sizeof err);
	CHECK(ok, "translates: %s (%s)", sql, err);
	if (!ok)
		return;
	CHECK_STR(p.sql, want, sql);
	CHECK(p.nparams == nparams, "%d parameters (got %d): %s", nparams, p.nparams, sql);
	CHECK(p.flags == flags, "flags %u (got %u): %s", flags, p.flags, sql);
	pg_sql_free(&p);
}

static void refused(const char *sql)
{
	pg_sql p;
	char err[256] = "";
	CHECK(!pg_sql_translate(sql, &p, err, sizeof err) && strstr(err, "程序错误"), "refused: %s (%s)", sql, err);
	CHECK(p.sql == NULL, "nothing left allocated: %s", sql);
}

static void parameters(void)
{
	/* ? numbered one after the highest so far, as SQLite does */
	tr("INSERT INTO drafts(login, form, saved_at, data) VALUES (?,?,?,?)"
	   " ON CONFLICT(login, form) DO UPDATE SET saved_at = excluded.saved_at, data = excluded.data",
	   "INSERT INTO drafts(login, form, saved_at, data) VALUES ($1,$2,$3,$4)"
	   " ON CONFLICT(login, form) DO UPDATE SET saved_at = excluded.saved_at, data = excluded.data",
	   4, PGT_INSERT);
	tr("SELECT a FROM t WHERE x = ?3 AND y = ? AND z = ?1", "SELECT a FROM t WHERE x = $3 AND y = $4 AND z = $1",
	   4, 0);
	/* not inside strings, identifiers or comments */
	tr("SELECT '?', \"a?\", [b?], `c?` -- d?\n FROM t /* ?9 */ WHERE s = 'it''s ?' AND n = ?",
	   "SELECT '?', \"a?\", \"b?\", \"c?\" -- d?\n FROM t /* ?9 */ WHERE s = 'it''s ?' AND n = $1", 1, 0);
	/* salelist.c: the same parameter again, and one used as a truth value */
	tr("SELECT l.id FROM sales l WHERE (?1 OR l.status = 'valid')"
	   " AND (?2 IS NULL OR nj_buyer(?2, l.buyer, coalesce(l.id_number, ''), coalesce(l.credit_code, '')))"
	   " AND (?7 IS NULL OR instr(coalesce(l.village, ''), ?7) > 0)"
	   " AND (?10 = 0 OR l.buyer_producer_id = ?10)",
	   "SELECT l.id FROM sales l WHERE ($1 OR l.status = 'valid')"
	   " AND ($2 IS NULL OR nj_buyer($2, l.buyer, coalesce(l.id_number, ''), coalesce(l.credit_code, '')))"
	   " AND ($7 IS NULL OR instr(coalesce(l.village, ''), $7) > 0)"
	   " AND ($10 = 0 OR l.buyer_producer_id = $10)",
	   10, 0);
	refused("SELECT ?0");
	refused("SELECT ?40000");
	refused("SELECT 'open");
	refused("SELECT \"open");
	refused("SELECT 1 /* open");
	refused("SELECT [open");
}

static void dialect(void)
{
	/* samplecheck.c: IS between values */
	tr("SELECT sample_no FROM samples WHERE unit_id = ?1 AND producer IS ?4 AND inhibition IS ?7"
	   " AND void_reason IS NOT NULL AND item IS NOT ?8 AND (?11 = 0 OR producer_id IS NULL)",
	   "SELECT sample_no FROM samples WHERE unit_id = $1 AND producer IS NOT DISTINCT FROM $4"
	   " AND inhibition IS NOT DISTINCT FROM $7"
	   " AND void_reason IS NOT NULL AND item IS DISTINCT FROM $8 AND ($11 = 0 OR producer_id IS NULL)",
	   11, 0);
	tr("SELECT 1 WHERE a IS b AND c is not d AND e IS TRUE AND f IS DISTINCT FROM g",
	   "SELECT 1 WHERE a IS NOT DISTINCT FROM b AND c IS DISTINCT FROM d AND e IS TRUE AND f IS DISTINCT FROM g",
	   0, 0);
	tr("SELECT 1 WHERE a == 1 AND b != 2", "SELECT 1 WHERE a = 1 AND b != 2", 0, 0);
	/* INSERT OR IGNORE: search_index.c, import_items.c (a temporary table) */
	tr("INSERT OR IGNORE INTO producer_initials(ini, name, id) VALUES (?1, ?2, ?3)",
	   "INSERT INTO producer_initials(ini, name, id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", 3, PGT_INSERT);
	tr("INSERT OR IGNORE INTO temp.import_items_seen(no, item) VALUES (?1, ?2);  ",
	   "INSERT INTO pg_temp.import_items_seen(no, item) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2, PGT_INSERT);
	tr("insert or ignore into t(a) select x from u returning a",
	   "insert into t(a) select x from u ON CONFLICT DO NOTHING returning a", 0, PGT_INSERT | PGT_RETURNING);
	/* a RETURNING inside a subquery is not the statement's */
	tr("INSERT OR IGNORE INTO t(a) VALUES ((SELECT 1 returning))",
	   "INSERT INTO t(a) VALUES ((SELECT 1 returning)) ON CONFLICT DO NOTHING", 0, PGT_INSERT);
	/* quota.c: the conflict target left to the statement layer, the columns kept for it */
	tr("INSERT OR REPLACE INTO temp.default_targets(year, unit_id, kind, target) VALUES (?,?,?,?)",
	   "INSERT INTO pg_temp.default_targets(year, unit_id, kind, target) VALUES ($1,$2,$3,$4)", 4,
	   PGT_INSERT | PGT_REPLACE);
	pg_sql p;
	char err[256];
	CHECK(pg_sql_translate("INSERT OR REPLACE INTO t (a, b) VALUES (1, 2)", &p, err, sizeof err) &&
	          strcmp(p.table, "t") == 0 && strcmp(p.columns, "a, b") == 0,
	      "an INSERT's table and columns: %s (%s)", p.table, p.columns);
	pg_sql_free(&p);
	/* the transactions of store/db.c */
	tr("BEGIN IMMEDIATE", "BEGIN", 0, PGT_WRITE_LOCK);
	tr("begin exclusive;", "begin", 0, PGT_WRITE_LOCK);
	tr("BEGIN DEFERRED", "BEGIN", 0, 0);
	tr("BEGIN", "BEGIN", 0, 0);
	tr("SAVEPOINT nj", "SAVEPOINT nj", 0, 0);
	tr("ROLLBACK TO nj; RELEASE nj", "ROLLBACK TO nj; RELEASE nj", 0, 0);
	tr("COMMIT", "COMMIT", 0, 0);
	/* the temporary tables: import_producers.c, import_samples.c, sample_stage.c */
	tr("CREATE TEMP TABLE IF NOT EXISTS producer_import_keys (k TEXT PRIMARY KEY) WITHOUT ROWID;"
	   "DELETE FROM temp.producer_import_keys;",
	   "CREATE TEMP TABLE IF NOT EXISTS producer_import_keys (k TEXT PRIMARY KEY) ;"
	   "DELETE FROM pg_temp.producer_import_keys",
	   0, 0);
	tr("CREATE TEMP TABLE IF NOT EXISTS import_seen (h INTEGER PRIMARY KEY, n INTEGER NOT NULL, v REAL);",
	   "CREATE TEMP TABLE IF NOT EXISTS import_seen (h BIGINT PRIMARY KEY, n BIGINT NOT NULL, v DOUBLE PRECISION)",
	   0, 0);
	tr("CREATE UNIQUE INDEX temp.sample_stage_ext ON sample_stage(ext_no) WHERE ext_no IS NOT NULL;"
	   "CREATE INDEX IF NOT EXISTS temp.sample_stage_same ON sample_stage(a, b)",
	   "CREATE UNIQUE INDEX sample_stage_ext ON sample_stage(ext_no) WHERE ext_no IS NOT NULL;"
	   "CREATE INDEX IF NOT EXISTS sample_stage_same ON sample_stage(a, b)",
	   0, 0);
	/* quota.c, coverage_counts.h: CAST to SQLite's 64-bit INTEGER */
	tr("SELECT (CAST(substr(month, 6, 2) AS INTEGER) + 2) / 3 FROM t",
	   "SELECT (CAST(substr(month, 6, 2) AS BIGINT) + 2) / 3 FROM t", 0, 0);
	/* function calls and words that merely contain a keyword stay */
	tr("SELECT strftime('%Y', s.sample_date), printf('%.1f', x), temporal, temp_x, isnull, integers FROM t",
	   "SELECT strftime('%Y', s.sample_date), printf('%.1f', x), temporal, temp_x, isnull, integers FROM t", 0,
	   0);
	/* a UPDATE … RETURNING of sample_stage.c */
	tr("UPDATE temp.sample_stage SET dropped = 1 WHERE ext_no = ?1 AND dropped = 0 RETURNING unit_id, year",
	   "UPDATE pg_temp.sample_stage SET dropped = 1 WHERE ext_no = $1 AND dropped = 0 RETURNING unit_id, year", 1,
	   PGT_RETURNING);
	/* sample_stage.c: SQLite's main database is the connection's own */
	tr("SELECT next_seq FROM main.counters WHERE unit_id = ?1", "SELECT next_seq FROM counters WHERE unit_id = $1", 1,
	   0);
	/* units.c, salefigures.c: a subquery in FROM gets the alias PostgreSQL
	 * before 16 wants; one with an alias, or in an expression, does not */
	tr("SELECT id FROM units WHERE name = ?1 UNION ALL SELECT id FROM (SELECT id FROM units WHERE short_name = ?1"
	   " ORDER BY id) LIMIT 1",
	   "SELECT id FROM units WHERE name = $1 UNION ALL SELECT id FROM (SELECT id FROM units WHERE short_name = $1"
	   " ORDER BY id) AS nj_from1 LIMIT 1",
	   1, 0);
	tr("SELECT a FROM (SELECT 1 AS a) x JOIN (SELECT 2 AS b) ON 1 WHERE a IN (SELECT 3) AND b = (SELECT 4)",
	   "SELECT a FROM (SELECT 1 AS a) x JOIN (SELECT 2 AS b) AS nj_from1 ON 1 WHERE a IN (SELECT 3) AND b = (SELECT 4)",
	   0, 0);
	tr("SELECT group_concat(shop, '、') FROM (SELECT DISTINCT x.shop FROM sales x WHERE x.id = ?1)",
	   "SELECT group_concat(shop, '、') FROM (SELECT DISTINCT x.shop FROM sales x WHERE x.id = $1) AS nj_from1", 1, 0);
	tr("SELECT * FROM (a JOIN b ON a.id = b.id)", "SELECT * FROM (a JOIN b ON a.id = b.id)", 0, 0);
	/* import_samples.c, bundle.c: an upsert's bare columns are the table's
	 * (PostgreSQL finds them ambiguous beside EXCLUDED's) */
	tr("INSERT INTO temp.import_seen(h, n) VALUES (?1, 1) ON CONFLICT(h) DO UPDATE SET n = n + 1",
	   "INSERT INTO pg_temp.import_seen(h, n) VALUES ($1, 1) ON CONFLICT(h) DO UPDATE SET n = import_seen.n + 1", 1,
	   PGT_INSERT);
	tr("INSERT INTO counters(unit_id, year, next_seq) VALUES (?1, ?2, ?3) ON CONFLICT(unit_id, year)"
	   " DO UPDATE SET next_seq = max(next_seq, excluded.next_seq), b = CASE WHEN x IS NULL THEN 'y' END"
	   " WHERE excluded.next_seq > next_seq AND (SELECT count(*) FROM t WHERE t.k = k) > 0 RETURNING id",
	   "INSERT INTO counters(unit_id, year, next_seq) VALUES ($1, $2, $3) ON CONFLICT(unit_id, year)"
	   " DO UPDATE SET next_seq = max(counters.next_seq, excluded.next_seq), b = CASE WHEN counters.x IS NULL THEN"
	   " 'y' END WHERE excluded.next_seq > counters.next_seq AND (SELECT count(*) FROM t WHERE t.k = k) > 0"
	   " RETURNING id",
	   3, PGT_INSERT | PGT_RETURNING);
	/* followup_states.h, sample_counts.c: SQLite's planner hints */
	tr("SELECT 1 FROM followup_years y CROSS JOIN followup_cases c ON c.sample_id = y.sample_id"
	   " CROSS JOIN units u WHERE y.year = ?1",
	   "SELECT 1 FROM followup_years y JOIN followup_cases c ON c.sample_id = y.sample_id"
	   " CROSS JOIN units u WHERE y.year = $1",
	   1, 0);
	tr("SELECT 1 FROM a CROSS JOIN (SELECT x FROM b WHERE x IN (SELECT 1)) AS q ON q.x = a.x",
	   "SELECT 1 FROM a JOIN (SELECT x FROM b WHERE x IN (SELECT 1)) AS q ON q.x = a.x", 0, 0);
	tr("SELECT category FROM samples INDEXED BY samples_year WHERE a = 1 UNION ALL SELECT 1 FROM t NOT INDEXED",
	   "SELECT category FROM samples  WHERE a = 1 UNION ALL SELECT 1 FROM t", 0, 0);
	/* several statements: no single INSERT to take an id from */
	tr("INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)", "INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)",
	   0, 0);
}

/* The record core's own statements (record.c's templates) for samples. */
static void record_core(void)
{
	static char sql[8192];
	rec_sql(&sample_type, sql, sizeof sql, "INSERT INTO samples(created_at, created_by, {columns}) VALUES (?1, ?2, {values})", 2);
	pg_sql p;
	char err[256] = "";
	CHECK(pg_sql_translate(sql, &p, err, sizeof err), "the record core's INSERT translates (%s)", err);
	CHECK(p.nparams == 2 + sample_type.nfields, "its parameters: two stamps and %d fields (got %d)",
	      sample_type.nfields, p.nparams);
	CHECK(p.flags == PGT_INSERT && strcmp(p.table, "samples") == 0, "an INSERT into samples (%s)", p.table);
	CHECK(!strchr(p.sql, '?'), "no ? left: %s", p.sql);
	char last[16];
	snprintf(last, sizeof last, "$%d)", p.nparams);
	CHECK(strstr(p.sql, last) != NULL, "the last value is %s: %s", last, p.sql);
	pg_sql_free(&p);

	sql[0] = '\0';
	rec_sql(&sample_type, sql, sizeof sql, "UPDATE samples SET version = ?1, updated_at = ?2, updated_by = ?3, {set} WHERE id = ?4 AND version = ?5", 5);
	CHECK(pg_sql_translate(sql, &p, err, sizeof err), "the record core's UPDATE translates (%s)", err);
	CHECK(p.nparams == 5 + sample_type.nfields && p.flags == 0, "its parameters: five and the fields (got %d)",
	      p.nparams);
	CHECK(strstr(p.sql, "WHERE id = $4 AND version = $5") != NULL, "its WHERE: %s", p.sql);
	pg_sql_free(&p);
}

static void code(const char *state, const char *constraint, int rc, int ext)
{
	int got_ext = -1, got = pg_sql_result_code(state, constraint, &got_ext);
	CHECK(got == rc && got_ext == ext, "SQLSTATE %s (%s): %d/%d, got %d/%d", state ? state : "(none)",
	      constraint ? constraint : "-", rc, ext, got, got_ext);
}

static void result_codes(void)
{
	code("23505", "units_name_key", SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_UNIQUE);
	code("23505", "units_pkey", SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_PRIMARYKEY);
	code("23505", NULL, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_UNIQUE);
	code("23514", "units_name_check", SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_CHECK);
	code("23502", NULL, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_NOTNULL);
	code("23503", NULL, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_FOREIGNKEY);
	code("P0001", NULL, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_TRIGGER);
	code("23P01", NULL, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT);
	code("40001", NULL, SQLITE_BUSY, SQLITE_BUSY);
	code("40P01", NULL, SQLITE_BUSY, SQLITE_BUSY);
	code("55P03", NULL, SQLITE_BUSY, SQLITE_BUSY);
	code("25006", NULL, SQLITE_READONLY, SQLITE_READONLY);
	code("42501", NULL, SQLITE_READONLY, SQLITE_READONLY);
	code("53100", NULL, SQLITE_FULL, SQLITE_FULL);
	code("08006", NULL, SQLITE_IOERR, SQLITE_IOERR);
	code(NULL, NULL, SQLITE_IOERR, SQLITE_IOERR);
	code("", NULL, SQLITE_IOERR, SQLITE_IOERR);
	code("22P02", NULL, SQLITE_MISMATCH, SQLITE_MISMATCH);
	code("42601", NULL, SQLITE_ERROR, SQLITE_ERROR);
	code("42P01", NULL, SQLITE_ERROR, SQLITE_ERROR);
}

int main(void)
{
	check_init();
	parameters();
	dialect();
	record_core();
	result_codes();
	return check_done();
}
