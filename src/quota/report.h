/* The quarterly bulletin (季度通报): plain text a supervisor can print or
 * paste into a document. */
#ifndef NJ_REPORT_H
#define NJ_REPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/config.h"
#include "quota/quota.h"

/* Progress as of the quarter's last day (or today, if that is earlier),
 * towns ranked, towns behind pace named, failed samples of the quarter by
 * product category and by stage, pass rate against the goal. */
bool report_quarter(sqlite3 *db, const config *c, int year, int quarter, FILE *out,
                    char *err, size_t errlen);
/* The bulletin's figures, for the text (report_quarter) and the workbook
 * (export_bulletin in transfer/export.h). */
#define REPORT_MAX_PARTS 64
typedef struct {
	int year, quarter;
	char from[11], to[11];      /* the quarter's first day, and its last or today */
	quota_report r;             /* the year as of `to` */
	bool have_report;
	const quota_row **rank;     /* rapid-test units with a target, best completion first */
	int nrank;
	quota_part by_category[REPORT_MAX_PARTS], by_stage[REPORT_MAX_PARTS]; /* this quarter, all kinds */
	int ncategory, nstage;
	long quarter_done, quarter_positives, open_positives;
} report_data;
bool report_collect(sqlite3 *db, const config *c, int year, int quarter, report_data *d, char *err,
                    size_t errlen);
void report_data_free(report_data *d);

/* The quarter containing today in the working year (4 for past years). */
int report_default_quarter(int year);

#endif
