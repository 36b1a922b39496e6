#include "store/pg_schema.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/text.h"
#include "store/db.h"
#include "store/pg_functions.h"


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

/* The next token of [*p, b) that is not space into *t, the space before
 * it copied to o and *p left at the token; false at the end (or b). The
 * head of the walks that rewrite a statement as they copy it. */
static bool next_token(sbuf *o, const char **p, const char *b, tok *t)
{
	while (*p < b) {
		*t = lex(*p);
		if (t->k == T_END || t->s >= b)
			return false;
		if (t->k != T_SPACE)
			return true;
		sb_addn(o, t->s, t->n);
		*p = t->s + t->n;
	}
	return false;
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

/* Just after the ')' that closes the '(' at p. */
static const char *group_end(const char *p)
{
	int depth = 0;
	tok t;
	do {
		t = lex(p);
		if (is_punct(t, "("))
			depth++;
		else if (is_punct(t, ")"))
			depth--;
		p = t.s + t.n;
	} while (t.k != T_END && depth > 0);
	return p;
}

char *pg_translate(db_conn *db, const char *sql, char *err, size_t errlen)
{
	sbuf b = {0};
	const char *p = sql;
	/* A table's text columns compare bytes, as SQLite's BINARY does,
	 * whatever locale the database was created with (a county's may be
	 * zh_CN.UTF-8: pinyin order). The lookup's name walk asks the index
	 * for a byte range (registry/lookup.c: name > '侣俸' AND name < the
	 * same with its last byte plus one), and the lists' order must be
	 * SQLite's. (A CREATE TABLE has no CAST … AS TEXT, where COLLATE
	 * may not stand.) */
	bool table = strncasecmp(sql, "CREATE TABLE", 12) == 0;
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
		} else if (table && is_word(t, "TEXT")) {
			sb_add(&b, "TEXT COLLATE \"C\"");
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
				const char *r = group_end(op.s);
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
	for (size_t i = 0; i < s->nviews; i++)
		free(s->views[i]);
	free(s->views);
	for (int i = 0; i < s->maintenance; i++)
		free(s->untranslated[i]);
	free(s->untranslated);
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

/* The trigger function in f, then the trigger on tbl that runs it for
 * each row: CREATE TRIGGER name, SQLite's words from timing up to on
 * (BEFORE INSERT, AFTER UPDATE OF …), EXECUTE FUNCTION prefix name. */
static void add_trigger(pg_script *out, sbuf *f, const char *prefix, const char *name, const char *timing,
                        const char *on, tok tbl)
{
	pg_script_add(out, sb_take(f));
	int evlen = (int)(on - timing);
	while (evlen > 0 && isspace((unsigned char)timing[evlen - 1]))
		evlen--;
	sb_addf(f, "CREATE TRIGGER %s %.*s ON %.*s FOR EACH ROW EXECUTE FUNCTION %s%s()", name, evlen, timing,
	        (int)tbl.n, tbl.s, prefix, name);
	pg_script_add(out, sb_take(f));
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
	add_trigger(out, &f, "nj_guard_", name, timing, on, tbl);
	free(m);
	free(cond);
	return true;
}

/* ---- the triggers that maintain something, and the views ---- */

static bool is_any(tok t, const char *const *words)
{
	for (; *words; words++)
		if (t.k == T_WORD ? is_word(t, *words) : is_punct(t, *words))
			return true;
	return false;
}

static const char *const comparisons[] = {"=",   "<",  ">",    "<=",      ">=",     "<>",       "!=",
                                          "IS",  "AND", "OR",  "NOT",     "LIKE",   "IN",       "BETWEEN",
                                          "EXISTS", NULL};
/* where a condition begins and ends: a bare 1 there is SQLite's true */
static const char *const cond_starts[] = {"WHERE", "AND", "OR", "NOT", NULL};
static const char *const cond_ends[] = {"AND", "OR", "GROUP", "ORDER", "LIMIT", ")", ";", "END", "THEN", NULL};
/* what may follow a subquery in FROM when it has no alias */
static const char *const after_from[] = {"WHERE", "GROUP", "ORDER", "LIMIT", "JOIN", "LEFT", "INNER", "CROSS",
                                         "ON", "UNION", "EXCEPT", "INTERSECT", "HAVING", "WINDOW", ")", ";", ",",
                                         NULL};

/* The first token of [a, b) outside any parentheses that is one of
 * words, or T_END. */
static tok top_any(const char *a, const char *b, const char *const *words)
{
	for (const char *p = a; p < b;) {
		tok t = lex(p);
		if (t.k == T_END || t.s >= b)
			break;
		if (is_punct(t, "(")) {
			p = group_end(t.s);
			continue;
		}
		if (is_any(t, words))
			return t;
		p = t.s + t.n;
	}
	return (tok){T_END, b, 0};
}

static bool is_number(tok t, char digit) { return t.k == T_WORD && t.n == 1 && t.s[0] == digit; }

/* SQLite's loose types where PostgreSQL is strict, in [a, b) into o:
 *   coalesce(x, 0) → nj_or0(x) (x may be a comparison: false, or 0);
 *   a bare 1 as a condition (WHERE (1), AND 1) → TRUE;
 *   a subquery in FROM without an alias gets one (PostgreSQL 15 wants it).
 * Comparisons used as numbers (1 * (a = b)) and text used as a number
 * (value + 1) are the operators of pg_functions.c. */
static void loosen(sbuf *o, const char *a, const char *b, int *subqueries)
{
	static const tok close_tok = {T_OTHER, ")", 1};
	tok prev = {T_END, a, 0}, t;
	for (const char *p = a; next_token(o, &p, b, &t);) {
		tok nx = peek(t.s + t.n);
		if (is_word(t, "coalesce") && is_punct(nx, "(")) {
			const char *close = group_end(nx.s), *comma = NULL;
			int args = 1;
			for (const char *q = nx.s + 1; q < close - 1;) {
				tok u = lex(q);
				if (u.k == T_END)
					break;
				if (is_punct(u, "(")) {
					q = group_end(u.s);
					continue;
				}
				if (is_punct(u, ",")) {
					comma = u.s;
					args++;
				}
				q = u.s + u.n;
			}
			tok last = comma ? peek(comma + 1) : nx;
			if (args == 2 && is_number(last, '0') && peek(last.s + 1).s == close - 1) {
				sb_add(o, "nj_or0(");
				loosen(o, nx.s + 1, comma, subqueries);
				sb_add(o, ")");
				prev = close_tok;
				p = close;
				continue;
			}
		}
		if (is_punct(t, "(")) {
			const char *close = group_end(t.s);
			tok in = peek(t.s + 1), after = peek(close);
			if (is_number(in, '1') && peek(in.s + 1).s == close - 1 && is_any(prev, cond_starts) &&
			    (after.k == T_END || is_any(after, cond_ends))) {
				sb_add(o, "(TRUE)");
			} else {
				sb_add(o, "(");
				loosen(o, t.s + 1, close - 1, subqueries);
				sb_add(o, ")");
				if ((is_word(prev, "FROM") || is_word(prev, "JOIN")) && is_word(in, "SELECT") &&
				    !is_word(after, "AS") && (after.k == T_END || is_any(after, after_from)))
					sb_addf(o, " AS nj_sub%d", ++*subqueries);
			}
			prev = close_tok;
			p = close;
			continue;
		}
		if (is_number(t, '1') && is_any(prev, cond_starts) && (nx.k == T_END || is_any(nx, cond_ends)))
			sb_add(o, "TRUE");
		else
			sb_addn(o, t.s, t.n);
		prev = t;
		p = t.s + t.n;
	}
}

/* The primary key's columns of a table, "a, b". */
static char *primary_key(db_conn *db, const char *table, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", err, errlen);
	if (!st)
		return NULL;
	db_bind_text(st, 1, table);
	sbuf b = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		sb_addf(&b, "%s%s", b.n ? ", " : "", db_column_text(st, 0));
	if (!db_finish(db, st, rc, "读取表结构失败", err, errlen)) {
		free(b.s);
		return NULL;
	}
	return sb_take(&b);
}

static tok top_word(const char *a, const char *b, const char *w)
{
	return top_any(a, b, (const char *const[]){w, NULL});
}

/* An INSERT of SQLite's: OR IGNORE as ON CONFLICT DO NOTHING; ON CONFLICT
 * DO UPDATE with the primary key as its target (PostgreSQL needs one)
 * and the table's own columns in SET and WHERE qualified (unqualified
 * they are ambiguous with excluded's); a comparison standing as a value
 * of the SELECT list is SQLite's 0/1, so ::int. */
static bool insert_statement(db_conn *db, const pg_schema *s, const char *a, const char *b, sbuf *o, char *err,
                             size_t errlen)
{
	tok t = peek(a), nx = peek(t.s + t.n);
	bool ignore = false;
	sbuf x = {0};
	if (is_word(nx, "OR")) {
		tok how = peek(nx.s + nx.n);
		ignore = is_word(how, "IGNORE");
		sb_addn(&x, a, (size_t)(nx.s - a));
		const char *rest = peek(how.s + how.n).s;
		sb_addn(&x, rest, (size_t)(b - rest));
	} else {
		sb_addn(&x, a, (size_t)(b - a));
	}
	const char *xa = x.s, *xb = x.s + x.n;
	tok into = top_word(xa, xb, "INTO");
	tok table = peek(into.s + into.n);
	char name[128];
	snprintf(name, sizeof name, "%.*s", (int)table.n, table.s);
	/* the SELECT list's comparisons */
	sbuf y = {0};
	tok sel = top_word(xa, xb, "SELECT");
	const char *from = xa;
	if (sel.k != T_END) {
		const char *p = sel.s + sel.n;
		for (;;) {
			tok first = peek(p);
			if (first.k == T_END || is_any(first, (const char *const[]){"FROM", "WHERE", "GROUP", "ORDER", "LIMIT",
			                                                              "ON", "UNION", NULL}))
				break;
			const char *end = p;
			tok u;
			for (u = peek(p); u.k != T_END && !is_punct(u, ",") &&
			                  !is_any(u, (const char *const[]){"FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "ON",
			                                                   "UNION", NULL});
			     u = peek(end)) {
				end = is_punct(u, "(") ? group_end(u.s) : u.s + u.n;
			}
			if (is_punct(first, "(") && group_end(first.s) == end && top_any(first.s + 1, end - 1, comparisons).k != T_END) {
				sb_addn(&y, from, (size_t)(end - from));
				sb_add(&y, "::int");
				from = end;
			}
			if (!is_punct(u, ","))
				break;
			p = u.s + u.n;
		}
	}
	sb_addn(&y, from, (size_t)(xb - from));
	free(x.s);
	const char *ya = y.s, *yb = y.s + y.n;
	tok on = top_word(ya, yb, "ON");
	while (on.k != T_END && !is_word(peek(on.s + on.n), "CONFLICT"))
		on = top_word(on.s + on.n, yb, "ON");
	int subqueries = 0;
	if (on.k == T_END) {
		loosen(o, ya, yb, &subqueries);
		if (ignore)
			sb_add(o, " ON CONFLICT DO NOTHING");
		free(y.s);
		return true;
	}
	tok conflict = peek(on.s + on.n), act = peek(conflict.s + conflict.n);
	loosen(o, ya, conflict.s + conflict.n, &subqueries);
	if (is_word(act, "DO") && is_word(peek(act.s + act.n), "UPDATE")) {
		char *pk = primary_key(db, name, err, errlen);
		const pg_table *pt = pg_schema_table(s, name);
		if (!pk || !pt) {
			free(pk);
			free(y.s);
			return pk ? errf(err, errlen, "触发器写入未知的表 %s", name) : false;
		}
		sb_addf(o, " (%s)", pk);
		free(pk);
		tok prev = conflict;
		for (const char *p = conflict.s + conflict.n; p < yb;) {
			tok u = lex(p);
			if (u.k == T_END)
				break;
			p = u.s + u.n;
			bool qualify = false;
			if (u.k == T_WORD && !is_punct(prev, ".") && !is_punct(peek(p), "(") &&
			    !((is_word(prev, "SET") || is_punct(prev, ",")) && is_punct(peek(p), "=")))
				for (int i = 0; i < pt->ncolumns && !qualify; i++)
					qualify = strlen(pt->columns[i]) == u.n && strncasecmp(pt->columns[i], u.s, u.n) == 0;
			if (qualify)
				sb_addf(o, "%s.", name);
			sb_addn(o, u.s, u.n);
			if (u.k != T_SPACE)
				prev = u;
		}
	} else {
		loosen(o, conflict.s + conflict.n, yb, &subqueries);
	}
	free(y.s);
	return true;
}

/* One statement of a trigger's body as PL/pgSQL, or false with why set
 * (and err empty) when it cannot be translated mechanically. */
static bool body_statement(db_conn *db, const pg_schema *s, const char *a, const char *b, sbuf *o, char *why,
                           size_t whylen, char *err, size_t errlen)
{
	tok t = peek(a);
	int subqueries = 0;
	if (is_word(t, "INSERT")) {
		tok nx = peek(t.s + t.n);
		if (is_word(nx, "OR") && !is_word(peek(nx.s + nx.n), "IGNORE")) {
			tok how = peek(nx.s + nx.n);
			snprintf(why, whylen, "INSERT OR %.*s (no PostgreSQL twin without naming every column)", (int)how.n,
			         how.s);
			return false;
		}
		return insert_statement(db, s, a, b, o, err, errlen);
	}
	if (is_word(t, "UPDATE") || is_word(t, "DELETE")) {
		loosen(o, a, b, &subqueries);
		return true;
	}
	if (is_word(t, "SELECT") && is_word(peek(t.s + t.n), "RAISE")) {
		/* SELECT RAISE(ABORT, 'message') [FROM … WHERE …] */
		tok r = peek(t.s + t.n), open = peek(r.s + r.n), kind = peek(open.s + open.n);
		const char *close = group_end(open.s);
		tok comma = peek(kind.s + kind.n), msg = peek(comma.s + comma.n);
		if (!is_punct(open, "(") || is_word(kind, "IGNORE") || msg.k != T_STRING) {
			snprintf(why, whylen, "RAISE(%.*s) (a BEFORE trigger's skip of the row)", (int)kind.n, kind.s);
			return false;
		}
		char *m = unquote(msg);
		bool guarded = peek(close).s < b;
		if (guarded) {
			sb_add(o, "IF EXISTS (SELECT 1");
			loosen(o, close, b, &subqueries);
			sb_add(o, ") THEN ");
		}
		sb_add(o, "RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = ");
		add_literal(o, m);
		if (guarded)
			sb_add(o, "; END IF");
		free(m);
		return true;
	}
	snprintf(why, whylen, "a %.*s statement", (int)t.n, t.s);
	return false;
}

/* A trigger that maintains something (a count table, a queue, a case
 * opened on save, meta's counters), as a PL/pgSQL function and a row
 * trigger: NEW. and OLD. the same, WHEN as IF, each statement by
 * body_statement. The function runs as the schema's owner (SECURITY
 * DEFINER, search_path fixed), as SQLite's triggers run whatever the
 * writer may do: a 镇街录入员's sample keeps the county's counts too.
 * PostgreSQL fires row triggers at the end of their statement, SQLite
 * after each row; the domain writes these tables a row a statement,
 * where the two are the same. False with why set when it cannot be
 * translated; false with err on an error. */
static bool maintained(db_conn *db, const pg_schema *s, const char *name, const char *sql, pg_script *out,
                       char *why, size_t whylen, char *err, size_t errlen)
{
	char *t = pg_translate(db, sql, err, errlen);
	if (!t)
		return false;
	const char *timing = NULL, *on = NULL, *when = NULL, *begin = NULL, *end = NULL;
	for (tok u = peek(t); u.k != T_END; u = peek(u.s + u.n)) {
		if (!timing && (is_word(u, "BEFORE") || is_word(u, "AFTER") || is_word(u, "INSTEAD")))
			timing = u.s;
		else if (!on && is_word(u, "ON") && timing)
			on = u.s;
		else if (!when && !begin && is_word(u, "WHEN") && on)
			when = u.s;
		else if (!begin && is_word(u, "BEGIN") && on)
			begin = u.s;
		else if (begin && is_word(u, "END"))
			end = u.s; /* the last one */
	}
	bool ok = true;
	sbuf f = {0};
	if (!timing || !on || !begin || !end || strncasecmp(timing, "INSTEAD", 7) == 0) {
		snprintf(why, whylen, "%s", timing && strncasecmp(timing, "INSTEAD", 7) == 0 ? "INSTEAD OF (a view's)"
		                                                                              : "not a trigger's text");
		free(t);
		return false;
	}
	tok tbl = peek(on + 2), ev = peek(timing);
	ev = peek(ev.s + ev.n);
	bool before = strncasecmp(timing, "BEFORE", 6) == 0, del = is_word(ev, "DELETE");
	sb_addf(&f,
	        "CREATE FUNCTION nj_trg_%s() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
	        " SET search_path = public, pg_temp AS $nj$\nBEGIN\n  IF ",
	        name);
	int subqueries = 0;
	if (when)
		loosen(&f, when + 4, begin, &subqueries);
	else
		sb_add(&f, "true");
	sb_add(&f, " THEN\n");
	const char *p = begin + 5;
	while (ok && p < end) {
		const char *stop = p;
		tok u;
		for (u = peek(p); u.k != T_END && u.s < end && !is_punct(u, ";"); u = peek(stop))
			stop = is_punct(u, "(") ? group_end(u.s) : u.s + u.n;
		if (peek(p).s < stop) {
			sb_add(&f, "    ");
			ok = body_statement(db, s, p, stop, &f, why, whylen, err, errlen);
			sb_add(&f, ";\n");
		}
		p = u.k == T_END || u.s >= end ? end : u.s + u.n;
	}
	sb_addf(&f, "  END IF;\n  RETURN %s;\nEND\n$nj$", before ? (del ? "OLD" : "NEW") : "NULL");
	if (ok) {
		add_trigger(out, &f, "nj_trg_", name, timing, on, tbl);
	}
	free(f.s);
	free(t);
	return ok;
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
	if (!guard(db, name, sql, &s->after, &is_guard, err, errlen))
		return false;
	if (is_guard) {
		s->guards++;
		return true;
	}
	char why[160] = "";
	err[0] = '\0';
	if (maintained(db, s, name, sql, &s->after, why, sizeof why, err, errlen)) {
		s->maintained++;
		return true;
	}
	if (err[0])
		return false;
	s->untranslated = xgrow(s->untranslated, &s->untranslated_cap, s->maintenance + 1, sizeof *s->untranslated);
	s->untranslated[s->maintenance++] = xstrdup(name);
	return true;
}

/* A view (name, sql): the follow-up case states' rows, which the triggers
 * and the domain read. */
static bool add_view(db_conn *db, db_stmt *st, pg_schema *s, char *err, size_t errlen)
{
	const char *name = column(st, 0), *sql = column(st, 1);
	char *t = pg_translate(db, sql, err, errlen);
	if (!t)
		return false;
	sbuf v = {0};
	int subqueries = 0;
	loosen(&v, t, t + strlen(t), &subqueries);
	free(t);
	pg_script_add(&s->after, sb_take(&v));
	s->views = xgrow(s->views, &s->views_cap, s->nviews + 1, sizeof *s->views);
	s->views[s->nviews++] = xstrdup(name);
	return true;
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
	    !schema_each(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY rowid", add_view, s, err,
	                 errlen) ||
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

/* Every SELECT list's values, at any depth, that are a comparison in
 * parentheses get ::int: SQLite's 0 or 1, which the recounts compare
 * with the count tables' numbers (EXCEPT wants the same types). A CASE
 * or a subquery in parentheses is left as it is. */
static void int_values(sbuf *o, const char *a, const char *b)
{
	static const char *const list_end[] = {"FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "UNION",
	                                       "EXCEPT", "INTERSECT", ";", NULL};
	static const char *const item_end[] = {",", "FROM", "AS", NULL};
	bool in_list = false, item_start = false;
	tok t;
	for (const char *p = a; next_token(o, &p, b, &t);) {
		if (is_punct(t, "(")) {
			const char *close = group_end(t.s);
			tok in = peek(t.s + 1), after = peek(close);
			bool value = in_list && item_start && (after.k == T_END || after.s >= b || is_any(after, item_end)) &&
			             !is_word(in, "SELECT") && !is_word(in, "CASE") &&
			             top_any(t.s + 1, close - 1, comparisons).k != T_END;
			sb_add(o, "(");
			int_values(o, t.s + 1, close - 1);
			sb_add(o, value ? ")::int" : ")");
			item_start = false;
			p = close;
			continue;
		}
		if (is_word(t, "SELECT")) {
			in_list = item_start = true;
		} else if (in_list && is_punct(t, ",")) {
			item_start = true;
		} else {
			if (is_any(t, list_end))
				in_list = false;
			item_start = false;
		}
		sb_addn(o, t.s, t.n);
		p = t.s + t.n;
	}
}

bool pg_translate_statements(db_conn *db, const pg_schema *s, const char *sql, pg_script *out, char *err,
                             size_t errlen)
{
	char *t = pg_translate(db, sql, err, errlen);
	if (!t)
		return false;
	bool ok = true;
	const char *end = t + strlen(t);
	for (const char *p = t; ok && p < end;) {
		const char *stop = p;
		tok u;
		for (u = peek(p); u.k != T_END && !is_punct(u, ";"); u = peek(stop))
			stop = is_punct(u, "(") ? group_end(u.s) : u.s + u.n;
		if (peek(p).k != T_END && peek(p).s < stop) {
			sbuf f = {0};
			char why[160] = "";
			int subqueries = 0;
			err[0] = '\0';
			if (is_word(peek(p), "SELECT")) {
				sbuf v = {0};
				int_values(&v, p, stop);
				loosen(&f, v.s ? v.s : "", v.s ? v.s + v.n : "", &subqueries);
				free(v.s);
			} else
				ok = body_statement(db, s, p, stop, &f, why, sizeof why, err, errlen);
			if (!ok && !err[0])
				errf(err, errlen, "内部错误: 无法把语句转换为 PostgreSQL 的 (%s)", why);
			if (ok)
				pg_script_add(out, sb_take(&f));
			free(f.s);
		}
		p = u.k == T_END ? end : u.s + u.n;
	}
	free(t);
	return ok;
}
