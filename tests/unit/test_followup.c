/* 检打联动 against a real SQLite database: a case opened with the sample
 * in the same transaction (save, correction, the warning band by the
 * setting), what each step needs, the order of the steps, voiding, who
 * may, the deadlines (逾期), the database's own guards and the audit.
 * Uses the shipped conf/nongjian.ini and forms/sample.ini. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "quota/quota.h"
#include "quota/report.h"
#include "record/formdef.h"
#include "sample/followup.h"
#include "sample/sample.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/units.h"
#include "store/users.h"

static config *cfg;
static form_def *form;
static char err[512];

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static db_conn *fresh_db(void)
{
	db_conn *db = test_db_open(1000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "db: %s\n", err);
		exit(2);
	}
	return db;
}

static void base(sample *s, const char *town, const char *date, const char *producer)
{
	sample_init(s);
	sample_set(s, SF_DATE, date);
	sample_set(s, SF_TOWN, town);
	sample_set(s, SF_PRODUCER, producer);
	sample_set(s, SF_PRODUCT, "豇豆");
	sample_set(s, SF_STAGE, "生产基地");
	sample_set(s, SF_SAMPLERS, "张三");
}

static long long rapid(db_conn *db, const char *town, const char *date, const char *inhibition)
{
	sample s;
	base(&s, town, date, "侣俸镇绿源蔬菜专业合作社");
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_INHIBITION, inhibition);
	sample_error e;
	bool ok = sample_insert(db, cfg, form, &s, USER_AS("tester"), &e);
	if (!ok)
		printf("# insert failed: %s\n", e.msg);
	long long id = s.id;
	sample_free(&s);
	return ok ? id : 0;
}

static long long quant(db_conn *db, const char *date, const char *producer, const char *value,
                       char *no, size_t nolen)
{
	sample s;
	base(&s, "侣俸镇", date, producer);
	sample_set(&s, SF_KIND, "例行监测");
	sample_set(&s, SF_ITEM, "毒死蜱");
	sample_set(&s, SF_VALUE, value);
	sample_set(&s, SF_UNIT, "mg/kg");
	sample_set(&s, SF_LIMIT, "0.02"); /* GB 2763: 毒死蜱 in 豇豆 */
	sample_error e;
	bool ok = sample_insert(db, cfg, form, &s, USER_AS("tester"), &e);
	if (!ok)
		printf("# insert failed: %s\n", e.msg);
	if (no)
		snprintf(no, nolen, "%s", s.sample_no);
	long long id = s.id;
	sample_free(&s);
	return ok ? id : 0;
}

static bool step(db_conn *db, long long id, const char *what, const char *date, const char *value)
{
	followup_input in = {.step = what, .date = date, .value = value};
	return followup_add(db, cfg, id, &in, USER_AS("kezhang"), NULL, err, sizeof err);
}

static int nsteps(db_conn *db, long long id, followup_case *out)
{
	followup_case fc;
	if (!followup_load(db, cfg, id, date_today(), &fc, err, sizeof err))
		return -1;
	int n = fc.nsteps;
	if (out)
		*out = fc;
	else
		followup_case_free(&fc);
	return n;
}

static long long count(db_conn *db, const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

static void test_opening(void)
{
	db_conn *db = fresh_db();
	long long pos = rapid(db, "侣俸镇", "2026-06-01", "62");
	long long neg = rapid(db, "侣俸镇", "2026-06-01", "10");
	long long warn = rapid(db, "侣俸镇", "2026-06-01", "45"); /* [warn 40, positive 50) */
	CHECK(nsteps(db, pos, NULL) == 0, "a positive opens a case with the save: %s", err);
	CHECK(nsteps(db, neg, NULL) < 0 && has(err, "没有检打联动案件"), "a negative opens none: %s", err);
	CHECK(nsteps(db, warn, NULL) < 0, "the warning band opens none while followup.open_on_warning is no");

	/* A correction into 阳性 opens it in the correction's transaction. */
	sample s;
	sample_init(&s);
	sample_load(db, neg, &s, err, sizeof err);
	sample_set(&s, SF_INHIBITION, "70");
	sample_error e;
	CHECK(sample_correct(db, cfg, form, &s, "抄错了抑制率", USER_AS("tester"), &e), "correct: %s", e.msg);
	sample_free(&s);
	CHECK(nsteps(db, neg, NULL) == 0, "a correction into 阳性 opens a case");

	/* The setting, as `nongjian settings` writes it (audit row first). */
	CHECK(audit_add(db, "admin", "settings.set", "followup.open_on_warning", "no", "yes", err, sizeof err) &&
	      db_exec(db, "INSERT INTO settings VALUES ('config', 'followup', 'open_on_warning', 'yes', 0,"
	                       " '2026-06-01 08:00:00', 'admin')") == DB_OK,
	      "turn followup.open_on_warning on");
	long long warn2 = rapid(db, "侣俸镇", "2026-06-01", "45");
	followup_case fc;
	CHECK(nsteps(db, warn2, &fc) == 0 && fc.warning && strcmp(fc.verdict, "疑似阳性") == 0,
	      "with the setting, 疑似阳性 opens a case too");
	followup_case_free(&fc);
	CHECK(count(db, "SELECT count(*) FROM followup_cases") == 3, "three cases in all");
	CHECK(db_exec(db, "DELETE FROM followup_cases") != DB_OK,
	      "the database refuses to delete a case");
	test_db_close(db);
}

static void test_required_data_and_order(void)
{
	db_conn *db = fresh_db();
	long long id = rapid(db, "侣俸镇", "2026-06-01", "62");
	quota_ensure_targets(db, cfg, 2026, USER_AS("admin"), err, sizeof err);

	CHECK(!step(db, id, "复检", "2026-06-02", NULL) && has(err, "需要复检结果"), "复检 with no result refused: %s", err);
	CHECK(nsteps(db, id, NULL) == 0, "... and nothing was written");
	quota_report r;
	CHECK(quota_compute(db, cfg, 2026, (ymd){2026, 7, 15}, &r, err, sizeof err), "quota: %s", err);
	long open = 0;
	for (int i = 0; i < r.n; i++)
		open += r.rows[i].open_positives;
	quota_free(&r);
	CHECK(open == 1, "a refused 复检 leaves 尚未处置 at 1 (got %ld)", open);

	CHECK(!step(db, id, "复检", "2026-06-02", "很高") && has(err, "无效"), "a result that is neither %% nor 阴/阳 refused");
	CHECK(!step(db, id, "复检", "2026-05-31", "30") && has(err, "早于抽样日期"), "a step before sampling refused: %s", err);
	CHECK(!step(db, id, "复检", "2026-07-16", "30") && has(err, "晚于今天"), "a step in the future refused: %s", err);
	CHECK(!step(db, id, "复查", NULL, "30") && has(err, "步骤"), "an unknown step refused: %s", err);
	CHECK(step(db, id, "复检", "2026-06-02", "30%"), "复检 with 抑制率 30%%: %s", err);
	followup_case fc;
	nsteps(db, id, &fc);
	CHECK(strcmp(fc.steps[0].v[FS_OUTCOME], "阴性") == 0 && strcmp(fc.steps[0].v[FS_RESULT], "抑制率 30%") == 0,
	      "the retest is judged 阴性 by the rapid threshold");
	CHECK(strcmp(fc.verdict, "阳性") == 0 && !followup_handled(&fc) && strcmp(fc.state_text, "待送检确证") == 0,
	      "a negative retest keeps the first result (阳性) and handles nothing (%s)", fc.state_text);
	followup_case_free(&fc);
	sample s;
	sample_init(&s);
	sample_load(db, id, &s, err, sizeof err);
	CHECK(s.fail && strcmp(s.v[SF_INHIBITION], "62") == 0, "the sample keeps 62 and its 不合格 verdict");
	sample_free(&s);

	CHECK(!step(db, id, "处置", "2026-06-01", "禁止上市") && has(err, "早于上一步"),
	      "a step dated before the previous one refused: %s", err);
	CHECK(!step(db, id, "结案", "2026-06-03", "已整改") && has(err, "还没有处置"),
	      "结案 before any disposal refused: %s", err);
	CHECK(!step(db, id, "处置", "2026-06-03", NULL) && has(err, "处置方式"), "处置 without its kind refused");
	CHECK(!step(db, id, "处置", "2026-06-03", "拍卖") && has(err, "处置方式"), "an unknown kind of 处置 refused");
	CHECK(!step(db, id, "处置", "2026-06-03", "监督销毁") && has(err, "数量"), "监督销毁 without quantity refused");
	followup_input destroy = {.step = "处置", .date = "2026-06-03", .value = "监督销毁", .quantity = "50kg"};
	CHECK(followup_add(db, cfg, id, &destroy, USER_AS("kezhang"), NULL, err, sizeof err), "监督销毁 50kg: %s", err);
	CHECK(step(db, id, "禁止上市", "2026-06-03", NULL), "禁止上市 as a word of its own (处置 禁止上市): %s", err);
	CHECK(!step(db, id, "立案查处", "2026-06-04", NULL) && has(err, "案件编号"), "立案查处 needs its number");
	CHECK(step(db, id, "立案查处", "2026-06-04", "铜农执罚〔2026〕12号"), "立案查处: %s", err);
	long long other = rapid(db, "侣俸镇", "2026-06-01", "80");
	CHECK(!step(db, other, "立案查处", "2026-06-04", "铜农执罚〔2026〕12号") && has(err, "已被另一个立案使用"),
	      "a case number already used refused: %s", err);
	CHECK(db_exec(db, "INSERT INTO followup_steps(case_id, step, step_date, case_no, created_at, created_by)"
	                       " SELECT id, 'case', '2026-06-05', '铜农执罚〔2026〕12号', 'x', 'x' FROM followup_cases"
	                       " WHERE sample_id = (SELECT max(id) FROM samples)") != DB_OK,
	      "the database refuses a second live step with the same case number");
	CHECK(step(db, id, "移送公安", "2026-06-05", NULL), "移送公安: %s", err);
	CHECK(!step(db, id, "结案", "2026-06-06", NULL) && has(err, "结案结果"), "结案 without a result refused");
	CHECK(step(db, id, "结案", "2026-06-06", "罚款 2000 元"), "结案 after the disposal: %s", err);
	nsteps(db, id, &fc);
	CHECK(fc.state == FC_CLOSED && strcmp(fc.state_text, "已结案") == 0 && fc.nsteps == 6, "closed after 6 steps");
	followup_case_free(&fc);
	CHECK(!step(db, id, "立案查处", "2026-06-07", "另一个") && has(err, "已于 2026-06-06 结案"),
	      "nothing after 结案: %s", err);
	CHECK(!step(db, id, "结案", "2026-06-07", "再结一次") && has(err, "结案"), "not even a second 结案");

	/* The audit trail has each step. */
	CHECK(count(db, "SELECT count(*) FROM audit WHERE action = 'followup.add'") == 6, "each of the 6 steps audited");
	test_db_close(db);
}

static void test_confirmation(void)
{
	db_conn *db = fresh_db();
	long long id = rapid(db, "侣俸镇", "2026-06-01", "62");
	char ok_no[96], other_no[96], fail_no[96];
	quant(db, "2026-06-03", "侣俸镇绿源蔬菜专业合作社", "0.01", ok_no, sizeof ok_no);
	quant(db, "2026-06-03", "别的合作社", "0.01", other_no, sizeof other_no);
	long long qfail = quant(db, "2026-06-03", "侣俸镇绿源蔬菜专业合作社", "0.5", fail_no, sizeof fail_no);

	followup_input res = {.step = "确证结果", .date = "2026-06-05", .ref = ok_no};
	CHECK(!followup_add(db, cfg, id, &res, USER_AS("kezhang"), NULL, err, sizeof err) && has(err, "还没有送检确证"),
	      "确证结果 before 送检确证 refused: %s", err);
	CHECK(!step(db, id, "送检确证", "2026-06-02", NULL) && has(err, "检测机构"), "送检确证 without the lab refused");
	CHECK(step(db, id, "送检确证", "2026-06-02", "县农产品质量安全检测中心"), "送检确证: %s", err);
	CHECK(!step(db, id, "送检确证", "2026-06-02", "又一家") && has(err, "还没有结果"),
	      "a second 送检确证 while one is out refused");
	res.ref = "TL2026-无此-9999";
	CHECK(!followup_add(db, cfg, id, &res, USER_AS("kezhang"), NULL, err, sizeof err) && has(err, "找不到"),
	      "an unknown reference refused");
	res.ref = other_no;
	CHECK(!followup_add(db, cfg, id, &res, USER_AS("kezhang"), NULL, err, sizeof err) && has(err, "不是同一主体"),
	      "a reference of another producer refused: %s", err);
	long long r2 = rapid(db, "侣俸镇", "2026-06-01", "10");
	char r2no[96];
	{
		sample s;
		sample_init(&s);
		sample_load(db, r2, &s, err, sizeof err);
		snprintf(r2no, sizeof r2no, "%s", s.sample_no);
		sample_free(&s);
	}
	res.ref = r2no;
	CHECK(!followup_add(db, cfg, id, &res, USER_AS("kezhang"), NULL, err, sizeof err) && has(err, "不是定量"),
	      "a rapid test as the confirmation refused: %s", err);
	res.ref = ok_no;
	CHECK(followup_add(db, cfg, id, &res, USER_AS("kezhang"), NULL, err, sizeof err), "确证结果 合格: %s", err);
	followup_case fc;
	nsteps(db, id, &fc);
	CHECK(fc.state == FC_OVERTURNED && followup_handled(&fc), "an overturning confirmation handles the case (%s)",
	      fc.state_text);
	followup_case_free(&fc);
	CHECK(step(db, id, "结案", "2026-06-06", "确证合格，解除"), "结案 after an overturning confirmation: %s", err);

	/* A quantitative failure has its own case; it is not retested. */
	CHECK(!step(db, qfail, "复检", "2026-06-04", "30") && has(err, "定量"), "no 复检 of a quantitative record");
	CHECK(!step(db, qfail, "送检确证", "2026-06-04", "某机构") && has(err, "定量"), "no 送检确证 of one either");
	test_db_close(db);
}

static void test_void_and_rights(void)
{
	db_conn *db = fresh_db();
	long long id = rapid(db, "侣俸镇", "2026-06-01", "62");
	CHECK(step(db, id, "处置", "2026-06-02", "禁止上市"), "dispose: %s", err);
	CHECK(step(db, id, "立案查处", "2026-06-03", "A-1"), "case: %s", err);
	CHECK(!followup_void(db, id, 2, "", USER_AS("kezhang"), err, sizeof err) && has(err, "原因"),
	      "voiding without a reason refused");
	CHECK(!followup_void(db, id, 1, "误录", USER_AS("kezhang"), err, sizeof err) && has(err, "最后一步"),
	      "only the last live step may be voided: %s", err);
	CHECK(followup_void(db, id, 2, "案件编号录错", USER_AS("kezhang"), err, sizeof err), "void step 2: %s", err);
	CHECK(followup_void(db, id, 1, "处置录错了样品", USER_AS("kezhang"), err, sizeof err), "then step 1: %s", err);
	followup_case fc;
	CHECK(nsteps(db, id, &fc) == 2 && fc.steps[0].voided && strcmp(fc.steps[0].void_reason, "处置录错了样品") == 0 &&
	      !followup_handled(&fc), "voided steps are kept, with their reason, and count for nothing");
	followup_case_free(&fc);
	CHECK(step(db, id, "立案查处", "2026-06-04", "A-1"), "a voided step's case number is free again: %s", err);
	CHECK(!step(db, id, "结案", "2026-06-05", "x") && has(err, "还没有处置"), "结案 after the disposal was voided refused");
	CHECK(!followup_void(db, id, 1, "again", USER_AS("kezhang"), err, sizeof err), "a voided step is not voided twice");
	CHECK(db_exec(db, "DELETE FROM followup_steps") != DB_OK,
	      "the database refuses to delete steps");
	CHECK(db_exec(db, "UPDATE followup_steps SET step_date = '2026-06-01'") != DB_OK,
	      "the database refuses to change a step");
	CHECK(count(db, "SELECT count(*) FROM audit WHERE action = 'followup.void'") == 2, "voiding audited");

	/* Who may. */
	account staff = {.login = "xiaoli", .name = "小李", .role = USER_STAFF, .town = "土桥镇", .active = true};
	followup_input in = {.step = "处置", .date = "2026-06-05", .value = "整改"};
	CHECK(!followup_add(db, cfg, id, &in, &staff, NULL, err, sizeof err) && has(err, "本单位 (土桥镇)"),
	      "township staff cannot follow up another town's sample: %s", err);
	snprintf(staff.town, sizeof staff.town, "侣俸镇");
	CHECK(followup_add(db, cfg, id, &in, &staff, NULL, err, sizeof err), "... but their own town's: %s", err);

	/* A voided sample takes no step. */
	long long gone = rapid(db, "侣俸镇", "2026-06-01", "90");
	CHECK(sample_void(db, gone, 1, "录入错误", USER_AS("tester"), err, sizeof err), "void a sample: %s", err);
	CHECK(!step(db, gone, "处置", "2026-06-02", "禁止上市") && has(err, "已作废"), "a step on a voided sample refused: %s",
	      err);
	test_db_close(db);
}

static followup_case fake(const char *kind, const char *date)
{
	followup_case fc;
	memset(&fc, 0, sizeof fc);
	snprintf(fc.kind, sizeof fc.kind, "%s", kind);
	snprintf(fc.sample_date, sizeof fc.sample_date, "%s", date);
	return fc;
}

static void add_fake(followup_case *fc, int what, const char *date, const char *outcome)
{
	fc->steps = realloc(fc->steps, (size_t)(fc->nsteps + 1) * sizeof *fc->steps);
	followup_step *p = &fc->steps[fc->nsteps++];
	memset(p, 0, sizeof *p);
	p->no = fc->nsteps;
	p->step = what;
	for (int i = 0; i < FS_COUNT; i++)
		p->v[i] = strdup("");
	free(p->v[FS_DATE]);
	p->v[FS_DATE] = strdup(date);
	free(p->v[FS_OUTCOME]);
	p->v[FS_OUTCOME] = strdup(outcome);
}

static void test_deadlines(void)
{
	/* retest 1, confirm 7, dispose 3 days (conf/nongjian.ini [followup]) */
	CHECK(cfg->fu_retest_days == 1 && cfg->fu_confirm_days == 7 && cfg->fu_dispose_days == 3, "deadlines read");
	followup_case fc = fake("rapid", "2026-06-30");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 1});
	CHECK(!fc.overdue && strcmp(fc.state_text, "待复检") == 0, "the day after sampling: not yet overdue");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 2});
	CHECK(fc.overdue && has(fc.overdue_text, "复检逾期") && has(fc.overdue_text, "2026-07-01"),
	      "two days after, no step: 复检逾期 across the month end (%s)", fc.overdue_text);
	add_fake(&fc, FU_RETEST, "2026-07-01", "阳性");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 7});
	CHECK(!fc.overdue, "retested: 7 days after sampling still in time");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 8});
	CHECK(fc.overdue && has(fc.overdue_text, "确证逾期"), "8 days after, no confirmation: 确证逾期 (%s)", fc.overdue_text);
	add_fake(&fc, FU_CONFIRM, "2026-07-02", "");
	add_fake(&fc, FU_RESULT, "2026-07-06", "阳性");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 9});
	CHECK(!fc.overdue && strcmp(fc.state_text, "待处置") == 0, "confirmed on 07-06: disposal due by 07-09");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 10});
	CHECK(fc.overdue && has(fc.overdue_text, "处置逾期"), "not disposed 4 days after: 处置逾期 (%s)", fc.overdue_text);
	add_fake(&fc, FU_DISPOSE, "2026-07-10", "");
	followup_evaluate(cfg, &fc, (ymd){2026, 12, 31});
	CHECK(!fc.overdue && fc.state == FC_DISPOSED, "disposed: no deadline left");
	followup_case_free(&fc);

	followup_case q = fake("supervisory", "2026-12-30");
	followup_evaluate(cfg, &q, (ymd){2027, 1, 2});
	CHECK(!q.overdue && strcmp(q.state_text, "待处置") == 0, "a quantitative failure: disposal due 3 days after");
	followup_evaluate(cfg, &q, (ymd){2027, 1, 3});
	CHECK(q.overdue && has(q.overdue_text, "处置逾期"), "... overdue on the 4th day, across the year end");
	followup_case_free(&q);
}

/* What the screen offers: the steps allowed now and the one the case
 * waits for. */
static void test_next_steps(void)
{
	char why[512];
	followup_case fc = fake("rapid", "2026-07-01");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 1});
	CHECK(followup_next_step(&fc) == FU_RETEST, "a new rapid case waits for 复检");
	CHECK(!followup_allowed(&fc, FU_RESULT, why, sizeof why) && has(why, "还没有送检确证"),
	      "确证结果 not allowed before 送检确证: %s", why);
	CHECK(!followup_allowed(&fc, FU_CLOSE, why, sizeof why) && has(why, "先登记处置"), "nor 结案 before a disposal");
	CHECK(followup_allowed(&fc, FU_DISPOSE, why, sizeof why) && followup_allowed(&fc, FU_CASE, why, sizeof why),
	      "处置 and 立案查处 at any time");
	add_fake(&fc, FU_RETEST, "2026-07-01", "阳性");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 1});
	CHECK(followup_next_step(&fc) == FU_CONFIRM, "retested: waits for 送检确证");
	add_fake(&fc, FU_CONFIRM, "2026-07-02", "");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 2});
	CHECK(followup_next_step(&fc) == FU_RESULT && followup_allowed(&fc, FU_RESULT, why, sizeof why),
	      "sent: waits for 确证结果");
	CHECK(!followup_allowed(&fc, FU_CONFIRM, why, sizeof why) && has(why, "还没有结果"),
	      "a second 送检确证 while the first waits is not allowed");
	add_fake(&fc, FU_RESULT, "2026-07-05", "阴性");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 5});
	CHECK(fc.state == FC_OVERTURNED && followup_next_step(&fc) == FU_CLOSE &&
	      followup_allowed(&fc, FU_CLOSE, why, sizeof why), "overturned by the lab: 结案 next");
	add_fake(&fc, FU_CLOSE, "2026-07-06", "");
	followup_evaluate(cfg, &fc, (ymd){2026, 7, 6});
	CHECK(followup_next_step(&fc) == -1, "closed: no next step");
	int allowed = 0;
	for (int k = 0; k < FU_STEPS; k++)
		allowed += followup_allowed(&fc, k, why, sizeof why);
	CHECK(allowed == 0 && has(why, "已于 2026-07-06 结案"), "nothing is allowed after 结案 (%s)", why);
	followup_case_free(&fc);

	followup_case q = fake("routine", "2026-07-01");
	followup_evaluate(cfg, &q, (ymd){2026, 7, 1});
	CHECK(followup_next_step(&q) == FU_DISPOSE && !followup_allowed(&q, FU_RETEST, why, sizeof why),
	      "a quantitative failure waits for 处置 and has no 复检");
	CHECK(strcmp(q.due, "2026-07-04") == 0, "its deadline is 3 days after sampling (%s)", q.due);
	followup_case_free(&q);

	followup_input in = {0};
	CHECK(followup_input_set(&in, "lab", "区检测中心") && strcmp(in.value, "区检测中心") == 0,
	      "the step form's 检测机构 is the step's datum");
	CHECK(followup_input_set(&in, "quantity", "50kg") && strcmp(in.quantity, "50kg") == 0, "数量 is the quantity");
	CHECK(!followup_input_set(&in, "inhibition", "30"), "a key the step form lacks is refused");
	for (int i = 0; followup_form_keys[i]; i++)
		CHECK(followup_input_set(&in, followup_form_keys[i], ""), "form key %s is understood", followup_form_keys[i]);
}

typedef struct {
	int n;
	char order[8][96];
} seen;

static bool collect(void *ctx, const followup_case *fc)
{
	seen *s = ctx;
	if (s->n < 8)
		snprintf(s->order[s->n++], sizeof s->order[0], "%s", fc->sample_no);
	return true;
}

static void test_listing(void)
{
	db_conn *db = fresh_db();
	long long a = rapid(db, "侣俸镇", "2026-07-14", "62"); /* in time */
	long long b = rapid(db, "土桥镇", "2026-07-01", "70"); /* overdue */
	long long c = rapid(db, "侣俸镇", "2026-07-02", "80");
	step(db, c, "处置", "2026-07-03", "禁止上市");
	step(db, c, "结案", "2026-07-04", "已销毁");
	(void)a;
	(void)b;
	seen all = {0}, open = {0}, late = {0}, town = {0};
	followup_filter f = {0};
	CHECK(followup_each(db, cfg, &f, USER_AS("kezhang"), (ymd){2026, 7, 15}, collect, &all, err, sizeof err) == 3,
	      "three cases listed: %s", err);
	CHECK(has(all.order[0], "土桥"), "overdue first (%s)", all.order[0]);
	CHECK(has(all.order[1], "侣俸") && has(all.order[2], "侣俸") && strcmp(all.order[1], all.order[2]) < 0,
	      "then by deadline: the running case before the closed one, which has none, though sampled later"
	      " (%s before %s)", all.order[1], all.order[2]);
	f.open_only = true;
	CHECK(followup_each(db, cfg, &f, USER_AS("kezhang"), (ymd){2026, 7, 15}, collect, &open, err, sizeof err) == 2,
	      "--open leaves out the closed case");
	f.open_only = false;
	f.overdue_only = true;
	CHECK(followup_each(db, cfg, &f, USER_AS("kezhang"), (ymd){2026, 7, 15}, collect, &late, err, sizeof err) == 1,
	      "--overdue: one");
	f.overdue_only = false;
	f.town = "侣俸镇";
	CHECK(followup_each(db, cfg, &f, USER_AS("kezhang"), (ymd){2026, 7, 15}, collect, &town, err, sizeof err) == 2,
	      "--town 侣俸镇: two");
	account staff = {.login = "xiaoli", .name = "小李", .role = USER_STAFF, .town = "土桥镇", .active = true};
	seen mine = {0};
	f.town = NULL;
	CHECK(followup_each(db, cfg, &f, &staff, (ymd){2026, 7, 15}, collect, &mine, err, sizeof err) == 1,
	      "township staff see their own town's cases only");
	f.town = "侣俸镇";
	CHECK(followup_each(db, cfg, &f, &staff, (ymd){2026, 7, 15}, collect, &mine, err, sizeof err) < 0 &&
	      has(err, "本单位"), "... and are told so when asking for another town");

	followup_tally t[64];
	int n = followup_tally_units(db, cfg, 2026, (ymd){2026, 7, 15}, t, 64, err, sizeof err);
	const followup_tally *lf = NULL, *tq = NULL;
	for (int i = 0; i < n; i++) {
		lf = strcmp(t[i].unit, "侣俸镇") == 0 ? &t[i] : lf;
		tq = strcmp(t[i].unit, "土桥镇") == 0 ? &t[i] : tq;
	}
	CHECK(n > 2 && lf && lf->failed == 2 && lf->closed == 1 && lf->open == 1 && lf->overdue == 0,
	      "处置率 figures of 侣俸镇: 2 failed, 1 closed, 1 open, none overdue");
	CHECK(tq && tq->failed == 1 && tq->open == 1 && tq->overdue == 1, "土桥镇: 1 failed, open and overdue");
	CHECK(n > 0 && strcmp(t[n - 1].unit, "合计") == 0 && t[n - 1].failed == 3 && t[n - 1].closed == 1 &&
	      t[n - 1].open == 2 && t[n - 1].overdue == 1, "the total last: 3 failed, 1 closed, 2 open, 1 overdue");
	test_db_close(db);
}

/* A 胶体金 strip positive: its case names the strip's item (克伦特罗), so
 * the bulletin's failed list says what was found, not just 速测. */
static void test_strip_case(void)
{
	db_conn *db = fresh_db();
	sample s;
	base(&s, "侣俸镇", "2026-07-01", "侣俸镇绿源蔬菜专业合作社");
	sample_set(&s, SF_PRODUCT, "猪肉");
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_METHOD, "胶体金");
	sample_set(&s, SF_STRIP_ITEM, "克伦特罗");
	sample_set(&s, SF_STRIP, "阳性");
	sample_error e;
	bool ok = sample_insert(db, cfg, form, &s, USER_AS("tester"), &e);
	CHECK(ok && s.fail, "a strip positive is saved as 阳性: %s", ok ? "" : e.msg);
	followup_case fc;
	CHECK(ok && followup_load(db, cfg, s.id, date_today(), &fc, err, sizeof err), "its case opened: %s", err);
	if (ok) {
		CHECK(strcmp(fc.item, "克伦特罗") == 0 && !*fc.inhibition, "the case carries the strip's item: \"%s\"",
		      fc.item);
		followup_case_free(&fc);
	}
	sample_free(&s);
	test_db_close(db);
}

/* Which failures the credit rules may act on: those a 监督抽查 confirmed. */
static void test_supervisory(void)
{
	db_conn *db = fresh_db();
	char no[96], ref[96];
	long long pos = rapid(db, "侣俸镇", "2026-07-01", "70");
	long long routine = quant(db, "2026-07-03", "侣俸镇绿源蔬菜专业合作社", "0.5", no, sizeof no);
	followup_case fc;
	CHECK(followup_load(db, cfg, pos, date_today(), &fc, err, sizeof err), "load: %s", err);
	CHECK(!followup_supervisory_failure(db, &fc, ref, sizeof ref), "a rapid positive alone: not yet");
	followup_case_free(&fc);
	followup_input res = {.step = "确证结果", .date = "2026-07-04", .ref = no};
	CHECK(step(db, pos, "送检确证", "2026-07-02", "区检测中心") &&
	      followup_add(db, cfg, pos, &res, USER_AS("kezhang"), NULL, err, sizeof err), "confirmed: %s", err);
	CHECK(followup_load(db, cfg, pos, date_today(), &fc, err, sizeof err), "load: %s", err);
	CHECK(!followup_supervisory_failure(db, &fc, ref, sizeof ref), "confirmed by 例行监测: not a 监督抽查 failure");
	followup_case_free(&fc);
	(void)routine;

	sample s;
	base(&s, "区检测中心", "2026-07-05", "侣俸镇绿源蔬菜专业合作社");
	sample_set(&s, SF_SITE, "侣俸镇");
	sample_set(&s, SF_KIND, "监督抽查");
	sample_set(&s, SF_SAMPLERS, "张三、李四");
	sample_set(&s, SF_ITEM, "毒死蜱");
	sample_set(&s, SF_VALUE, "0.5");
	sample_set(&s, SF_LIMIT, "0.02"); /* GB 2763: 毒死蜱 in 豇豆 */
	sample_error e;
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("tester"), &e), "a 监督抽查 failure: %s", e.msg);
	CHECK(followup_load(db, cfg, s.id, date_today(), &fc, err, sizeof err), "load: %s", err);
	CHECK(followup_supervisory_failure(db, &fc, ref, sizeof ref) && strcmp(ref, s.sample_no) == 0,
	      "a failed 监督抽查 is one itself (%s)", ref);
	followup_case_free(&fc);
	long long pos2 = rapid(db, "侣俸镇", "2026-07-05", "75");
	followup_input res2 = {.step = "确证结果", .date = "2026-07-06", .ref = s.sample_no};
	CHECK(step(db, pos2, "送检确证", "2026-07-05", "区检测中心") &&
	      followup_add(db, cfg, pos2, &res2, USER_AS("kezhang"), NULL, err, sizeof err), "confirmed: %s", err);
	CHECK(followup_load(db, cfg, pos2, date_today(), &fc, err, sizeof err), "load: %s", err);
	CHECK(followup_supervisory_failure(db, &fc, ref, sizeof ref) && strcmp(ref, s.sample_no) == 0,
	      "a rapid positive confirmed by that 监督抽查 is one too");
	followup_case_free(&fc);
	sample_free(&s);
	test_db_close(db);
}

/* The bulletin's 检打联动 section against fixed data, word for word:
 * the quarter's failures and 结案, the year's 处置率 per unit (units in
 * their order, 合计 last), the quarter's failed samples by sampling date
 * with their state; the warning band is not a failure. */
static void test_bulletin(void)
{
	setenv("NONGJIAN_TODAY", "2026-06-30", 1);
	db_conn *db = fresh_db();
	CHECK(quota_ensure_targets(db, cfg, 2026, USER_AS("admin"), err, sizeof err), "targets: %s", err);
	long long q1 = rapid(db, "侣俸镇", "2026-02-10", "80");  /* last quarter, still open */
	long long done = rapid(db, "侣俸镇", "2026-04-02", "62");
	long long late = rapid(db, "土桥镇", "2026-06-20", "70"); /* no retest by 06-21 */
	long long warn = rapid(db, "土桥镇", "2026-06-20", "45"); /* 疑似阳性: no case */
	CHECK(q1 && done && late && warn, "fixed data saved");
	/* 侣俸镇 on pace (2 of 4 by mid-year), 土桥镇 behind (2 of 800). */
	CHECK(quota_set_target(db, cfg, 2026, "侣俸镇", KIND_RAPID, 4, USER_AS("admin"), err, sizeof err), "%s", err);
	CHECK(step(db, done, "处置", "2026-04-03", "禁止上市") && step(db, done, "结案", "2026-04-10", "已销毁"),
	      "one case closed in the quarter: %s", err);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	CHECK(report_quarter(db, cfg, 2026, 2, mem, err, sizeof err), "bulletin: %s", err);
	fclose(mem);
	const char *want =
		"五、检打联动 (不合格样品跟踪处置)\n"
		"  本季度抽检发现不合格样品 2 个，本季度结案 1 件。全年不合格 3 个，已结案 1 个，未结案 2 个 (其中逾期 2 个)，"
		"处置率 33.3% (质量安全县要求 100%)。\n"
		"  单位          不合格  已结案  未结案  逾期  处置率\n"
		"  土桥镇            1       0       1     1    0.0%\n"
		"  侣俸镇            2       1       1     1   50.0%\n"
		"  合计              3       1       2     2   33.3%\n"
		"  本季度不合格样品 (按抽样日期；定性检测为阳性/疑似阳性，定量检测为不合格项目及检测值):\n"
		"    TL2026-侣俸-0002  侣俸镇  侣俸镇绿源蔬菜专业合作社  豇豆  阳性 (抑制率 62%，≥50% 为阳性)  已结案\n"
		"    TL2026-土桥-0001  土桥镇  侣俸镇绿源蔬菜专业合作社  豇豆  阳性 (抑制率 70%，≥50% 为阳性)  待复检  "
		"复检逾期 (应于 2026-06-21 前)\n"
		"  以上逾期未处置的 1 个样品，请所在单位立即处置并报告。\n";
	/* Section 一: one pass rate per kind, 农业投入品 apart (the issue's
	 * 98.5 % 达到目标 merged rapid, quantitative and inputs). */
	CHECK(buf && strstr(buf, "  农产品合格率 (分检测类别统计，目标 98%):\n"
	                         "    定性检测: 检测 4 个，阳性 3 个，合格率 25.0%，未达到目标。\n"
	                         "    例行监测: 检测 0 个，不合格 0 个，合格率 —，尚无检测。\n"
	                         "    监督抽查: 检测 0 个，不合格 0 个，合格率 —，尚无检测。\n"
	                         "  农业投入品: 检测 0 个，不合格 0 个 (单独统计，不计入农产品合格率)。\n"),
	      "pass rates per kind, 阳性 for rapid tests, inputs apart");
	CHECK(buf && !strstr(buf, "全年检测"), "no merged pass rate");
	CHECK(buf && strstr(buf, "  区级定量检测任务 746 个"), "铜梁区's tasks are 区级");
	CHECK(buf && strstr(buf, "  通报表扬: 侣俸镇 (达到时间进度，完成率居前)。\n"), "the unit on pace is praised");
	CHECK(buf && strstr(buf, "  通报批评: ") && strstr(buf, "、土桥镇 (差 395 个)"), "the ones behind are named");
	const char *at = buf ? strstr(buf, "五、检打联动") : NULL;
	const char *end = at ? strstr(at, "\n\n") : NULL;
	char got[4096] = "";
	if (at)
		snprintf(got, sizeof got, "%.*s", (int)(end ? end - at + 1 : (long)strlen(at)), at);
	bool same = strcmp(got, want) == 0;
	CHECK(same, "the bulletin's 检打联动 section word for word");
	for (const char *l = got; !same && *l;) {
		const char *nl = strchr(l, '\n');
		int n = nl ? (int)(nl - l) : (int)strlen(l);
		printf("# got: %.*s\n", n, l);
		l += n + (nl != NULL);
	}
	free(buf);
	test_db_close(db);
	setenv("NONGJIAN_TODAY", "2026-07-15", 1);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-07-15", 1);
	char e[1024];
	cfg = config_load("conf/nongjian.ini", e, sizeof e);
	form = cfg ? form_load("forms/sample.ini", sample_keys, e, sizeof e) : NULL;
	if (!cfg || !form) {
		printf("not ok - load config and form: %s\n", e);
		return 1;
	}
	test_opening();
	test_required_data_and_order();
	test_confirmation();
	test_void_and_rights();
	test_deadlines();
	test_next_steps();
	test_listing();
	test_supervisory();
	test_strip_case();
	test_bulletin();
	form_free(form);
	config_free(cfg);
	return check_done();
}
