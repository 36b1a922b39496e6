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
#include "transfer/importer.h"

void import_samples(app *a, FILE *fp, const imp_options *o, imp_summary *s);
void import_producers(app *a, FILE *fp, const imp_options *o, imp_summary *s);

/* The header row users fill in: the form's labels (then 外部编号 for
 * samples, for the number a record has on paper or in another system). */
bool template_samples(app *a, FILE *out, char *err, size_t errlen);
bool template_producers(app *a, FILE *out, char *err, size_t errlen);

#endif
