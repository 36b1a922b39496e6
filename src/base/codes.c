#include "base/codes.h"

#include "base/kinds.h"

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
	/* Labels renamed since: still read (older files, forms stored in a
	 * database before the rename), never written. */
	static const struct {
		const code_label *table;
		const char *old;
		int row;
	} renamed[] = {
		{kind_codes, "定性速测", KIND_RAPID}, /* now 定性检测, the plans' word */
	};
	for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
		if (renamed[i].table == t && strcmp(renamed[i].old, label) == 0)
			return renamed[i].row;
	return -1;
}

int codes_by_code(const code_label *t, const char *code)
{
	for (int k = 0; t[k].code; k++)
		if (strcmp(t[k].code, code) == 0)
			return k;
	return -1;
}
