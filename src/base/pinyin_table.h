/* The generated pinyin-initials table (src/pinyin_table.c, made by
 * tools/gen_pinyin.sh). Only src/pinyin.c reads it. */
#ifndef NJ_PINYIN_TABLE_H
#define NJ_PINYIN_TABLE_H

#include <stdint.h>

typedef struct {
	uint32_t first;        /* first code point of the run */
	uint32_t count;        /* code points covered */
	const char *letters;   /* count bytes: 'a'-'z', '.' none, '*' several */
} pinyin_run;

typedef struct {
	uint32_t cp;
	const char *letters;   /* every distinct initial, in order */
} pinyin_multi;

extern const pinyin_run pinyin_runs[];   /* sorted by first */
extern const int pinyin_nruns;
extern const pinyin_multi pinyin_multis[]; /* sorted by cp */
extern const int pinyin_nmulti;

#endif
