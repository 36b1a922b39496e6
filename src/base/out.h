/* The one writer for everything the program prints for people on stdout
 * and stderr (the command line's messages, records, lists, errors).
 * Whatever comes from outside — a cell of an imported file, a stored
 * value, an argument, a user name — may carry terminal escapes (OSC 52
 * writes the clipboard, OSC 0 the window title), bidi overrides that
 * reorder a line, or bytes that are not UTF-8. Here every C0/C1 control
 * but newline and tab, ESC, DEL, bidi and invisible format characters,
 * characters without a display width and invalid UTF-8 become '?',
 * whether the output is a terminal, a pipe or a file (a file is read
 * with cat or less later). Data files (CSV exports, templates, reports
 * written with -o) are written by their own writers, not here. */
#ifndef NJ_OUT_H
#define NJ_OUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__) || defined(__clang__)
#define NJ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NJ_PRINTF(f, a)
#endif

int out_fprintf(FILE *fp, const char *fmt, ...) NJ_PRINTF(2, 3);
#define out_printf(...) out_fprintf(stdout, __VA_ARGS__)
#define err_printf(...) out_fprintf(stderr, __VA_ARGS__)
int out_vfprintf(FILE *fp, const char *fmt, va_list ap) NJ_PRINTF(2, 0);
void out_puts(const char *s);                           /* stdout, no newline added */
void err_puts(const char *s);

/* Write n bytes of s to fp, sanitised as above. Returns 0 or EOF. */
int out_write_safe(FILE *fp, const char *s, size_t n);

/* The program's own terminal control for a progress line on stderr:
 * back to the start of the line and clear it, only when stderr is a
 * terminal. (The only escape the command line ever sends.) */
void err_clear_line(void);

#endif
