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
/* The last record before the import (rows after it are this import's). */
bool imp_max_id(sqlite3 *db, const rectype *rt, long long *max_id, char *err, size_t errlen);
/* Under the write lock (a kind with check()): did others save records
 * since the rows were checked against those up to max_id? *now_max (-1
 * until the first call) keeps the last record as the lock was taken. 1
 * yes, 0 no, -1 on a database error (err). */
int imp_saved_meanwhile(sqlite3 *db, const rectype *rt, long long max_id, long long *now_max, char *err,
                        size_t errlen);
/* Row verdicts: refused with a message on a field, the import stopped,
 * or refused by the domain (e->field < 0: a database failure, fatal). */
imp_result imp_bad(imp_problem *p, int field, const char *fmt, ...) NJ_PRINTF(3, 4);
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
