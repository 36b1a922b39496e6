#include "ledger/salelist.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/idcode.h"
#include "base/pinyin.h"
#include "base/text.h"
#include "store/db.h"

bool sale_buyer_matches(const char *typed, const char *buyer, const char *id_number,
                        const char *credit_code)
{
	char code[64];
	snprintf(code, sizeof code, "%s", typed);
	idcode_normalise(code);
	if (!*code)
		return false;
	if (strcmp(code, id_number) == 0 || strcmp(code, credit_code) == 0)
		return true;
	if (strstr(buyer, typed))
		return true;
	return pinyin_is_initials(typed) && pinyin_match(typed, buyer);
}

/* nj_buyer(typed, buyer, id_number, credit_code) in SQL. */
static int buyer_fn(const char *const *args, int nargs)
{
	const char *t[4];
	for (int i = 0; i < nargs && i < 4; i++)
		t[i] = args[i] ? args[i] : "";
	return sale_buyer_matches(t[0], t[1], t[2], t[3]);
}

/* Hand each row of a SALE_SELECT statement to fn (false: stop); the
 * statement is finalized. Returns how many, -1 on an error. */
static long each_row(db_conn *db, db_stmt *st, sale_fn fn, void *ctx, const char *what, char *err,
                     size_t errlen)
{
	sale s;
	sale_init(&s);
	long n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		sale_from_row(st, &s);
		n++;
		if (fn && !fn(ctx, &s)) {
			rc = DB_DONE;
			break;
		}
	}
	sale_free(&s);
	return db_finish(db, st, rc, what, err, errlen) ? n : -1;
}

long sale_each(db_conn *db, const sale_filter *flt, sale_fn fn, void *ctx, char *err, size_t errlen)
{
	if (db_function(db, "nj_buyer", 4, buyer_fn) != DB_OK) {
		db_error(db, "查找销售记录失败", err, errlen);
		return -1;
	}
	static char sql[2048];
	db_stmt *st = db_prepare(db, rec_sql(&sale_type, sql, sizeof sql,
		SALE_SELECT " WHERE (?1 OR l.status = 'valid')"
		" AND (?2 IS NULL OR nj_buyer(?2, l.buyer, coalesce(l.id_number, ''), coalesce(l.credit_code, '')))"
		" AND (?3 IS NULL OR l.pesticide = ?3)"
		" AND (?4 IS NULL OR l.sale_date >= ?4) AND (?5 IS NULL OR l.sale_date <= ?5)"
		" AND (?6 IS NULL OR u.name = ?6)"
		" AND (?7 IS NULL OR instr(coalesce(l.village, ''), ?7) > 0)"
		" AND (?8 IS NULL OR l.shop = ?8 OR l.shop_id = ?9)"
		" AND (?10 = 0 OR l.buyer_producer_id = ?10)"
		" ORDER BY l.sale_date DESC, l.id DESC LIMIT ?11", 0), err, errlen);
	if (!st)
		return -1;
	db_bind_int(st, 1, flt->include_void);
	DB_BIND_TEXTS_OR_NULL(st, 2, flt->buyer, flt->pesticide, flt->since, flt->until, flt->town, flt->village,
	                      flt->shop);
	db_bind_int64(st, 9, sale_parse_no(flt->shop));
	db_bind_int64(st, 10, flt->producer);
	db_bind_int(st, 11, flt->limit > 0 ? flt->limit : INT_MAX); /* all: PostgreSQL refuses SQLite's LIMIT -1 */
	return each_row(db, st, fn, ctx, "查找销售记录失败", err, errlen);
}

long sale_for_sample(db_conn *db, long long sample_id, int days, sale_fn fn, void *ctx, char *err,
                     size_t errlen)
{
	static char sql[2048];
	db_stmt *st = db_prepare(db, rec_sql(&sale_type, sql, sizeof sql,
		"WITH s AS (SELECT x.sample_date AS d, p.id AS pid, x.item AS item, p.village AS village,"
		"  p.unit_id AS punit FROM samples x LEFT JOIN producers p ON p.id = coalesce(x.producer_id,"
		"  (SELECT min(y.id) FROM producers y WHERE y.name = x.producer)) WHERE x.id = ?1)"
		" " SALE_SELECT ", s"
		" WHERE l.status = 'valid' AND l.sale_date <= s.d AND l.sale_date >= date(s.d, '-' || ?2 || ' days')"
		" AND (l.buyer_producer_id = s.pid OR (s.village <> '' AND l.village = s.village AND l.unit_id = s.punit))"
		" AND (l.pesticide = s.item OR (NOT EXISTS (SELECT 1 FROM pesticides q WHERE q.name = s.item)"
		"  AND EXISTS (SELECT 1 FROM pesticides q WHERE q.name = l.pesticide"
		"   AND (q.class LIKE '%有机磷%' OR q.class LIKE '%氨基甲酸酯%'))))"
		" ORDER BY l.sale_date DESC, l.id DESC", 0), err, errlen);
	if (!st)
		return -1;
	db_bind_int64(st, 1, sample_id);
	db_bind_int(st, 2, days);
	return each_row(db, st, fn, ctx, "查找相关的限用农药购买失败", err, errlen);
}
