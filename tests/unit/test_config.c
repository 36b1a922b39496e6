/* The configuration and its town/product lists. Run from the repository
 * root (tests/run.sh does so): the shipped conf/ files are read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/config.h"
#include "base/dates.h"
#include "base/kinds.h"

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static void test_shipped(void)
{
	char err[1024] = "";
	config *c = config_load("conf/nongjian.ini", err, sizeof err);
	CHECK(c != NULL, "conf/nongjian.ini loads: %s", c ? "" : err);
	if (!c)
		return;
	CHECK_STR(c->conf_path, "conf/nongjian.ini", "conf_path");
	CHECK_STR(c->district_name, "铜梁区", "district name");
	CHECK_STR(c->district_code, "500151", "district code");
	CHECK_STR(c->prefix, "TL", "prefix");
	CHECK(c->positive == 50 && c->warn == 40, "thresholds 50/40 (%g/%g)", c->positive, c->warn);
	CHECK(c->busy_timeout_ms == 10000, "busy timeout 10000 ms");
	CHECK(c->year == 2026, "year 0 resolves to this year from NONGJIAN_TODAY (%d)", c->year);
	CHECK_STR(c->number_format, "{prefix}{year}-{town}-{seq}", "number format");
	CHECK(c->seq_width == 4, "seq width 4");
	CHECK_STR(c->db_path, "conf/../data/nongjian.db", "db path resolved against conf/");
	CHECK_STR(c->forms_dir, "conf/../forms", "forms dir resolved against conf/");

	CHECK(c->ntowns == 29, "29 units: the centre and 28 towns (%d)", c->ntowns);
	CHECK_STR(c->towns[0].name, "区检测中心", "the centre comes first");
	CHECK_STR(c->towns[0].short_name, "区中心", "the centre's short name");
	CHECK_STR(c->towns[0].kind, "检测中心", "the centre's kind");
	CHECK_STR(c->towns[0].code, "", "the centre has no division code");
	CHECK_STR(c->towns[1].name, "巴川街道", "first town in file order");
	CHECK_STR(c->towns[1].short_name, "巴川", "巴川街道 -> 巴川");
	CHECK_STR(c->towns[1].kind, "街道", "巴川街道 is a 街道");
	int codes_ok = 0;
	for (int i = 1; i < c->ntowns; i++)
		codes_ok += strlen(c->towns[i].code) == 12 && strncmp(c->towns[i].code, "500151", 6) == 0;
	CHECK(codes_ok == 28, "all 28 towns have 12-digit codes under 500151 (%d)", codes_ok);
	const town_def *t = config_town(c, "侣俸镇");
	CHECK(t != NULL, "侣俸镇 is configured");
	if (t) {
		CHECK_STR(t->short_name, "侣俸", "侣俸镇 short name");
		CHECK_STR(t->kind, "镇", "侣俸镇 kind");
	}
	CHECK(config_town(c, "侣俸") == t, "config_town finds 侣俸镇 by its short name");
	CHECK(config_town(c, "土桥") == config_town(c, "土桥镇") && config_town(c, "土桥") != NULL,
	      "土桥 and 土桥镇 are the same town");
	CHECK(config_town(c, "区中心") == &c->towns[0], "the centre by its short name");
	CHECK(config_town(c, "织篢镇") == NULL, "a Yangxi town is not in Tongliang");
	CHECK(config_town(c, "") == NULL, "an empty name is no town");
	CHECK(config_town(c, "侣") == NULL, "a partial name is not a town");

	CHECK(c->nproducts == 76, "76 products, with 莲藕 大米 荔枝 蚝 (%d)", c->nproducts);
	const product_def *p = config_product(c, "豇豆");
	CHECK(p && strcmp(p->category, "蔬菜") == 0, "豇豆 -> 蔬菜");
	CHECK(config_product(c, "不存在的产品") == NULL, "unknown product gives NULL");
	int cats_ok = 0;
	for (int i = 0; i < c->nproducts; i++)
		cats_ok += c->products[i].name[0] && c->products[i].category[0];
	CHECK(cats_ok == c->nproducts, "every product has a name and a category");

	/* Yearly targets ([targets]). */
	CHECK(c->rapid_default == 600 && c->rapid_key == 800, "rapid targets 600/800");
	CHECK(c->supervisory == 121 && c->routine == 605 && c->inputs == 20 && c->pass_goal == 98,
	      "district targets 121/605/20, pass goal 98");
	CHECK(c->nkey_units == 7 && strcmp(c->key_units[0], "区检测中心") == 0, "7 key units, the centre first");
	CHECK(config_default_target(c, "侣俸镇", KIND_RAPID) == 800, "侣俸镇 is a key town: 800 rapid tests");
	CHECK(config_default_target(c, "巴川街道", KIND_RAPID) == 600, "巴川街道: 600 rapid tests");
	CHECK(config_default_target(c, "区检测中心", KIND_RAPID) == 800, "the centre: 800 rapid tests");
	CHECK(config_default_target(c, "区检测中心", KIND_SUPERVISORY) == 121 &&
	      config_default_target(c, "区检测中心", KIND_ROUTINE) == 605 &&
	      config_default_target(c, "区检测中心", KIND_INPUTS) == 20,
	      "quantitative targets belong to the centre");
	CHECK(config_default_target(c, "侣俸镇", KIND_SUPERVISORY) == 0 &&
	      config_default_target(c, "侣俸镇", KIND_ROUTINE) == 0,
	      "towns have no quantitative targets");
	config_free(c);

	c = config_load("conf/yangxi.ini", err, sizeof err);
	CHECK(c != NULL, "conf/yangxi.ini loads: %s", c ? "" : err);
	if (!c)
		return;
	CHECK_STR(c->district_name, "阳西县", "Yangxi district name");
	CHECK_STR(c->prefix, "YX", "Yangxi prefix");
	CHECK_STR(c->towns[0].name, "县检测中心", "Yangxi centre first");
	CHECK(c->ntowns == 9, "Yangxi: centre + 8 towns (%d)", c->ntowns);
	t = config_town(c, "织篢镇");
	CHECK(t != NULL, "织篢镇 (U+7BE2) is configured");
	if (t) {
		CHECK_STR(t->short_name, "织篢", "织篢镇 short name");
		CHECK_STR(t->code, "441721100000", "织篢镇 code");
	}
	CHECK(config_town(c, "织篢") == t, "织篢 finds 织篢镇");
	config_free(c);
	config_free(NULL); /* allowed */
}

static void test_short_name(void)
{
	char out[64];
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"土桥镇", "土桥"}, {"巴川街道", "巴川"}, {"侣俸镇", "侣俸"}, {"织篢镇", "织篢"},
		{"某某乡", "某某"}, {"区检测中心", "区检测中心"}, {"镇", "镇"}, {"街道", "街道"},
		{"", ""}, {"镇街道", "镇"}, {"乡镇", "乡"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		config_short_name(cases[i].in, out, sizeof out);
		CHECK(strcmp(out, cases[i].want) == 0, "config_short_name(\"%s\") = \"%s\" (got \"%s\")", cases[i].in,
		      cases[i].want, out);
	}
}

/* A scratch directory with a config, a towns list and a products list. */
static char dir[64];

static void put(const char *name, const char *content)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *fp = fopen(p, "w");
	if (!fp || fputs(content, fp) < 0 || fclose(fp) != 0) {
		perror(p);
		exit(2);
	}
}

static void unput(const char *name)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	remove(p);
}

#define CONF_HEAD "[database]\npath = test.db\n"
#define DISTRICT                                                                               \
	"[district]\nname = 铜梁区\ncode = 500151\nprefix = TL\ntowns = towns.csv\n"              \
	"centre = 区检测中心\ncentre_short = 区中心\n"
#define REST "[rapid]\npositive = 50\nwarn = 40\n[paths]\nproducts = products.csv\n"

/* Write conf.ini with body and load it; returns the config or NULL. */
static config *load_conf(const char *body, char *err, size_t errlen, char *path, size_t pathlen)
{
	put("conf.ini", body);
	snprintf(path, pathlen, "%s/conf.ini", dir);
	err[0] = '\0';
	return config_load(path, err, errlen);
}

static void test_bad_configs(void)
{
	char err[1024], path[256];
	strcpy(dir, "/tmp/nj_test_conf_XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	put("towns.csv", "code,name,kind\n500151001000,巴川街道,街道\n500151100000,侣俸镇,镇\n");
	put("products.csv", "\xEF\xBB\xBFname,category\n豇豆,蔬菜\n\n大米,粮油\n");

	config *c = load_conf(CONF_HEAD DISTRICT "[work]\nyear = 2025\n" REST, err, sizeof err, path, sizeof path);
	CHECK(c != NULL, "a minimal temp config loads: %s", c ? "" : err);
	if (c) {
		CHECK(c->ntowns == 3 && strcmp(c->towns[2].name, "侣俸镇") == 0, "centre + 2 towns");
		CHECK(c->nproducts == 2, "products CSV with BOM and a blank line: 2 products (%d)", c->nproducts);
		CHECK(c->year == 2025, "year = 2025 is kept");
		char want[300];
		snprintf(want, sizeof want, "%s/test.db", dir);
		CHECK_STR(c->db_path, want, "db path resolved against the config's directory");
		CHECK(c->seq_width == 4 && c->busy_timeout_ms == 10000, "defaults for seq_width and busy timeout");
		config_free(c);
	}

	c = load_conf(CONF_HEAD DISTRICT "[rapid]\npositive = 50\nwarn = 60\n[paths]\nproducts = products.csv\n",
	              err, sizeof err, path, sizeof path);
	CHECK(c == NULL, "warn > positive is refused");
	CHECK(has(err, "warn") && has(err, path) && has(err, "第 12 行") && has(err, "[rapid]"),
	      "the message names the file, line 12 and [rapid] warn: %s", err);

	c = load_conf(CONF_HEAD "[district]\ncode = 500151\nprefix = TL\ntowns = towns.csv\n"
	              "centre = 区检测中心\ncentre_short = 区中心\n" REST,
	              err, sizeof err, path, sizeof path);
	CHECK(c == NULL, "missing [district] name is refused");
	CHECK(has(err, "[district] name") && has(err, "缺失") && has(err, path),
	      "the message names the file and [district] name: %s", err);

	c = load_conf(CONF_HEAD "[district]\nname =\ncode = 500151\nprefix = TL\ntowns = towns.csv\n"
	              "centre = 区检测中心\ncentre_short = 区中心\n" REST,
	              err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "第 4 行") && has(err, "name") && has(err, "不能为空"),
	      "an empty [district] name is refused with its line: %s", err);

	c = load_conf(CONF_HEAD "[district]\nname = 铜梁区\ncode = 500151\nprefix = TL\n"
	              "towns = nosuch/towns.csv\ncentre = 区检测中心\ncentre_short = 区中心\n" REST,
	              err, sizeof err, path, sizeof path);
	char want[300];
	snprintf(want, sizeof want, "%s/nosuch/towns.csv", dir);
	CHECK(c == NULL, "a towns list that does not exist is refused");
	CHECK(has(err, want), "the message names the missing path %s: %s", want, err);

	c = load_conf(CONF_HEAD DISTRICT "[paths]\nproducts = none.csv\n", err, sizeof err, path, sizeof path);
	snprintf(want, sizeof want, "%s/none.csv", dir);
	CHECK(c == NULL && has(err, want), "a missing products list names its path: %s", err);

	c = load_conf(CONF_HEAD DISTRICT "[work]\nyear = 1999\n" REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "year") && has(err, "1999"), "year 1999 is refused: %s", err);

	c = load_conf(CONF_HEAD DISTRICT REST "[targets]\nkey_units = 侣俸| 巴川 |\n", err, sizeof err, path,
	              sizeof path);
	CHECK(c && c->nkey_units == 2 && strcmp(c->key_units[1], "巴川街道") == 0 && c->rapid_default == 600,
	      "key units by short name, stored by full name: %s", c ? "" : err);
	config_free(c);
	c = load_conf(CONF_HEAD DISTRICT REST "[targets]\nkey_units = 侣俸镇|土桥镇\n", err, sizeof err, path,
	              sizeof path);
	CHECK(c == NULL && has(err, "key_units") && has(err, "土桥镇") && has(err, path),
	      "a key unit not in the towns list is refused: %s", err);
	c = load_conf(CONF_HEAD DISTRICT REST "[targets]\nrapid_default = -5\n", err, sizeof err, path,
	              sizeof path);
	CHECK(c == NULL && has(err, "rapid_default"), "a negative target is refused: %s", err);

	c = load_conf(CONF_HEAD DISTRICT "[rapid]\npositive = abc\n", err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "positive") && has(err, "abc") && has(err, "第 11 行"),
	      "a non-numeric threshold is refused: %s", err);

	c = load_conf(CONF_HEAD DISTRICT "[rapid]\npositive = 150\n", err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "positive"), "a threshold above 100 is refused: %s", err);

	c = load_conf(CONF_HEAD DISTRICT "[numbering]\nformat = {prefix}-{town}\n" REST, err, sizeof err, path,
	              sizeof path);
	CHECK(c == NULL && has(err, "{seq}") && has(err, "format"), "a number format without {seq} is refused: %s",
	      err);

	c = load_conf(CONF_HEAD DISTRICT "[numbering]\nseq_width = 0\n" REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "seq_width"), "seq_width 0 is refused: %s", err);

	c = load_conf("[database]\nbusy_timeout_ms = 5\n" DISTRICT REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "[database] path"), "a missing database path is refused: %s", err);

	put("towns.csv", "code,name,kind\n500151001000,巴川街道,街道\n500151002000,巴川街道,街道\n");
	c = load_conf(CONF_HEAD DISTRICT REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "towns.csv") && has(err, "第 3 行") && has(err, "重复"),
	      "a duplicate town is refused with its row: %s", err);

	put("towns.csv", "code,kind\n500151001000,街道\n");
	c = load_conf(CONF_HEAD DISTRICT REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "towns.csv") && has(err, "name"), "a towns list without a name column: %s", err);

	put("towns.csv", "code,name,kind\n");
	c = load_conf(CONF_HEAD DISTRICT REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "towns.csv") && has(err, "空"), "an empty towns list is refused: %s", err);

	put("towns.csv", "code,name,kind\n500151001000,巴川\x1b[31m街道,街道\n");
	c = load_conf(CONF_HEAD DISTRICT REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "第 2 行") && has(err, "控制字符"), "a town name with ESC is refused: %s", err);

	put("towns.csv", "code,name,kind\n500151001000,\"巴川街道,街道\n");
	c = load_conf(CONF_HEAD DISTRICT REST, err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "towns.csv"), "a malformed towns CSV is refused: %s", err);

	put("towns.csv", "code,name,kind\n500151001000,巴川街道,街道\n");
	c = load_conf(CONF_HEAD "[district]\nname = 铜梁\x1b]0;x\x07区\n", err, sizeof err, path, sizeof path);
	CHECK(c == NULL && has(err, "第 4 行"), "a district name with control characters is refused: %s", err);

	unput("conf.ini");
	unput("towns.csv");
	unput("products.csv");
	CHECK(rmdir(dir) == 0, "scratch directory cleaned up");
}

static void test_locate(void)
{
	char err[512] = "";
	setenv("NONGJIAN_CONF", "/tmp/env.ini", 1);
	CHECK_STR(config_locate("/tmp/explicit.ini", err, sizeof err), "/tmp/explicit.ini",
	          "an explicit path comes first, even with $NONGJIAN_CONF set");
	CHECK_STR(config_locate(NULL, err, sizeof err), "/tmp/env.ini", "then $NONGJIAN_CONF");
	setenv("NONGJIAN_CONF", "", 1);
	CHECK_STR(config_locate(NULL, err, sizeof err), "conf/nongjian.ini",
	          "an empty $NONGJIAN_CONF is skipped: ./conf/nongjian.ini");
	unsetenv("NONGJIAN_CONF");
	CHECK_STR(config_locate(NULL, err, sizeof err), "conf/nongjian.ini", "then ./conf/nongjian.ini");

	/* From a directory without conf/: /etc/nongjian or nothing. */
	char cwd[4096], tmp[64] = "/tmp/nj_test_locate_XXXXXX";
	if (!getcwd(cwd, sizeof cwd) || !mkdtemp(tmp) || chdir(tmp) != 0) {
		perror("locate setup");
		exit(2);
	}
	const char *p = config_locate(NULL, err, sizeof err);
	if (access("/etc/nongjian/nongjian.ini", R_OK) == 0)
		CHECK(p && strcmp(p, "/etc/nongjian/nongjian.ini") == 0, "without ./conf: /etc/nongjian/nongjian.ini");
	else
		CHECK(p == NULL && has(err, "--config") && has(err, "NONGJIAN_CONF"),
		      "nothing found: NULL with advice: %s", err);
	if (chdir(cwd) != 0 || rmdir(tmp) != 0) {
		perror("locate teardown");
		exit(2);
	}
}

/* The bulletin's header rules: district.kind (its default from the
 * name), bulletin.issuer (its default the district), bulletin.period. */
static void test_bulletin_rules(void)
{
	char err[1024] = "";
	config *c = config_load("conf/nongjian.ini", err, sizeof err);
	ini *f = ini_open("conf/nongjian.ini", "配置文件", err, sizeof err);
	CHECK(c && f, "loads: %s", err);
	if (!c || !f) {
		config_free(c);
		ini_close(f);
		return;
	}
	CHECK_STR(c->district_kind, "区", "铜梁区 is a 区");
	CHECK_STR(c->bulletin_issuer, "铜梁区农业农村委员会", "the shipped issuer");
	CHECK(!c->bulletin_last_quarter, "the shipped period is the quarter so far");
	ini_set(f, "district", "kind", "");
	ini_set(f, "bulletin", "issuer", "");
	ini_set(f, "district", "name", "阳西县");
	CHECK(config_rules(c, f, err, sizeof err), "rules without kind and issuer: %s", err);
	CHECK_STR(c->district_kind, "县", "阳西县 without a kind is a 县 (its name's last character)");
	CHECK_STR(c->bulletin_issuer, "阳西县", "without an issuer the district issues it");
	ini_set(f, "district", "name", "某某");
	CHECK(config_rules(c, f, err, sizeof err) && strcmp(c->district_kind, "县") == 0,
	      "a name ending in none of 县区市旗: 县");
	ini_set(f, "district", "kind", "区县");
	CHECK(!config_rules(c, f, err, sizeof err) && has(err, "辖区类别应为 县、区、市 或 旗") && has(err, "kind"),
	      "a kind of two words refused, naming the key: %s", err);
	ini_set(f, "district", "kind", "市");
	ini_set(f, "bulletin", "period", "last");
	CHECK(config_rules(c, f, err, sizeof err) && strcmp(c->district_kind, "市") == 0 && c->bulletin_last_quarter,
	      "kind 市 and period last: %s", err);
	ini_set(f, "bulletin", "period", "previous");
	CHECK(!config_rules(c, f, err, sizeof err) && has(err, "current") && has(err, "last"),
	      "an unknown period refused: %s", err);
	ini_set(f, "bulletin", "period", "current");
	ini_set(f, "bulletin", "issuer", "铜梁区农业农村委员会铜梁区农业农村委员会铜梁区农业农村委员会铜梁区农业农村委员会");
	CHECK(!config_rules(c, f, err, sizeof err) && has(err, "最多 30 个汉字"), "a 40-character issuer refused: %s", err);
	ini_set(f, "bulletin", "issuer", "监管\x1b]0;x\x07科");
	CHECK(!config_rules(c, f, err, sizeof err), "an issuer with a terminal escape refused: %s", err);
	ini_close(f);
	config_free(c);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	test_shipped();
	test_short_name();
	test_bad_configs();
	test_locate();
	test_bulletin_rules();
	return check_done();
}
