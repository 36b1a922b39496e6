#define _GNU_SOURCE /* memmem */
/* The producer lookup on disk gives what the in-memory matcher gave
 * (tests/unit/lookup_old.h): the same hits, in the same order, with the
 * same kind of match, and the same count whenever it counts, on a
 * generated registry with polyphones, rare characters, ASCII and
 * full-width letters, punctuation, codes and phones; after edits made
 * through a transaction and after edits made with another tool. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "store/db.h"
#include "store/search_index.h"
#include "store/units.h"
#include "registry/lookup.h"
#include "base/pinyin.h"
#include "base/text.h"

/* The in-memory matcher the producer lookup had before it moved into the
 * database (src/registry/lookup.c up to the on-disk index), kept only as
 * the reference the new one is compared against: the whole registry read
 * into columns, one memmem() sweep per column and a pinyin pass per
 * keystroke. Only what decides the hits and their order is kept. */
#define OLD_MAX_UNITS 120
#define OLD_MIN_CODE 3

enum { OCOL_NAME, OCOL_CREDIT, OCOL_IDNO, OCOL_PHONE, OCOL_COUNT };

typedef struct {
	char *buf;
	size_t len, cap;
} old_strbuf;

typedef struct {
	long long *id;
	uint32_t *units_off;
	uint16_t *nunits;
	int n;
	old_strbuf col[OCOL_COUNT];
	uint32_t *at[OCOL_COUNT];
	uint32_t *letters;
	uint32_t *units;
	size_t ulen, ucap;
} old_index;

typedef struct {
	long long id;
	int how;
} old_hit;

static size_t old_sb_add(old_strbuf *b, const char *s)
{
	size_t n = strlen(s) + 1;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1 << 16;
		while (cap < b->len + n)
			cap *= 2;
		b->buf = realloc(b->buf, cap);
		b->cap = cap;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	return b->len - n;
}

static const char *old_text(db_stmt *st, int i)
{
	const char *t = db_column_text(st, i);
	return t ? t : "";
}

static old_index *old_load(db_conn *db)
{
	old_index *ix = calloc(1, sizeof *ix);
	db_stmt *st;
	if (db_prepare_rc(db, "SELECT id, name, credit_code, id_number, phone FROM producers ORDER BY name, id", &st) != DB_OK)
		return ix;
	int cap = 0;
	while (db_step(st) == DB_ROW) {
		if (ix->n == cap) {
			cap = cap ? cap * 2 : 1024;
			ix->id = realloc(ix->id, (size_t)cap * sizeof *ix->id);
			ix->units_off = realloc(ix->units_off, (size_t)cap * sizeof *ix->units_off);
			ix->nunits = realloc(ix->nunits, (size_t)cap * sizeof *ix->nunits);
			ix->letters = realloc(ix->letters, (size_t)cap * sizeof *ix->letters);
			for (int c = 0; c < OCOL_COUNT; c++)
				ix->at[c] = realloc(ix->at[c], ((size_t)cap + 1) * sizeof *ix->at[c]);
		}
		int i = ix->n;
		ix->id[i] = db_column_int64(st, 0);
		const char *name = old_text(st, 1);
		ix->at[OCOL_NAME][i] = (uint32_t)old_sb_add(&ix->col[OCOL_NAME], name);
		ix->at[OCOL_CREDIT][i] = (uint32_t)old_sb_add(&ix->col[OCOL_CREDIT], old_text(st, 2));
		ix->at[OCOL_IDNO][i] = (uint32_t)old_sb_add(&ix->col[OCOL_IDNO], old_text(st, 3));
		char digits[64];
		size_t nd = 0;
		for (const char *p = old_text(st, 4); *p && nd + 1 < sizeof digits; p++)
			if (isdigit((unsigned char)*p))
				digits[nd++] = *p;
		digits[nd] = '\0';
		ix->at[OCOL_PHONE][i] = (uint32_t)old_sb_add(&ix->col[OCOL_PHONE], digits);
		uint32_t u[OLD_MAX_UNITS];
		int nu = pinyin_units(name, u, OLD_MAX_UNITS);
		if (ix->ulen + (size_t)nu > ix->ucap) {
			ix->ucap = ix->ucap ? ix->ucap * 2 : 1 << 16;
			ix->units = realloc(ix->units, ix->ucap * sizeof *ix->units);
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
		ix->units_off[i] = (uint32_t)ix->ulen;
		ix->nunits[i] = (uint16_t)nu;
		ix->ulen += (size_t)nu;
		ix->n++;
	}
	db_finalize(st);
	for (int c = 0; c < OCOL_COUNT; c++) {
		if (!ix->at[c])
			ix->at[c] = calloc(1, sizeof *ix->at[c]);
		old_sb_add(&ix->col[c], "");
		ix->at[c][ix->n] = (uint32_t)ix->col[c].len;
	}
	return ix;
}

static void old_free(old_index *ix)
{
	free(ix->id);
	free(ix->units_off);
	free(ix->nunits);
	free(ix->letters);
	free(ix->units);
	for (int c = 0; c < OCOL_COUNT; c++) {
		free(ix->col[c].buf);
		free(ix->at[c]);
	}
	free(ix);
}

static void old_sweep(const old_index *ix, int c, const char *needle, size_t nlen, int how, unsigned char *best)
{
	const char *buf = ix->col[c].buf, *end = buf + ix->col[c].len;
	const char *p = buf;
	const uint32_t *at = ix->at[c];
	int i = 0;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), needle, nlen);
		if (!hit)
			break;
		size_t off = (size_t)(hit - buf);
		while (i + 1 < ix->n && at[i + 1] <= off)
			i++;
		const char *s = buf + at[i];
		int h = how;
		if (c == OCOL_NAME)
			h = hit != s ? LM_NAME : s[nlen] ? LM_NAME_PREFIX : LM_NAME_EXACT;
		if (h < best[i])
			best[i] = (unsigned char)h;
		p = buf + at[i + 1];
		i++;
	}
}

static int old_search(const old_index *ix, const char *typed, old_hit *hits, int max, int *total)
{
	char t[256];
	snprintf(t, sizeof t, "%s", typed ? typed : "");
	text_trim(t);
	*total = 0;
	if (!*t || max <= 0 || ix->n == 0)
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
	memset(best, LM_KINDS, (size_t)ix->n);
	old_sweep(ix, OCOL_NAME, t, tlen, LM_NAME, best);
	if (pinyin_is_initials(t)) {
		for (int i = 0; i < ix->n; i++) {
			if (best[i] <= LM_INITIALS_PREFIX || (ix->letters[i] & need) != need)
				continue;
			int pos = pinyin_match_units(t, ix->units + ix->units_off[i], ix->nunits[i]);
			if (pos >= 0) {
				int h = pos == 0 ? LM_INITIALS_PREFIX : LM_INITIALS;
				if (h < best[i])
					best[i] = (unsigned char)h;
			}
		}
	}
	if (ascii && has_digit && tlen >= OLD_MIN_CODE) {
		old_sweep(ix, OCOL_CREDIT, upper, tlen, LM_CODE, best);
		old_sweep(ix, OCOL_IDNO, upper, tlen, LM_ID_NUMBER, best);
	}
	if (phone_like && nd >= OLD_MIN_CODE)
		old_sweep(ix, OCOL_PHONE, digits, nd, LM_PHONE, best);
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
		hits[start[k]].id = ix->id[i];
		hits[start[k]].how = k;
		start[k]++;
	}
	free(best);
	*total = all;
	return n;
}


static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Weighted: common ones often, so that one character matches thousands. */
static const char *const common[] = {"张", "王", "李", "合", "作", "社", "农", "场", "家", "庭", "蔬", "菜"};
static const char *const other[] = {"行", "长", "重", "乐", "朝", "单", "曾", "解", "查", "区", "仇", "朴",
                                    "都", "和", "的", "藏", "侣", "俸", "镇", "织", "篢", "果", "园", "三",
                                    "四", "五", "六", "赵", "钱", "孙", "生", "态", "A", "B", "c", "x", "1",
                                    "2", "Ａ", "１", " ", "（", "）", "·", "-", "绿", "色", "基", "地", "𠀀"};

static void make_name(char *out, size_t len)
{
	int n = 1 + (int)rnd(9);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *c = rnd(3) ? common[rnd(sizeof common / sizeof *common)]
		                       : other[rnd(sizeof other / sizeof *other)];
		strncat(out, c, len - strlen(out) - 1);
	}
	if (rnd(4) == 0)
		strncat(out, "合作社", len - strlen(out) - 1);
	if (strspn(out, " ") == strlen(out))
		strcat(out, "园");
}

static void make_code(char *out, const char *alphabet, int len)
{
	size_t na = strlen(alphabet);
	for (int i = 0; i < len; i++)
		out[i] = alphabet[rnd((unsigned)na)];
	out[len] = '\0';
}

#define N 6000
static char names[N][128], credits[N][19], idnos[N][19], phones[N][24];

static void fill(db_conn *db, int from, int to)
{
	char err[512];
	db_tx tx;
	CHECK(db_begin(db, &tx, err, sizeof err), "begin: %s", err);
	db_stmt *st;
	db_prepare_rc(db,
		"INSERT INTO producers(name, kind, unit_id, village, phone, credit_code, id_number, created_at, created_by)"
		" VALUES (?1, 'coop', (SELECT id FROM units ORDER BY id LIMIT 1 OFFSET ?2), ?3, ?4, ?5, ?6, 'now', 't')", &st);
	for (int i = from; i < to; i++) {
		make_name(names[i], sizeof names[i]);
		make_code(credits[i], "0123456789ABCDEFGHJKLMNPQRTUWXY", 18);
		make_code(idnos[i], "0123456789X", 18);
		snprintf(phones[i], sizeof phones[i], rnd(2) ? "1%010u" : "023-%08u", rnd(2) ? rnd(1000000000) : rnd(100000));
		char village[16];
		snprintf(village, sizeof village, "%d组", i);
		db_bind_text(st, 1, names[i]);
		db_bind_int(st, 2, (int)rnd(5));
		db_bind_text_copy(st, 3, village);
		if (rnd(5))
			db_bind_text(st, 4, phones[i]);
		else
			db_bind_null(st, 4);
		if (rnd(3) == 0)
			db_bind_text(st, 5, credits[i]);
		else
			db_bind_null(st, 5);
		if (rnd(3) == 0)
			db_bind_text(st, 6, idnos[i]);
		else
			db_bind_null(st, 6);
		if (db_step(st) != DB_DONE)
			fprintf(stderr, "# insert: %s\n", db_errmsg(db));
		db_reset(st);
	}
	db_finalize(st);
	CHECK(db_commit(db, &tx, err, sizeof err), "commit: %s", err);
}

/* Something a user might type: a piece of a name, initials of a reading,
 * a piece of a code or phone, or nothing in particular. */
static void make_typed(char *out, size_t len, int filled)
{
	int i = (int)rnd((unsigned)filled);
	const char *name = names[i];
	switch (rnd(8)) {
	case 0:
	case 1: { /* whole characters from somewhere in the name */
		size_t at[64], nc = 0;
		for (size_t b = 0; name[b] && nc < 63; b++)
			if (((unsigned char)name[b] & 0xC0) != 0x80)
				at[nc++] = b;
		at[nc] = strlen(name);
		size_t s = rnd((unsigned)nc), l = 1 + rnd(4);
		if (s + l > nc)
			l = nc - s;
		snprintf(out, len, "%.*s", (int)(at[s + l] - at[s]), name + at[s]);
		break;
	}
	case 2:
	case 3: { /* initials: one reading of a run of characters */
		uint32_t u[120];
		int nu = pinyin_units(name, u, 120);
		if (nu == 0) {
			snprintf(out, len, "zs");
			break;
		}
		int s = (int)rnd((unsigned)nu), l = 1 + (int)rnd(6);
		size_t k = 0;
		for (int j = s; j < nu && j < s + l && k + 1 < len; j++) {
			char c;
			if (u[j] & PINYIN_LITERAL) {
				c = (char)(u[j] & 0x7F);
			} else {
				int pick = (int)rnd(26);
				while (!(u[j] & (1u << pick)))
					pick = (pick + 1) % 26;
				c = (char)('a' + pick);
			}
			out[k++] = rnd(5) ? c : (char)toupper((unsigned char)c);
		}
		out[k] = '\0';
		break;
	}
	case 4: { /* part of a code */
		const char *code = rnd(2) ? credits[i] : idnos[i];
		int s = (int)rnd(16), l = 3 + (int)rnd(6);
		snprintf(out, len, "%.*s", l, code + s);
		if (rnd(3) == 0)
			for (char *p = out; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		break;
	}
	case 5: { /* part of a phone, maybe with its dash */
		int s = (int)rnd(8), l = 3 + (int)rnd(6);
		snprintf(out, len, "%.*s", l, phones[i] + s);
		break;
	}
	case 6: { /* letters or digits of nothing in particular */
		int l = 1 + (int)rnd(4);
		for (int k = 0; k < l; k++)
			out[k] = rnd(2) ? (char)('a' + rnd(26)) : (char)('0' + rnd(10));
		out[l] = '\0';
		break;
	}
	default: /* one character, padded */
		snprintf(out, len, " %s ", rnd(2) ? common[rnd(12)] : other[rnd(sizeof other / sizeof *other)]);
		break;
	}
}

static int compare(db_conn *db, int filled, int rounds, const char *when)
{
	char err[512];
	lookup_index *ix = lookup_load(db, err, sizeof err);
	old_index *old = old_load(db);
	CHECK(ix && lookup_count(ix) == old->n, "%s: the registry's size (%d, %d)", when, lookup_count(ix), old->n);
	int bad = 0, many = 0, dense_ok = 0;
	static lookup_hit hits[64];
	static old_hit ohits[64];
	for (int r = 0; r < rounds && ix; r++) {
		char typed[64];
		make_typed(typed, sizeof typed, filled);
		int max = rnd(2) ? 8 : 50, total = -2, ototal = -2;
		int n = lookup_search(ix, typed, hits, max, &total);
		int on = old_search(old, typed, ohits, max, &ototal);
		bool same = n == on;
		for (int k = 0; same && k < n; k++)
			same = hits[k].e->id == ohits[k].id && hits[k].how == ohits[k].how;
		if (total == LOOKUP_MANY) {
			many++;
			same = same && n == max && ototal >= max;
			dense_ok += same;
		} else {
			same = same && total == ototal;
		}
		if (!same && bad++ < 5)
			fprintf(stderr, "# %s: \"%s\" max %d: new %d hits (total %d), old %d (total %d)\n", when, typed, max,
			        n, total, on, ototal);
	}
	CHECK(bad == 0, "%s: %d typed texts give the old matcher's hits, order, kinds and counts (%d differ)", when,
	      rounds, bad);
	CHECK(many > 0 && dense_ok == many, "%s: %d dense ones answered without counting, hits still the same", when,
	      many);
	old_free(old);
	lookup_free(ix);
	return bad;
}

int main(void)
{
	check_init();
	char err[1024];
	config *cfg = config_load("conf/nongjian.ini", err, sizeof err);
	CHECK(cfg != NULL, "config: %s", cfg ? "" : err);
	if (!cfg)
		return check_done();
	db_conn *db = test_db_open(10000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "cannot open db: %s\n", err);
		return 2;
	}
	fill(db, 0, N);
	CHECK(lookup_count(NULL) == 0, "no index, no producers");
	compare(db, N, 2000, "generated registry");

	/* Edits in a transaction: renames, new and removed codes and phones. */
	db_tx tx;
	CHECK(db_begin(db, &tx, err, sizeof err), "begin edits");
	db_stmt *st;
	db_prepare_rc(db, "UPDATE producers SET name = ?2, phone = ?3, credit_code = NULL WHERE id = ?1", &st);
	for (int k = 0; k < 300; k++) {
		int i = (int)rnd(N);
		make_name(names[i], sizeof names[i]);
		snprintf(phones[i], sizeof phones[i], "139%08u", rnd(100000000));
		db_bind_int(st, 1, i + 1);
		db_bind_text(st, 2, names[i]);
		db_bind_text(st, 3, phones[i]);
		db_step(st);
		db_reset(st);
	}
	CHECK(db_commit(db, &tx, err, sizeof err), "commit edits: %s", err);
	CHECK(db_exec(db, "SELECT 1 FROM producer_search_pending") == DB_OK,
	      "the queue exists");
	compare(db, N, 800, "after edits");

	/* Edits made outside the program (no db_commit): still found. */
	for (int k = 0; k < 40; k++) {
		int i = (int)rnd(N);
		make_name(names[i], sizeof names[i]);
		db_bind_int(st, 1, i + 1);
		db_bind_text(st, 2, names[i]);
		db_bind_text(st, 3, phones[i]);
		db_step(st);
		db_reset(st);
	}
	db_finalize(st);
	compare(db, N, 800, "after edits by another tool");
	fill(db, N - 200, N); /* a save (with 200 new names) brings the index up to date */
	long long pending = -1;
	db_prepare_rc(db, "SELECT count(*) FROM producer_search_pending", &st);
	if (db_step(st) == DB_ROW)
		pending = db_column_int64(st, 0);
	db_finalize(st);
	CHECK(pending == 0, "the next save empties the queue (%lld)", pending);
	compare(db, N, 800, "after the next save");
	test_db_close(db);
	config_free(cfg);
	return check_done();
}
