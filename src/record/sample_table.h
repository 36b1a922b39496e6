/* The sampling record's table (抽样检测记录, table samples): one row per
 * field, in the order of the columns selected and of sample_field.
 * town is the 检测单位 (the form's label; 镇街 is still understood): the
 * testing room or centre whose task the test counts toward, which also
 * numbers it. site is the 抽样地点, the 镇街 where it was taken (place is
 * the text beside it: village, market, stall).
 * Adding a field: a row here, the field in forms/sample.ini and a
 * migration adding the column (store/schema.c). See HACKING.md. */
#ifndef NJ_SAMPLE_TABLE_H
#define NJ_SAMPLE_TABLE_H

#include "base/kinds.h"
#include "record/rectype.h"

/*  id             key           column         type     label          codes       flags */
#define SAMPLE_FIELDS(X)                                                                        \
	X(SF_DATE,       "date",       "sample_date", RT_DATE, "抽样日期",    NULL,       RF_ALL) \
	X(SF_TOWN,       "town",       "unit_id",     RT_UNIT, "镇街",        NULL,       RF_ALL) \
	X(SF_KIND,       "kind",       "kind",        RT_CODE, "检测类别",    kind_codes, RF_ALL) \
	X(SF_PRODUCER,   "producer",   "producer",    RT_TEXT, "受检主体",    NULL,       RF_ALL) \
	X(SF_PRODUCT,    "product",    "product",     RT_TEXT, "样品名称",    NULL,       RF_ALL) \
	X(SF_CATEGORY,   "category",   "category",    RT_TEXT, "产品类别",    NULL,       RF_ALL) \
	X(SF_STAGE,      "stage",      "stage",       RT_TEXT, "抽样环节",    NULL,       RF_ALL) \
	X(SF_PLACE,      "place",      "place",       RT_TEXT, "详细地点",    NULL,       RF_ALL) \
	X(SF_QUANTITY,   "quantity",   "quantity",    RT_TEXT, "抽样数量",    NULL,       RF_ALL) \
	X(SF_SAMPLERS,   "samplers",   "samplers",    RT_TEXT, "抽样人",      NULL,       RF_ALL) \
	X(SF_TESTER,     "tester",     "tester",      RT_TEXT, "检测人",      NULL,       RF_ALL) \
	X(SF_INHIBITION, "inhibition", "inhibition",  RT_REAL, "抑制率(%)",   NULL,       RF_ALL) \
	X(SF_ITEM,       "item",       "item",        RT_TEXT, "检测项目",    NULL,       RF_ALL) \
	X(SF_VALUE,      "value",      "value",       RT_REAL, "检测值",      NULL,       RF_ALL) \
	X(SF_UNIT,       "unit",       "unit",        RT_TEXT, "单位",        NULL,       RF_ALL) \
	X(SF_LIMIT,      "limit",      "limit_value", RT_REAL, "限量值",      NULL,       RF_ALL) \
	X(SF_REMARKS,    "remarks",    "remarks",     RT_TEXT, "备注",        NULL,       RF_ALL) \
	X(SF_BATCH,      "batch",      "batch_no",    RT_TEXT, "样品批次",    NULL,       RF_ALL) \
	X(SF_SITE,       "site",       "site_town",   RT_TOWN, "抽样地点",    NULL,       RF_ALL) \
	X(SF_ITEMS,      "items",      "items_text",  RT_TEXT, "项目",        NULL,       RF_ALL | RF_LIST) \
	X(SF_METHOD,     "method",     "method",      RT_TEXT, "检测方法",    NULL,       RF_ALL) \
	X(SF_STRIP_ITEM, "strip_item", "strip_item",  RT_TEXT, "试纸项目",  NULL,       RF_ALL) \
	X(SF_STRIP,      "strip",      "strip_result", RT_TEXT, "试纸结果", NULL,       RF_ALL)

REC_TYPE_DECLARE(sample, SAMPLE_FIELDS, SF_COUNT);

#endif
