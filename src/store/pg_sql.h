/* The domain's SQL, written in SQLite's dialect, in PostgreSQL's (issue
 * 20 part 1): a pure function of the text, translated once when a
 * statement is prepared (store/pg_stmt.c). No server, no libpq.
 *
 * What the domain's statements really use (grep of the string literals
 * in src/ and record.c's rec_sql templates) and what becomes of it:
 *   ? and ?NNN         → $n, numbered as SQLite numbers them (a bare ?
 *                        is one more than the highest so far); never
 *                        inside '…', "…", [ … ], `…` or a comment
 *   INSERT OR IGNORE   → INSERT … ON CONFLICT DO NOTHING (before a
 *                        RETURNING)
 *   INSERT OR REPLACE  → INSERT and PGT_REPLACE: PostgreSQL needs the
 *                        conflict target, which the text does not say;
 *                        store/pg_stmt.c adds ON CONFLICT (the primary
 *                        key) DO UPDATE SET each column (quota.c's
 *                        temporary default_targets)
 *   BEGIN IMMEDIATE, BEGIN EXCLUSIVE → BEGIN, and PGT_WRITE_LOCK: the
 *                        caller then takes the writers' lock (pg_stmt.c
 *                        says why); BEGIN DEFERRED → BEGIN
 *   a IS b, a IS NOT b → IS NOT DISTINCT FROM, IS DISTINCT FROM
 *                        (PostgreSQL's IS takes only NULL, TRUE, FALSE,
 *                        UNKNOWN); IS [NOT] NULL stays
 *   ==                 → =
 *   temp.t             → pg_temp.t (the session's temporary tables);
 *                        CREATE INDEX temp.i: the name unqualified (an
 *                        index lives in its table's schema)
 *   INTEGER → BIGINT, REAL → DOUBLE PRECISION (SQLite's are 64-bit:
 *                        a CAST or a temporary table's column)
 *   WITHOUT ROWID      → dropped (the temporary tables)
 *   main.t             → t (SQLite's main database: the connection's own)
 *   FROM (SELECT …)    → FROM (SELECT …) AS nj_fromN when it has no alias
 *                        (PostgreSQL before 16 wants one: Debian 12 has 15)
 *   ON CONFLICT … DO UPDATE SET c = c + 1 → … = t.c + 1: a bare column in
 *                        an upsert's values and WHERE is the table's for
 *                        SQLite, ambiguous beside EXCLUDED's for PostgreSQL
 *   [x], `x`           → "x"
 *   CROSS JOIN t ON …  → JOIN t ON … (SQLite's join in the written order)
 *   INDEXED BY i, NOT INDEXED → dropped (SQLite's choice of index)
 * Deliberately not translated:
 *   function calls (strftime, date, julianday, printf, instr, substr,
 *     group_concat, char, two-argument max/min): the PostgreSQL schema
 *     defines them with SQLite's meaning (store/pg_schema.c);
 *   rowid (sample_stage.c's temporary tables), MATCH (the FTS5 lookup
 *     index: the lookup calls producer_search(?1), a function on
 *     PostgreSQL, store/pg_search.h), GLOB, PRAGMA and sqlite_master/sqlite_schema: SQLite's own,
 *     used by jobs that stay SQLite-only or need their own PostgreSQL
 *     version;
 *   named parameters (:a, @a, $a): the domain uses none;
 *   LIKE's ASCII case folding, an integer used as a truth value
 *     (WHERE flag), "…" used as a string: not in the domain's SQL;
 *   a column neither grouped nor aggregated (SQLite's "bare column":
 *     salefigures.c selects l.shop grouped by l.shop_id): the statement
 *     must say it;
 *   ON CONFLICT DO UPDATE without a target: only in triggers, which
 *     the PostgreSQL schema makes. */
#ifndef NJ_PG_SQL_H
#define NJ_PG_SQL_H

#include <stdbool.h>
#include <stddef.h>

enum {
	PGT_WRITE_LOCK = 1, /* BEGIN IMMEDIATE or EXCLUSIVE */
	PGT_INSERT = 2,     /* the (only) statement is an INSERT into table */
	PGT_RETURNING = 4,  /* the (first) statement has a RETURNING of its own */
	PGT_REPLACE = 8,    /* INSERT OR REPLACE, the OR REPLACE dropped: the caller adds the ON CONFLICT */
};

typedef struct {
	char *sql;      /* malloc'ed; no trailing ';' or space */
	int nparams;    /* SQLite's parameter count: the highest number */
	int statements; /* how many, separated by ';' */
	unsigned flags; /* PGT_* */
	char table[128]; /* PGT_INSERT: the table as translated (pg_temp.x, "x") */
	char columns[512]; /* PGT_INSERT: its column list as written ("a, b"), "": none */
} pg_sql;

/* Translate sqlite_sql; false with a Chinese message when it cannot be
 * (a quote or comment not closed, a parameter number out of range). */
bool pg_sql_translate(const char *sqlite_sql, pg_sql *out, char *err, size_t errlen);
void pg_sql_free(pg_sql *s);

/* An SQLSTATE (NULL or "": no answer, the connection is gone) as
 * SQLite's result code, the DB_* of store/db.h; *extended gets the
 * extended code (DB_CONSTRAINT_UNIQUE …) or the same. constraint: the
 * constraint's name when the server gave one (a primary key's ends in
 * _pkey). */
int pg_sql_result_code(const char *sqlstate, const char *constraint, int *extended);

#endif
