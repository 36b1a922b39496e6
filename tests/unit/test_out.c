/* The sanitising writer (base/out.h): what reaches stdout and stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/out.h"

/* What out_write_safe makes of s. */
static const char *through(const char *s, size_t n)
{
	static char got[256];
	FILE *fp = tmpfile();
	if (!fp)
		return "(no tmpfile)";
	out_write_safe(fp, s, n);
	rewind(fp);
	size_t r = fread(got, 1, sizeof got - 1, fp);
	got[r] = '\0';
	fclose(fp);
	return got;
}
#define SAFE(s) through(s, sizeof s - 1)

int main(void)
{
	check_init();
	CHECK(strcmp(SAFE("侣俸镇 织篢镇\t𠀀\n"), "侣俸镇 织篢镇\t𠀀\n") == 0,
	      "Chinese, rare characters, tab and newline pass unchanged");
	CHECK_STR(SAFE("\033]52;c;ZXZpbA==\007x"), "?]52;c;ZXZpbA==?x", "OSC 52: ESC and BEL become ?");
	CHECK_STR(SAFE("\033]0;title\033\\"), "?]0;title?\\", "OSC 0 with ST");
	CHECK_STR(SAFE("a\rb\bc\x7f"), "a?b?c?", "CR, backspace and DEL (a line cannot be overwritten)");
	CHECK_STR(SAFE("\xC2\x9B" "31m"), "?31m", "the 8-bit CSI (C1) is one ?");
	CHECK_STR(SAFE("\xE2\x80\xAE" "cba"), "?cba", "a right-to-left override");
	CHECK_STR(SAFE("\xE2\x81\xA6x\xE2\x80\x8B"), "?x?", "isolates and zero-width characters");
	CHECK_STR(SAFE("\xFF\xFE" "ok"), "??ok", "invalid UTF-8 byte by byte");
	CHECK_STR(SAFE("\xE4\xBE"), "??", "a character cut short at the end");
	CHECK_STR(through("a\0b", 3), "a?b", "a NUL inside a counted string");
	FILE *fp = tmpfile();
	FILE *saved = stdout;
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	if (fp) {
		stdout = fp;
		int n = out_printf("%s\033[2J%s", big, "完");
		stdout = saved;
		long len = ftell(fp);
		CHECK(n == 2999 + 4 + 3 && len == n, "a long formatted line is written whole (%d, %ld bytes)", n, len);
		fclose(fp);
	}
	return check_done();
}
