/* Where a command-line job's file goes, as a user gets it: -o FILE or
 * standard output, --encoding utf-8|gbk, --format csv|xlsx. CSV is UTF-8
 * with a BOM and CRLF (what Chinese Excel opens); with gbk it is converted
 * at the end, each character GBK lacks written as ? and reported. Text
 * reports get CRLF line ends (old Notepad) unless they go to a terminal. */
#ifndef NJ_CLI_OUTPUT_H
#define NJ_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "transfer/sheet.h"

typedef enum { OUT_CSV, OUT_XLSX, OUT_TEXT } out_format;

typedef struct {
	const char *path;   /* -o FILE, NULL: standard output */
	bool gbk;           /* --encoding gbk */
	bool format_given;  /* --format was given */
	out_format format;
	/* Set by cli_out_open: */
	FILE *fp;           /* what the job writes to (CSV and text) */
	FILE *dst;          /* the file or stdout */
	FILE *tmp;          /* the UTF-8 text before conversion, or NULL */
	char xlsx_path[4096]; /* where an .xlsx is written (the file, or a temporary one) */
	bool xlsx_tmp;
	/* -o FILE is written as FILE.tmp-PID in the same directory, fsynced
	 * and renamed over FILE only when complete: a failed export (disk
	 * full, a database error) leaves no partial file and an older FILE
	 * as it was. */
	char part[4096];
	bool bad;           /* an option had a bad value (message printed) */
} cli_out;

/* One of -o FILE, --encoding E, --format F (when allowed, a NULL-ended
 * list such as {"csv", "xlsx", NULL}) at argv[*i]: true when taken (and
 * *i moved past its value). A bad value is taken too: the message is
 * printed, o->bad set, and cli_out_open then refuses. */
bool cli_out_option(cli_out *o, int argc, char **argv, int *i, const char *const *formats);
/* One option of a job: "--name" alone sets *flag, or (csv) means
 * --format csv; "--name VALUE" sets *text, or *number when VALUE is a
 * whole number in [min, max] (else the job stops with the usage message
 * bad). */
typedef struct {
	const char *name;
	bool *flag;
	const char **text;
	long *number;
	long min, max;
	const char *bad;
	bool csv;
} cli_opt;
#define CLI_FLAG(name, dst) {name, dst, NULL, NULL, 0, 0, NULL, false}
#define CLI_TEXT(name, dst) {name, NULL, dst, NULL, 0, 0, NULL, false}
#define CLI_NUMBER(name, dst, min, max, bad) {name, NULL, NULL, dst, min, max, bad, false}
#define CLI_CSV_FORMAT {"--csv", NULL, NULL, NULL, 0, 0, NULL, true}
/* CLI_ARG: a word that is not an option fills the first of these still
 * NULL (brand add 主体); another such word is a usage error. */
#define CLI_ARG(dst) {NULL, NULL, dst, NULL, 0, 0, NULL, false}
/* A job's arguments: each an output option (cli_out_option with formats;
 * none when o is NULL) or one of opts. 0 when all were taken, else the exit status after the
 * message (usage for anything else, or an option without its value). */
int cli_options(cli_out *o, const char *const *formats, int argc, char **argv, const cli_opt *opts, size_t n,
                const char *usage);
/* The value of an encoding option (utf-8, gbk): false (message printed,
 * naming option) when it is neither. */
bool cli_out_encoding(cli_out *o, const char *option, const char *v);
/* Open for writing: text is the format of a job without --format (OUT_CSV
 * or OUT_TEXT); an -o name ending in .xlsx means --format xlsx. False
 * (message printed) when the file cannot be written. */
bool cli_out_open(cli_out *o, out_format dflt);
/* The exit status after cli_out_open refused: a usage error for a bad
 * option value, else a failed job. */
int cli_out_failed(const cli_out *o);
/* One row of a list: CSV (cells from text_from on written as text, so
 * Excel keeps leading zeros) or tab-separated sanitised text. False when
 * the output failed. */
bool cli_row(FILE *out, bool csv, const char *const *cells, size_t n, size_t text_from);
/* A listing on the command line, the context of a domain's each-callback:
 * where the rows go, CSV or text, how many were written. */
typedef struct {
	FILE *out;
	bool csv;
	int n;
} cli_list;
/* cli_row on x's output, counting the row. */
bool cli_list_row(cli_list *x, const char *const *cells, size_t n, size_t text_from);
/* A CSV list's BOM and header row. */
void cli_csv_head(FILE *out, const char *const *head, size_t n);
/* The table writer for o after cli_out_open: CSV on o->fp, or an .xlsx
 * whose first worksheet is named name. NULL (message printed) on failure. */
sheet *cli_out_sheet(cli_out *o, const char *name);
/* Close the table (ok: the job succeeded; err: its message when not) and
 * then o as cli_out_close does; false (message printed) when anything
 * failed. */
bool cli_out_close_sheet(cli_out *o, sheet *sh, bool ok, const char *err, long *replaced);
/* Finish: convert (gbk, CRLF) and close. ok: the job succeeded (else the
 * output is only closed). False when something failed; *replaced (may be
 * NULL) gets how many characters GBK could not represent (then the result
 * is false too, with the advice printed). */
bool cli_out_close(cli_out *o, bool ok, long *replaced);

/* One row of a listing: CSV cells (text guarded) or, for people, cells
 * separated by tabs, sanitised; false when writing failed. */
bool cli_out_row(FILE *fp, bool csv, const char *const *cells, int n);

#endif
