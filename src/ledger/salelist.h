/* Finding sales in the ledger (限用农药实名购买台账): by buyer (ID number
 * or credit code, a part of the name, or the name's pinyin initials as
 * the registry's lookup reads them: zs finds 张三), by pesticide, period,
 * town, village, shop, or the registered producer the buyer is. No
 * curses. */
#ifndef NJ_SALELIST_H
#define NJ_SALELIST_H

#include <stdbool.h>
#include <stddef.h>

#include "ledger/sale.h"
#include "store/db.h"

typedef struct {
	const char *buyer;     /* ID number / credit code, name part, or initials */
	const char *pesticide; /* exact name */
	const char *since, *until; /* YYYY-MM-DD, inclusive */
	const char *town;      /* the shop's town */
	const char *village;   /* the buyer's village (a part of it) */
	const char *shop;      /* the shop's name or registry number */
	long long producer;    /* the buyer's registry number, 0: any */
	bool include_void;
	int limit;             /* 0: all */
} sale_filter;

/* Each matching sale, newest first (s is reused; fn returns false to
 * stop). Returns how many, -1 on a database error. */
typedef bool (*sale_fn)(void *ctx, const sale *s);
long sale_each(db_conn *db, const sale_filter *flt, sale_fn fn, void *ctx, char *err, size_t errlen);

/* 检打联动: the sales that may explain a failed sample, in the days
 * before its sampling date (and on it): bought by its producer (the
 * registered buyer; an unlinked sample's 受检主体 by its exact name) or
 * by anyone of the producer's village; of the
 * sample's item when that is a pesticide of the list, else (a rapid
 * test, whose enzyme inhibition answers to organophosphates and
 * carbamates, GB/T 5009.199) of those classes. Newest first. Returns
 * how many, -1 on an error. */
long sale_for_sample(db_conn *db, long long sample_id, int days, sale_fn fn, void *ctx, char *err,
                     size_t errlen);

/* Does typed match the buyer as the list's --buyer does (pure, for the
 * screens)? */
bool sale_buyer_matches(const char *typed, const char *buyer, const char *id_number,
                        const char *credit_code);

#endif
