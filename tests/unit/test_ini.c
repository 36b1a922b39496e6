/* The INI guard: our own pre-scan in front of iniparser, messages naming
 * file, line and key, and number/boolean parsing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/ini.h"

/* Write len bytes to a new temp file; path receives its name. */
static void write_tmp(char path[64], const char *content, size_t len)
{
	strcpy(path, "/tmp/nj_test_ini_XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, content, len) != (ssize_t)len) {
		perror("temp file");
		exit(2);
	}
	close(fd);
}

/* Open text as an INI file; returns the handle (or NULL with err). The
 * file is removed at once: iniparser has read it by then. */
static ini *open_text(const char *content, size_t len, char path[64], char *err, size_t errlen)
{
	write_tmp(path, content, len);
	err[0] = '\0';
	ini *f = ini_open(path, "配置文件", err, errlen);
	remove(path);
	return f;
}
#define OPEN(s) open_text((s), sizeof(s) - 1, path, err, sizeof err)

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static void test_missing(void)
{
	char err[512];
	const char *p = "/tmp/nj_test_no_such_dir/nongjian.ini";
	ini *f = ini_open(p, "配置文件", err, sizeof err);
	CHECK(f == NULL, "a missing file is refused");
	CHECK(has(err, p), "the message names the path: %s", err);
	CHECK(has(err, "配置文件") && has(err, "无法打开"), "the message says what could not be opened");
	f = ini_open(p, "表单文件", err, sizeof err);
	CHECK(f == NULL && has(err, "表单文件"), "the kind of file comes from 'what': %s", err);
}

static void test_long_line(void)
{
	char path[64], err[512];
	char buf[2048];
	size_t n = (size_t)snprintf(buf, sizeof buf, "[a]\nk = v\n");
	memset(buf + n, 'x', 1099); /* third line: 1099 bytes + newline = 1100 */
	buf[n + 1099] = '\n';
	n += 1100;
	ini *f = open_text(buf, n, path, err, sizeof err);
	CHECK(f == NULL, "a line of 1100 bytes is refused");
	CHECK(has(err, "行太长"), "message says 行太长: %s", err);
	CHECK(has(err, "第 3 行"), "message names line 3");
	CHECK(has(err, path), "message names the file");

	/* The boundary: 1023 bytes with the newline is still accepted. */
	n = (size_t)snprintf(buf, sizeof buf, "[a]\nk = ");
	size_t vlen = 1022 - 4;
	memset(buf + n, 'v', vlen);
	buf[n + vlen] = '\n';
	n += vlen + 1;
	f = open_text(buf, n, path, err, sizeof err);
	CHECK(f != NULL, "a line of 1023 bytes (with newline) is accepted: %s", f ? "" : err);
	if (f) {
		const char *v = ini_str(f, "a", "k", NULL);
		CHECK(v && strlen(v) == vlen, "the long value is read whole (%zu bytes)", v ? strlen(v) : 0);
		ini_close(f);
	}
	n = (size_t)snprintf(buf, sizeof buf, "[a]\nk = ");
	memset(buf + n, 'v', vlen + 1);
	buf[n + vlen + 1] = '\n';
	n += vlen + 2;
	f = open_text(buf, n, path, err, sizeof err);
	CHECK(f == NULL && has(err, "行太长") && has(err, "第 2 行"), "a line of 1024 bytes is refused: %s", err);
	ini_close(f);
}

static void test_comment_chars(void)
{
	char path[64], err[512];
	ini *f = OPEN("[district]\nname = 铜梁区\nprefix = TL#1\n");
	CHECK(f == NULL, "an unquoted value with '#' is refused");
	CHECK(has(err, "第 3 行") && has(err, "prefix") && has(err, "[district]"),
	      "message names line 3, section and key: %s", err);
	CHECK(has(err, "双引号"), "message says to use double quotes");
	CHECK(has(err, path), "message names the file");
	f = OPEN("[district]\n\nname = 铜梁;区\n");
	CHECK(f == NULL && has(err, "第 3 行") && has(err, "name"), "an unquoted value with ';' is refused: %s",
	      err);

	f = OPEN("[district]\nname = \"铜梁 # 区\"\nother = 'a;b'\n; a comment\n# another\n");
	CHECK(f != NULL, "a quoted value with '#' is accepted: %s", f ? "" : err);
	if (f) {
		CHECK_STR(ini_str(f, "district", "name", NULL), "铜梁 # 区", "double-quoted value without quotes");
		CHECK_STR(ini_str(f, "district", "other", NULL), "a;b", "single-quoted value without quotes");
		ini_close(f);
	}
	f = OPEN("[a]\nk = \"abc\n");
	CHECK(f == NULL && has(err, "引号") && has(err, "第 2 行"), "an unclosed quote is refused: %s", err);
	f = OPEN("[a]\nk = \"abc\" # note\n");
	CHECK(f == NULL && has(err, "第 2 行"), "a comment after a quoted value is refused: %s", err);
}

static void test_syntax(void)
{
	char path[64], err[512];
	ini *f = OPEN("[a]\nk = v\nthis is garbage\n");
	CHECK(f == NULL, "a garbage line is refused");
	CHECK(has(err, "第 3 行") && has(err, "无法识别") && has(err, path), "syntax error names line 3: %s", err);
	f = OPEN("[a\nk = v\n");
	CHECK(f == NULL && has(err, "第 1 行") && has(err, "]"), "a section without ] is refused: %s", err);
	f = OPEN("[a] x\n");
	CHECK(f == NULL && has(err, "第 1 行"), "text after ] is refused: %s", err);
	f = OPEN("[]\n");
	CHECK(f == NULL && has(err, "第 1 行"), "an empty section name is refused: %s", err);
	f = OPEN("[a:b]\n");
	CHECK(f == NULL && has(err, "第 1 行"), "a section name with ':' is refused: %s", err);
	f = OPEN("[a]\n = v\n");
	CHECK(f == NULL && has(err, "第 2 行") && has(err, "键名"), "an empty key is refused: %s", err);

	f = OPEN("[a]\nk = 1\nj = 2\nK = 3\n");
	CHECK(f == NULL, "a duplicate key is refused (keys are case-insensitive)");
	CHECK(has(err, "第 4 行") && has(err, "重复") && has(err, " k "), "duplicate message names line 4 and k: %s",
	      err);
	f = OPEN("[a]\nk = 1\n[b]\n[A]\n");
	CHECK(f == NULL && has(err, "第 4 行") && has(err, "重复"), "a duplicate section is refused: %s", err);
	f = OPEN("k = 1\n[a]\n");
	CHECK(f == NULL && has(err, "第 1 行") && has(err, "不在任何") && has(err, "k"),
	      "a key before any section is refused: %s", err);
	f = OPEN("; comment\n\nname = x\n");
	CHECK(f == NULL && has(err, "第 3 行") && has(err, "name"), "key before any section after comments: %s",
	      err);

	static const char nul[] = "[a]\nk = v\nj = x\0y\n";
	f = open_text(nul, sizeof nul - 1, path, err, sizeof err);
	CHECK(f == NULL && has(err, "NUL") && has(err, "第 3 行"), "a NUL byte is refused with its line: %s", err);
	f = OPEN("[a]\nk = 红\x1b[31m色\n");
	CHECK(f == NULL && has(err, "第 2 行") && has(err, "控制字符"), "an ESC in a value is refused: %s", err);
	f = OPEN("[a]\nk = \xC0\xAF\n");
	CHECK(f == NULL && has(err, "第 2 行") && has(err, "UTF-8"), "invalid UTF-8 is refused: %s", err);
	f = OPEN("[a]\nk = a\xE2\x80\xAE" "b\n");
	CHECK(f == NULL && has(err, "第 2 行"), "a bidi override is refused: %s", err);
}

static void test_numbers(void)
{
	char path[64], err[512];
	ini *f = OPEN("[n]\n"
	              "good = 42\n"
	              "neg = -7\n"
	              "bad = 12x\n"
	              "big = 99999\n"
	              "hex = 0x10\n"
	              "empty =\n"
	              "pi = 3.5\n"
	              "word = abc\n"
	              "nan = nan\n"
	              "inf = inf\n"
	              "yes = yes\n"
	              "no = NO\n"
	              "shi = 是\n"
	              "fou = 否\n"
	              "maybe = maybe\n");
	CHECK(f != NULL, "number file opens: %s", f ? "" : err);
	if (!f)
		return;
	long l = 0;
	double d = 0;
	bool b = false;
	CHECK(ini_long(f, "n", "good", 0, 0, 100, &l, err, sizeof err) && l == 42, "ini_long 42");
	CHECK(ini_long(f, "n", "neg", 0, -10, 10, &l, err, sizeof err) && l == -7, "ini_long -7");
	CHECK(ini_long(f, "n", "absent", 17, 0, 100, &l, err, sizeof err) && l == 17, "absent key gives default");
	CHECK(ini_long(f, "n", "empty", 18, 0, 100, &l, err, sizeof err) && l == 18, "empty value gives default");
	CHECK(!ini_long(f, "n", "bad", 0, 0, 100, &l, err, sizeof err), "ini_long refuses 12x");
	CHECK(has(err, path) && has(err, "第 4 行") && has(err, "bad") && has(err, "12x"),
	      "ini_long message names file, line 4, key and value: %s", err);
	CHECK(!ini_long(f, "n", "big", 0, 0, 100, &l, err, sizeof err), "ini_long refuses 99999 above max 100");
	CHECK(has(err, "第 5 行") && has(err, "big") && has(err, "100"), "range message: %s", err);
	CHECK(!ini_long(f, "n", "hex", 0, 0, 100, &l, err, sizeof err) && has(err, "第 6 行"),
	      "ini_long refuses 0x10: %s", err);
	CHECK(!ini_long(f, "n", "pi", 0, 0, 100, &l, err, sizeof err) && has(err, "第 8 行"),
	      "ini_long refuses 3.5: %s", err);

	CHECK(ini_double(f, "n", "pi", 0, 0, 100, &d, err, sizeof err) && d == 3.5, "ini_double 3.5");
	CHECK(ini_double(f, "n", "good", 0, 0, 100, &d, err, sizeof err) && d == 42, "ini_double 42");
	CHECK(ini_double(f, "n", "absent", 2.5, 0, 100, &d, err, sizeof err) && d == 2.5, "ini_double default");
	CHECK(!ini_double(f, "n", "word", 0, 0, 100, &d, err, sizeof err), "ini_double refuses abc");
	CHECK(has(err, path) && has(err, "第 9 行") && has(err, "word"), "ini_double message: %s", err);
	CHECK(!ini_double(f, "n", "nan", 0, 0, 100, &d, err, sizeof err) && has(err, "第 10 行"),
	      "ini_double refuses nan: %s", err);
	CHECK(!ini_double(f, "n", "inf", 0, 0, 1e300, &d, err, sizeof err) && has(err, "第 11 行"),
	      "ini_double refuses inf: %s", err);
	CHECK(!ini_double(f, "n", "good", 0, 0, 40, &d, err, sizeof err) && has(err, "第 2 行") && has(err, "good"),
	      "ini_double refuses 42 above max 40: %s", err);

	CHECK(ini_bool(f, "n", "yes", false, &b, err, sizeof err) && b, "ini_bool yes");
	CHECK(ini_bool(f, "n", "no", true, &b, err, sizeof err) && !b, "ini_bool NO");
	CHECK(ini_bool(f, "n", "shi", false, &b, err, sizeof err) && b, "ini_bool 是");
	CHECK(ini_bool(f, "n", "fou", true, &b, err, sizeof err) && !b, "ini_bool 否");
	CHECK(ini_bool(f, "n", "absent", true, &b, err, sizeof err) && b, "ini_bool default");
	b = true;
	CHECK(!ini_bool(f, "n", "maybe", false, &b, err, sizeof err), "ini_bool refuses maybe");
	CHECK(has(err, path) && has(err, "第 16 行") && has(err, "maybe") && has(err, "yes"),
	      "ini_bool message names file, line 16, key: %s", err);
	CHECK(!ini_bool(f, "n", "good", false, &b, err, sizeof err) && has(err, "第 2 行"),
	      "ini_bool refuses 42: %s", err);

	char where[600];
	ini_where(f, "n", "bad", where, sizeof where);
	char want[600];
	snprintf(want, sizeof want, "配置文件 %s 第 4 行 [n] bad", path);
	CHECK_STR(where, want, "ini_where for a present key");
	ini_where(f, "n", "absent", where, sizeof where);
	snprintf(want, sizeof want, "配置文件 %s [n] absent", path);
	CHECK_STR(where, want, "ini_where for an absent key");
	ini_close(f);
}

static void test_order(void)
{
	char path[64], err[512];
	ini *f = OPEN("; header comment\n"
	              "[Zeta]\n"
	              "c = 3\n"
	              "A = 1\n"
	              "b = 2\n"
	              "\n"
	              "[alpha]\n"
	              "[镇街]\n"
	              "名称 = 侣俸镇\n"
	              "  z = last  \n");
	CHECK(f != NULL, "order file opens: %s", f ? "" : err);
	if (!f)
		return;
	CHECK_STR(ini_path(f), path, "ini_path");
	CHECK(ini_section_count(f) == 3, "3 sections (%d)", ini_section_count(f));
	CHECK_STR(ini_section(f, 0), "zeta", "section 0 (lower-cased)");
	CHECK_STR(ini_section(f, 1), "alpha", "section 1");
	CHECK_STR(ini_section(f, 2), "镇街", "section 2 (Chinese)");
	CHECK(ini_section(f, 3) == NULL, "no section 3");
	CHECK(ini_key_count(f, "zeta") == 3 && ini_key_count(f, "alpha") == 0 && ini_key_count(f, "镇街") == 2,
	      "key counts 3/0/2");
	CHECK_STR(ini_key(f, "zeta", 0), "c", "key 0 in file order");
	CHECK_STR(ini_key(f, "zeta", 1), "a", "key 1 (lower-cased)");
	CHECK_STR(ini_key(f, "zeta", 2), "b", "key 2");
	CHECK(ini_key(f, "zeta", 3) == NULL, "no key 3");
	CHECK_STR(ini_key(f, "镇街", 0), "名称", "Chinese key");
	CHECK_STR(ini_str(f, "镇街", "名称", NULL), "侣俸镇", "Chinese value");
	CHECK_STR(ini_str(f, "zeta", "a", NULL), "1", "value of a key written upper-case");
	CHECK_STR(ini_str(f, "镇街", "z", NULL), "last", "value stripped of spaces");
	CHECK(ini_line(f, "zeta", NULL) == 2 && ini_line(f, "zeta", "b") == 5 && ini_line(f, "镇街", "z") == 10,
	      "ini_line gives section and key lines");
	CHECK(ini_line(f, "zeta", "nope") == 0, "ini_line of an absent key is 0");
	CHECK_STR(ini_str(f, "zeta", "nope", "dflt"), "dflt", "ini_str default for an absent key");
	CHECK(ini_str(f, "nosuch", "c", NULL) == NULL, "ini_str of an absent section gives def");
	ini_close(f);
}

static void test_bom(void)
{
	char path[64], err[512];
	ini *f = OPEN("\xEF\xBB\xBF[district]\nname = 铜梁区\n");
	CHECK(f != NULL, "a UTF-8 BOM before the first section is accepted: %s", f ? "" : err);
	if (f) {
		CHECK_STR(ini_section(f, 0), "district", "section after the BOM");
		CHECK_STR(ini_str(f, "district", "name", NULL), "铜梁区", "value after the BOM");
		CHECK(ini_line(f, "district", "name") == 2, "line numbers count from the BOM line");
		ini_close(f);
	}
	f = OPEN("\xEF\xBB\xBF; 配置文件\n[a]\nk = v\n");
	CHECK(f != NULL, "a UTF-8 BOM before a comment is accepted: %s", f ? "" : err);
	if (f) {
		CHECK_STR(ini_str(f, "a", "k", NULL), "v", "value after BOM + comment");
		ini_close(f);
	}
	f = OPEN("[a]\nk = v\n\xEF\xBB\xBFj = w\n");
	CHECK(f == NULL && has(err, "第 3 行"), "a BOM on a later line is refused: %s", err);
}

static void test_backslash(void)
{
	char path[64], err[512];
	/* iniparser would join these lines and lose "products" silently. */
	ini *f = OPEN("[paths]\nforms = D:\\nongjian\\forms\\\nproducts = p.csv\n");
	CHECK(f == NULL, "a value ending in a backslash (line continuation) is refused");
	CHECK(has(err, "第 2 行") && has(err, "反斜杠") && has(err, path), "message names line 2: %s", err);
	f = OPEN("[a]\n; 例如 C:\\ \nk = v\n");
	CHECK(f == NULL && has(err, "第 2 行"), "a comment ending in a backslash is refused: %s", err);
	f = OPEN("[paths]\nforms = \"D:\\forms\\\"\nproducts = p.csv\n");
	CHECK(f != NULL, "a quoted value ending in a backslash is accepted: %s", f ? "" : err);
	if (f) {
		CHECK_STR(ini_str(f, "paths", "forms", NULL), "D:\\forms\\", "quoted value keeps its backslash");
		CHECK_STR(ini_str(f, "paths", "products", NULL), "p.csv", "the next line is its own key");
		ini_close(f);
	}
}

int main(void)
{
	check_init();
	test_missing();
	test_long_line();
	test_comment_chars();
	test_syntax();
	test_numbers();
	test_order();
	test_bom();
	test_backslash();
	return check_done();
}
