#include "base/termcode.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static char charset[32];
static iconv_t to_term = (iconv_t)-1;
static bool missing;

/* The set a locale's name asks for when the system lacks that locale
 * (zh_CN.GBK not generated): GBK, GB18030 or nothing. */
static const char *charset_by_name(void)
{
	const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		char low[128];
		size_t n = 0;
		for (; v[n] && n + 1 < sizeof low; n++)
			low[n] = (char)(v[n] >= 'A' && v[n] <= 'Z' ? v[n] - 'A' + 'a' : v[n]);
		low[n] = '\0';
		if (strstr(low, "gb18030"))
			return "GB18030";
		if (strstr(low, "gbk") || strstr(low, "gb2312") || strstr(low, "euccn"))
			return "GBK";
		return NULL;
	}
	return NULL;
}

static void use_charset(const char *cs)
{
	iconv_t cd = iconv_open(cs, "UTF-8");
	if (cd == (iconv_t)-1)
		return;
	snprintf(charset, sizeof charset, "%s", cs);
	to_term = cd;
}

void termcode_detect(void)
{
	char *was = setlocale(LC_CTYPE, NULL);
	char saved[128];
	snprintf(saved, sizeof saved, "%s", was ? was : "C");
	charset[0] = '\0';
	missing = false;
	if (setlocale(LC_CTYPE, "")) {
		const char *cs = nl_langinfo(CODESET);
		/* ANSI_X3.4-1968 is the C locale's ASCII: UTF-8 output is fine. */
		if (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "ANSI_X3.4-1968") != 0)
			use_charset(cs);
	} else if (charset_by_name()) {
		/* The terminal is GBK but the locale is not installed: the command
		 * line can still convert (iconv needs no locale); the screens
		 * cannot, and say so (termcode_locale_missing). */
		use_charset(charset_by_name());
		missing = charset[0] != '\0';
	}
	setlocale(LC_CTYPE, saved);
}

const char *termcode_charset(void)
{
	return charset[0] ? charset : NULL;
}

bool termcode_locale_missing(void)
{
	return missing;
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
