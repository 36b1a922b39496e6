/* Inspections (巡查) against a real SQLite database: the checklist of the
 * shipped forms/inspect.ini, every bad input of issue 16 (a producer not
 * in the registry or of another town, a date in the future or before the
 * registration, an item not in the form, a re-check before the
 * inspection), rectification and 回头看, correction with history, void,
 * the blacklist asked for in the same transaction, and the database's own
 * guards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "check.h"
#include "testdb.h"
#include "inspect/inspect.h"
#include "record/formdef.h"
#include "registry/blacklist.h"
#include "registry/producer.h"
#include "store/db.h"
#include "store/units.h"

static config *cfg;
static form_def *form, *pform;

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
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

static bool exec_fails(db_conn *db, const char *sql)
{
	return db_exec(db, sql) != DB_OK;
}

static long long registered(db_conn *db, const char *name, const char *town, const char *village)
{
	producer p;
	producer_init(&p);
	producer_set(&p, PF_NAME, name);
	producer_set(&p, PF_KIND, "家庭农场");
	producer_set(&p, PF_TOWN, town);
	producer_set(&p, PF_VILLAGE, village);
	rec_error e;
	long long id = producer_insert(db, cfg, pform, &p, USER_AS("登记员"), &e) ? p.id : 0;
	if (!id)
		printf("# producer %s: %s\n", name, e.msg);
	producer_free(&p);
	/* Registered at the start of the year (a registry typed in before the
	 * inspections of the year). */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE producers SET created_at = '2026-01-05 09:00:00' WHERE id = %lld", id);
	db_exec(db, sql);
	return id;
}

/* A valid inspection of who on date. */
static void fill(inspection *in, const char *who, const char *date)
{
	inspection_init(in);
	rec_defaults(&inspect_type, form, in->v);
	inspection_set(in, IF_PRODUCER, who);
	inspection_set(in, IF_DATE, date);
	inspection_set(in, IF_INSPECTORS, "王芳、李明");
}

static const account staff_lf = {.login = "lf", .name = "侣俸录入", .role = USER_STAFF, .town = "侣俸镇", .active = true};
static const account staff_tq = {.login = "tq", .name = "土桥录入", .role = USER_STAFF, .town = "土桥镇", .active = true};
static const account super = {.login = "jd", .name = "督查", .role = USER_SUPERVISOR, .town = "侣俸镇", .active = true};

static void test_entry(db_conn *db)
{
	inspection in, back;
	rec_error e;
	char err[512];
	long long zs = registered(db, "张三农场", "侣俸镇", "白龙村");
	registered(db, "鑫源果园", "侣俸镇", "");
	registered(db, "鑫源果园", "土桥镇", "");

	fill(&in, "张三农场", "2026-03-10");
	CHECK(inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && in.id > 0, "a 侣俸镇 clerk saves an inspection of 张三农场: %s", e.msg);
	CHECK(in.producer_id == zs && strcmp(in.v[IF_TOWN], "侣俸镇") == 0, "linked to the registered producer and its town");
	inspection_init(&back);
	CHECK(inspection_load(db, in.id, &back, err, sizeof err), "load back: %s", err);
	CHECK_STR(back.v[IF_CHECK1], "符合", "checklist item 1 round-trips as its label");
	CHECK_STR(back.v[IF_CHECK6], "", "a slot the form does not name stays empty");
	CHECK_STR(back.v[IF_BANNED], "否", "banned defaults to 否");
	CHECK(count(db, "SELECT count(*) FROM inspections WHERE check1 = 'pass' AND check5 = 'pass'") == 1,
	      "stored as codes");
	CHECK(count(db, "SELECT count(*) FROM audit WHERE action = 'inspect.create' AND login = 'lf'") == 1,
	      "one audit row");
	inspection_free(&back);
	inspection_free(&in);

	long long before = count(db, "SELECT count(*) FROM inspections");
	fill(&in, "王五农场", "2026-03-10");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_PRODUCER &&
	      has(e.msg, "不在主体名录中"), "a producer not in the registry: %s", e.msg);
	inspection_free(&in);
	fill(&in, "鑫源果园", "2026-03-10");
	CHECK(!inspection_insert(db, cfg, form, &in, false, USER_AS("县级"), &e) && has(e.msg, "有 2 个") && has(e.msg, "编号"),
	      "a name in two towns asks for the number: %s", e.msg);
	inspection_free(&in);
	fill(&in, "张三农场", "2026-03-11");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_tq, &e) && has(e.msg, "侣俸镇"),
	      "a 土桥镇 clerk may not inspect a 侣俸镇 producer: %s", e.msg);
	inspection_free(&in);
	fill(&in, "张三农场", "2026-06-16");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_DATE,
	      "a date in the future: %s", e.msg);
	inspection_free(&in);
	fill(&in, "张三农场", "2026-01-04");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_DATE &&
	      has(e.msg, "登记") && has(e.msg, "2026-01-05"), "a date before the producer was registered: %s", e.msg);
	inspection_free(&in);
	fill(&in, "张三农场", "2026-03-12");
	inspection_set(&in, IF_CHECK7, "符合");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_CHECK7 &&
	      has(e.msg, "不在巡查表单中") && has(e.msg, "投入品规范管理与使用"), "an item not in the form: %s", e.msg);
	inspection_free(&in);
	fill(&in, "张三农场", "2026-03-12");
	inspection_set(&in, IF_CHECK2, "很好");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_CHECK2,
	      "an item answered other than 符合/不符合/不适用: %s", e.msg);
	inspection_free(&in);
	fill(&in, "张三农场", "2026-03-12");
	inspection_set(&in, IF_INSPECTORS, "王芳");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_INSPECTORS &&
	      has(e.msg, "两名"), "one inspector: %s", e.msg);
	inspection_free(&in);
	fill(&in, "张三农场", "2026-03-12");
	inspection_set(&in, IF_CHECK2, "不符合");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_NOTE2 &&
	      has(e.msg, "农资库房分类存放"), "不符合 without saying what: %s", e.msg);
	inspection_set(&in, IF_NOTE2, "农药化肥混放");
	inspection_set(&in, IF_RECTIFY, "分区存放");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_DEADLINE,
	      "a rectification without a deadline: %s", e.msg);
	inspection_set(&in, IF_DEADLINE, "2026-03-01");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_DEADLINE &&
	      has(e.msg, "早于"), "a deadline before the inspection: %s", e.msg);
	inspection_set(&in, IF_RECHECK_DATE, "2026-03-20");
	inspection_set(&in, IF_RECHECK, "已整改");
	inspection_set(&in, IF_DEADLINE, "2026-03-31");
	inspection_set(&in, IF_DATE, "2026-03-25");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_RECHECK_DATE &&
	      has(e.msg, "早于巡查日期"), "a re-check before the inspection: %s", e.msg);
	CHECK(count(db, "SELECT count(*) FROM inspections") == before, "nothing was saved by the refusals");
	inspection_free(&in);
}

static void test_rectify(db_conn *db)
{
	inspection in, back;
	rec_error e;
	char err[512];
	fill(&in, "张三农场", "2026-04-02");
	inspection_set(&in, IF_CHECK1, "不符合");
	inspection_set(&in, IF_NOTE1, "发现过期农药 2 瓶");
	inspection_set(&in, IF_RECTIFY, "清理过期农药，建立进货台账");
	inspection_set(&in, IF_DEADLINE, "2026-04-30");
	CHECK(inspection_insert(db, cfg, form, &in, false, &staff_lf, &e), "an inspection with a rectification: %s", e.msg);
	CHECK(inspection_rectify_state(&in, (ymd){2026, 4, 30}) == IS_OPEN, "open on its deadline");
	CHECK(inspection_rectify_state(&in, (ymd){2026, 5, 1}) == IS_OVERDUE, "overdue the day after");
	CHECK(inspection_failed_items(&in) == 1, "one item 不符合");
	long long id = in.id;
	inspection_free(&in);

	inspection_init(&in);
	inspection_load(db, id, &in, err, sizeof err);
	inspection_recheck_input r = {.date = "2026-04-01", .result = "已整改"};
	CHECK(!inspection_recheck(db, cfg, form, &in, &r, &staff_lf, &e) && has(e.msg, "早于巡查日期"),
	      "a re-check before the inspection: %s", e.msg);
	inspection_load(db, id, &in, err, sizeof err);
	r = (inspection_recheck_input){.date = "2026-05-03", .result = "未整改", .note = "台账未建", .deadline = "2026-05-20"};
	CHECK(inspection_recheck(db, cfg, form, &in, &r, &staff_lf, &e) && in.version == 2,
	      "回头看 未整改 with a new deadline: %s", e.msg);
	CHECK_STR(in.v[IF_DEADLINE], "2026-05-20", "the new deadline");
	r = (inspection_recheck_input){.date = "2026-05-18", .result = "已整改", .note = "已整改到位"};
	CHECK(inspection_recheck(db, cfg, form, &in, &r, &staff_lf, &e), "回头看 已整改: %s", e.msg);
	CHECK(inspection_rectify_state(&in, (ymd){2026, 6, 15}) == IS_CLOSED, "the re-check closed it");
	r = (inspection_recheck_input){.result = "已整改"};
	CHECK(!inspection_recheck(db, cfg, form, &in, &r, &staff_lf, &e) && has(e.msg, "已在"),
	      "a second 已整改 is refused: %s", e.msg);
	CHECK(count(db, "SELECT count(*) FROM audit WHERE action = 'inspect.recheck'") == 2, "each re-check audited");
	CHECK(count(db, "SELECT count(*) FROM inspection_changes WHERE field = 'recheck' AND reason = '回头看'") == 2,
	      "the history keeps both results");
	inspection_free(&in);

	/* Correction: history, the producer fixed, a stale version refused. */
	inspection_init(&in);
	inspection_load(db, id, &in, err, sizeof err);
	inspection_init(&back);
	inspection_copy(&back, &in);
	inspection_set(&in, IF_INSPECTORS, "王芳、赵强");
	CHECK(!inspection_correct(db, cfg, form, &in, "", &staff_lf, &e) && has(e.msg, "原因"), "a reason is required");
	CHECK(inspection_correct(db, cfg, form, &in, "抄错检查人", &staff_lf, &e), "correct the inspectors: %s", e.msg);
	CHECK(count(db, "SELECT count(*) FROM inspection_changes WHERE field = 'inspectors' AND old_value = '王芳、李明'"
	                " AND new_value = '王芳、赵强' AND reason = '抄错检查人'") == 1, "the old and new value kept");
	inspection_set(&back, IF_REMARKS, "另一人的改动");
	CHECK(!inspection_correct(db, cfg, form, &back, "补充", &staff_lf, &e) && e.conflict,
	      "a correction over a stale version is refused: %s", e.msg);
	inspection_free(&back);
	inspection_set(&in, IF_PRODUCER, "鑫源果园");
	CHECK(!inspection_correct(db, cfg, form, &in, "换主体", &super, &e) && e.field == IF_PRODUCER,
	      "the producer cannot be corrected: %s", e.msg);
	inspection_free(&in);
	inspection_init(&in);
	inspection_load(db, id, &in, err, sizeof err);
	inspection_set(&in, IF_REMARKS, "土桥改侣俸");
	CHECK(!inspection_correct(db, cfg, form, &in, "越权", &staff_tq, &e), "another town's clerk may not correct: %s", e.msg);

	CHECK(!inspection_void(db, id, in.version, "", &staff_lf, err, sizeof err), "void needs a reason");
	CHECK(!inspection_void(db, id, in.version, "重复", &staff_tq, err, sizeof err), "another town may not void");
	CHECK(inspection_void(db, id, in.version, "重复录入", &staff_lf, err, sizeof err), "void: %s", err);
	CHECK(!inspection_void(db, id, 0, "再次", &staff_lf, err, sizeof err) && has(err, "已经作废"), "void twice: %s", err);
	inspection_load(db, id, &in, err, sizeof err);
	CHECK(in.voided && strcmp(in.void_reason, "重复录入") == 0, "voided with its reason, still there");
	inspection_set(&in, IF_REMARKS, "作废后");
	CHECK(!inspection_correct(db, cfg, form, &in, "改", &staff_lf, &e) && has(e.msg, "作废"), "a voided one is not corrected");
	inspection_free(&in);
}

static void test_blacklist(db_conn *db)
{
	inspection in;
	rec_error e;
	long long id = registered(db, "违禁试验场", "侣俸镇", "");
	long long before = count(db, "SELECT count(*) FROM inspections");
	fill(&in, "违禁试验场", "2026-05-05");
	inspection_set(&in, IF_BANNED, "是");
	CHECK(!inspection_insert(db, cfg, form, &in, false, &staff_lf, &e) && e.field == IF_FINDINGS,
	      "banned inputs need the findings: %s", e.msg);
	inspection_set(&in, IF_FINDINGS, "库房发现甲胺磷 3 瓶");
	CHECK(!inspection_insert(db, cfg, form, &in, true, &staff_lf, &e) && has(e.msg, "未保存"),
	      "a clerk cannot list it: refused whole: %s", e.msg);
	CHECK(count(db, "SELECT count(*) FROM inspections") == before, "nothing half saved");
	CHECK(inspection_insert(db, cfg, form, &in, true, &super, &e), "a supervisor saves and lists: %s", e.msg);
	blacklist_entry b;
	CHECK(blacklist_active(db, id, &b) && b.kind == BL_BANNED && has(b.detail, "甲胺磷"), "listed for 违禁物质");
	inspection_free(&in);
	/* Already listed: the listing fails, so the inspection is not saved. */
	before = count(db, "SELECT count(*) FROM inspections");
	fill(&in, "违禁试验场", "2026-05-06");
	inspection_set(&in, IF_BANNED, "是");
	inspection_set(&in, IF_FINDINGS, "仍有甲胺磷");
	CHECK(!inspection_insert(db, cfg, form, &in, true, &super, &e), "a second listing is refused: %s", e.msg);
	CHECK(count(db, "SELECT count(*) FROM inspections") == before, "and the inspection rolled back with it");
	inspection_free(&in);
}

static void test_guards(db_conn *db)
{
	CHECK(exec_fails(db, "DELETE FROM inspections"), "inspections are never deleted");
	CHECK(exec_fails(db, "UPDATE inspections SET inspectors = '某某、某某' WHERE id = 1"),
	      "no change without its history row");
	CHECK(exec_fails(db, "UPDATE inspection_changes SET reason = 'x'"), "history is append-only (update)");
	CHECK(exec_fails(db, "DELETE FROM inspection_changes"), "history is append-only (delete)");
	CHECK(exec_fails(db, "INSERT INTO inspections(producer_id, unit_id, producer_name, inspect_date, inspectors,"
	                     " check1, created_at, created_by) VALUES (1, 1, 'x', '2026-01-01', 'a、b', 'ok', 'x', 'x')"),
	      "a check value outside 符合/不符合/不适用 is refused by the table");
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/inspect.ini", inspect_keys, err, sizeof err) : NULL;
	pform = form ? form_load("forms/producer.ini", producer_keys, err, sizeof err) : NULL;
	CHECK(cfg && form && pform, "shipped config and forms load: %s", cfg && form && pform ? "" : err);
	if (!cfg || !form || !pform)
		return check_done();
	char items[512];
	inspection_checklist_text(form, items, sizeof items);
	CHECK(has(items, "1.投入品规范管理与使用") && has(items, "5.生产记录档案完善") && !has(items, "6."),
	      "the form's checklist is the 铜梁 plan's five items: %s", items);
	CHECK(rec_table_ok(&inspect_type), "every row of the inspection table sits at its enum value");
	db_conn *db = test_db_open(10000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "cannot open db: %s\n", err);
		return 2;
	}
	test_entry(db);
	test_rectify(db);
	test_blacklist(db);
	test_guards(db);
	test_db_close(db);
	form_free(form);
	form_free(pform);
	config_free(cfg);
	return check_done();
}
