/* The producer registry's type, built from PRODUCER_FIELDS
 * (producer_table.h). */
#include "record/producer_table.h"

#include <stddef.h>

const code_label producer_kind_codes[PK_COUNT + 1] = {
	{"enterprise", "企业"}, {"coop", "合作社"}, {"family_farm", "家庭农场"},
	{"base", "生产基地"}, {"grower", "种养大户"}, {"smallholder", "小农户"},
	{"input_shop", "农资店"}, {NULL, NULL},
};

REC_TYPE_DEFINE(producer, PRODUCER_FIELDS, PF_COUNT,
                .table = "producers", .alias = "p", .changes = "producer_changes",
                .owner = "producer_id", .example = "名称=张三农场", .field_word = "主体字段");
