#include "sample/samplecheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/kinds.h"
#include "store/db.h"
#include "store/units.h"

/* The stages named in the monitoring rules (the product brief's list). */
const char *const sample_stages[] = {
	"生产基地", "采收前", "上市前", "屠宰前", "收购", "运输", "批发市场", "农贸市场", "超市", NULL,
};

/* The earliest plausible sampling year: no record of this system's work
 * predates 2000 (the working year itself may not be earlier either). */
#define FIRST_YEAR 2000

bool sample_check_cross(const config *c, const sample *s, sample_error *e)
{
	ymd d;
	if (date_parse(s->v[SF_DATE], &d) && d.y < FIRST_YEAR)
		return rec_fail(e, SF_DATE, "抽样日期 %s 的年份不对: 应在 %d 年以后，请对照原始记录改正 (如 %d-03-05)",
		                s->v[SF_DATE], FIRST_YEAR, c->year);
	/* A listed product has one category (conf/products.csv): what was
	 * typed or pasted into 产品类别 must agree with it. */
	const product_def *p = config_product(c, s->v[SF_PRODUCT]);
	if (p && *s->v[SF_CATEGORY] && strcmp(p->category, s->v[SF_CATEGORY]) != 0)
		return rec_fail(e, SF_CATEGORY, "产品类别「%s」与样品名称不符: %s 属于%s，请改为%s",
		                s->v[SF_CATEGORY], p->name, p->category, p->category);
	if (*s->v[SF_STAGE]) {
		bool known = false;
		for (int i = 0; sample_stages[i]; i++)
			known = known || strcmp(sample_stages[i], s->v[SF_STAGE]) == 0;
		if (!known)
			return rec_fail(e, SF_STAGE, "抽样环节「%s」无效: 应为生产基地、采收前、上市前、屠宰前、收购、运输、"
			                "批发市场、农贸市场或超市", s->v[SF_STAGE]);
	}
	return true;
}

/* Days from 1970-01-01 (proleptic Gregorian), for differences. */
bool sample_date_doubtful(const config *c, const sample *s, char *msg, size_t msglen)
{
	ymd d, today = date_today();
	msg[0] = '\0';
	if (!date_parse(s->v[SF_DATE], &d))
		return false;
	long back = date_days(today) - date_days(d);
	if (d.y != c->year)
		snprintf(msg, msglen, "抽样日期 %s 不在工作年度 %d 年内。日期无误吗?", s->v[SF_DATE], c->year);
	else if (back > c->warn_days_back)
		snprintf(msg, msglen, "抽样日期 %s 是 %ld 天前 (超过 %d 天)。日期无误吗?", s->v[SF_DATE], back,
		         c->warn_days_back);
	return msg[0] != '\0';
}

bool sample_find_duplicate(db_conn *db, const config *c, const sample *s, char *no, size_t nolen,
                           char *err, size_t errlen)
{
	no[0] = '\0';
	const town_def *t = config_town(c, s->v[SF_TOWN]);
	long long unit = t ? units_id(db, t->name) : 0;
	if (!unit)
		return false;
	bool rapid = kind_from_label(s->v[SF_KIND]) == KIND_RAPID;
	db_stmt *st = db_prepare_id(db,
		"SELECT sample_no FROM samples WHERE unit_id = ?1 AND sample_date = ?2 AND product = ?3"
		" AND producer IS ?4 AND kind = ?5 AND status <> 'void' AND id <> ?6"
		" AND inhibition IS ?7 AND item IS ?8 AND value IS ?9 AND items_text IS ?10"
		/* Two registered producers of one name (a town may have one in
		 * each of two villages) are two producers, not a repeat. */
		" AND (?11 = 0 OR producer_id IS NULL OR producer_id = ?11) ORDER BY id LIMIT 1", unit, err, errlen);
	if (!st)
		return false;
	db_bind_text(st, 2, s->v[SF_DATE]);
	db_bind_text(st, 3, s->v[SF_PRODUCT]);
	db_bind_text_or_null(st, 4, s->v[SF_PRODUCER]);
	db_bind_text(st, 5, kind_code(kind_from_label(s->v[SF_KIND])));
	db_bind_int64(st, 6, s->id);
	const char *inh = rapid ? s->v[SF_INHIBITION] : "", *val = rapid ? "" : s->v[SF_VALUE];
	if (*inh)
		db_bind_double(st, 7, strtod(inh, NULL));
	else
		db_bind_null(st, 7);
	db_bind_text_or_null(st, 8, rapid ? "" : s->v[SF_ITEM]);
	if (*val)
		db_bind_double(st, 9, strtod(val, NULL));
	else
		db_bind_null(st, 9);
	db_bind_text_or_null(st, 10, rapid ? "" : s->v[SF_ITEMS]);
	db_bind_int64(st, 11, s->producer_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(no, nolen, "%s", db_column_text(st, 0));
	else if (rc != DB_DONE)
		db_error(db, "查找重复记录失败", err, errlen);
	db_finalize(st);
	return no[0] != '\0';
}

bool sample_ask_before_save(db_conn *db, const config *c, const form_def *f, const sample *s, sample_ask_fn ask,
                            void *ctx, char *err, size_t errlen)
{
	sample probe;
	sample_init(&probe);
	sample_copy(&probe, s);
	sample_error e;
	char msg[640], no[96];
	bool go = true;
	err[0] = '\0';
	if (sample_validate(c, f, &probe, &e)) {
		if (sample_date_doubtful(c, &probe, msg, sizeof msg))
			go = ask(ctx, SAMPLE_ASK_DATE, msg);
		if (go && sample_find_duplicate(db, c, &probe, no, sizeof no, err, errlen))
			go = ask(ctx, SAMPLE_ASK_SAME, no);
	}
	sample_free(&probe);
	return go;
}
