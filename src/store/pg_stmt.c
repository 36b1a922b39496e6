#include "store/pg_stmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/err.h"
#include "base/privilege.h"
#include "base/text.h"
#include "store/db.h"
#include "store/pg_sql.h"

/* Type OIDs (PostgreSQL's src/include/catalog/pg_type.dat). */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25, OID_OID = 26,
       OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

/* The writers' lock (pg_stmt.h): one key for every nongjian writer of
 * the database ("nj" in ASCII). */
#define WRITE_LOCK_SQL "SELECT pg_advisory_xact_lock(28266)"

/* A statement prepared on the connection, by its SQLite text. */
typedef struct {
	char *key;
	char name[24];
	pg_sql sql;
	bool returns_id; /* RETURNING added: its rows are new ids, not the caller's */
	pg_result *desc; /* its columns */
} entry;

struct pg_session {
	entry **e;
	size_t n, cap;
	unsigned named;
	long long changes, last_id;
	int rc, ext;
	char state[6]; /* the last error's SQLSTATE, "": none or no answer */
	char *msg;
};

struct pg_stmt {
	pg_conn *c;
	entry *e;
	char **vals; /* owned; NULL: SQL NULL */
	int n;       /* how many (kept here: a statement may outlive its connection's cache) */
	pg_result *r;
	int row, rows;
	enum { ST_READY, ST_ROWS, ST_DONE } state;
	int rc; /* the last step's, when it failed */
};

static pg_session *session(pg_conn *c)
{
	pg_session **s = pg_session_of(c);
	if (!*s)
		*s = xcalloc(1, sizeof **s);
	return *s;
}

void pg_session_free(pg_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->e[i]->key);
		pg_sql_free(&s->e[i]->sql);
		pg_clear(s->e[i]->desc);
		free(s->e[i]);
	}
	free(s->e);
	free(s->msg);
	free(s);
}

/* Keep r's error as the connection's; its DB_* code. */
static int failed(pg_conn *c, const pg_result *r, const char *what)
{
	pg_session *s = session(c);
	s->rc = pg_sql_result_code(pg_sqlstate(r), pg_constraint(r), &s->ext);
	text_copy(s->state, sizeof s->state, pg_sqlstate(r));
	free(s->msg);
	s->msg = xstrdup(pg_message(c, r));
	text_trim(s->msg);
	diag("libpq: %s: %s (SQLSTATE %s, %d)", what, s->msg, *pg_sqlstate(r) ? pg_sqlstate(r) : "none", s->ext);
	return s->rc;
}

static void succeeded(pg_conn *c, const pg_result *r)
{
	pg_session *s = session(c);
	s->rc = s->ext = DB_OK;
	s->state[0] = '\0';
	free(s->msg);
	s->msg = NULL;
	const char *cmd = pg_cmd_status(r);
	if (strncmp(cmd, "INSERT ", 7) == 0 || strncmp(cmd, "UPDATE ", 7) == 0 || strncmp(cmd, "DELETE ", 7) == 0 ||
	    strncmp(cmd, "MERGE ", 6) == 0)
		s->changes = strtoll(pg_cmd_rows(r), NULL, 10);
}

/* After a BEGIN IMMEDIATE: the writers' lock, or the transaction ended
 * again and DB_BUSY when another writer held it past the busy timeout. */
static int write_lock(pg_conn *c)
{
#ifdef NJ_TEST_HOOKS
	/* e2e pgwriters.sh: writers without the lock, so that what they
	 * write at once (the first number of a unit and year) must be right
	 * by the rows' own locks. Only the test build reads it. */
	const char *off = priv_setgid() ? NULL : getenv("NONGJIAN_TEST_NO_WRITE_LOCK");
	if (off && strcmp(off, "1") == 0)
		return DB_OK;
#endif
	pg_result *r = pg_raw_exec(c, WRITE_LOCK_SQL);
	int rc = pg_status_of(r) == PG_FAILED ? failed(c, r, "写入锁") : DB_OK;
	pg_clear(r);
	if (rc != DB_OK) {
		pg_clear(pg_raw_exec(c, "ROLLBACK"));
		session(c)->rc = rc;
	}
	return rc;
}

/* The first column of the one row a catalog query about table gives,
 * malloc'ed, or NULL. */
static char *about(pg_conn *c, const char *sql, const char *table)
{
	if (!*table)
		return NULL;
	char err[256];
	pg_result *r = pg_query(c, sql, 1, (const char *const[]){table}, "读取表结构", err, sizeof err);
	char *v = r && pg_rows(r) == 1 && !pg_null(r, 0, 0) ? xstrdup(pg_value(r, 0, 0)) : NULL;
	pg_clear(r);
	return v;
}

/* An identity column (every INTEGER PRIMARY KEY of store/pg_schema.c), quoted. */
static char *identity_of(pg_conn *c, const char *table)
{
	return about(c,
	             "SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = to_regclass($1)"
	             " AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity <> ''",
	             table);
}

/* The primary key's columns, quoted, in its order ("year, unit_id, kind"). */
static char *primary_key_of(pg_conn *c, const char *table)
{
	return about(c,
	             "SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum))"
	             " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
	             " WHERE i.indrelid = to_regclass($1) AND i.indisprimary",
	             table);
}

static void append(char **sql, const char *more)
{
	size_t n = strlen(*sql), m = strlen(more);
	*sql = xrealloc(*sql, n + m + 1);
	memcpy(*sql + n, more, m + 1);
}

/* Is the column col (as written, unquoted) one of the quoted list's? */
static bool in_list(const char *list, const char *col, size_t n)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		const char *w = p;
		while (*w == ' ')
			w++;
		size_t wl = (size_t)(p + len - w);
		if (wl == n && strncmp(w, col, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* INSERT OR REPLACE: ON CONFLICT (the primary key) DO UPDATE SET each
 * inserted column. (SQLite's REPLACE deletes the old row, so a column
 * not inserted gets its default; here it keeps its value. The one use,
 * quota.c's, inserts every column.) False when the table has no key. */
static bool replace_clause(pg_conn *c, entry *e)
{
	char *pk = primary_key_of(c, e->sql.table);
	if (!pk || !*e->sql.columns || (e->sql.flags & PGT_RETURNING)) {
		free(pk);
		return false;
	}
	append(&e->sql.sql, " ON CONFLICT (");
	append(&e->sql.sql, pk);
	append(&e->sql.sql, ") DO UPDATE SET ");
	int set = 0;
	for (const char *p = e->sql.columns; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, " ,");
		if (n && !in_list(pk, p, n)) {
			char one[300];
			snprintf(one, sizeof one, "%s%.*s = EXCLUDED.%.*s", set++ ? ", " : "", (int)n, p, (int)n, p);
			append(&e->sql.sql, one);
		}
		p += n;
	}
	if (!set) { /* every column is the key's: nothing to replace */
		e->sql.sql[strlen(e->sql.sql) - strlen(" DO UPDATE SET ")] = '\0';
		append(&e->sql.sql, " DO NOTHING");
	}
	free(pk);
	return true;
}

/* The number N of "… parameter $N" in the server's message (any
 * language), 0 when there is none. */
static int parameter_named(const char *msg)
{
	const char *d = strrchr(msg, '$');
	return d ? atoi(d + 1) : 0;
}

static void quietly(pg_conn *c, const char *sql) { pg_clear(pg_raw_exec(c, sql)); }

/* Prepare e on the server; its DB_* code. */
static int prepare(pg_conn *c, entry *e)
{
	int n = e->sql.nparams;
	unsigned *types = xcalloc((size_t)n + 1, sizeof *types);
	pg_result *r = NULL;
	/* A parameter the server cannot type from its use (42P18 or 42P08,
	 * "could not determine data type of parameter $2") is declared text and the
	 * prepare tried again: at most once a parameter. */
	for (int tries = 0; tries <= n; tries++) {
		pg_clear(r);
		r = pg_raw_prepare(c, e->name, e->sql.sql, n, types);
		if (pg_status_of(r) != PG_FAILED)
			break;
		if (pg_in_transaction(c))
			quietly(c, "ROLLBACK TO nj_prepare");
		int p = 0;
		const char *st = pg_sqlstate(r); /* indeterminate or ambiguous, as the server sees it */
		if ((strcmp(st, "42P18") != 0 && strcmp(st, "42P08") != 0) ||
		    (p = parameter_named(pg_message(c, r))) < 1 || p > n || types[p - 1])
			break;
		types[p - 1] = OID_TEXT;
	}
	free(types);
	int rc = pg_status_of(r) == PG_FAILED ? failed(c, r, e->sql.sql) : DB_OK;
	pg_clear(r);
	if (rc == DB_OK) {
		e->desc = pg_raw_describe(c, e->name);
		if (pg_status_of(e->desc) == PG_FAILED)
			rc = failed(c, e->desc, e->sql.sql);
	}
	return rc;
}

/* Translate e's statement and prepare it: what the server needs said
 * that SQLite's text leaves to the schema (the id to return, the key to
 * replace on) is read from the catalog first. */
static int make(pg_conn *c, entry *e)
{
	if ((e->sql.flags & PGT_INSERT) && !(e->sql.flags & PGT_RETURNING)) {
		char *col = identity_of(c, e->sql.table);
		if (col) {
			append(&e->sql.sql, " RETURNING ");
			append(&e->sql.sql, col);
			e->returns_id = true;
			free(col);
		}
	}
	if ((e->sql.flags & PGT_REPLACE) && !replace_clause(c, e)) {
		pg_session *s = session(c);
		s->rc = s->ext = DB_ERROR;
		text_copy(s->state, sizeof s->state, "42P10"); /* no unique constraint to replace on */
		free(s->msg);
		s->msg = xstrdup("INSERT OR REPLACE: the table has no primary key");
		diag("pg: INSERT OR REPLACE into %s: no primary key", e->sql.table);
		return DB_ERROR;
	}
	return prepare(c, e);
}

static entry *cached(pg_conn *c, const char *sql, char *err, size_t errlen)
{
	pg_session *s = session(c);
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->e[i]->key, sql) == 0)
			return s->e[i];
	entry *e = xcalloc(1, sizeof *e);
	if (!pg_sql_translate(sql, &e->sql, err, errlen)) {
		free(e);
		s->rc = s->ext = DB_ERROR;
		return NULL;
	}
	snprintf(e->name, sizeof e->name, "nj_%u", ++s->named);
	/* Inside a transaction a failed query would spoil it (a failed
	 * prepare leaves SQLite's alone): a savepoint around the catalog
	 * reads and the prepare. */
	bool tx = pg_in_transaction(c);
	if (tx)
		quietly(c, "SAVEPOINT nj_prepare");
	int rc = make(c, e);
	if (tx)
		quietly(c, rc == DB_OK ? "RELEASE nj_prepare" : "ROLLBACK TO nj_prepare; RELEASE nj_prepare");
	if (rc != DB_OK) {
		errf(err, errlen, "准备查询失败: %s", pg_explain(s->state));
		pg_sql_free(&e->sql);
		pg_clear(e->desc);
		free(e);
		return NULL;
	}
	e->key = xstrdup(sql);
	s->e = xgrow(s->e, &s->cap, s->n + 1, sizeof *s->e);
	s->e[s->n++] = e;
	return e;
}

pg_stmt *pg_stmt_prepare(pg_conn *c, const char *sql, char *err, size_t errlen)
{
	entry *e = cached(c, sql, err, errlen);
	if (!e)
		return NULL;
	int n = e->sql.nparams;
	return XNEW(pg_stmt, .c = c, .e = e, .n = n, .vals = xcalloc((size_t)n + 1, sizeof(char *)));
}

static void forget_result(pg_stmt *st)
{
	pg_clear(st->r);
	st->r = NULL;
	st->row = st->rows = 0;
	st->state = ST_READY;
}

static int run(pg_stmt *st)
{
	pg_conn *c = st->c;
	st->r = pg_raw_run(c, st->e->name, st->e->sql.nparams, (const char *const *)st->vals);
	pg_status s = pg_status_of(st->r);
	st->state = ST_DONE;
	if (s == PG_FAILED) {
		st->rc = failed(c, st->r, st->e->sql.sql);
		pg_clear(st->r);
		st->r = NULL;
		return st->rc;
	}
	st->rc = DB_OK;
	succeeded(c, st->r);
	if ((st->e->sql.flags & PGT_WRITE_LOCK) && (st->rc = write_lock(c)) != DB_OK)
		return st->rc;
	st->rows = pg_rows(st->r);
	if (st->e->returns_id) {
		if (st->rows > 0)
			session(c)->last_id = strtoll(pg_value(st->r, st->rows - 1, 0), NULL, 10);
		return DB_DONE;
	}
	if (s == PG_ROWS && st->rows > 0) {
		st->state = ST_ROWS;
		return DB_ROW;
	}
	return DB_DONE;
}

int pg_stmt_step(pg_stmt *st)
{
	if (st->state == ST_DONE)
		forget_result(st);
	if (st->state == ST_READY)
		return run(st);
	if (++st->row < st->rows)
		return DB_ROW;
	st->state = ST_DONE;
	return DB_DONE;
}

int pg_stmt_reset(pg_stmt *st)
{
	forget_result(st);
	int rc = st->rc;
	st->rc = DB_OK;
	return rc;
}

int pg_stmt_clear_bindings(pg_stmt *st)
{
	for (int i = 0; i < st->n; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
	}
	return DB_OK;
}

int pg_stmt_finalize(pg_stmt *st)
{
	if (!st)
		return DB_OK;
	int rc = st->rc;
	pg_stmt_clear_bindings(st);
	free(st->vals);
	pg_clear(st->r);
	free(st);
	return rc;
}

static int bind(pg_stmt *st, int i, char *v)
{
	if (i < 1 || i > st->n) {
		free(v);
		return DB_RANGE;
	}
	free(st->vals[i - 1]);
	st->vals[i - 1] = v;
	return DB_OK;
}

int pg_stmt_bind_text(pg_stmt *st, int i, const char *s) { return bind(st, i, s ? xstrdup(s) : NULL); }
int pg_stmt_bind_null(pg_stmt *st, int i) { return bind(st, i, NULL); }

int pg_stmt_bind_int64(pg_stmt *st, int i, long long v)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", v);
	return bind(st, i, xstrdup(b));
}

int pg_stmt_bind_double(pg_stmt *st, int i, double v)
{
	/* The shortest of 15 or 17 digits that reads back as the same double
	 * (as SQLite's own text of a REAL): 0.1, not 0.10000000000000001. */
	char b[40];
	snprintf(b, sizeof b, "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, sizeof b, "%.17g", v);
	return bind(st, i, xstrdup(b));
}

int pg_stmt_bind_parameter_count(pg_stmt *st) { return st->e->sql.nparams; }

/* The current row's column, or false (no row, out of range, NULL). */
static bool has_value(pg_stmt *st, int col)
{
	return st->state == ST_ROWS && col >= 0 && col < pg_cols(st->r) && !pg_null(st->r, st->row, col);
}

static bool is_bool(pg_stmt *st, int col) { return pg_col_type(st->r, col) == OID_BOOL; }

const char *pg_stmt_column_text(pg_stmt *st, int col)
{
	if (!has_value(st, col))
		return NULL;
	const char *v = pg_value(st->r, st->row, col);
	if (is_bool(st, col))
		return *v == 't' ? "1" : "0";
	return v;
}

long long pg_stmt_column_int64(pg_stmt *st, int col)
{
	const char *v = pg_stmt_column_text(st, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

double pg_stmt_column_double(pg_stmt *st, int col)
{
	const char *v = pg_stmt_column_text(st, col);
	return v ? strtod(v, NULL) : 0.0;
}

int pg_stmt_column_type(pg_stmt *st, int col)
{
	if (!has_value(st, col))
		return DB_NULL;
	switch (pg_col_type(st->r, col)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return DB_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return DB_FLOAT;
	case OID_NUMERIC:
		return strpbrk(pg_value(st->r, st->row, col), ".eEN") ? DB_FLOAT : DB_INTEGER;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

int pg_stmt_column_count(pg_stmt *st) { return pg_cols(st->e->desc); }

const char *pg_stmt_column_name(pg_stmt *st, int col)
{
	return col >= 0 && col < pg_cols(st->e->desc) ? pg_col_name(st->e->desc, col) : NULL;
}

int pg_stmt_column_bytes(pg_stmt *st, int col)
{
	if (!has_value(st, col))
		return 0;
	return is_bool(st, col) ? 1 : pg_length(st->r, st->row, col);
}

int pg_stmt_exec(pg_conn *c, const char *sql)
{
	pg_sql t;
	char err[256];
	if (!pg_sql_translate(sql, &t, err, sizeof err)) {
		diag("pg: %s: %s", err, sql);
		pg_session *s = session(c);
		return s->rc = s->ext = DB_ERROR;
	}
	pg_result *r = pg_raw_exec(c, t.sql);
	int rc = DB_OK;
	if (pg_status_of(r) == PG_FAILED)
		rc = failed(c, r, t.sql);
	else
		succeeded(c, r);
	pg_clear(r);
	if (rc == DB_OK && (t.flags & PGT_WRITE_LOCK))
		rc = write_lock(c);
	pg_sql_free(&t);
	return rc;
}

long long pg_stmt_changes(pg_conn *c) { return session(c)->changes; }
long long pg_stmt_last_insert_id(pg_conn *c) { return session(c)->last_id; }
bool pg_stmt_in_transaction(pg_conn *c) { return pg_in_transaction(c); }
int pg_stmt_errcode(pg_conn *c) { return session(c)->rc; }
int pg_stmt_extended_errcode(pg_conn *c) { return session(c)->ext; }

const char *pg_stmt_errmsg(pg_conn *c)
{
	pg_session *s = session(c);
	return s->msg ? s->msg : "";
}

int pg_stmt_busy_timeout(pg_conn *c, long ms)
{
	char v[32];
	snprintf(v, sizeof v, "%ld", ms < 0 ? 0 : ms);
	char err[256];
	if (pg_exec(c, "SELECT set_config('lock_timeout', $1, false)", 1, (const char *const[]){v}, "设置等待时间",
	            err, sizeof err))
		return DB_OK;
	pg_session *s = session(c);
	return s->rc = s->ext = DB_IOERR;
}
