/* Fuzz target for the INI guard, the configuration reader and the form
 * reader: whatever bytes a config or form file holds, the program reports
 * a message and never crashes (Debian's iniparser 4.1 has known crashes,
 * which our pre-scan must keep away from it).
 *
 * Built two ways:
 *  - with clang -fsanitize=fuzzer (make fuzz): libFuzzer drives it;
 *  - with any compiler (make check): main() replays the seed corpus and a
 *    fixed-seed, bounded run of simple mutations under ASan/UBSan. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"
#include "record/formdef.h"
#include "base/ini.h"
#include "sample/sample.h"

static char path[128];

static void exercise(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	char err[1024];
	ini *f = ini_open(path, "配置文件", err, sizeof err);
	if (f) {
		for (int i = 0; i < ini_section_count(f); i++) {
			const char *sec = ini_section(f, i);
			for (int k = 0; k < ini_key_count(f, sec); k++) {
				const char *key = ini_key(f, sec, k);
				long l;
				double d;
				bool b;
				(void)ini_str(f, sec, key, "");
				(void)ini_long(f, sec, key, 0, -100, 100, &l, err, sizeof err);
				(void)ini_double(f, sec, key, 0, -1, 1, &d, err, sizeof err);
				(void)ini_bool(f, sec, key, false, &b, err, sizeof err);
			}
		}
		ini_close(f);
	} else if (!err[0]) {
		abort(); /* a refusal must say why */
	}
	form_free(form_load(path, sample_keys, err, sizeof err));
	config_free(config_load(path, err, sizeof err));
}

/* The file lives in a directory of its own where the shipped town and
 * product lists are reachable, so a mutated config gets past them. */
static void make_path(void)
{
	static char dir[64];
	if (path[0])
		return;
	snprintf(dir, sizeof dir, "/tmp/nj-fuzz-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	char cwd[4096], link[4200], target[4200];
	if (getcwd(cwd, sizeof cwd)) {
		snprintf(target, sizeof target, "%s/conf/towns", cwd);
		snprintf(link, sizeof link, "%s/towns", dir);
		if (symlink(target, link) != 0)
			perror("symlink");
		snprintf(target, sizeof target, "%s/conf/products.csv", cwd);
		snprintf(link, sizeof link, "%s/products.csv", dir);
		if (symlink(target, link) != 0)
			perror("symlink");
	}
	snprintf(path, sizeof path, "%s/fuzz.ini", dir);
}

static void remove_dir(void)
{
	char p[256];
	unlink(path);
	char *slash = strrchr(path, '/');
	if (!slash)
		return;
	*slash = '\0';
	snprintf(p, sizeof p, "%s/towns", path);
	unlink(p);
	snprintf(p, sizeof p, "%s/products.csv", path);
	unlink(p);
	rmdir(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	make_path();
	exercise(data, size);
	return 0;
}

#ifndef NJ_LIBFUZZER
#include "check.h"

#include "replay.h"

/* Bytes that matter to INI parsing and UTF-8. */
static const char *const tokens[] = {
	"#", ";", "=", "[", "]", "\"", "'", "\\", "\n", "\r\n", ":", "\xEF\xBB\xBF", "\xE4\xBE\xA3",
	"\xFF", "\xC0\xAF", "\x1B[31m", "\xE2\x80\xAE", "%s%n", "[form]\n", "[date]\n", "type = date\n",
	"when = kind:", "width = 99999999999999999999\n", "min = nan\n", "label = \n",
};

static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
	int rounds = 1 + (int)next(4);
	for (int r = 0; r < rounds; r++) {
		switch (next(5)) {
		case 0: /* flip a byte */
			if (len)
				buf[next((uint32_t)len)] ^= (uint8_t)(1u << next(8));
			break;
		case 1: { /* insert a token */
			const char *t = tokens[next(sizeof tokens / sizeof *tokens)];
			size_t tl = strlen(t), at = len ? next((uint32_t)len + 1) : 0;
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
		case 3: { /* a very long line */
			size_t n = 900 + next(300);
			if (len + n + 1 < cap) {
				memset(buf + len, 'x', n);
				len += n;
				buf[len++] = '\n';
			}
			break;
		}
		default: /* a NUL byte */
			if (len + 1 < cap)
				buf[len++] = '\0';
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	check_init();
	make_path();
	int iterations = argc > 1 ? atoi(argv[1]) : 2000;
	long runs = fuzz_replay(argv + 2, argc > 2 ? argc - 2 : 0, iterations, 32768, 65536, exercise, mutate);
	remove_dir();
	CHECK(runs > 0, "config and form readers survived %ld fuzzed inputs", runs);
	return check_done();
}
#endif
