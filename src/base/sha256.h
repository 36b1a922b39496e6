/* SHA-256 (FIPS 180-4), for the checksum of an offline PC's bundle
 * (transfer/bundle_format.h): the same value `sha256sum` prints, so an IT
 * person can check a file with the standard tool. No curses, no SQL. */
#ifndef NJ_SHA256_H
#define NJ_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t h[8];
	uint64_t bytes;        /* message length so far */
	unsigned char block[64];
	size_t used;           /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
/* The digest as 64 lower-case hex digits and a NUL into hex[65]. */
void sha256_hex(sha256_ctx *c, char hex[65]);
/* One buffer at once. */
void sha256_of(const void *data, size_t n, char hex[65]);

#endif
