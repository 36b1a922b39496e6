/* Producer screens: registering and editing through the generic form
 * (forms/producer.ini), and one producer's page — details, rating
 * history, blacklist history and samples — with rating, listing and
 * lifting (each asks for its reason). */
#ifndef NJ_UI_PRODUCER_H
#define NJ_UI_PRODUCER_H

#include <stdbool.h>

#include "app/app.h"

/* Register a new producer. *id gets its number (0 when none was saved).
 * Returns false if the terminal was lost. */
bool ui_producer_new(app *a, long long *id);
/* One producer's page. Returns false if the terminal was lost. */
bool ui_producer_view(app *a, long long id);

#endif
