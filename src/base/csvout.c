#include "base/csvout.h"

#include <string.h>

void csvout_bom(FILE *fp)
{
	fputs("\xEF\xBB\xBF", fp);
}

void csvout_field(FILE *fp, const char *s, bool first, bool text)
{
	if (!first)
		fputc(',', fp);
	if (!s)
		s = "";
	/* A ' before = + - @, and before a ' that an importer would take for
	 * this guard, so that importing takes exactly one ' off again. */
	bool guard = text && *s && (strchr("=+-@", *s) || (*s == '\'' && s[1] && strchr("=+-@'", s[1])));
	bool quote = guard || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (guard)
		fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	if (quote)
		fputc('"', fp);
}

void csvout_end(FILE *fp)
{
	fputs("\r\n", fp);
}
