#include "store/search_index.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/pinyin.h"
#include "base/text.h"
#include "store/db.h"

void sk_buf_free(sk_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static void put(sk_buf *b, const char *s, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* One character of s: its byte length (a whole UTF-8 sequence, or one
 * byte of an invalid one, so that a valid typed text always starts on
 * a character of the name that holds it). */
static int char_len(const unsigned char *s)
{
	int n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
	      : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0)
		return 1;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* The characters of s that keys are made of: ASCII letters and digits
 * (lower-cased, as the FTS5 ascii tokenizer sees them) and every
 * non-ASCII character; the rest (spaces, ASCII punctuation) are left out
 * on both sides, so a text inside a name is still inside it after. */
typedef struct {
	char *bytes;      /* the kept characters, concatenated */
	size_t *at;       /* where character i starts; at[n] = end */
	size_t n;
	bool valid;       /* s was valid UTF-8 */
} chars;

static void chars_make(const char *s, bool digits_only, size_t max_chars, chars *c)
{
	size_t len = s ? strlen(s) : 0;
	c->bytes = malloc(len + 1);
	c->at = malloc((len + 1) * sizeof *c->at);
	if (!c->bytes || !c->at)
		abort();
	c->n = 0;
	c->valid = true;
	size_t out = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p && c->n < max_chars) {
		int n = char_len(p);
		if (n == 1 && *p >= 0x80)
			c->valid = false;
		bool keep = digits_only ? isdigit(*p) : *p >= 0x80 || isalnum(*p);
		if (keep) {
			c->at[c->n++] = out;
			for (int i = 0; i < n; i++)
				c->bytes[out++] = (char)(p[i] < 0x80 ? tolower(p[i]) : p[i]);
		}
		p += n;
	}
	c->at[c->n] = out;
	c->bytes[out] = '\0';
}

static void chars_free(chars *c)
{
	free(c->bytes);
	free(c->at);
}

/* Keys of lengths min..max characters at every position of c. */
static void grams(const chars *c, char kind, size_t min, size_t max, sk_buf *out)
{
	char mark = kind;
	for (size_t i = 0; i < c->n; i++)
		for (size_t l = min; l <= max && i + l <= c->n; l++) {
			if (out->len)
				put(out, " ", 1);
			put(out, &mark, 1);
			put(out, c->bytes + c->at[i], c->at[i + l] - c->at[i]);
		}
}

/* The letters (or the one ASCII character) a pinyin unit can be typed as. */
static int unit_letters(uint32_t u, char *out)
{
	if (u & PINYIN_LITERAL) {
		out[0] = (char)(u & 0x7F);
		return 1;
	}
	int n = 0;
	for (int b = 0; b < 26; b++)
		if (u & (1u << b))
			out[n++] = (char)('a' + b);
	return n;
}

/* Every reading of units[at..at+len) as initials, as keys. */
static void initial_combos(const uint32_t *units, int at, int len, sk_buf *out)
{
	char letters[3][26];
	int count[3], idx[3] = {0, 0, 0};
	for (int k = 0; k < len; k++)
		if ((count[k] = unit_letters(units[at + k], letters[k])) == 0)
			return;
	for (;;) {
		char key[4] = {SK_INITIALS};
		for (int k = 0; k < len; k++)
			key[1 + k] = letters[k][idx[k]];
		if (out->len)
			put(out, " ", 1);
		put(out, key, (size_t)len + 1);
		int k = len - 1;
		while (k >= 0 && ++idx[k] == count[k])
			idx[k--] = 0;
		if (k < 0)
			return;
	}
}

void search_keys(const char *name, const char *credit, const char *idno, const char *phone, sk_buf *out)
{
	chars c;
	chars_make(name, false, (size_t)-1, &c);
	grams(&c, SK_NAME, 1, 3, out);
	chars_free(&c);
	uint32_t units[SK_MAX_UNITS];
	int n = pinyin_units(name ? name : "", units, SK_MAX_UNITS);
	for (int i = 0; i < n; i++)
		for (int l = 1; l <= 3 && i + l <= n; l++)
			initial_combos(units, i, l, out);
	chars_make(credit, false, (size_t)-1, &c);
	grams(&c, SK_CREDIT, 3, 3, out);
	chars_free(&c);
	chars_make(idno, false, (size_t)-1, &c);
	grams(&c, SK_IDNO, 3, 3, out);
	chars_free(&c);
	chars_make(phone, true, 63, &c); /* the matcher's phone digits: the first 63 */
	grams(&c, SK_PHONE, 3, 3, out);
	chars_free(&c);
}

int search_initial_prefixes(const char *name, char keys[][3], int max)
{
	uint32_t units[2];
	int nu = pinyin_units(name ? name : "", units, 2), n = 0;
	char a[26], b[26];
	int na = nu > 0 ? unit_letters(units[0], a) : 0, nb = nu > 1 ? unit_letters(units[1], b) : 0;
	for (int i = 0; i < na && n < max; i++) {
		keys[n][0] = a[i];
		keys[n++][1] = '\0';
		for (int j = 0; j < nb && n < max; j++) {
			keys[n][0] = a[i];
			keys[n][1] = b[j];
			keys[n++][2] = '\0';
		}
	}
	return n;
}

/* Add or remove (add false) the producer_initials rows of one name. */
static bool prefixes(db_stmt *st, long long id, const char *name)
{
	char keys[SK_PREFIX_MAX][3];
	int n = search_initial_prefixes(name, keys, SK_PREFIX_MAX);
	bool ok = true;
	for (int i = 0; ok && i < n; i++) {
		db_bind_text(st, 1, keys[i]);
		db_bind_text(st, 2, name);
		db_bind_int64(st, 3, id);
		ok = db_step(st) == DB_DONE;
		db_reset(st);
	}
	return ok;
}

#define MAX_QUERY_KEYS 12 /* a few keys narrow it enough; the lookup checks the rest */

bool search_query(int kind, const char *text, sk_buf *out)
{
	chars c;
	chars_make(text, kind == SK_PHONE, (size_t)-1, &c);
	bool names = kind == SK_NAME || kind == SK_INITIALS;
	bool ok = c.valid && c.n >= (names ? 1 : 3);
	if (ok) {
		size_t l = c.n < 3 ? c.n : 3, nkeys = c.n - l + 1;
		size_t step = nkeys > MAX_QUERY_KEYS ? (nkeys + MAX_QUERY_KEYS - 1) / MAX_QUERY_KEYS : 1;
		char mark = (char)kind;
		for (size_t i = 0; i < nkeys; i += step) {
			put(out, i ? " AND \"" : "\"", i ? 6 : 1);
			put(out, &mark, 1);
			put(out, c.bytes + c.at[i], c.at[i + l] - c.at[i]);
			put(out, "\"", 1);
		}
	}
	chars_free(&c);
	return ok;
}

static const char *col_text(db_stmt *st, int i)
{
	return db_column_text(st, i);
}

/* The keys of the producer in columns at.. of q (name, credit code, ID
 * number, phone) through fts (the FTS5 insert or delete) and pre (the
 * producer_initials insert or delete). */
static bool write_keys(db_stmt *q, int at, long long id, db_stmt *fts, db_stmt *pre, sk_buf *keys)
{
	keys->len = 0;
	search_keys(col_text(q, at), col_text(q, at + 1), col_text(q, at + 2), col_text(q, at + 3), keys);
	db_bind_int64(fts, 1, id);
	db_bind_text(fts, 2, keys->s ? keys->s : "");
	bool ok = db_step(fts) == DB_DONE;
	db_reset(fts);
	return ok && prefixes(pre, id, col_text(q, at));
}

/* The same on PostgreSQL: ?2 the keys search_keys wrote, one space between. */
#define PG_KEYS_DEL "DELETE FROM producer_search_keys WHERE producer_id = ?1 AND k = ANY(string_to_array(?2, ' '))"
#define PG_KEYS_INS "INSERT INTO producer_search_keys(k, producer_id) SELECT DISTINCT k, CAST(?1 AS BIGINT)" \
                    " FROM unnest(string_to_array(?2, ' ')) AS k WHERE k <> '' ON CONFLICT DO NOTHING"

bool search_index_sync(db_conn *db, char *err, size_t errlen)
{
	char ignore[256];
	db_stmt *any = db_cached(db, "SELECT 1 FROM producer_search_pending LIMIT 1", ignore, sizeof ignore);
	if (!any)
		return true; /* no index in this database yet */
	int rc = db_step(any);
	db_done(any);
	if (rc == DB_DONE)
		return true;
	if (rc != DB_ROW) {
		db_error(db, "更新主体查询索引失败", err, errlen);
		return false;
	}
	db_stmt *q = db_prepare(db,
		"SELECT q.producer_id, q.indexed, q.name, q.credit_code, q.id_number, q.phone,"
		" p.id, p.name, p.credit_code, p.id_number, p.phone"
		" FROM producer_search_pending q LEFT JOIN producers p ON p.id = q.producer_id", err, errlen);
	/* The keys themselves: SQLite's contentless FTS5 table is told the
	 * old keys to take out; PostgreSQL's keys table (store/pg_search.h)
	 * holds one row per key, taken out and put in as such. */
	bool pg = db_is_pg(db);
	db_stmt *fts_del = db_prepare(db, pg ? PG_KEYS_DEL : "INSERT INTO producer_search(producer_search, rowid, k)"
	                                                     " VALUES ('delete', ?1, ?2)", err, errlen);
	db_stmt *fts_ins = db_prepare(db, pg ? PG_KEYS_INS : "INSERT INTO producer_search(rowid, k) VALUES (?1, ?2)",
	                              err, errlen);
	db_stmt *pre_del = db_prepare(db, "DELETE FROM producer_initials WHERE ini = ?1 AND name = ?2 AND id = ?3",
	                                err, errlen);
	db_stmt *pre_ins = db_prepare(db, "INSERT OR IGNORE INTO producer_initials(ini, name, id) VALUES (?1, ?2, ?3)",
	                                err, errlen);
	bool ok = q && fts_del && fts_ins && pre_del && pre_ins;
	sk_buf keys = {0};
	while (ok && (rc = db_step(q)) == DB_ROW) {
		long long id = db_column_int64(q, 0);
		/* The old keys out (the values they were made from are queued
		 * with it), the current ones in (none: no such producer now). */
		if (db_column_int(q, 1))
			ok = write_keys(q, 2, id, fts_del, pre_del, &keys);
		if (ok && db_column_type(q, 6) != DB_NULL)
			ok = write_keys(q, 7, id, fts_ins, pre_ins, &keys);
	}
	if (ok && rc != DB_DONE)
		ok = false;
	sk_buf_free(&keys);
	db_finalize(q);
	db_finalize(fts_del);
	db_finalize(fts_ins);
	db_finalize(pre_del);
	db_finalize(pre_ins);
	if (ok)
		ok = db_exec(db, "DELETE FROM producer_search_pending") == DB_OK;
	if (!ok)
		db_error(db, "更新主体查询索引失败", err, errlen);
	return ok;
}

/* After the keys are emptied (each backend its own way): the initials
 * too, and every producer queued again. */
#define REQUEUE_ALL                                                                                 \
	"DELETE FROM producer_initials; DELETE FROM producer_search_pending;"                           \
	"INSERT INTO producer_search_pending(producer_id, indexed) SELECT id, 0 FROM producers;"

bool search_index_rebuild(db_conn *db, char *err, size_t errlen)
{
	/* Every producer queued again: the commit writes the keys. */
	return db_exec_tx(db,
	                  db_is_pg(db) ? "DELETE FROM producer_search_keys;" REQUEUE_ALL
	                               : "INSERT INTO producer_search(producer_search) VALUES ('delete-all');" REQUEUE_ALL,
	                  "重建主体查询索引失败", err, errlen);
}

bool search_index_counts(db_conn *db, long long *indexed, long long *producers, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT (SELECT count(*) FROM producer_search) + (SELECT count(*) FROM producer_search_pending q"
		" WHERE q.indexed = 0), (SELECT count(*) FROM producers)", err, errlen);
	if (!st)
		return false;
	bool ok = db_step(st) == DB_ROW;
	if (ok) {
		*indexed = db_column_int64(st, 0);
		*producers = db_column_int64(st, 1);
	} else {
		db_error(db, "检查主体查询索引失败", err, errlen);
	}
	db_finalize(st);
	return ok;
}
