/* Moving the restricted-pesticide sale ledger (限用农药实名购买台账) in
 * and out: the template (the sale form's labels), the import (each row
 * checked by sale_validate as the file is read, so every rule of the
 * ledger holds, and saved by sale_insert_checked under the write lock; a
 * row equal to a saved sale is present, not new) and the export (ID numbers masked:
 * a supervisor's full export is `nongjian sale list --csv --full`). */
#include "transfer/imports.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "ledger/sale.h"
#include "ledger/salelist.h"
#include "store/db.h"
#include "transfer/export.h"

/* Columns of our own export the program keeps itself. */
static const char *const ignored[] = {"编号", "id", "镇街", "状态", "status", "录入人", "created_by", "序号", NULL};

/* What the check found, for the save (no column has them): the shop and
 * the buyer in the registry, in imp_core_checked's order. */
enum { XS_SHOP_ID = SL_COUNT, XS_BUYER_ID, XS_COUNT };

typedef struct {
	imp_core c;
	sale s;
	/* Rows refused for a 禁用 pesticide: with sale.flag_banned, each
	 * attempt is written to the audit trail when the import is saved. */
	sale *banned;
	size_t nbanned, banned_cap;
} sales_import;

/* 镇街 is the shop's: a column of our own export, not read. */
static int field_for(void *ctx, const char *header)
{
	int k = imp_core_field(ctx, header);
	return k == SL_TOWN ? imp_extra_field(header, NULL, ignored) : k;
}

static cell_kind field_cell(void *ctx, int field)
{
	(void)ctx;
	switch (field) {
	case SL_ID_NUMBER:
	case SL_CREDIT_CODE:
		return CELL_CODE;
	case SL_PHONE:
		return CELL_PHONE;
	case SL_DATE:
		return CELL_DATE;
	case SL_NOTE:
		return CELL_LINES;
	default:
		return CELL_PLAIN;
	}
}

static bool begin(void *ctx, char *err, size_t errlen)
{
	return imp_core_begin(ctx, NULL, err, errlen);
}

/* A saved sale equal to this one (shop, date, buyer, codes, pesticide,
 * quantity, unit): its id, 0 when none, -1 on an error. */
static long long same_sale(db_conn *db, const sale *s, char *err, size_t errlen)
{
	db_stmt *st = db_cached(db,
		"SELECT id FROM sales WHERE shop_id = ?1 AND sale_date = ?2 AND buyer = ?3"
		" AND coalesce(id_number, '') = ?4 AND coalesce(credit_code, '') = ?5 AND pesticide = ?6"
		" AND quantity = ?7 AND qty_unit = ?8 AND status = 'valid' ORDER BY id DESC LIMIT 1", err, errlen);
	if (!st)
		return -1;
	db_bind_int64(st, 1, s->shop_id);
	DB_BIND_TEXTS(st, 2, s->v[SL_DATE], s->v[SL_BUYER], s->v[SL_ID_NUMBER], s->v[SL_CREDIT_CODE],
	              s->v[SL_PESTICIDE]);
	db_bind_double(st, 7, strtod(s->v[SL_QUANTITY], NULL));
	db_bind_text(st, 8, s->v[SL_UNIT]);
	long long id = db_first_int64(db, st, 0, NULL, err, errlen);
	db_done(st);
	return id;
}

/* Is the sale saved already, among the records up to `upto`? A sale
 * equal to one of this file's is not: equal rows in one file stand for
 * as many sales. */
static imp_result saved(sales_import *x, long long upto, imp_problem *p)
{
	char err[512];
	long long id = same_sale(x->c.a->db, &x->s, err, sizeof err);
	if (id < 0)
		return imp_fatal(p, err);
	return id && id <= upto ? IMP_PRESENT : IMP_NEW;
}

/* As the row is read (no write lock): every check sale_insert makes. */
static imp_result check(void *ctx, char **values, imp_problem *p)
{
	sales_import *x = ctx;
	app *a = x->c.a;
	sale *s = imp_core_fill(&x->c, values);
	sale_error e;
	bool banned = false;
	if (!sale_validate(a->db, a->cfg, x->c.f, s, &banned, &e)) {
		if (!banned || !a->cfg->sale_flag_banned || !*s->v[SL_TOWN])
			return imp_bad(p, e.field, "%s", e.msg);
		x->banned = xgrow(x->banned, &x->banned_cap, x->nbanned + 1, sizeof *x->banned);
		sale_init(&x->banned[x->nbanned]);
		sale_copy(&x->banned[x->nbanned++], s);
		return imp_bad(p, e.field, "%s；此次登记已记入审计，报监管督查", e.msg);
	}
	const char *no = user_may_write_town(&a->me, s->v[SL_TOWN]);
	if (no)
		return imp_bad(p, SL_SHOP, "%s", no);
	imp_result r = saved(x, x->c.max_id, p);
	if (r != IMP_NEW)
		return r;
	return imp_core_checked(&x->c, values, (const long long[]){s->shop_id, s->buyer_producer_id}, 2);
}

/* Under the write lock, a checked row saved (unless others saved the
 * same sale meanwhile). */
static imp_result row(void *ctx, char **values, imp_problem *p)
{
	sales_import *x = ctx;
	app *a = x->c.a;
	sale *s = imp_core_fill(&x->c, values);
	sale_error e;
	s->shop_id = imp_found_id(values, XS_SHOP_ID);
	s->buyer_producer_id = imp_found_id(values, XS_BUYER_ID);
	int meanwhile = imp_core_meanwhile(&x->c, p);
	if (meanwhile < 0)
		return IMP_FATAL;
	imp_result r = meanwhile ? saved(x, x->c.now_max, p) : IMP_NEW;
	if (r != IMP_NEW)
		return r;
	if (!sale_insert_checked(a->db, s, &a->me, &e))
		return e.field >= 0 ? imp_bad(p, e.field, "%s", e.msg) : imp_refused(p, &e);
	return IMP_NEW;
}

/* Inside the import's transaction, as it is about to end. */
static bool end(void *ctx, bool keep, char *err, size_t errlen)
{
	sales_import *x = ctx;
	(void)err;
	(void)errlen;
	for (size_t i = 0; keep && i < x->nbanned; i++)
		sale_flag_banned(x->c.a->db, &x->banned[i], &x->c.a->me);
	return true;
}

void import_sales(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	sales_import x = {.c = {.a = a, .rt = &sale_type, .f = imp_form(a, "sale", s), .ignored = ignored,
	                        IMP_RECORD(x.s)}};
	if (!x.c.f)
		return;
	static const imp_kind kind = {IMP_RECORD_KIND("限用农药销售", "sales", XS_COUNT), .field_for = field_for,
	                              .field_required = imp_core_required, .check = check, .end = end};
	imp_core_run(&x.c, &kind, &x, fp, o, s);
	for (size_t i = 0; i < x.nbanned; i++)
		sale_free(&x.banned[i]);
	free(x.banned);
}

bool template_sales(app *a, FILE *out, char *err, size_t errlen)
{
	const form_def *f = app_form_loaded(a, "sale", err, errlen);
	return f && importer_template(out, NULL, f, NULL, err, errlen);
}

/* ---- export ---- */

typedef struct {
	const form_def *f;
	sheet_rows w;
} sales_export;

static bool export_row(void *ctx, const sale *s)
{
	sales_export *x = ctx;
	char masked[64];
	sheet_long(x->w.out, (long)s->id);
	sheet_text(x->w.out, s->v[SL_TOWN]);
	for (int i = 0; i < x->f->nfields; i++) {
		int k = rec_key_index(&sale_type, x->f->fields[i].key);
		if (k == SL_ID_NUMBER || k == SL_CREDIT_CODE) {
			sale_mask_id(s->v[k], masked, sizeof masked);
			sheet_code(x->w.out, masked);
		} else if (k == SL_DATE) {
			sheet_date(x->w.out, s->v[k]);
		} else if (k == SL_QUANTITY || k == SL_AREA) {
			sheet_number(x->w.out, s->v[k]);
		} else {
			sheet_text(x->w.out, s->v[k]);
		}
	}
	sheet_text(x->w.out, s->voided ? "作废" : "有效");
	sheet_text(x->w.out, s->created_by);
	return sheet_rows_end(&x->w);
}

bool export_sales(app *a, int year, sheet *out, long *rows, char *err, size_t errlen)
{
	sales_export x = {.f = app_form_loaded(a, "sale", err, errlen), .w = {.out = out, .ok = true}};
	*rows = 0;
	if (!x.f)
		return false;
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	export_title(a, out, "限用农药实名购买台账 (身份证号已遮盖)", year);
	sheet_head(out, "编号");
	sheet_head(out, "镇街");
	for (int i = 0; i < x.f->nfields; i++)
		sheet_head(out, x.f->fields[i].label);
	sheet_head(out, "状态");
	sheet_head(out, "录入人");
	sheet_end_row(out);
	sale_filter flt = {.since = year ? from : NULL, .until = year ? to : NULL, .include_void = true};
	long n = sale_each(a->db, &flt, export_row, &x, err, errlen);
	*rows = x.w.rows;
	return n >= 0;
}
