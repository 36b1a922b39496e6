#include "transfer/demo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"
#include "base/kinds.h"
#include "sample/sample.h"

typedef struct {
	unsigned long long s;
} rng;

static unsigned next(rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return n ? (unsigned)((r->s >> 33) % n) : 0;
}

static const char *const surnames[] = {"张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *const given[] = {"建国", "秀英", "明", "丽", "伟", "芳", "勇", "敏", "军", "静",
                                    "强", "磊", "洋", "艳", "杰", "娟", "涛", "超", "霞", "平"};
static const char *const producer_kinds[] = {"蔬菜专业合作社", "家庭农场", "果蔬种植基地",
                                             "生态农业有限公司", "水产养殖场"};
static const char *const stages[] = {"生产基地", "采收前", "上市前", "农贸市场", "超市", "批发市场"};

static void person(rng *r, char *out, size_t n)
{
	snprintf(out, n, "%s%s", surnames[next(r, 20)], given[next(r, 20)]);
}

/* One demo record for unit u of kind k on date d. */
static bool make_one(app *a, rng *r, const town_def *u, int k, ymd d, char *err, size_t errlen)
{
	const config *c = a->cfg;
	sample s;
	sample_init(&s);
	char buf[256], p1[32], p2[32];
	date_format(d, buf, sizeof buf);
	sample_set(&s, SF_DATE, buf);
	sample_set(&s, SF_TOWN, u->name);
	/* The centre samples anywhere (抽样地点 a 镇街); a township at home. */
	const town_def *site = u == &c->towns[0] && c->ntowns > 1 ? &c->towns[1 + next(r, (unsigned)c->ntowns - 1)] : u;
	sample_set(&s, SF_SITE, site->name);
	sample_set(&s, SF_KIND, kind_label(k));
	const product_def *p = &c->products[next(r, (unsigned)c->nproducts)];
	sample_set(&s, SF_PRODUCT, p->name);
	sample_set(&s, SF_CATEGORY, p->category);
	if (next(r, 4) == 0) {
		person(r, p1, sizeof p1);
		snprintf(buf, sizeof buf, "%s (小农户)", p1);
	} else {
		snprintf(buf, sizeof buf, "%s%s%s", u->short_name, surnames[next(r, 20)],
		         producer_kinds[next(r, 5)]);
	}
	sample_set(&s, SF_PRODUCER, buf);
	sample_set(&s, SF_STAGE, stages[next(r, 6)]);
	snprintf(buf, sizeof buf, "%s%s村", u->short_name, given[next(r, 20)]);
	sample_set(&s, SF_PLACE, buf);
	sample_set(&s, SF_QUANTITY, "1kg");
	person(r, p1, sizeof p1);
	person(r, p2, sizeof p2);
	snprintf(buf, sizeof buf, "%s、%s", p1, p2);
	sample_set(&s, SF_SAMPLERS, buf);
	sample_set(&s, SF_TESTER, p1);
	if (k == KIND_RAPID) {
		unsigned roll = next(r, 1000);
		double x = roll < 15 ? 50 + next(r, 400) / 10.0      /* 1.5% positive */
		         : roll < 45 ? 40 + next(r, 100) / 10.0      /* 3% warning band */
		         : 3 + next(r, 330) / 10.0;
		snprintf(buf, sizeof buf, "%.1f", x);
		sample_set_rapid(c, &s, buf); /* meat and fish: a strip, not the enzyme */
	} else {
		static const char *const items[] = {"毒死蜱", "氧乐果", "克百威", "镉", "铅", "恩诺沙星"};
		static const double limits[] = {0.02, 0.02, 0.02, 0.2, 0.3, 0.1};
		int it = (int)next(r, 6);
		sample_set(&s, SF_ITEM, items[it]);
		double v = limits[it] * (next(r, 100) < 3 ? 1.5 : next(r, 80) / 100.0);
		/* To 4 decimals, as a laboratory reports it: the product itself
		 * (0.3 * 0.07 = 0.021000000000000001) would be written exactly and
		 * not fit the 检测值 field. */
		v = round(v * 1e4) / 1e4;
		sample_format_number(v, buf, sizeof buf);
		sample_set(&s, SF_VALUE, buf);
		sample_set(&s, SF_UNIT, "mg/kg");
		sample_format_number(limits[it], buf, sizeof buf);
		sample_set(&s, SF_LIMIT, buf);
	}
	sample_error e;
	bool ok = sample_insert(a->db, c, app_form(a, "sample"), &s, USER_AS("demo"), &e);
	if (!ok)
		snprintf(err, errlen, "演示数据生成失败: %s", e.msg);
	sample_free(&s);
	return ok;
}

long demo_generate(app *a, unsigned seed, char *err, size_t errlen)
{
	const config *c = a->cfg;
	rng r = {seed};
	ymd today = date_today();
	int year = c->year;
	if (year > today.y) {
		snprintf(err, errlen, "工作年度 %d 还没开始，无法生成演示数据", year);
		return -1;
	}
	int days = date_days_in_year(year);
	int elapsed = year < today.y ? days : date_day_of_year(today);
	db_tx tx;
	if (!db_begin(a->db, &tx, err, errlen))
		return -1;
	long added = 0;
	bool ok = true;
	/* Walk the days in order so records are entered in date order. */
	for (int day = 1; ok && day <= elapsed; day++) {
		ymd d = {year, 1, day};
		while (d.d > date_days_in_month(d.y, d.m)) {
			d.d -= date_days_in_month(d.y, d.m);
			d.m++;
		}
		for (int u = 0; ok && u < c->ntowns; u++) {
			for (int k = 0; ok && k < KIND_COUNT; k++) {
				long target = config_default_target(c, c->towns[u].name, k);
				/* Each unit works at 60-115% of pace, fixed per unit. */
				unsigned pace = 60 + (unsigned)((u * 37 + k * 11 + seed) % 56);
				unsigned per_day_milli = (unsigned)(target * pace * 10 / (unsigned)days);
				unsigned count = per_day_milli / 1000 + (next(&r, 1000) < per_day_milli % 1000);
				for (unsigned i = 0; ok && i < count; i++) {
					ok = make_one(a, &r, &c->towns[u], k, d, err, errlen);
					added++;
				}
			}
		}
	}
	if (ok && (demo_inspections(a, seed, err, errlen) < 0 || demo_followups(a, seed, err, errlen) < 0))
		ok = false;
	if (!ok) {
		db_rollback(a->db, &tx);
		return -1;
	}
	return db_commit(a->db, &tx, err, errlen) ? added : -1;
}
