/* The inspection record's table (巡查记录, table inspections): the
 * quarterly full-coverage inspection of a registered producer that the
 * 铜梁 plan asks of every 镇街 (每季度全覆盖检查). One row per field, in
 * the order of the columns selected and of inspect_field.
 *
 * The checklist is data: forms/inspect.ini names the items (check1 ...
 * with their labels, each 符合/不符合/不适用, and note1 ... for what was
 * seen). The table has eight slots so that a county adds an item by
 * editing the form only; a slot the form does not name stays empty.
 * The re-check (回头看) fields are not in the entry form: they are
 * written by `nongjian inspect recheck` (a correction with history).
 * Adding a field: a row here, the field in forms/inspect.ini and a
 * migration adding the column (store/schema.c). See HACKING.md. */
#ifndef NJ_INSPECT_TABLE_H
#define NJ_INSPECT_TABLE_H

#include "base/codes.h"
#include "record/rectype.h"

/* 符合 不符合 不适用, stored pass fail na */
extern const code_label inspect_check_codes[];
/* A re-check's outcome: 已整改 (closes the rectification) / 未整改 */
extern const code_label inspect_recheck_codes[];

#define INSPECT_CHECKS 8

/*  id                key             column              type     label          codes                  flags */
#define INSPECT_FIELDS(X)                                                                                   \
	X(IF_PRODUCER,     "producer",     "producer_name",    RT_TEXT, "主体",        NULL,                  RF_ALL) \
	X(IF_TOWN,         "town",         "unit_id",          RT_UNIT, "镇街",        NULL,                  RF_ALL) \
	X(IF_DATE,         "date",         "inspect_date",     RT_DATE, "日期",        NULL,                  RF_ALL) \
	X(IF_INSPECTORS,   "inspectors",   "inspectors",       RT_TEXT, "检查人",      NULL,                  RF_ALL) \
	X(IF_CHECK1,       "check1",       "check1",           RT_CODE, "检查项1",     inspect_check_codes,   RF_ALL) \
	X(IF_CHECK2,       "check2",       "check2",           RT_CODE, "检查项2",     inspect_check_codes,   RF_ALL) \
	X(IF_CHECK3,       "check3",       "check3",           RT_CODE, "检查项3",     inspect_check_codes,   RF_ALL) \
	X(IF_CHECK4,       "check4",       "check4",           RT_CODE, "检查项4",     inspect_check_codes,   RF_ALL) \
	X(IF_CHECK5,       "check5",       "check5",           RT_CODE, "检查项5",     inspect_check_codes,   RF_ALL) \
	X(IF_CHECK6,       "check6",       "check6",           RT_CODE, "检查项6",     inspect_check_codes,   RF_ALL) \
	X(IF_CHECK7,       "check7",       "check7",           RT_CODE, "检查项7",     inspect_check_codes,   RF_ALL) \
	X(IF_CHECK8,       "check8",       "check8",           RT_CODE, "检查项8",     inspect_check_codes,   RF_ALL) \
	X(IF_NOTE1,        "note1",        "note1",            RT_TEXT, "说明1",       NULL,                  RF_ALL) \
	X(IF_NOTE2,        "note2",        "note2",            RT_TEXT, "说明2",       NULL,                  RF_ALL) \
	X(IF_NOTE3,        "note3",        "note3",            RT_TEXT, "说明3",       NULL,                  RF_ALL) \
	X(IF_NOTE4,        "note4",        "note4",            RT_TEXT, "说明4",       NULL,                  RF_ALL) \
	X(IF_NOTE5,        "note5",        "note5",            RT_TEXT, "说明5",       NULL,                  RF_ALL) \
	X(IF_NOTE6,        "note6",        "note6",            RT_TEXT, "说明6",       NULL,                  RF_ALL) \
	X(IF_NOTE7,        "note7",        "note7",            RT_TEXT, "说明7",       NULL,                  RF_ALL) \
	X(IF_NOTE8,        "note8",        "note8",            RT_TEXT, "说明8",       NULL,                  RF_ALL) \
	X(IF_BANNED,       "banned",       "banned",           RT_FLAG, "发现违禁投入品", NULL,               RF_ALL) \
	X(IF_FINDINGS,     "findings",     "findings",         RT_TEXT, "发现问题",    NULL,                  RF_ALL) \
	X(IF_RECTIFY,      "rectify",      "rectify",          RT_TEXT, "整改要求",    NULL,                  RF_ALL) \
	X(IF_DEADLINE,     "deadline",     "rectify_deadline", RT_DATE, "整改期限",    NULL,                  RF_ALL) \
	X(IF_RECHECK_DATE, "recheck_date", "recheck_date",     RT_DATE, "回头看日期",  NULL,                  RF_ALL) \
	X(IF_RECHECK,      "recheck",      "recheck_result",   RT_CODE, "回头看结果",  inspect_recheck_codes, RF_ALL) \
	X(IF_RECHECK_NOTE, "recheck_note", "recheck_note",     RT_TEXT, "回头看情况",  NULL,                  RF_ALL) \
	X(IF_REMARKS,      "remarks",      "remarks",          RT_TEXT, "备注",        NULL,                  RF_ALL)

REC_TYPE_DECLARE(inspect, INSPECT_FIELDS, IF_COUNT);

enum { IC_PASS, IC_FAIL, IC_NA };
enum { IR_DONE, IR_NOT_DONE };

#endif
