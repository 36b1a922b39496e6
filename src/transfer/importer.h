/* Importing CSV files from Excel and other systems, for any kind of
 * record (samples, producers): the encoding (encoding.h), libcsv in strict
 * mode with a cap on field size, the header mapped to fields by name, the
 * row checks every kind shares (columns, undecodable bytes, blank rows),
 * one transaction, and the per-row report. The file is read and checked
 * whole first, without any lock: every row of a kind with save() is
 * checked completely and put aside in a temporary table, then saved by
 * one short write transaction (BEGIN IMMEDIATE); a kind with check() has
 * every row checked as completely as it is read and put aside in a
 * temporary file, and only writes them under the write lock. All or
 * nothing either way, and a stalled input (a pipe that stops sending)
 * never keeps other users from saving. What a row means is the
 * kind's business (imp_kind). No curses.
 *
 * Rows are numbered as Excel numbers them: the header is row 1, a record
 * with line breaks inside quotes is one row, blank lines count. */
#ifndef NJ_IMPORTER_H
#define NJ_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/encoding.h"
#include "record/formdef.h"
#include "record/rectype.h"
#include "transfer/cells.h"
#include "store/db.h"

/* Caps: a longer field or a wider row is reported, never loaded. */
#define IMP_MAX_FIELD_BYTES 65536
#define IMP_MAX_COLUMNS 256

/* field_for() results besides a field index. */
enum { IMP_UNKNOWN = -1, IMP_IGNORED = -2 };

typedef enum { IMP_NEW, IMP_PRESENT, IMP_BAD, IMP_FATAL } imp_result;

/* What is wrong with a row: a record's problem (rectype.h), its field
 * what the problem is about (-1: the whole row) and msg the reason. */
typedef rec_error imp_problem;

typedef struct {
	const char *what;   /* 抽样检测记录 (for messages) */
	const char *entity; /* samples (for the audit trail) */
	int nfields;
	/* A header cell (trimmed) → field index, IMP_IGNORED (known and not
	 * imported, e.g. a computed column of our own export) or IMP_UNKNOWN. */
	int (*field_for)(void *ctx, const char *header);
	const char *(*field_label)(void *ctx, int field);
	/* Must the header have this column? */
	bool (*field_required)(void *ctx, int field);
	/* Kinds that save rows with a bulk insert (sample_insert_bulk) name
	 * the table here. SQLite then skips that table's CHECK constraints row
	 * by row (the kind's validation enforces the same rules; evaluating
	 * them per row cost more than everything else an import does) and the
	 * importer checks every new row against them once, before commit. */
	const char *bulk_table;
	/* Called once as the file's rows begin, without the write lock (for
	 * a kind with neither save() nor check(): inside the transaction). */
	bool (*begin)(void *ctx, char *err, size_t errlen);
	/* Kinds that check and put aside every row before taking the write
	 * lock (sample_stage.h) have save(): row() is then called while the
	 * file is read, with no write lock held (it reads the database and
	 * writes only the connection's temporary tables), and save() inside
	 * one short write transaction once the whole file is checked; late:
	 * rows found already present only then (saved by others meanwhile).
	 * NULL: the rows are spooled and row() saves each under the lock. */
	bool (*save)(void *ctx, long *late, char *err, size_t errlen);
	/* Kinds that save row by row check every row before taking the write
	 * lock with check(): called for each row as the file is read, with no
	 * write lock held (it reads the database and may write the
	 * connection's temporary tables), it does every check the row needs:
	 * the form's and the domain's rules, the town the login may write,
	 * the records already saved and the file's earlier rows. It may point
	 * values at their checked forms and fill fields no column has (for
	 * row(), e.g. an id it looked up; valid until the next row). IMP_NEW:
	 * the row is put aside, and row() writes it inside one short write
	 * transaction once the whole file is checked (finding there only
	 * what others saved meanwhile); IMP_PRESENT: counted, not saved.
	 * NULL (and no save()): row() checks and saves each row under the
	 * lock. */
	imp_result (*check)(void *ctx, char **values, imp_problem *p);
	/* Called once inside the transaction after the last row (keep: the
	 * import is about to commit); may be NULL. */
	bool (*end)(void *ctx, bool keep, char *err, size_t errlen);
	/* How a field's cells are read (cells.h: line breaks, Excel dates,
	 * phone numbers and codes Excel damaged); NULL: all CELL_PLAIN. */
	cell_kind (*cell_kind)(void *ctx, int field);
	/* One data row: values by field, NULL for fields without a column
	 * (cells are trimmed and may be edited in place). IMP_BAD and
	 * IMP_FATAL fill p (p->field: the field, or -1). */
	imp_result (*row)(void *ctx, char **values, imp_problem *p);
} imp_kind;

/* The members every kind file names the same way: its static field_for,
 * field_label, field_required, field_cell, begin and row. A kind with
 * more (save, end, bulk_table) adds them after:
 *   static const imp_kind kind = {IMP_KIND_COMMON("巡查记录", "inspections", XI_COUNT)};
 */
#define IMP_KIND_COMMON(what_, entity_, n)                                                        \
	.what = what_, .entity = entity_, .nfields = n, .field_for = field_for,                 \
	.field_label = field_label, .field_required = field_required, .cell_kind = field_cell, \
	.begin = begin, .row = row

/* Called after each block of input: bytes consumed of total (-1 when
 * unknown) and data rows so far. */
typedef void (*imp_progress_fn)(void *ctx, long long done, long long total, long rows);
/* Called for each rejected row (and each ignored header column, row 1). */
typedef void (*imp_problem_fn)(void *ctx, long row, const char *column, const char *value,
                               const char *reason);

typedef struct {
	bool dry_run;        /* check everything, change nothing */
	bool skip_bad;       /* import the good rows, report the others */
	FILE *report;        /* CSV report (BOM, 行号,列,值,原因), or NULL */
	const char *login;   /* for the audit trail */
	const char *source;  /* the file name, for the audit trail */
	imp_progress_fn progress;
	/* Called once the whole file is read, checked and spooled, as the
	 * rows are about to be saved (under the write lock); may be NULL. */
	void (*saving)(void *ctx, long rows);
	imp_problem_fn on_problem;
	void *ctx;           /* for progress and on_problem */
} imp_options;

typedef struct {
	int status;          /* 0 all imported, 1 rows rejected or the import failed, 2 unreadable */
	enc_kind encoding;
	char delim;          /* ',' or '\t' */
	long rows;           /* data rows, blank ones not counted */
	long good;           /* new and valid (imported when committed) */
	long present;        /* already in the database: skipped */
	long bad;            /* rejected */
	long blank;          /* blank rows skipped */
	long notes;          /* cells read with a note (cells.h), reported */
	bool committed;      /* the good rows were saved */
	char ignored[1024];  /* header columns not imported, 、-separated */
	char message[1024];  /* why the file could not be read or the import failed */
} imp_summary;

/* Run an import of fp (opened "rb") into db. The summary says what
 * happened; see status. */
void importer_run(db_conn *db, const imp_kind *k, void *kctx, FILE *fp, const imp_options *o,
                  imp_summary *s);

/* The first row of table after rowid `after` that fails one of the
 * table's CHECK constraints: its rowid, 0 when every row passes, -1 on a
 * database error. (How bulk imports check their rows before commit.) */
long long importer_failing_row(db_conn *db, const char *table, long long after);

/* The header row of a template: the labels of a form's fields between
 * the given leading and trailing columns (NULL-ended lists, may be NULL).
 * UTF-8 with BOM and CRLF. */
bool importer_template(FILE *out, const char *const *lead, const form_def *f,
                       const char *const *tail, char *err, size_t errlen);

/* Header text compared loosely: spaces removed, full-width brackets and
 * percent as ASCII, ASCII lower-cased. out gets the folded text. */
void importer_fold(const char *in, char *out, size_t outlen);
/* Does a (folded) header name this text, compared the same folded way? */
bool importer_same(const char *folded, const char *text);

#endif
