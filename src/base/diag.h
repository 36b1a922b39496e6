/* The diagnostic log, opt-in like tmux -v: NONGJIAN_LOG=file, or the -v
 * option (nongjian-<pid>.log in the current directory). What the user
 * sees stays Chinese and plain (base/err.h); the raw text of library
 * errors (db_errmsg, errno) goes here for whoever looks into a
 * problem. Off, it costs one test per call. Control bytes are written as
 * '?', so the log is safe to cat. No curses, no SQL. */
#ifndef NJ_DIAG_H
#define NJ_DIAG_H

#include <stdbool.h>

#include "base/err.h"

/* Start logging to path (NULL: $NONGJIAN_LOG, if set; "-v": the
 * per-process file). Returns false when the file cannot be opened. */
bool diag_open(const char *path);
bool diag_on(void);
/* One timestamped line (a newline is added). */
void diag(const char *fmt, ...) NJ_PRINTF(1, 2);
void diag_close(void);

#endif
