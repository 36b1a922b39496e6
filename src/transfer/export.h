/* Exports for Excel and scripts. */
#ifndef NJ_EXPORT_H
#define NJ_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/app.h"

/* Samples of a year (0: all) as CSV: the form's fields under their
 * labels, then verdict, status, who/when, the correction history and the
 * number a record had where it was imported from. Importing the file
 * again (imports.h) finds every record already present. */
bool export_samples(app *a, int year, FILE *out, long *rows, char *err, size_t errlen);
/* Every registered producer: number, the form's fields, rating, status
 * (正常/重点监管/黑名单), who/when. Importing it again adds nothing. */
bool export_producers(app *a, FILE *out, long *rows, char *err, size_t errlen);
/* The active blacklist listings (as nongjian blacklist --csv). */
bool export_blacklist(app *a, FILE *out, long *rows, char *err, size_t errlen);

#endif
