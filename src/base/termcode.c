#include "base/termcode.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static char charset[32];
static iconv_t to_term = (iconv_t)-1;

void termcode_detect(void)
{
	char *was = setlocale(LC_CTYPE, NULL);
	char saved[128];
	snprintf(saved, sizeof saved, "%s", was ? was : "C");
	charset[0] = '\0';
	if (setlocale(LC_CTYPE, "")) {
		const char *cs = nl_langinfo(CODESET);
		/* ANSI_X3.4-1968 is the C locale's ASCII: UTF-8 output is fine. */
		if (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "ANSI_X3.4-1968") != 0) {
			iconv_t cd = iconv_open(cs, "UTF-8");
			if (cd != (iconv_t)-1) {
				snprintf(charset, sizeof charset, "%s", cs);
				to_term = cd;
			}
		}
	}
	setlocale(LC_CTYPE, saved);
}

const char *termcode_charset(void)
{
	return charset[0] ? charset : NULL;
}

char *termcode_to_utf8(const char *s)
{
	if (!charset[0])
		return NULL;
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t inleft = strlen(s), cap = inleft * 4 + 1, outleft = cap - 1;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	if (!out) {
		iconv_close(cd);
		return NULL;
	}
	size_t r = iconv(cd, &in, &inleft, &o, &outleft);
	iconv_close(cd);
	if (r == (size_t)-1) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

int termcode_write(FILE *fp, const char *s, size_t n)
{
	if (to_term == (iconv_t)-1)
		return fwrite(s, 1, n, fp) == n ? 0 : EOF;
	char buf[512], *in = (char *)s;
	size_t inleft = n;
	while (inleft > 0) {
		char *o = buf;
		size_t outleft = sizeof buf;
		size_t r = iconv(to_term, &in, &inleft, &o, &outleft);
		int e = errno;
		size_t got = (size_t)(o - buf);
		if (got && fwrite(buf, 1, got, fp) != got)
			return EOF;
		if (r != (size_t)-1 || e == E2BIG)
			continue;
		/* Not in the terminal's set (or cut short): '?' for one character. */
		if (fputc('?', fp) == EOF)
			return EOF;
		size_t skip = 1;
		while (skip < inleft && ((unsigned char)in[skip] & 0xC0) == 0x80)
			skip++;
		in += skip;
		inleft -= skip;
	}
	return 0;
}
