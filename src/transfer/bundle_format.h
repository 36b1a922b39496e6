/* The bundle an offline township PC hands to the county server (nongjian
 * bundle export / import, transfer/bundle.h): a UTF-8 text file of lines,
 * fields separated by tabs.
 *
 *   nongjian-bundle<TAB>1               the format and its version
 *   KEY<TAB>VALUE                       header: schema, district, unit, since, made, by
 *   table<TAB>NAME<TAB>COL<TAB>COL...   a table's columns, then its rows
 *   row<TAB>VALUE<TAB>VALUE...          n NULL, i42 integer, r35.5 real, tTEXT text
 *   end<TAB>ROWS                        the number of row lines
 *   sha256<TAB>HEX                      SHA-256 of every byte before this line
 *
 * In text, backslash, tab, newline and CR are written \\ \t \n \r and any
 * other control byte \xHH. The last line is what `head -n -1 FILE |
 * sha256sum` prints, so a copy can be checked with the standard tool.
 * Reals are written so that they read back as the same double. No SQL,
 * no curses. */
#ifndef NJ_BUNDLE_FORMAT_H
#define NJ_BUNDLE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#define BUNDLE_MAGIC "nongjian-bundle"
#define BUNDLE_FORMAT 1

typedef enum { BV_NULL, BV_INT, BV_REAL, BV_TEXT } bval_type;

typedef struct {
	bval_type type;
	long long i;
	double r;
	char *t;        /* BV_TEXT: owned, NUL-terminated */
} bval;

typedef struct {
	char *name;
	int ncols;
	char **cols;
	size_t nrows, cap;
	bval *vals;     /* nrows * ncols, row by row */
} btable;

typedef struct {
	int format;
	int nheaders;
	char **keys, **values;
	int ntables;
	btable *tables;
	char sha256[65];
} bundle;

/* ---- writing: into a growing buffer, the checksum at the end ---- */
typedef struct {
	char *buf;
	size_t len, cap;
	int ncols;      /* of the current table */
	long rows;
} bundle_out;

void bundle_out_init(bundle_out *o);
void bundle_out_header(bundle_out *o, const char *key, const char *value);
void bundle_out_table(bundle_out *o, const char *name, int ncols, const char *const *cols);
void bundle_out_row(bundle_out *o, const bval *v, int n);
/* Append the end and checksum lines; o->buf then holds the whole file
 * (the caller frees it) and sha256 its checksum. */
void bundle_out_finish(bundle_out *o, char sha256[65]);

/* ---- reading ---- */
/* Check the magic line and the checksum, then parse; false with a
 * Chinese message (not a bundle, damaged, a newer format, a bad line). */
bool bundle_parse(const char *data, size_t len, bundle *b, char *err, size_t errlen);
/* The whole file at path (at most 1 GB), parsed. */
bool bundle_read_file(const char *path, bundle *b, char *err, size_t errlen);
void bundle_free(bundle *b);
const char *bundle_header(const bundle *b, const char *key);   /* NULL: absent */
const btable *bundle_table(const bundle *b, const char *name); /* NULL: absent */
int btable_col(const btable *t, const char *col);              /* -1: absent */
const bval *btable_at(const btable *t, size_t row, int col);
/* Convenience for the importer: the value as text (a number written as
 * it would be stored; "" for NULL) and as a number (0 for NULL/text). */
const char *bval_text(const bval *v, char *buf, size_t buflen);
long long bval_int(const bval *v);
bool bval_same(const bval *a, const bval *b);

#endif
