#define _GNU_SOURCE /* memmem */
#include "registry/lookup.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/blacklist.h"
#include "base/dates.h"
#include "store/db.h"
#include "base/pinyin.h"
#include "registry/producer.h"
#include "store/search_index.h"
#include "base/text.h"

#define MIN_CODE 3      /* characters typed before codes and phones are searched */
/* Index candidates checked one by one; a key with more is a dense match,
 * and its best hits are found by walking the names in order instead
 * (each of them then a hit or close to one), without a count. */
#define CANDIDATES 1000

enum { Q_COUNT_CAND, Q_CAND, Q_INI_WALK, Q_WALK_NAMES, Q_PENDING, Q_WALK, Q_EXACT, Q_PREFIX, Q_ENTRY, Q_LISTED, Q_BY_NAME, Q_META, Q_COUNT_ALL, Q_N };

/* A candidate as the walks and the index queries give it: the id, the
 * name and the three codes classify() compares, in that order. */
#define CAND_COLUMNS "p.id, p.name, p.credit_code, p.id_number, p.phone"
static const char *const sql[Q_N] = {
	/* The index as a table-valued function, producer_search(m): SQLite's
	 * FTS5 table called with its MATCH expression, and on PostgreSQL a
	 * function of that name answering the same (store/pg_search.h). */
	[Q_COUNT_CAND] = "SELECT count(*) FROM (SELECT 1 FROM producer_search(?1) LIMIT ?2)",
	/* Kinds up to LM_INITIALS depend on the name alone (codes and phones
	 * only ever give a worse kind), so these walks read an index only. */
	[Q_INI_WALK] = "SELECT id, name, '', '', '' FROM producer_initials WHERE ini = ?1 ORDER BY name, id",
	[Q_WALK_NAMES] = "SELECT id, name, '', '', '' FROM producers ORDER BY name, id",
	[Q_CAND] = "SELECT " CAND_COLUMNS " FROM producer_search(?1) s"
	           " JOIN producers p ON p.id = s.rowid LIMIT ?2",
	/* Producers changed by another tool since the last save: their keys
	 * may be stale, so they are always checked. */
	[Q_PENDING] = "SELECT " CAND_COLUMNS " FROM producer_search_pending q"
	              " JOIN producers p ON p.id = q.producer_id",
	[Q_WALK] = "SELECT " CAND_COLUMNS " FROM producers p ORDER BY p.name, p.id",
	[Q_EXACT] = "SELECT id, name FROM producers WHERE name = ?1 ORDER BY id LIMIT ?2",
	[Q_PREFIX] = "SELECT id, name FROM producers WHERE name > ?1 AND name < ?2 ORDER BY name, id LIMIT ?3",
	[Q_ENTRY] = "SELECT p.name, u.name, p.kind, p.credit_code, p.id_number, p.phone, p.rating,"
	            " b.reason_kind, b.detail, b.since, p.village"
	            " FROM producers p JOIN units u ON u.id = p.unit_id"
	            " LEFT JOIN blacklist b ON b.id = (SELECT max(x.id) FROM blacklist x"
	            "  WHERE x.producer_id = p.id AND x.lifted_at IS NULL"
	            "  AND (x.expires IS NULL OR x.expires >= ?2))"
	            " WHERE p.id = ?1",
	[Q_LISTED] = ("SELECT p.id FROM producers p WHERE p.id IN (SELECT producer_id FROM blacklist"
	              " WHERE lifted_at IS NULL AND (expires IS NULL OR expires >= ?1)) ORDER BY p.name, p.id"),
	[Q_BY_NAME] = "SELECT id FROM producers WHERE name = ?1 ORDER BY id",
	[Q_META] = "SELECT value FROM meta WHERE key = ?1",
	[Q_COUNT_ALL] = "SELECT count(*) FROM producers",
};

/* An entry and the one allocation its strings live in. */
typedef struct {
	lookup_entry e;
	char *text;
} slot;

typedef struct {
	slot *s;
	int n, cap;
} slots;

struct lookup_index {
	db_conn *db;
	db_stmt *q[Q_N];
	long long gen;
	char today[11];
	int count;
	slots found, one, exact;
};

static const char *col_text(db_stmt *st, int i)
{
	const char *t = db_column_text(st, i);
	return t ? t : "";
}

static long long meta_value(lookup_index *ix, const char *key)
{
	db_stmt *st = ix->q[Q_META];
	long long v = -1;
	db_bind_text(st, 1, key);
	if (db_step(st) == DB_ROW)
		v = db_column_int64(st, 0);
	db_reset(st);
	return v;
}

static void slots_clear(slots *ss)
{
	for (int i = 0; i < ss->n; i++)
		free(ss->s[i].text);
	ss->n = 0;
}

/* Room for n entries, made before any is handed out (they must not move). */
static void slots_reserve(slots *ss, int n)
{
	if (n > ss->cap) {
		ss->s = realloc(ss->s, (size_t)n * sizeof *ss->s);
		if (!ss->s)
			abort();
		ss->cap = n;
	}
}

static void slots_free(slots *ss)
{
	slots_clear(ss);
	free(ss->s);
}

/* Fill the next slot of ss with producer id; NULL when it is not there. */
static const lookup_entry *slot_fill(lookup_index *ix, slots *ss, long long id)
{
	db_stmt *st = ix->q[Q_ENTRY];
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, ix->today);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return NULL;
	}
	if (ss->n == ss->cap) {
		db_reset(st);
		return NULL; /* never: callers reserve */
	}
	char listing[1024] = "";
	bool listed = db_column_type(st, 7) != DB_NULL;
	if (listed) {
		blacklist_entry be;
		memset(&be, 0, sizeof be);
		be.kind = blacklist_kind_from_code(col_text(st, 7));
		snprintf(be.detail, sizeof be.detail, "%s", col_text(st, 8));
		snprintf(be.since, sizeof be.since, "%s", col_text(st, 9));
		blacklist_describe(&be, listing, sizeof listing);
	}
	const char *parts[7] = {col_text(st, 0), col_text(st, 1), col_text(st, 3), col_text(st, 4),
	                        col_text(st, 5), listing, col_text(st, 10)};
	size_t len[7], all = 0;
	for (int i = 0; i < 7; i++)
		all += (len[i] = strlen(parts[i])) + 1;
	slot *s = &ss->s[ss->n++];
	s->text = malloc(all);
	if (!s->text)
		abort();
	const char *at[7];
	char *p = s->text;
	for (int i = 0; i < 7; i++) {
		memcpy(p, parts[i], len[i] + 1);
		at[i] = p;
		p += len[i] + 1;
	}
	lookup_entry *e = &s->e;
	memset(e, 0, sizeof *e);
	e->id = id;
	e->name = at[0];
	e->town = at[1];
	e->credit_code = at[2];
	e->id_number = at[3];
	e->phone = at[4];
	e->listing = at[5];
	e->village = at[6];
	e->kind = producer_kind_label(producer_kind_from_code(col_text(st, 2)));
	e->rating = col_text(st, 6)[0];
	e->status = producer_status(e->rating, listed);
	db_reset(st);
	return e;
}

lookup_index *lookup_load(db_conn *db, char *err, size_t errlen)
{
	lookup_index *ix = xcalloc(1, sizeof *ix);
	ix->db = db;
	date_format(date_today(), ix->today, sizeof ix->today);
	for (int i = 0; i < Q_N; i++)
		if (!(ix->q[i] = db_prepare(db, sql[i], err, errlen))) {
			lookup_free(ix);
			return NULL;
		}
	ix->gen = meta_value(ix, "registry_gen");
	ix->count = (int)meta_value(ix, "producer_count");
	if (ix->count < 0) {
		if (db_step(ix->q[Q_COUNT_ALL]) == DB_ROW)
			ix->count = db_column_int(ix->q[Q_COUNT_ALL], 0);
		db_reset(ix->q[Q_COUNT_ALL]);
	}
	return ix;
}

void lookup_free(lookup_index *ix)
{
	if (!ix)
		return;
	for (int i = 0; i < Q_N; i++)
		db_finalize(ix->q[i]);
	slots_free(&ix->found);
	slots_free(&ix->one);
	slots_free(&ix->exact);
	free(ix);
}

int lookup_count(const lookup_index *ix)
{
	return ix && ix->count > 0 ? ix->count : 0;
}

bool lookup_refresh(db_conn *db, lookup_index **ix, char *err, size_t errlen)
{
	char today[11];
	date_format(date_today(), today, sizeof today);
	if (*ix && (*ix)->gen == meta_value(*ix, "registry_gen") && strcmp((*ix)->today, today) == 0)
		return true;
	lookup_index *fresh = lookup_load(db, err, errlen);
	if (!fresh)
		return false;
	lookup_free(*ix);
	*ix = fresh;
	return true;
}

/* What was typed, prepared for every kind of match. */
typedef struct {
	char t[256], upper[256], digits[256];
	size_t tlen, nd;
	bool initials, codes, phone;
} query;

static bool query_make(const char *typed, query *q)
{
	snprintf(q->t, sizeof q->t, "%s", typed ? typed : "");
	text_trim(q->t);
	q->tlen = strlen(q->t);
	bool ascii = true, has_digit = false, phone_like = true;
	q->nd = 0;
	for (size_t i = 0; i < q->tlen; i++) {
		unsigned char c = (unsigned char)q->t[i];
		ascii = ascii && c < 0x80;
		has_digit = has_digit || isdigit(c);
		phone_like = phone_like && (isdigit(c) || c == '-' || c == '+' || c == ' ');
		q->upper[i] = (char)toupper(c);
		if (isdigit(c))
			q->digits[q->nd++] = (char)c;
	}
	q->upper[q->tlen] = '\0';
	q->digits[q->nd] = '\0';
	q->initials = pinyin_is_initials(q->t);
	/* Codes and phones need a digit and three characters (fewer match
	 * most of the registry and say nothing); codes are upper-case. */
	q->codes = ascii && has_digit && q->tlen >= MIN_CODE;
	q->phone = phone_like && q->nd >= MIN_CODE;
	return q->tlen > 0;
}

/* How one producer matches (LM_KINDS: not at all): its best kind. */
static int classify(const query *q, const char *name, const char *credit, const char *idno, const char *phone)
{
	int best = LM_KINDS;
	const char *hit = memmem(name, strlen(name), q->t, q->tlen);
	if (hit)
		best = hit != name ? LM_NAME : name[q->tlen] ? LM_NAME_PREFIX : LM_NAME_EXACT;
	if (q->initials && best > LM_INITIALS_PREFIX) {
		uint32_t u[SK_MAX_UNITS];
		int nu = pinyin_units(name, u, SK_MAX_UNITS);
		int pos = pinyin_match_units(q->t, u, nu);
		if (pos >= 0)
			best = pos == 0 ? LM_INITIALS_PREFIX : LM_INITIALS;
	}
	if (q->codes && best > LM_CODE && memmem(credit, strlen(credit), q->upper, q->tlen))
		best = LM_CODE;
	if (q->codes && best > LM_ID_NUMBER && memmem(idno, strlen(idno), q->upper, q->tlen))
		best = LM_ID_NUMBER;
	if (q->phone && best > LM_PHONE) {
		char digits[64];
		size_t nd = 0;
		for (const char *p = phone; *p && nd + 1 < sizeof digits; p++)
			if (isdigit((unsigned char)*p))
				digits[nd++] = *p;
		if (memmem(digits, nd, q->digits, q->nd))
			best = LM_PHONE;
	}
	return best;
}

/* Which group of matches a kind belongs to: one index query each. */
enum { G_NAME, G_INITIALS, G_CODES, G_PHONE, G_COUNT };
static int group_of(int how)
{
	return how <= LM_NAME ? G_NAME : how <= LM_INITIALS ? G_INITIALS : how <= LM_ID_NUMBER ? G_CODES : G_PHONE;
}

typedef struct {
	long long id;
	char *name;
	int how;
} cand;

typedef struct {
	cand *c;
	int n, cap;
} cands;

static void cands_add(cands *cs, long long id, const char *name, int how)
{
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 64;
		cs->c = realloc(cs->c, (size_t)cs->cap * sizeof *cs->c);
		if (!cs->c)
			abort();
	}
	cand *c = &cs->c[cs->n++];
	c->id = id;
	c->name = xstrdup(name);
	c->how = how;
}

static void cands_free(cands *cs)
{
	for (int i = 0; i < cs->n; i++)
		free(cs->c[i].name);
	free(cs->c);
}

static int by_id(const void *a, const void *b)
{
	long long x = ((const cand *)a)->id, y = ((const cand *)b)->id;
	return x < y ? -1 : x > y;
}

/* Best kind first, then the names' order (as the name index: bytes, then id). */
static int by_rank(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->how != y->how)
		return x->how - y->how;
	int c = strcmp(x->name, y->name);
	return c ? c : by_id(a, b);
}

/* Rows of st (id, name, credit, ID number, phone) that match in one of
 * the groups in keep; at most limit rows are read (-1: all). Returns
 * how many rows were read, or -1 on a database error. */
static int collect(const query *q, db_stmt *st, const bool keep[G_COUNT], int limit, cands *out)
{
	int rows = 0, rc;
	while ((limit < 0 || rows < limit) && (rc = db_step(st)) == DB_ROW) {
		rows++;
		int how = classify(q, col_text(st, 1), col_text(st, 2), col_text(st, 3), col_text(st, 4));
		if (how < LM_KINDS && keep[group_of(how)])
			cands_add(out, db_column_int64(st, 0), col_text(st, 1), how);
	}
	db_reset(st);
	return rows;
}

/* The first need producers of kind how in name order, when its group
 * matched too many to check one by one: from the name index. True when
 * that is all of them (fewer than need). */
static bool walk(lookup_index *ix, const query *q, int how, int need, const cands *pend, cands *out)
{
	if (need <= 0)
		return false;
	db_stmt *st;
	char succ[256];
	if (how == LM_NAME_EXACT || (how == LM_NAME_PREFIX && (unsigned char)q->t[q->tlen - 1] < 0xFF)) {
		st = ix->q[how == LM_NAME_EXACT ? Q_EXACT : Q_PREFIX];
		db_bind_text(st, 1, q->t);
		if (how == LM_NAME_PREFIX) {
			memcpy(succ, q->t, q->tlen + 1);
			succ[q->tlen - 1]++;
			db_bind_text(st, 2, succ);
		}
		db_bind_int(st, how == LM_NAME_EXACT ? 2 : 3, need);
		int got = 0;
		while (db_step(st) == DB_ROW) {
			cands_add(out, db_column_int64(st, 0), col_text(st, 1), how);
			got++;
		}
		db_reset(st);
		return got < need;
	}
	/* Initials prefixes: the names that start with those initials, in
	 * order (their keys are stale for producers still queued, which are
	 * taken from the queue instead). */
	bool by_initials = how == LM_INITIALS_PREFIX;
	char key[3] = {0};
	if (by_initials) {
		key[0] = (char)tolower((unsigned char)q->t[0]);
		key[1] = (char)tolower((unsigned char)q->t[1]);
		st = ix->q[Q_INI_WALK];
		db_bind_text(st, 1, key);
	} else {
		st = ix->q[how <= LM_INITIALS ? Q_WALK_NAMES : Q_WALK];
	}
	int got = 0;
	while (got < need && db_step(st) == DB_ROW) {
		long long id = db_column_int64(st, 0);
		cand probe = {id, NULL, 0};
		if (by_initials && pend->n && bsearch(&probe, pend->c, (size_t)pend->n, sizeof probe, by_id))
			continue;
		if (classify(q, col_text(st, 1), col_text(st, 2), col_text(st, 3), col_text(st, 4)) == how) {
			cands_add(out, id, col_text(st, 1), how);
			got++;
		}
	}
	db_reset(st);
	bool all = got < need;
	if (by_initials) {
		for (int i = 0; i < pend->n; i++)
			if (pend->c[i].how == how)
				cands_add(out, pend->c[i].id, pend->c[i].name, how);
		if (out->n > 1)
			qsort(out->c, (size_t)out->n, sizeof *out->c, by_rank);
		while (out->n > need)
			free(out->c[--out->n].name);
	}
	return all;
}

/* The index query of a group for q (false: it makes no key). */
static bool group_query(const query *q, int g, sk_buf *b)
{
	b->len = 0;
	switch (g) {
	case G_NAME:
		return search_query(SK_NAME, q->t, b);
	case G_INITIALS:
		return search_query(SK_INITIALS, q->t, b);
	case G_CODES: {
		sk_buf idno = {0};
		bool ok = search_query(SK_IDNO, q->upper, &idno);
		if (ok && search_query(SK_CREDIT, q->upper, b)) {
			char *credit = xstrdup(b->s);
			b->len = 0;
			size_t n = strlen(credit) + strlen(idno.s) + 16;
			b->s = realloc(b->s, n);
			if (!b->s)
				abort();
			b->cap = n;
			b->len = (size_t)snprintf(b->s, n, "(%s) OR (%s)", credit, idno.s);
			free(credit);
		} else {
			ok = false;
		}
		sk_buf_free(&idno);
		return ok;
	}
	default:
		return search_query(SK_PHONE, q->digits, b);
	}
}

int lookup_search(lookup_index *ix, const char *typed, lookup_hit *hits, int max, int *total)
{
	if (total)
		*total = 0;
	query q;
	if (!ix || !query_make(typed, &q) || max <= 0)
		return 0;
	slots_clear(&ix->found);
	slots_reserve(&ix->found, max);
	bool active[G_COUNT] = {true, q.initials, q.codes, q.phone};
	bool dense[G_COUNT] = {false, false, false, false}, checked[G_COUNT] = {false, false, false, false};
	bool own_tx = !db_in_transaction(ix->db);
	if (own_tx)
		db_exec(ix->db, "BEGIN"); /* one snapshot for every query */
	cands pool = {0};
	sk_buf b = {0};
	for (int g = 0; g < G_COUNT; g++) {
		if (!active[g])
			continue;
		if (!group_query(&q, g, &b)) {
			dense[g] = true;
			continue;
		}
		/* How many the index holds first (cheap), then those checked. */
		db_stmt *st = ix->q[Q_COUNT_CAND];
		db_bind_text(st, 1, b.s);
		db_bind_int(st, 2, CANDIDATES + 1);
		int found = db_step(st) == DB_ROW ? db_column_int(st, 0) : CANDIDATES + 1;
		db_reset(st);
		if (found > CANDIDATES) {
			dense[g] = true;
			continue;
		}
		bool only[G_COUNT] = {false, false, false, false};
		only[g] = true;
		st = ix->q[Q_CAND];
		db_bind_text(st, 1, b.s);
		db_bind_int(st, 2, CANDIDATES + 1);
		collect(&q, st, only, -1, &pool);
		checked[g] = true;
	}
	sk_buf_free(&b);
	/* Producers queued by another tool's change: checked directly. */
	cands pend = {0}; /* every one queued, matching or not (its old keys are stale) */
	for (db_stmt *st = ix->q[Q_PENDING]; db_step(st) == DB_ROW;)
		cands_add(&pend, db_column_int64(st, 0), col_text(st, 1),
		          classify(&q, col_text(st, 1), col_text(st, 2), col_text(st, 3), col_text(st, 4)));
	db_reset(ix->q[Q_PENDING]);
	if (pend.n > 1)
		qsort(pend.c, (size_t)pend.n, sizeof *pend.c, by_id);
	for (int i = 0; i < pend.n; i++)
		if (pend.c[i].how < LM_KINDS && checked[group_of(pend.c[i].how)])
			cands_add(&pool, pend.c[i].id, pend.c[i].name, pend.c[i].how);
	/* The same producer from the index and the queue once. */
	if (pool.n > 1)
		qsort(pool.c, (size_t)pool.n, sizeof *pool.c, by_id);
	int u = 0;
	for (int i = 0; i < pool.n; i++) {
		if (u && pool.c[u - 1].id == pool.c[i].id) {
			free(pool.c[i].name);
			continue;
		}
		pool.c[u++] = pool.c[i];
	}
	pool.n = u;
	if (pool.n > 1)
		qsort(pool.c, (size_t)pool.n, sizeof *pool.c, by_rank);
	/* Kind by kind, best first: from the checked pool, or walked. */
	int n = 0, at = 0, walked_all = 0;
	bool counted = true;
	for (int how = 0; how < LM_KINDS; how++) {
		int g = group_of(how);
		if (!active[g])
			continue;
		if (dense[g]) {
			cands walked = {0};
			if (walk(ix, &q, how, max - n, &pend, &walked))
				walked_all += walked.n;
			else
				counted = false;
			for (int i = 0; i < walked.n && n < max; i++) {
				const lookup_entry *e = slot_fill(ix, &ix->found, walked.c[i].id);
				if (e) {
					hits[n].e = e;
					hits[n++].how = how;
				}
			}
			cands_free(&walked);
			continue;
		}
		for (; at < pool.n && pool.c[at].how == how; at++) {
			if (n >= max)
				continue;
			const lookup_entry *e = slot_fill(ix, &ix->found, pool.c[at].id);
			if (e) {
				hits[n].e = e;
				hits[n++].how = how;
			}
		}
	}
	if (total)
		*total = counted ? pool.n + walked_all : LOOKUP_MANY;
	cands_free(&pool);
	cands_free(&pend);
	if (own_tx)
		db_exec(ix->db, "COMMIT");
	return n;
}

int lookup_listed(lookup_index *ix, lookup_hit *hits, int max, int *total)
{
	int n = 0, all = 0;
	if (ix) {
		slots_clear(&ix->found);
		slots_reserve(&ix->found, max);
		db_stmt *st = ix->q[Q_LISTED];
		db_bind_text(st, 1, ix->today);
		long long *ids = xcalloc((size_t)(max > 0 ? max : 1), sizeof *ids);
		while (db_step(st) == DB_ROW) {
			if (all < max)
				ids[all] = db_column_int64(st, 0);
			all++;
		}
		db_reset(st);
		for (int i = 0; i < all && i < max; i++) {
			const lookup_entry *e = slot_fill(ix, &ix->found, ids[i]);
			if (e && e->status == PSTATUS_BLACKLISTED) {
				hits[n].e = e;
				hits[n++].how = LM_NAME;
			}
		}
		free(ids);
	}
	if (total)
		*total = all;
	return n;
}

const lookup_entry *lookup_by_id(lookup_index *ix, long long id)
{
	if (!ix)
		return NULL;
	slots_clear(&ix->one);
	slots_reserve(&ix->one, 1);
	return slot_fill(ix, &ix->one, id);
}

int lookup_exact(lookup_index *ix, const char *name, const lookup_entry **out, int max)
{
	if (!ix)
		return 0;
	slots_clear(&ix->exact);
	slots_reserve(&ix->exact, max);
	db_stmt *st = ix->q[Q_BY_NAME];
	db_bind_text_copy(st, 1, name);
	long long *ids = xcalloc((size_t)(max > 0 ? max : 1), sizeof *ids);
	int n = 0;
	while (db_step(st) == DB_ROW) {
		if (n < max)
			ids[n] = db_column_int64(st, 0);
		n++;
	}
	db_reset(st);
	for (int i = 0; i < n && i < max; i++)
		out[i] = slot_fill(ix, &ix->exact, ids[i]);
	free(ids);
	return n;
}

void lookup_warning(const lookup_entry *e, char *out, size_t outlen)
{
	if (!e || e->status == PSTATUS_NORMAL) {
		if (outlen)
			out[0] = '\0';
		return;
	}
	if (e->status == PSTATUS_BLACKLISTED)
		snprintf(out, outlen, "警告: 该主体在黑名单中 (%s)", e->listing);
	else
		snprintf(out, outlen, "警告: 该主体信用评级为 %c 级，属重点监管对象", e->rating);
}
