/* Inspections (巡查) in and out (transfers.c): the export of a year's
 * valid inspections, the template, and the import of such a sheet, each
 * row through inspection_insert exactly as the screen saves it. */
#include "transfer/export.h"
#include "transfer/imports.h"

#include <stdlib.h>
#include <string.h>

#include "inspect/inspect.h"
#include "store/db.h"

/* After the form's fields: the re-check fields (imported again by their
 * labels), then what the program keeps itself. */
static const int recheck_fields[] = {IF_RECHECK_DATE, IF_RECHECK, IF_RECHECK_NOTE};
static const char *const kept_cols[] = {"整改状态", "录入人", "录入时间"};

/* 主体编号: the registry number, which names the producer exactly. */
enum { XI_PRODUCER_ID = IF_COUNT, XI_COUNT };
static const imp_extra extras[] = {{XI_PRODUCER_ID, "主体编号", "producer_id"}, {0, NULL, NULL}};
static const char *const ignored[] = {"巡查编号", "id", "整改状态", "状态", "录入人", "录入时间", "序号", NULL};

bool export_inspections(app *a, int year, sheet *out, long *rows, char *err, size_t errlen)
{
	const form_def *f = app_form_loaded(a, "inspect", err, errlen);
	*rows = 0;
	if (!f)
		return false;
	export_title(a, out, "巡查记录", year);
	sheet_head(out, "巡查编号");
	sheet_head(out, "主体编号");
	for (int i = 0; i < f->nfields; i++)
		sheet_head(out, f->fields[i].label);
	sheet_head(out, "镇街");
	for (size_t i = 0; i < sizeof recheck_fields / sizeof *recheck_fields; i++)
		sheet_head(out, inspection_label(f, recheck_fields[i]));
	for (size_t i = 0; i < sizeof kept_cols / sizeof *kept_cols; i++)
		sheet_head(out, kept_cols[i]);
	sheet_end_row(out);
	char from[11] = "", to[11] = "";
	if (year) {
		snprintf(from, sizeof from, "%04d-01-01", year);
		snprintf(to, sizeof to, "%04d-12-31", year);
	}
	sqlite3_stmt *st = db_prepare(a->db, "SELECT id FROM inspections WHERE status = 'valid'"
	                              " AND (?1 = '' OR inspect_date BETWEEN ?1 AND ?2) ORDER BY inspect_date, id", err, errlen);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	inspection in;
	inspection_init(&in);
	bool ok = true;
	int rc;
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!inspection_load(a->db, sqlite3_column_int64(st, 0), &in, err, errlen)) {
			ok = false;
			break;
		}
		sheet_long(out, (long)in.id);
		sheet_long(out, (long)in.producer_id);
		for (int i = 0; i < f->nfields; i++) {
			int k = rec_key_index(&inspect_type, f->fields[i].key);
			if (inspect_type.fields[k].type == RT_DATE)
				sheet_date(out, in.v[k]);
			else
				sheet_text(out, in.v[k]);
		}
		sheet_text(out, in.v[IF_TOWN]);
		sheet_date(out, in.v[IF_RECHECK_DATE]);
		sheet_text(out, in.v[IF_RECHECK]);
		sheet_text(out, in.v[IF_RECHECK_NOTE]);
		sheet_text(out, inspection_state_text(inspection_rectify_state(&in, date_today())));
		sheet_text(out, in.created_by);
		sheet_date(out, in.created_at);
		(*rows)++;
		if (!sheet_end_row(out)) {
			snprintf(err, errlen, "写入导出文件失败 (磁盘已满或没有权限?)");
			ok = false;
		}
	}
	if (ok && rc != SQLITE_DONE) {
		db_error(a->db, "读取巡查记录失败", err, errlen);
		ok = false;
	}
	sqlite3_finalize(st);
	inspection_free(&in);
	return ok;
}

typedef struct {
	app *a;
	const form_def *f;
	inspection in;
	char *defaults[IF_COUNT];
	long long max_id;
} inspections_import;

static int field_for(void *ctx, const char *header)
{
	inspections_import *x = ctx;
	int k = imp_record_field(&inspect_type, x->f, header);
	return k >= 0 ? k : imp_extra_field(header, extras, ignored);
}

static const char *field_label(void *ctx, int field)
{
	inspections_import *x = ctx;
	return imp_field_label(&inspect_type, x->f, extras, field);
}

static bool field_required(void *ctx, int field)
{
	inspections_import *x = ctx;
	/* A producer by name or by number; the town comes with it. */
	if (field == IF_PRODUCER || field == IF_TOWN)
		return false;
	return field < IF_COUNT && imp_field_required(&inspect_type, x->f, field);
}

static cell_kind field_cell(void *ctx, int field)
{
	(void)ctx;
	if (field == IF_DATE || field == IF_DEADLINE || field == IF_RECHECK_DATE)
		return CELL_DATE;
	return field == IF_FINDINGS || field == IF_RECTIFY || field == IF_REMARKS ? CELL_LINES : CELL_PLAIN;
}

static bool begin(void *ctx, char *err, size_t errlen)
{
	inspections_import *x = ctx;
	return imp_max_id(x->a->db, &inspect_type, &x->max_id, err, errlen);
}

static imp_result row(void *ctx, char **values, imp_problem *p)
{
	inspections_import *x = ctx;
	app *a = x->a;
	inspection *in = &x->in;
	imp_fill(&inspect_type, in->v, values, x->defaults);
	in->id = 0;
	const char *pid = values[XI_PRODUCER_ID] ? values[XI_PRODUCER_ID] : "";
	in->producer_id = *pid ? strtoll(pid, NULL, 10) : 0;
	if (!*in->v[IF_PRODUCER] && in->producer_id > 0) {
		char num[24];
		snprintf(num, sizeof num, "%lld", in->producer_id);
		inspection_set(in, IF_PRODUCER, num);
	}
	rec_error e;
	if (!inspection_validate(a->db, a->cfg, x->f, in, &e))
		return e.field < 0 && !*e.msg ? imp_fatal(p, "检查巡查记录失败") : imp_bad(p, e.field, "%s", e.msg);
	/* The same producer inspected on the same day by the same people:
	 * this record (re-importing an export adds nothing). */
	char err[512];
	sqlite3_stmt *st = db_cached(a->db, "SELECT max(id) FROM inspections WHERE producer_id = ?1"
	                             " AND inspect_date = ?2 AND inspectors = ?3 AND status = 'valid'", err, sizeof err);
	if (!st)
		return imp_fatal(p, err);
	sqlite3_bind_int64(st, 1, in->producer_id);
	sqlite3_bind_text(st, 2, in->v[IF_DATE], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->v[IF_INSPECTORS], -1, SQLITE_STATIC);
	long long have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (have > x->max_id)
		return imp_bad(p, IF_PRODUCER, "%s %s 的这次巡查在本文件中出现了两次", in->v[IF_PRODUCER], in->v[IF_DATE]);
	if (have)
		return IMP_PRESENT;
	if (!inspection_insert(a->db, a->cfg, x->f, in, false, &a->me, &e))
		return imp_refused(p, &e);
	return IMP_NEW;
}

void import_inspections(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	inspections_import x = {.a = a};
	x.f = app_form_loaded(a, "inspect", s->message, sizeof s->message);
	if (!x.f) {
		s->status = 2;
		return;
	}
	inspection_init(&x.in);
	imp_defaults(&inspect_type, x.f, x.defaults);
	static const imp_kind kind = {IMP_KIND_COMMON("巡查记录", "inspections", XI_COUNT)};
	importer_run(a->db, &kind, &x, fp, o, s);
	inspection_free(&x.in);
	for (int i = 0; i < IF_COUNT; i++)
		free(x.defaults[i]);
}

bool template_inspections(app *a, FILE *out, char *err, size_t errlen)
{
	const form_def *f = app_form_loaded(a, "inspect", err, errlen);
	static const char *const lead[] = {"主体编号", NULL};
	return f && importer_template(out, lead, f, NULL, err, errlen);
}
