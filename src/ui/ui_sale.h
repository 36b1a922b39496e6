/* The restricted-pesticide sale ledger's screen: repeat entry of a day's
 * sales and finding a buyer's purchases. */
#ifndef NJ_UI_SALE_H
#define NJ_UI_SALE_H

#include <stdbool.h>

#include "app/app.h"

/* Returns false if the terminal was lost. */
bool ui_sale(app *a);

#endif
