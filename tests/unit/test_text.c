/* UTF-8 <-> wide chars, the storage check, display widths and cutting. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/text.h"

static void test_round_trip(void)
{
	static const char *samples[] = {
		"", "abc", "侣俸镇", "织篢镇", "铜梁区检测中心 TL2026-侣俸-0001",
		"\xF0\xA0\x80\x80", /* U+20000, 4 bytes */
		"é ü ©", "豇豆（长豇豆）", "\xE3\x80\x80全角空格",
	};
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		wchar_t w[64];
		char back[256];
		int n = text_to_wcs(samples[i], w, 64);
		CHECK(n >= 0 && w[n] == L'\0', "text_to_wcs \"%s\" decodes (%d chars)", samples[i], n);
		int b = n >= 0 ? text_from_wcs(w, (size_t)n, back, sizeof back) : -1;
		CHECK(b == (int)strlen(samples[i]), "text_from_wcs \"%s\" gives %zu bytes (%d)", samples[i],
		      strlen(samples[i]), b);
		CHECK_STR(b >= 0 ? back : NULL, samples[i], "UTF-8 round trip");
	}
	wchar_t w[8];
	CHECK(text_to_wcs("织篢镇", w, 8) == 3 && w[0] == 0x7EC7 && w[1] == 0x7BE2 && w[2] == 0x9547,
	      "织篢镇 decodes to U+7EC7 U+7BE2 U+9547");
	CHECK(text_to_wcs("\xF0\xA0\x80\x80" "a", w, 8) == 2 && w[0] == 0x20000 && w[1] == L'a',
	      "4-byte sequence decodes to U+20000");
	CHECK(text_to_wcs("\xF4\x8F\xBF\xBF", w, 8) == 1 && w[0] == 0x10FFFF, "U+10FFFF (max) decodes");
	CHECK(text_to_wcs("\xC2\x80", w, 8) == 1 && w[0] == 0x80, "U+0080 (smallest 2-byte) decodes");
	CHECK(text_to_wcs("\xE0\xA0\x80", w, 8) == 1 && w[0] == 0x800, "U+0800 (smallest 3-byte) decodes");

	/* Capacity: cap counts the terminator. */
	CHECK(text_to_wcs("侣俸镇", w, 4) == 3, "cap 4 holds 3 chars + terminator");
	CHECK(text_to_wcs("侣俸镇", w, 3) == -1, "cap 3 is too small for 3 chars (-1)");
	CHECK(text_to_wcs("", w, 1) == 0 && w[0] == L'\0', "empty string with cap 1");
	CHECK(text_to_wcs("", w, 0) == -1, "cap 0 is always too small");

	char out[16];
	const wchar_t zh[] = {0x4FA3, 0x4FF8, 0x9547};
	CHECK(text_from_wcs(zh, 3, out, 10) == 9, "9 bytes + NUL fit in 10");
	CHECK(text_from_wcs(zh, 3, out, 9) == -1, "9 bytes + NUL do not fit in 9 (-1)");
	CHECK(text_from_wcs(zh, 0, out, 1) == 0 && out[0] == '\0', "0 chars into cap 1");
	CHECK(text_from_wcs(zh, 0, out, 0) == -1, "cap 0 fails");
	const wchar_t sur[] = {L'a', (wchar_t)0xD800, L'b', (wchar_t)0x110000};
	CHECK(text_from_wcs(sur, 4, out, sizeof out) == 4, "surrogate/out-of-range wide chars encode as '?'");
	CHECK_STR(out, "a?b?", "surrogate and > U+10FFFF replaced");
}

static void test_invalid_utf8(void)
{
	static const struct {
		const char *s, *what;
	} bad[] = {
		{"\xC0\xAF", "overlong '/' (2 bytes)"},
		{"\xC1\xBF", "overlong 2-byte C1"},
		{"\xE0\x80\xAF", "overlong '/' (3 bytes)"},
		{"\xF0\x80\x80\xAF", "overlong '/' (4 bytes)"},
		{"\xE0\x9F\xBF", "overlong U+07FF (3 bytes)"},
		{"\xED\xA0\x80", "surrogate U+D800"},
		{"\xED\xBF\xBF", "surrogate U+DFFF"},
		{"\xF4\x90\x80\x80", "above U+10FFFF"},
		{"\xE4\xBE", "truncated 3-byte sequence at the end"},
		{"\xE4\xBE" "a", "truncated 3-byte sequence before ASCII"},
		{"\xF0\xA0\x80", "truncated 4-byte sequence"},
		{"a\x80" "b", "stray continuation byte"},
		{"\xFF", "byte 0xFF"},
		{"\xF8\x88\x80\x80\x80", "5-byte sequence"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		wchar_t w[16];
		CHECK(text_to_wcs(bad[i].s, w, 16) == -1, "text_to_wcs rejects %s", bad[i].what);
		const char *why = text_check(bad[i].s);
		CHECK(why && strstr(why, "UTF-8"), "text_check rejects %s as invalid UTF-8 (%s)", bad[i].what,
		      why ? why : "accepted");
	}
}

static void test_check(void)
{
	CHECK(text_check("") == NULL, "empty string is fine");
	CHECK(text_check("侣俸镇 豇豆 abc 123 织篢镇") == NULL, "ordinary Chinese and ASCII are fine");
	CHECK(text_check("\xF0\xA0\x80\x80") == NULL, "U+20000 is fine (width 2)");
	CHECK(text_check("全角\xE3\x80\x80空格") == NULL, "full-width space is fine");
	static const struct {
		const char *s, *what;
	} bad[] = {
		{"红\x1b[31m色", "ESC"},
		{"a\tb", "TAB"},
		{"a\nb", "newline"},
		{"a\rb", "carriage return"},
		{"a\x7f", "DEL"},
		{"a\xC2\x9B" "31m", "C1 CSI U+009B"},
		{"abc\xE2\x80\xAE" "cba", "bidi override U+202E"},
		{"\xE2\x80\xAD" "x", "bidi override U+202D"},
		{"\xE2\x81\xA6" "x", "bidi isolate U+2066"},
		{"\xD8\x9C" "x", "Arabic letter mark U+061C"},
		{"a\xE2\x80\x8B" "b", "zero-width space U+200B"},
		{"\xEF\xBB\xBF" "a", "BOM / ZWNBSP U+FEFF"},
		{"e\xCC\x81", "combining accent (width 0)"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *why = text_check(bad[i].s);
		CHECK(why && strstr(why, "控制字符"), "text_check refuses %s (%s)", bad[i].what,
		      why ? why : "accepted");
	}
	CHECK(!text_char_ok(L'\x1b') && !text_char_ok(0x202E) && !text_char_ok(0),
	      "text_char_ok refuses ESC, U+202E, NUL");
	CHECK(text_char_ok(L'a') && text_char_ok(0x7BE2) && text_char_ok(0x3000) && text_char_ok(0x20000),
	      "text_char_ok accepts a, 篢, U+3000, U+20000");
}

static void test_cols(void)
{
	CHECK(text_cols("") == 0, "empty: 0 columns");
	CHECK(text_cols("abc") == 3, "abc: 3 columns");
	CHECK(text_cols("侣俸镇") == 6, "侣俸镇: 6 columns");
	CHECK(text_cols("TL2026-侣俸-0001") == 16, "TL2026-侣俸-0001: 16 columns (%d)", text_cols("TL2026-侣俸-0001"));
	CHECK(text_cols("抑制率(%)") == 9, "抑制率(%%): 9 columns (%d)", text_cols("抑制率(%)"));
	CHECK(text_cols("豇豆（长）") == 10, "full-width brackets count 2 (%d)", text_cols("豇豆（长）"));
	CHECK(text_cols("a\x1b" "b") == 3, "ESC counts 1 column");
	CHECK(text_cols("a\xFF" "b") == 3, "an invalid byte counts 1 column");
	CHECK(text_cols("\xF0\xA0\x80\x80" "x") == 3, "U+20000 + x: 3 columns");
}

static void test_for_display(void)
{
	char out[64];
	int c;
	c = text_for_display("侣俸镇", 5, out, sizeof out);
	CHECK_STR(out, "侣俸", "cut at 5 columns keeps 2 CJK chars (no half char)");
	CHECK(c == 4, "and reports 4 columns used (%d)", c);
	c = text_for_display("侣俸镇", 6, out, sizeof out);
	CHECK_STR(out, "侣俸镇", "6 columns fit 侣俸镇");
	CHECK(c == 6, "6 columns used");
	c = text_for_display("a侣俸", 2, out, sizeof out);
	CHECK_STR(out, "a", "a侣 at 2 columns: only a");
	CHECK(c == 1, "1 column used");
	c = text_for_display("侣", 1, out, sizeof out);
	CHECK(c == 0 && out[0] == '\0', "a wide char in 1 column gives empty text");
	c = text_for_display("abc", 0, out, sizeof out);
	CHECK(c == 0 && out[0] == '\0', "0 columns gives empty text");
	c = text_for_display("a\x1b[31mb", 20, out, sizeof out);
	CHECK_STR(out, "a?[31mb", "ESC replaced with '?'");
	CHECK(c == 7, "7 columns (%d)", c);
	c = text_for_display("x\xE2\x80\xAE" "yz", 20, out, sizeof out);
	CHECK_STR(out, "x?yz", "U+202E replaced with '?'");
	c = text_for_display("a\xFF" "b", 20, out, sizeof out);
	CHECK_STR(out, "a?b", "invalid byte replaced with '?'");
	c = text_for_display("\xE4\xBE", 20, out, sizeof out);
	CHECK_STR(out, "??", "truncated sequence: each byte a '?'");
	/* Byte capacity also limits without splitting a character. */
	c = text_for_display("侣俸镇", 20, out, 7);
	CHECK_STR(out, "侣俸", "cap 7 bytes holds two CJK chars");
	CHECK(c == 4, "4 columns with cap 7");
	c = text_for_display("侣俸镇", 20, out, 6);
	CHECK_STR(out, "侣", "cap 6 bytes holds one CJK char (needs room for NUL)");
	c = text_for_display("abc", 20, out, 0);
	CHECK(c == 0, "cap 0 writes nothing");
	c = text_for_display("ab\xF0\xA0\x80\x80" "cd", 4, out, sizeof out);
	CHECK_STR(out, "ab\xF0\xA0\x80\x80", "U+20000 kept whole at the edge");
	CHECK(c == 4, "4 columns with U+20000");
}

static void test_trim(void)
{
	char s[64];
	strcpy(s, "  土桥镇  ");
	CHECK_STR(text_trim(s), "土桥镇", "ASCII spaces trimmed");
	strcpy(s, "\xE3\x80\x80土桥镇\xE3\x80\x80");
	CHECK_STR(text_trim(s), "土桥镇", "full-width spaces trimmed");
	strcpy(s, " \xE3\x80\x80\t 侣俸\xE3\x80\x80镇 \xE3\x80\x80\xE3\x80\x80 \t");
	CHECK_STR(text_trim(s), "侣俸\xE3\x80\x80镇", "mixed spaces trimmed, inner full-width space kept");
	strcpy(s, "\xE3\x80\x80\xE3\x80\x80 ");
	CHECK_STR(text_trim(s), "", "only spaces: empty");
	strcpy(s, "");
	CHECK_STR(text_trim(s), "", "empty stays empty");
	strcpy(s, "a b");
	CHECK(text_trim(s) == s && strcmp(s, "a b") == 0, "trim works in place and keeps inner spaces");
	/* A string ending in a partial full-width space must not be
	 * mistaken for one (E3 80 is not U+3000). */
	strcpy(s, "x\xE3\x80");
	CHECK_STR(text_trim(s), "x\xE3\x80", "incomplete E3 80 is not trimmed");
	strcpy(s, "镇\xE3\x80\x80");
	CHECK_STR(text_trim(s), "镇", "CJK whose last byte is 0x87 followed by U+3000");
}

static void test_alloc(void)
{
	char *d = xstrdup("侣俸镇");
	CHECK_STR(d, "侣俸镇", "xstrdup copies");
	free(d);
	d = xstrdup(NULL);
	CHECK_STR(d, "", "xstrdup(NULL) gives an empty string");
	free(d);
	int *z = xcalloc(4, sizeof *z);
	CHECK(z[0] == 0 && z[3] == 0, "xcalloc zeroes");
	free(z);
	void *p = xcalloc(0, 0);
	CHECK(p != NULL, "xcalloc(0, 0) still returns memory");
	free(p);
	struct pair {
		int a;
		const char *b;
		long c[3];
	} *q = XNEW(struct pair, .b = "镇", .a = 7);
	CHECK(q->a == 7 && strcmp(q->b, "镇") == 0 && q->c[0] == 0 && q->c[2] == 0,
	      "XNEW fills the named members and zeroes the rest");
	free(q);
	char *m = xmemdup("abc", 4);
	CHECK_STR(m, "abc", "xmemdup copies the bytes");
	free(m);
	p = xmemdup(NULL, 0);
	CHECK(p != NULL, "xmemdup of nothing still returns memory");
	free(p);
}

static void test_index(void)
{
	struct row {
		int n;
		char *name;
	} rows[] = {{1, "甲"}, {2, NULL}, {3, "乙"}, {4, "乙"}};
	CHECK(TEXT_INDEX(rows, 4, name, "乙") == 2, "the first row of that name");
	CHECK(TEXT_INDEX(rows, 4, name, "甲") == 0, "the first row");
	CHECK(TEXT_INDEX(rows, 4, name, "丙") == -1, "-1 when no row has it");
	CHECK(TEXT_INDEX(rows, 2, name, "乙") == -1, "only the first n rows");
	const char *list[] = {"a", "b", "c"};
	CHECK(TEXT_LIST_INDEX(list, 3, "c") == 2, "an array of texts");
	CHECK(TEXT_LIST_INDEX(list, 3, "") == -1, "no empty text in it");
	/* Each freed (the sanitizers report a leak otherwise). */
	FREE_ALL(xstrdup("x"), xstrdup("y"), NULL);
}

int main(void)
{
	check_init();
	test_round_trip();
	test_invalid_utf8();
	test_check();
	test_cols();
	test_for_display();
	test_trim();
	test_alloc();
	test_index();
	return check_done();
}
