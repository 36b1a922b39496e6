#include "ledger/salefigures.h"

#include <stdlib.h>
#include <string.h>

#include "base/values.h"
#include "ledger/sale.h"
#include "record/rectype.h"
#include "store/db.h"

/* A figure's query over the sale dates from ?1 to ?2 (inclusive). */
static db_stmt *period_query(db_conn *db, const char *sql, const char *from, const char *to, char *err,
                                  size_t errlen)
{
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (st)
		DB_BIND_TEXTS(st, 1, from, to);
	return st;
}

long sale_month_figures(db_conn *db, const char *from, const char *to, sale_month_fn fn, void *ctx,
                        char *err, size_t errlen)
{
	db_stmt *st = period_query(db,
		/* A shop's group is its registered id; its name is the least of
		 * the names its sales were saved with (one unless it was renamed):
		 * a bare l.shop took any one of them, and PostgreSQL refuses a
		 * column that is neither grouped nor aggregated. */
		"SELECT u.name, min(l.shop), l.pesticide, l.qty_unit, CAST(substr(l.sale_date, 6, 2) AS INTEGER),"
		" sum(l.quantity), count(*)"
		" FROM sales l JOIN units u ON u.id = l.unit_id"
		" WHERE l.status = 'valid' AND l.sale_date BETWEEN ?1 AND ?2"
		" GROUP BY u.sort, u.name, l.shop_id, l.pesticide, l.qty_unit, 5"
		" ORDER BY u.sort, u.name, 2, l.pesticide, l.qty_unit, 5", from, to, err, errlen);
	if (!st)
		return -1;
	/* Rows come by month within each group: gather a group, then hand it on. */
	char town[128] = "", shop[256] = "", pesticide[128] = "", unit[32] = "";
	sale_month_row r = {0};
	long n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *t = rec_text(st, 0), *s = rec_text(st, 1), *p = rec_text(st, 2), *u = rec_text(st, 3);
		if (r.sales && (strcmp(t, town) || strcmp(s, shop) || strcmp(p, pesticide) || strcmp(u, unit))) {
			fn(ctx, &r);
			n++;
			memset(&r, 0, sizeof r);
		}
		snprintf(town, sizeof town, "%s", t);
		snprintf(shop, sizeof shop, "%s", s);
		snprintf(pesticide, sizeof pesticide, "%s", p);
		snprintf(unit, sizeof unit, "%s", u);
		r.town = town;
		r.shop = shop;
		r.pesticide = pesticide;
		r.unit = unit;
		int m = db_column_int(st, 4);
		double q = db_column_double(st, 5);
		if (m >= 1 && m <= 12)
			r.month[m] += q;
		r.month[0] += q;
		r.sales += db_column_int64(st, 6);
	}
	if (rc == DB_DONE && r.sales) {
		fn(ctx, &r);
		n++;
	}
	return db_finish(db, st, rc, "读取销售统计失败", err, errlen) ? n : -1;
}

long sale_multi_shop_buyers(db_conn *db, const char *from, const char *to, sale_multi_fn fn, void *ctx,
                            char *err, size_t errlen)
{
	db_stmt *st = period_query(db,
		"SELECT code, max(buyer), count(DISTINCT shop_id), count(*),"
		" (SELECT group_concat(shop, '、') FROM (SELECT DISTINCT x.shop FROM sales x"
		"   WHERE coalesce(x.id_number, x.credit_code) = code AND x.status = 'valid'"
		"   AND x.sale_date BETWEEN ?1 AND ?2 ORDER BY x.shop))"
		" FROM (SELECT coalesce(id_number, credit_code) AS code, buyer, shop_id FROM sales"
		"  WHERE status = 'valid' AND sale_date BETWEEN ?1 AND ?2)"
		" GROUP BY code HAVING count(DISTINCT shop_id) >= 2 ORDER BY 3 DESC, 4 DESC, 2", from, to, err, errlen);
	if (!st)
		return -1;
	long n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		sale_multi_row r = {
			.code = rec_text(st, 0),
			.buyer = rec_text(st, 1),
			.nshops = db_column_int64(st, 2),
			.sales = db_column_int64(st, 3),
			.shops = rec_text(st, 4),
		};
		fn(ctx, &r);
		n++;
	}
	return db_finish(db, st, rc, "读取多店购买的购买人失败", err, errlen) ? n : -1;
}

int sale_town_tallies(db_conn *db, const char *from, const char *to, sale_town_tally *out, int max,
                      char *err, size_t errlen)
{
	db_stmt *st = period_query(db,
		"WITH v AS (SELECT * FROM sales WHERE status = 'valid' AND sale_date BETWEEN ?1 AND ?2),"
		" multi AS (SELECT coalesce(id_number, credit_code) AS code FROM v GROUP BY 1"
		"  HAVING count(DISTINCT shop_id) >= 2)"
		" SELECT u.name,"
		"  (SELECT count(*) FROM producers p WHERE p.unit_id = u.id AND p.designated = 1),"
		"  (SELECT count(DISTINCT shop_id) FROM v WHERE v.unit_id = u.id),"
		"  (SELECT count(*) FROM v WHERE v.unit_id = u.id),"
		"  (SELECT count(DISTINCT coalesce(v.id_number, v.credit_code)) FROM v"
		"   WHERE v.unit_id = u.id AND coalesce(v.id_number, v.credit_code) IN (SELECT code FROM multi))"
		" FROM units u WHERE EXISTS (SELECT 1 FROM producers p WHERE p.unit_id = u.id AND p.designated = 1)"
		"  OR EXISTS (SELECT 1 FROM v WHERE v.unit_id = u.id)"
		" ORDER BY u.sort, u.name", from, to, err, errlen);
	if (!st)
		return -1;
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n >= max)
			continue;
		sale_town_tally *t = &out[n++];
		snprintf(t->town, sizeof t->town, "%s", rec_text(st, 0));
		t->shops = db_column_int64(st, 1);
		t->active_shops = db_column_int64(st, 2);
		t->sales = db_column_int64(st, 3);
		t->multi_buyers = db_column_int64(st, 4);
	}
	return db_finish(db, st, rc, "读取各镇街的销售统计失败", err, errlen) ? n : -1;
}

/* ---- the bulletin's section ---- */

typedef struct {
	FILE *out;
	char town[128];
} bulletin_ctx;

static void bulletin_row(void *ctx, const sale_month_row *r)
{
	bulletin_ctx *b = ctx;
	char q[64];
	values_format_number(r->month[0], q, sizeof q);
	if (strcmp(b->town, r->town) != 0) {
		snprintf(b->town, sizeof b->town, "%s", r->town);
		fprintf(b->out, "  %s：\n", r->town);
	}
	fprintf(b->out, "    %s  %s %s%s (%ld 笔)\n", r->shop, r->pesticide, q, r->unit, r->sales);
}

static void bulletin_multi(void *ctx, const sale_multi_row *r)
{
	FILE *out = ctx;
	char masked[64];
	sale_mask_id(r->code, masked, sizeof masked);
	fprintf(out, "    %s (%s) 在 %ld 家店购买 %ld 笔：%s\n", r->buyer, masked, r->nshops, r->sales, r->shops);
}

bool sale_bulletin(db_conn *db, int year, int quarter, ymd as_of, FILE *out, char *err, size_t errlen)
{
	char from[11], to[11], upto[11];
	date_format(as_of, upto, sizeof upto);
	static const char *const last[] = {"03-31", "06-30", "09-30", "12-31"};
	if (quarter < 1 || quarter > 4)
		quarter = 4;
	snprintf(from, sizeof from, "%04d-%02d-01", year, 3 * (quarter - 1) + 1);
	snprintf(to, sizeof to, "%04d-%s", year, last[quarter - 1]);
	if (strcmp(upto, to) < 0)
		snprintf(to, sizeof to, "%s", upto);
	fprintf(out, "\n限用农药实名购买 (%s 至 %s)\n", from, to);
	bulletin_ctx b = {.out = out};
	long n = sale_month_figures(db, from, to, bulletin_row, &b, err, errlen);
	if (n < 0)
		return false;
	if (n == 0)
		fputs("  本季度没有登记限用农药销售。\n", out);
	fputs("  在多家农资店购买的购买人：\n", out);
	long m = sale_multi_shop_buyers(db, from, to, bulletin_multi, out, err, errlen);
	if (m < 0)
		return false;
	if (m == 0)
		fputs("    无。\n", out);
	else
		fprintf(out, "    共 %ld 人，请核实用途和用量。\n", m);
	if (ferror(out)) {
		snprintf(err, errlen, "写入通报失败");
		return false;
	}
	return true;
}
