/* Pinyin initials: rare characters of the town lists, polyphones, the
 * whole of GB 2312 (both levels) and matching typed initials. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "base/pinyin.h"

static const char *initials(const char *utf8)
{
	static char out[32];
	uint32_t u[4];
	int n = pinyin_units(utf8, u, 4);
	out[0] = '\0';
	if (n != 1 || (u[0] & PINYIN_LITERAL))
		return out;
	size_t k = 0;
	for (int i = 0; i < 26; i++)
		if (u[0] & (1u << i))
			out[k++] = (char)('a' + i);
	out[k] = '\0';
	return out;
}

static void test_characters(void)
{
	CHECK_STR(initials("侣"), "l", "侣");
	CHECK_STR(initials("俸"), "f", "俸");
	CHECK_STR(initials("篢"), "g", "篢");
	CHECK_STR(initials("行"), "hx", "行 (hang/xing)");
	CHECK_STR(initials("长"), "cz", "长 (chang/zhang)");
	CHECK_STR(initials("张"), "z", "张");
	CHECK_STR(initials("农"), "n", "农");
	char s[8];
	pinyin_initials_str(0x884C, s, sizeof s); /* 行 */
	CHECK_STR(s, "hx", "pinyin_initials_str 行");
	CHECK(pinyin_initials('a') == 0 && pinyin_initials(0x3002) == 0, "no initials for ASCII and 。");
	CHECK(pinyin_initials(0x10FFFF) == 0, "no initials past the table");
}

static void test_match(void)
{
	CHECK(pinyin_match("zsnc", "张三农场"), "zsnc finds 张三农场");
	CHECK(pinyin_match("ZSNC", "张三农场"), "upper case ZSNC too");
	CHECK(pinyin_match("snc", "张三农场"), "initials from the middle");
	CHECK(!pinyin_match("zsnx", "张三农场"), "zsnx does not");
	CHECK(!pinyin_match("zsncc", "张三农场"), "longer than the name does not");
	CHECK(pinyin_match("lfz", "侣俸镇绿源蔬菜专业合作社"), "lfz finds 侣俸镇...");
	CHECK(pinyin_match("zgz", "织篢镇"), "zgz finds 织篢镇");
	CHECK(pinyin_match("yhxc", "银行巷菜场") && pinyin_match("yxxc", "银行巷菜场"),
	      "polyphone 行 matches h and x");
	CHECK(pinyin_match("csjd", "长寿家电") && pinyin_match("zsjd", "长寿家电"),
	      "polyphone 长 matches c and z");
	CHECK(pinyin_match("zsjt", "张三 (家庭农场)") , "spaces and brackets skipped");
	CHECK(pinyin_match("abhz", "ABC合作社") == false, "ASCII letters match themselves in order");
	CHECK(pinyin_match("bchz", "ABC合作社"), "ASCII letters inside a name match");
	CHECK(pinyin_match("2z", "第2组"), "digits match themselves");
	CHECK(pinyin_match("d2z", "第２组"), "full-width digit matches as ASCII");
	CHECK(!pinyin_match("", "张三农场"), "empty input matches nothing");
	CHECK(!pinyin_match("张", "张三农场"), "non-ASCII typed text is not initials");
	CHECK(pinyin_is_initials("zsnc") && pinyin_is_initials("zs1") && !pinyin_is_initials("123") &&
	      !pinyin_is_initials("张") && !pinyin_is_initials("z s"), "pinyin_is_initials");
	uint32_t u[8];
	int n = pinyin_units("\xff\xfe张", u, 8);
	CHECK(n == 1, "invalid UTF-8 bytes skipped");
}

/* Every character of GB 2312 (rows 16-55 level 1, 56-87 level 2). */
static void test_gb2312(void)
{
	iconv_t cd = iconv_open("UTF-32LE", "GB2312");
	CHECK(cd != (iconv_t)-1, "iconv knows GB2312");
	if (cd == (iconv_t)-1)
		return;
	int total = 0, missing = 0;
	char first_missing[64] = "";
	for (int row = 16; row <= 87; row++) {
		for (int cell = 1; cell <= 94; cell++) {
			char in[2] = {(char)(0xA0 + row), (char)(0xA0 + cell)};
			unsigned char out[8];
			char *ip = in, *op = (char *)out;
			size_t il = 2, ol = sizeof out;
			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
				continue; /* unassigned (the end of row 55) */
			uint32_t cp = (uint32_t)out[0] | (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16;
			total++;
			if (!pinyin_initials(cp)) {
				if (!missing)
					snprintf(first_missing, sizeof first_missing, "U+%04X (row %d cell %d)",
					         (unsigned)cp, row, cell);
				missing++;
			}
		}
	}
	iconv_close(cd);
	CHECK(total == 6763, "GB 2312 has 6763 characters: iterated %d", total);
	CHECK(missing == 0, "every GB 2312 character has initials (%d missing, first %s)", missing,
	      first_missing);
}

/* Every character of the shipped town lists. */
static void test_towns(void)
{
	const char *files[] = {"conf/towns/tongliang.csv", "conf/towns/yangxi.csv"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		FILE *fp = fopen(files[i], "r");
		CHECK(fp != NULL, "open %s (run from the repository root)", files[i]);
		if (!fp)
			continue;
		char line[512];
		int names = 0, bad = 0;
		char first_bad[128] = "";
		while (fgets(line, sizeof line, fp)) {
			char *name = strchr(line, ',');
			if (!name || strncmp(line, "code,", 5) == 0)
				continue;
			name++;
			char *end = strchr(name, ',');
			if (end)
				*end = '\0';
			names++;
			uint32_t u[64];
			/* Each Chinese character must give a unit. */
			int chars = 0;
			for (const unsigned char *p = (const unsigned char *)name; *p; p++)
				chars += (*p & 0xC0) != 0x80;
			if (pinyin_units(name, u, 64) != chars) {
				if (!bad)
					snprintf(first_bad, sizeof first_bad, "%s", name);
				bad++;
			}
		}
		fclose(fp);
		CHECK(names >= 5 && bad == 0, "%s: %d towns, %d without initials %s", files[i], names, bad,
		      first_bad);
	}
}

int main(void)
{
	check_init();
	test_characters();
	test_match();
	test_gb2312();
	test_towns();
	return check_done();
}
