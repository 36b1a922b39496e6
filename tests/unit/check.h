/* A very small test harness: each CHECK prints "ok - ..." or
 * "not ok - ..." (TAP-like); check_done() prints the totals and returns
 * the exit status. tests/run.sh adds up the lines of every test program. */
#ifndef NJ_CHECK_H
#define NJ_CHECK_H

#include <locale.h>
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (cond) {                                                  \
			check_passed++;                                      \
			printf("ok - ");                                     \
		} else {                                                     \
			check_failed++;                                      \
			printf("not ok - %s:%d: ", __FILE__, __LINE__);      \
		}                                                            \
		printf(__VA_ARGS__);                                         \
		putchar('\n');                                               \
	} while (0)

#define CHECK_STR(got, want, what)                                           \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		CHECK(g_ && strcmp(g_, w_) == 0, "%s: got \"%s\", want \"%s\"", \
		      what, g_ ? g_ : "(null)", w_);                         \
	} while (0)

/* Unit tests run in a UTF-8 locale so wcwidth() knows CJK widths.
 * Their output is line-buffered: a test that crashes (a sanitizer's
 * report ends it) still shows every check it got through. */
static inline void check_init(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
}

static inline int check_done(void)
{
	printf("# %d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
