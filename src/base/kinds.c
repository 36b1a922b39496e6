#include "base/kinds.h"

#include <string.h>

static const struct {
	const char *code, *label;
} kinds[KIND_COUNT] = {
	{"rapid", "定性速测"},
	{"routine", "例行监测"},
	{"supervisory", "监督抽查"},
	{"inputs", "农业投入品"},
};

const char *kind_label(int k) { return k >= 0 && k < KIND_COUNT ? kinds[k].label : ""; }
const char *kind_code(int k) { return k >= 0 && k < KIND_COUNT ? kinds[k].code : ""; }

int kind_from_label(const char *label)
{
	for (int k = 0; k < KIND_COUNT; k++)
		if (strcmp(kinds[k].label, label) == 0)
			return k;
	return -1;
}

int kind_from_code(const char *code)
{
	for (int k = 0; k < KIND_COUNT; k++)
		if (strcmp(kinds[k].code, code) == 0)
			return k;
	return -1;
}
