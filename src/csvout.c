#include "csvout.h"

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
	bool guard = text && *s && strchr("=+-@", *s);
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
