/* Exports for Excel and scripts. */
#ifndef NJ_EXPORT_H
#define NJ_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/app.h"
#include "quota/quota.h"
#include "quota/report.h"
#include "transfer/sheet.h"

/* Each writes a title row (the district, what, the year or the export
 * date: shown in an .xlsx only), the header, and one row per record into
 * out (sheet.h: CSV or .xlsx); the caller closes out.
 *
 * Samples of a year (0: all): the form's fields under their
 * labels, then verdict, status, who/when, the correction history and the
 * number a record had where it was imported from. Importing the file
 * again (imports.h) finds every record already present. */
/* The items of quantitative samples, one row each (the second sheet of
 * an export: 样品编号, 项目, 检测值, 单位, 限量, 限量来源, 判定, 原因). */
bool export_items(app *a, int year, sheet *out, long *rows, char *err, size_t errlen);
bool export_samples(app *a, int year, sheet *out, long *rows, char *err, size_t errlen);
/* Every registered producer: number, the form's fields, rating, status
 * (正常/重点监管/黑名单), who/when. Importing it again adds nothing. */
bool export_producers(app *a, sheet *out, long *rows, char *err, size_t errlen);
/* The restricted-pesticide sales of a year (0: all), voided ones too,
 * ID numbers and credit codes masked (import_sales.c). A supervisor's
 * full export is `nongjian sale list --csv --full`, audited. */
bool export_sales(app *a, int year, sheet *out, long *rows, char *err, size_t errlen);
/* The active blacklist listings (as nongjian blacklist --csv). */
bool export_blacklist(app *a, sheet *out, long *rows, char *err, size_t errlen);
/* A year's valid inspections (0: all years), inspect_transfer.c. */
bool export_inspections(app *a, int year, sheet *out, long *rows, char *err, size_t errlen);
/* The quota figures (as `nongjian quota --csv`: 单位, 检测类别, 目标, 完成,
 * 完成率, 应完成, 差额, 预计全年, 阳性, 合格率), rounded as the screen shows
 * them; the title row has the district, the year and the as-of date. */
bool export_quota(const quota_report *r, const char *district, sheet *out, char *err, size_t errlen);
/* Its title and its table alone (the bulletin's last section). */
void export_quota_title(const quota_report *r, const char *district, char *out, size_t outlen);
bool export_quota_table(const quota_report *r, sheet *out, char *err, size_t errlen);
/* export_quota's columns, in its order. */
enum { QC_UNIT, QC_KIND, QC_TARGET, QC_DONE, QC_PCT, QC_EXPECTED, QC_GAP, QC_PROJECTION, QC_POSITIVES, QC_PASS_RATE,
       QC_COUNT };
/* Some of those columns of a row, in the order given (the bulletin's
 * sections show them), as export_quota writes and rounds them. */
void export_quota_cells(sheet *out, const quota_row *r, const int *cols, int n);
#define EXPORT_QUOTA_CELLS(out, r, ...)                                                            \
	export_quota_cells(out, r, (const int[]){__VA_ARGS__},                                     \
	                   (int)(sizeof (const int[]){__VA_ARGS__} / sizeof(int)))
/* The quarterly bulletin as tables, the same figures as its text
 * (report_print), each section a table in this fixed order (an .xlsx
 * has one worksheet each, a CSV has them one after the other: a row
 * with the section's title, its header, its rows, an empty line):
 *   (the bulletin's title) 项目, 内容: 发文单位, 通报, 年度, 季度, 统计时段
 *   总体进度 检测类别, 统计口径, 目标, 完成, 完成率, 应完成, 差额,
 *           阳性/不合格, 合格率, 合格率目标, 评价 — 定性检测, 例行监测,
 *           监督抽查, then 农业投入品 (单独统计, no 合格率)
 *   进度排名 排名, 单位, 完成, 目标, 完成率, 差额, 合格率, 状态
 *   通报批评和表扬 类别, 单位, 完成率, 差额 — 通报批评 (the lowest ranked
 *           first), then 通报表扬 (the best three)
 *   问题分布 分组, 名称, 检测数, 不合格数 — 本季度合计 (农产品, then
 *           农业投入品 apart), then the 农产品 by 产品类别, 样品名称 (failed
 *           samples only, 检测数 empty), 抽样环节; each the most failures
 *           first, then the most tests, then the name
 *   处置率  单位, 不合格, 已结案, 未结案, 逾期, 处置率, 本季度发现,
 *           本季度结案 — the year's, units with a failure in their order,
 *           合计 last
 *   不合格样品 样品编号, 抽样日期, 检测单位, 受检主体, 样品名称, 检测类别,
 *           结果, 检测项目, 检测值, 单位, 限量, 限量单位, 判定, 处置状态, 逾期
 *           — by sampling date then number, one row per failing item
 *   巡查覆盖 单位, 主体数, 已巡查, 未巡查, 覆盖率, 整改未完成, 整改逾期,
 *           全年主体数, 已检测主体, 未检测主体, 一年一检率, 开具合格证主体,
 *           合格证使用率, 合格证张数, 纳入追溯主体, 追溯纳入率, 合格证试行主体,
 *           新增两品一标, 新增名特优新 (as `coverage --csv`) — every town in
 *           unit order, 合计 last
 *   限用农药 镇街, 农资店, 农药, 数量, 单位, 笔数 — units' order, shop, pesticide
 *   多店购买 购买人, 证件号码 (masked), 农资店数, 笔数, 农资店
 *   任务进度 export_quota's title and table. */
bool export_bulletin(db_conn *db, const report_data *d, const config *c, sheet *out, char *err, size_t errlen);
/* Its sections 巡查覆盖, 限用农药 and 多店购买 (export_duties.c). */
bool export_bulletin_duties(db_conn *db, const report_data *d, sheet *out, char *err, size_t errlen);
/* The name of the bulletin's first worksheet (for cli_out_sheet). */
#define EXPORT_BULLETIN_FIRST "通报"
/* One record of an export_records() export: the record of that id
 * loaded and its cells written by the form f (not the row's end); false
 * with err on an error. */
typedef bool (*export_record_fn)(app *a, const form_def *f, long long id, sheet *out, char *err, size_t errlen);
/* Each record the query st names by its first column (an id), written by
 * row() and counted in *rows; st is finalized. what: the message for a
 * read that fails ("读取…失败"). */
bool export_records(app *a, const form_def *f, db_stmt *st, const char *what, export_record_fn row,
                    sheet *out, long *rows, char *err, size_t errlen);
/* The title row: "<district> <what> (<year> 年，导出于 <today>)"; year 0:
 * 全部年度, negative: no period. */
void export_title(app *a, sheet *out, const char *what, int year);

#endif
