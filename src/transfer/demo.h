/* A plausible year of demo samples over the configured units, made with a
 * fixed seed so every demo database is the same for the same "today". */
#ifndef NJ_DEMO_H
#define NJ_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

/* Samples dated from 1 January of the working year up to today (or the
 * whole year if it is past), each unit near its pace. Returns the count
 * added, -1 on error. */
long demo_generate(app *a, unsigned seed, char *err, size_t errlen);

/* demo_inspect.c: a registry of a dozen producers per town and their
 * inspections of each quarter up to today. Returns the inspections added,
 * -1 on error. Inside the caller's transaction. */
long demo_inspections(app *a, unsigned seed, char *err, size_t errlen);

/* demo_followup.c: most failed cases of samples over two weeks old
 * handled to 结案 through the follow-up rules, the rest left open.
 * Returns the cases closed, -1 on error. Inside the caller's transaction. */
long demo_followups(app *a, unsigned seed, char *err, size_t errlen);

#endif
