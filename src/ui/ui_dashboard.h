/* The supervisor's progress dashboard: every unit's quota figures in one
 * table, worst first, with a drill-down by month, quarter, product
 * category and stage. */
#ifndef NJ_UI_DASHBOARD_H
#define NJ_UI_DASHBOARD_H

#include <stdbool.h>

#include "app/app.h"

bool ui_dashboard(app *a);

#endif
