/* The bulletin's list of failed samples (report.h: report_failed): the
 * quarter's cases with what failed in each sample and the state of its
 * case, and the failures by product. For report_collect. No curses. */
#ifndef NJ_REPORT_FAILED_H
#define NJ_REPORT_FAILED_H

#include "quota/report.h"

/* d's year, from, to and tally filled; fills failed, nfailed,
 * failed_samples, failed_late, by_product and nproduct. */
bool report_failed_collect(db_conn *db, const config *c, report_data *d, ymd asof, char *err, size_t errlen);

#endif
