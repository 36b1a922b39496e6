#include "base/values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

void values_init(char **v, int n)
{
	for (int i = 0; i < n; i++)
		v[i] = xstrdup("");
}

void values_free(char **v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

void values_dup(char **v, char *const *src, int n)
{
	for (int i = 0; i < n; i++)
		v[i] = xstrdup(src[i]);
}

void values_set(char **v, int n, int i, const char *value)
{
	if (i < 0 || i >= n)
		return;
	char *copy = xstrdup(value);
	free(v[i]);
	v[i] = copy;
}

int values_index(const char *const *keys, const char *key)
{
	for (int i = 0; keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

/* The shortest decimal that reads back as exactly x, written without an
 * exponent (the number rule refuses 1e-8): 1e-8 is 0.00000001, never 0
 * (a result against a limit of 0 must stay 不合格 once exported and
 * imported again, or loaded and corrected). */
void values_format_number(double x, char *out, size_t outlen)
{
	if (x == 0 || !isfinite(x)) {
		snprintf(out, outlen, "%s", x == 0 ? "0" : "?");
		return;
	}
	char e[64];
	int prec = 1;
	for (; prec < 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec - 1, x);
		if (strtod(e, NULL) == x)
			break;
	}
	snprintf(e, sizeof e, "%.*e", prec - 1, x);
	const char *exp = strchr(e, 'e');
	int decimals = prec - 1 - (exp ? atoi(exp + 1) : 0);
	if (decimals < 0)
		decimals = 0;
	int n = snprintf(out, outlen, "%.*f", decimals, x);
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(out, outlen, "%.17g", x); /* too long to write out: exact still */
		return;
	}
	char *dot = strchr(out, '.');
	if (dot) {
		char *end = out + strlen(out) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
}
