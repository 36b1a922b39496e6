/* Quota arithmetic and figures: pace, gap and projection on leap and
 * ordinary years, the first and last day, dates outside the year, zero
 * targets, the shipped 18,800 total, voided records not counted, follow-up,
 * targets per year, and the CSV table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "store/db.h"
#include "quota/quota.h"
#include "quota/quota_print.h"
#include "quota/report.h"
#include "sample/followup.h"
#include "sample/sample.h"
#include "store/units.h"
#include "transfer/export.h"

static config *cfg;
static form_def *form;

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void test_share(void)
{
	CHECK(near(quota_share(2024, (ymd){2024, 1, 1}), 1.0 / 366), "1 Jan of leap 2024 is 1/366");
	CHECK(near(quota_share(2026, (ymd){2026, 1, 1}), 1.0 / 365), "1 Jan of 2026 is 1/365");
	CHECK(near(quota_share(2024, (ymd){2024, 12, 31}), 1.0), "31 Dec of a leap year is the whole year");
	CHECK(near(quota_share(2026, (ymd){2026, 12, 31}), 1.0), "31 Dec of 2026 is the whole year");
	CHECK(near(quota_share(2024, (ymd){2024, 2, 29}), 60.0 / 366), "29 Feb 2024 is day 60 of 366");
	CHECK(near(quota_share(2026, (ymd){2026, 3, 1}), 60.0 / 365), "1 Mar 2026 is day 60 of 365");
	CHECK(near(quota_share(2026, (ymd){2025, 12, 31}), 0.0), "a date before the year: nothing elapsed");
	CHECK(near(quota_share(2026, (ymd){2027, 1, 1}), 1.0), "a date after the year: all elapsed");
}

static void test_derive(void)
{
	quota_row r = {.target = 800, .done = 400, .positives = 8};
	quota_derive(&r, 0.5);
	CHECK(near(r.pct, 50.0), "400 of 800 is 50%%");
	CHECK(near(r.expected, 400.0), "half a year of 800 is 400 expected");
	CHECK(near(r.gap, 0.0), "on pace: gap 0");
	CHECK(near(r.projection, 800.0), "projection at the current rate: 800");
	CHECK(near(r.pass_rate, 98.0), "8 positives in 400: pass rate 98%%");

	quota_row z = {.target = 0, .done = 0};
	quota_derive(&z, 0.5);
	CHECK(z.pct == 0.0 && z.expected == 0.0 && z.gap == 0.0, "zero target, nothing done: all zero, no division by zero");
	CHECK(z.pass_rate < 0, "no tests: pass rate unknown (-1), not 100%%");

	quota_row zt = {.target = 0, .done = 5};
	quota_derive(&zt, 0.25);
	CHECK(zt.pct == 0.0 && near(zt.gap, 5.0) && near(zt.projection, 20.0),
	      "zero target with tests: gap is what was done, projection 20");

	quota_row early = {.target = 600, .done = 3};
	quota_derive(&early, 0.0);
	CHECK(early.projection == 0.0 && near(early.gap, 3.0), "before the year starts: no projection, no expectation");

	quota_row behind = {.target = 600, .done = 100};
	quota_derive(&behind, 1.0);
	CHECK(near(behind.gap, -500.0) && near(behind.projection, 100.0), "year over: gap -500, projection = done");
}

static db_conn *fresh_db(void)
{
	char err[512];
	db_conn *db = test_db_open(1000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "db: %s\n", err);
		exit(2);
	}
	return db;
}

static long long add(db_conn *db, const char *town, const char *date, const char *inhibition,
                     const char *category)
{
	sample s;
	sample_init(&s);
	sample_set(&s, SF_DATE, date);
	sample_set(&s, SF_TOWN, town);
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_PRODUCT, strcmp(category, "水果") == 0 ? "苹果" : "豇豆");
	sample_set(&s, SF_STAGE, "农贸市场");
	sample_set(&s, SF_SAMPLERS, "张三");
	sample_set(&s, SF_INHIBITION, inhibition);
	sample_error e;
	bool ok = sample_insert(db, cfg, form, &s, USER_AS("tester"), &e);
	if (!ok)
		printf("# insert failed: %s\n", e.msg);
	long long id = s.id;
	sample_free(&s);
	return ok ? id : 0;
}

static const quota_row *find(const quota_report *r, const char *unit, int kind)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->rows[i].unit, unit) == 0 && r->rows[i].kind == kind)
			return &r->rows[i];
	return NULL;
}

static void test_targets(void)
{
	db_conn *db = fresh_db();
	char err[512];
	CHECK(quota_ensure_targets(db, cfg, 2026, USER_AS("admin"), err, sizeof err), "targets for 2026 created: %s", err);
	quota_report r;
	CHECK(quota_compute(db, cfg, 2026, (ymd){2026, 6, 30}, &r, err, sizeof err), "compute: %s", err);
	CHECK(r.totals[KIND_RAPID].target == 18800, "rapid targets add up to 18,800 (got %ld)", r.totals[KIND_RAPID].target);
	CHECK(r.totals[KIND_SUPERVISORY].target == 121 && r.totals[KIND_ROUTINE].target == 605 &&
	      r.totals[KIND_INPUTS].target == 20, "quantitative 121 + 605 + 20");
	CHECK(r.totals[KIND_SUPERVISORY].target + r.totals[KIND_ROUTINE].target + r.totals[KIND_INPUTS].target == 746,
	      "quantitative total 746");
	const quota_row *lf = find(&r, "侣俸镇", KIND_RAPID), *bc = find(&r, "巴川街道", KIND_RAPID);
	CHECK(lf && lf->target == 800, "侣俸镇 is a key town: 800");
	CHECK(bc && bc->target == 600, "巴川街道: 600");
	CHECK(find(&r, "区检测中心", KIND_RAPID) && find(&r, "区检测中心", KIND_RAPID)->target == 800, "the centre: 800");
	CHECK(find(&r, "侣俸镇", KIND_ROUTINE) == NULL, "a town has no quantitative row when it has no target nor tests");
	int rapid_rows = 0;
	for (int i = 0; i < r.n; i++)
		rapid_rows += r.rows[i].kind == KIND_RAPID;
	CHECK(rapid_rows == 29, "29 units with a rapid-test row (got %d)", rapid_rows);
	quota_free(&r);

	/* An admin changes one unit's 2027 target; 2026 keeps its own. */
	CHECK(quota_set_target(db, cfg, 2027, "侣俸", KIND_RAPID, 900, USER_AS("admin"), err, sizeof err), "set 2027 target: %s", err);
	CHECK(!quota_set_target(db, cfg, 2027, "北京", KIND_RAPID, 900, USER_AS("admin"), err, sizeof err) && strstr(err, "未知单位"),
	      "unknown unit refused: %s", err);
	CHECK(!quota_set_target(db, cfg, 2027, "侣俸镇", KIND_RAPID, -1, USER_AS("admin"), err, sizeof err), "negative target refused");
	quota_compute(db, cfg, 2027, (ymd){2027, 1, 1}, &r, err, sizeof err);
	CHECK(find(&r, "侣俸镇", KIND_RAPID)->target == 900 && r.totals[KIND_RAPID].target == 18900,
	      "2027: 侣俸镇 900, total 18,900");
	quota_free(&r);
	quota_compute(db, cfg, 2026, (ymd){2026, 1, 1}, &r, err, sizeof err);
	CHECK(find(&r, "侣俸镇", KIND_RAPID)->target == 800, "2026 keeps 800");
	quota_free(&r);
	/* Ensuring again keeps the changed value. */
	quota_ensure_targets(db, cfg, 2027, USER_AS("admin"), err, sizeof err);
	quota_compute(db, cfg, 2027, (ymd){2027, 1, 1}, &r, err, sizeof err);
	CHECK(find(&r, "侣俸镇", KIND_RAPID)->target == 900, "ensure_targets does not reset a changed target");
	quota_free(&r);
	test_db_close(db);
}

static void test_figures(void)
{
	db_conn *db = fresh_db();
	char err[512];
	quota_ensure_targets(db, cfg, 2026, USER_AS("admin"), err, sizeof err);
	long long fail1 = add(db, "侣俸镇", "2026-01-15", "55", "蔬菜");
	add(db, "侣俸镇", "2026-02-20", "20", "蔬菜");
	add(db, "侣俸镇", "2026-04-10", "45", "水果");
	long long voided = add(db, "侣俸镇", "2026-05-01", "70", "蔬菜");
	add(db, "侣俸镇", "2026-06-30", "80", "水果");
	add(db, "侣俸镇", "2026-07-01", "10", "蔬菜"); /* after the as-of date below */
	add(db, "土桥镇", "2026-03-03", "5", "蔬菜");
	CHECK(sample_void(db, voided, 1, "录入错误", USER_AS("tester"), err, sizeof err), "void one: %s", err);
	followup_input block = {.step = "禁止上市", .date = "2026-01-16", .note = "已通知禁止上市"};
	CHECK(followup_add(db, cfg, fail1, &block, USER_AS("tester"), NULL, err, sizeof err),
	      "follow-up of a failed sample: %s", err);
	followup_input retest = {.step = "复检", .date = "2026-02-21", .value = "阴性"};
	CHECK(!followup_add(db, cfg, fail1 + 1, &retest, USER_AS("tester"), NULL, err, sizeof err),
	      "a passed sample needs no follow-up: %s", err);
	retest.date = "2026-13-01";
	CHECK(!followup_add(db, cfg, fail1, &retest, USER_AS("tester"), NULL, err, sizeof err), "bad date refused");

	quota_report r;
	ymd as_of = {2026, 6, 30};
	CHECK(quota_compute(db, cfg, 2026, as_of, &r, err, sizeof err), "compute: %s", err);
	const quota_row *lf = find(&r, "侣俸镇", KIND_RAPID);
	CHECK(lf && lf->done == 4, "voided and later records not counted: 4 done (got %ld)", lf ? lf->done : -1);
	CHECK(lf && lf->positives == 2, "2 positives (55 and 80), the voided 70 not counted");
	CHECK(lf && lf->open_positives == 1, "1 positive without follow-up");
	double share = 181.0 / 365;
	CHECK(lf && near(lf->expected, 800 * share), "expected = 800 × 181/365");
	CHECK(lf && near(lf->gap, 4 - 800 * share), "gap = done − expected");
	CHECK(lf && near(lf->projection, 4 / share), "projection = done / share");
	CHECK(lf && near(lf->pass_rate, 50.0), "pass rate 2 of 4 = 50%%");
	CHECK(r.rows[0].kind == KIND_RAPID && r.rows[0].gap <= r.rows[1].gap, "worst first");
	CHECK(r.totals[KIND_RAPID].done == 5 && r.totals[KIND_RAPID].positives == 2, "district total 5 done, 2 positive");

	quota_part parts[16];
	int n = quota_breakdown(db, 2026, as_of, lf->unit_id, KIND_RAPID, QB_MONTH, "", parts, 16, err, sizeof err);
	CHECK(n == 4 && strcmp(parts[0].label, "1月") == 0 && strcmp(parts[3].label, "6月") == 0,
	      "months: 1,2,4,6 (got %d)", n);
	n = quota_breakdown(db, 2026, as_of, lf->unit_id, KIND_RAPID, QB_CATEGORY, "", parts, 16, err, sizeof err);
	CHECK(n == 2 && parts[0].done == 2 && parts[1].done == 2, "two categories of 2 each");
	n = quota_breakdown(db, 2026, as_of, 0, KIND_RAPID, QB_QUARTER, "", parts, 16, err, sizeof err);
	CHECK(n == 2 && parts[0].done == 3 && parts[1].done == 2, "district quarters: Q1 3, Q2 2");

	/* A date before any sample. */
	quota_report early;
	quota_compute(db, cfg, 2026, (ymd){2026, 1, 1}, &early, err, sizeof err);
	CHECK(find(&early, "侣俸镇", KIND_RAPID)->done == 0 && early.totals[KIND_RAPID].done == 0,
	      "1 January: nothing done yet");
	quota_free(&early);

	/* The CSV table. */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	sheet *sh = sheet_csv(mem);
	CHECK(export_quota(&r, "铜梁区", sh, err, sizeof err) && sheet_close(sh, err, sizeof err), "quota CSV written");
	fclose(mem);
	static const char head[] = "\xEF\xBB\xBF单位,检测类别,目标,完成,完成率,应完成,差额,预计全年,阳性,合格率\r\n";
	CHECK(strncmp(buf, head, strlen(head)) == 0, "CSV: BOM, exact header, CRLF");
	char want[256];
	snprintf(want, sizeof want, "\n侣俸镇,定性检测,800,4,0.5%%,%.0f,%.0f,%.0f,2,50.0%%\r\n", 800 * share,
	         4 - 800 * share, 4 / share);
	CHECK(strstr(buf, want) != NULL, "CSV row for 侣俸镇: %s", want + 1);
	bool crlf = true;
	for (char *p = buf; *p; p++)
		crlf = crlf && (*p != '\n' || (p > buf && p[-1] == '\r'));
	CHECK(crlf, "every CSV line ends in CRLF");
	CHECK(strstr(buf, "\n合计,定性检测,18800,5,") != NULL, "CSV total row for rapid tests");
	CHECK(strstr(buf, "\n合计,农业投入品,20,0,0.0%,") != NULL, "a total row for every kind");
	int lines = 0;
	for (char *p = buf; *p; p++)
		lines += *p == '\n';
	CHECK(lines == 1 + r.n + KIND_COUNT, "one line per unit row and kind total plus the header (%d)", lines);
	free(buf);

	/* The bulletin names a town behind pace and the positives by category. */
	buf = NULL;
	mem = open_memstream(&buf, &len);
	setenv("NONGJIAN_TODAY", "2026-06-30", 1);
	CHECK(report_quarter(db, cfg, 2026, 2, mem, err, sizeof err), "bulletin: %s", err);
	fclose(mem);
	CHECK(strstr(buf, "2026 年第 2 季度") != NULL, "bulletin title names the quarter");
	CHECK(strstr(buf, "三、进度落后的单位") && strstr(buf, "侣俸镇 (差"), "bulletin names 侣俸镇 as behind");
	CHECK(strstr(buf, "按产品类别: 水果 1 个") != NULL, "Q2 positives by category: 水果 1");
	CHECK(strstr(buf, "尚未处置的不合格样品 1 个") != NULL, "open positives in the bulletin");
	CHECK(!report_quarter(db, cfg, 2026, 3, stdout, err, sizeof err), "a quarter not yet started is refused");
	free(buf);
	quota_free(&r);
	test_db_close(db);
}

/* Quotas count by 检测单位, not by 抽样地点 (issue 13): the centre's
 * 例行监测 taken in 土桥镇 is one of the centre's 605 and nothing of 土桥镇;
 * a 土桥镇 rapid test counts for 土桥镇 whatever the centre does there. */
static void test_by_testing_unit(void)
{
	char err[512];
	db_conn *db = fresh_db();
	CHECK(quota_ensure_targets(db, cfg, 2026, USER_AS("admin"), err, sizeof err), "targets: %s", err);
	sample s;
	sample_init(&s);
	sample_set(&s, SF_DATE, "2026-05-01");
	sample_set(&s, SF_TOWN, "区检测中心");
	sample_set(&s, SF_SITE, "土桥镇");
	sample_set(&s, SF_KIND, "例行监测");
	sample_set(&s, SF_PRODUCT, "豇豆");
	sample_set(&s, SF_STAGE, "生产基地");
	sample_set(&s, SF_SAMPLERS, "张三、李四");
	sample_set(&s, SF_ITEM, "毒死蜱");
	sample_set(&s, SF_VALUE, "0.03");
	sample_set(&s, SF_LIMIT, "0.1");
	sample_error e;
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("admin"), &e), "the centre's 例行监测 in 土桥镇: %s", e.msg);
	sample_free(&s);
	CHECK(add(db, "土桥镇", "2026-05-02", "10", "蔬菜") > 0, "a 土桥镇 rapid test");
	quota_report r;
	CHECK(quota_compute(db, cfg, 2026, (ymd){2026, 7, 15}, &r, err, sizeof err), "compute: %s", err);
	const quota_row *centre = find(&r, "区检测中心", KIND_ROUTINE), *town = find(&r, "土桥镇", KIND_ROUTINE);
	CHECK(centre && centre->done == 1 && centre->target == 605, "counted toward the centre's 605 (done %ld)",
	      centre ? (long)centre->done : -1L);
	CHECK(!town || town->done == 0, "not toward 土桥镇's 例行监测");
	const quota_row *rt = find(&r, "土桥镇", KIND_RAPID), *rc = find(&r, "区检测中心", KIND_RAPID);
	CHECK(rt && rt->done == 1 && rc && rc->done == 0, "the rapid test counts for 土桥镇 only");
	quota_free(&r);
	test_db_close(db);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-07-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	if (!cfg || !form) {
		printf("not ok - load config and form: %s\n", err);
		return 1;
	}
	test_share();
	test_derive();
	test_targets();
	test_figures();
	test_by_testing_unit();
	form_free(form);
	config_free(cfg);
	return check_done();
}
