/* The quota figures as a table (export.h): the same numbers, rounded the
 * same way, as the screen and `nongjian quota` show. */
#include "transfer/export.h"

#include "base/kinds.h"

static bool quota_line(sheet *out, const quota_row *q)
{
	sheet_text(out, q->unit);
	sheet_text(out, kind_label(q->kind));
	sheet_long(out, q->target);
	sheet_long(out, q->done);
	sheet_percent(out, q->pct);
	sheet_round(out, q->expected);
	sheet_round(out, q->gap);
	sheet_round(out, q->projection);
	sheet_long(out, q->positives);
	sheet_percent(out, q->pass_rate);
	return sheet_end_row(out);
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
	static const char *const head[] = {"单位", "检测类别", "目标", "完成", "完成率", "应完成", "差额",
	                                   "预计全年", "阳性", "合格率"};
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		sheet_head(out, head[i]);
	bool ok = sheet_end_row(out);
	for (int k = 0; k < KIND_COUNT; k++) {
		for (int i = 0; i < r->n; i++)
			if (r->rows[i].kind == k)
				ok = quota_line(out, &r->rows[i]) && ok;
		ok = quota_line(out, &r->totals[k]) && ok;
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
