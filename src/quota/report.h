/* The quarterly bulletin (季度通报): plain text a supervisor can print or
 * paste into a document. */
#ifndef NJ_REPORT_H
#define NJ_REPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/config.h"

/* Progress as of the quarter's last day (or today, if that is earlier),
 * towns ranked, towns behind pace named, failed samples of the quarter by
 * product category and by stage, pass rate against the goal. */
bool report_quarter(sqlite3 *db, const config *c, int year, int quarter, FILE *out,
                    char *err, size_t errlen);
/* The quarter containing today in the working year (4 for past years). */
int report_default_quarter(int year);

#endif
