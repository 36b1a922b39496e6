/* Importing producers (imports.h): the header names, identity of rows
 * already registered, and each row through producer_insert. */
#include "transfer/imports.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "registry/producer.h"
#include "base/text.h"
#include "store/units.h"

/* Columns of our own export the program keeps itself, and a
 * spreadsheet's row numbers: known, not imported. */
static const char *const ignored[] = {
	"主体编号", "id", "信用评级", "rating", "状态", "status", "录入人", "created_by", "录入时间",
	"created_at", "修改人", "updated_by", "修改时间", "updated_at", "序号", NULL,
};

typedef struct {
	app *a;
	producer p;
	char *defaults[PF_COUNT];
	long long max_id;
} producers_import;

static int field_for(void *ctx, const char *header)
{
	producers_import *x = ctx;
	const form_def *f = x->a->producer_form;
	char h[256];
	importer_fold(header, h, sizeof h);
	int k = importer_header_field(h, f, producer_keys, producer_label, producer_key_index);
	if (k >= 0)
		return k;
	for (int i = 0; ignored[i]; i++)
		if (importer_same(h, ignored[i]))
			return IMP_IGNORED;
	return IMP_UNKNOWN;
}

static const char *field_label(void *ctx, int field)
{
	producers_import *x = ctx;
	int i = form_index(x->a->producer_form, producer_keys[field]);
	return i >= 0 ? x->a->producer_form->fields[i].label : producer_label(field);
}

static bool field_required(void *ctx, int field)
{
	producers_import *x = ctx;
	const form_def *f = x->a->producer_form;
	int i = form_index(f, producer_keys[field]);
	return i >= 0 && f->fields[i].required && !f->fields[i].when_key && !f->fields[i].def;
}

static bool begin(void *ctx, char *err, size_t errlen)
{
	producers_import *x = ctx;
	sqlite3_stmt *st = db_prepare(x->a->db, "SELECT coalesce(max(id), 0) FROM producers", err, errlen);
	if (!st)
		return false;
	x->max_id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return true;
}

static imp_result bad(imp_problem *p, int field, const char *fmt, const char *arg)
{
	p->field = field;
	if (snprintf(p->reason, sizeof p->reason, fmt, arg ? arg : "") < 0)
		p->reason[0] = '\0';
	return IMP_BAD;
}

/* 4.40111E+17: what Excel shows for a long number in a General cell; the
 * digits are gone by the time it is saved. */
static bool scientific(const char *v)
{
	const char *e = strpbrk(v, "eE");
	if (!e || e == v || (e[1] != '+' && e[1] != '-') || !isdigit((unsigned char)e[2]))
		return false;
	for (const char *p = v; p < e; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	for (const char *p = e + 2; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

/* The registered producer holding a code; 0 when none. */
static long long find_code(sqlite3 *db, bool credit, const char *code, char *err, size_t errlen)
{
	sqlite3_stmt *st = credit ? db_cached(db, "SELECT id FROM producers WHERE credit_code = ?1", err, errlen)
	                          : db_cached(db, "SELECT id FROM producers WHERE id_number = ?1", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}

static imp_result fatal(imp_problem *p, const char *msg)
{
	p->field = -1;
	snprintf(p->reason, sizeof p->reason, "%s", msg);
	return IMP_FATAL;
}

static imp_result row(void *ctx, char **values, imp_problem *p)
{
	producers_import *x = ctx;
	app *a = x->a;
	producer *pr = &x->p;
	char err[512];
	for (int f = 0; f < PF_COUNT; f++)
		producer_set(pr, f, values[f] ? values[f] : x->defaults[f] ? x->defaults[f] : "");
	pr->id = 0;
	producer_error e;
	if (!producer_validate(a->cfg, a->producer_form, pr, &e)) {
		if ((e.field == PF_CREDIT_CODE || e.field == PF_ID_NUMBER) && values[e.field] &&
		    scientific(values[e.field]))
			return bad(p, e.field, "号码被 Excel 显示成了科学计数法 (%s)，原号码已丢失：请把这一列设为"
			           "\"文本\"格式，重新填写完整的 18 位号码后再导入", values[e.field]);
		return bad(p, e.field, "%s", e.msg);
	}
	static const int codes[] = {PF_CREDIT_CODE, PF_ID_NUMBER};
	for (int i = 0; i < 2; i++) {
		const char *code = pr->v[codes[i]];
		if (!*code)
			continue;
		long long id = find_code(a->db, codes[i] == PF_CREDIT_CODE, code, err, sizeof err);
		if (id < 0)
			return fatal(p, err);
		if (id > x->max_id)
			return bad(p, codes[i], "号码 %s 在本文件中出现了两次", code);
		if (id)
			return IMP_PRESENT;
	}
	sqlite3_stmt *st = db_cached(a->db,
		"SELECT id, coalesce(credit_code, ''), coalesce(id_number, '') FROM producers"
		" WHERE name = ?1 AND unit_id = ?2 AND coalesce(village, '') = ?3", err, sizeof err);
	if (!st)
		return fatal(p, err);
	sqlite3_bind_text(st, 1, pr->v[PF_NAME], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, units_id(a->db, pr->v[PF_TOWN]));
	sqlite3_bind_text(st, 3, pr->v[PF_VILLAGE], -1, SQLITE_STATIC);
	long long id = 0;
	imp_result r = IMP_NEW;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		const char *have[2] = {(const char *)sqlite3_column_text(st, 1),
		                       (const char *)sqlite3_column_text(st, 2)};
		for (int i = 0; i < 2 && r == IMP_NEW; i++) {
			const char *mine = pr->v[codes[i]];
			if (*mine && have[i] && *have[i] && strcmp(mine, have[i]) != 0) {
				char msg[512];
				snprintf(msg, sizeof msg, "%s%s已登记同名主体 (编号 %lld)，但号码不同 (已登记的是 %s)："
				         "如确为不同主体，请填写村(社区)以区分", pr->v[PF_TOWN], pr->v[PF_VILLAGE], id, have[i]);
				r = bad(p, codes[i], "%s", msg);
			}
		}
		if (r == IMP_NEW)
			r = id > x->max_id ? bad(p, PF_NAME, "%s 在本文件中出现了两次 (同一镇街、同一村)", pr->v[PF_NAME])
			                   : IMP_PRESENT;
	}
	db_done(st);
	if (r != IMP_NEW)
		return r;
	if (!producer_insert(a->db, a->cfg, a->producer_form, pr, &a->me, &e)) {
		if (e.field >= 0)
			return bad(p, e.field, "%s", e.msg);
		return fatal(p, e.msg);
	}
	return IMP_NEW;
}

void import_producers(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	producers_import x = {.a = a};
	producer_init(&x.p);
	const form_def *f = a->producer_form;
	for (int i = 0; i < f->nfields; i++) {
		const field_def *fd = &f->fields[i];
		if (fd->def && strcmp(fd->def, "today") != 0) {
			char def[256];
			field_default(fd, def, sizeof def);
			x.defaults[producer_key_index(fd->key)] = xstrdup(def);
		}
	}
	static const imp_kind kind = {
		.what = "生产经营主体",
		.entity = "producers",
		.nfields = PF_COUNT,
		.field_for = field_for,
		.field_label = field_label,
		.field_required = field_required,
		.begin = begin,
		.row = row,
	};
	importer_run(a->db, &kind, &x, fp, o, s);
	producer_free(&x.p);
	for (int i = 0; i < PF_COUNT; i++)
		free(x.defaults[i]);
}

bool template_producers(app *a, FILE *out, char *err, size_t errlen)
{
	return importer_template(out, NULL, a->producer_form, NULL, err, errlen);
}
