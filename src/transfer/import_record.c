/* What importing any record type shares (imports.h): header names to
 * fields by the record's table and form, the defaults a column-less field
 * gets, the required columns, the last record before the import, and the
 * row verdicts with their messages. */
#include "transfer/imports.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "store/db.h"

int imp_record_field(const rectype *rt, const form_def *f, const char *header)
{
	char h[256];
	importer_fold(header, h, sizeof h);
	for (int i = 0; i < f->nfields; i++)
		if (importer_same(h, f->fields[i].label))
			return rec_key_index(rt, f->fields[i].key);
	for (int k = 0; k < rt->nfields; k++)
		if ((rt->fields[k].flags & RF_IMPORTED) &&
		    (importer_same(h, rt->fields[k].key) || importer_same(h, rt->fields[k].label)))
			return k;
	return IMP_UNKNOWN;
}

int imp_extra_field(const char *header, const imp_extra *x, const char *const *ignored)
{
	char h[256];
	importer_fold(header, h, sizeof h);
	for (; x && x->label; x++)
		if (importer_same(h, x->label) || (x->alias && importer_same(h, x->alias)))
			return x->field;
	for (int i = 0; ignored && ignored[i]; i++)
		if (importer_same(h, ignored[i]))
			return IMP_IGNORED;
	return IMP_UNKNOWN;
}

const char *imp_field_label(const rectype *rt, const form_def *f, const imp_extra *x, int field)
{
	if (field < rt->nfields)
		return rec_label(rt, f, field);
	for (; x && x->label; x++)
		if (x->field == field)
			return x->label;
	return "";
}

bool imp_field_required(const rectype *rt, const form_def *f, int field)
{
	if (field < 0 || field >= rt->nfields)
		return false;
	const char *key = rt->fields[field].key;
	int i = form_index(f, key);
	if (i < 0 || !f->fields[i].required || f->fields[i].when_key)
		return false;
	if (f->fields[i].def && strcmp(f->fields[i].def, "today") != 0)
		return false;
	for (int j = 0; j < f->nfields; j++)
		if (f->fields[j].fills && strcmp(f->fields[j].fills, key) == 0)
			return false;
	return true;
}

void imp_defaults(const rectype *rt, const form_def *f, char **defaults)
{
	for (int i = 0; i < rt->nfields; i++)
		defaults[i] = NULL;
	for (int i = 0; i < f->nfields; i++) {
		const field_def *fd = &f->fields[i];
		int k = rec_key_index(rt, fd->key);
		if (k >= 0 && fd->def && strcmp(fd->def, "today") != 0) {
			char def[256];
			field_default(fd, def, sizeof def);
			free(defaults[k]);
			defaults[k] = xstrdup(def);
		}
	}
}

void imp_fill(const rectype *rt, char **v, char **values, char *const *defaults)
{
	for (int f = 0; f < rt->nfields; f++)
		values_set(v, rt->nfields, f, values[f] ? values[f] : defaults[f] ? defaults[f] : "");
}

const form_def *imp_form(app *a, const char *name, imp_summary *s)
{
	char err[512];
	const form_def *f = app_form_loaded(a, name, err, sizeof err);
	if (!f) {
		memset(s, 0, sizeof *s);
		s->status = 1;
		snprintf(s->message, sizeof s->message, "%s", err);
	}
	return f;
}

bool imp_max_id(db_conn *db, const rectype *rt, long long *max_id, char *err, size_t errlen)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", rt->table);
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return false;
	*max_id = db_step(st) == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finalize(st);
	return true;
}

int imp_core_field(void *ctx, const char *header)
{
	imp_core *c = ctx;
	int k = imp_record_field(c->rt, c->f, header);
	return k >= 0 ? k : imp_extra_field(header, c->extras, c->ignored);
}

const char *imp_core_label(void *ctx, int field)
{
	imp_core *c = ctx;
	return imp_field_label(c->rt, c->f, c->extras, field);
}

bool imp_core_required(void *ctx, int field)
{
	imp_core *c = ctx;
	return imp_field_required(c->rt, c->f, field);
}

bool imp_core_begin(imp_core *c, const char *keys_sql, char *err, size_t errlen)
{
	c->now_max = -1;
	if (keys_sql && db_exec(c->a->db, keys_sql) != DB_OK) {
		db_error(c->a->db, "准备导入失败", err, errlen);
		return false;
	}
	return imp_max_id(c->a->db, c->rt, &c->max_id, err, errlen);
}

void *imp_core_fill(imp_core *c, char **values)
{
	imp_fill(c->rt, c->v, values, c->defaults);
	*c->id = 0;
	return c->rec;
}

imp_result imp_core_checked(imp_core *c, char **values, const long long *ids, int n)
{
	for (int f = 0; f < c->rt->nfields; f++)
		values[f] = c->v[f];
	for (int i = 0; i < n && i < IMP_FOUND_IDS; i++) {
		snprintf(c->found[i], sizeof c->found[i], "%lld", ids[i]);
		values[c->rt->nfields + i] = c->found[i];
	}
	return IMP_NEW;
}

long long imp_found_id(char **values, int field)
{
	return strtoll(values[field], NULL, 10);
}

int imp_core_meanwhile(imp_core *c, imp_problem *p)
{
	char err[512];
	if (c->now_max < 0 && !imp_max_id(c->a->db, c->rt, &c->now_max, err, sizeof err)) {
		imp_fatal(p, err);
		return -1;
	}
	return c->now_max > c->max_id;
}

void imp_core_run(imp_core *c, const imp_kind *k, void *ctx, FILE *fp, const imp_options *o, imp_summary *s)
{
	c->defaults = xcalloc((size_t)c->rt->nfields, sizeof *c->defaults);
	imp_defaults(c->rt, c->f, c->defaults);
	values_init(c->v, c->rt->nfields);
	importer_run(c->a->db, k, ctx, fp, o, s);
	values_free(c->v, c->rt->nfields);
	if (c->keys) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS temp.%s", c->keys);
		db_exec(c->a->db, sql);
	}
	for (int i = 0; i < c->rt->nfields; i++)
		free(c->defaults[i]);
	free(c->defaults);
}

imp_result imp_fatal(imp_problem *p, const char *msg)
{
	p->field = -1;
	snprintf(p->msg, sizeof p->msg, "%s", msg);
	return IMP_FATAL;
}

imp_result imp_refused(imp_problem *p, const rec_error *e)
{
	return e->field >= 0 ? imp_bad(p, e->field, "%s", e->msg) : imp_fatal(p, e->msg);
}
