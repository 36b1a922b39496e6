/* The kinds of records that move in and out (nongjian template, import,
 * export and the import screen): one table, so that a job chooses its
 * kind by name and a new record type is one more row. No curses. */
#ifndef NJ_TRANSFERS_H
#define NJ_TRANSFERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/app.h"
#include "transfer/importer.h"
#include "transfer/sheet.h"

typedef struct {
	const char *name; /* samples: as typed on the command line */
	const char *what; /* 抽样检测记录: in messages and sheet names */
	/* NULL where the kind cannot be imported / has no template. */
	void (*import)(app *a, FILE *fp, const imp_options *o, imp_summary *s);
	bool (*template)(app *a, FILE *out, char *err, size_t errlen);
	/* year: for kinds with by_year (0: all years), else ignored. */
	bool (*export)(app *a, int year, sheet *out, long *rows, char *err, size_t errlen);
	bool by_year;
	/* Imported on the command line only, not offered by the import
	 * screen (whose one line of kinds is full at 80 columns). */
	bool cli_only;
} transfer_kind;

/* The kinds, ending with a NULL name. */
extern const transfer_kind transfer_kinds[];
/* The kind of that name, or NULL. */
const transfer_kind *transfer_kind_named(const char *name);

#endif
