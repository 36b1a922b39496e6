/* The sampling record's type, built from SAMPLE_FIELDS (sample_table.h). */
#include "record/sample_table.h"

#include <stddef.h>

static const rec_field fields[SF_COUNT] = {SAMPLE_FIELDS(REC_ROW)};

const char *const sample_keys[SF_COUNT + 1] = {SAMPLE_FIELDS(REC_KEY) NULL};

const rectype sample_type = {
	.table = "samples",
	.alias = "s",
	.changes = "sample_changes",
	.owner = "sample_id",
	.example = "镇街=土桥镇",
	.field_word = "字段",
	.fields = fields,
	.nfields = SF_COUNT,
	.keys = sample_keys,
};
