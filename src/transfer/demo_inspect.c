/* The demo's registry and inspections (demo.h): for every town a dozen
 * producers named as the demo samples name them (so 一年一检 finds many of
 * them sampled), registered on 1 January, and each quarter up to today
 * inspected near the town's pace, some with a rectification that a later
 * 回头看 closes. Everything through the domain's own inserts. */
#include "transfer/demo.h"

#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "inspect/brand.h"
#include "inspect/certificate.h"
#include "inspect/inspect.h"
#include "registry/producer.h"
#include "store/db.h"

/* The same names as demo.c's samples: town + surname + kind. */
static const char *const surnames[] = {"张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴"};
static const struct {
	const char *name, *kind;
} kinds[] = {
	{"蔬菜专业合作社", "合作社"}, {"家庭农场", "家庭农场"}, {"果蔬种植基地", "生产基地"},
	{"生态农业有限公司", "企业"}, {"水产养殖场", "企业"},
};
static const char *const villages[] = {"白龙村", "新华村", "石桥村", "永兴村"};
static const char *const inspectors[] = {"王芳、李明", "陈静、刘强", "赵敏、周杰"};

static unsigned mix(unsigned a, unsigned b)
{
	unsigned h = a * 2654435761u ^ (b + 0x9e3779b9u + (a << 6) + (a >> 2));
	return h ^ (h >> 15);
}

/* The day-th day of the year (from 1 January), no later than today. */
static void demo_day_this_year(int year, unsigned day, char out[11])
{
	ymd today = date_today();
	long first = date_days((ymd){year, 1, 1}), last = date_days(today);
	long d = first + (long)(day % 300);
	if (d > last)
		d = last > first ? first + (d - first) % (last - first + 1) : first;
	date_format(date_from_days(d), out, 11);
}

static bool register_town(app *a, const town_def *t, int u, int year, long long *ids, int *n, char *err, size_t errlen)
{
	*n = 0;
	for (int i = 0; i < 12; i++) {
		producer p;
		producer_init(&p);
		char name[256];
		snprintf(name, sizeof name, "%s%s%s", t->short_name, surnames[(u + i * 3) % 10], kinds[i % 5].name);
		producer_set(&p, PF_NAME, name);
		producer_set(&p, PF_KIND, kinds[i % 5].kind);
		producer_set(&p, PF_TOWN, t->name);
		producer_set(&p, PF_VILLAGE, villages[i % 4]);
		/* Most in the 合格证 trial list and enrolled in 追溯, not all;
		 * they joined on a day of the year so far, 追溯 with its code. */
		bool trial = (u + i) % 4 != 3, traced = (u + i) % 3 != 0;
		char joined[11], enrolled[11], code[32];
		demo_day_this_year(year, (unsigned)(u * 5 + i * 11), joined);
		demo_day_this_year(year, (unsigned)(u * 7 + i * 23), enrolled);
		snprintf(code, sizeof code, "%s%02d%04d", a->cfg->district_code, u + 1, i + 1);
		producer_set(&p, PF_CERTIFICATE, trial ? "是" : "否");
		producer_set(&p, PF_CERT_DATE, trial ? joined : "");
		producer_set(&p, PF_TRACEABILITY, traced ? "是" : "否");
		producer_set(&p, PF_TRACE_DATE, traced ? enrolled : "");
		producer_set(&p, PF_TRACE_CODE, traced ? code : "");
		rec_error e;
		bool ok = producer_insert(a->db, a->cfg, app_form(a, "producer"), &p, USER_AS("demo"), &e);
		if (ok)
			ids[(*n)++] = p.id;
		producer_free(&p);
		if (!ok && e.field < 0) {
			snprintf(err, errlen, "演示主体登记失败: %s", e.msg);
			return false;
		}
	}
	/* Registered at the start of the year, before its inspections. */
	char sql[160], err2[512];
	snprintf(sql, sizeof sql, "UPDATE producers SET created_at = '%04d-01-01 08:00:00' WHERE unit_id ="
	         " (SELECT id FROM units WHERE name = ?1)", year);
	db_stmt *st = db_prepare(a->db, sql, err2, sizeof err2);
	bool ok = st != NULL;
	if (ok) {
		db_bind_text(st, 1, t->name);
		ok = db_step(st) == DB_DONE;
		db_finalize(st);
	}
	if (!ok)
		snprintf(err, errlen, "演示主体登记失败");
	return ok;
}

static bool inspect_one(app *a, const form_def *f, long long id, ymd d, unsigned h, ymd today, char *err,
                        size_t errlen)
{
	inspection in;
	inspection_init(&in);
	rec_defaults(&inspect_type, f, in.v);
	char buf[64];
	snprintf(buf, sizeof buf, "%lld", id);
	inspection_set(&in, IF_PRODUCER, buf);
	date_format(d, buf, sizeof buf);
	inspection_set(&in, IF_DATE, buf);
	inspection_set(&in, IF_INSPECTORS, inspectors[h % 3]);
	bool rectify = h % 10 == 0;
	if (rectify) {
		inspection_set(&in, IF_CHECK2, "不符合");
		inspection_set(&in, IF_NOTE2, "农药化肥混放，未分区标识");
		inspection_set(&in, IF_RECTIFY, "农资分区存放并标识，建立出入库台账");
		date_format(date_from_days(date_days(d) + 15), buf, sizeof buf);
		inspection_set(&in, IF_DEADLINE, buf);
	}
	rec_error e;
	bool ok = inspection_insert(a->db, a->cfg, f, &in, false, USER_AS("demo"), &e);
	/* Most rectifications are re-checked within their deadline. */
	ymd back = date_from_days(date_days(d) + 12);
	if (ok && rectify && (h / 10) % 4 != 0 && date_cmp(back, today) <= 0) {
		char day[11];
		date_format(back, day, sizeof day);
		inspection_recheck_input r = {.date = day, .result = "已整改", .note = "已分区存放，台账已建立"};
		ok = inspection_recheck(a->db, a->cfg, f, &in, &r, USER_AS("demo"), &e);
	}
	if (!ok)
		snprintf(err, errlen, "演示巡查记录生成失败: %s", e.msg);
	inspection_free(&in);
	return ok;
}

/* The trial list's producers enter their certificates month by month,
 * a few months missing. */
static bool certificates(app *a, const long long *ids, int n, int u, int year, unsigned seed, char *err,
                         size_t errlen)
{
	ymd today = date_today();
	int last = year < today.y ? 12 : today.m;
	for (int i = 0; i < n; i++) {
		if ((u + i) % 4 == 3)
			continue;
		for (int m = 1; m <= last; m++) {
			unsigned h = mix(seed + (unsigned)m, (unsigned)(u * 16 + i));
			if (h % 5 == 0)
				continue;
			char who[24], month[16], count[16];
			snprintf(who, sizeof who, "%lld", ids[i]);
			snprintf(month, sizeof month, "%04d-%02d", year, m);
			snprintf(count, sizeof count, "%u", 10 + h % 90);
			if (!certificate_enter(a->db, who, month, count, USER_AS("demo"), err, errlen))
				return false;
		}
	}
	return true;
}

/* A few producers hold a 农业品牌 certification granted this year (some
 * last year): the district stays short of its 20 new 两品一标. */
static bool brands(app *a, const long long *ids, int n, int u, int year, unsigned seed, char *err, size_t errlen)
{
	static const char *const products[] = {"豇豆", "柑橘", "莲藕", "草鱼", "茶叶"};
	for (int i = 0; i < n; i++) {
		unsigned h = mix(seed ^ 0x5bd1e995u, (unsigned)(u * 16 + i));
		if (h % 23 != 0)
			continue;
		char who[24], day[24], no[32];
		snprintf(who, sizeof who, "%lld", ids[i]);
		demo_day_this_year(year, h / 23, day);
		if (h % 5 == 4)
			snprintf(day, sizeof day, "%04d-11-%02u", year - 1, 1 + h % 28); /* last year's */
		snprintf(no, sizeof no, "LB-%02d-%04u", u + 1, h % 10000);
		brand_input in = {.producer = who, .kind = brand_kinds[(h / 7) % 4], .granted = day,
		                  .product = products[i % 5], .cert_no = no};
		long long id;
		if (!brand_add(a->db, &in, USER_AS("demo"), &id, err, errlen))
			return false;
	}
	return true;
}

long demo_inspections(app *a, unsigned seed, char *err, size_t errlen)
{
	const config *c = a->cfg;
	const form_def *f = app_form_loaded(a, "inspect", err, errlen);
	if (!f)
		return -1;
	ymd today = date_today();
	int year = c->year;
	long added = 0;
	for (int u = 0; u < c->ntowns; u++) {
		const town_def *t = &c->towns[u];
		if (strcmp(t->kind, "检测中心") == 0)
			continue;
		long long ids[16];
		int n;
		if (!register_town(a, t, u, year, ids, &n, err, errlen) ||
		    !certificates(a, ids, n, u, year, seed, err, errlen) || !brands(a, ids, n, u, year, seed, err, errlen))
			return -1;
		/* Each town covers 70-100 % of its registry a quarter, fixed per town. */
		unsigned pace = 70 + mix(seed, (unsigned)u) % 31;
		for (int q = 1; q <= 4; q++) {
			ymd from = {year, q * 3 - 2, 1};
			long first = date_days(from), last = date_days((ymd){year, q * 3, date_days_in_month(year, q * 3)});
			if (date_days(today) < first)
				break;
			if (last > date_days(today))
				last = date_days(today);
			for (int i = 0; i < n; i++) {
				unsigned h = mix(seed + (unsigned)q * 131u, (unsigned)(u * 16 + i));
				long day = first + (long)(h % (unsigned)(last - first + 1));
				/* A quarter still running: only the visits already due. */
				if (h % 100 >= pace || day > date_days(today))
					continue;
				if (!inspect_one(a, f, ids[i], date_from_days(day), h, today, err, errlen))
					return -1;
				added++;
			}
		}
	}
	return added;
}
