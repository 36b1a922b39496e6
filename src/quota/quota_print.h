/* The quota figures as text for the command line and the bulletin:
 * a CSV table and a table aligned by display columns. */
#ifndef NJ_QUOTA_PRINT_H
#define NJ_QUOTA_PRINT_H

#include <stdio.h>

#include "quota/quota.h"

/* UTF-8 with BOM, CRLF. Header: 单位,检测类别,目标,完成,完成率,应完成,差额,预计全年,阳性,合格率 */
void quota_print_csv(FILE *out, const quota_report *r);
void quota_print_table(FILE *out, const quota_report *r, const char *district);
/* "62.5%" or "—" style helpers shared with the screens. */
void quota_fmt_pct(double pct, char *out, size_t outlen);
void quota_fmt_rate(double rate, char *out, size_t outlen); /* "" when -1 */

#endif
