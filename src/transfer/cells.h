/* What Excel and WPS write into a cell, read as the user meant it, or
 * refused with the fix when the spreadsheet has already lost what the user
 * typed. The importer applies it to each cell of a column by the column's
 * kind, before the record's own checks. No curses.
 *  - LINES (addresses, remarks, reasons): line breaks typed with Alt+Enter
 *    become one space each (a note says so); other columns refuse them.
 *  - DATE: 2026年1月5日 and a midnight time (2026/1/5 0:00, as Excel writes
 *    a date-time cell) are read as the date; an Excel serial number (46027:
 *    the column was formatted as a number) is read as its date with a note.
 *    2026/1/5, 2026.1.5 and 20260105 are the form's own (date_normalise).
 *  - PHONE: a landline that lost its leading 0 (2345671234 for
 *    023-45671234) or a number shown in scientific notation is refused:
 *    the digits are gone, only the user can put them back.
 *  - CODE (ID numbers, credit codes): scientific notation is refused. */
#ifndef NJ_CELLS_H
#define NJ_CELLS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { CELL_PLAIN, CELL_LINES, CELL_DATE, CELL_PHONE, CELL_CODE } cell_kind;
typedef enum {
	CELL_SAME,    /* v is fine as it is */
	CELL_CHANGED, /* read as out */
	CELL_NOTE,    /* read as out; msg says how (report it, not an error) */
	CELL_BAD      /* refused; msg says why and what to do */
} cell_result;

/* v is a trimmed cell. out (at least 32 bytes; for LINES as long as v)
 * gets the value to use for CHANGED and NOTE. */
cell_result cell_read(cell_kind k, const char *v, char *out, size_t outlen, char *msg, size_t msglen);

#endif
