#include "base/pinyin.h"
#include "base/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/pinyin_table.h"

static uint32_t letters_mask(const char *s)
{
	uint32_t m = 0;
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			m |= 1u << (*s - 'a');
	return m;
}

static uint32_t multi(uint32_t cp)
{
	int lo = 0, hi = pinyin_nmulti - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (pinyin_multis[mid].cp == cp)
			return letters_mask(pinyin_multis[mid].letters);
		if (pinyin_multis[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

uint32_t pinyin_initials(uint32_t cp)
{
	int lo = 0, hi = pinyin_nruns - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		const pinyin_run *r = &pinyin_runs[mid];
		if (cp < r->first) {
			hi = mid - 1;
		} else if (cp >= r->first + r->count) {
			lo = mid + 1;
		} else {
			char c = r->letters[cp - r->first];
			if (c >= 'a' && c <= 'z')
				return 1u << (c - 'a');
			return c == '*' ? multi(cp) : 0;
		}
	}
	return 0;
}

void pinyin_initials_str(uint32_t cp, char *out, size_t outlen)
{
	uint32_t m = pinyin_initials(cp);
	size_t n = 0;
	for (int i = 0; i < 26 && n + 1 < outlen; i++)
		if (m & (1u << i))
			out[n++] = (char)('a' + i);
	if (outlen)
		out[n] = '\0';
}

int pinyin_units(const char *utf8, uint32_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)utf8;
	int n = 0;
	while (*p && n < max) {
		uint32_t cp;
		int len = text_utf8_decode(p, &cp);
		if (len == 0) {
			p++;
			continue;
		}
		p += len;
		if (cp < 0x80) {
			if (isalnum((int)cp))
				out[n++] = PINYIN_LITERAL | (uint32_t)tolower((int)cp);
			continue;
		}
		/* Full-width letters and digits (Ａ１) act as their ASCII forms. */
		if (cp >= 0xFF10 && cp <= 0xFF5A) {
			uint32_t a = cp - 0xFEE0;
			if (isalnum((int)a))
				out[n++] = PINYIN_LITERAL | (uint32_t)tolower((int)a);
			continue;
		}
		uint32_t m = pinyin_initials(cp);
		if (m)
			out[n++] = m;
	}
	return n;
}

static bool unit_matches(uint32_t u, unsigned char c)
{
	if (u & PINYIN_LITERAL)
		return (u & 0x7F) == c;
	return c >= 'a' && c <= 'z' && (u & (1u << (c - 'a')));
}

int pinyin_match_units(const char *typed, const uint32_t *units, int n)
{
	unsigned char t[64];
	int m = 0;
	for (const char *p = typed; *p; p++) {
		unsigned char c = (unsigned char)tolower((unsigned char)*p);
		if (c >= 0x80 || !isalnum(c) || m >= (int)sizeof t)
			return -1;
		t[m++] = c;
	}
	if (m == 0)
		return -1;
	for (int start = 0; start + m <= n; start++) {
		int j = 0;
		while (j < m && unit_matches(units[start + j], t[j]))
			j++;
		if (j == m)
			return start;
	}
	return -1;
}

bool pinyin_match(const char *typed, const char *name)
{
	uint32_t units[256];
	int n = pinyin_units(name, units, 256);
	return pinyin_match_units(typed, units, n) >= 0;
}

bool pinyin_is_initials(const char *s)
{
	bool letter = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80 || !isalnum(c))
			return false;
		letter = letter || isalpha(c);
	}
	return letter;
}
