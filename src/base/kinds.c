#include "base/kinds.h"

#include <stddef.h>

const code_label kind_codes[KIND_COUNT + 1] = {
	/* The plans' word (铜梁: 定性检测800个); 定性速测, the label before,
	 * is still read from older files and stored forms (codes.c). */
	{"rapid", "定性检测"},
	{"routine", "例行监测"},
	{"supervisory", "监督抽查"},
	{"inputs", "农业投入品"},
	{NULL, NULL},
};

const char *kind_label(int k) { return codes_label(kind_codes, k); }
const char *kind_code(int k) { return codes_code(kind_codes, k); }
int kind_from_label(const char *label) { return codes_by_label(kind_codes, label); }
int kind_from_code(const char *code) { return codes_by_code(kind_codes, code); }

const char *kind_canonical(const char *label)
{
	int k = kind_from_label(label);
	return k >= 0 ? kind_label(k) : label;
}
