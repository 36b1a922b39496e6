/* The maintained coverage summaries (store/coverage_counts.h) give what
 * walking the registry gives. After random producers (some sharing a
 * name), moves to another town, renames, entry dates and 登记日期 (set
 * before or after the entry, changed, cleared) changed and 追溯 enrolments; inspections saved, corrected to another date and
 * voided; samples linked by id or only by name, corrected (date,
 * producer) and voided; 合格证 months entered and entered again — every
 * town's figures of every quarter equal those of the query that walked
 * every producer (kept here as the reference), for an as_of inside a
 * quarter, at its end, after the year and before it; the lists of
 * producers still to visit are as long as that query's; `check` finds a
 * damaged table and --repair rebuilds it. A producer typed in after the
 * quarter it was registered in on paper counts in that quarter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "check.h"
#include "testdb.h"
#include "inspect/coverage.h"
#include "inspect/inspect.h"
#include "sample/sample.h"
#include "store/coverage_counts.h"
#include "store/db.h"
#include "store/enrol_counts.h"
#include "store/units.h"

static config *cfg;
static form_def *iform, *sform;
static db_conn *db;
static unsigned long long rng = 0xD1B54A32D192ED03ull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Few names in few towns and villages: names are shared. */
static const char *const names[] = {"鑫源蔬菜合作社", "侣俸果业合作社", "织篢渔业合作社", "绿源家庭农场",
                                    "高楼柑橘合作社", "白龙村种植大户"};
#define NNAMES (sizeof names / sizeof *names)

static const char *name(void)
{
	return names[rnd(NNAMES)];
}

static long long unit(void)
{
	return units_id(db, cfg->towns[1 + rnd(4)].name);
}

/* A day from 2025-10-01 to 2026-12-31. */
static void day(char *out)
{
	int y = rnd(5) ? 2026 : 2025, m = y == 2025 ? 10 + (int)rnd(3) : 1 + (int)rnd(12);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, 1 + (int)rnd(28));
}

static long long scalar(const char *sql, long long arg)
{
	db_stmt *st;
	long long v = -1;
	if (db_prepare_rc(db, sql, &st) != DB_OK)
		return -1;
	db_bind_int64(st, 1, arg);
	if (db_step(st) == DB_ROW)
		v = db_column_int64(st, 0);
	db_finalize(st);
	return v;
}

static long long any(const char *table)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT id FROM %s ORDER BY id LIMIT 1 OFFSET ?1", table);
	char count[64];
	snprintf(count, sizeof count, "SELECT count(*) FROM %s WHERE ?1 = ?1", table);
	long long n = scalar(count, 0);
	return n > 0 ? scalar(sql, (long long)rnd((unsigned)n)) : 0;
}

/* A write as the sqlite3 shell would make it (the triggers keep the
 * counts whoever writes); a refusal (a name taken in the village) is
 * just not done. */
static int exec(const char *sql, const char *text, long long a, long long b)
{
	db_stmt *st;
	if (db_prepare_rc(db, sql, &st) != DB_OK) {
		printf("# %s: %s\n", sql, db_errmsg(db));
		return 0;
	}
	db_bind_text(st, 1, text);
	db_bind_int64(st, 2, a);
	db_bind_int64(st, 3, b);
	int rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE && db_changes(db) > 0;
}

/* A 登记日期 ('' for none, 2 times in 3), often before the entry. */
static void registered(char *out)
{
	if (rnd(3))
		*out = '\0';
	else
		day(out);
}

static int new_producer(void)
{
	char on[11], reg[11], village[16];
	day(on);
	registered(reg);
	snprintf(village, sizeof village, "%u组", rnd(3));
	char sql[400];
	snprintf(sql, sizeof sql,
	         "INSERT INTO producers(name, kind, unit_id, village, traceability, registered_on, created_at, created_by)"
	         " VALUES (?1, 'coop', ?2, '%s', ?3, nullif('%s', ''), '%s 09:00:00', '登记员')", village, reg, on);
	return exec(sql, name(), unit(), rnd(2));
}

static int change_producer(void)
{
	long long id = any("producers");
	char on[24];
	day(on);
	strcat(on, " 10:00:00");
	char reg[11];
	registered(reg);
	switch (rnd(5)) {
	case 0: return exec("UPDATE producers SET unit_id = ?2 WHERE id = ?3", NULL, unit(), id);
	case 1: return exec("UPDATE producers SET name = ?1 WHERE id = ?3", name(), 0, id);
	case 2: return exec("UPDATE producers SET created_at = ?1 WHERE id = ?3", on, 0, id);
	case 3: return exec("UPDATE producers SET registered_on = nullif(?1, '') WHERE id = ?3", reg, 0, id);
	default: return exec("UPDATE producers SET traceability = 1 - traceability WHERE id = ?3", NULL, 0, id);
	}
}

static int new_inspection(void)
{
	long long who = any("producers");
	inspection in;
	inspection_init(&in);
	rec_defaults(&inspect_type, iform, in.v);
	char id[24], date[11], deadline[11];
	snprintf(id, sizeof id, "%lld", who);
	day(date);
	inspection_set(&in, IF_PRODUCER, id);
	inspection_set(&in, IF_DATE, date);
	inspection_set(&in, IF_INSPECTORS, "王芳、李明");
	if (rnd(3) == 0) {
		day(deadline);
		if (strcmp(deadline, date) < 0)
			memcpy(deadline, "2026-12-31", 11);
		inspection_set(&in, IF_CHECK3, "不符合");
		inspection_set(&in, IF_NOTE3, "田间有农药包装废弃物");
		inspection_set(&in, IF_RECTIFY, "清理包装废弃物");
		inspection_set(&in, IF_DEADLINE, deadline);
	}
	rec_error e;
	int done = inspection_insert(db, cfg, iform, &in, false, USER_AS("巡查员"), &e);
	inspection_free(&in);
	return done;
}

static int change_inspection(void)
{
	long long id = any("inspections");
	char err[512], date[11];
	inspection in;
	inspection_init(&in);
	int done = 0;
	if (id && inspection_load(db, id, &in, err, sizeof err) && rnd(3)) {
		day(date);
		inspection_set(&in, IF_DATE, date);
		rec_error e;
		done = inspection_correct(db, cfg, iform, &in, "日期录错", USER_AS("巡查员"), &e);
	} else if (id) {
		done = inspection_void(db, id, 0, "误录", USER_AS("巡查员"), err, sizeof err);
	}
	inspection_free(&in);
	return done;
}

static int new_sample(void)
{
	sample s;
	sample_init(&s);
	rec_defaults(&sample_type, sform, s.v);
	char date[11];
	day(date);
	const char *t = cfg->towns[1 + rnd(4)].name;
	sample_set(&s, SF_DATE, date);
	sample_set(&s, SF_TOWN, t);
	sample_set(&s, SF_SITE, t);
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_PRODUCER, name());
	if (rnd(3) == 0)
		s.producer_id = any("producers"); /* picked from the registry */
	sample_set(&s, SF_PRODUCT, "豇豆");
	sample_set(&s, SF_STAGE, "生产基地");
	sample_set(&s, SF_SAMPLERS, "张三、李四");
	sample_set(&s, SF_INHIBITION, "12");
	sample_error e;
	int done = sample_insert(db, cfg, sform, &s, USER_AS("录入员"), &e);
	sample_free(&s);
	return done;
}

static int change_sample(void)
{
	long long id = any("samples");
	char err[512], date[11];
	sample s;
	sample_init(&s);
	int done = 0;
	if (id && sample_load(db, id, &s, err, sizeof err) && !s.voided) {
		if (rnd(4)) {
			day(date);
			if (rnd(2))
				sample_set(&s, SF_DATE, date);
			else
				sample_set(&s, SF_PRODUCER, name());
			sample_error e;
			done = sample_correct(db, cfg, sform, &s, "抄录错误", USER_AS("录入员"), &e);
		} else {
			done = sample_void(db, id, s.version, "重复录入", USER_AS("录入员"), err, sizeof err);
		}
	}
	sample_free(&s);
	return done;
}

static int certificates(void)
{
	char month[11];
	day(month);
	month[7] = '\0';
	return exec("INSERT INTO certificate_counts(producer_id, month, count, entered_at, entered_by)"
	            " VALUES (?2, ?1, ?3, '2026-12-01 09:00:00', '登记员')", month, any("producers"),
	            rnd(3) ? rnd(200) : 0);
}

/* The figures as the program computed them before the summaries: a walk
 * of every producer. ?1 from ?2 to ?3 as_of ?4 year-from ?5 year-to. */
#define REGISTERED "min(coalesce(p.registered_on, substr(p.created_at, 1, 10)), ?3)"
#define LATEST_COUNT                                                                               \
	"c.month BETWEEN substr(?4, 1, 7) AND substr(?5, 1, 7)"                                      \
	" AND c.id = (SELECT max(c2.id) FROM certificate_counts c2 WHERE c2.producer_id = c.producer_id" \
	" AND c2.month = c.month)"
static const char *const walk_sql =
	"SELECT u.name,"
	" (SELECT count(*) FROM producers p WHERE p.unit_id = u.id AND " REGISTERED " <= ?2),"
	" (SELECT count(*) FROM producers p WHERE p.unit_id = u.id AND " REGISTERED " <= ?2"
	"   AND EXISTS (SELECT 1 FROM inspections i WHERE i.producer_id = p.id AND i.status = 'valid'"
	"   AND i.inspect_date BETWEEN ?1 AND ?2)),"
	" (SELECT count(*) FROM inspections i WHERE i.unit_id = u.id AND i.status = 'valid'"
	"   AND i.rectify IS NOT NULL AND i.inspect_date <= ?3 AND coalesce(i.recheck_result, '') <> 'done'),"
	" (SELECT count(*) FROM inspections i WHERE i.unit_id = u.id AND i.status = 'valid'"
	"   AND i.rectify IS NOT NULL AND i.inspect_date <= ?3 AND coalesce(i.recheck_result, '') <> 'done'"
	"   AND i.rectify_deadline < ?3),"
	" (SELECT count(*) FROM producers p WHERE p.unit_id = u.id AND " REGISTERED " <= ?5),"
	" (SELECT count(*) FROM producers p WHERE p.unit_id = u.id AND " REGISTERED " <= ?5"
	"   AND EXISTS (SELECT 1 FROM samples s WHERE s.status = 'valid' AND s.sample_date BETWEEN ?4 AND ?5"
	"   AND (s.producer_id = p.id OR (s.producer_id IS NULL AND s.producer = p.name)))),"
	" (SELECT count(*) FROM producers p WHERE p.unit_id = u.id AND " REGISTERED " <= ?5"
	"   AND EXISTS (SELECT 1 FROM certificate_counts c WHERE " LATEST_COUNT " AND c.producer_id = p.id"
	"   AND c.count > 0)),"
	" (SELECT coalesce(sum(c.count), 0) FROM certificate_counts c JOIN producers p ON p.id = c.producer_id"
	"   WHERE " LATEST_COUNT " AND p.unit_id = u.id),"
	" (SELECT count(*) FROM producers p WHERE p.unit_id = u.id AND " REGISTERED " <= ?5 AND p.traceability = 1"
	"   AND coalesce(substr(p.trace_date, 1, 7), '') <= substr(?5, 1, 7))"
	" FROM units u WHERE u.kind <> '检测中心' ORDER BY u.sort, u.id";

/* Producers still to visit (or never sampled) in the whole county, as
 * the walk counted them: ?1 from ?2 to ?3 as_of. */
static const char *const walk_gaps_sql =
	"SELECT count(*) FROM producers p WHERE " REGISTERED " <= min(?2, ?3) AND CASE WHEN ?4 THEN"
	" NOT EXISTS (SELECT 1 FROM samples s WHERE s.status = 'valid' AND s.sample_date BETWEEN ?5 AND ?2"
	" AND (s.producer_id = p.id OR (s.producer_id IS NULL AND s.producer = p.name)))"
	" ELSE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.producer_id = p.id AND i.status = 'valid'"
	" AND i.inspect_date BETWEEN ?1 AND ?2) END";

static bool count_gap(void *ctx, const coverage_gap *g)
{
	(void)g;
	++*(long *)ctx;
	return true;
}

/* Differences between the summaries' report and the walk's for one
 * quarter and day; the first is printed. */
static int compare(int year, int quarter, ymd as_of)
{
	char err[512];
	coverage_report r;
	if (!coverage_compute(db, year, quarter, as_of, &r, err, sizeof err)) {
		printf("# compute %d Q%d: %s\n", year, quarter, err);
		return 1;
	}
	char as[11], reg_to[11], yfrom[11], yto[11];
	date_format(as_of, as, sizeof as);
	snprintf(reg_to, sizeof reg_to, "%s", strcmp(as, r.to) < 0 ? as : r.to);
	snprintf(yfrom, sizeof yfrom, "%04d-01-01", year);
	snprintf(yto, sizeof yto, "%04d-12-31", year);
	char year_end[11]; /* the lists look at the whole year */
	memcpy(year_end, yto, sizeof year_end);
	if (strcmp(as, yto) < 0)
		memcpy(yto, as, sizeof yto);
	db_stmt *st;
	db_prepare_rc(db, walk_sql, &st);
	const char *binds[] = {r.from, reg_to, as, yfrom, yto};
	for (int k = 0; k < 5; k++)
		db_bind_text(st, k + 1, binds[k]);
	int bad = 0, i = 0;
	for (; db_step(st) == DB_ROW; i++) {
		const coverage_row *c = i < r.n ? &r.rows[i] : NULL;
		long got[] = {c ? c->producers : -1, c ? c->inspected : -1, c ? c->open : -1, c ? c->overdue : -1,
		              c ? c->year_producers : -1, c ? c->sampled : -1, c ? c->issuing : -1,
		              c ? c->certificates : -1, c ? c->traced : -1};
		for (int k = 0; k < 9; k++)
			if (got[k] != (long)db_column_int64(st, k + 1) && bad++ == 0)
				printf("# %d Q%d on %s, %s, figure %d: %ld, the walk %lld\n", year, quarter, as,
				       db_column_text(st, 0), k, got[k], (long long)db_column_int64(st, k + 1));
	}
	db_finalize(st);
	bad += i != r.n;
	for (int sampled = 0; sampled < 2; sampled++) {
		long listed = 0;
		if (!coverage_gaps(db, &r, "", sampled, count_gap, &listed, err, sizeof err))
			listed = -1;
		db_prepare_rc(db, walk_gaps_sql, &st);
		db_bind_text(st, 1, r.from);
		db_bind_text(st, 2, sampled ? year_end : r.to);
		db_bind_text(st, 3, as);
		db_bind_int(st, 4, sampled);
		db_bind_text(st, 5, yfrom);
		long want = db_step(st) == DB_ROW ? (long)db_column_int64(st, 0) : -2;
		db_finalize(st);
		if (listed != want && bad++ == 0)
			printf("# %d Q%d on %s: %ld %s listed, the walk %ld\n", year, quarter, as, listed,
			       sampled ? "never sampled" : "not visited", want);
	}
	coverage_free(&r);
	return bad;
}

static int compare_all(void)
{
	static const ymd days[] = {{2024, 6, 1},  {2025, 12, 31}, {2026, 2, 10}, {2026, 3, 31},
	                           {2026, 5, 15}, {2026, 6, 30},  {2026, 11, 2}, {2026, 12, 31}, {2027, 3, 1}};
	int bad = 0;
	for (size_t d = 0; d < sizeof days / sizeof *days; d++) {
		for (int q = 1; q <= 4; q++)
			bad += compare(2026, q, days[d]);
		bad += compare(2025, 4, days[d]);
	}
	return bad;
}

static long differ(void)
{
	char err[512];
	long n = -1, en = -1;
	if (!coverage_counts_verify(db, &n, err, sizeof err) || !enrol_counts_verify(db, &en, err, sizeof err))
		printf("# verify: %s\n", err);
	return n < 0 || en < 0 ? -1 : n + en;
}

/* The first town's registry for year's quarter and producers in 追溯 in
 * the year, taken after it (a period over: only producers registered by
 * its end). */
static void town_figures(int year, int quarter, long *producers, long *traced)
{
	char err[512];
	coverage_report r;
	*producers = *traced = -1;
	if (!coverage_compute(db, year, quarter, (ymd){2027, 3, 1}, &r, err, sizeof err))
		return;
	for (int i = 0; i < r.n; i++)
		if (strcmp(r.rows[i].unit, cfg->towns[1].name) == 0) {
			*producers = r.rows[i].producers;
			*traced = r.rows[i].traced;
		}
	coverage_free(&r);
}

/* A producer typed in on 2026-11-20 but registered on paper on ?1 (NULL:
 * not given), in 追溯 since 2025-12-01. */
static long long paper_producer(const char *registered_on, const char *name_)
{
	char sql[400];
	snprintf(sql, sizeof sql,
	         "INSERT INTO producers(name, kind, unit_id, village, traceability, trace_date, registered_on,"
	         " created_at, created_by) VALUES ('%s', 'family_farm', ?2, '纸档组', 1, '2025-12-01', ?1,"
	         " '2026-11-20 09:00:00', '登记员')", name_);
	if (!exec(sql, registered_on, units_id(db, cfg->towns[1].name), 0))
		return 0;
	return db_last_insert_id(db);
}

/* 登记日期 is the registry's start: before the entry, later corrected. */
static void registered_before_entry(void)
{
	long q1, t1, q3, t3, n, t, t25, n25;
	town_figures(2026, 1, &q1, &t1);
	town_figures(2026, 3, &q3, &t3);
	town_figures(2025, 4, &n25, &t25);
	long long early = paper_producer("2025-11-10", "侣俸镇纸档家庭农场");
	paper_producer(NULL, "织篢镇新录合作社");
	long long later = paper_producer("2026-08-01", "侣俸镇后登记农场");
	town_figures(2026, 1, &n, &t);
	CHECK(early && later && n == q1 + 1 && t == t1 + 3,
	      "a producer registered on 2025-11-10 but typed in on 2026-11-20 is in 2026 Q1's registry"
	      " (%ld → %ld); one without 登记日期 or registered in August is not (all 3 in 2026's 追溯: %ld → %ld)",
	      q1, n, t1, t);
	town_figures(2026, 3, &n, &t);
	CHECK(n == q3 + 2, "in Q3's both the paper ones are (%ld → %ld)", q3, n);
	town_figures(2025, 4, &n, &t);
	CHECK(n == n25 + 1 && t == t25 + 1, "and the early one is in 2025 Q4's registry and 2025's 追溯 (%ld → %ld, %ld → %ld)",
	      n25, n, t25, t);
	CHECK(exec("UPDATE producers SET registered_on = ?1 WHERE id = ?3", "2026-02-01", 0, later),
	      "the August 登记日期 is corrected to 2026-02-01");
	town_figures(2026, 1, &n, &t);
	CHECK(n == q1 + 2, "2026 Q1 now counts it too (%ld → %ld)", q1, n);
	CHECK(exec("UPDATE producers SET registered_on = NULL WHERE id = ?3", NULL, 0, early), "a 登记日期 cleared");
	town_figures(2026, 1, &n, &t);
	CHECK(n == q1 + 1, "its producer counts from its entry day again: not in Q1 (%ld → %ld)", q1, n);
	town_figures(2025, 4, &n, &t);
	CHECK(n == n25 && t == t25, "nor in 2025 (%ld → %ld, 追溯 %ld → %ld)", n25, n, t25, t);
	CHECK(differ() == 0, "the summaries still equal a recount");
	CHECK(compare_all() == 0, "and the figures the walk's");
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-12-31", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	iform = cfg ? form_load("forms/inspect.ini", inspect_keys, err, sizeof err) : NULL;
	sform = iform ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	db = sform ? test_db_open(10000, err, sizeof err) : NULL;
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "setup: %s\n", err);
		return 2;
	}
	int (*const ops[])(void) = {new_producer, new_producer, change_producer, new_inspection, new_inspection,
	                            change_inspection, new_sample, new_sample, change_sample, certificates};
	int done[10] = {0};
	for (int i = 0; i < 30; i++)
		done[0] += new_producer();
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 250; i++) {
			unsigned k = rnd(10);
			done[k] += ops[k]();
		}
		CHECK(differ() == 0, "round %d: the summaries equal a recount of the records", round + 1);
		int bad = compare_all();
		CHECK(bad == 0, "round %d: every town's figures, 2025 Q4 and 2026 Q1-Q4 on 9 days, equal the walk's (%d differ)",
		      round + 1, bad);
	}
	CHECK(done[0] + done[1] > 60 && done[2] > 10 && done[3] + done[4] > 30 && done[5] > 10 && done[6] + done[7] > 30 &&
	      done[8] > 10 && done[9] > 10,
	      "every kind of change was made (%d producers, %d changed; %d inspections, %d changed; %d samples, %d"
	      " changed; %d certificate months)", done[0] + done[1], done[2], done[3] + done[4], done[5],
	      done[6] + done[7], done[8], done[9]);
	CHECK(scalar("SELECT count(*) FROM samples WHERE status = 'valid' AND producer_id IS NULL AND producer IN"
	             " (SELECT name FROM producers) AND ?1 = ?1", 0) > 5 &&
	      scalar("SELECT count(*) FROM inspections WHERE status = 'void' AND ?1 = ?1", 0) > 3 &&
	      scalar("SELECT count(*) FROM (SELECT name FROM producers GROUP BY name HAVING count(*) > 1) WHERE ?1 = ?1", 0) > 2,
	      "among them samples matched only by name, voided inspections and names shared by several producers");
	registered_before_entry();

	/* A damaged summary is found, and rebuilt from the records. */
	db_exec(db, "UPDATE coverage_counts SET n = n + 1 WHERE (year, duty, unit_id, first, late) ="
	             " (SELECT year, duty, unit_id, first, late FROM coverage_counts LIMIT 1)");
	db_exec(db, "DELETE FROM producer_marks WHERE producer_id = (SELECT max(producer_id) FROM producer_marks)");
	db_exec(db, "UPDATE producer_unit_months SET traced = traced + 2");
	long broken = differ();
	CHECK(broken > 0, "a damaged summary is found (%ld rows)", broken);
	CHECK(coverage_counts_rebuild(db, err, sizeof err), "rebuilt: %s", err);
	CHECK(differ() == 0, "after the rebuild the summaries equal a recount");
	CHECK(compare_all() == 0, "and the figures equal the walk's again");
	test_db_close(db);
	form_free(iform);
	form_free(sform);
	config_free(cfg);
	return check_done();
}
