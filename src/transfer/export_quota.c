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

bool export_quota(const quota_report *r, const char *district, sheet *out, char *err, size_t errlen)
{
	char date[11], title[512];
	date_format(r->as_of, date, sizeof date);
	snprintf(title, sizeof title, "%s %d 年度检测任务进度 (截至 %s，已过全年 %.1f%%，合格率目标 %.0f%%)",
	         district, r->year, date, 100.0 * r->share, r->goal);
	sheet_title(out, title);
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

bool export_bulletin(const report_data *d, const char *district, sheet *out, char *err, size_t errlen)
{
	char title[512];
	snprintf(title, sizeof title, "%s农产品质量安全检测工作通报 (%d 年第 %d 季度，截至 %s)", district, d->year,
	         d->quarter, d->to);
	sheet_title(out, title);
	static const char *const rank_head[] = {"排名", "单位", "完成", "目标", "完成率", "差额", "合格率", "状态"};
	for (size_t i = 0; i < sizeof rank_head / sizeof *rank_head; i++)
		sheet_head(out, rank_head[i]);
	bool ok = sheet_end_row(out);
	for (int i = 0; i < d->nrank; i++) {
		const quota_row *q = d->rank[i];
		sheet_long(out, i + 1);
		sheet_text(out, q->unit);
		sheet_long(out, q->done);
		sheet_long(out, q->target);
		sheet_percent(out, q->pct);
		sheet_round(out, q->gap);
		sheet_percent(out, q->pass_rate);
		sheet_text(out, quota_behind(q) ? "落后" : "正常");
		ok = sheet_end_row(out) && ok;
	}
	ok = sheet_add(out, "不合格样品") && ok;
	snprintf(title, sizeof title, "本季度不合格样品 (%s 至 %s)：检测 %ld 个，不合格 %ld 个；全年尚未处置 %ld 个",
	         d->from, d->to, d->quarter_done, d->quarter_positives, d->open_positives);
	sheet_title(out, title);
	static const char *const parts_head[] = {"分组", "名称", "检测数", "不合格数"};
	for (size_t i = 0; i < sizeof parts_head / sizeof *parts_head; i++)
		sheet_head(out, parts_head[i]);
	ok = sheet_end_row(out) && ok;
	const struct {
		const char *name;
		const quota_part *p;
		int n;
	} views[] = {{"产品类别", d->by_category, d->ncategory}, {"抽样环节", d->by_stage, d->nstage}};
	for (size_t v = 0; v < sizeof views / sizeof *views; v++)
		for (int i = 0; i < views[v].n; i++) {
			sheet_text(out, views[v].name);
			sheet_text(out, views[v].p[i].label);
			sheet_long(out, views[v].p[i].done);
			sheet_long(out, views[v].p[i].positives);
			ok = sheet_end_row(out) && ok;
		}
	ok = sheet_add(out, "任务进度") && ok;
	if (!ok) {
		snprintf(err, errlen, "写入通报失败 (磁盘已满或没有权限?)");
		return false;
	}
	return export_quota(&d->r, district, out, err, errlen);
}
