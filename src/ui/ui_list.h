/* Browsing records, newest first, with a filter; Enter opens one. */
#ifndef NJ_UI_LIST_H
#define NJ_UI_LIST_H

#include <stdbool.h>

#include "app/app.h"

/* Returns false if the terminal was lost. */
bool ui_list(app *a);

#endif
