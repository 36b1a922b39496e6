/* The inspection screens (巡查): this quarter's inspections with the
 * town's coverage, repeat entry of new ones, a record's details and
 * history, 回头看 and void, and the producers still to visit. */
#ifndef NJ_UI_INSPECT_H
#define NJ_UI_INSPECT_H

#include <stdbool.h>

#include "app/app.h"

/* From the main menu. Returns false if the terminal was lost. */
bool ui_inspect(app *a);

#endif
