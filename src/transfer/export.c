#include "transfer/export.h"

#include "sample/items.h"

#include <string.h>

#include "base/dates.h"
#include "base/err.h"
#include "store/db.h"
#include "sample/followup.h"
#include "sample/sample.h"

typedef struct {
	app *a;
	sheet *out;
	long rows;
	char err[512];
	char history[4096];
	size_t hlen;
} export_ctx;

static void add_history(void *p, const sample_change *ch)
{
	export_ctx *x = p;
	if (x->hlen >= sizeof x->history - 1)
		return;
	const char *what = sample_change_label(app_form(x->a, "sample"), ch->field);
	int n = snprintf(x->history + x->hlen, sizeof x->history - x->hlen,
	                 "%s%s %s 第%d版 %s: %s → %s (原因: %s)", x->hlen ? "; " : "", ch->at, ch->by,
	                 ch->version, what, ch->old_value, ch->new_value, ch->reason);
	if (n > 0)
		x->hlen += (size_t)n;
	if (x->hlen >= sizeof x->history)
		x->hlen = sizeof x->history - 1;
}

static bool write_row(void *p, const sample *s)
{
	export_ctx *x = p;
	const form_def *f = app_form(x->a, "sample");
	sheet *o = x->out;
	sheet_code(o, s->sample_no);
	for (int i = 0; i < f->nfields; i++) {
		int k = sample_key_index(f->fields[i].key);
		field_type t = f->fields[i].type;
		if (t == FT_DECIMAL || t == FT_INTEGER)
			sheet_number(o, s->v[k]);
		else if (t == FT_DATE)
			sheet_date(o, s->v[k]);
		else
			sheet_text(o, s->v[k]);
	}
	sheet_text(o, sample_verdict_text(s));
	sheet_text(o, s->flag_confirm ? "是" : "");
	sheet_text(o, s->voided ? "作废" : "有效");
	sheet_text(o, s->void_reason);
	sheet_long(o, s->version);
	sheet_stamps(o, s->created_by, s->created_at, s->updated_by, s->updated_at);
	x->history[0] = '\0';
	x->hlen = 0;
	if (s->version > 1 &&
	    !sample_history(x->a->db, s->id, add_history, x, x->err, sizeof x->err))
		return false;
	sheet_text(o, x->history);
	sheet_code(o, s->ext_no);
	char state[256] = "";
	if ((s->fail || s->flag_confirm) &&
	    !followup_state_of(x->a->db, x->a->cfg, s->id, date_today(), state, sizeof state, x->err, sizeof x->err))
		return false;
	sheet_text(o, state);
	x->rows++;
	return sheet_end_row(o);
}

void export_title(app *a, sheet *out, const char *what, int year)
{
	char today[11], title[512];
	date_format(date_today(), today, sizeof today);
	if (year > 0)
		snprintf(title, sizeof title, "%s %s (%d 年，导出于 %s)", a->cfg->district_name, what, year, today);
	else if (year == 0)
		snprintf(title, sizeof title, "%s %s (全部年度，导出于 %s)", a->cfg->district_name, what, today);
	else
		snprintf(title, sizeof title, "%s %s (导出于 %s)", a->cfg->district_name, what, today);
	sheet_title(out, title);
}

bool export_records(app *a, const form_def *f, db_stmt *st, const char *what, export_record_fn row,
                    sheet *out, long *rows, char *err, size_t errlen)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		bool ok = row(a, f, db_column_int64(st, 0), out, err, errlen);
		if (ok)
			(*rows)++;
		if (ok && !sheet_end_row(out))
			ok = errf(err, errlen, "写入导出文件失败 (磁盘已满或没有权限?)");
		if (!ok) {
			db_finalize(st);
			return false;
		}
	}
	return db_finish(a->db, st, rc, what, err, errlen);
}

bool export_samples(app *a, int year, sheet *out, long *rows, char *err, size_t errlen)
{
	export_ctx x = {.a = a, .out = out};
	const form_def *f = app_form(a, "sample");
	export_title(a, out, "抽样检测记录", year);
	sheet_head(out, "样品编号");
	for (int i = 0; i < f->nfields; i++)
		sheet_head(out, f->fields[i].label);
	static const char *tail[] = {"判定", "建议送检", "状态", "作废原因", "版本", "录入人",
	                             "录入时间", "修改人", "修改时间", "更正记录", "外部编号", "处置状态"};
	for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
		sheet_head(out, tail[i]);
	sheet_end_row(out);
	bool ok = sample_each(a->db, year, write_row, &x, err, errlen);
	if (ok && x.err[0]) {
		snprintf(err, errlen, "%s", x.err);
		ok = false;
	}
	*rows = x.rows;
	return ok;
}

static bool write_item(void *ctx, const char *sample_no, const sample_item *i)
{
	sheet_rows *x = ctx;
	sheet *o = x->out;
	sheet_code(o, sample_no);
	sheet_text(o, i->name);
	if (i->not_detected)
		sheet_text(o, "未检出");
	else
		sheet_number(o, i->value);
	sheet_number(o, i->lod);
	sheet_text(o, i->unit);
	sheet_number(o, i->limit);
	sheet_text(o, i->limit_unit);
	sheet_text(o, strcmp(i->limit_from, "table") == 0 ? "限量表" : strcmp(i->limit_from, "typed") == 0 ? "手填" : "");
	sheet_text(o, i->standard);
	sheet_text(o, i->fail ? "不合格" : "合格");
	sheet_text(o, i->reason);
	return sheet_rows_end(x);
}

bool export_items(app *a, int year, sheet *out, long *rows, char *err, size_t errlen)
{
	export_title(a, out, "定量检测项目", year);
	static const char *head[] = {"样品编号", "项目", "检测值", "检出限", "单位", "限量", "限量单位",
	                             "限量来源", "依据", "判定", "原因"};
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		sheet_head(out, head[i]);
	sheet_end_row(out);
	sheet_rows x = {.out = out, .ok = true};
	bool ok = items_each_year(a->db, year, write_item, &x, err, errlen) && x.ok;
	*rows = x.rows;
	return ok;
}
