/* The coverage figures (coverage.h) as people read them: a table aligned
 * by display columns, the CSV, and the bulletin's sections. */
#ifndef NJ_COVERAGE_PRINT_H
#define NJ_COVERAGE_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "inspect/coverage.h"
#include "store/db.h"

/* "87.5%" or "—" (no producers). */
void coverage_fmt_rate(double rate, char *out, size_t outlen);
void coverage_print_table(FILE *out, const coverage_report *r);
/* Header 单位,主体数,已巡查,未巡查,覆盖率,整改未完成,整改逾期,主体数(全年),已检测,未检测,一年一检率;
 * a row per town, then 合计. (No BOM: the caller writes it.) */
void coverage_print_csv(FILE *out, const coverage_report *r);
/* The quarterly bulletin's sections 巡查覆盖 and 一年一检, as of the
 * quarter's last day (or as_of if earlier): towns below 100 % named, worst
 * first, with open and overdue rectifications. */
bool coverage_bulletin(db_conn *db, int year, int quarter, ymd as_of, FILE *out, char *err, size_t errlen);

#endif
