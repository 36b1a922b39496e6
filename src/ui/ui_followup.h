/* The 检打联动 screens: the list of follow-up cases (overdue first, then
 * by deadline), filtered by state and town; Enter opens a case with its
 * sample, producer and steps, where the next step is recorded through
 * the step form (forms/followup.ini). Township staff see their own
 * town's cases only (the domain's scoping, sample/followup.h). */
#ifndef NJ_UI_FOLLOWUP_H
#define NJ_UI_FOLLOWUP_H

#include <stdbool.h>

#include "app/app.h"
#include "base/dates.h"
#include "quota/quota.h"

/* The list; false if the terminal was lost. */
bool ui_followup(app *a);
/* One case (the case of sample_id); false if the terminal was lost. */
bool ui_followup_case(app *a, long long sample_id);

/* The dashboard's 处置率 tab: per unit with failures of the year (worst
 * first: most overdue, then the lowest 处置率) done = 已结案, target =
 * 不合格, positives = 未结案, open_positives = 逾期; states as of as_of.
 * Returns the rows, -1 with err. */
int ui_followup_duty(app *a, int year, ymd as_of, quota_row *rows, int max, quota_row *total, char *period,
                     size_t periodlen, char *err, size_t errlen);
/* Enter on a unit there: its open cases (the list, on that town). */
bool ui_followup_duty_detail(app *a, const char *unit);

#endif
