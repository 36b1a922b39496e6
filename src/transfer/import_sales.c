/* Moving the restricted-pesticide sale ledger (限用农药实名购买台账) in
 * and out: the template (the sale form's labels), the import (each row
 * through sale_insert, so every rule of the ledger holds; a row equal to
 * a saved sale is present, not new) and the export (ID numbers masked:
 * a supervisor's full export is `nongjian sale list --csv --full`). */
#include "transfer/imports.h"

#include <stdlib.h>
#include <string.h>

#include "ledger/sale.h"
#include "ledger/salelist.h"
#include "store/db.h"
#include "transfer/export.h"

/* Columns of our own export the program keeps itself. */
static const char *const ignored[] = {"编号", "id", "镇街", "状态", "status", "录入人", "created_by", "序号", NULL};

typedef struct {
	app *a;
	const form_def *f;
	sale s;
	char *defaults[SL_COUNT];
	long long max_id;
} sales_import;

static int field_for(void *ctx, const char *header)
{
	sales_import *x = ctx;
	int k = imp_record_field(&sale_type, x->f, header);
	return k >= 0 && k != SL_TOWN ? k : imp_extra_field(header, NULL, ignored);
}

static const char *field_label(void *ctx, int field)
{
	sales_import *x = ctx;
	return imp_field_label(&sale_type, x->f, NULL, field);
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

static bool field_required(void *ctx, int field)
{
	sales_import *x = ctx;
	return imp_field_required(&sale_type, x->f, field);
}

static bool begin(void *ctx, char *err, size_t errlen)
{
	sales_import *x = ctx;
	return imp_max_id(x->a->db, &sale_type, &x->max_id, err, errlen);
}

/* A saved sale equal to this one (shop, date, buyer, codes, pesticide,
 * quantity, unit): its id, 0 when none, -1 on an error. */
static long long same_sale(sqlite3 *db, const sale *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_cached(db,
		"SELECT id FROM sales WHERE shop_id = ?1 AND sale_date = ?2 AND buyer = ?3"
		" AND coalesce(id_number, '') = ?4 AND coalesce(credit_code, '') = ?5 AND pesticide = ?6"
		" AND quantity = ?7 AND qty_unit = ?8 AND status = 'valid' ORDER BY id DESC LIMIT 1", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, s->shop_id);
	sqlite3_bind_text(st, 2, s->v[SL_DATE], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->v[SL_BUYER], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->v[SL_ID_NUMBER], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->v[SL_CREDIT_CODE], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, s->v[SL_PESTICIDE], -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 7, strtod(s->v[SL_QUANTITY], NULL));
	sqlite3_bind_text(st, 8, s->v[SL_UNIT], -1, SQLITE_STATIC);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}

static imp_result row(void *ctx, char **values, imp_problem *p)
{
	sales_import *x = ctx;
	app *a = x->a;
	sale *s = &x->s;
	char err[512];
	imp_fill(&sale_type, s->v, values, x->defaults);
	s->id = 0;
	sale_error e;
	if (!sale_validate(a->db, a->cfg, x->f, s, NULL, &e))
		return imp_bad(p, e.field, "%s", e.msg);
	long long id = same_sale(a->db, s, err, sizeof err);
	if (id < 0)
		return imp_fatal(p, err);
	/* Equal rows in one file stand for as many sales. */
	if (id && id <= x->max_id)
		return IMP_PRESENT;
	if (!sale_insert(a->db, a->cfg, x->f, s, &a->me, &e))
		return e.field >= 0 ? imp_bad(p, e.field, "%s", e.msg) : imp_refused(p, &e);
	return IMP_NEW;
}

void import_sales(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	char err[512];
	sales_import x = {.a = a, .f = app_form_loaded(a, "sale", err, sizeof err)};
	if (!x.f) {
		memset(s, 0, sizeof *s);
		s->status = 1;
		snprintf(s->message, sizeof s->message, "%s", err);
		return;
	}
	sale_init(&x.s);
	imp_defaults(&sale_type, x.f, x.defaults);
	static const imp_kind kind = {IMP_KIND_COMMON("限用农药销售", "sales", SL_COUNT)};
	importer_run(a->db, &kind, &x, fp, o, s);
	sale_free(&x.s);
	for (int i = 0; i < SL_COUNT; i++)
		free(x.defaults[i]);
}

bool template_sales(app *a, FILE *out, char *err, size_t errlen)
{
	const form_def *f = app_form_loaded(a, "sale", err, errlen);
	return f && importer_template(out, NULL, f, NULL, err, errlen);
}

/* ---- export ---- */

typedef struct {
	const form_def *f;
	sheet *out;
	long rows;
} sales_export;

static bool export_row(void *ctx, const sale *s)
{
	sales_export *x = ctx;
	char masked[64];
	sheet_long(x->out, (long)s->id);
	sheet_text(x->out, s->v[SL_TOWN]);
	for (int i = 0; i < x->f->nfields; i++) {
		int k = rec_key_index(&sale_type, x->f->fields[i].key);
		if (k == SL_ID_NUMBER || k == SL_CREDIT_CODE) {
			sale_mask_id(s->v[k], masked, sizeof masked);
			sheet_code(x->out, masked);
		} else if (k == SL_DATE) {
			sheet_date(x->out, s->v[k]);
		} else if (k == SL_QUANTITY || k == SL_AREA) {
			sheet_number(x->out, s->v[k]);
		} else {
			sheet_text(x->out, s->v[k]);
		}
	}
	sheet_text(x->out, s->voided ? "作废" : "有效");
	sheet_text(x->out, s->created_by);
	x->rows++;
	return sheet_end_row(x->out);
}

bool export_sales(app *a, int year, sheet *out, long *rows, char *err, size_t errlen)
{
	sales_export x = {.f = app_form_loaded(a, "sale", err, errlen), .out = out};
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
	*rows = x.rows;
	return n >= 0;
}
