/* Exports for Excel and scripts. */
#ifndef NJ_EXPORT_H
#define NJ_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app.h"

/* Samples of a year (0: all) as CSV: the form's fields under their
 * labels, then verdict, status, who/when and the correction history. */
bool export_samples(app *a, int year, FILE *out, long *rows, char *err, size_t errlen);

#endif
