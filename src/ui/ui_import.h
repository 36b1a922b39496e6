/* The screen that imports a CSV file (sampling records or producers). */
#ifndef NJ_UI_IMPORT_H
#define NJ_UI_IMPORT_H

#include <stdbool.h>

#include "app/app.h"

/* False when the terminal has gone away. */
bool ui_import(app *a);

#endif
