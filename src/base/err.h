/* The one error convention: a job that can fail takes (..., char *err,
 * size_t errlen), returns false (or NULL, -1) and leaves a Chinese message
 * in err saying what is wrong and what to do. errf() fills it, checked by
 * the compiler like printf; a long message is cut, never overrun. No
 * curses, no SQL. The raw text of library errors (db_errmsg) goes to
 * the diagnostic log (store/db.h), never into err. */
#ifndef NJ_ERR_H
#define NJ_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#ifndef NJ_PRINTF /* (also in base/out.h, identical) */
#if defined(__GNUC__) || defined(__clang__)
#define NJ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NJ_PRINTF(f, a)
#endif
#endif

/* Format into err (errlen may be 0); returns false, so that
 * `return errf(err, errlen, "…", …);` reports and fails in one line. */
bool errf(char *err, size_t errlen, const char *fmt, ...) NJ_PRINTF(3, 4);
bool verrf(char *err, size_t errlen, const char *fmt, va_list ap) NJ_PRINTF(3, 0);
/* In a printf-like function of its own (…, const char *fmt, ...): format
 * its arguments after fmt into err, as errf would (the va_list dance once). */
#define ERRF_ARGS(err, errlen, fmt)                   \
	do {                                          \
		va_list errf_ap_;                     \
		va_start(errf_ap_, fmt);              \
		verrf(err, errlen, fmt, errf_ap_);    \
		va_end(errf_ap_);                     \
	} while (0)

/* A system error (errno) in the words a clerk reads: 文件不存在, 没有权限,
 * 磁盘已满 ...; the C library's own text (English in most locales) only for
 * the rare ones. Never NULL. */
const char *err_reason(int errnum);

#endif
