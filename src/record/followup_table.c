/* The follow-up step's record type, built from FOLLOWUP_FIELDS. */
#include "record/followup_table.h"

#include <stddef.h>

const code_label followup_step_codes[] = {
	{"retest", "复检"},   {"confirm", "送检确证"}, {"result", "确证结果"}, {"dispose", "处置"},
	{"case", "立案查处"}, {"police", "移送公安"},  {"close", "结案"},      {NULL, NULL},
};

const code_label followup_action_codes[] = {
	{"block", "禁止上市"},    {"suspend", "暂停销售"}, {"destroy", "监督销毁"},
	{"harmless", "无害化处理"}, {"recall", "责令召回"},  {"rectify", "整改"}, {NULL, NULL},
};

const code_label followup_outcome_codes[] = {{"fail", "阳性"}, {"pass", "阴性"}, {NULL, NULL}};

REC_TYPE_DEFINE(followup, FOLLOWUP_FIELDS, FS_COUNT,
                /* steps are not corrected: a wrong one is voided */
                .table = "followup_steps", .alias = "f", .changes = NULL,
                .owner = NULL, .example = "结果=阴性", .field_word = "字段");
