/* The producer registry's table (生产经营主体名录, table producers): one
 * row per field, in the order of producer_field. Adding a field: a row
 * here, the field in forms/producer.ini and a migration adding the
 * column (store/schema.c). See HACKING.md. 定点经营 and its licence
 * (限用农药定点经营, ledger/sale.h) belong to a 农资店 only. 合格证 and
 * 追溯 are flags with the date the producer joined the 合格证 trial list
 * (试行主体名录) or was enrolled in 追溯 (and its 追溯码); 登记日期 is the
 * day the producer entered the authorities' registry (paper records
 * predate the program): empty, the day it was entered here counts. */
#ifndef NJ_PRODUCER_TABLE_H
#define NJ_PRODUCER_TABLE_H

#include "record/rectype.h"

/*  id                 key               column              type     label              codes                flags */
#define PRODUCER_FIELDS(X)                                                                                        \
	X(PF_NAME,           "name",           "name",             RT_TEXT, "名称",            NULL,                PF_FLAGS) \
	X(PF_KIND,           "kind",           "kind",             RT_CODE, "主体类型",        producer_kind_codes, PF_FLAGS) \
	X(PF_TOWN,           "town",           "unit_id",          RT_UNIT, "镇街",            NULL,                PF_FLAGS) \
	X(PF_VILLAGE,        "village",        "village",          RT_TEXT, "村(社区)",        NULL,                PF_FLAGS) \
	X(PF_ADDRESS,        "address",        "address",          RT_TEXT, "地址",            NULL,                PF_FLAGS) \
	X(PF_CONTACT,        "contact",        "contact",          RT_TEXT, "联系人",          NULL,                PF_FLAGS) \
	X(PF_PHONE,          "phone",          "phone",            RT_TEXT, "联系电话",        NULL,                PF_FLAGS) \
	X(PF_CREDIT_CODE,    "credit_code",    "credit_code",      RT_TEXT, "统一社会信用代码", NULL,               PF_FLAGS | RF_IDCODE) \
	X(PF_ID_NUMBER,      "id_number",      "id_number",        RT_TEXT, "身份证号",        NULL,                PF_FLAGS | RF_IDCODE) \
	X(PF_PRODUCTS,       "products",       "products",         RT_TEXT, "主要产品",        NULL,                PF_FLAGS) \
	X(PF_CERTIFICATIONS, "certifications", "certifications",   RT_TEXT, "认证",            NULL,                PF_FLAGS) \
	X(PF_MONITORING,     "monitoring",     "monitoring_point", RT_FLAG, "长期监测点",      NULL,                PF_FLAGS) \
	X(PF_CERTIFICATE,    "certificate",    "certificate",      RT_FLAG, "合格证",          NULL,                PF_FLAGS) \
	X(PF_TRACEABILITY,   "traceability",   "traceability",     RT_FLAG, "追溯",            NULL,                PF_FLAGS) \
	X(PF_DESIGNATED,     "designated",     "designated",       RT_FLAG, "定点经营",        NULL,                PF_FLAGS) \
	X(PF_LICENCE_NO,     "licence_no",     "licence_no",       RT_TEXT, "许可证号",        NULL,                PF_FLAGS) \
	X(PF_LICENCE_DATE,   "licence_date",   "licence_date",     RT_DATE, "许可日期",        NULL,                PF_FLAGS) \
	X(PF_CERT_DATE,      "certificate_date", "certificate_date", RT_DATE, "合格证试行日期", NULL,                PF_FLAGS) \
	X(PF_TRACE_DATE,     "trace_date",     "trace_date",       RT_DATE, "纳入追溯日期",    NULL,                PF_FLAGS) \
	X(PF_TRACE_CODE,     "trace_code",     "trace_code",       RT_TEXT, "追溯码",          NULL,                PF_FLAGS) \
	X(PF_REGISTERED,     "registered",     "registered_on",    RT_DATE, "登记日期",        NULL,                PF_FLAGS)

/* Every change is kept; the audit row names the producer, not fields. */
#define PF_FLAGS (RF_IMPORTED | RF_EXPORTED | RF_KEPT)

REC_TYPE_DECLARE(producer, PRODUCER_FIELDS, PF_COUNT);

enum { PK_ENTERPRISE, PK_COOP, PK_FAMILY_FARM, PK_BASE, PK_GROWER, PK_SMALLHOLDER,
       PK_INPUT_SHOP, PK_COUNT };
/* 企业 合作社 ... as stored: enterprise coop ... */
extern const code_label producer_kind_codes[];

#endif
