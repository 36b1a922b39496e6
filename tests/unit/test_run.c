/* Rapid-test runs (按通道录入) against a real SQLite database: every row
 * checked and reported by channel and column, empty rows no records, one
 * transaction with consecutive numbers or nothing, the control ΔA0 once
 * per run, the questions (same producer and product twice), channels per
 * unit from the rules. Uses the shipped conf/nongjian.ini and forms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "base/ini.h"
#include "record/formdef.h"
#include "sample/run.h"
#include "sample/sample.h"
#include "store/db.h"
#include "store/units.h"

static config *cfg;
static form_def *form;

static long long count(db_conn *db, const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

static void shared(run *r, const char *town)
{
	run_set(r, SF_DATE, "2026-06-01");
	run_set(r, SF_TOWN, town);
	run_set(r, SF_KIND, "定性检测");
	run_set(r, SF_STAGE, "生产基地");
	run_set(r, SF_SAMPLERS, "张三、李四");
	run_set(r, SF_TESTER, "王五");
	run_set(r, RUN_F_INSTRUMENT, "NY-9 型 0231");
	run_set(r, RUN_F_TIME, "9:30");
	run_set(r, RUN_F_CONTROL, "０.62");
}

static void row(run *r, int i, const char *producer, const char *product, const char *inhibition)
{
	sample_set(&r->rows[i], SF_PRODUCER, producer);
	sample_set(&r->rows[i], SF_PRODUCT, product);
	sample_set(&r->rows[i], SF_STAGE, "生产基地");
	sample_set(&r->rows[i], SF_INHIBITION, inhibition);
}

static const run_problem *problem_at(const run_problems *p, int channel, int field)
{
	for (int i = 0; i < p->n; i++)
		if (p->p[i].channel == channel && p->p[i].field == field)
			return &p->p[i];
	return NULL;
}

static void test_validation(void)
{
	run r;
	run_problems p;
	run_init(&r, 9);
	shared(&r, "侣俸镇");
	CHECK(!run_validate(cfg, form, &r, &p) && problem_at(&p, 0, -1) &&
	      strstr(problem_at(&p, 0, -1)->msg, "没有填写任何通道"),
	      "a run with every row empty is refused as a whole");
	row(&r, 0, "侣俸镇绿源蔬菜专业合作社", "豇豆", "35");
	row(&r, 2, "", "小白菜", "120");
	row(&r, 4, "织篢镇张三家庭农场", "", "20");
	row(&r, 5, "", "菠菜", "4x");
	sample_set(&r.rows[5], SF_STAGE, "田头");
	CHECK(!run_validate(cfg, form, &r, &p), "a run with wrong rows does not validate");
	CHECK(problem_at(&p, 3, SF_INHIBITION) != NULL, "channel 3: inhibition 120 reported in its cell");
	CHECK(problem_at(&p, 5, SF_PRODUCT) != NULL, "channel 5: missing product reported in its cell");
	CHECK(problem_at(&p, 6, SF_INHIBITION) && problem_at(&p, 6, SF_STAGE),
	      "channel 6: both wrong cells of one row are reported (4x and 田头)");
	CHECK(!problem_at(&p, 1, SF_PRODUCT) && !problem_at(&p, 1, SF_INHIBITION), "channel 1 is fine");
	CHECK(!problem_at(&p, 2, -1) && !problem_at(&p, 2, SF_PRODUCT), "an empty channel is not checked");
	char line[700];
	run_problem_text(problem_at(&p, 3, SF_INHIBITION), line, sizeof line);
	CHECK(strstr(line, "第 3 通道") && strstr(line, "抑制率"), "the message names channel and column: %s", line);
	CHECK_STR(r.rows[0].v[SF_CATEGORY], "蔬菜", "a valid row's product fills its category");
	CHECK_STR(r.run_time, "09:30", "run time normalised");
	CHECK_STR(r.control, "0.62", "ΔA0 normalised (full-width digit)");

	run_set(&r, SF_SAMPLERS, "");
	run_validate(cfg, form, &r, &p);
	int shared_samplers = 0;
	for (int i = 0; i < p.n; i++)
		shared_samplers += p.p[i].field == SF_SAMPLERS;
	CHECK(shared_samplers == 1 && problem_at(&p, 0, SF_SAMPLERS), "a shared field's error is reported once");
	run_set(&r, SF_SAMPLERS, "张三、李四");
	run_set(&r, RUN_F_CONTROL, "0");
	run_set(&r, RUN_F_TIME, "25:00");
	run_validate(cfg, form, &r, &p);
	CHECK(problem_at(&p, 0, RUN_F_CONTROL) && problem_at(&p, 0, RUN_F_TIME), "ΔA0 0 and time 25:00 refused");
	r.nrows = 12;
	row(&r, 10, "", "豇豆", "10");
	run_validate(cfg, form, &r, &p);
	CHECK(problem_at(&p, 11, -1) && strstr(problem_at(&p, 11, -1)->msg, "只有 9 个通道"),
	      "channel 11 of a 9-channel unit is refused");
	sample_set(&r.rows[10], SF_PRODUCT, "");
	sample_set(&r.rows[10], SF_INHIBITION, "");
	r.nrows = 9;
	run_set(&r, SF_KIND, "例行监测");
	run_validate(cfg, form, &r, &p);
	CHECK(problem_at(&p, 0, SF_KIND) != NULL, "a run is a rapid test");
	run_free(&r);
}

static void full_run(run *r, const char *town, int n)
{
	static const char *const products[] = {"豇豆", "小白菜", "芹菜", "菠菜", "黄瓜", "番茄", "茄子", "辣椒", "韭菜"};
	run_init(r, 9);
	shared(r, town);
	for (int i = 0; i < n; i++) {
		char producer[64], inh[16];
		snprintf(producer, sizeof producer, "织篢镇第%d农户", i + 1);
		snprintf(inh, sizeof inh, "%d", 10 + i * 4);
		row(r, i, producer, products[i % 9], inh);
	}
}

static void test_save(db_conn *db)
{
	run r;
	run_problems p;
	char err[512];
	/* One saved record first, so the run's numbers follow it. */
	sample s;
	sample_init(&s);
	sample_set(&s, SF_DATE, "2026-06-01");
	sample_set(&s, SF_TOWN, "侣俸镇");
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_PRODUCT, "豇豆");
	sample_set(&s, SF_STAGE, "超市");
	sample_set(&s, SF_SAMPLERS, "张三");
	sample_set(&s, SF_INHIBITION, "5");
	sample_error e;
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e), "a single record first: %s", e.msg);
	sample_free(&s);

	full_run(&r, "侣俸镇", 9);
	sample_set(&r.rows[7], SF_INHIBITION, "101");
	CHECK(!run_save(db, cfg, form, &r, USER_AS("录入员"), &p, err, sizeof err) && problem_at(&p, 8, SF_INHIBITION),
	      "one bad row: the run is refused with channel 8's error");
	CHECK(count(db, "SELECT count(*) FROM samples") == 1 && count(db, "SELECT count(*) FROM sample_runs") == 0,
	      "nothing of it saved");
	sample_set(&r.rows[7], SF_INHIBITION, "62");
	CHECK(run_save(db, cfg, form, &r, USER_AS("录入员"), &p, err, sizeof err), "the fixed run saves: %s",
	      p.n ? p.p[0].msg : err);
	CHECK_STR(r.rows[0].sample_no, "TL2026-侣俸-0002", "first channel numbered after the saved record");
	CHECK_STR(r.rows[8].sample_no, "TL2026-侣俸-0010", "ninth channel gets the ninth number");
	CHECK(count(db, "SELECT count(*) FROM samples WHERE unit_id = (SELECT id FROM units WHERE name = '侣俸镇')"
	                " AND seq BETWEEN 2 AND 10") == 9, "9 records, gap-free seq 2..10");
	CHECK(count(db, "SELECT count(*) FROM sample_runs rs JOIN samples s ON s.id = rs.sample_id"
	                " WHERE rs.channel = s.seq - 1 AND rs.run_ref = 'TL2026-侣俸-0002'") == 9,
	      "each record linked to its channel, the run named by its first number");
	CHECK(count(db, "SELECT count(*) FROM sample_runs WHERE control_da0 = 0.62 AND run_time = '09:30' AND channels = 9"
	                " AND instrument = 'NY-9 型 0231'") == 1 &&
	      count(db, "SELECT count(*) FROM sample_runs WHERE control_da0 IS NOT NULL") == 1,
	      "the control ΔA0 is recorded once, on the run's first row");
	CHECK(count(db, "SELECT count(*) FROM samples WHERE verdict = 'fail'") == 1 &&
	      count(db, "SELECT count(*) FROM followup_cases") == 1, "62%% fails and opens its follow-up case");
	CHECK(count(db, "SELECT count(*) FROM audit WHERE action = 'run.create' AND entity LIKE '%0002 至 %0010'") == 1,
	      "one audit row names the run's numbers");
	CHECK(db_exec(db, "DELETE FROM sample_runs") != DB_OK &&
	      db_exec(db, "UPDATE sample_runs SET control_da0 = 1") != DB_OK,
	      "runs are never changed or deleted");
	run_free(&r);

	/* A run with empty rows between: only the filled ones are records. */
	full_run(&r, "织篢镇", 3);
	run_set(&r, SF_TOWN, "侣俸镇");
	sample_set(&r.rows[5], SF_STAGE, "超市"); /* a stage alone is no record */
	row(&r, 6, "织篢镇第7农户", "韭菜", "12");
	CHECK(run_save(db, cfg, form, &r, USER_AS("录入员"), &p, err, sizeof err) && run_records(&r) == 4,
	      "a run with empty rows saves only the 4 filled ones");
	CHECK_STR(r.rows[6].sample_no, "TL2026-侣俸-0014", "the seventh channel is the fourth number");
	CHECK(count(db, "SELECT count(*) FROM samples") == 14, "14 records in all");
	run_questions(db, cfg, form, &r, &p, err, sizeof err);
	CHECK(problem_at(&p, 1, SF_PRODUCT) != NULL, "the same run again: each row is asked about as a saved duplicate");
	run_free(&r);

	full_run(&r, "侣俸镇", 2);
	row(&r, 1, "织篢镇第1农户", "豇豆", "30");
	run_set(&r, SF_DATE, "2026-06-02");
	CHECK(run_validate(cfg, form, &r, &p), "two rows with the same producer and product are valid");
	CHECK(run_questions(db, cfg, form, &r, &p, err, sizeof err) && problem_at(&p, 2, SF_PRODUCT) &&
	      strstr(problem_at(&p, 2, SF_PRODUCT)->msg, "第 1 通道"), "but asked about (channel 2 repeats 1)");
	run_free(&r);

	/* A staff login of another town saves nothing. */
	full_run(&r, "侣俸镇", 2);
	account staff = {.login = "tq", .name = "土桥录入员", .role = USER_STAFF, .active = true};
	snprintf(staff.town, sizeof staff.town, "土桥镇");
	CHECK(!run_save(db, cfg, form, &r, &staff, &p, err, sizeof err) && problem_at(&p, 0, SF_TOWN),
	      "another town's staff cannot save a run for 侣俸镇");
	run_free(&r);
}

static void test_channels(void)
{
	CHECK(config_run_channels(cfg, "侣俸镇") == 9, "default 9 channels");
	char err[512];
	ini *f = ini_open("conf/nongjian.ini", "配置文件", err, sizeof err);
	ini_set(f, "run", "unit_channels", "土桥镇:12|区检测中心:16");
	CHECK(config_rules(cfg, f, err, sizeof err) && config_run_channels(cfg, "土桥镇") == 12 &&
	      config_run_channels(cfg, "区检测中心") == 16 && config_run_channels(cfg, "侣俸镇") == 9,
	      "channels per unit from run.unit_channels");
	ini_set(f, "run", "unit_channels", "土桥镇:99");
	CHECK(!config_rules(cfg, f, err, sizeof err) && strstr(err, "通道数"), "99 channels refused: %s", err);
	ini_set(f, "run", "unit_channels", "火星镇:9");
	CHECK(!config_rules(cfg, f, err, sizeof err) && strstr(err, "火星镇"), "an unknown unit refused: %s", err);
	ini_set(f, "run", "unit_channels", "");
	CHECK(config_rules(cfg, f, err, sizeof err), "rules back to the file's");
	ini_close(f);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	CHECK(cfg && form, "shipped config and form load: %s", cfg && form ? "" : err);
	if (!cfg || !form)
		return check_done();
	test_validation();
	db_conn *db = test_db_open(10000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "cannot open database: %s\n", err);
		return 2;
	}
	test_save(db);
	test_db_close(db);
	test_channels();
	form_free(form);
	config_free(cfg);
	return check_done();
}
