/* Inspections (巡查) in and out (transfers.c): the export of a year's
 * valid inspections, the template, and the import of such a sheet, each
 * row checked by inspection_validate as the screen checks it while the
 * file is read, and saved by inspection_insert_checked under the write
 * lock. */
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

static bool inspection_row(app *a, const form_def *f, long long id, sheet *out, char *err, size_t errlen)
{
	inspection in;
	inspection_init(&in);
	if (!inspection_load(a->db, id, &in, err, errlen)) {
		inspection_free(&in);
		return false;
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
	inspection_free(&in);
	return true;
}

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
	db_stmt *st = db_prepare(a->db, "SELECT id FROM inspections WHERE status = 'valid'"
	                              " AND (?1 = '' OR inspect_date BETWEEN ?1 AND ?2) ORDER BY inspect_date, id", err, errlen);
	if (!st)
		return false;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	return export_records(a, f, st, "读取巡查记录失败", inspection_row, out, rows, err, errlen);
}

typedef struct {
	imp_core c;
	inspection in;
} inspections_import;

/* A producer by name or by number; the town comes with it. */
static bool field_required(void *ctx, int field)
{
	return field != IF_PRODUCER && field != IF_TOWN && imp_core_required(ctx, field);
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
	return imp_core_begin(ctx, "CREATE TEMP TABLE IF NOT EXISTS inspection_import_keys (producer_id INTEGER,"
	                      " day TEXT, who TEXT, PRIMARY KEY (producer_id, day, who)) WITHOUT ROWID;"
	                      "DELETE FROM temp.inspection_import_keys;", err, errlen);
}

/* The same producer inspected on the same day by the same people: the
 * saved inspection (re-importing an export adds nothing), 0 when none,
 * -1 on an error. */
static long long same_inspection(inspections_import *x, char *err, size_t errlen)
{
	inspection *in = &x->in;
	db_conn *db = x->c.a->db;
	db_stmt *st = db_cached(db, "SELECT max(id) FROM inspections WHERE producer_id = ?1"
	                             " AND inspect_date = ?2 AND inspectors = ?3 AND status = 'valid'", err, errlen);
	if (!st)
		return -1;
	db_bind_int64(st, 1, in->producer_id);
	DB_BIND_TEXTS(st, 2, in->v[IF_DATE], in->v[IF_INSPECTORS]);
	long long have = db_first_int64(db, st, 0, NULL, err, errlen);
	db_done(st);
	return have;
}

/* As the row is read (no write lock): every check inspection_insert
 * makes; saved already, or earlier in the file. */
static imp_result check(void *ctx, char **values, imp_problem *p)
{
	inspections_import *x = ctx;
	app *a = x->c.a;
	inspection *in = imp_core_fill(&x->c, values);
	const char *pid = values[XI_PRODUCER_ID] ? values[XI_PRODUCER_ID] : "";
	in->producer_id = *pid ? strtoll(pid, NULL, 10) : 0;
	if (!*in->v[IF_PRODUCER] && in->producer_id > 0) {
		char num[24];
		snprintf(num, sizeof num, "%lld", in->producer_id);
		inspection_set(in, IF_PRODUCER, num);
	}
	rec_error e;
	if (!inspection_validate(a->db, a->cfg, x->c.f, in, &e))
		return e.field < 0 && !*e.msg ? imp_fatal(p, "检查巡查记录失败") : imp_bad(p, e.field, "%s", e.msg);
	const char *no = user_may_write_town(&a->me, in->v[IF_TOWN]);
	if (no)
		return imp_bad(p, IF_PRODUCER, "%s (主体 %s 属于%s)", no, in->v[IF_PRODUCER], in->v[IF_TOWN]);
	char err[512];
	long long have = same_inspection(x, err, sizeof err);
	if (have < 0)
		return imp_fatal(p, err);
	if (have)
		return IMP_PRESENT;
	/* Twice in this file: the file's inspections so far. */
	db_stmt *put = db_cached(a->db, "INSERT OR IGNORE INTO temp.inspection_import_keys (producer_id, day, who)"
	                              " VALUES (?1, ?2, ?3)", err, sizeof err);
	if (!put)
		return imp_fatal(p, err);
	db_bind_int64(put, 1, in->producer_id);
	DB_BIND_TEXTS(put, 2, in->v[IF_DATE], in->v[IF_INSPECTORS]);
	int rc = db_step(put);
	db_done(put);
	if (rc != DB_DONE)
		return imp_fatal(p, "导入失败：无法写入临时表");
	if (db_changes(a->db) == 0)
		return imp_bad(p, IF_PRODUCER, "%s %s 的这次巡查在本文件中出现了两次", in->v[IF_PRODUCER], in->v[IF_DATE]);
	return imp_core_checked(&x->c, values, &in->producer_id, 1);
}

/* Under the write lock, a checked row saved (unless others saved it
 * meanwhile). */
static imp_result row(void *ctx, char **values, imp_problem *p)
{
	inspections_import *x = ctx;
	app *a = x->c.a;
	inspection *in = imp_core_fill(&x->c, values);
	in->producer_id = imp_found_id(values, XI_PRODUCER_ID);
	int meanwhile = imp_core_meanwhile(&x->c, p);
	if (meanwhile < 0)
		return IMP_FATAL;
	char err[512];
	long long have = meanwhile ? same_inspection(x, err, sizeof err) : 0;
	if (have < 0)
		return imp_fatal(p, err);
	if (have)
		return IMP_PRESENT;
	rec_error e;
	if (!inspection_insert_checked(a->db, in, false, &a->me, &e))
		return imp_refused(p, &e);
	return IMP_NEW;
}

void import_inspections(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	inspections_import x = {.c = {.a = a, .rt = &inspect_type, .extras = extras, .ignored = ignored,
	                              IMP_RECORD(x.in), .keys = "inspection_import_keys"}};
	x.c.f = app_form_loaded(a, "inspect", s->message, sizeof s->message);
	if (!x.c.f) {
		s->status = 2;
		return;
	}
	static const imp_kind kind = {IMP_RECORD_KIND("巡查记录", "inspections", XI_COUNT), .field_for = imp_core_field,
	                              .field_required = field_required, .check = check};
	imp_core_run(&x.c, &kind, &x, fp, o, s);
}

bool template_inspections(app *a, FILE *out, char *err, size_t errlen)
{
	const form_def *f = app_form_loaded(a, "inspect", err, errlen);
	static const char *const lead[] = {"主体编号", NULL};
	return f && importer_template(out, lead, f, NULL, err, errlen);
}
