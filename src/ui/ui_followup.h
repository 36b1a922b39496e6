/* The 检打联动 screens: the list of follow-up cases (overdue first, then
 * by deadline), filtered by state and town; Enter opens a case with its
 * sample, producer and steps, where the next step is recorded through
 * the step form (forms/followup.ini). Township staff see their own
 * town's cases only (the domain's scoping, sample/followup.h). */
#ifndef NJ_UI_FOLLOWUP_H
#define NJ_UI_FOLLOWUP_H

#include <stdbool.h>

#include "app/app.h"

/* The list; false if the terminal was lost. */
bool ui_followup(app *a);
/* One case (the case of sample_id); false if the terminal was lost. */
bool ui_followup_case(app *a, long long sample_id);

#endif
