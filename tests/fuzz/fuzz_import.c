/* Fuzz target for the CSV importer: whatever bytes a file holds (any
 * encoding, broken quotes, cut lines, huge fields), decoding and importing
 * samples and producers report rows and never crash, hang or leak; the
 * counts add up; the decoder's output is UTF-8 apart from its marker for
 * undecodable bytes; the GBK export converter copes with any input.
 *
 * Built two ways, as fuzz_ini.c:
 *  - with clang -fsanitize=fuzzer (make fuzz): libFuzzer drives it;
 *  - with any compiler (make check): main() replays the seed corpus and a
 *    fixed-seed, bounded run of simple mutations under ASan/UBSan. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/encoding.h"
#include "transfer/imports.h"
#include "base/text.h"
#include <wchar.h>

static app A;
static bool opened;
static long runs;

static void open_app(void)
{
	if (opened)
		return;
	char err[1024];
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	if (!app_open(&A, "conf/nongjian.ini", ":memory:", true, err, sizeof err)) {
		fprintf(stderr, "fuzz_import: %s\n", err);
		abort();
	}
	opened = true;
}

static FILE *input(const uint8_t *data, size_t size)
{
	FILE *fp = tmpfile();
	if (!fp)
		abort();
	if (size && fwrite(data, 1, size, fp) != size)
		abort();
	rewind(fp);
	return fp;
}

/* The decoder alone: UTF-8 out (or the marker), never a NUL. */
static void decode(const uint8_t *data, size_t size)
{
	FILE *fp = input(data, size);
	char err[256], buf[4096];
	enc_reader *r = enc_open(fp, err, sizeof err);
	if (!r)
		abort(); /* a readable file always opens */
	long n;
	while ((n = enc_read(r, buf, sizeof buf - 1)) > 0) {
		for (long i = 0; i < n; i++) {
			if (!buf[i])
				abort();
			if (buf[i] == ENC_BAD)
				buf[i] = '?';
		}
		buf[n] = '\0';
		static wchar_t w[4096];
		if (text_to_wcs(buf, w, sizeof w / sizeof *w) < 0)
			abort(); /* not UTF-8 */
	}
	if (n < 0 || enc_consumed(r) > (long long)size)
		abort();
	enc_close(r);
	fclose(fp);
}

static void gbk(const uint8_t *data, size_t size)
{
	FILE *in = input(data, size), *out = tmpfile();
	char err[256];
	if (!out || enc_csv_to_gbk(in, out, NULL, NULL, err, sizeof err) < 0)
		abort();
	fclose(in);
	fclose(out);
}

static void import(const uint8_t *data, size_t size, bool samples)
{
	FILE *fp = input(data, size), *report = tmpfile();
	if (!report)
		abort();
	/* Alternately a dry run and a real one with --skip-bad, so the
	 * commit path is fuzzed too (the in-memory database grows a little). */
	imp_options o = {.dry_run = runs % 2 == 0, .skip_bad = true, .report = report, .login = A.user,
	                 .source = "fuzz.csv"};
	imp_summary s;
	if (samples)
		import_samples(&A, fp, &o, &s);
	else
		import_producers(&A, fp, &o, &s);
	if (s.status < 0 || s.status > 2)
		abort();
	if (s.status != 2 && !*s.message && s.rows != s.good + s.present + s.bad)
		abort(); /* every row is counted once */
	if (s.status == 2 && !*s.message)
		abort(); /* an unreadable file says why */
	fclose(report);
	fclose(fp);
}

static void exercise(const uint8_t *data, size_t size)
{
	open_app();
	runs++;
	decode(data, size);
	gbk(data, size);
	import(data, size, true);
	import(data, size, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	exercise(data, size);
	return 0;
}

#ifndef NJ_LIBFUZZER
#include "check.h"

#include "replay.h"

/* Bytes that matter to CSV, the encodings and the checks. */
static const char *const tokens[] = {
	",", "\"", "\"\"", "\t", "\r\n", "\n", "\r", "\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF", "\xFF",
	"\x80", "\x81\x30\x81\x30", "\x95\x32\x82\x36", "\xC2\xC2", "\xE4\xBE\xA3", "\xC0\xAF", "\xED\xA0\x80",
	"\0", "\x1B[31m", "\xE2\x80\xAE", "'=", "'-", "9.15E+17", "作废", "土桥镇", "侣俸镇", "2026-06-01",
	"2026/6/1", "101", "-1", "定性检测", "监督抽查", "样品编号", "外部编号", "镇街", "主体名称",
	",,,,,,,,,,,,,,,,\n", "\"\n\"",
};

static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
	int rounds = 1 + (int)next(4);
	for (int r = 0; r < rounds; r++) {
		switch (next(6)) {
		case 0: /* flip a byte */
			if (len)
				buf[next((uint32_t)len)] ^= (uint8_t)(1u << next(8));
			break;
		case 1: { /* insert a token */
			const char *t = tokens[next(sizeof tokens / sizeof *tokens)];
			size_t tl = *t ? strlen(t) : 1, at = len ? next((uint32_t)len + 1) : 0;
			if (len + tl < cap) {
				memmove(buf + at + tl, buf + at, len - at);
				memcpy(buf + at, t, tl);
				len += tl;
			}
			break;
		}
		case 2: /* truncate */
			len = len ? next((uint32_t)len) : 0;
			break;
		case 3: { /* a long field */
			size_t n = 2000 + next(70000), at = len ? next((uint32_t)len + 1) : 0;
			if (len + n < cap) {
				memmove(buf + at + n, buf + at, len - at);
				memset(buf + at, next(2) ? 'x' : '"', n);
				len += n;
			}
			break;
		}
		case 4: { /* duplicate a line */
			if (!len)
				break;
			size_t a = next((uint32_t)len), e = a;
			while (e < len && buf[e] != '\n')
				e++;
			size_t n = e - a + (e < len);
			if (len + n < cap) {
				memcpy(buf + len, buf + a, n);
				len += n;
			}
			break;
		}
		default: /* delete a byte */
			if (len) {
				size_t at = next((uint32_t)len);
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
			}
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	check_init();
	int iterations = argc > 1 ? atoi(argv[1]) : 300;
	/* Importing is heavier than reading a config: a twentieth of the
	 * iterations make check asks of fuzz_ini, spread over the seeds. */
	iterations = iterations / 20 > 0 ? iterations / 20 : 1;
	fuzz_rng = 0x2545F4914F6CDD1DULL;
	long done = fuzz_replay(argv + 2, argc > 2 ? argc - 2 : 0, iterations, 65536, 262144, exercise, mutate);
	if (opened)
		app_close(&A);
	CHECK(done > 0, "importer survived %ld fuzzed inputs", done);
	return check_done();
}
#endif
