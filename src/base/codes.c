#include "base/codes.h"

#include <string.h>

static int rows(const code_label *t)
{
	int n = 0;
	while (t[n].code)
		n++;
	return n;
}

const char *codes_label(const code_label *t, int k)
{
	return k >= 0 && k < rows(t) ? t[k].label : "";
}

const char *codes_code(const code_label *t, int k)
{
	return k >= 0 && k < rows(t) ? t[k].code : "";
}

int codes_by_label(const code_label *t, const char *label)
{
	for (int k = 0; t[k].code; k++)
		if (strcmp(t[k].label, label) == 0)
			return k;
	return -1;
}

int codes_by_code(const code_label *t, const char *code)
{
	for (int k = 0; t[k].code; k++)
		if (strcmp(t[k].code, code) == 0)
			return k;
	return -1;
}
