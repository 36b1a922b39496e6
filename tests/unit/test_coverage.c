/* Coverage of the quarterly inspections and 一年一检 against fixed data:
 * two towns' registries, inspections inside and outside the quarter (one
 * voided), rectifications open, overdue and closed, samples linked by id
 * and by name; the per-town figures, the list of producers still to
 * visit, the CSV and the bulletin's sections, line by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "check.h"
#include "testdb.h"
#include "inspect/certificate.h"
#include "inspect/coverage.h"
#include "inspect/coverage_print.h"
#include "inspect/inspect.h"
#include "registry/producer.h"
#include "sample/sample.h"
#include "store/db.h"
#include "store/enrol_counts.h"
#include "store/units.h"

static config *cfg;
static form_def *form, *pform, *sform;
static db_conn *db;

static long long registered(const char *name, const char *town, const char *village, const char *on)
{
	producer p;
	producer_init(&p);
	producer_set(&p, PF_NAME, name);
	producer_set(&p, PF_KIND, "合作社");
	producer_set(&p, PF_TOWN, town);
	producer_set(&p, PF_VILLAGE, village);
	/* 追溯: on for the two 鑫源/柑橘 ones, enrolled in February. */
	bool traced = strstr(name, "鑫源") || strstr(name, "柑橘");
	producer_set(&p, PF_TRACEABILITY, traced ? "是" : "否");
	producer_set(&p, PF_TRACE_DATE, traced ? "2026-02-01" : "");
	rec_error e;
	long long id = producer_insert(db, cfg, pform, &p, USER_AS("登记员"), &e) ? p.id : 0;
	if (!id)
		printf("# producer %s: %s\n", name, e.msg);
	producer_free(&p);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE producers SET created_at = '%s 09:00:00' WHERE id = %lld", on, id);
	db_exec(db, sql);
	return id;
}

static long long inspected(long long who, const char *date, const char *rectify, const char *deadline)
{
	inspection in;
	inspection_init(&in);
	rec_defaults(&inspect_type, form, in.v);
	char id[24];
	snprintf(id, sizeof id, "%lld", who);
	inspection_set(&in, IF_PRODUCER, id);
	inspection_set(&in, IF_DATE, date);
	inspection_set(&in, IF_INSPECTORS, "王芳、李明");
	if (rectify) {
		inspection_set(&in, IF_CHECK3, "不符合");
		inspection_set(&in, IF_NOTE3, "田间有农药包装废弃物");
		inspection_set(&in, IF_RECTIFY, rectify);
		inspection_set(&in, IF_DEADLINE, deadline);
	}
	rec_error e;
	long long saved = inspection_insert(db, cfg, form, &in, false, USER_AS("巡查员"), &e) ? in.id : 0;
	if (!saved)
		printf("# inspection %s %s: %s\n", id, date, e.msg);
	inspection_free(&in);
	return saved;
}

static void sampled(const char *producer_name, const char *town, const char *date)
{
	sample s;
	sample_init(&s);
	rec_defaults(&sample_type, sform, s.v);
	sample_set(&s, SF_DATE, date);
	sample_set(&s, SF_TOWN, town);
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_PRODUCER, producer_name);
	sample_set(&s, SF_PRODUCT, "豇豆");
	sample_set(&s, SF_STAGE, "生产基地");
	sample_set(&s, SF_SAMPLERS, "张三、李四");
	sample_set(&s, SF_INHIBITION, "12");
	rec_error e;
	if (!sample_insert(db, cfg, sform, &s, USER_AS("录入员"), &e))
		printf("# sample %s: %s\n", producer_name, e.msg);
	sample_free(&s);
}

static const coverage_row *row_of(const coverage_report *r, const char *unit)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->rows[i].unit, unit) == 0)
			return &r->rows[i];
	return NULL;
}

typedef struct {
	char lines[16][256];
	int n;
} gaps;

static bool gap(void *ctx, const coverage_gap *g)
{
	gaps *x = ctx;
	if (x->n < 16)
		snprintf(x->lines[x->n++], sizeof x->lines[0], "%s|%s|%s|%s", g->town, g->village, g->name, g->last);
	return true;
}

/* The text fn writes into a string. */
static char *capture(bool (*fn)(FILE *, void *), void *ctx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	bool ok = fn(mem, ctx);
	fclose(mem);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

static bool bulletin_q2(FILE *out, void *ctx)
{
	char *err = ctx;
	return coverage_bulletin(db, 2026, 2, (ymd){2026, 6, 15}, out, err, 512);
}

static bool csv_q2(FILE *out, void *ctx)
{
	coverage_print_csv(out, ctx);
	return true;
}

static long long count_of(const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

/* One producer's 合格证 trial list / 追溯 enrolment as edited: the flag
 * needs its date, the date counts from its day, a flag turned off takes
 * its date along (the history keeps it). */
static bool edited(long long id, int flag, const char *on, int datef, const char *date, rec_error *e)
{
	producer p;
	producer_init(&p);
	char err[512];
	bool ok = producer_load(db, id, &p, err, sizeof err);
	producer_set(&p, flag, on);
	producer_set(&p, datef, date);
	ok = ok && producer_update(db, cfg, pform, &p, "试行名录更新", USER_AS("登记员"), e);
	producer_free(&p);
	return ok;
}

static void enrolment(long long g1)
{
	rec_error e;
	char err[512];
	long long gl2 = count_of("SELECT id FROM producers WHERE name = '高楼蔬菜合作社'");
	CHECK(!edited(gl2, PF_TRACEABILITY, "是", PF_TRACE_DATE, "", &e) && e.field == PF_TRACE_DATE,
	      "追溯 without its date is refused, at the date: %s", e.msg);
	CHECK(!edited(gl2, PF_TRACEABILITY, "是", PF_TRACE_DATE, "2026-07-01", &e) && strstr(e.msg, "晚于"),
	      "an enrolment dated in the future is refused: %s", e.msg);
	CHECK(edited(gl2, PF_TRACEABILITY, "是", PF_TRACE_DATE, "5-20", &e), "enrolled on 5-20: %s", e.msg);
	CHECK(count_of("SELECT count(*) FROM producers WHERE trace_date = '2026-05-20'") == 1, "the date is kept normalised");
	CHECK(edited(g1, PF_CERTIFICATE, "是", PF_CERT_DATE, "2026-03-01", &e), "高楼柑橘 in the trial list: %s", e.msg);
	CHECK(edited(gl2, PF_CERTIFICATE, "是", PF_CERT_DATE, "2026-04-10", &e), "高楼蔬菜 in the trial list: %s", e.msg);
	coverage_report q1, q2;
	CHECK(coverage_compute(db, 2026, 1, (ymd){2026, 3, 31}, &q1, err, sizeof err), "Q1 as of 03-31: %s", err);
	CHECK(coverage_compute(db, 2026, 2, (ymd){2026, 6, 15}, &q2, err, sizeof err), "Q2 as of 06-15: %s", err);
	const coverage_row *a = row_of(&q1, "高楼镇"), *b = row_of(&q2, "高楼镇");
	CHECK(a && a->traced == 1 && a->trial == 1, "高楼镇 by 03-31: 1 enrolled, 1 in the trial list (%ld, %ld)",
	      a ? a->traced : -1, a ? a->trial : -1);
	CHECK(b && b->traced == 2 && b->trial == 2 && b->traced_rate == 100.0, "高楼镇 by 06-15: both enrolled, both in the list");
	coverage_free(&q1);
	coverage_free(&q2);
	long differ = -1;
	CHECK(enrol_counts_verify(db, &differ, err, sizeof err) && differ == 0,
	      "the maintained enrolment counts equal a recount (%ld differ)", differ);
	CHECK(edited(gl2, PF_TRACEABILITY, "否", PF_TRACE_DATE, "2026-05-20", &e), "leaves 追溯: %s", e.msg);
	CHECK(count_of("SELECT count(*) FROM producers WHERE trace_date = '2026-05-20' OR trace_code IS NOT NULL") == 0,
	      "leaving takes the date along");
	CHECK(count_of("SELECT count(*) FROM producer_changes WHERE field = 'trace_date' AND old_value = '2026-05-20'") == 1,
	      "the history keeps the enrolment's date");

	/* 登记日期: a paper inspection from before the producer was typed in. */
	long long late = registered("老档案合作社", "高楼镇", "", "2026-05-10");
	CHECK(!inspected(late, "2026-03-02", NULL, NULL), "an inspection before the day it was entered here is refused");
	inspection in;
	inspection_init(&in);
	rec_defaults(&inspect_type, form, in.v);
	char id[24];
	snprintf(id, sizeof id, "%lld", late);
	inspection_set(&in, IF_PRODUCER, id);
	inspection_set(&in, IF_DATE, "2026-03-02");
	inspection_set(&in, IF_INSPECTORS, "王芳、李明");
	CHECK(!inspection_insert(db, cfg, form, &in, false, USER_AS("巡查员"), &e) && strstr(e.msg, "登记日期"),
	      "the message says to fill in its 登记日期: %s", e.msg);
	CHECK(edited(late, PF_REGISTERED, "2025-11-03", PF_REGISTERED, "2025-11-03", &e), "登记日期 2025-11-03: %s", e.msg);
	CHECK(inspection_insert(db, cfg, form, &in, false, USER_AS("巡查员"), &e), "then the paper inspection is taken: %s",
	      e.msg);
	inspection_set(&in, IF_DATE, "2025-10-30");
	CHECK(!inspection_insert(db, cfg, form, &in, false, USER_AS("巡查员"), &e) && strstr(e.msg, "的登记日期 2025-11-03"),
	      "but not one before the 登记日期: %s", e.msg);
	inspection_free(&in);
	CHECK(coverage_compute(db, 2026, 1, (ymd){2026, 3, 31}, &q1, err, sizeof err), "Q1 again: %s", err);
	a = row_of(&q1, "高楼镇");
	CHECK(a && a->producers == 3 && a->inspected == 1, "Q1 as of 03-31 counts it and its paper inspection (%ld of %ld)",
	      a ? a->inspected : -1, a ? a->producers : -1);
	coverage_free(&q1);
	differ = -1;
	CHECK(enrol_counts_verify(db, &differ, err, sizeof err) && differ == 0,
	      "... still after leaving 追溯 and a new producer (%ld differ)", differ);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/inspect.ini", inspect_keys, err, sizeof err) : NULL;
	pform = form ? form_load("forms/producer.ini", producer_keys, err, sizeof err) : NULL;
	sform = pform ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	db = sform ? test_db_open(10000, err, sizeof err) : NULL;
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "setup: %s\n", err);
		return 2;
	}
	/* 侣俸镇: four producers, one registered only in May; 高楼镇: two. */
	long long a = registered("鑫源蔬菜合作社", "侣俸镇", "白龙村", "2026-01-05");
	long long b = registered("侣俸果业合作社", "侣俸镇", "白龙村", "2026-01-05");
	long long c = registered("织篢渔业合作社", "侣俸镇", "石桥村", "2026-01-05");
	long long d = registered("新登记合作社", "侣俸镇", "石桥村", "2026-05-10");
	long long g1 = registered("高楼柑橘合作社", "高楼镇", "", "2026-01-05");
	registered("高楼蔬菜合作社", "高楼镇", "", "2026-01-05");
	inspected(a, "2026-03-20", NULL, NULL);                    /* Q1: not this quarter */
	inspected(a, "2026-04-08", "清理包装废弃物", "2026-04-30"); /* overdue on 06-15 */
	inspected(a, "2026-05-08", NULL, NULL);                    /* twice in Q2: counts once */
	long long closed = inspected(b, "2026-05-12", "建立生产记录", "2026-05-31");
	long long voided = inspected(c, "2026-06-01", NULL, NULL);
	inspected(d, "2026-06-02", "张贴质量管控制度", "2026-06-30"); /* open, not overdue */
	inspected(g1, "2026-04-15", NULL, NULL);
	inspection in;
	inspection_init(&in);
	inspection_load(db, closed, &in, err, sizeof err);
	inspection_recheck_input rc = {.date = "2026-05-30", .result = "已整改"};
	rec_error e;
	CHECK(inspection_recheck(db, cfg, form, &in, &rc, USER_AS("巡查员"), &e), "回头看 closes one: %s", e.msg);
	inspection_free(&in);
	CHECK(inspection_void(db, voided, 0, "误录", USER_AS("巡查员"), err, sizeof err), "void one: %s", err);
	sampled("鑫源蔬菜合作社", "侣俸镇", "2026-02-01");   /* by name (linked at save) */
	sampled("高楼柑橘合作社", "高楼镇", "2025-12-30");   /* last year: not this year's */

	/* 合格证 counts: a month entered again counts as its latest; 0 is not issuing. */
	const account clerk = {.login = "lf", .name = "侣俸", .role = USER_STAFF, .town = "侣俸镇", .active = true};
	CHECK(certificate_enter(db, "鑫源蔬菜合作社", "2026-03", "120", &clerk, err, sizeof err), "120 in March: %s", err);
	CHECK(certificate_enter(db, "鑫源蔬菜合作社", "2026-3", "100", &clerk, err, sizeof err), "March again: 100: %s", err);
	CHECK(certificate_enter(db, "侣俸果业合作社", "2026-05", "0", &clerk, err, sizeof err), "0 in May: %s", err);
	CHECK(certificate_enter(db, "高楼柑橘合作社", "2026-04", "50", USER_AS("县级"), err, sizeof err), "50: %s", err);
	long long before = -1;
	db_stmt *cnt;
	db_prepare_rc(db, "SELECT count(*) FROM certificate_counts", &cnt);
	if (db_step(cnt) == DB_ROW)
		before = db_column_int64(cnt, 0);
	db_reset(cnt);
	CHECK(!certificate_enter(db, "鑫源蔬菜合作社", "2026-04", "-3", &clerk, err, sizeof err) && strstr(err, "负数"),
	      "a negative count: %s", err);
	CHECK(!certificate_enter(db, "鑫源蔬菜合作社", "2026-04", "10001", &clerk, err, sizeof err) && strstr(err, "上限 10000"),
	      "above the maximum: %s", err);
	CHECK(!certificate_enter(db, "鑫源蔬菜合作社", "2026-07", "5", &clerk, err, sizeof err) && strstr(err, "还没到"),
	      "a month still to come: %s", err);
	CHECK(!certificate_enter(db, "高楼柑橘合作社", "2026-04", "5", &clerk, err, sizeof err) && strstr(err, "高楼镇"),
	      "another town's producer (staff): %s", err);
	CHECK(!certificate_enter(db, "鑫源蔬菜合作社", "2026-04", "5张", &clerk, err, sizeof err), "not a number: %s", err);
	CHECK(db_step(cnt) == DB_ROW && db_column_int64(cnt, 0) == before, "nothing saved by the refusals");
	db_finalize(cnt);
	CHECK(db_exec(db, "UPDATE certificate_counts SET count = 1") != DB_OK,
	      "counts are never changed in place");

	coverage_report r;
	CHECK(coverage_compute(db, 2026, 2, (ymd){2026, 6, 15}, &r, err, sizeof err), "compute Q2: %s", err);
	CHECK_STR(r.from, "2026-04-01", "quarter from");
	CHECK_STR(r.to, "2026-06-30", "quarter to");
	CHECK(r.share > 0.82 && r.share < 0.84, "76 of 91 days of the quarter gone (%.3f)", r.share);
	const coverage_row *lf = row_of(&r, "侣俸镇"), *gl = row_of(&r, "高楼镇");
	CHECK(!row_of(&r, "区检测中心"), "the testing centre has no registry row");
	CHECK(lf && lf->producers == 4 && lf->inspected == 3, "侣俸镇: 4 producers, 3 inspected (the voided one does not count): %ld %ld",
	      lf ? lf->producers : -1, lf ? lf->inspected : -1);
	CHECK(lf && lf->open == 2 && lf->overdue == 1, "侣俸镇: 2 rectifications open, 1 overdue (%ld, %ld)",
	      lf ? lf->open : -1, lf ? lf->overdue : -1);
	CHECK(lf && lf->coverage == 75.0, "侣俸镇 coverage 75%%");
	CHECK(lf && lf->year_producers == 4 && lf->sampled == 1, "侣俸镇 一年一检: 1 of 4 sampled");
	CHECK(gl && gl->producers == 2 && gl->inspected == 1 && gl->sampled == 0, "高楼镇: 1 of 2 inspected, none sampled this year");
	CHECK(r.total.producers == 6 && r.total.inspected == 4, "total 4 of 6");

	coverage_report q1;
	CHECK(coverage_compute(db, 2026, 1, (ymd){2026, 6, 15}, &q1, err, sizeof err), "compute Q1");
	lf = row_of(&q1, "侣俸镇");
	CHECK(lf && lf->producers == 3 && lf->inspected == 1, "Q1: the producer registered in May is not in Q1's registry (%ld of %ld)",
	      lf ? lf->inspected : -1, lf ? lf->producers : -1);
	coverage_free(&q1);

	gaps x = {.n = 0};
	CHECK(coverage_gaps(db, &r, "侣俸镇", false, gap, &x, err, sizeof err) && x.n == 1, "one 侣俸镇 producer still to visit (%d)", x.n);
	CHECK_STR(x.lines[0], "侣俸镇|石桥村|织篢渔业合作社|", "it is the voided one's, by village, never inspected since");
	x.n = 0;
	CHECK(coverage_gaps(db, &r, "", true, gap, &x, err, sizeof err) && x.n == 5, "five producers never sampled this year (%d)", x.n);
	CHECK_STR(x.lines[0], "高楼镇||高楼柑橘合作社|2025-12-30", "in unit order; last year's sample is named as the last one");

	char *csv = capture(csv_q2, &r);
	CHECK(csv && strncmp(csv, "单位,主体数,已巡查,未巡查,覆盖率,", strlen("单位,主体数,已巡查,未巡查,覆盖率,")) == 0,
	      "CSV header begins 单位,主体数,已巡查,未巡查,覆盖率");
	CHECK(csv && strstr(csv, "侣俸镇,4,3,1,75.0%,2,1,4,1,3,25.0%,1,25.0%,100,1,25.0%,0,0,0\r\n"), "CSV row of 侣俸镇");
	CHECK(csv && strstr(csv, "合计,6,4,2,66.7%,2,1,6,1,5,16.7%,2,33.3%,150,2,33.3%,0,0,0\r\n"), "CSV total");
	free(csv);
	coverage_free(&r);

	char berr[512] = "";
	char *b2 = capture(bulletin_q2, berr);
	CHECK(b2 != NULL, "bulletin sections: %s", berr);
	const char *want[] = {
		"\n巡查覆盖 (每季度全覆盖巡查辖区内所有生产经营主体；2026-04-01 至 2026-06-15)\n",
		"  主体名录 6 个，本季度已巡查 4 个，未巡查 2 个，覆盖率 66.7%；整改未完成 2 件，其中逾期 1 件。\n",
		"  未达 100% 的镇街 2 个 (低的在前): 高楼镇 50.0% (差 1 个)、侣俸镇 75.0% (差 1 个)。\n",
		"  主体名录中没有主体的镇街 26 个，请先登记辖区内的生产经营主体。\n",
		"\n一年一检 (每个生产经营主体每年至少抽检一次；2026 年截至 2026-06-15)\n",
		"  主体名录 6 个，已抽检 1 个，尚未抽检 5 个，一年一检率 16.7%。\n",
		"  未达 100% 的镇街 2 个 (低的在前): 高楼镇 0.0% (差 2 个)、侣俸镇 25.0% (差 3 个)。\n",
		"\n食用农产品合格证 (符合条件的生产主体使用率力争 100%；2026 年截至 2026-06-15)\n",
		"  主体名录 6 个，列入合格证试行名录 0 个，开具合格证的 2 个，使用率 33.3%；全年开具 150 张。\n",
		"  未达 100% 的镇街 2 个 (低的在前): 侣俸镇 25.0% (差 3 个)、高楼镇 50.0% (差 1 个)。\n",
		"\n追溯 (合格证+追溯码，符合条件的主体 100% 纳入追溯管理；截至 2026-06-15)\n",
		"  主体名录 6 个，已纳入追溯 2 个，纳入率 33.3%。\n",
	};
	for (size_t i = 0; b2 && i < sizeof want / sizeof *want; i++)
		CHECK(strstr(b2, want[i]) != NULL, "bulletin line %zu: %.*s", i + 1,
		      (int)strcspn(want[i] + (want[i][0] == '\n'), "\n"), want[i] + (want[i][0] == '\n'));
	if (b2 && check_failed)
		printf("# bulletin was:\n%s", b2);
	free(b2);
	enrolment(g1);
	test_db_close(db);
	form_free(form);
	form_free(pform);
	form_free(sform);
	config_free(cfg);
	return check_done();
}
