/* The quarterly bulletin (季度通报): plain text a supervisor can print or
 * paste into a document. */
#ifndef NJ_REPORT_H
#define NJ_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/config.h"
#include "quota/quota.h"
#include "sample/followup.h"
#include "store/db.h"

/* Progress as of the quarter's last day (or today, if that is earlier),
 * towns ranked, towns behind pace named, failed samples of the quarter by
 * product category and by stage, pass rate against the goal. */
bool report_quarter(db_conn *db, const config *c, int year, int quarter, FILE *out,
                    char *err, size_t errlen);
/* The bulletin's figures, for the text (report_quarter), the screen
 * (the same text) and the tables (export_bulletin in transfer/export.h):
 * collected once, so every form of the bulletin says the same. */
#define REPORT_MAX_PARTS 64
#define REPORT_MAX_TALLY 256

/* One line of the failed-sample list: a failing item of a sample (a
 * quantitative record has one line per failing item, a rapid test one
 * line). Rapid: item 抑制率 with the inhibition in % and the threshold
 * that makes it 阳性 (or 疑似阳性) as the limit, or a strip's item with
 * its result; quantitative: the item's value, unit and limit as the lab
 * reported them (sample_items), reason 超标 or 检出禁用药物. */
typedef struct {
	char sample_no[96], date[11], unit[128], producer[256], product[256];
	int kind;               /* KIND_* */
	const char *result;     /* 阳性 / 疑似阳性 / 不合格 */
	char item[96], value[48], value_unit[16], limit[48], limit_unit[16], reason[48];
	char state[64], overdue[128]; /* the case's state as of the bulletin's date; "" not overdue */
	bool first;             /* the sample's first line */
} report_failed;

typedef struct {
	int year, quarter;
	char from[11], to[11];      /* the quarter's first day, and its last or today */
	const char *issuer, *level; /* bulletin.issuer; 县/区 (district.kind) */
	quota_report r;             /* the year as of `to` */
	bool have_report;
	const quota_row **rank;     /* rapid-test units with a target, best completion first */
	int nrank;
	const quota_row **behind;   /* 通报批评: behind pace, the lowest ranked first */
	int nbehind;
	const quota_row *praised[3]; /* 通报表扬: the best on pace with a test */
	int npraised;
	/* This quarter, the kinds of 农产品 (农业投入品 apart, in
	 * quarter_inputs_*): by category, stage and product, the most
	 * failures first, then the most tests, then the name (products: in
	 * the product list's order); products count the failed samples only
	 * (done is 0). */
	quota_part by_category[REPORT_MAX_PARTS], by_stage[REPORT_MAX_PARTS], by_product[REPORT_MAX_PARTS];
	int ncategory, nstage, nproduct;
	long quarter_done, quarter_positives, quarter_inputs_done, quarter_inputs_positives, open_positives;
	/* 检打联动: the year's 处置率 per unit (units in their order, 合计
	 * last) with the quarter's opened and ended cases; the quarter's
	 * failed samples (by sampling date, then number), and the warning
	 * band's cases when followup.open_on_warning opens them. */
	followup_tally tally[REPORT_MAX_TALLY];
	int ntally;
	report_failed *failed;
	int nfailed, failed_samples, failed_late;
} report_data;
bool report_collect(db_conn *db, const config *c, int year, int quarter, report_data *d, char *err,
                    size_t errlen);
void report_data_free(report_data *d);
/* The bulletin as text (what report_quarter writes). */
void report_print(const config *c, const report_data *d, FILE *out);
/* One failed-sample line's what-failed, for people: "抑制率 62.5%，≥50%
 * 为阳性", "镉 0.15 mg/kg，限量 0.05 mg/kg，超标". */
void report_failed_text(const config *c, const report_failed *f, char *out, size_t outlen);
/* 达到目标 / 未达到目标 / 尚无检测: a kind's pass rate against the goal. */
const char *report_goal_word(const config *c, const quota_row *t);

/* The quarter containing today in the working year (4 for past years). */
int report_default_quarter(int year);
/* The bulletin's period when none is asked for: the quarter so far, or
 * with bulletin.period = last the last finished one (the fourth of the
 * year before in a first quarter). *year: the working year, or the one
 * asked for (year_given); a past year's is its fourth quarter. */
void report_default_period(const config *c, bool year_given, int *year, int *quarter);

#endif
