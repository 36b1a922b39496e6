/* The quarterly bulletin as tables (export.h): the figures report_collect
 * gathered for the text, section by section in the documented order. */
#include "transfer/export.h"

#include "base/kinds.h"

/* A section and its header row, h an array of headings. */
#define TABLE(out, name, title, h) sheet_table(out, name, title, h, sizeof h / sizeof *h)

static bool header_section(const report_data *d, const config *c, sheet *out)
{
	static const char *const head[] = {"项目", "内容"};
	char title[256], full[512], period[64];
	snprintf(title, sizeof title, "%s农产品质量安全检测工作通报", c->district_name);
	snprintf(full, sizeof full, "%s (%d 年第 %d 季度，截至 %s)", title, d->year, d->quarter, d->to);
	snprintf(period, sizeof period, "%s 至 %s", d->from, d->to);
	bool ok = TABLE(out, EXPORT_BULLETIN_FIRST, full, head);
	const char *const rows[][2] = {{"发文单位", d->issuer}, {"通报", title}, {"统计时段", period}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		sheet_text(out, rows[i][0]);
		sheet_text(out, rows[i][1]);
		ok = sheet_end_row(out) && ok;
		if (i == 1) {
			sheet_text(out, "年度");
			sheet_long(out, d->year);
			ok = sheet_end_row(out) && ok;
			sheet_text(out, "季度");
			sheet_long(out, d->quarter);
			ok = sheet_end_row(out) && ok;
		}
	}
	return ok;
}

static bool progress_section(const report_data *d, const config *c, sheet *out)
{
	static const char *const head[] = {"检测类别", "统计口径", "目标", "完成", "完成率", "应完成", "差额",
	                                   "阳性/不合格", "合格率", "合格率目标", "评价"};
	bool ok = TABLE(out, "总体进度", "一、总体进度", head);
	char goal[32];
	snprintf(goal, sizeof goal, "%.0f", c->pass_goal);
	for (int k = 0; k < KIND_COUNT; k++) {
		const quota_row *t = &d->r.totals[k];
		bool inputs = k == KIND_INPUTS;
		sheet_text(out, kind_label(k));
		sheet_text(out, inputs ? "农业投入品 (单独统计)" : "农产品");
		EXPORT_QUOTA_CELLS(out, t, QC_TARGET, QC_DONE, QC_PCT, QC_EXPECTED, QC_GAP, QC_POSITIVES);
		sheet_percent(out, inputs ? -1 : t->pass_rate);
		sheet_number(out, inputs ? "" : goal);
		sheet_text(out, inputs ? "不计入农产品合格率" : report_goal_word(c, t));
		ok = sheet_end_row(out) && ok;
	}
	return ok;
}

static bool rank_section(const report_data *d, sheet *out)
{
	static const char *const head[] = {"排名", "单位", "完成", "目标", "完成率", "差额", "合格率", "状态"};
	bool ok = TABLE(out, "进度排名", "二、各单位定性检测进度排名 (按完成率)", head);
	for (int i = 0; i < d->nrank; i++) {
		const quota_row *q = d->rank[i];
		sheet_long(out, i + 1);
		EXPORT_QUOTA_CELLS(out, q, QC_UNIT, QC_DONE, QC_TARGET, QC_PCT, QC_GAP, QC_PASS_RATE);
		sheet_text(out, quota_behind(q) ? "落后" : "正常");
		ok = sheet_end_row(out) && ok;
	}
	return ok;
}

static bool named_row(sheet *out, const char *what, const quota_row *q)
{
	sheet_text(out, what);
	EXPORT_QUOTA_CELLS(out, q, QC_UNIT, QC_PCT, QC_GAP);
	return sheet_end_row(out);
}

static bool named_section(const report_data *d, sheet *out)
{
	static const char *const head[] = {"类别", "单位", "完成率", "差额"};
	bool ok = TABLE(out, "通报批评和表扬", "三、进度落后的单位 (通报批评) 和通报表扬", head);
	for (int i = 0; i < d->nbehind; i++)
		ok = named_row(out, "通报批评", d->behind[i]) && ok;
	for (int i = 0; i < d->npraised; i++)
		ok = named_row(out, "通报表扬", d->praised[i]) && ok;
	return ok;
}

static bool problems_section(const report_data *d, sheet *out)
{
	static const char *const head[] = {"分组", "名称", "检测数", "不合格数"};
	char title[128];
	snprintf(title, sizeof title, "四、本季度不合格样品情况 (%s 至 %s)", d->from, d->to);
	bool ok = TABLE(out, "问题分布", title, head);
	const struct {
		const char *name;
		const quota_part *p;
		int n;
		bool tested;
	} views[] = {{"产品类别", d->by_category, d->ncategory, true},
	             {"样品名称", d->by_product, d->nproduct, false},
	             {"抽样环节", d->by_stage, d->nstage, true}};
	const struct {
		const char *name;
		long done, positives;
	} totals[] = {{"农产品", d->quarter_done, d->quarter_positives},
	              {"农业投入品", d->quarter_inputs_done, d->quarter_inputs_positives}};
	for (size_t t = 0; t < sizeof totals / sizeof *totals; t++) {
		sheet_text(out, "本季度合计");
		sheet_text(out, totals[t].name);
		sheet_long(out, totals[t].done);
		sheet_long(out, totals[t].positives);
		ok = sheet_end_row(out) && ok;
	}
	for (size_t v = 0; v < sizeof views / sizeof *views; v++)
		for (int i = 0; i < views[v].n; i++) {
			sheet_text(out, views[v].name);
			sheet_text(out, views[v].p[i].label);
			if (views[v].tested)
				sheet_long(out, views[v].p[i].done);
			else
				sheet_number(out, "");
			sheet_long(out, views[v].p[i].positives);
			ok = sheet_end_row(out) && ok;
		}
	return ok;
}

static bool tally_section(const report_data *d, sheet *out)
{
	static const char *const head[] = {"单位", "不合格", "已结案", "未结案", "逾期", "处置率", "本季度发现",
	                                   "本季度结案"};
	bool ok = TABLE(out, "处置率", "五、检打联动 (不合格样品跟踪处置)：全年处置率", head);
	for (int i = 0; i < d->ntally; i++) {
		const followup_tally *t = &d->tally[i];
		if (!t->failed && i < d->ntally - 1)
			continue;
		sheet_text(out, t->unit);
		sheet_long(out, t->failed);
		sheet_long(out, t->closed);
		sheet_long(out, t->open);
		sheet_long(out, t->overdue);
		sheet_percent(out, t->failed ? 100.0 * (double)t->closed / (double)t->failed : -1);
		sheet_long(out, t->opened);
		sheet_long(out, t->ended);
		ok = sheet_end_row(out) && ok;
	}
	return ok;
}

static bool failed_section(const report_data *d, sheet *out)
{
	static const char *const head[] = {"样品编号", "抽样日期", "检测单位", "受检主体", "样品名称", "检测类别",
	                                   "结果", "检测项目", "检测值", "单位", "限量", "限量单位", "判定",
	                                   "处置状态", "逾期"};
	bool ok = TABLE(out, "不合格样品", "五、检打联动：本季度不合格样品 (按抽样日期)", head);
	for (int i = 0; i < d->nfailed; i++) {
		const report_failed *f = &d->failed[i];
		sheet_code(out, f->sample_no);
		sheet_date(out, f->date);
		sheet_text(out, f->unit);
		sheet_text(out, f->producer);
		sheet_text(out, f->product);
		sheet_text(out, kind_label(f->kind));
		sheet_text(out, f->result);
		sheet_text(out, f->item);
		sheet_number(out, f->value);
		sheet_text(out, f->value_unit);
		sheet_number(out, f->limit);
		sheet_text(out, f->limit_unit);
		sheet_text(out, *f->reason ? f->reason : f->result);
		sheet_text(out, f->state);
		sheet_text(out, f->overdue);
		ok = sheet_end_row(out) && ok;
	}
	return ok;
}

bool export_bulletin(db_conn *db, const report_data *d, const config *c, sheet *out, char *err, size_t errlen)
{
	char title[512];
	export_quota_title(&d->r, c->district_name, title, sizeof title);
	bool ok = header_section(d, c, out) && progress_section(d, c, out) && rank_section(d, out) &&
	          named_section(d, out) && problems_section(d, out) && tally_section(d, out) &&
	          failed_section(d, out);
	if (!ok) {
		snprintf(err, errlen, "写入通报失败 (磁盘已满或没有权限?)");
		return false;
	}
	if (!export_bulletin_duties(db, d, out, err, errlen))
		return false;
	if (!sheet_section(out, "任务进度", title)) {
		snprintf(err, errlen, "写入通报失败 (磁盘已满或没有权限?)");
		return false;
	}
	return export_quota_table(&d->r, out, err, errlen);
}
