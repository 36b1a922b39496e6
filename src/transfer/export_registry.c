/* Exports of the producer registry and the blacklist (export.h). */
#include "transfer/export.h"

#include <string.h>

#include "registry/blacklist.h"
#include "base/csvout.h"
#include "store/db.h"
#include "registry/producer.h"

static bool finish(FILE *out, char *err, size_t errlen)
{
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "写入导出文件失败 (磁盘已满或没有权限?)");
		return false;
	}
	return true;
}

/* Excel shows a long number in a General cell as 4.40111E+17 and loses
 * the digits when the file is saved again; a leading tab keeps the cell
 * text (importing trims it off). */
static void code_field(FILE *out, const char *v)
{
	bool digits = *v != '\0';
	for (const char *p = v; *p && digits; p++)
		digits = (*p >= '0' && *p <= '9') || *p == 'X';
	if (!digits) {
		csvout_field(out, v, false, true);
		return;
	}
	char tabbed[64];
	snprintf(tabbed, sizeof tabbed, "\t%s", v);
	csvout_field(out, tabbed, false, true);
}

bool export_producers(app *a, FILE *out, long *rows, char *err, size_t errlen)
{
	const form_def *f = a->producer_form;
	*rows = 0;
	csvout_bom(out);
	csvout_field(out, "主体编号", true, true);
	for (int i = 0; i < f->nfields; i++)
		csvout_field(out, f->fields[i].label, false, true);
	static const char *const tail[] = {"信用评级", "状态", "录入人", "录入时间", "修改人", "修改时间"};
	for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
		csvout_field(out, tail[i], false, true);
	csvout_end(out);
	sqlite3_stmt *st = db_prepare(a->db, "SELECT id FROM producers ORDER BY id", err, errlen);
	if (!st)
		return false;
	producer p;
	producer_init(&p);
	bool ok = true;
	int rc;
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		if (!producer_load(a->db, id, &p, err, errlen)) {
			ok = false;
			break;
		}
		blacklist_entry listing;
		bool listed = blacklist_active(a->db, id, &listing);
		char num[32], rating[2] = {p.rating, '\0'};
		snprintf(num, sizeof num, "%lld", id);
		csvout_field(out, num, true, false);
		for (int i = 0; i < f->nfields; i++) {
			int k = producer_key_index(f->fields[i].key);
			if (k == PF_CREDIT_CODE || k == PF_ID_NUMBER)
				code_field(out, p.v[k]);
			else
				csvout_field(out, p.v[k], false, true);
		}
		csvout_field(out, rating, false, true);
		csvout_field(out, producer_status_text(producer_status(p.rating, listed)), false, true);
		csvout_field(out, p.created_by, false, true);
		csvout_field(out, p.created_at, false, true);
		csvout_field(out, p.updated_by, false, true);
		csvout_field(out, p.updated_at, false, true);
		csvout_end(out);
		(*rows)++;
		ok = !ferror(out);
		if (!ok)
			snprintf(err, errlen, "写入导出文件失败 (磁盘已满或没有权限?)");
	}
	if (ok && rc != SQLITE_DONE) {
		db_error(a->db, "读取主体名录失败", err, errlen);
		ok = false;
	}
	producer_free(&p);
	sqlite3_finalize(st);
	return ok && finish(out, err, errlen);
}

typedef struct {
	FILE *out;
	long rows;
} listing_ctx;

static bool listing_row(void *ctx, const blacklist_entry *e)
{
	listing_ctx *x = ctx;
	char id[32];
	snprintf(id, sizeof id, "%lld", e->producer_id);
	const char *cells[] = {id, e->name, e->town, blacklist_kind_label(e->kind), e->detail, e->since,
	                       e->expires, e->added_by, e->added_at};
	for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
		csvout_field(x->out, cells[i], i == 0, i != 0);
	csvout_end(x->out);
	x->rows++;
	return !ferror(x->out);
}

bool export_blacklist(app *a, FILE *out, long *rows, char *err, size_t errlen)
{
	static const char *const head[] = {"主体编号", "名称", "镇街", "原因类别", "原因", "列入日期",
	                                   "到期日期", "列入人", "列入时间"};
	csvout_bom(out);
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		csvout_field(out, head[i], i == 0, true);
	csvout_end(out);
	listing_ctx x = {out, 0};
	bool ok = blacklist_each_active(a->db, listing_row, &x, err, errlen);
	*rows = x.rows;
	return ok && finish(out, err, errlen);
}
