#include "transfer/transfers.h"

#include <string.h>

#include "transfer/export.h"
#include "transfer/imports.h"

static bool producers_out(app *a, int year, sheet *out, long *rows, char *err, size_t errlen)
{
	(void)year;
	return export_producers(a, out, rows, err, errlen);
}

static bool blacklist_out(app *a, int year, sheet *out, long *rows, char *err, size_t errlen)
{
	(void)year;
	return export_blacklist(a, out, rows, err, errlen);
}

const transfer_kind transfer_kinds[] = {
	{"samples", "抽样检测记录", import_samples, template_samples, export_samples, true, false},
	{"items", "定量检测项目", import_items, template_items, export_items, true, true},
	{"producers", "生产经营主体", import_producers, template_producers, producers_out, false, false},
	{"blacklist", "黑名单", NULL, NULL, blacklist_out, false, false},
	{"sales", "限用农药销售", import_sales, template_sales, export_sales, true, false},
	{"inspections", "巡查记录", import_inspections, template_inspections, export_inspections, true, false},
	{NULL, NULL, NULL, NULL, NULL, false, false},
};

const transfer_kind *transfer_kind_named(const char *name)
{
	for (const transfer_kind *k = transfer_kinds; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}
