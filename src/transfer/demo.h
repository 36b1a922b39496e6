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

#endif
