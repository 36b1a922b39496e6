/* The restricted-pesticide sale's table (限用农药实名购买台账, table
 * sales): one row per field, in the order of sale_field. The shop's town
 * (镇街) is the shop's, set by the domain (ledger/sale.c), never typed.
 * Adding a field: a row here, the field in forms/sale.ini and a
 * migration adding the column (store/schema.c). See HACKING.md. */
#ifndef NJ_SALE_TABLE_H
#define NJ_SALE_TABLE_H

#include "record/rectype.h"

/*  id               key            column         type     label              codes  flags */
#define SALE_FIELDS(X)                                                                              \
	X(SL_SHOP,        "shop",        "shop",        RT_TEXT, "农资店",          NULL, SL_FLAGS)    \
	X(SL_TOWN,        "town",        "unit_id",     RT_UNIT, "镇街",            NULL, RF_EXPORTED) \
	X(SL_DATE,        "date",        "sale_date",   RT_DATE, "日期",            NULL, SL_FLAGS)    \
	X(SL_BUYER,       "buyer",       "buyer",       RT_TEXT, "购买人",          NULL, SL_FLAGS)    \
	X(SL_ID_NUMBER,   "id_number",   "id_number",   RT_TEXT, "身份证号",        NULL, SL_ID_FLAGS) \
	X(SL_CREDIT_CODE, "credit_code", "credit_code", RT_TEXT, "统一社会信用代码", NULL, SL_ID_FLAGS) \
	X(SL_PHONE,       "phone",       "phone",       RT_TEXT, "联系电话",        NULL, SL_FLAGS)    \
	X(SL_VILLAGE,     "village",     "village",     RT_TEXT, "村(社区)",        NULL, SL_FLAGS)    \
	X(SL_PESTICIDE,   "pesticide",   "pesticide",   RT_TEXT, "农药",            NULL, SL_FLAGS)    \
	X(SL_REG_NO,      "reg_no",      "reg_no",      RT_TEXT, "登记证号",        NULL, SL_FLAGS)    \
	X(SL_QUANTITY,    "quantity",    "quantity",    RT_REAL, "数量",            NULL, SL_FLAGS)    \
	X(SL_UNIT,        "unit",        "qty_unit",    RT_TEXT, "单位",            NULL, SL_FLAGS)    \
	X(SL_CROP,        "crop",        "crop",        RT_TEXT, "作物",            NULL, SL_FLAGS)    \
	X(SL_AREA,        "area",        "area",        RT_REAL, "面积(亩)",        NULL, SL_FLAGS)    \
	X(SL_NOTE,        "note",        "note",        RT_TEXT, "备注",            NULL, SL_FLAGS)

/* Every change is kept in the history; the audit row names the sale, not
 * the fields (an ID number does not belong in the audit trail). */
#define SL_FLAGS (RF_IMPORTED | RF_EXPORTED | RF_KEPT)
#define SL_ID_FLAGS (SL_FLAGS | RF_IDCODE)

REC_TYPE_DECLARE(sale, SALE_FIELDS, SL_COUNT);

#endif
