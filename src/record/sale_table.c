/* The restricted-pesticide sale's type, built from SALE_FIELDS
 * (sale_table.h). */
#include "record/sale_table.h"

#include <stddef.h>

static const rec_field fields[SL_COUNT] = {SALE_FIELDS(REC_ROW)};

const char *const sale_keys[SL_COUNT + 1] = {SALE_FIELDS(REC_KEY) NULL};

const rectype sale_type = {
	.table = "sales",
	.alias = "l",
	.changes = "sale_changes",
	.owner = "sale_id",
	.example = "农药=克百威",
	.field_word = "销售字段",
	.fields = fields,
	.nfields = SL_COUNT,
	.keys = sale_keys,
};
