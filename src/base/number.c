#include "base/number.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

wchar_t number_ascii_char(wchar_t c)
{
	if (c >= 0xFF10 && c <= 0xFF19)      /* ０..９ */
		return L'0' + (c - 0xFF10);
	switch (c) {
	case 0xFF0E: return L'.';            /* ． */
	case 0xFF0D: return L'-';            /* － */
	case 0x2212: return L'-';            /* − minus sign */
	case 0xFF0B: return L'+';            /* ＋ */
	case 0xFF05: return L'%';            /* ％ */
	default: return c;
	}
}

bool number_normalise(const char *s, bool percent, bool integral, char *out, size_t outlen)
{
	wchar_t w[128];
	char ascii[128];
	size_t n = 0;
	if (outlen)
		out[0] = '\0';
	int len = text_to_wcs(s ? s : "", w, sizeof w / sizeof *w);
	if (len < 0)
		return false;
	/* Map to ASCII, dropping spaces (ASCII, tab, U+3000) at either end. */
	int from = 0, to = len;
	while (from < to && (w[from] == L' ' || w[from] == L'\t' || w[from] == 0x3000))
		from++;
	while (to > from && (w[to - 1] == L' ' || w[to - 1] == L'\t' || w[to - 1] == 0x3000))
		to--;
	for (int i = from; i < to; i++) {
		wchar_t c = number_ascii_char(w[i]);
		if (c > 0x7F || n + 1 >= sizeof ascii)
			return false;
		ascii[n++] = (char)c;
	}
	ascii[n] = '\0';
	if (percent && n > 0 && ascii[n - 1] == '%') {
		ascii[--n] = '\0';
		while (n > 0 && ascii[n - 1] == ' ') /* "45 %" */
			ascii[--n] = '\0';
	}
	/* [+-]? digits [. digits*] | [+-]? . digits */
	const char *p = ascii;
	bool minus = false;
	if (*p == '+' || *p == '-')
		minus = *p++ == '-';
	size_t int_digits = strspn(p, "0123456789");
	const char *q = p + int_digits;
	size_t frac_digits = 0;
	if (*q == '.') {
		if (integral)
			return false;
		frac_digits = strspn(q + 1, "0123456789");
		q += 1 + frac_digits;
	}
	if (*q != '\0' || int_digits + frac_digits == 0)
		return false;
	size_t need = (minus ? 1 : 0) + strlen(p) + 1;
	if (need > outlen)
		return false;
	snprintf(out, outlen, "%s%s", minus ? "-" : "", p);
	return true;
}

void number_pct(double pct, double goal, const char *none, char *out, size_t outlen)
{
	if (pct < 0) {
		snprintf(out, outlen, "%s", none);
		return;
	}
	/* printf rounds the value correctly, an exact tie to even, as
	 * GB/T 8170 (数值修约规则, 四舍六入五成双) asks. */
	char tenth[32];
	snprintf(tenth, sizeof tenth, "%.1f", pct);
	double shown = strtod(tenth, NULL);
	bool short_of_goal = goal > 0 && pct < goal && shown >= goal;
	if ((pct < 100 && shown >= 100) || short_of_goal)
		snprintf(out, outlen, "%.2f%%", floor(pct * 100 + 1e-7) / 100); /* the step keeps exact hundredths */
	else
		snprintf(out, outlen, "%s%%", tenth);
}

void number_pct_of(long part, long whole, char *out, size_t outlen)
{
	if (whole <= 0 || part < 0) {
		snprintf(out, outlen, "—");
		return;
	}
	long long p = part, w = whole;
	long long tenths = p * 1000 / w, rest = p * 1000 % w;
	if (2 * rest > w || (2 * rest == w && tenths % 2)) /* GB/T 8170: a tie to even */
		tenths++;
	if (p < w && tenths >= 1000) {
		long long hundredths = p * 10000 / w;
		snprintf(out, outlen, "%lld.%02lld%%", hundredths / 100, hundredths % 100);
	} else {
		snprintf(out, outlen, "%lld.%lld%%", tenths / 10, tenths % 10);
	}
}
