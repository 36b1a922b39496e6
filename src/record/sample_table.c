/* The sampling record's type, built from SAMPLE_FIELDS (sample_table.h). */
#include "record/sample_table.h"

#include <stddef.h>

REC_TYPE_DEFINE(sample, SAMPLE_FIELDS, SF_COUNT,
                .table = "samples", .alias = "s", .changes = "sample_changes",
                .owner = "sample_id", .example = "镇街=土桥镇", .field_word = "字段");
