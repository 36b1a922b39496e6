/* The ledger's figures (限用农药销售统计): per 镇街 and shop, each
 * restricted pesticide's sales by month; buyers who bought in several
 * shops (one ID number or credit code, two or more shops), which the
 * 监管 of 实名购买 looks for. Valid sales only. No curses. */
#ifndef NJ_SALEFIGURES_H
#define NJ_SALEFIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/dates.h"
#include "store/db.h"

/* One town, shop, pesticide and unit: quantities by month (1..12) and
 * the number of sales. */
typedef struct {
	const char *town, *shop, *pesticide, *unit;
	double month[13]; /* [0]: the year's total */
	long sales;
} sale_month_row;
typedef void (*sale_month_fn)(void *ctx, const sale_month_row *r);
/* Between from and to (YYYY-MM-DD, inclusive), in the units' order,
 * then shop, pesticide. Returns the number of rows, -1 on error. */
long sale_month_figures(db_conn *db, const char *from, const char *to, sale_month_fn fn, void *ctx,
                        char *err, size_t errlen);

/* A buyer with purchases in several shops in the period. code is the ID
 * number or credit code (mask it before showing: sale_mask_id). */
typedef struct {
	const char *code, *buyer, *shops; /* shops: names joined by 、 */
	long nshops, sales;
} sale_multi_row;
typedef void (*sale_multi_fn)(void *ctx, const sale_multi_row *r);
long sale_multi_shop_buyers(db_conn *db, const char *from, const char *to, sale_multi_fn fn, void *ctx,
                            char *err, size_t errlen);

/* Per 镇街 (every town with a designated shop or a sale, in the units'
 * order): designated shops, those that recorded a sale in the period,
 * the sales, and the buyers of the town's shops who bought in several
 * shops. Fills up to max, returns how many (-1: error). */
typedef struct {
	char town[64];
	long shops, active_shops, sales, multi_buyers;
} sale_town_tally;
int sale_town_tallies(db_conn *db, const char *from, const char *to, sale_town_tally *out, int max,
                      char *err, size_t errlen);

/* The bulletin's section on the ledger for a quarter (up to as_of):
 * sales per 镇街, per pesticide, and buyers in several shops (masked). */
bool sale_bulletin(db_conn *db, int year, int quarter, ymd as_of, FILE *out, char *err, size_t errlen);

#endif
