/* The quota figures as a table (export.h): the same numbers, rounded the
 * same way, as the screen and `nongjian quota` show. */
#include "transfer/export.h"

#include "base/kinds.h"
#include "transfer/sheet_cols.h"

#define Q(col, kind, head, field) [col] = SHEET_##kind(head, quota_row, field)
static const sheet_col quota_cols[QC_COUNT] = {
	Q(QC_UNIT, TEXT, "单位", unit),
	Q(QC_KIND, KIND, "检测类别", kind),
	Q(QC_TARGET, LONG, "目标", target),
	Q(QC_DONE, LONG, "完成", done),
	Q(QC_PCT, PERCENT, "完成率", pct),
	Q(QC_EXPECTED, ROUND, "应完成", expected),
	Q(QC_GAP, ROUND, "差额", gap),
	Q(QC_PROJECTION, ROUND, "预计全年", projection),
	Q(QC_POSITIVES, LONG, "阳性", positives),
	Q(QC_PASS_RATE, PERCENT, "合格率", pass_rate),
};
#undef Q
#define QUOTA_NCOLS (sizeof quota_cols / sizeof *quota_cols)

void export_quota_cells(sheet *out, const quota_row *r, const int *cols, int n)
{
	for (int i = 0; i < n; i++)
		sheet_col_cells(out, &quota_cols[cols[i]], 1, r);
}

void export_quota_title(const quota_report *r, const char *district, char *out, size_t outlen)
{
	char date[11];
	date_format(r->as_of, date, sizeof date);
	snprintf(out, outlen, "%s %d 年度检测任务进度 (截至 %s，已过全年 %.1f%%，合格率目标 %.0f%%)", district, r->year,
	         date, 100.0 * r->share, r->goal);
}

bool export_quota_table(const quota_report *r, sheet *out, char *err, size_t errlen)
{
	sheet_col_heads(out, quota_cols, QUOTA_NCOLS);
	bool ok = sheet_end_row(out);
	for (int k = 0; k < KIND_COUNT; k++) {
		for (int i = 0; i < r->n; i++)
			if (r->rows[i].kind == k)
				ok = sheet_col_row(out, quota_cols, QUOTA_NCOLS, &r->rows[i]) && ok;
		ok = sheet_col_row(out, quota_cols, QUOTA_NCOLS, &r->totals[k]) && ok;
	}
	if (!ok)
		snprintf(err, errlen, "写入任务进度失败 (磁盘已满或没有权限?)");
	return ok;
}

bool export_quota(const quota_report *r, const char *district, sheet *out, char *err, size_t errlen)
{
	char title[512];
	export_quota_title(r, district, title, sizeof title);
	sheet_title(out, title);
	return export_quota_table(r, out, err, errlen);
}
