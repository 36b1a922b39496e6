/* Exports of the producer registry and the blacklist (export.h). */
#include "transfer/export.h"

#include <string.h>

#include "registry/blacklist.h"
#include "registry/rating.h"
#include "store/db.h"
#include "registry/producer.h"

/* The latest rating's date and reason. */
typedef struct {
	char on[16], reason[512];
} last_rating;

static void keep_last(void *ctx, const rating_change *r)
{
	last_rating *l = ctx;
	snprintf(l->on, sizeof l->on, "%s", r->on ? r->on : "");
	snprintf(l->reason, sizeof l->reason, "%s", r->reason ? r->reason : "");
}

/* The columns after the form's fields. 信用等级 … 列入日期 import again
 * (import_producers.c) as a rating and a listing. */
static const char *const tail[] = {"信用等级", "评级日期", "依据", "黑名单", "原因类别", "原因", "列入日期",
                                   "状态", "录入人", "录入时间", "修改人", "修改时间"};

static bool producer_row(app *a, const form_def *f, long long id, sheet *out, char *err, size_t errlen)
{
	producer p;
	producer_init(&p);
	last_rating lr = {"", ""};
	if (!producer_load(a->db, id, &p, err, errlen) ||
	    (p.rating && !rating_history(a->db, id, keep_last, &lr, err, errlen))) {
		producer_free(&p);
		return false;
	}
	blacklist_entry listing;
	bool listed = blacklist_active(a->db, id, &listing);
	char rating[2] = {p.rating, '\0'};
	sheet_long(out, (long)id);
	for (int i = 0; i < f->nfields; i++) {
		int k = producer_key_index(f->fields[i].key);
		if (k == PF_CREDIT_CODE || k == PF_ID_NUMBER || k == PF_PHONE)
			sheet_code(out, p.v[k]);
		else
			sheet_text(out, p.v[k]);
	}
	sheet_text(out, rating);
	sheet_date(out, lr.on);
	sheet_text(out, lr.reason);
	sheet_text(out, listed ? "是" : "");
	sheet_text(out, listed ? blacklist_kind_label(listing.kind) : "");
	sheet_text(out, listed ? listing.detail : "");
	sheet_date(out, listed ? listing.since : "");
	sheet_text(out, producer_status_text(producer_status(p.rating, listed)));
	sheet_stamps(out, p.created_by, p.created_at, p.updated_by, p.updated_at);
	producer_free(&p);
	return true;
}

bool export_producers(app *a, sheet *out, long *rows, char *err, size_t errlen)
{
	const form_def *f = app_form(a, "producer");
	*rows = 0;
	export_title(a, out, "生产经营主体名录", -1);
	sheet_head(out, "主体编号");
	for (int i = 0; i < f->nfields; i++)
		sheet_head(out, f->fields[i].label);
	for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
		sheet_head(out, tail[i]);
	sheet_end_row(out);
	db_stmt *st = db_prepare(a->db, "SELECT id FROM producers ORDER BY id", err, errlen);
	if (!st)
		return false;
	return export_records(a, f, st, "读取主体名录失败", producer_row, out, rows, err, errlen);
}

static bool listing_row(void *ctx, const blacklist_entry *e)
{
	sheet_rows *x = ctx;
	sheet_long(x->out, (long)e->producer_id);
	sheet_text(x->out, e->name);
	sheet_text(x->out, e->town);
	sheet_text(x->out, blacklist_kind_label(e->kind));
	sheet_text(x->out, e->detail);
	sheet_date(x->out, e->since);
	sheet_date(x->out, e->expires);
	sheet_text(x->out, e->added_by);
	sheet_date(x->out, e->added_at);
	return sheet_rows_end(x);
}

bool export_blacklist(app *a, sheet *out, long *rows, char *err, size_t errlen)
{
	static const char *const head[] = {"主体编号", "名称", "镇街", "原因类别", "原因", "列入日期",
	                                   "到期日期", "列入人", "列入时间"};
	export_title(a, out, "黑名单 (在列)", -1);
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		sheet_head(out, head[i]);
	sheet_end_row(out);
	sheet_rows x = {.out = out, .ok = true};
	bool ok = blacklist_each_active(a->db, listing_row, &x, err, errlen);
	*rows = x.rows;
	return ok;
}
