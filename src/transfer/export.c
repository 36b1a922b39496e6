#include "transfer/export.h"

#include <string.h>

#include "base/csvout.h"
#include "sample/sample.h"

typedef struct {
	app *a;
	FILE *out;
	long rows;
	char err[512];
	char history[4096];
	size_t hlen;
} export_ctx;

static const char *field_label(const app *a, const char *key)
{
	int i = form_index(a->sample_form, key);
	return i >= 0 ? a->sample_form->fields[i].label : sample_label(sample_key_index(key));
}

static void add_history(void *p, const sample_change *ch)
{
	export_ctx *x = p;
	if (x->hlen >= sizeof x->history - 1)
		return;
	int f = sample_key_index(ch->field);
	const char *what = f >= 0 ? field_label(x->a, ch->field)
	                 : strcmp(ch->field, "verdict") == 0 ? "判定"
	                 : strcmp(ch->field, "status") == 0 ? "状态" : ch->field;
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
	const form_def *f = x->a->sample_form;
	csvout_field(x->out, s->sample_no, true, true);
	for (int i = 0; i < f->nfields; i++) {
		int k = sample_key_index(f->fields[i].key);
		bool number = f->fields[i].type == FT_DECIMAL || f->fields[i].type == FT_INTEGER;
		csvout_field(x->out, s->v[k], false, !number);
	}
	csvout_field(x->out, s->fail ? "不合格" : "合格", false, true);
	csvout_field(x->out, s->flag_confirm ? "是" : "", false, true);
	csvout_field(x->out, s->voided ? "作废" : "有效", false, true);
	csvout_field(x->out, s->void_reason, false, true);
	char version[16];
	snprintf(version, sizeof version, "%d", s->version);
	csvout_field(x->out, version, false, false);
	csvout_field(x->out, s->created_by, false, true);
	csvout_field(x->out, s->created_at, false, true);
	csvout_field(x->out, s->updated_by, false, true);
	csvout_field(x->out, s->updated_at, false, true);
	x->history[0] = '\0';
	x->hlen = 0;
	if (s->version > 1 &&
	    !sample_history(x->a->db, s->id, add_history, x, x->err, sizeof x->err))
		return false;
	csvout_field(x->out, x->history, false, true);
	csvout_field(x->out, s->ext_no, false, true);
	csvout_end(x->out);
	x->rows++;
	return !ferror(x->out);
}

bool export_samples(app *a, int year, FILE *out, long *rows, char *err, size_t errlen)
{
	export_ctx x = {.a = a, .out = out};
	const form_def *f = a->sample_form;
	csvout_bom(out);
	csvout_field(out, "样品编号", true, true);
	for (int i = 0; i < f->nfields; i++)
		csvout_field(out, f->fields[i].label, false, true);
	static const char *tail[] = {"判定", "建议送检", "状态", "作废原因", "版本", "录入人",
	                             "录入时间", "修改人", "修改时间", "更正记录", "外部编号"};
	for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
		csvout_field(out, tail[i], false, true);
	csvout_end(out);
	bool ok = sample_each(a->db, year, write_row, &x, err, errlen);
	if (ok && x.err[0]) {
		snprintf(err, errlen, "%s", x.err);
		ok = false;
	}
	if (ok && (fflush(out) != 0 || ferror(out))) {
		snprintf(err, errlen, "写入导出文件失败 (磁盘已满或没有权限?)");
		ok = false;
	}
	*rows = x.rows;
	return ok;
}
