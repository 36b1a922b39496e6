/* The restricted-pesticide sale's type, built from SALE_FIELDS
 * (sale_table.h). */
#include "record/sale_table.h"

#include <stddef.h>

REC_TYPE_DEFINE(sale, SALE_FIELDS, SL_COUNT,
	.table = "sales",
	.alias = "l",
	.changes = "sale_changes",
	.owner = "sale_id",
	.example = "农药=克百威",
	.field_word = "销售字段");
