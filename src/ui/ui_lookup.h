/* The instant lookup screen (主体名录与黑名单查询): results follow every
 * keystroke; each hit shows its status as a text marker (and colour). */
#ifndef NJ_UI_LOOKUP_H
#define NJ_UI_LOOKUP_H

#include <stdbool.h>

#include "app/app.h"

/* Returns false if the terminal was lost. */
bool ui_lookup(app *a);

#endif
