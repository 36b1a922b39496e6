#include "store/pg_sql.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/text.h"
#include "store/db.h"

/* SQLite's highest ?NNN (SQLITE_MAX_VARIABLE_NUMBER's default since 3.32). */
#define MAX_PARAM 32766

static void trim_end(sbuf *b, size_t from)
{
	while (b->n > from && (isspace((unsigned char)b->s[b->n - 1]) || b->s[b->n - 1] == ';'))
		b->s[--b->n] = '\0';
}

static bool word_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static bool word_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

/* The word at s (after spaces): its start and length (0: none). */
static size_t next_word(const char *s, const char **start)
{
	while (isspace((unsigned char)*s))
		s++;
	*start = s;
	size_t n = 0;
	if (word_start(*s))
		while (word_char(s[n]))
			n++;
	return n;
}

static bool is(const char *w, size_t n, const char *kw) { return strlen(kw) == n && strncasecmp(w, kw, n) == 0; }

/* The state of the statement being translated. */
typedef struct {
	size_t start;        /* its first byte in the output */
	int words;           /* words so far */
	bool insert, ignore; /* an INSERT; OR IGNORE was dropped */
	bool index_name;     /* CREATE [UNIQUE] INDEX [IF NOT EXISTS]: the next name is the index's */
	size_t returning;    /* where a top-level RETURNING begins, SIZE_MAX: none */
	int depth;
	char prev[16], prev2[16]; /* the last two tokens' words, upper-cased ("": not a word) */
	char target[64];     /* an INSERT's table, unqualified */
	bool want_target;    /* the next word names it */
	int upsert;          /* DO UPDATE SET: 1 a column to set next, 2 its value, 3 its WHERE */
	int sub;             /* inside a subquery of the upsert: its depth, 0: not */
	bool from_sub[64];   /* at each depth: a subquery right after FROM or JOIN */
	int aliases;         /* the subqueries given an alias */
} stmt;

/* The words after which a subquery in FROM has no alias of its own. */
static const char *const not_alias[] = {
	"WHERE", "LIMIT", "ORDER", "GROUP", "HAVING", "UNION", "EXCEPT", "INTERSECT", "JOIN", "LEFT", "RIGHT",
	"INNER", "CROSS", "FULL", "NATURAL", "ON", "USING", "WINDOW", "OFFSET", "RETURNING", NULL,
};
/* Words of an upsert's expressions that are not its table's columns. */
static const char *const not_column[] = {
	"AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "GLOB", "DISTINCT", "FROM", "TRUE", "FALSE",
	"CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "AS", "COLLATE", "ESCAPE", "EXISTS", "SELECT", "WHERE",
	"BIGINT", "INTEGER", "TEXT", "REAL", "DOUBLE", "PRECISION", "NUMERIC", "ISNULL", "NOTNULL", "RETURNING", NULL,
};

static bool one_of(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (is(w, n, *list))
			return true;
	return false;
}

static void remember(stmt *t, const char *w, size_t n)
{
	memcpy(t->prev2, t->prev, sizeof t->prev);
	size_t i = 0;
	for (; i < n && i + 1 < sizeof t->prev; i++)
		t->prev[i] = (char)toupper((unsigned char)w[i]);
	t->prev[i] = '\0';
}

/* After the word at s (n bytes): the next character that is not a space. */
static char after(const char *s, size_t n)
{
	s += n;
	while (isspace((unsigned char)*s))
		s++;
	return *s;
}

/* A column of the upsert's expressions, to be qualified with its table:
 * PostgreSQL finds a bare name there ambiguous (the table's or EXCLUDED's),
 * SQLite takes the table's. Not a keyword, a function or a qualified name. */
static bool upsert_column(const stmt *t, const sbuf *b, const char *s, size_t n)
{
	if ((t->upsert != 2 && t->upsert != 3) || t->sub || !*t->target || one_of(s, n, not_column))
		return false;
	char next = after(s, n);
	size_t i = b->n;
	while (i > 0 && isspace((unsigned char)b->s[i - 1]))
		i--;
	return next != '(' && next != '.' && !(i > 0 && b->s[i - 1] == '.');
}

static void stmt_begin(stmt *t, size_t at)
{
	*t = (stmt){.start = at, .returning = SIZE_MAX};
}

/* The table an INSERT INTO names, from the translated statement. */
static void insert_table(const char *s, pg_sql *out)
{
	const char *w;
	size_t n = next_word(s, &w); /* INSERT */
	n = next_word(w + n, &w);
	if (!is(w, n, "INTO"))
		return;
	w += n;
	while (isspace((unsigned char)*w))
		w++;
	size_t len = 0;
	while (word_char(w[len]) || w[len] == '.' || w[len] == '"')
		len++;
	if (len > 0 && len < sizeof out->table) {
		memcpy(out->table, w, len);
		out->table[len] = '\0';
	}
	w += len;
	while (isspace((unsigned char)*w))
		w++;
	const char *end = *w == '(' ? strchr(w, ')') : NULL;
	if (end && (size_t)(end - w) < sizeof out->columns) {
		memcpy(out->columns, w + 1, (size_t)(end - w - 1));
		out->columns[end - w - 1] = '\0';
	}
}

static void stmt_end(stmt *t, sbuf *b, pg_sql *out)
{
	if (t->words == 0)
		return;
	if (t->ignore) {
		if (t->returning != SIZE_MAX) {
			sb_insert(b, t->returning, "ON CONFLICT DO NOTHING ");
		} else {
			trim_end(b, t->start);
			sb_add(b, " ON CONFLICT DO NOTHING");
		}
	}
	if (out->statements == 0 && t->returning != SIZE_MAX)
		out->flags |= PGT_RETURNING;
	if (++out->statements == 1 && t->insert) {
		out->flags |= PGT_INSERT;
		insert_table(b->s + t->start, out);
	}
}

/* A quoted run from s (its opening quote q) to its closing one, a doubled
 * quote inside it; its length, or 0 when it does not close. */
static size_t quoted(const char *s, char q)
{
	for (size_t i = 1; s[i]; i++)
		if (s[i] == q) {
			if (s[i + 1] != q)
				return i + 1;
			i++;
		}
	return 0;
}

/* An identifier in SQLite's other quotes ([x], `x`) as "x". */
static void put_ident(sbuf *b, const char *s, size_t n)
{
	sb_add(b, "\"");
	for (size_t i = 0; i < n; i++)
		sb_addn(b, s[i] == '"' ? "\"\"" : s + i, 1 + (s[i] == '"'));
	sb_add(b, "\"");
}

/* What ends the table of a join (at s): is it an ON? Quotes and
 * parentheses skipped. (SQLite takes CROSS JOIN … ON, a join in the
 * order written; PostgreSQL's CROSS JOIN takes no ON, its JOIN does.) */
static bool join_has_on(const char *s)
{
	static const char *const ends[] = {"JOIN", "WHERE", "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT",
	                                   "INTERSECT", "HAVING", "WINDOW", "USING", "RETURNING", NULL};
	int depth = 0;
	while (*s) {
		if (*s == '\'' || *s == '"') {
			size_t q = quoted(s, *s);
			if (!q)
				return false;
			s += q;
		} else if (*s == '(') {
			depth++, s++;
		} else if (*s == ')') {
			if (--depth < 0)
				return false;
			s++;
		} else if (*s == ';' && depth == 0) {
			return false;
		} else if (word_start(*s)) {
			size_t n = 0;
			while (word_char(s[n]))
				n++;
			if (depth == 0 && is(s, n, "ON"))
				return true;
			if (depth == 0 && one_of(s, n, ends))
				return false;
			s += n;
		} else {
			s++;
		}
	}
	return false;
}

/* One word of a statement (at s, n bytes): what it becomes; returns how
 * much of the input it used. */
static size_t word(stmt *t, sbuf *b, const char *s, size_t n, pg_sql *out)
{
	const char *w2, *w3;
	size_t n2 = next_word(s + n, &w2);
	bool first = t->words++ == 0;
	if (t->want_target && s[n] != '.') {
		text_copy(t->target, sizeof t->target, "");
		if (n < sizeof t->target) {
			memcpy(t->target, s, n);
			t->target[n] = '\0';
		}
		t->want_target = false;
	}
	if (is(s, n, "main") && s[n] == '.')
		return n + 1; /* SQLite's main database: the connection's own */
	if (is(s, n, "temp") && s[n] == '.') {
		if (t->index_name)
			return n + 1; /* CREATE INDEX temp.i ON …: i */
		sb_add(b, "pg_temp");
		return n;
	}
	if (t->index_name && !is(s, n, "UNIQUE") && !is(s, n, "INDEX") && !is(s, n, "IF") && !is(s, n, "NOT") &&
	    !is(s, n, "EXISTS"))
		t->index_name = false;
	if (first && is(s, n, "BEGIN")) {
		sb_addn(b, s, n);
		if (is(w2, n2, "IMMEDIATE") || is(w2, n2, "EXCLUSIVE"))
			out->flags |= PGT_WRITE_LOCK;
		else if (!is(w2, n2, "DEFERRED"))
			return n;
		return (size_t)(w2 + n2 - s);
	}
	if (first && is(s, n, "INSERT")) {
		t->insert = true;
		size_t n3 = next_word(w2 + n2, &w3);
		if (is(w2, n2, "OR") && is(w3, n3, "IGNORE")) {
			t->ignore = true;
			sb_addn(b, s, n);
			return (size_t)(w3 + n3 - s);
		}
		if (is(w2, n2, "OR") && is(w3, n3, "REPLACE")) {
			out->flags |= PGT_REPLACE;
			sb_addn(b, s, n);
			return (size_t)(w3 + n3 - s);
		}
	} else if (first && is(s, n, "CREATE")) {
		t->index_name = is(w2, n2, "INDEX") || is(w2, n2, "UNIQUE");
	} else if (is(s, n, "IS")) {
		bool not = is(w2, n2, "NOT");
		const char *x = w2;
		size_t nx = n2;
		if (not)
			nx = next_word(w2 + n2, &x);
		if (!is(x, nx, "NULL") && !is(x, nx, "TRUE") && !is(x, nx, "FALSE") && !is(x, nx, "UNKNOWN") &&
		    !is(x, nx, "DISTINCT")) {
			sb_add(b, not ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM");
			return not ? (size_t)(w2 + n2 - s) : n;
		}
	} else if (is(s, n, "WITHOUT") && is(w2, n2, "ROWID")) {
		return (size_t)(w2 + n2 - s);
	} else if (is(s, n, "INDEXED") && is(w2, n2, "BY")) {
		/* SQLite's choice of index (INDEXED BY i): the planner's here */
		size_t n3 = next_word(w2 + n2, &w3);
		return (size_t)(w3 + n3 - s);
	} else if (is(s, n, "NOT") && is(w2, n2, "INDEXED")) {
		return (size_t)(w2 + n2 - s);
	} else if (is(s, n, "CROSS") && is(w2, n2, "JOIN") && join_has_on(w2 + n2)) {
		sb_add(b, "JOIN");
		return (size_t)(w2 + n2 - s);
	} else if (is(s, n, "INTEGER")) {
		sb_add(b, "BIGINT");
		return n;
	} else if (is(s, n, "REAL")) {
		sb_add(b, "DOUBLE PRECISION");
		return n;
	} else if (is(s, n, "RETURNING") && t->depth == 0 && t->returning == SIZE_MAX) {
		t->returning = b->n;
		t->upsert = 0;
	} else if (is(s, n, "INTO") && t->insert && !*t->target) {
		t->want_target = true;
	} else if (is(s, n, "SET") && t->insert && t->depth == 0 && strcmp(t->prev, "UPDATE") == 0 &&
	           strcmp(t->prev2, "DO") == 0) {
		t->upsert = 1;
	} else if (is(s, n, "WHERE") && t->upsert && t->depth == 0) {
		t->upsert = 3;
	}
	sb_addn(b, s, n);
	return n;
}

bool pg_sql_translate(const char *in, pg_sql *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	sbuf b = {0};
	sb_addn(&b, "", 0);
	stmt t;
	stmt_begin(&t, 0);
	int highest = 0;
	const char *s = in;
	while (*s) {
		size_t n = 0;
		if (*s == '\'' || *s == '"') {
			if (!(n = quoted(s, *s)))
				goto unclosed;
			sb_addn(&b, s, n);
			remember(&t, "", 0);
		} else if (*s == '[' || *s == '`') {
			const char *end = *s == '[' ? strchr(s + 1, ']') : NULL;
			if (*s == '`')
				end = (n = quoted(s, '`')) ? s + n - 1 : NULL;
			if (!end)
				goto unclosed;
			put_ident(&b, s + 1, (size_t)(end - s - 1));
			n = (size_t)(end + 1 - s);
			remember(&t, "", 0);
		} else if (s[0] == '-' && s[1] == '-') {
			n = strcspn(s, "\n");
			sb_addn(&b, s, n);
		} else if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");
			if (!end)
				goto unclosed;
			n = (size_t)(end + 2 - s);
			sb_addn(&b, s, n);
		} else if (*s == '?') {
			n = 1;
			long v = highest + 1;
			if (isdigit((unsigned char)s[1])) {
				char *e;
				v = strtol(s + 1, &e, 10);
				n = (size_t)(e - s);
			}
			if (v < 1 || v > MAX_PARAM) {
				errf(err, errlen, "SQL 语句的参数编号 %.*s 超出范围 (程序错误，请报告)", (int)n, s);
				free(b.s);
				return false;
			}
			if (v > highest)
				highest = (int)v;
			char num[16];
			snprintf(num, sizeof num, "$%ld", v);
			sb_add(&b, num);
			remember(&t, "", 0);
		} else if (s[0] == '=' && s[1] == '=') {
			n = 2;
			sb_add(&b, "=");
			if (t.depth == 0 && t.upsert == 1)
				t.upsert = 2;
			remember(&t, "", 0);
		} else if (word_start(*s)) {
			while (word_char(s[n]))
				n++;
			size_t len = n;
			if (upsert_column(&t, &b, s, n)) {
				sb_add(&b, t.target);
				sb_add(&b, ".");
			}
			n = word(&t, &b, s, n, out);
			remember(&t, s, len);
		} else if (isdigit((unsigned char)*s)) {
			while (isalnum((unsigned char)s[n]) || s[n] == '.' || s[n] == '_')
				n++;
			sb_addn(&b, s, n);
			remember(&t, "", 0);
		} else if (isspace((unsigned char)*s)) {
			n = 1;
			sb_addn(&b, s, 1);
		} else {
			n = 1;
			sb_addn(&b, s, 1);
			if (*s == '(') {
				const char *w;
				size_t wn = next_word(s + 1, &w);
				bool query = is(w, wn, "SELECT") || is(w, wn, "VALUES") || is(w, wn, "WITH");
				if (++t.depth > 0 && t.depth < (int)sizeof t.from_sub)
					t.from_sub[t.depth] = query && (strcmp(t.prev, "FROM") == 0 || strcmp(t.prev, "JOIN") == 0);
				if (query && t.upsert >= 2 && !t.sub)
					t.sub = t.depth;
			} else if (*s == ')') {
				if (t.depth > 0 && t.depth < (int)sizeof t.from_sub && t.from_sub[t.depth]) {
					/* PostgreSQL before 16 wants an alias for each */
					const char *w;
					size_t wn = next_word(s + 1, &w);
					if (wn == 0 || one_of(w, wn, not_alias)) {
						char alias[32];
						snprintf(alias, sizeof alias, " AS nj_from%d", ++t.aliases);
						sb_add(&b, alias);
					}
					t.from_sub[t.depth] = false;
				}
				if (t.sub && t.depth == t.sub)
					t.sub = 0;
				t.depth--;
			} else if (*s == ',' && t.depth == 0 && t.upsert == 2) {
				t.upsert = 1;
			} else if (*s == '=' && t.depth == 0 && t.upsert == 1) {
				t.upsert = 2;
			} else if (*s == ';' && t.depth <= 0) {
				b.s[--b.n] = '\0'; /* the ';' goes after what the statement's end adds */
				stmt_end(&t, &b, out);
				sb_addn(&b, s, 1);
				stmt_begin(&t, b.n);
			}
			remember(&t, "", 0);
		}
		s += n;
	}
	stmt_end(&t, &b, out);
	trim_end(&b, 0);
	if (out->statements != 1)
		out->flags &= ~(unsigned)(PGT_INSERT | PGT_REPLACE);
	out->sql = b.s;
	out->nparams = highest;
	return true;
unclosed:
	free(b.s);
	memset(out, 0, sizeof *out);
	return errf(err, errlen, "SQL 语句的引号或注释没有结束 (程序错误，请报告)");
}

void pg_sql_free(pg_sql *s)
{
	free(s->sql);
	memset(s, 0, sizeof *s);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

int pg_sql_result_code(const char *st, const char *constraint, int *extended)
{
	/* SQLSTATEs: PostgreSQL's documentation, appendix A "PostgreSQL Error
	 * Codes" (the SQL standard's classes and PostgreSQL's own). */
	static const struct {
		const char *code; /* an SQLSTATE, or its class (two characters) */
		int rc, ext;
	} map[] = {
		{"23503", DB_CONSTRAINT, DB_CONSTRAINT_FOREIGNKEY},
		{"23514", DB_CONSTRAINT, DB_CONSTRAINT_CHECK},
		{"23502", DB_CONSTRAINT, DB_CONSTRAINT_NOTNULL},
		{"P0001", DB_CONSTRAINT, DB_CONSTRAINT_TRIGGER}, /* RAISE from a guard, as RAISE(ABORT) */
		{"23", DB_CONSTRAINT, DB_CONSTRAINT},
		{"40001", DB_BUSY, DB_BUSY}, /* serialization failure */
		{"40P01", DB_BUSY, DB_BUSY}, /* deadlock */
		{"55P03", DB_BUSY, DB_BUSY}, /* lock_timeout: the busy timeout */
		{"25006", DB_READONLY, DB_READONLY}, /* a read-only transaction or standby */
		{"42501", DB_READONLY, DB_READONLY}, /* no privilege, row-level security */
		{"53100", DB_FULL, DB_FULL},
		{"53200", DB_NOMEM, DB_NOMEM},
		{"57014", DB_INTERRUPT, DB_INTERRUPT}, /* cancelled */
		{"XX001", DB_CORRUPT, DB_CORRUPT},
		{"XX002", DB_CORRUPT, DB_CORRUPT},
		{"3D000", DB_CANTOPEN, DB_CANTOPEN},
		{"58030", DB_IOERR, DB_IOERR},
		{"08", DB_IOERR, DB_IOERR}, /* connection exception */
		{"57", DB_IOERR, DB_IOERR}, /* the server shutting down */
		{"53", DB_IOERR, DB_IOERR},
		{"22", DB_MISMATCH, DB_MISMATCH}, /* a value not of the column's type */
	};
	int ext = DB_ERROR, rc = DB_ERROR;
	if (!st || !*st) {
		rc = ext = DB_IOERR; /* no answer: the connection is gone */
	} else if (strcmp(st, "23505") == 0) {
		rc = DB_CONSTRAINT;
		ext = constraint && ends_with(constraint, "_pkey") ? DB_CONSTRAINT_PRIMARYKEY
		                                                   : DB_CONSTRAINT_UNIQUE;
	} else {
		for (size_t i = 0; i < sizeof map / sizeof *map; i++)
			if (strncmp(st, map[i].code, strlen(map[i].code)) == 0) {
				rc = map[i].rc;
				ext = map[i].ext;
				break;
			}
	}
	if (extended)
		*extended = ext;
	return rc;
}
