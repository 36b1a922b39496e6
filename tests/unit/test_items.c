/* The verdict rules of a quantitative sample's items (sample/items.h),
 * with the limits shipped in conf/limits.csv (GB 2762-2022) and the
 * banned list of conf/banned.csv (the ministry's announcements). */
#include "check.h"

#include <stdlib.h>

#include "base/config.h"
#include "base/text.h"
#include "sample/items.h"
#include "sample/sample.h"
#include "record/formdef.h"

static config *cfg;
static sample_items it;
static char err[512];

static bool parse(const char *product, const char *category, const char *text)
{
	items_free(&it);
	err[0] = '\0';
	return items_parse(cfg, product, category, text, &it, err, sizeof err);
}

static void test_decimals(void)
{
	CHECK(items_decimal_cmp("0.05", 0, "0.050", 0) == 0, "0.05 = 0.050");
	CHECK(items_decimal_cmp("0.00000001", 0, "0", 0) > 0, "0.00000001 > 0 (no rounding to zero)");
	CHECK(items_decimal_cmp("0", 0, "0.0", 0) == 0, "0 = 0.0");
	CHECK(items_decimal_cmp("50", -3, "0.05", 0) == 0, "50 μg/kg = 0.05 mg/kg");
	CHECK(items_decimal_cmp("50.001", -3, "0.05", 0) > 0, "50.001 μg/kg > 0.05 mg/kg");
	CHECK(items_decimal_cmp("0.05000000000000001", 0, "0.05", 0) > 0,
	      "a difference beyond a double's precision still counts");
	CHECK(items_decimal_cmp("10", 0, "9.99", 0) > 0, "10 > 9.99");
	CHECK(items_decimal_cmp("0.1", 0, "0.15", 0) < 0, "0.1 < 0.15");
	CHECK(items_decimal_cmp("100", 0, "1000", -1) == 0, "100 = 1000 × 10^-1");
}

static void test_limits_table(void)
{
	/* GB 2762-2022 4.2: Cd in fresh vegetables (番茄 is neither leafy,
	 * legume, root nor stem) ≤ 0.05 mg/kg. */
	CHECK(parse("番茄", "蔬菜", "镉:0.15"), "镉:0.15 parses (%s)", err);
	CHECK(it.n == 1 && it.v[0].fail && strcmp(it.v[0].reason, "超标") == 0, "0.15 > 0.05: 不合格 (超标)");
	CHECK_STR(it.v[0].limit_from, "table", "the limit came from the table");
	CHECK_STR(it.v[0].unit, "mg/kg", "unit defaults to the limit's");
	CHECK(strstr(it.v[0].standard, "GB 2762") != NULL, "the standard is cited: %s", it.v[0].standard);
	CHECK(parse("番茄", "蔬菜", "镉:0.05") && !it.v[0].fail, "at the limit (0.05) is 合格");
	CHECK(parse("番茄", "蔬菜", "镉:0.0500001") && it.v[0].fail, "just over the limit is 不合格");
	/* Units converted, never compared raw. */
	CHECK(parse("番茄", "蔬菜", "镉:40:μg/kg") && !it.v[0].fail, "40 μg/kg is 0.04 mg/kg: 合格");
	CHECK(parse("番茄", "蔬菜", "镉:60:ug/kg") && it.v[0].fail, "60 ug/kg is 0.06 mg/kg: 不合格");
	CHECK(parse("番茄", "蔬菜", "镉:50:µg/kg") && !it.v[0].fail, "50 µg/kg (micro sign) equals the limit");
	CHECK_STR(it.v[0].unit, "μg/kg", "µg/kg is written μg/kg");
	CHECK(!parse("番茄", "蔬菜", "镉:0.03:mg/L"), "mg/L against a mg/kg limit is refused");
	CHECK(strstr(err, "mg/L") && strstr(err, "mg/kg"), "saying which units work: %s", err);
	/* Category rows: 汞 in fresh vegetables (GB 2762-2022 4.3) for 芹菜. */
	CHECK(parse("芹菜", "蔬菜", "汞:0.02") && it.v[0].fail, "汞 0.02 in 芹菜 over the 蔬菜 limit 0.01");
	/* A product's own row beats its category's. */
	config_add_limit(cfg, "蔬菜", "镉", "0.2", "mg/kg", "test: a category row");
	CHECK(parse("番茄", "蔬菜", "镉:0.1") && it.v[0].fail, "番茄's own 镉 row (0.05) is used, not 蔬菜's");
	CHECK(parse("芹菜", "蔬菜", "镉:0.1") && !it.v[0].fail, "芹菜 takes the category row (0.2)");
}

static void test_typed_and_missing(void)
{
	CHECK(!parse("番茄", "蔬菜", "毒死蜱:0.03"), "an item not in the table without a limit is refused");
	CHECK(strstr(err, "毒死蜱") && strstr(err, "限量"), "naming the item and asking for the limit: %s", err);
	CHECK(parse("番茄", "蔬菜", "毒死蜱:0.03:mg/kg:0.5") && !it.v[0].fail, "with a typed limit it is judged");
	CHECK_STR(it.v[0].limit_from, "typed", "and flagged as typed");
	CHECK(parse("番茄", "蔬菜", "毒死蜱:0.6:mg/kg:0.5") && it.v[0].fail, "over the typed limit: 不合格");
	CHECK(parse("番茄", "蔬菜", "汞:0.00000001:mg/kg:0") && it.v[0].fail, "0.00000001 against 0 is 不合格");
	CHECK(!parse("番茄", "蔬菜", "汞:1e-8:mg/kg:0"), "1e-8 is refused, not read as another number");
	CHECK(!parse("番茄", "蔬菜", "镉:abc"), "a value that is not a number is refused");
	CHECK(!parse("番茄", "蔬菜", "镉:-0.1"), "a negative value is refused");
	CHECK(!parse("番茄", "蔬菜", "毒死蜱:0.03:mg/kg:x"), "a limit that does not parse is refused");
	CHECK(strstr(err, "限量"), "saying the limit is wrong: %s", err);
	CHECK(!parse("番茄", "蔬菜", "镉"), "an item without a value is refused");
	CHECK(!parse("番茄", "蔬菜", "镉:0.1；镉:0.2"), "the same item twice is refused");
	CHECK(!parse("番茄", "蔬菜", "镉:0.1:mg/kg:0.2:x"), "a fifth part is refused");
}

static void test_banned(void)
{
	/* 甲胺磷: 禁用 (农业部第322号公告). */
	CHECK(parse("番茄", "蔬菜", "甲胺磷:0.001"), "a banned substance needs no limit (%s)", err);
	CHECK(it.v[0].banned && it.v[0].fail && strcmp(it.v[0].reason, "检出禁用药物") == 0,
	      "detected at all: 不合格 (检出禁用药物)");
	CHECK(parse("番茄", "蔬菜", "甲胺磷:0.001:mg/kg:1") && it.v[0].fail, "whatever the limit typed");
	CHECK(parse("番茄", "蔬菜", "甲胺磷:未检出") && !it.v[0].fail && it.v[0].not_detected, "未检出 is 合格");
	CHECK(parse("番茄", "蔬菜", "甲胺磷:0") && !it.v[0].fail, "0 is not a detection");
	CHECK(parse("番茄", "蔬菜", "甲胺磷:未检出(0.01)") && strcmp(it.v[0].lod, "0.01") == 0,
	      "未检出 with its detection limit (0.01)");
	CHECK(parse("番茄", "蔬菜", "甲胺磷:未检出（０．０１）") && strcmp(it.v[0].lod, "0.01") == 0,
	      "full-width brackets and digits");
	CHECK(!parse("番茄", "蔬菜", "甲胺磷:未检出(很少)"), "a detection limit that is no number is refused");
	/* 铅类 (the banned lead pesticides) is not 铅 the contaminant. */
	CHECK(!config_banned(cfg, "铅") && config_banned(cfg, "铅类"), "铅 is not on the banned list, 铅类 is");
}

static void test_lists(void)
{
	CHECK(parse("番茄", "蔬菜", "毒死蜱:0.03:mg/kg:0.5；镉：0.15；甲胺磷:未检出"), "three items (%s)", err);
	CHECK(it.n == 3, "three parsed (%d)", it.n);
	CHECK(items_fail(&it), "one over its limit makes the sample 不合格");
	char out[1024];
	items_format(&it, out, sizeof out);
	CHECK_STR(out, "毒死蜱:0.03:mg/kg:0.5；镉:0.15:mg/kg；甲胺磷:未检出:mg/kg", "canonical list");
	CHECK(parse("番茄", "蔬菜", out) && it.n == 3, "the canonical list parses again");
	CHECK(parse("番茄", "蔬菜", "镉:0.01; 汞:0.001") && !items_fail(&it), "all within: 合格");
	item_describe(&it.v[0], out, sizeof out);
	CHECK(strstr(out, "镉") && strstr(out, "0.01 mg/kg") && strstr(out, "合格"), "described: %s", out);

	/* The record: sample_judge follows its items. */
	sample s;
	sample_init(&s);
	sample_set(&s, SF_KIND, "例行监测");
	sample_set(&s, SF_PRODUCT, "番茄");
	sample_set(&s, SF_CATEGORY, "蔬菜");
	sample_set(&s, SF_ITEMS, "镉:0.01；甲胺磷:未检出");
	sample_judge(cfg, &s);
	CHECK(!s.fail, "a sample whose items all pass is 合格");
	sample_set(&s, SF_ITEMS, "镉:0.01；甲胺磷:0.02");
	sample_judge(cfg, &s);
	CHECK(s.fail, "a sample with a banned substance detected is 不合格");
	CHECK_STR(sample_verdict_text(&s), "不合格", "in the trade's words");
	sample_free(&s);
}

/* 酶抑制法 or 胶体金 (issue 13): the method by the category when not
 * given, refused for 畜禽产品 and 水产品 (GB/T 5009.199 covers vegetables
 * and fruit), each method with its own result fields. */
static sample_error method_err;
static bool rapid_ok(const form_def *f, const char *product, const char *method, const char *inh, const char *item,
                     const char *strip, sample *s)
{
	sample_init(s);
	sample_set(s, SF_DATE, "2026-06-01");
	sample_set(s, SF_TOWN, "侣俸镇");
	sample_set(s, SF_KIND, "定性检测");
	sample_set(s, SF_PRODUCT, product);
	sample_set(s, SF_STAGE, "农贸市场");
	sample_set(s, SF_SAMPLERS, "张三");
	sample_set(s, SF_METHOD, method);
	sample_set(s, SF_INHIBITION, inh);
	sample_set(s, SF_STRIP_ITEM, item);
	sample_set(s, SF_STRIP, strip);
	return sample_validate(cfg, f, s, &method_err);
}

static void test_methods(void)
{
	char e[512] = "";
	form_def *f = form_load("forms/sample.ini", sample_keys, e, sizeof e);
	CHECK(f != NULL, "the sample form loads (%s)", e);
	if (!f)
		return;
	sample s;
	CHECK(rapid_ok(f, "豇豆", "", "35", "", "", &s) && strcmp(s.v[SF_METHOD], "酶抑制法") == 0 && !s.fail,
	      "a vegetable defaults to 酶抑制法 (%s)", method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "猪肉", "", "35", "", "", &s) && method_err.field == SF_METHOD && strstr(method_err.msg, "酶抑制法"),
	      "an inhibition on 猪肉 is refused: %s", method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "草鱼", "酶抑制法", "35", "", "", &s), "酶抑制法 named for a fish is refused: %s", method_err.msg);
	sample_free(&s);
	CHECK(rapid_ok(f, "猪肉", "", "", "克伦特罗", "阳性", &s) && strcmp(s.v[SF_METHOD], "胶体金") == 0 && s.fail,
	      "a 胶体金 strip 阳性 for 克伦特罗 in 猪肉 is 阳性 (%s)", method_err.msg);
	CHECK_STR(sample_verdict_text(&s), "阳性", "in the trade's words");
	sample_free(&s);
	CHECK(rapid_ok(f, "草鱼", "", "", "孔雀石绿", "阴性", &s) && !s.fail, "a strip 阴性 is 阴性 (%s)", method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "草鱼", "胶体金", "", "", "阴性", &s) && method_err.field == SF_STRIP_ITEM,
	      "a strip needs its item: %s", method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "猪肉", "胶体金", "", "克伦特罗", "", &s) && method_err.field == SF_STRIP,
	      "a strip needs its result: %s", method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "豇豆", "胶体金", "35", "克伦特罗", "阴性", &s) && method_err.field == SF_INHIBITION,
	      "an inhibition on a strip test is refused: %s", method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "豇豆", "酶抑制法", "35", "克伦特罗", "阴性", &s) && method_err.field == SF_STRIP,
	      "strip fields on an enzyme test are refused: %s", method_err.msg);
	sample_free(&s);
	CHECK(sample_enzyme_note("韭菜") != NULL && sample_enzyme_note("豇豆") == NULL,
	      "韭菜 carries GB/T 5009.199's false-positive note, 豇豆 not");
	CHECK(sample_enzyme_note("洋葱") && sample_enzyme_note("胡萝卜") && sample_enzyme_note("茭白"),
	      "洋葱, 胡萝卜, 茭白: the note's plants by a part of the name");
	CHECK(sample_enzyme_note("香菇") && sample_enzyme_note("金针菇"), "the note's 蘑菇: 香菇 and 金针菇 too");
	const product_def *mush = config_product(cfg, "香菇");
	CHECK(mush && strcmp(mush->category, "食用菌") == 0, "香菇 is 食用菌 in the products list (%s)",
	      mush ? mush->category : "missing");
	CHECK_STR(sample_default_method("畜禽产品"), "胶体金", "畜禽产品 default to 胶体金");
	CHECK_STR(sample_default_method("水产品"), "胶体金", "水产品 default to 胶体金");
	CHECK_STR(sample_default_method("蔬菜"), "酶抑制法", "蔬菜 default to 酶抑制法");
	CHECK(!rapid_ok(f, "猪肉", "", "", "", "", &s) && method_err.field == SF_STRIP_ITEM &&
	      strcmp(s.v[SF_METHOD], "胶体金") == 0, "猪肉 with no result: 胶体金 by its category, the item asked for: %s",
	      method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "豇豆", "酶抑制法", "35", "", "阳性", &s) && method_err.field == SF_STRIP &&
	      strstr(method_err.msg, "酶抑制法"), "a strip result alone on an enzyme test: refused, not dropped: %s",
	      method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "豇豆", "金标", "", "", "", &s) && method_err.field == SF_METHOD,
	      "an unknown method is refused: %s", method_err.msg);
	sample_free(&s);
	CHECK(!rapid_ok(f, "豇豆", "", "", "", "", &s) && method_err.field == SF_INHIBITION &&
	      strcmp(s.v[SF_METHOD], "酶抑制法") == 0, "豇豆 with no result: 酶抑制法, the inhibition asked for: %s",
	      method_err.msg);
	sample_free(&s);
	sample_init(&s);
	sample_set(&s, SF_DATE, "2026-06-01");
	sample_set(&s, SF_TOWN, "侣俸镇");
	sample_set(&s, SF_KIND, "例行监测");
	sample_set(&s, SF_PRODUCT, "猪肉");
	sample_set(&s, SF_STAGE, "农贸市场");
	sample_set(&s, SF_SAMPLERS, "张三");
	sample_set(&s, SF_ITEMS, "克伦特罗:未检出");
	sample_set(&s, SF_STRIP, "阴性");
	CHECK(!sample_validate(cfg, f, &s, &method_err) && method_err.field == SF_STRIP,
	      "a strip result on a quantitative sample: refused: %s", method_err.msg);
	sample_free(&s);
	form_free(f);
}

/* 农业投入品: labelled vs measured active ingredient (%), the admin's
 * tolerance per type, and 隐性成分. No tolerance is shipped. */
static void test_inputs(void)
{
	CHECK(config_tolerance(cfg, "农药") && !*config_tolerance(cfg, "农药"), "no tolerance is shipped for 农药");
	CHECK(config_tolerance(cfg, "蔬菜") == NULL, "蔬菜 is not an input type");
	CHECK(!parse("毒死蜱乳油", "农药", "毒死蜱:8.1:%:10"), "unset tolerance: no verdict is made");
	CHECK(strstr(err, "尚未设定") && strstr(err, "tolerance.pesticide"), "saying which rule to set: %s", err);
	snprintf(cfg->tolerance[0], sizeof cfg->tolerance[0], "0.5");
	CHECK(parse("毒死蜱乳油", "农药", "毒死蜱:9.5:%:10") && !it.v[0].fail, "at labelled − tolerance (9.5): 合格 (%s)", err);
	CHECK_STR(it.v[0].limit_from, "label", "the limit column is the labelled content");
	CHECK(parse("毒死蜱乳油", "农药", "毒死蜱:9.49:%:10") && it.v[0].fail && strcmp(it.v[0].reason, "含量不足") == 0,
	      "just below (9.49): 不合格 (含量不足)");
	CHECK(parse("毒死蜱乳油", "农药", "毒死蜱:8.1:%:10") && it.v[0].fail, "well below (8.1 against 10): 不合格");
	CHECK(parse("毒死蜱乳油", "农药", "毒死蜱:10.2:%:10") && !it.v[0].fail, "above the label: 合格");
	CHECK(parse("毒死蜱乳油", "农药", "毒死蜱:未检出:%:10") && it.v[0].fail && strcmp(it.v[0].reason, "含量不足") == 0,
	      "a declared ingredient not found: 不合格 (含量不足)");
	snprintf(cfg->tolerance[0], sizeof cfg->tolerance[0], "0.1");
	CHECK(parse("x", "农药", "吡虫啉:0.7:%:0.8") && !it.v[0].fail, "0.7 + 0.1 is exactly 0.8 (no double rounding)");
	snprintf(cfg->tolerance[0], sizeof cfg->tolerance[0], "12.5");
	CHECK(parse("x", "农药", "吡虫啉:99.5:%:112") && !it.v[0].fail, "99.5 + 12.5 carries to 112: 合格");
	CHECK(parse("x", "农药", "吡虫啉:99.4:%:112") && it.v[0].fail, "99.4 + 12.5 < 112: 不合格");
	snprintf(cfg->tolerance[0], sizeof cfg->tolerance[0], "0.5");
	CHECK(parse("毒死蜱乳油", "农药", "毒死蜱:10:%:10；甲胺磷:0.3") && it.n == 2 && !it.v[0].fail && it.v[1].fail &&
	          strcmp(it.v[1].reason, "隐性成分") == 0,
	      "an undeclared banned ingredient detected: 不合格 (隐性成分) (%s)", err);
	CHECK(items_fail(&it), "and so the sample");
	CHECK(parse("x", "农药", "甲胺磷:未检出") && !it.v[0].fail, "an undeclared banned ingredient not found: 合格");
	CHECK(parse("x", "农药", "甲胺磷:5:%:5") && it.v[0].fail && strcmp(it.v[0].reason, "检出禁用成分") == 0,
	      "a declared banned ingredient: 不合格 (检出禁用成分)");
	CHECK(parse("x", "农药", "吡虫啉:0.2") && !it.v[0].fail, "an undeclared ingredient not banned is recorded, no verdict");
	CHECK(!parse("x", "农药", "毒死蜱:8.1:mg/kg:10"), "a content in mg/kg is refused (inputs are in %%)");
	CHECK(!parse("x", "农药", "毒死蜱:8.1:%:abc"), "a labelled content that is no number is refused");
	CHECK(!parse("复合肥", "肥料", "总养分:40:%:45"), "肥料 has its own tolerance, still unset");
	CHECK(strstr(err, "tolerance.fertilizer"), "naming it: %s", err);
	char line[512];
	CHECK(parse("毒死蜱乳油", "农药", "毒死蜱:8.1:%:10"), "parses");
	items_format(&it, line, sizeof line);
	CHECK_STR(line, "毒死蜱:8.1:%:10", "the canonical form keeps the labelled content");
	item_describe(&it.v[0], line, sizeof line);
	CHECK(strstr(line, "标明含量 10 %") && strstr(line, "含量不足"), "described in the trade's words: %s", line);
	cfg->tolerance[0][0] = '\0';
}

int main(void)
{
	check_init();
	char e[512];
	cfg = config_load("conf/nongjian.ini", e, sizeof e);
	CHECK(cfg != NULL, "conf/nongjian.ini loads with its limits and banned list (%s)", cfg ? "" : e);
	if (!cfg)
		return check_done();
	CHECK(cfg->nlimits > 0 && cfg->nbanned > 0, "limits (%d) and banned (%d) are read", cfg->nlimits, cfg->nbanned);
	test_decimals();
	test_limits_table();
	test_typed_and_missing();
	test_banned();
	test_lists();
	test_methods();
	test_inputs();
	items_free(&it);
	config_free(cfg);
	return check_done();
}
