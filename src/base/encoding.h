/* Text encodings of files from Chinese Excel and other systems: detection,
 * streaming decoding to UTF-8, and GBK output for export. No curses.
 *
 * Detection: a byte order mark (UTF-8; UTF-16LE as in Excel's "Unicode
 * text", UTF-16BE), else UTF-8 when the whole file is UTF-8 (a few
 * damaged bytes in an otherwise UTF-8 file keep it UTF-8), else GBK/CP936
 * (plain "CSV" from Chinese Excel), each character CP936 cannot decode
 * tried as GB18030. Decoding streams: memory stays the same whatever the
 * size of the file. */
#ifndef NJ_ENCODING_H
#define NJ_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Stands in the decoded text for each input byte that could not be
 * decoded (and for NUL bytes). Valid UTF-8 never contains it, so a reader
 * finds damaged text with memchr and never drops it silently. */
#define ENC_BAD '\xFF'

typedef enum { ENC_UTF8, ENC_UTF8_BOM, ENC_GBK, ENC_UTF16LE, ENC_UTF16BE } enc_kind;

/* Name for messages: "UTF-8", "UTF-8 (带 BOM)", "GBK", "UTF-16LE", ... */
const char *enc_name(enc_kind k);

/* A spreadsheet workbook rather than text, judged by the first bytes (a
 * zip as .xlsx and .ods are, or an OLE2 file as .xls and WPS .et are): the
 * message telling the user to save it as CSV; NULL when it is neither.
 * enc_open refuses such a file with this message. */
const char *enc_workbook(const unsigned char *b, size_t n);

typedef struct enc_reader enc_reader;

/* Start reading fp (opened "rb"; the caller closes it). Without a BOM the
 * file is read once to decide (then from the start again); a stream that
 * cannot seek is judged by its first 64 KB. NULL with a message on a read
 * error or when iconv lacks a needed converter. */
enc_reader *enc_open(FILE *fp, char *err, size_t errlen);
enc_kind enc_kind_of(const enc_reader *r);
/* Up to cap bytes of UTF-8 (cap >= 16); 0 at the end, -1 on a read error.
 * A multi-byte character is never split across calls. */
long enc_read(enc_reader *r, char *buf, size_t cap);
/* Input bytes consumed so far and the size of the input (-1: unknown),
 * for progress. */
long long enc_consumed(const enc_reader *r);
long long enc_size(const enc_reader *r);
void enc_close(enc_reader *r);

/* Called for each character GBK cannot represent: its CSV row (1 = the
 * header), column (0-based) and the character as UTF-8. */
typedef void (*enc_unmappable_fn)(void *ctx, long row, int col, const char *ch);

/* Copy CSV text in UTF-8 (a leading BOM is dropped) from in to out as GBK
 * (CP936). A character GBK cannot represent is written as '?' and passed
 * to fn (may be NULL). Returns how many there were, -1 on a read or write
 * error (err says which). */
long enc_csv_to_gbk(FILE *in, FILE *out, enc_unmappable_fn fn, void *ctx, char *err, size_t errlen);

#endif
