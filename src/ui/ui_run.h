/* The run screen (按通道录入): a rapid-test run entered as the shared
 * fields once and a grid of the reader's channels. */
#ifndef NJ_UI_RUN_H
#define NJ_UI_RUN_H

#include <stdbool.h>

#include "app/app.h"

/* Enter runs one after another until the user goes back. Returns false
 * if the terminal was lost. */
bool ui_run_grid(app *a);

#endif
