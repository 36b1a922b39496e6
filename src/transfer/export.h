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
/* The quarterly bulletin as a workbook: 进度排名 (the rapid-test ranking:
 * 排名, 单位, 完成, 目标, 完成率, 差额, 合格率, 状态), 不合格样品 (this
 * quarter's tests and positives by product category and by stage) and
 * 任务进度 (export_quota). An .xlsx has one worksheet each. */
bool export_bulletin(const report_data *d, const char *district, sheet *out, char *err, size_t errlen);
/* The title row: "<district> <what> (<year> 年，导出于 <today>)"; year 0:
 * 全部年度, negative: no period. */
void export_title(app *a, sheet *out, const char *what, int year);

#endif
