#include "store/pg_schema.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"
#include "store/db.h"
#include "store/pg_functions.h"

/* ---- a growing string ---- */
typedef struct {
	char *s;
	size_t n, cap;
} sbuf;

static void sb_addn(sbuf *b, const char *s, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}
static void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }
static void sb_addf(sbuf *b, const char *fmt, ...) NJ_PRINTF(2, 3);
static void sb_addf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	b->s = xgrow(b->s, &b->cap, b->n + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}
static char *sb_take(sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	memset(b, 0, sizeof *b);
	return s;
}

void pg_script_add(pg_script *s, char *sql)
{
	s->sql = xgrow(s->sql, &s->cap, s->n + 1, sizeof *s->sql);
	s->sql[s->n++] = sql;
}

void pg_script_addf(pg_script *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *sql = xcalloc((size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sql, (size_t)n + 1, fmt, ap);
	va_end(ap);
	pg_script_add(s, sql);
}

void pg_script_free(pg_script *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->sql[i]);
	free(s->sql);
	memset(s, 0, sizeof *s);
}

/* ---- SQLite's SQL as tokens ---- */
typedef enum { T_END, T_SPACE, T_WORD, T_STRING, T_QUOTED, T_OTHER } tok_kind;
typedef struct {
	tok_kind k;
	const char *s;
	size_t n;
} tok;

static tok lex(const char *p)
{
	tok t = {T_END, p, 0};
	const char *q = p;
	if (!*p)
		return t;
	if (isspace((unsigned char)*p) || (p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*')) {
		while (*q) {
			if (isspace((unsigned char)*q))
				q++;
			else if (q[0] == '-' && q[1] == '-')
				q += strcspn(q, "\n");
			else if (q[0] == '/' && q[1] == '*') {
				const char *e = strstr(q + 2, "*/");
				q = e ? e + 2 : q + strlen(q);
			} else
				break;
		}
		t.k = T_SPACE;
	} else if (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
		while (isalnum((unsigned char)*q) || *q == '_' || *q == '$' || (unsigned char)*q >= 0x80)
			q++;
		t.k = T_WORD;
	} else if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
		char close = *p == '[' ? ']' : *p;
		q++;
		for (;;) {
			if (!*q)
				break;
			if (*q == close) {
				if (close != ']' && q[1] == close) {
					q += 2;
					continue;
				}
				q++;
				break;
			}
			q++;
		}
		t.k = *p == '\'' ? T_STRING : T_QUOTED;
	} else {
		static const char *const two[] = {"||", "<>", "<=", ">=", "!=", "=="};
		q++;
		for (size_t i = 0; i < sizeof two / sizeof *two; i++)
			if (p[0] == two[i][0] && p[1] == two[i][1])
				q = p + 2;
		t.k = T_OTHER;
	}
	t.n = (size_t)(q - p);
	return t;
}

static bool is_word(tok t, const char *w) { return t.k == T_WORD && strlen(w) == t.n && strncasecmp(t.s, w, t.n) == 0; }
static bool is_punct(tok t, const char *w) { return t.k == T_OTHER && strlen(w) == t.n && strncmp(t.s, w, t.n) == 0; }

/* The next token that is not space, from p. */
static tok peek(const char *p)
{
	tok t = lex(p);
	while (t.k == T_SPACE)
		t = lex(t.s + t.n);
	return t;
}

/* ---- GLOB → regular expression ---- */
static void regex_char(sbuf *b, unsigned long cp, bool in_bracket)
{
	if (cp < 0x20 || cp >= 0x7f) {
		if (cp > 0xffff)
			sb_addf(b, "\\U%08lx", cp);
		else
			sb_addf(b, "\\u%04lx", cp);
		return;
	}
	char c = (char)cp;
	if (c == '\\' || (!in_bracket && strchr(".^$|()+*?{}[]", c)))
		sb_add(b, "\\");
	sb_addn(b, &c, 1);
}

/* One UTF-8 character of s at *i: its code point (a stray byte as itself). */
static unsigned long utf8_at(const char *s, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	unsigned long cp = u[0];
	int more = u[0] >= 0xf0 ? 3 : u[0] >= 0xe0 ? 2 : u[0] >= 0xc0 ? 1 : 0;
	if (more) {
		cp = u[0] & (0x3f >> more);
		for (int k = 1; k <= more; k++) {
			if ((u[k] & 0xc0) != 0x80) {
				more = 0;
				cp = u[0];
				break;
			}
			cp = (cp << 6) | (u[k] & 0x3f);
		}
	}
	*i += (size_t)more + 1;
	return cp;
}

/* Does the '[' at g[i] open a class (a ']' closes it, not as its first
 * character)? */
static bool class_end(const char *g, size_t i)
{
	size_t k = i + 1;
	if (g[k] == '^')
		k++;
	return g[k] && strchr(g + k + 1, ']');
}

char *pg_glob_regex(const char *g)
{
	sbuf b = {0};
	sb_add(&b, "^");
	size_t i = 0, n = strlen(g);
	while (i < n) {
		if (g[i] == '*') {
			sb_add(&b, ".*");
			i++;
		} else if (g[i] == '?') {
			sb_add(&b, ".");
			i++;
		} else if (g[i] == '[' && class_end(g, i)) {
			/* a class: up to the ']' that is not its first character */
			sb_add(&b, "[");
			i++;
			if (g[i] == '^') {
				sb_add(&b, "^");
				i++;
			}
			bool first = true;
			while (i < n && (g[i] != ']' || first)) {
				first = false;
				if (g[i] == '-') {
					sb_add(&b, "-");
					i++;
				} else
					regex_char(&b, utf8_at(g, &i), true);
			}
			sb_add(&b, "]");
			i++;
		} else
			regex_char(&b, utf8_at(g, &i), false);
	}
	sb_add(&b, "$");
	return sb_take(&b);
}

/* A string literal's contents ('it''s' → it's). */
static char *unquote(tok t)
{
	sbuf b = {0};
	for (size_t i = 1; i + 1 < t.n; i++) {
		sb_addn(&b, t.s + i, 1);
		if (t.s[i] == '\'' && t.s[i + 1] == '\'')
			i++;
	}
	return sb_take(&b);
}

static void add_literal(sbuf *b, const char *s)
{
	sb_add(b, "'");
	for (; *s; s++) {
		if (*s == '\'')
			sb_add(b, "''");
		else
			sb_addn(b, s, 1);
	}
	sb_add(b, "'");
}

/* The text of a constant expression (a GLOB pattern built with char()),
 * evaluated by SQLite. */
static char *evaluate(db_conn *db, const char *expr, size_t n, char *err, size_t errlen)
{
	sbuf q = {0};
	sb_add(&q, "SELECT ");
	sb_addn(&q, expr, n);
	db_stmt *st = db_prepare(db, q.s, err, errlen);
	free(q.s);
	if (!st)
		return NULL;
	char *v = NULL;
	if (db_step(st) == DB_ROW && db_column_text(st, 0))
		v = xstrdup(db_column_text(st, 0));
	else
		errf(err, errlen, "无法把 GLOB 模式转换为 PostgreSQL 的写法: %.*s", (int)(n > 80 ? 80 : n), expr);
	db_finalize(st);
	return v;
}

char *pg_translate(db_conn *db, const char *sql, char *err, size_t errlen)
{
	sbuf b = {0};
	const char *p = sql;
	for (;;) {
		tok t = lex(p);
		if (t.k == T_END)
			break;
		p = t.s + t.n;
		if (t.k == T_SPACE) {
			sb_addn(&b, t.s, t.n);
			continue;
		}
		tok nx = peek(p);
		if (is_word(t, "INTEGER") && is_word(nx, "PRIMARY")) {
			sb_add(&b, "BIGINT GENERATED BY DEFAULT AS IDENTITY");
		} else if (is_word(t, "INTEGER")) {
			sb_add(&b, "BIGINT");
		} else if (is_word(t, "REAL")) {
			sb_add(&b, "DOUBLE PRECISION");
		} else if (is_word(t, "WITHOUT") && is_word(nx, "ROWID")) {
			p = nx.s + nx.n;
		} else if (is_word(t, "IS") && is_word(nx, "NOT")) {
			tok nx2 = peek(nx.s + nx.n);
			if (is_word(nx2, "NULL")) {
				sb_add(&b, "IS NOT NULL");
				p = nx2.s + nx2.n;
			} else {
				sb_add(&b, "IS DISTINCT FROM");
				p = nx.s + nx.n;
			}
		} else if (is_word(t, "IS") && !is_word(nx, "NULL")) {
			sb_add(&b, "IS NOT DISTINCT FROM");
		} else if ((is_word(t, "NOT") && is_word(nx, "GLOB")) || is_word(t, "GLOB")) {
			bool negated = is_word(t, "NOT");
			const char *q = negated ? nx.s + nx.n : p;
			tok op = peek(q);
			char *pattern = NULL;
			if (op.k == T_STRING) {
				pattern = unquote(op);
				q = op.s + op.n;
			} else if (is_punct(op, "(")) {
				int depth = 0;
				const char *r = op.s;
				tok u;
				do {
					u = lex(r);
					if (is_punct(u, "("))
						depth++;
					else if (is_punct(u, ")"))
						depth--;
					r = u.s + u.n;
				} while (u.k != T_END && depth > 0);
				pattern = evaluate(db, op.s, (size_t)(r - op.s), err, errlen);
				if (!pattern) {
					free(b.s);
					return NULL;
				}
				q = r;
			} else {
				free(b.s);
				errf(err, errlen, "无法转换 GLOB 之后的 %.*s", (int)op.n, op.s);
				return NULL;
			}
			char *re = pg_glob_regex(pattern);
			sb_add(&b, negated ? "!~ " : "~ ");
			add_literal(&b, re);
			free(re);
			free(pattern);
			p = q;
		} else if (is_punct(t, "==")) {
			sb_add(&b, "=");
		} else if (t.k == T_QUOTED) {
			sb_add(&b, "\"");
			sb_addn(&b, t.s + 1, t.n - 2);
			sb_add(&b, "\"");
		} else {
			sb_addn(&b, t.s, t.n);
		}
	}
	return sb_take(&b);
}

/* ---- the schema ---- */
static void table_free(pg_table *t)
{
	free(t->name);
	for (int i = 0; i < t->ncolumns; i++)
		free(t->columns[i]);
	free(t->columns);
	free(t->identity);
}

void pg_schema_free(pg_schema *s)
{
	for (size_t i = 0; i < s->ntables; i++)
		table_free(&s->tables[i]);
	free(s->tables);
	for (size_t i = 0; i < s->nskipped; i++)
		free(s->skipped[i]);
	free(s->skipped);
	pg_script_free(&s->create);
	pg_script_free(&s->after);
	memset(s, 0, sizeof *s);
}

const pg_table *pg_schema_table(const pg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].name, name) == 0)
			return &s->tables[i];
	return NULL;
}

static bool load_columns(db_conn *db, pg_table *t, const char *sql, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "SELECT name, type, pk FROM pragma_table_info(?1)", err, errlen);
	if (!st)
		return false;
	db_bind_text(st, 1, t->name);
	int rc, pks = 0;
	char *pk = NULL, *pktype = NULL;
	size_t cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *col = db_column_text(st, 0);
		t->columns = xgrow(t->columns, &cap, (size_t)t->ncolumns + 1, sizeof *t->columns);
		t->columns[t->ncolumns++] = xstrdup(col);
		if (strcmp(col, "unit_id") == 0)
			t->has_unit = true;
		if (db_column_int(st, 2) > 0) {
			pks++;
			free(pk);
			free(pktype);
			pk = xstrdup(col);
			pktype = xstrdup(db_column_text(st, 1));
		}
	}
	/* INTEGER PRIMARY KEY of a rowid table: an identity column here. */
	if (pks == 1 && strcasecmp(pktype, "INTEGER") == 0 && !strstr(sql, "WITHOUT ROWID"))
		t->identity = xstrdup(pk);
	free(pk);
	free(pktype);
	return db_finish(db, st, rc, "读取表结构失败", err, errlen);
}

/* A trigger whose whole body is SELECT RAISE(ABORT, 'message'): a guard,
 * made a plpgsql function and a row trigger. False (and *guard false)
 * when it does something else; false with err on an error. */
static bool guard(db_conn *db, const char *name, const char *sql, pg_script *out, bool *is_guard, char *err,
                  size_t errlen)
{
	*is_guard = false;
	/* CREATE TRIGGER name timing event ON table [FOR EACH ROW] [WHEN cond] BEGIN body END */
	const char *p = sql;
	tok t;
	const char *timing = NULL, *on = NULL, *when = NULL, *begin = NULL;
	for (t = peek(p); t.k != T_END; t = peek(t.s + t.n)) {
		if (!timing && (is_word(t, "BEFORE") || is_word(t, "AFTER")))
			timing = t.s;
		else if (!on && is_word(t, "ON") && timing)
			on = t.s;
		else if (!when && is_word(t, "WHEN") && on)
			when = t.s;
		else if (is_word(t, "BEGIN") && on) {
			begin = t.s;
			break;
		}
	}
	if (!timing || !on || !begin)
		return true;
	/* the body */
	const char *b = begin + 5;
	static const char *const body[] = {"SELECT", "RAISE", "(", "ABORT", ",", NULL};
	for (int i = 0; body[i]; i++) {
		t = peek(b);
		if (!(t.k == T_WORD ? is_word(t, body[i]) : is_punct(t, body[i])))
			return true;
		b = t.s + t.n;
	}
	tok msg = peek(b);
	if (msg.k != T_STRING)
		return true;
	b = msg.s + msg.n;
	static const char *const tail[] = {")", ";", "END", NULL};
	for (int i = 0; tail[i]; i++) {
		t = peek(b);
		if (!(t.k == T_WORD ? is_word(t, tail[i]) : is_punct(t, tail[i])))
			return true;
		b = t.s + t.n;
	}
	if (peek(b).k != T_END)
		return true;
	*is_guard = true;

	/* timing and event: "BEFORE UPDATE OF a, b"; the table after ON */
	tok tbl = peek(on + 2);
	const char *cond_end = when ? begin : NULL;
	tok ev = peek(timing);
	ev = peek(ev.s + ev.n);
	bool del = is_word(ev, "DELETE");
	char *cond = NULL;
	if (when) {
		sbuf c = {0};
		sb_addn(&c, when + 4, (size_t)(cond_end - (when + 4)));
		cond = pg_translate(db, c.s, err, errlen);
		free(c.s);
		if (!cond)
			return false;
	}
	char *m = unquote(msg);
	sbuf f = {0};
	sb_addf(&f, "CREATE FUNCTION nj_guard_%s() RETURNS trigger LANGUAGE plpgsql AS $nj$\nBEGIN\n  IF %s THEN\n"
	        "    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = ",
	        name, cond ? cond : "true");
	add_literal(&f, m);
	sb_addf(&f, ";\n  END IF;\n  RETURN %s;\nEND\n$nj$", del ? "OLD" : "NEW");
	pg_script_add(out, sb_take(&f));
	int evlen = (int)(on - timing);
	while (evlen > 0 && isspace((unsigned char)timing[evlen - 1]))
		evlen--;
	sb_addf(&f, "CREATE TRIGGER %s %.*s ON %.*s FOR EACH ROW EXECUTE FUNCTION nj_guard_%s()", name, evlen, timing,
	        (int)tbl.n, tbl.s, name);
	pg_script_add(out, sb_take(&f));
	free(m);
	free(cond);
	return true;
}

/* The numbering counter of a unit and year, taken by a writer inside its
 * transaction: the row locked FOR UPDATE, so two writers on two
 * machines wait for each other (SQLite's BEGIN IMMEDIATE does it for the
 * whole file). A missing row is made first; ON CONFLICT DO NOTHING lets
 * two first writers meet on it. Returns the number given. */
static const char next_seq_sql[] =
	"CREATE FUNCTION nj_next_seq(p_unit bigint, p_year bigint) RETURNS bigint LANGUAGE plpgsql AS $nj$\n"
	"DECLARE n bigint;\n"
	"BEGIN\n"
	"  SELECT next_seq INTO n FROM counters WHERE unit_id = p_unit AND year = p_year FOR UPDATE;\n"
	"  IF NOT FOUND THEN\n"
	"    INSERT INTO counters(unit_id, year, next_seq) VALUES (p_unit, p_year, 1) ON CONFLICT DO NOTHING;\n"
	"    SELECT next_seq INTO n FROM counters WHERE unit_id = p_unit AND year = p_year FOR UPDATE;\n"
	"  END IF;\n"
	"  UPDATE counters SET next_seq = n + 1 WHERE unit_id = p_unit AND year = p_year;\n"
	"  RETURN n;\n"
	"END\n"
	"$nj$";

/* Each row of a query of the SQLite schema through fn, which may stop
 * the walk by returning false with err set. */
typedef bool (*schema_row_fn)(db_conn *db, db_stmt *st, pg_schema *s, char *err, size_t errlen);
static bool schema_each(db_conn *db, const char *sql, schema_row_fn fn, pg_schema *s, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (!fn(db, st, s, err, errlen)) {
			db_finalize(st);
			return false;
		}
	return db_finish(db, st, rc, "读取数据库结构失败", err, errlen);
}

static const char *column(db_stmt *st, int col) { return db_column_text(st, col); }

/* A table (name, sql, type of pragma table_list): translated, or left
 * behind when it is the FTS5 index or one of its shadow tables. */
static bool add_table(db_conn *db, db_stmt *st, pg_schema *s, char *err, size_t errlen)
{
	const char *name = column(st, 0), *sql = column(st, 1), *type = column(st, 2);
	if (strcmp(type, "table") != 0 || !sql || strncasecmp(sql, "CREATE TABLE", 12) != 0) {
		s->skipped = xgrow(s->skipped, &s->skipped_cap, s->nskipped + 1, sizeof *s->skipped);
		s->skipped[s->nskipped++] = xstrdup(name);
		return true;
	}
	s->tables = xgrow(s->tables, &s->tables_cap, s->ntables + 1, sizeof *s->tables);
	pg_table *t = &s->tables[s->ntables++];
	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	char *pg = pg_translate(db, sql, err, errlen);
	if (!pg)
		return false;
	pg_script_add(&s->create, pg);
	return load_columns(db, t, sql, err, errlen);
}

/* An index or a trigger (type, name, table, sql) of a table copied. */
static bool add_after(db_conn *db, db_stmt *st, pg_schema *s, char *err, size_t errlen)
{
	const char *type = column(st, 0), *name = column(st, 1), *tbl = column(st, 2), *sql = column(st, 3);
	if (!pg_schema_table(s, tbl))
		return true;
	if (strcmp(type, "index") == 0) {
		char *pg = pg_translate(db, sql, err, errlen);
		if (pg)
			pg_script_add(&s->after, pg);
		return pg != NULL;
	}
	bool is_guard;
	bool ok = guard(db, name, sql, &s->after, &is_guard, err, errlen);
	if (is_guard)
		s->guards++;
	else
		s->maintenance++;
	return ok;
}

bool pg_schema_build(db_conn *db, pg_schema *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	/* SQLite's functions first: CHECKs, views and triggers call them. */
	pg_functions_add(&s->create);
	s->functions = s->create.n;
	/* Tables in creation order (parents first); then the indexes
	 * (SQLite's automatic ones have no SQL: their UNIQUE and PRIMARY KEY
	 * are in the tables) and triggers. */
	if (!schema_each(db,
	                 "SELECT s.name, s.sql, coalesce(l.type, 'table') FROM sqlite_schema s"
	                 " LEFT JOIN pragma_table_list l ON l.name = s.name AND l.schema = 'main'"
	                 " WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%' ORDER BY s.rowid",
	                 add_table, s, err, errlen) ||
	    !schema_each(db,
	                 "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger')"
	                 " AND sql IS NOT NULL ORDER BY type, rowid",
	                 add_after, s, err, errlen)) {
		pg_schema_free(s);
		return false;
	}
	if (pg_schema_table(s, "counters"))
		pg_script_add(&s->after, xstrdup(next_seq_sql));
	return true;
}
