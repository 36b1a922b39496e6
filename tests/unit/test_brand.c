/* 农业品牌 certifications against a real database: kinds as people write
 * them, the refusals (unknown kind, a date to come, expiry before the
 * grant, another town's producer for staff, the same certificate twice)
 * saving nothing, voiding once with a reason, the database's own guards,
 * and the year's new 两品一标 per town against the admin's target in
 * coverage, the dashboard's rows and the bulletin's section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "check.h"
#include "testdb.h"
#include "inspect/brand.h"
#include "inspect/coverage.h"
#include "inspect/coverage_print.h"
#include "registry/producer.h"
#include "store/db.h"
#include "store/audit.h"
#include "store/settings.h"
#include "store/units.h"

static config *cfg;
static form_def *pform;
static db_conn *db;

static long long registered(const char *name, const char *town)
{
	producer p;
	producer_init(&p);
	producer_set(&p, PF_NAME, name);
	producer_set(&p, PF_KIND, "合作社");
	producer_set(&p, PF_TOWN, town);
	rec_error e;
	long long id = producer_insert(db, cfg, pform, &p, USER_AS("登记员"), &e) ? p.id : 0;
	if (!id)
		printf("# producer %s: %s\n", name, e.msg);
	producer_free(&p);
	return id;
}

static bool add(const char *who, const char *kind, const char *granted, const char *expires, const char *no,
                const account *as, long long *id, char *err)
{
	brand_input in = {.producer = who, .kind = kind, .granted = granted, .expires = expires, .cert_no = no,
	                  .product = "柑橘"};
	return brand_add(db, &in, as, id, err, 512);
}

static long long check_count(db_conn *d, const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(d, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

static long long brands(void)
{
	return check_count(db, "SELECT count(*) FROM producer_brands");
}

static bool bulletin(FILE *out, char *err)
{
	return coverage_bulletin(db, 2026, 2, (ymd){2026, 6, 15}, out, err, 512);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	pform = cfg ? form_load("forms/producer.ini", producer_keys, err, sizeof err) : NULL;
	db = pform ? test_db_open(10000, err, sizeof err) : NULL;
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "setup: %s\n", err);
		return 2;
	}
	registered("侣俸鑫源蔬菜合作社", "侣俸镇");
	registered("织篢渔业合作社", "侣俸镇");
	registered("土桥柑橘合作社", "土桥镇");
	const account lf = {.login = "lf", .name = "侣俸", .role = USER_STAFF, .town = "侣俸镇", .active = true};
	long long id, green;

	CHECK_STR(brand_kind("绿色") ? brand_kind("绿色") : "", "绿色食品", "绿色 is 绿色食品");
	CHECK_STR(brand_kind("地标") ? brand_kind("地标") : "", "农产品地理标志", "地标 is 农产品地理标志");
	CHECK(brand_is_two("有机农产品") && !brand_is_two("名特优新农产品"), "两品一标 are the first three kinds");
	CHECK(add("侣俸鑫源蔬菜合作社", "绿色", "2026-03-05", "2029-03-04", "LB-18-2603", &lf, &green, err),
	      "a 绿色食品 certificate: %s", err);
	CHECK(add("织篢渔业合作社", "名特优新", "4-20", NULL, NULL, &lf, &id, err), "名特优新 on 4-20: %s", err);
	CHECK(check_count(db, "SELECT count(*) FROM producer_brands WHERE granted = '2026-04-20'") == 1,
	      "the date is kept normalised");
	CHECK(add("土桥柑橘合作社", "农产品地理标志", "2026-05-10", NULL, "AGI-0001", USER_AS("县级"), &id, err),
	      "a supervisor enters 土桥镇's: %s", err);
	CHECK(add("土桥柑橘合作社", "有机", "2025-11-02", NULL, "OF-1", USER_AS("县级"), &id, err),
	      "last year's 有机: %s", err);
	long long before = brands();
	CHECK(!add("侣俸鑫源蔬菜合作社", "无公害", "2026-03-05", NULL, NULL, &lf, &id, err) && strstr(err, "不认识"),
	      "an unknown kind: %s", err);
	CHECK(!add("侣俸鑫源蔬菜合作社", "有机", "2026-07-01", NULL, NULL, &lf, &id, err) && strstr(err, "晚于今天"),
	      "a date to come: %s", err);
	CHECK(!add("侣俸鑫源蔬菜合作社", "有机", "2026-03-05", "2026-01-01", NULL, &lf, &id, err) && strstr(err, "早于"),
	      "expiry before the grant: %s", err);
	CHECK(!add("侣俸鑫源蔬菜合作社", "有机", "", NULL, NULL, &lf, &id, err) && strstr(err, "必须"), "no date: %s", err);
	CHECK(!add("土桥柑橘合作社", "有机", "2026-03-05", NULL, NULL, &lf, &id, err) && strstr(err, "土桥镇"),
	      "another town's producer (staff): %s", err);
	CHECK(!add("侣俸鑫源蔬菜合作社", "绿色食品", "2026-03-06", NULL, "LB-18-2603", &lf, &id, err) && strstr(err, "已登记"),
	      "the same certificate twice: %s", err);
	CHECK(!add("无此主体", "绿色食品", "2026-03-06", NULL, NULL, &lf, &id, err) && strstr(err, "不在主体名录"),
	      "a producer not registered: %s", err);
	CHECK(brands() == before, "nothing saved by the refusals");

	/* coverage: this year's, by town; the target is the admin's rule. */
	coverage_report r;
	CHECK(coverage_compute(db, 2026, 2, (ymd){2026, 6, 15}, &r, err, sizeof err), "coverage: %s", err);
	CHECK(r.total.brands == 2 && r.total.mtyx == 1, "2 new 两品一标 and 1 名特优新 this year (%ld, %ld)", r.total.brands,
	      r.total.mtyx);
	CHECK(r.brand_target == 0, "no target before the admin sets one");
	coverage_free(&r);
	db_tx tx;
	CHECK(db_begin(db, &tx, err, sizeof err) &&
	      audit_add(db, "admin", "settings.set", "brand.target", NULL, "20", err, sizeof err) && settings_put(db, SETTINGS_CONFIG, "brand", "target", "20", "admin", err,
	      sizeof err) && db_commit(db, &tx, err, sizeof err), "brand.target 20: %s", err);
	CHECK(coverage_compute(db, 2026, 2, (ymd){2026, 6, 15}, &r, err, sizeof err), "coverage again: %s", err);
	CHECK(r.brand_target == 20, "the target is the database's rule");
	quota_row rows[64], total;
	int n = coverage_as_quota(&r, COV_BRANDS, "", rows, 64, &total);
	CHECK(n == r.n && total.done == 2 && total.target == 20 && total.positives == 1,
	      "the dashboard's total: 2 of 20, 1 名特优新 (%ld/%ld)", total.done, total.target);
	CHECK(total.expected > 9.05 && total.expected < 9.15, "the pace by 06-15 is 20 × 166/365 (%.2f)", total.expected);
	bool town_target = false;
	for (int i = 0; i < n; i++)
		town_target = town_target || rows[i].target != 0;
	CHECK(!town_target, "a town has no target of its own");
	coverage_free(&r);

	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	bool ok = bulletin(mem, err);
	fclose(mem);
	CHECK(ok, "bulletin: %s", err);
	CHECK(buf && strstr(buf, "\n农业品牌 (两品一标: 绿色食品、有机农产品、农产品地理标志；2026 年截至 2026-06-15)\n"),
	      "the bulletin's 农业品牌 section");
	CHECK(buf && strstr(buf, "  新增两品一标 2 个，全年目标 20 个，完成 10.0%，按进度应达 9 个；新增名特优新农产品 1 个。\n"),
	      "2 of 20, the pace and 名特优新");
	CHECK(buf && strstr(buf, "  有新增的镇街 2 个 (多的在前): 侣俸镇 两品一标 1 个、名特优新 1 个；土桥镇 两品一标 1 个。\n"),
	      "the towns that added some, most first");
	if (check_failed && buf)
		printf("# bulletin was:\n%s", buf);
	free(buf);

	/* void: once, with a reason; then it no longer counts. */
	CHECK(!brand_void(db, green, " ", &lf, err, sizeof err) && strstr(err, "原因"), "a void needs its reason: %s", err);
	CHECK(brand_void(db, green, "证书编号录错", &lf, err, sizeof err), "void: %s", err);
	CHECK(!brand_void(db, green, "再次", &lf, err, sizeof err) && strstr(err, "已作废"), "not twice: %s", err);
	CHECK(!brand_void(db, 999, "误录", &lf, err, sizeof err) && strstr(err, "没有编号"), "an unknown number: %s", err);
	CHECK(coverage_compute(db, 2026, 2, (ymd){2026, 6, 15}, &r, err, sizeof err) && r.total.brands == 1,
	      "a voided one does not count (%ld)", r.total.brands);
	coverage_free(&r);
	CHECK(add("侣俸鑫源蔬菜合作社", "绿色食品", "2026-03-06", NULL, "LB-18-2603", &lf, &id, err),
	      "the voided certificate may be entered again, right: %s", err);
	CHECK(db_exec(db, "UPDATE producer_brands SET granted = '2026-01-01'") != DB_OK,
	      "an entry is never changed in place");
	CHECK(db_exec(db, "DELETE FROM producer_brands") != DB_OK, "nor deleted");
	CHECK(check_count(db, "SELECT count(*) FROM audit WHERE action IN ('brand.add', 'brand.void')") == 6,
	      "every entry and void is audited");
	test_db_close(db);
	form_free(pform);
	config_free(cfg);
	return check_done();
}
