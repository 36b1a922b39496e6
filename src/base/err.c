#include "base/err.h"

#include <stdio.h>

bool verrf(char *err, size_t errlen, const char *fmt, va_list ap)
{
	if (errlen == 0)
		return false;
	/* Checked so that GCC's -Wformat-truncation has nothing to say: a cut
	 * message is fine, a failed one is empty. */
	if (vsnprintf(err, errlen, fmt, ap) < 0)
		err[0] = '\0';
	return false;
}

bool errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verrf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}
