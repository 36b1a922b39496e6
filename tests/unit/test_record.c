/* The record-type tables and the shared record core (record/rectype.h):
 * every row at its enum value, SQL built from the table, key=value
 * parsing, the shared checks, the code tables and the error helper. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/codes.h"
#include "base/err.h"
#include "base/kinds.h"
#include "base/text.h"
#include "base/values.h"
#include "record/producer_table.h"
#include "record/rectype.h"
#include "record/sale_table.h"
#include "record/sample_table.h"

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static void tables(void)
{
	CHECK(rec_table_ok(&sample_type), "sample table: each row at its enum value, keys in order");
	CHECK(rec_table_ok(&producer_type), "producer table: each row at its enum value, keys in order");
	CHECK(rec_table_ok(&sale_type), "sale table: each row at its enum value, keys in order");
	CHECK(sample_type.nfields == SF_COUNT && producer_type.nfields == PF_COUNT, "counts from the tables");
	CHECK_STR(sample_type.fields[SF_LIMIT].column, "limit_value", "a field's column differs from its key");
	CHECK(rec_key_index(&sample_type, "remarks") == SF_REMARKS && rec_key_index(&sample_type, "x") == -1,
	      "rec_key_index");
	CHECK_STR(rec_default_label(&producer_type, PF_CREDIT_CODE), "统一社会信用代码", "default label");
	CHECK_STR(rec_default_label(&producer_type, PF_COUNT), "", "no label out of range");
	CHECK_STR(rec_label(&sample_type, NULL, SF_TESTER), "检测人", "without a form: the default label");
}

static void sql(void)
{
	char buf[2048] = "";
	const char *s = rec_sql(&sample_type, buf, sizeof buf, "SELECT s.id, {select} FROM samples s", 0);
	CHECK(has(s, "SELECT s.id, s.sample_date, u.name, s.kind,") && has(s, "s.limit_value, s.remarks, s.batch_no, s.site_town, s.items_text, s.method, s.strip_item, s.strip_result FROM"),
	      "{select}: alias.column, the town by its name: %s", s);
	char ins[2048] = "";
	s = rec_sql(&producer_type, ins, sizeof ins, "INSERT INTO producers(a, {columns}) VALUES (?1, {values})", 1);
	CHECK(has(s, "(a, name, kind, unit_id, village,") && has(s, "VALUES (?1, ?2, ?3, ?4,") &&
	      has(s, "?22)"), "{columns} and {values} numbered after the base: %s", s);
	char set[2048] = "";
	s = rec_sql(&producer_type, set, sizeof set, "UPDATE producers SET v = ?1, {set} WHERE id = ?2", 2);
	CHECK(has(s, "SET v = ?1, name = ?3, kind = ?4, unit_id = ?5,") && has(s, "licence_date = ?19, certificate_date = ?20,") && has(s, "registered_on = ?23 WHERE"),
	      "{set}: column = ?n: %s", s);
	CHECK(rec_sql(&producer_type, set, sizeof set, "other", 0) == set && has(set, "{set}") == false &&
	      has(set, "UPDATE"), "built once, then kept (db_cached keys on the buffer)");
}

static void assign(void)
{
	char *v[SF_COUNT], err[512];
	values_init(v, SF_COUNT);
	CHECK(rec_assign(&sample_type, NULL, v, "town=侣俸镇", err, sizeof err) && strcmp(v[SF_TOWN], "侣俸镇") == 0,
	      "key=value by key");
	CHECK(rec_assign(&sample_type, NULL, v, "抽样人=张三=李四", err, sizeof err) &&
	      strcmp(v[SF_SAMPLERS], "张三=李四") == 0, "by default label; the value keeps later '='");
	CHECK(!rec_assign(&sample_type, NULL, v, "镇街", err, sizeof err) && has(err, "应写成 键=值，如 镇街=土桥镇"),
	      "no '=': %s", err);
	CHECK(!rec_assign(&sample_type, NULL, v, "=x", err, sizeof err) && has(err, "应写成 键=值"), "empty key");
	CHECK(!rec_assign(&producer_type, NULL, v, "颜色=红", err, sizeof err) &&
	      has(err, "不认识的主体字段 \"颜色\""), "unknown field named: %s", err);
	values_free(v, SF_COUNT);
}

static void checks(void)
{
	char *v[PF_COUNT];
	values_init(v, PF_COUNT);
	rec_error e = {0};
	values_set(v, PF_COUNT, PF_ADDRESS, "白龙村\x1b]0;x\x07");
	CHECK(!rec_check_text(&producer_type, v, &e) && e.field == PF_ADDRESS && has(e.msg, "地址"),
	      "unstorable text refused on its field: %s", e.msg);
	values_free(v, PF_COUNT);
	CHECK(!rec_fail(&e, 3, "第 %d 行 %s", 7, "太长") && e.field == 3 && strcmp(e.msg, "第 7 行 太长") == 0,
	      "rec_fail formats and fails");
	char small[8];
	CHECK(!errf(small, sizeof small, "%s", "一二三四五") && strlen(small) < sizeof small, "errf cuts, never overruns");
	CHECK(strcmp(err_reason(ENOENT), "文件或目录不存在") == 0 && strcmp(err_reason(EACCES), "没有权限") == 0 &&
	          strcmp(err_reason(ENOSPC), "磁盘已满") == 0,
	      "system errors in a clerk's words: %s / %s / %s", err_reason(ENOENT), err_reason(EACCES), err_reason(ENOSPC));
	CHECK(err_reason(EDOM) != NULL && *err_reason(EDOM), "a rare error still has a text");
}

static void codes(void)
{
	CHECK(kind_from_label("监督抽查") == KIND_SUPERVISORY && kind_from_code("inputs") == KIND_INPUTS,
	      "kinds through the code table");
	CHECK_STR(kind_label(KIND_COUNT), "", "past the end: empty");
	CHECK(codes_by_label(producer_kind_codes, "农资店") == PK_INPUT_SHOP &&
	      codes_by_code(producer_kind_codes, "nope") == -1, "producer kinds");
}

static void grow(void)
{
	size_t cap = 0;
	int *a = NULL;
	int reallocs = 0;
	for (size_t i = 0; i < 10000; i++) {
		size_t before = cap;
		a = xgrow(a, &cap, i + 1, sizeof *a);
		reallocs += cap != before;
		a[i] = (int)i;
	}
	CHECK(cap >= 10000 && reallocs < 16 && a[9999] == 9999, "xgrow doubles (%d reallocations)", reallocs);
	free(a);
}

int main(void)
{
	check_init();
	tables();
	sql();
	assign();
	checks();
	codes();
	grow();
	return check_done();
}
