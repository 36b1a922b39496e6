/* One table written as CSV for Excel or as an .xlsx workbook, cell by
 * cell, with the kind of each cell said: text, a code (digits that must
 * stay text: ID numbers, credit codes, phone numbers), a number, a
 * percentage, a date. CSV is UTF-8 with BOM and CRLF (csvout.h). The
 * .xlsx (libxlsxwriter) has real number and date cells, codes as text
 * cells (never 1.2E+17, never a lost leading zero), an optional title
 * row above the header (the district and the period), the header row
 * frozen, and columns as wide as their widest Chinese text. No curses. */
#ifndef NJ_SHEET_H
#define NJ_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct sheet sheet;

/* CSV to fp (the caller closes fp). */
sheet *sheet_csv(FILE *fp);
/* A new workbook at path with one worksheet named name (at most 31
 * characters). Rows are written one after the other (memory stays the
 * same whatever the number of rows). NULL with a message on failure. */
sheet *sheet_xlsx(const char *path, const char *name, char *err, size_t errlen);
/* Another worksheet (xlsx; CSV ignores it and goes on in the same table). */
bool sheet_add(sheet *s, const char *name);
bool sheet_is_xlsx(const sheet *s);

/* One of several tables in one output (a report of sections): in an
 * .xlsx a worksheet named name (the first one is the worksheet the
 * sheet was opened with) whose first row is title; in CSV an empty line
 * between tables, then a row with title alone, then the table's header
 * and rows. */
bool sheet_section(sheet *s, const char *name, const char *title);
/* A section with its header row: sheet_section, the n heads, the row's
 * end. False after a write error (the heads are written all the same). */
bool sheet_table(sheet *s, const char *name, const char *title, const char *const *heads, size_t n);

/* A title row above the header (xlsx only: a CSV keeps the header as its
 * first row, for importing it again). */
void sheet_title(sheet *s, const char *title);
/* One header cell; the header is the row written before the first data
 * row and is frozen in the xlsx. */
void sheet_head(sheet *s, const char *label);
/* n header cells at once. */
void sheet_heads(sheet *s, const char *const *labels, size_t n);
void sheet_text(sheet *s, const char *v);
void sheet_code(sheet *s, const char *v);
/* A number written as text ("12.5", "-3"); "" is a blank cell; anything
 * that is not a plain number is written as text. */
void sheet_number(sheet *s, const char *v);
void sheet_long(sheet *s, long v);
/* A whole number from a double, rounded as the screen shows it (%.0f). */
void sheet_round(sheet *s, double v);
/* A percentage (62.5 for 62.5%) shown with one decimal, as on the screen;
 * negative: blank. */
void sheet_percent(sheet *s, double pct);
/* YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS; anything else as text. */
void sheet_date(sheet *s, const char *v);
/* 录入人, 录入时间, 修改人, 修改时间: who entered a record and when, who
 * changed it last and when (the exports of samples and producers). */
void sheet_stamps(sheet *s, const char *created_by, const char *created_at, const char *updated_by,
                  const char *updated_at);
/* End the row. False after a write error. */
bool sheet_end_row(sheet *s);

/* What a callback writing one row per call keeps (the exports' each-row
 * callbacks): the sheet, the rows written, false once a write failed. */
typedef struct {
	sheet *out;
	long rows;
	bool ok;
} sheet_rows;
/* End the row the callback wrote: counted, and ok false after a write
 * error; returns ok. */
bool sheet_rows_end(sheet_rows *w);
/* Finish and free: the xlsx is written out here. False with a message. */
bool sheet_close(sheet *s, char *err, size_t errlen);

#endif
