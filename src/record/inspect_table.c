/* The inspection record's type, built from INSPECT_FIELDS
 * (inspect_table.h). */
#include "record/inspect_table.h"

#include <stddef.h>

const code_label inspect_check_codes[] = {
	{"pass", "符合"}, {"fail", "不符合"}, {"na", "不适用"}, {NULL, NULL},
};

const code_label inspect_recheck_codes[] = {{"done", "已整改"}, {"not_done", "未整改"}, {NULL, NULL}};

REC_TYPE_DEFINE(inspect, INSPECT_FIELDS, IF_COUNT,
                .table = "inspections", .alias = "i", .changes = "inspection_changes",
                .owner = "inspection_id", .example = "主体=张三农场", .field_word = "巡查字段");
