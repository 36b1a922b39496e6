#include "base/values.h"

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

void values_format_number(double x, char *out, size_t outlen)
{
	snprintf(out, outlen, "%.6f", x);
	char *dot = strchr(out, '.');
	if (dot) {
		char *end = out + strlen(out) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	if (strcmp(out, "-0") == 0)
		snprintf(out, outlen, "0");
}
