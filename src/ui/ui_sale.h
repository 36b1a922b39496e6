/* The restricted-pesticide sale ledger's screen: repeat entry of a day's
 * sales and finding a buyer's purchases. */
#ifndef NJ_UI_SALE_H
#define NJ_UI_SALE_H

#include <stdbool.h>

#include "app/app.h"
#include "base/dates.h"
#include "quota/quota.h"

/* Returns false if the terminal was lost. */
bool ui_sale(app *a);
/* The dashboard's 限用农药 tab, a row per 镇街 in the shape of the
 * quota rows: designated shops that recorded a sale this year / the
 * designated shops (target), the sales (positives) and the buyers who
 * bought in several shops (open_positives). Returns the rows (-1 on an
 * error, err). Enter on a town: its shops' sales by pesticide and month. */
int ui_sale_duty(app *a, int year, ymd as_of, quota_row *rows, int max, quota_row *total, char *period,
                 size_t periodlen, char *err, size_t errlen);
void ui_sale_duty_detail(app *a, int year, ymd as_of, const char *town);

#endif
