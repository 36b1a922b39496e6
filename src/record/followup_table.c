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

static const rec_field fields[FS_COUNT] = {FOLLOWUP_FIELDS(REC_ROW)};

static const char *const keys[FS_COUNT + 1] = {FOLLOWUP_FIELDS(REC_KEY) NULL};

const rectype followup_type = {
	.table = "followup_steps",
	.alias = "f",
	.changes = NULL, /* steps are not corrected: a wrong one is voided */
	.owner = NULL,
	.example = "结果=阴性",
	.field_word = "字段",
	.fields = fields,
	.nfields = FS_COUNT,
	.keys = keys,
};
