/* Reading small CSV files (town lists, product lists) with libcsv in
 * strict mode, one callback per record. A UTF-8 BOM is skipped. */
#ifndef NJ_CSVFILE_H
#define NJ_CSVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* rowno counts records from 1 (the header is row 1). Return false to stop
 * reading; then csvfile_read returns false with the callback's err. */
typedef bool (*csv_row_fn)(void *ctx, int rowno, char **fields, int nfields,
                           char *err, size_t errlen);

bool csvfile_read(const char *path, csv_row_fn fn, void *ctx, char *err, size_t errlen);
/* The same from fp (opened "rb"; the caller closes it) in any encoding
 * Excel writes (encoding.h: UTF-8 with or without BOM, GBK, UTF-16),
 * comma- or tab-separated; a workbook or undecodable bytes are refused
 * with the fix. name is the file's name for messages. */
bool csvfile_read_any(FILE *fp, const char *name, csv_row_fn fn, void *ctx, char *err, size_t errlen);

#endif
