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
#include "base/text.h"

#define MAX_UNITS 120   /* characters of a name that take part in matching */
#define MIN_CODE 3      /* characters typed before codes and phones are searched */

/* NUL-separated strings in one buffer: the arena for what is shown, and
 * one buffer per searched column so a keystroke is one memmem() sweep
 * over the column instead of a strstr() per producer. */
typedef struct {
	char *buf;
	size_t len, cap;
} strbuf;

enum { COL_NAME, COL_CREDIT, COL_IDNO, COL_PHONE, COL_COUNT };

struct lookup_index {
	lookup_entry *e;
	int n;
	strbuf arena;             /* town, phone as written, listing */
	strbuf col[COL_COUNT];    /* name, credit code, ID number, phone digits */
	uint32_t *at[COL_COUNT];  /* where entry i's string starts; at[c][n] = end */
	uint32_t *letters;        /* per entry: every initial letter its name can give */
	uint32_t *units;          /* pinyin units of every name */
	size_t ulen, ucap;
	long long gen;
	char today[11];
};

static size_t sb_add(strbuf *b, const char *s)
{
	size_t n = strlen(s) + 1;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1 << 16;
		while (cap < b->len + n)
			cap *= 2;
		char *grown = realloc(b->buf, cap);
		if (!grown)
			abort();
		b->buf = grown;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	return b->len - n;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

static long long registry_gen(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long g = -1;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'registry_gen'", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		g = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return g;
}

static void *grow(void *p, size_t n, size_t size)
{
	void *g = realloc(p, n * size);
	if (!g)
		abort();
	return g;
}

lookup_index *lookup_load(sqlite3 *db, char *err, size_t errlen)
{
	lookup_index *ix = xcalloc(1, sizeof *ix);
	date_format(date_today(), ix->today, sizeof ix->today);
	/* One read transaction, so the generation matches the rows. */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_error(db, "读取主体名录失败", err, errlen);
		free(ix);
		return NULL;
	}
	ix->gen = registry_gen(db);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT p.id, p.name, u.name, p.kind, p.credit_code, p.id_number, p.phone, p.rating,"
		" b.reason_kind, b.detail, b.since"
		" FROM producers p JOIN units u ON u.id = p.unit_id"
		/* Active listings gathered once (a few hundred), not probed per
		 * producer: that probe was most of the load time at 50,000. */
		" LEFT JOIN (SELECT producer_id, max(id) AS latest FROM blacklist"
		"  WHERE lifted_at IS NULL AND (expires IS NULL OR expires >= ?1) GROUP BY producer_id) a"
		"  ON a.producer_id = p.id"
		" LEFT JOIN blacklist b ON b.id = a.latest"
		" ORDER BY p.name, p.id", err, errlen); /* producers_by_name: no sort step */
	bool ok = st != NULL;
	int cap = 0, rc = SQLITE_DONE;
	/* Offsets into the arena while it grows; pointers are set at the end. */
	typedef struct {
		size_t town, phone, listing;
	} offs;
	offs *o = NULL;
	if (ok) {
		sqlite3_bind_text(st, 1, ix->today, -1, SQLITE_STATIC);
		sb_add(&ix->arena, "");
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (ix->n == cap) {
				cap = cap ? cap * 2 : 1024;
				ix->e = grow(ix->e, (size_t)cap, sizeof *ix->e);
				ix->letters = grow(ix->letters, (size_t)cap, sizeof *ix->letters);
				o = grow(o, (size_t)cap, sizeof *o);
				for (int c = 0; c < COL_COUNT; c++)
					ix->at[c] = grow(ix->at[c], (size_t)cap + 1, sizeof *ix->at[c]);
			}
			int i = ix->n;
			lookup_entry *e = &ix->e[i];
			memset(e, 0, sizeof *e);
			e->id = sqlite3_column_int64(st, 0);
			const char *name = col_text(st, 1);
			ix->at[COL_NAME][i] = (uint32_t)sb_add(&ix->col[COL_NAME], name);
			ix->at[COL_CREDIT][i] = (uint32_t)sb_add(&ix->col[COL_CREDIT], col_text(st, 4));
			ix->at[COL_IDNO][i] = (uint32_t)sb_add(&ix->col[COL_IDNO], col_text(st, 5));
			const char *phone = col_text(st, 6);
			char digits[64];
			size_t nd = 0;
			for (const char *p = phone; *p && nd + 1 < sizeof digits; p++)
				if (isdigit((unsigned char)*p))
					digits[nd++] = *p;
			digits[nd] = '\0';
			ix->at[COL_PHONE][i] = (uint32_t)sb_add(&ix->col[COL_PHONE], digits);
			o[i].town = sb_add(&ix->arena, col_text(st, 2));
			o[i].phone = sb_add(&ix->arena, phone);
			e->kind = producer_kind_label(producer_kind_from_code(col_text(st, 3)));
			e->rating = col_text(st, 7)[0];
			bool listed = sqlite3_column_type(st, 8) != SQLITE_NULL;
			o[i].listing = 0;
			if (listed) {
				blacklist_entry be;
				memset(&be, 0, sizeof be);
				be.kind = blacklist_kind_from_code(col_text(st, 8));
				snprintf(be.detail, sizeof be.detail, "%s", col_text(st, 9));
				snprintf(be.since, sizeof be.since, "%s", col_text(st, 10));
				char desc[1024];
				blacklist_describe(&be, desc, sizeof desc);
				o[i].listing = sb_add(&ix->arena, desc);
			}
			e->status = producer_status(e->rating, listed);
			uint32_t u[MAX_UNITS];
			int nu = pinyin_units(name, u, MAX_UNITS);
			if (ix->ulen + (size_t)nu > ix->ucap) {
				ix->ucap = ix->ucap ? ix->ucap * 2 : 1 << 16;
				ix->units = grow(ix->units, ix->ucap, sizeof *ix->units);
			}
			memcpy(ix->units + ix->ulen, u, (size_t)nu * sizeof *u);
			uint32_t all = 0;
			for (int k = 0; k < nu; k++) {
				if (!(u[k] & PINYIN_LITERAL))
					all |= u[k];
				else if (isalpha((int)(u[k] & 0x7F)))
					all |= 1u << ((u[k] & 0x7F) - 'a');
			}
			ix->letters[i] = all;
			e->units_off = (uint32_t)ix->ulen;
			e->nunits = (uint16_t)nu;
			ix->ulen += (size_t)nu;
			ix->n++;
		}
		if (rc != SQLITE_DONE) {
			db_error(db, "读取主体名录失败", err, errlen);
			ok = false;
		}
		sqlite3_finalize(st);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (ok && ix->n == 0) {
		for (int c = 0; c < COL_COUNT; c++)
			ix->at[c] = grow(ix->at[c], 1, sizeof *ix->at[c]);
	}
	for (int c = 0; ok && c < COL_COUNT; c++) {
		sb_add(&ix->col[c], ""); /* a buffer even when empty */
		ix->at[c][ix->n] = (uint32_t)ix->col[c].len;
	}
	for (int i = 0; ok && i < ix->n; i++) {
		lookup_entry *e = &ix->e[i];
		e->name = ix->col[COL_NAME].buf + ix->at[COL_NAME][i];
		e->credit_code = ix->col[COL_CREDIT].buf + ix->at[COL_CREDIT][i];
		e->id_number = ix->col[COL_IDNO].buf + ix->at[COL_IDNO][i];
		e->town = ix->arena.buf + o[i].town;
		e->phone = ix->arena.buf + o[i].phone;
		e->listing = ix->arena.buf + o[i].listing;
	}
	free(o);
	if (!ok) {
		lookup_free(ix);
		return NULL;
	}
	return ix;
}

void lookup_free(lookup_index *ix)
{
	if (!ix)
		return;
	free(ix->e);
	free(ix->arena.buf);
	for (int c = 0; c < COL_COUNT; c++) {
		free(ix->col[c].buf);
		free(ix->at[c]);
	}
	free(ix->letters);
	free(ix->units);
	free(ix);
}

int lookup_count(const lookup_index *ix)
{
	return ix ? ix->n : 0;
}

bool lookup_refresh(sqlite3 *db, lookup_index **ix, char *err, size_t errlen)
{
	char today[11];
	date_format(date_today(), today, sizeof today);
	if (*ix && (*ix)->gen == registry_gen(db) && strcmp((*ix)->today, today) == 0)
		return true;
	lookup_index *fresh = lookup_load(db, err, errlen);
	if (!fresh)
		return false;
	lookup_free(*ix);
	*ix = fresh;
	return true;
}

/* Sweep column c for needle; mark each entry holding it with how (or,
 * for names, how good the match is). One hit per entry. */
static void sweep(const lookup_index *ix, int c, const char *needle, size_t nlen, int how,
                  unsigned char *best)
{
	const char *buf = ix->col[c].buf, *end = buf + ix->col[c].len;
	const char *p = buf;
	const uint32_t *at = ix->at[c];
	int i = 0;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), needle, nlen);
		if (!hit)
			break;
		/* Hits come in order: walk forward to the entry holding it. */
		size_t off = (size_t)(hit - buf);
		while (i + 1 < ix->n && at[i + 1] <= off)
			i++;
		const char *s = buf + at[i];
		int h = how;
		if (c == COL_NAME)
			h = hit != s ? LM_NAME : s[nlen] ? LM_NAME_PREFIX : LM_NAME_EXACT;
		if (h < best[i])
			best[i] = (unsigned char)h;
		p = buf + at[i + 1];
		i++;
	}
}

int lookup_search(const lookup_index *ix, const char *typed, lookup_hit *hits, int max, int *total)
{
	char t[256];
	snprintf(t, sizeof t, "%s", typed ? typed : "");
	text_trim(t);
	if (total)
		*total = 0;
	if (!ix || !*t || max <= 0 || ix->n == 0)
		return 0;
	size_t tlen = strlen(t);
	bool ascii = true, has_digit = false, phone_like = true;
	char upper[256], digits[256];
	size_t nd = 0;
	uint32_t need = 0;
	for (size_t i = 0; i < tlen; i++) {
		unsigned char c = (unsigned char)t[i];
		ascii = ascii && c < 0x80;
		has_digit = has_digit || isdigit(c);
		phone_like = phone_like && (isdigit(c) || c == '-' || c == '+' || c == ' ');
		upper[i] = (char)toupper(c);
		if (isdigit(c))
			digits[nd++] = (char)c;
		if (c < 0x80 && isalpha(c))
			need |= 1u << (tolower(c) - 'a');
	}
	upper[tlen] = '\0';
	digits[nd] = '\0';
	unsigned char *best = malloc((size_t)ix->n);
	if (!best)
		abort();
	memset(best, LM_KINDS, (size_t)ix->n);
	sweep(ix, COL_NAME, t, tlen, LM_NAME, best);
	/* Initials need a letter; names with every letter typed are tried. */
	if (pinyin_is_initials(t)) {
		for (int i = 0; i < ix->n; i++) {
			const lookup_entry *e = &ix->e[i];
			if (best[i] <= LM_INITIALS_PREFIX || (ix->letters[i] & need) != need)
				continue;
			int pos = pinyin_match_units(t, ix->units + e->units_off, e->nunits);
			if (pos >= 0) {
				int h = pos == 0 ? LM_INITIALS_PREFIX : LM_INITIALS;
				if (h < best[i])
					best[i] = (unsigned char)h;
			}
		}
	}
	/* Codes and phones need a digit and three characters (fewer match
	 * most of the registry and say nothing); codes are upper-case. */
	if (ascii && has_digit && tlen >= MIN_CODE) {
		sweep(ix, COL_CREDIT, upper, tlen, LM_CODE, best);
		sweep(ix, COL_IDNO, upper, tlen, LM_ID_NUMBER, best);
	}
	if (phone_like && nd >= MIN_CODE)
		sweep(ix, COL_PHONE, digits, nd, LM_PHONE, best);
	/* Best kind of match first, then index (name) order. */
	int counts[LM_KINDS] = {0}, all = 0;
	for (int i = 0; i < ix->n; i++)
		if (best[i] < LM_KINDS) {
			counts[best[i]]++;
			all++;
		}
	int start[LM_KINDS], n = 0;
	for (int k = 0; k < LM_KINDS; k++) {
		start[k] = n;
		n += counts[k];
	}
	n = all < max ? all : max;
	for (int i = 0; i < ix->n; i++) {
		int k = best[i];
		if (k >= LM_KINDS || start[k] >= n)
			continue;
		hits[start[k]].e = &ix->e[i];
		hits[start[k]].how = k;
		start[k]++;
	}
	free(best);
	if (total)
		*total = all;
	return n;
}

int lookup_listed(const lookup_index *ix, lookup_hit *hits, int max, int *total)
{
	int n = 0, all = 0;
	for (int i = 0; ix && i < ix->n; i++) {
		if (ix->e[i].status != PSTATUS_BLACKLISTED)
			continue;
		if (n < max) {
			hits[n].e = &ix->e[i];
			hits[n].how = LM_NAME;
			n++;
		}
		all++;
	}
	if (total)
		*total = all;
	return n;
}

const lookup_entry *lookup_by_id(const lookup_index *ix, long long id)
{
	for (int i = 0; ix && i < ix->n; i++)
		if (ix->e[i].id == id)
			return &ix->e[i];
	return NULL;
}

int lookup_exact(const lookup_index *ix, const char *name, const lookup_entry **out, int max)
{
	int n = 0;
	for (int i = 0; ix && i < ix->n; i++)
		if (strcmp(ix->e[i].name, name) == 0) {
			if (n < max)
				out[n] = &ix->e[i];
			n++;
		}
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
