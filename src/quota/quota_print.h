/* The quota figures as text for the command line and the bulletin:
 * a table aligned by display columns (the CSV and .xlsx table is
 * export_quota in transfer/export.h). */
#ifndef NJ_QUOTA_PRINT_H
#define NJ_QUOTA_PRINT_H

#include <stdio.h>

#include "quota/quota.h"

void quota_print_table(FILE *out, const quota_report *r, const char *district);
/* "62.5%" or "—" style helpers shared with the screens. */
void quota_fmt_pct(double pct, char *out, size_t outlen);
/* A pass rate ("" when -1), never rounded up to the goal it is short of. */
void quota_fmt_rate(double rate, double goal, char *out, size_t outlen);
void quota_fmt_gap(double gap, char *out, size_t outlen);   /* "+3", "-12", never "-0" */

#endif
