/* Form definitions: loading forms/sample.ini, "when" conditions, value
 * checks per field type, and refusing broken form files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/kinds.h"
#include "record/formdef.h"
#include "sample/sample.h"

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* form_value_fn over a tiny key/value list. */
typedef struct {
	const char *keys[4], *vals[4];
} kv;

static const char *kv_get(void *ctx, const char *key)
{
	kv *m = ctx;
	for (int i = 0; i < 4 && m->keys[i]; i++)
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}

static form_def *form;

static const field_def *field(const char *key)
{
	int i = form_index(form, key);
	return i >= 0 ? &form->fields[i] : NULL;
}

static void test_load(void)
{
	char err[1024] = "";
	form = form_load("forms/sample.ini", sample_keys, err, sizeof err);
	CHECK(form != NULL, "forms/sample.ini loads: %s", form ? "" : err);
	if (!form)
		exit(1);
	CHECK_STR(form->title, "抽样检测记录", "form title");
	CHECK_STR(form->path, "forms/sample.ini", "form path");
	CHECK(form->nfields == 23, "23 fields (%d)", form->nfields);
	/* Every field of the table once; the method and the strip's fields
	 * sit with the inhibition (after 检测人), the rest in the table's
	 * order. */
	static const char *const order[] = {"date", "town", "kind", "producer", "product", "category", "stage",
		"place", "quantity", "samplers", "tester", "method", "inhibition", "strip_item", "strip", "item",
		"value", "unit", "limit", "remarks", "batch", "site", "items"};
	int in_order = 0, labels = 0;
	for (int i = 0; i < form->nfields && i < 23; i++) {
		in_order += strcmp(form->fields[i].key, order[i]) == 0;
		int k = sample_key_index(form->fields[i].key);
		labels += k >= 0 && strcmp(form->fields[i].label, sample_label(k)) == 0;
	}
	CHECK(in_order == 23, "fields in the form's order (%d of 23)", in_order);
	/* All but town: the form calls it 检测单位, its default label stays 镇街
	 * so that old import files and commands (镇街=土桥镇) still name it. */
	CHECK(labels == 22, "labels match the default Chinese labels (%d of 22)", labels);
	CHECK_STR(form->fields[1].label, "检测单位", "town is 检测单位 on the form");
	CHECK_STR(sample_label(SF_TOWN), "镇街", "and 镇街 by default");
	CHECK_STR(form->fields[0].label, "抽样日期", "first label");
	CHECK_STR(form->fields[11].label, "检测方法", "检测方法 after 检测人");
	CHECK_STR(form->fields[14].label, "试纸结果", "the strip's result after its item");
	CHECK_STR(form->fields[19].label, "备注", "备注");
	CHECK_STR(form->fields[21].label, "抽样地点", "抽样地点");
	CHECK_STR(form->fields[22].label, "项目", "last label: the items of a quantitative sample");
	CHECK(form_index(form, "inhibition") == 12 && form_index(form, "nosuch") == -1, "form_index");

	const field_def *fd = field("method");
	CHECK(fd && fd->type == FT_CHOICE && fd->nchoices == 2 && fd->when_key && strcmp(fd->when_key, "kind") == 0,
	      "method: a choice of two, for the rapid kind");
	fd = field("category");
	CHECK(fd && fd->fills && strcmp(fd->fills, "method") == 0, "the category fills the method");
	fd = field("strip");
	CHECK(fd && fd->when_key && strcmp(fd->when_key, "method") == 0 && fd->nwhen == 1 &&
	      strcmp(fd->when_values[0], "胶体金") == 0, "the strip's result only for 胶体金");
	fd = field("strip_item");
	CHECK(fd && fd->type == FT_LOOKUP && fd->nchoices == 5 && fd->when_key && strcmp(fd->when_key, "method") == 0,
	      "the strip's item: the five named items offered, others typed");

	fd = field("inhibition");
	/* Not required by the form: a 胶体金 strip test has none (the domain
	 * requires it for 酶抑制法). */
	CHECK(fd && fd->type == FT_DECIMAL && !fd->required && fd->width == 6, "inhibition: decimal, width 6");
	CHECK(fd && fd->has_min && fd->min == 0 && fd->has_max && fd->max == 100, "inhibition range 0-100");
	CHECK(fd && fd->when_key && strcmp(fd->when_key, "method") == 0, "inhibition's when names the method");
	CHECK(fd && fd->nwhen == 1 && strcmp(fd->when_values[0], "酶抑制法") == 0, "inhibition only for 酶抑制法");
	fd = field("item");
	CHECK(fd && fd->nwhen == 3 && strcmp(fd->when_values[0], "例行监测") == 0 &&
	      strcmp(fd->when_values[1], "监督抽查") == 0 && strcmp(fd->when_values[2], "农业投入品") == 0,
	      "item's when lists the three quantitative kinds");
	fd = field("date");
	CHECK(fd && fd->type == FT_DATE && fd->not_future && fd->keep && fd->required && fd->def &&
	      strcmp(fd->def, "today") == 0,
	      "date: required, not_future, keep, default today");
	CHECK(fd && fd->hint && has(fd->hint, "3-5"), "date has its hint");
	fd = field("category");
	CHECK(fd && fd->type == FT_CHOICE && fd->nchoices == 12 && strcmp(fd->choices[0], "蔬菜") == 0 &&
	      strcmp(fd->choices[7], "农药") == 0 && strcmp(fd->choices[11], "其他") == 0,
	      "category has 12 inline choices 蔬菜..农药 肥料 兽药 饲料..其他");
	fd = field("product");
	CHECK(fd && fd->type == FT_LOOKUP && fd->source && strcmp(fd->source, "products") == 0 && fd->fills &&
	      strcmp(fd->fills, "category") == 0,
	      "product: lookup from products, fills category");
	fd = field("town");
	CHECK(fd && fd->type == FT_CHOICE && fd->source && strcmp(fd->source, "towns") == 0 && fd->nchoices == 0,
	      "town: choice from the towns source");
	fd = field("remarks");
	CHECK(fd && fd->type == FT_TEXT && !fd->required && !fd->when_key && fd->width == 50,
	      "remarks: optional text, width 50");
}

static void test_active(void)
{
	int inh = form_index(form, "inhibition"), item = form_index(form, "item"), date = form_index(form, "date");
	kv rapid = {{"kind", "method"}, {"定性检测", "酶抑制法"}};
	kv strip = {{"kind", "method"}, {"定性检测", "胶体金"}};
	kv sup = {{"kind"}, {"监督抽查"}};
	kv none = {{"kind"}, {""}};
	kv absent = {{NULL}, {NULL}};
	CHECK(form_field_active(form, inh, kv_get, &rapid), "inhibition active for 定性检测");
	CHECK(!form_field_active(form, item, kv_get, &rapid), "item inactive for 定性检测");
	CHECK(!form_field_active(form, inh, kv_get, &strip), "inhibition inactive for a 胶体金 strip");
	CHECK(form_field_active(form, form_index(form, "strip"), kv_get, &strip), "the strip's result active for 胶体金");
	CHECK(!form_field_active(form, inh, kv_get, &sup), "inhibition inactive for 监督抽查");
	CHECK(form_field_active(form, item, kv_get, &sup), "item active for 监督抽查");
	CHECK(!form_field_active(form, inh, kv_get, &none) && !form_field_active(form, item, kv_get, &none),
	      "both inactive when kind is empty");
	CHECK(!form_field_active(form, inh, kv_get, &absent), "inactive when the value lookup gives NULL");
	CHECK(form_field_active(form, date, kv_get, &absent), "a field without when is always active");
}

static void test_default(void)
{
	char out[64];
	field_default(field("date"), out, sizeof out);
	CHECK_STR(out, "2026-06-15", "date default today resolves via NONGJIAN_TODAY");
	field_default(field("kind"), out, sizeof out);
	CHECK_STR(out, "定性检测", "kind default");
	field_default(field("unit"), out, sizeof out);
	CHECK_STR(out, "mg/kg", "unit default");
	field_default(field("producer"), out, sizeof out);
	CHECK_STR(out, "", "no default: empty");
}

/* field_check wrapper: returns accepted, out and msg in statics. */
static char out[1024], msg[512];
static bool fc(const char *key, const char *value)
{
	out[0] = msg[0] = '\0';
	const field_def *fd = field(key);
	return fd && field_check(fd, value, out, sizeof out, msg, sizeof msg);
}

static void test_check_date(void)
{
	CHECK(fc("date", "3-5") && strcmp(out, "2026-03-05") == 0, "date 3-5 -> this year's 2026-03-05 (%s)", out);
	CHECK(fc("date", "20260305") && strcmp(out, "2026-03-05") == 0, "date 20260305 -> 2026-03-05");
	CHECK(fc("date", " 2026/6/1 ") && strcmp(out, "2026-06-01") == 0, "date with spaces and slashes");
	CHECK(fc("date", "2026-06-15") && strcmp(out, "2026-06-15") == 0, "today is not in the future");
	CHECK(fc("date", "2025-12-31"), "last year is fine");
	CHECK(!fc("date", "2026-06-16"), "tomorrow refused (not_future)");
	CHECK(has(msg, "将来") && has(msg, "抽样日期"), "future message: %s", msg);
	CHECK(!fc("date", "12-31"), "12-31 of this year is in the future: refused");
	CHECK(!fc("date", "2026-02-30") && has(msg, "不是有效日期"), "2026-02-30 refused: %s", msg);
	CHECK(!fc("date", "yesterday") && has(msg, "yesterday"), "a word is not a date: %s", msg);
	CHECK(!fc("date", "") && has(msg, "必须填写"), "empty required date refused: %s", msg);
	CHECK(!fc("date", "2026-03-05x1"), "date wider than its width refused");
	CHECK(has(msg, "太长"), "width message: %s", msg);
}

static void test_check_numbers(void)
{
	CHECK(fc("inhibition", "45.5") && strcmp(out, "45.5") == 0, "decimal 45.5 accepted");
	CHECK(fc("inhibition", " 50 ") && strcmp(out, "50") == 0, "decimal trimmed");
	CHECK(fc("inhibition", "0") && fc("inhibition", "100"), "the bounds 0 and 100 are accepted");
	CHECK(!fc("inhibition", "100.5"), "100.5 refused");
	CHECK(has(msg, "0 到 100") && has(msg, "抑制率"), "range message names the range: %s", msg);
	CHECK(!fc("inhibition", "-1") && has(msg, "0 到 100"), "-1 refused");
	CHECK(!fc("inhibition", "abc") && has(msg, "不是数字"), "abc refused: %s", msg);
	CHECK(!fc("inhibition", "0x10") && has(msg, "不是数字"), "hex 0x10 refused: %s", msg);
	CHECK(!fc("inhibition", "nan") && !fc("inhibition", "inf"), "nan and inf refused");
	CHECK(!fc("inhibition", "45,5"), "a comma decimal is refused");
	CHECK(!fc("inhibition", "12 3"), "two numbers are refused");
	CHECK(!fc("inhibition", "1e3"), "1e3 is out of range");
	CHECK(!fc("inhibition", "1e2") && has(msg, "不是数字"), "1e2 refused, not read as 100: %s", msg);
	CHECK(fc("inhibition", "45%") && strcmp(out, "45") == 0, "45%% accepted as 45 in the percent field");
	CHECK(fc("inhibition", "\xEF\xBC\x94\xEF\xBC\x95") && strcmp(out, "45") == 0, "full-width ４５ accepted as 45");
	CHECK(fc("inhibition", "\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x8E\xEF\xBC\x95") && strcmp(out, "45.5") == 0,
	      "full-width ４５．５ (8 columns) accepted as 45.5 in a 6-column field");
	CHECK(!fc("value", "0.5%") && has(msg, "不是数字"), "a %% refused in 检测值, not a percentage: %s", msg);
	CHECK(fc("inhibition", ""), "an empty inhibition passes the form (the domain decides by the method)");
	CHECK(!fc("inhibition", "12.34567") && has(msg, "太长"), "longer than width 6 refused: %s", msg);
	CHECK(fc("value", "0.02") && strcmp(out, "0.02") == 0, "value 0.02 (min only) accepted");
	CHECK(!fc("value", "-0.5") && has(msg, "不能小于 0"), "value below min: %s", msg);

	field_def integer = {.key = "n", .label = "份数", .type = FT_INTEGER, .width = 10,
	                     .has_min = true, .min = 1, .has_max = true, .max = 5};
	char o[64], m[256];
	CHECK(field_check(&integer, "3", o, sizeof o, m, sizeof m) && strcmp(o, "3") == 0, "integer 3 accepted");
	CHECK(!field_check(&integer, "1.5", o, sizeof o, m, sizeof m) && has(m, "不是整数"), "integer 1.5 refused: %s",
	      m);
	CHECK(!field_check(&integer, "1e0", o, sizeof o, m, sizeof m) && has(m, "不是整数"), "integer 1e0 refused");
	CHECK(!field_check(&integer, "0x3", o, sizeof o, m, sizeof m), "integer 0x3 refused");
	CHECK(!field_check(&integer, "6", o, sizeof o, m, sizeof m) && has(m, "1 到 5"), "integer 6 out of range: %s",
	      m);
	CHECK(field_check(&integer, "", o, sizeof o, m, sizeof m) && o[0] == '\0', "optional integer may be empty");
	integer.has_max = false;
	CHECK(!field_check(&integer, "0", o, sizeof o, m, sizeof m) && has(m, "不能小于 1"), "min-only message: %s", m);
	integer.has_max = true;
	integer.has_min = false;
	CHECK(!field_check(&integer, "9", o, sizeof o, m, sizeof m) && has(m, "不能大于 5"), "max-only message: %s", m);
}

static void test_check_choice_text(void)
{
	CHECK(fc("category", "蔬菜") && strcmp(out, "蔬菜") == 0, "category 蔬菜 accepted");
	CHECK(fc("category", " 水果 ") && strcmp(out, "水果") == 0, "choice trimmed");
	CHECK(!fc("category", "肉类"), "a choice not in the list is refused");
	CHECK(has(msg, "不在可选范围") && has(msg, "肉类"), "choice message: %s", msg);
	CHECK(!fc("category", "蔬"), "a partial choice is refused");
	CHECK(!fc("category", "") && has(msg, "必须填写"), "empty required choice refused");
	CHECK(fc("town", "某个镇") && strcmp(out, "某个镇") == 0, "a source choice is left to its owner");

	CHECK(!fc("product", "") && has(msg, "样品名称") && has(msg, "必须填写"), "required product empty: %s", msg);
	CHECK(!fc("product", "   "), "spaces only count as empty");
	CHECK(!fc("product", "\xE3\x80\x80\xE3\x80\x80"), "full-width spaces only count as empty");
	CHECK(fc("product", "豇豆") && strcmp(out, "豇豆") == 0, "product 豇豆 accepted");
	CHECK(fc("producer", "") && out[0] == '\0', "optional producer may be empty");
	CHECK(fc("quantity", "一二三四五六") && strcmp(out, "一二三四五六") == 0, "12 columns fit width 12");
	CHECK(!fc("quantity", "一二三四五六七"), "14 columns refused for width 12");
	CHECK(has(msg, "最多 12 列") && has(msg, "抽样数量"), "width message: %s", msg);
	CHECK(!fc("quantity", "一二三四五六a"), "13 columns refused for width 12");
	CHECK(fc("quantity", "\xE3\x80\x80" "1kg\xE3\x80\x80") && strcmp(out, "1kg") == 0,
	      "full-width spaces trimmed before the width check");
	CHECK(!fc("remarks", "红\x1b[31m字"), "ESC in text refused");
	CHECK(has(msg, "控制字符") && has(msg, "备注"), "control message names the field: %s", msg);
	CHECK(!fc("remarks", "abc\xE2\x80\xAE" "def"), "U+202E in text refused");
	CHECK(!fc("remarks", "\xC0\xAF"), "invalid UTF-8 refused");
	CHECK(fc("remarks", NULL) && out[0] == '\0', "NULL counts as empty");
}

/* Write a bad form, load it, return the message. */
static bool bad_form(const char *content, const char *needle, const char *what)
{
	char path[64] = "/tmp/nj_test_form_XXXXXX", err[1024] = "";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, content, strlen(content)) != (ssize_t)strlen(content)) {
		perror("temp form");
		exit(2);
	}
	close(fd);
	form_def *f = form_load(path, sample_keys, err, sizeof err);
	remove(path);
	bool ok = f == NULL && has(err, path) && has(err, needle);
	CHECK(ok, "%s is refused naming the file and \"%s\": %s", what, needle, f ? "(loaded)" : err);
	form_free(f);
	return ok;
}

/* A form stored in a database before the rename says 定性速测: it loads
 * with today's label, so its when and default still match the records. */
static void test_old_kind_label(void)
{
	const char *text = "[kind]\nlabel = 检测类别\ntype = choice\nsource = kinds\ndefault = 定性速测\n"
	                   "[inhibition]\nlabel = 抑制率(%)\ntype = decimal\nwhen = kind:定性速测|例行监测\n";
	char path[64] = "/tmp/nj_test_form_XXXXXX", err[1024] = "";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		perror("temp form");
		exit(2);
	}
	close(fd);
	form_def *f = form_load(path, sample_keys, err, sizeof err);
	remove(path);
	CHECK(f != NULL, "a form with the old kind label loads: %s", err);
	if (!f)
		return;
	CHECK(strcmp(f->fields[0].def, "定性检测") == 0, "its default reads as 定性检测: %s", f->fields[0].def);
	CHECK(f->fields[1].nwhen == 2 && strcmp(f->fields[1].when_values[0], "定性检测") == 0 &&
	          strcmp(f->fields[1].when_values[1], "例行监测") == 0,
	      "its when = kind:定性速测 reads as 定性检测, the other value unchanged");
	form_free(f);
	CHECK(kind_from_label("定性速测") == KIND_RAPID && strcmp(kind_label(KIND_RAPID), "定性检测") == 0,
	      "the old label is read, today's written");
}

static void test_bad_forms(void)
{
	bad_form("[form]\ntitle = x\n[date]\nlabel = 日期\ntype = date\n[colour]\nlabel = 颜色\n",
	         "未知字段 [colour]", "an unknown field key");
	bad_form("[form]\ntitle = x\n[colour]\nlabel = 颜色\n", "第 3 行", "an unknown field key (line)");
	bad_form("[date]\nlabel = 日期\ncolour = red\n", "未知属性 colour", "an unknown attribute");
	bad_form("[date]\nlabel = 日期\ncolour = red\n", "第 3 行", "an unknown attribute (line)");
	bad_form("[date]\nlabel = 日期\ntype = datetime\n", "datetime", "a bad type");
	bad_form("[date]\nlabel = 日期\ntype = datetime\n", "第 3 行", "a bad type (line)");
	bad_form("[category]\nlabel = 类别\ntype = choice\n", "choices", "a choice without choices");
	bad_form("[inhibition]\nlabel = 抑制率\ntype = decimal\nwhen = kind:定性检测\n", "kind",
	         "when naming a missing field");
	bad_form("[inhibition]\nlabel = 抑制率\ntype = decimal\nwhen = kind:定性检测\n", "不存在",
	         "when naming a missing field (message)");
	bad_form("[inhibition]\nlabel = 抑制率\ntype = decimal\nwhen = kind:定性检测\n", "第 4 行",
	         "when naming a missing field (line)");
	bad_form("[product]\nlabel = 样品\nfills = category\n", "category", "fills naming a missing field");
	bad_form("[kind]\nlabel = 类别\nsource = kinds\ntype = choice\n[inhibition]\nlabel = 抑制率\nwhen = kind\n",
	         "when", "when without a colon");
	bad_form("[date]\ntype = date\n", "label", "a field without a label");
	bad_form("[date]\nlabel = 日期\nwidth = 100\n", "width", "a width above 60");
	bad_form("[date]\nlabel = 日期\nrequired = maybe\n", "required", "a bad boolean");
	bad_form("[value]\nlabel = 值\ntype = decimal\nmin = zero\n", "zero", "a non-numeric min");
	bad_form("[form]\ntitle = 空表单\n", "没有定义任何字段", "a form without fields");
	bad_form("[date]\nlabel = 日期\nhint = 如 3#5\n", "hint", "an unquoted # in a form value");
	bad_form("[date]\nlabel = 日\x1b[2J期\n", "控制字符", "a label with ESC");

	char err[512];
	form_def *f = form_load("/tmp/nj_test_no_such_form.ini", sample_keys, err, sizeof err);
	CHECK(f == NULL && has(err, "/tmp/nj_test_no_such_form.ini") && has(err, "表单文件"),
	      "a missing form file is named: %s", err);
	form_free(NULL); /* allowed */
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	test_load();
	test_active();
	test_default();
	test_check_date();
	test_check_numbers();
	test_check_choice_text();
	test_old_kind_label();
	test_bad_forms();
	form_free(form);
	return check_done();
}
