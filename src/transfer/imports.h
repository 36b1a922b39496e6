/* The record kinds the importer (importer.h) knows: sampling records and
 * producers. Each row is checked exactly as the screen form checks it and
 * saved with the domain's own insert. No curses.
 *
 * Already present (skipped, counted, never a duplicate):
 *  - samples: a 样品编号 of this database (with the same 录入时间 when the
 *    file has that column, as our own export does); else a 外部编号
 *    (ext_no; a 样品编号 of another database is kept as one) seen before;
 *    else, for rows without any number, an existing record equal in every
 *    field — N equal rows in a file stand for N records.
 *  - producers: the same 统一社会信用代码 or 身份证号, else the same name in
 *    the same town and village. */
#ifndef NJ_IMPORTS_H
#define NJ_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/app.h"
#include "base/values.h"
#include "record/rectype.h"
#include "transfer/importer.h"

/* ---- shared by the record kinds (import_record.c) ---- */
/* Columns besides a record's fields: index, label, another name. The
 * lists end with a NULL label. */
typedef struct {
	int field;
	const char *label, *alias;
} imp_extra;
/* A header naming a field: by the form's label, else (RF_IMPORTED
 * fields) by key or default label; IMP_UNKNOWN when none. */
int imp_record_field(const rectype *rt, const form_def *f, const char *header);
/* A header naming one of the extras, or one of the ignored names
 * (IMP_IGNORED; NULL-ended, may be NULL); else IMP_UNKNOWN. */
int imp_extra_field(const char *header, const imp_extra *x, const char *const *ignored);
const char *imp_field_label(const rectype *rt, const form_def *f, const imp_extra *x, int field);
/* Must the header have the field's column? A required field of the form
 * that is always asked for, has no default an import could use (a date
 * is never "today" by default here) and is not filled from another. */
bool imp_field_required(const rectype *rt, const form_def *f, int field);
/* defaults[field] (rt->nfields of them, to free): the form's default for
 * a field without a column, NULL for none. */
void imp_defaults(const rectype *rt, const form_def *f, char **defaults);
/* A row's values into v: the cell, else the default, else "". */
void imp_fill(const rectype *rt, char **v, char **values, char *const *defaults);
/* The form the rows are checked by; NULL when it cannot be loaded (then
 * s says why, with status 1: nothing was imported). */
const form_def *imp_form(app *a, const char *name, imp_summary *s);
/* The last record before the import (rows after it are this import's). */
bool imp_max_id(db_conn *db, const rectype *rt, long long *max_id, char *err, size_t errlen);

/* Ids a check may find for row() (imp_core_checked): the shop and the buyer of a sale. */
#define IMP_FOUND_IDS 2

/* What the import of every record type keeps: the first member of a
 * kind's context, so that the callbacks below take that context as it
 * is. The kind fills in a to keys; imp_core_run the rest. */
typedef struct {
	app *a;
	const rectype *rt;
	const form_def *f;          /* the form the rows are checked by */
	const imp_extra *extras;    /* columns besides the fields; may be NULL */
	const char *const *ignored; /* known, not imported (NULL-ended); may be NULL */
	void *rec;                  /* the record a row is read into (zeroed) */
	char **v;                   /* its values (the core's) */
	long long *id;              /* and its id */
	const char *keys;           /* a temporary table of the file's keys (begin made it), dropped after */
	char **defaults;            /* per field: the form's default, NULL for none */
	char found[IMP_FOUND_IDS][24]; /* imp_core_checked's ids, as text */
	long long max_id;           /* the last record before the import */
	long long now_max;          /* the same, as the write lock was taken; -1: not yet */
} imp_core;

/* The record members of an imp_core: IMP_RECORD(x.s) for the record x.s. */
#define IMP_RECORD(r) .rec = &(r), .v = (r).v, .id = &(r).id

/* imp_kind's field_for, field_label and field_required by the record's
 * table and form and the extras (ctx: a context beginning with imp_core). */
int imp_core_field(void *ctx, const char *header);
const char *imp_core_label(void *ctx, int field);
bool imp_core_required(void *ctx, int field);
/* As the rows begin: keys_sql (may be NULL) makes the kind's temporary
 * tables, max_id is the last record now. */
bool imp_core_begin(imp_core *c, const char *keys_sql, char *err, size_t errlen);
/* The row's values (or the form's defaults) into the record, as a new
 * one (id 0); returns the record. */
void *imp_core_fill(imp_core *c, char **values);
/* The end of a check() that found the row new: values point at the
 * record's checked values, and the n ids it found (n <= IMP_FOUND_IDS)
 * go into the extra columns after the fields, for row() (imp_found_id);
 * valid until the next row. IMP_NEW. */
imp_result imp_core_checked(imp_core *c, char **values, const long long *ids, int n);
/* In row(): the id imp_core_checked put into column field. */
long long imp_found_id(char **values, int field);
/* Under the write lock (a kind with check()): did others save records
 * since the rows were checked against those up to max_id? now_max keeps
 * the last record as the lock was taken. 1 yes, 0 no, -1 on a database
 * error (p says it: the row's verdict is IMP_FATAL). */
int imp_core_meanwhile(imp_core *c, imp_problem *p);
/* The import: the form's defaults and the record's values, importer_run,
 * then the keys table dropped, the defaults and the values freed. */
void imp_core_run(imp_core *c, const imp_kind *k, void *ctx, FILE *fp, const imp_options *o, imp_summary *s);
/* The members of imp_kind every record kind names the same way (its
 * static field_cell, begin and row, the core's field_label); the kind adds
 * field_for and field_required (the core's or its own) and check or save. */
#define IMP_RECORD_KIND(what_, entity_, n)                                                             \
	.what = what_, .entity = entity_, .nfields = n, .field_label = imp_core_label, .cell_kind = field_cell, \
	.begin = begin, .row = row

/* Row verdicts: refused with a message on a field (rec_fail's, checked
 * like printf), the import stopped, or refused by the domain (e->field <
 * 0: a database failure, fatal). */
#define imp_bad(p, field, ...) (rec_fail((p), (field), __VA_ARGS__), IMP_BAD)
imp_result imp_fatal(imp_problem *p, const char *msg);
imp_result imp_refused(imp_problem *p, const rec_error *e);

void import_samples(app *a, FILE *fp, const imp_options *o, imp_summary *s);
void import_producers(app *a, FILE *fp, const imp_options *o, imp_summary *s);
/* Sales (import_sales.c): each row through sale_insert; a row equal to a
 * saved sale (shop, date, buyer, codes, pesticide, quantity) is present. */
void import_sales(app *a, FILE *fp, const imp_options *o, imp_summary *s);
void import_inspections(app *a, FILE *fp, const imp_options *o, imp_summary *s); /* inspect_transfer.c */
/* Items of quantitative samples (import_items.c): each row's item added
 * to the saved sample of its 样品编号, as a correction of the sample; an
 * item the sample has with the same value is present. */
void import_items(app *a, FILE *fp, const imp_options *o, imp_summary *s);

/* The header row users fill in: the form's labels (then 外部编号 for
 * samples, for the number a record has on paper or in another system). */
bool template_samples(app *a, FILE *out, char *err, size_t errlen);
bool template_producers(app *a, FILE *out, char *err, size_t errlen);
bool template_sales(app *a, FILE *out, char *err, size_t errlen);
bool template_inspections(app *a, FILE *out, char *err, size_t errlen);
bool template_items(app *a, FILE *out, char *err, size_t errlen);

#endif
