/* The bounded, fixed-seed fuzzing that make check runs (the same targets
 * run under libFuzzer with make fuzz): a small xorshift generator for the
 * mutators, and a driver that feeds each seed file and `iterations`
 * mutations of it to the target. */
#ifndef NJ_FUZZ_REPLAY_H
#define NJ_FUZZ_REPLAY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fuzz_rng = 0x9E3779B97F4A7C15ULL;

/* 0 .. n-1 (0 when n is 0). */
static uint32_t next(uint32_t n)
{
	fuzz_rng ^= fuzz_rng << 13;
	fuzz_rng ^= fuzz_rng >> 7;
	fuzz_rng ^= fuzz_rng << 17;
	return n ? (uint32_t)(fuzz_rng % n) : 0;
}

/* Runs every seed (at most seed_cap bytes of it) and its mutations
 * (growing up to cap bytes); returns how many inputs ran. */
static long fuzz_replay(char **paths, int npaths, int iterations, size_t seed_cap, size_t cap,
                        void (*run)(const uint8_t *, size_t),
                        size_t (*mutator)(uint8_t *, size_t, size_t))
{
	uint8_t *seed = malloc(seed_cap), *buf = malloc(cap);
	long count = 0;
	for (int a = 0; seed && buf && a < npaths; a++) {
		FILE *fp = fopen(paths[a], "rb");
		if (!fp)
			continue;
		size_t n = fread(seed, 1, seed_cap, fp);
		fclose(fp);
		run(seed, n);
		count++;
		for (int i = 0; i < iterations; i++) {
			memcpy(buf, seed, n);
			run(buf, mutator(buf, n, cap));
			count++;
		}
	}
	free(seed);
	free(buf);
	return count;
}

#endif
