/* The in-memory matcher the producer lookup had before it moved into the
 * database (src/registry/lookup.c up to the on-disk index), kept only as
 * the reference the new one is compared against: the whole registry read
 * into columns, one memmem() sweep per column and a pinyin pass per
 * keystroke. Only what decides the hits and their order is kept. */
#ifndef NJ_LOOKUP_OLD_H
#define NJ_LOOKUP_OLD_H

#include <ctype.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/pinyin.h"
#include "base/text.h"
#include "registry/lookup.h"

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

static const char *old_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

static old_index *old_load(sqlite3 *db)
{
	old_index *ix = calloc(1, sizeof *ix);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT id, name, credit_code, id_number, phone FROM producers ORDER BY name, id",
	                       -1, &st, NULL) != SQLITE_OK)
		return ix;
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
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
		ix->id[i] = sqlite3_column_int64(st, 0);
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
	sqlite3_finalize(st);
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

#endif
