/* The full-screen interface (ncursesw). The only entry point the rest of
 * the program sees. */
#ifndef NJ_UI_H
#define NJ_UI_H

#include "app/app.h"

int ui_run(app *a);

#endif
