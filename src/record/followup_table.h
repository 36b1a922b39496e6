/* The follow-up step's table (检打联动的步骤, table followup_steps): one
 * row per field a step may carry, in the order of the columns selected.
 * Which fields a step needs is the domain's rule (sample/followup.c).
 * Adding a field: a row here and a migration adding the column
 * (store/schema.c). See HACKING.md. */
#ifndef NJ_FOLLOWUP_TABLE_H
#define NJ_FOLLOWUP_TABLE_H

#include "base/codes.h"
#include "record/rectype.h"

/* 复检 送检确证 确证结果 处置 立案查处 移送公安 结案 */
extern const code_label followup_step_codes[];
/* 禁止上市 暂停销售 监督销毁 无害化处理 责令召回 整改 */
extern const code_label followup_action_codes[];
/* A retest's or a confirmation's outcome: 阳性 / 阴性 */
extern const code_label followup_outcome_codes[];

/*  id           key         column       type     label       codes                    flags */
#define FOLLOWUP_FIELDS(X)                                                                          \
	X(FS_DATE,     "date",     "step_date", RT_DATE, "日期",     NULL,                    RF_ALL) \
	X(FS_STEP,     "step",     "step",      RT_CODE, "步骤",     followup_step_codes,     RF_ALL) \
	X(FS_RESULT,   "result",   "result",    RT_TEXT, "结果",     NULL,                    RF_ALL) \
	X(FS_OUTCOME,  "outcome",  "outcome",   RT_CODE, "判定",     followup_outcome_codes,  RF_ALL) \
	X(FS_LAB,      "lab",      "lab",       RT_TEXT, "检测机构", NULL,                    RF_ALL) \
	X(FS_REF,      "ref",      "ref_no",    RT_TEXT, "确证样品", NULL,                    RF_ALL) \
	X(FS_ACTION,   "action",   "action",    RT_CODE, "处置方式", followup_action_codes,   RF_ALL) \
	X(FS_QUANTITY, "quantity", "quantity",  RT_TEXT, "数量",     NULL,                    RF_ALL) \
	X(FS_CASE_NO,  "case_no",  "case_no",   RT_TEXT, "案件编号", NULL,                    RF_ALL) \
	X(FS_NOTE,     "note",     "note",      RT_TEXT, "说明",     NULL,                    RF_ALL)

REC_TYPE_DECLARE(followup, FOLLOWUP_FIELDS, FS_COUNT);

enum { FU_RETEST, FU_CONFIRM, FU_RESULT, FU_DISPOSE, FU_CASE, FU_POLICE, FU_CLOSE };
enum { FA_BLOCK, FA_SUSPEND, FA_DESTROY, FA_HARMLESS, FA_RECALL, FA_RECTIFY };

#endif
