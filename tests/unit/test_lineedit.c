/* The one-line editor: display columns with Chinese text, refusal at the
 * edge of the field, cursor movement, deletion and unsafe characters. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/lineedit.h"
#include "base/text.h"

/* The editor's text as UTF-8 (static buffer, for CHECK_STR). */
static const char *text(const lineedit *e)
{
	static char out[LE_MAX_CHARS * 4 + 1];
	if (le_get(e, out, sizeof out) < 0)
		return "(le_get failed)";
	return out;
}

static void test_insert_ascii_and_cjk(void)
{
	lineedit e;
	le_init(&e, 10);
	CHECK(e.len == 0 && e.cur == 0 && le_cols(&e) == 0 && le_cursor_col(&e) == 0,
	      "a new editor is empty with the cursor at column 0");
	CHECK(le_insert(&e, L'a') == LE_OK, "insert ASCII a");
	CHECK(le_cols(&e) == 1 && le_cursor_col(&e) == 1, "ASCII takes one column (cols %d, cursor %d)",
	      le_cols(&e), le_cursor_col(&e));
	CHECK(le_insert(&e, L'侣') == LE_OK, "insert 侣");
	CHECK(le_cols(&e) == 3 && le_cursor_col(&e) == 3 && e.len == 2 && e.cur == 2,
	      "侣 takes two columns (cols %d, cursor %d, len %zu)", le_cols(&e), le_cursor_col(&e), e.len);
	CHECK(le_insert(&e, L'俸') == LE_OK && le_insert(&e, L'镇') == LE_OK, "insert 俸镇");
	CHECK_STR(text(&e), "a侣俸镇", "text after inserts");
	CHECK(le_cols(&e) == 7 && le_cursor_col(&e) == 7, "a侣俸镇 is 7 columns (%d)", le_cols(&e));
}

static void test_wide_char_at_edge(void)
{
	lineedit e;
	le_init(&e, 5);
	CHECK(le_set(&e, "土桥") == LE_OK, "le_set 土桥 into a 5-column field");
	CHECK(le_cols(&e) == 4, "土桥 is 4 columns");
	/* One column left: a double-width character must be refused whole. */
	CHECK(le_insert(&e, L'镇') == LE_FULL, "a CJK char is refused with only 1 column left");
	CHECK_STR(text(&e), "土桥", "buffer unchanged after LE_FULL");
	CHECK(e.len == 2 && e.cur == 2 && le_cursor_col(&e) == 4, "length and cursor unchanged after LE_FULL");
	/* ... but one single-width character still fits. */
	CHECK(le_insert(&e, L'1') == LE_OK, "an ASCII char fits the last column");
	CHECK(le_cols(&e) == 5, "field now exactly full (5 columns)");
	CHECK(le_insert(&e, L'2') == LE_FULL, "ASCII refused when the field is full");
	CHECK(le_insert(&e, L'镇') == LE_FULL, "CJK refused when the field is full");
	CHECK_STR(text(&e), "土桥1", "buffer unchanged after refusals when full");
	/* Refusal in the middle, too. */
	le_apply(&e, LE_HOME);
	CHECK(le_insert(&e, L'x') == LE_FULL, "insert at Home refused when full");
	CHECK_STR(text(&e), "土桥1", "still unchanged");
	CHECK(e.cur == 0, "cursor stays at Home after a refused insert");
}

static void test_char_limit(void)
{
	lineedit e;
	le_init(&e, 1000); /* wider than LE_MAX_CHARS: the char limit bites first */
	int ok = 0;
	for (int i = 0; i < LE_MAX_CHARS; i++)
		ok += le_insert(&e, L'a') == LE_OK;
	CHECK(ok == LE_MAX_CHARS && e.len == LE_MAX_CHARS, "LE_MAX_CHARS characters accepted (%d)", ok);
	CHECK(le_insert(&e, L'b') == LE_FULL, "one more than LE_MAX_CHARS is refused");
	CHECK(e.len == LE_MAX_CHARS && e.buf[LE_MAX_CHARS] == L'\0', "buffer still terminated at the limit");
}

static void test_insert_middle(void)
{
	lineedit e;
	le_init(&e, 20);
	le_set(&e, "侣镇");
	CHECK(le_apply(&e, LE_LEFT) == LE_OK, "Left from the end");
	CHECK(e.cur == 1 && le_cursor_col(&e) == 2, "cursor after 侣 at column 2 (col %d)", le_cursor_col(&e));
	CHECK(le_insert(&e, L'俸') == LE_OK, "insert 俸 in the middle");
	CHECK_STR(text(&e), "侣俸镇", "inserted in the middle");
	CHECK(e.cur == 2 && le_cursor_col(&e) == 4, "cursor after the inserted char (col %d)", le_cursor_col(&e));
	CHECK(le_insert(&e, L'A') == LE_OK, "insert ASCII in the middle");
	CHECK_STR(text(&e), "侣俸A镇", "ASCII inserted before 镇");
	CHECK(le_cursor_col(&e) == 5 && le_cols(&e) == 7, "cursor col 5, text 7 cols");
	le_apply(&e, LE_HOME);
	CHECK(le_insert(&e, L'1') == LE_OK, "insert at Home");
	CHECK_STR(text(&e), "1侣俸A镇", "inserted at the start");
	CHECK(e.cur == 1 && le_cursor_col(&e) == 1, "cursor after the first char");
}

static void test_movement(void)
{
	lineedit e;
	le_init(&e, 20);
	CHECK(le_apply(&e, LE_LEFT) == LE_NOOP, "Left on empty: NOOP");
	CHECK(le_apply(&e, LE_RIGHT) == LE_NOOP, "Right on empty: NOOP");
	CHECK(le_apply(&e, LE_HOME) == LE_NOOP, "Home on empty: NOOP");
	CHECK(le_apply(&e, LE_END) == LE_NOOP, "End on empty: NOOP");
	le_set(&e, "a织篢镇");
	CHECK(e.cur == 4 && le_cursor_col(&e) == 7, "le_set leaves the cursor at the end (col %d)",
	      le_cursor_col(&e));
	CHECK(le_apply(&e, LE_RIGHT) == LE_NOOP, "Right at the end: NOOP");
	CHECK(le_apply(&e, LE_END) == LE_NOOP, "End at the end: NOOP");
	CHECK(le_apply(&e, LE_LEFT) == LE_OK && le_cursor_col(&e) == 5, "Left over 镇 moves 2 columns (col %d)",
	      le_cursor_col(&e));
	CHECK(le_apply(&e, LE_LEFT) == LE_OK && le_cursor_col(&e) == 3, "Left over 篢 moves 2 columns (col %d)",
	      le_cursor_col(&e));
	CHECK(le_apply(&e, LE_HOME) == LE_OK && e.cur == 0 && le_cursor_col(&e) == 0, "Home goes to column 0");
	CHECK(le_apply(&e, LE_HOME) == LE_NOOP, "Home at the start: NOOP");
	CHECK(le_apply(&e, LE_LEFT) == LE_NOOP && e.cur == 0, "Left at the start: NOOP");
	CHECK(le_apply(&e, LE_RIGHT) == LE_OK && le_cursor_col(&e) == 1, "Right over 'a' moves 1 column");
	CHECK(le_apply(&e, LE_RIGHT) == LE_OK && le_cursor_col(&e) == 3, "Right over 织 moves 2 columns");
	CHECK(le_apply(&e, LE_END) == LE_OK && e.cur == 4 && le_cursor_col(&e) == 7, "End goes to the end");
	CHECK_STR(text(&e), "a织篢镇", "movement never changes the text");
}

static void test_delete(void)
{
	lineedit e;
	le_init(&e, 20);
	le_set(&e, "侣俸镇x");
	CHECK(le_apply(&e, LE_DELETE) == LE_NOOP, "Delete at the end: NOOP");
	CHECK(le_apply(&e, LE_BACKSPACE) == LE_OK, "Backspace at the end");
	CHECK_STR(text(&e), "侣俸镇", "Backspace removed x");
	le_apply(&e, LE_LEFT); /* between 俸 and 镇 */
	CHECK(le_apply(&e, LE_BACKSPACE) == LE_OK, "Backspace in the middle");
	CHECK_STR(text(&e), "侣镇", "Backspace removed 俸 (the char before the cursor)");
	CHECK(e.cur == 1 && le_cursor_col(&e) == 2 && le_cols(&e) == 4,
	      "cursor at col 2, text 4 cols after Backspace (cur %zu)", e.cur);
	CHECK(le_apply(&e, LE_DELETE) == LE_OK, "Delete in the middle");
	CHECK_STR(text(&e), "侣", "Delete removed 镇 (the char under the cursor)");
	CHECK(e.cur == 1 && e.len == 1 && le_cols(&e) == 2, "cursor stays, length 1");
	CHECK(le_apply(&e, LE_DELETE) == LE_NOOP, "Delete at the end after deleting: NOOP");
	le_apply(&e, LE_HOME);
	CHECK(le_apply(&e, LE_BACKSPACE) == LE_NOOP, "Backspace at the start: NOOP");
	CHECK_STR(text(&e), "侣", "Backspace at the start left the text alone");
	CHECK(le_apply(&e, LE_DELETE) == LE_OK, "Delete at the start");
	CHECK(e.len == 0 && e.cur == 0 && le_cols(&e) == 0, "now empty");
	CHECK_STR(text(&e), "", "empty text");
	CHECK(le_apply(&e, LE_DELETE) == LE_NOOP && le_apply(&e, LE_BACKSPACE) == LE_NOOP,
	      "Delete/Backspace on empty: NOOP");
	/* After deleting a wide char there is room for it again. */
	le_init(&e, 4);
	le_set(&e, "土桥");
	CHECK(le_insert(&e, L'镇') == LE_FULL, "full 4-column field refuses 镇");
	le_apply(&e, LE_BACKSPACE);
	CHECK(le_insert(&e, L'镇') == LE_OK, "after Backspace 镇 fits");
	CHECK_STR(text(&e), "土镇", "replaced the last char");
}

static void test_kill(void)
{
	lineedit e;
	le_init(&e, 30);
	le_set(&e, "巴川街道abc");
	le_apply(&e, LE_HOME);
	le_apply(&e, LE_RIGHT);
	le_apply(&e, LE_RIGHT);
	CHECK(le_apply(&e, LE_KILL_TO_END) == LE_OK, "kill to end from the middle");
	CHECK_STR(text(&e), "巴川", "text up to the cursor kept");
	CHECK(e.cur == 2 && e.len == 2 && le_cols(&e) == 4, "cursor at the end, 4 columns");
	CHECK(le_apply(&e, LE_KILL_TO_END) == LE_NOOP, "kill to end at the end: NOOP");
	le_apply(&e, LE_LEFT);
	CHECK(le_apply(&e, LE_KILL_LINE) == LE_OK, "kill line from the middle");
	CHECK(e.len == 0 && e.cur == 0 && le_cols(&e) == 0 && le_cursor_col(&e) == 0, "kill line empties it");
	CHECK_STR(text(&e), "", "empty after kill line");
	CHECK(le_apply(&e, LE_KILL_LINE) == LE_NOOP, "kill line on empty: NOOP");
	CHECK(le_apply(&e, LE_KILL_TO_END) == LE_NOOP, "kill to end on empty: NOOP");
	le_set(&e, "土桥镇");
	le_apply(&e, LE_HOME);
	CHECK(le_apply(&e, LE_KILL_TO_END) == LE_OK && e.len == 0, "kill to end from Home empties it");
	CHECK(le_insert(&e, L'新') == LE_OK, "editing works after kill");
	CHECK_STR(text(&e), "新", "new text after kill");
}

static void test_bad_chars(void)
{
	lineedit e;
	le_init(&e, 20);
	le_set(&e, "ab");
	static const wchar_t bad[] = {L'\x1b', L'\t', L'\n', L'\r', 0x01, 0x7F, 0x85, 0x9B,
	                              0x202E, 0x202D, 0x200B, 0x2066, 0xFEFF, 0x0301};
	static const char *names[] = {"ESC", "TAB", "LF", "CR", "U+0001", "DEL", "NEL (C1)",
	                              "CSI (C1)", "U+202E RLO", "U+202D LRO", "U+200B ZWSP",
	                              "U+2066 LRI", "U+FEFF BOM", "U+0301 combining"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(le_insert(&e, bad[i]) == LE_BADCHAR, "%s refused with LE_BADCHAR", names[i]);
	CHECK_STR(text(&e), "ab", "text unchanged after refused characters");
	CHECK(e.cur == 2 && e.len == 2, "cursor unchanged after refused characters");
	/* A bad char in a full field is still BADCHAR, not FULL. */
	le_init(&e, 2);
	le_set(&e, "镇");
	CHECK(le_insert(&e, L'\x1b') == LE_BADCHAR, "ESC in a full field: LE_BADCHAR");
}

static void test_set(void)
{
	lineedit e;
	le_init(&e, 6);
	CHECK(le_set(&e, "侣俸镇") == LE_OK, "le_set exactly 6 columns into a 6-column field");
	CHECK(le_cols(&e) == 6 && e.cur == 3, "6 columns, cursor at the end");
	CHECK(le_set(&e, "侣俸镇a") == LE_FULL, "le_set 7 columns into 6: LE_FULL");
	CHECK(e.len == 0 && e.cur == 0 && le_cols(&e) == 0, "editor left empty after LE_FULL");
	CHECK_STR(text(&e), "", "empty text after LE_FULL");
	le_set(&e, "ok");
	CHECK(le_set(&e, "a\x1b[31mb") == LE_BADCHAR, "le_set with ESC: LE_BADCHAR");
	CHECK(e.len == 0 && e.cur == 0, "editor left empty after LE_BADCHAR");
	CHECK(le_set(&e, "\xE2\x80\xAE" "ab") == LE_BADCHAR, "le_set with U+202E: LE_BADCHAR");
	CHECK(le_set(&e, "a\xFF") == LE_BADCHAR, "le_set with invalid UTF-8: LE_BADCHAR");
	CHECK(e.len == 0, "editor empty after invalid UTF-8");
	CHECK(le_set(&e, "") == LE_OK && e.len == 0, "le_set of empty text");
	CHECK(le_set(&e, NULL) == LE_OK && e.len == 0, "le_set of NULL is empty");
	/* Longer than the character buffer: refused as too long. */
	char big[LE_MAX_CHARS + 10];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	le_init(&e, 1000);
	CHECK(le_set(&e, big) == LE_FULL && e.len == 0, "le_set longer than LE_MAX_CHARS: LE_FULL, empty");
	/* maxcols <= 0 is clamped to 1. */
	le_init(&e, 0);
	CHECK(e.maxcols == 1, "maxcols 0 clamped to 1");
	CHECK(le_insert(&e, L'镇') == LE_FULL && le_insert(&e, L'a') == LE_OK, "1-column field takes ASCII only");
}

static void test_round_trip(void)
{
	lineedit e;
	char out[64];
	le_init(&e, 20);
	CHECK(le_set(&e, "侣俸镇") == LE_OK, "le_set 侣俸镇");
	CHECK(e.len == 3 && e.buf[0] == 0x4FA3 && e.buf[1] == 0x4FF8 && e.buf[2] == 0x9547,
	      "侣俸镇 decoded to U+4FA3 U+4FF8 U+9547");
	CHECK(le_get(&e, out, sizeof out) == 9, "le_get returns 9 bytes");
	CHECK_STR(out, "侣俸镇", "round trip 侣俸镇");
	CHECK(le_set(&e, "织篢镇") == LE_OK, "le_set 织篢镇");
	CHECK(e.len == 3 && e.buf[1] == 0x7BE2, "篢 decoded to U+7BE2");
	CHECK(le_cols(&e) == 6, "织篢镇 is 6 columns (%d)", le_cols(&e));
	CHECK_STR(text(&e), "\xE7\xBB\x87\xE7\xAF\xA2\xE9\x95\x87", "round trip 织篢镇 byte for byte");
	/* Typed character by character gives the same bytes. */
	le_init(&e, 20);
	le_insert(&e, 0x7EC7);
	le_insert(&e, 0x7BE2);
	le_insert(&e, 0x9547);
	CHECK_STR(text(&e), "织篢镇", "typed U+7EC7 U+7BE2 U+9547 reads back as 织篢镇");
	/* A 4-byte UTF-8 character (CJK Extension B). glibc's C.UTF-8 gives
	 * it width 2, like the rest of CJK. */
	int w = wcwidth(0x20000);
	CHECK(w == 2, "wcwidth(U+20000) is 2 in C.UTF-8 (got %d)", w);
	le_init(&e, 4);
	CHECK(le_set(&e, "\xF0\xA0\x80\x80") == LE_OK, "le_set 𠀀 (4-byte UTF-8)");
	CHECK(e.len == 1 && e.buf[0] == 0x20000, "𠀀 is one character U+20000");
	CHECK(le_cols(&e) == 2 && le_cursor_col(&e) == 2, "𠀀 takes 2 columns");
	CHECK(le_insert(&e, 0x20000) == LE_OK, "a second 𠀀 fills the 4-column field");
	CHECK(le_insert(&e, L'a') == LE_FULL, "field full after two 𠀀");
	CHECK(le_get(&e, out, sizeof out) == 8, "two 𠀀 are 8 bytes");
	CHECK_STR(out, "\xF0\xA0\x80\x80\xF0\xA0\x80\x80", "𠀀𠀀 round trip");
	/* le_get refuses a buffer that is too small instead of cutting. */
	le_set(&e, "侣俸");
	CHECK(le_get(&e, out, 6) == -1, "le_get with 6 bytes for 6+NUL fails (-1)");
	CHECK(le_get(&e, out, 7) == 6, "le_get with exactly 7 bytes works");
	CHECK(le_get(&e, out, 0) == -1, "le_get with cap 0 fails");
}

/* A paste goes in whole or not at all. */
static void test_insert_run(void)
{
	lineedit e;
	le_init(&e, 20);
	le_set(&e, "张园");
	le_apply(&e, LE_LEFT);
	CHECK(le_insert_run(&e, L"小三1号", 4) == LE_OK, "a run inserted at the cursor");
	CHECK_STR(text(&e), "张小三1号园", "the run lands between 张 and 园");
	CHECK(e.cur == 5 && e.len == 6, "cursor after the run (cur %zu, len %zu)", e.cur, e.len);
	CHECK(le_insert_run(&e, L"侣俸镇织篢", 5) == LE_FULL, "a run that would pass 20 columns is refused");
	CHECK_STR(text(&e), "张小三1号园", "and nothing of it is inserted");
	CHECK(le_insert_run(&e, L"a\x1b[2J", 5) == LE_BADCHAR, "a run with ESC is refused");
	CHECK_STR(text(&e), "张小三1号园", "whole");
	CHECK(le_insert_run(&e, L"", 0) == LE_OK, "an empty run is fine");
	le_init(&e, 4);
	CHECK(le_insert_run(&e, L"侣俸", 2) == LE_OK && le_cols(&e) == 4, "a run that exactly fits");
}

/* A field longer than its box scrolls: the cursor stays inside, markers
 * say where text is hidden, nothing is cut. */
static void test_window(void)
{
	lineedit e;
	size_t from, to;
	bool l, r;
	int cc;
	le_init(&e, 60);
	le_set(&e, "侣俸镇");
	le_window(&e, 10, &from, &to, &l, &r, &cc);
	CHECK(from == 0 && to == 3 && !l && !r && cc == 6, "short text: whole, no markers, cursor at 6 (%zu..%zu %d)",
	      from, to, cc);
	/* 14 characters, 28 columns, in a 10-column box, cursor at the end. */
	le_set(&e, "侣俸镇织篢蔬菜专业合作社联社");
	le_window(&e, 10, &from, &to, &l, &r, &cc);
	char shown[128];
	le_get_range(&e, from, to, shown, sizeof shown);
	CHECK(l && !r, "at the end: hidden text on the left only");
	CHECK(cc <= 9 && cc >= 1, "the cursor is inside the box (col %d)", cc);
	CHECK_STR(shown, "作社联社", "the end of the name is shown after the < column, the cursor cell inside");
	CHECK(1 + text_cols(shown) + 1 <= 10, "marker, text and cursor cell fit in 10 columns");
	le_apply(&e, LE_HOME);
	le_window(&e, 10, &from, &to, &l, &r, &cc);
	le_get_range(&e, from, to, shown, sizeof shown);
	CHECK(from == 0 && !l && r && cc == 0, "Home: from the start, > on the right");
	CHECK_STR(shown, "侣俸镇织", "the start shown, the 5th character not split at the > column");
	for (int i = 0; i < 6; i++)
		le_apply(&e, LE_RIGHT);
	le_window(&e, 10, &from, &to, &l, &r, &cc);
	CHECK(cc >= 1 && cc + 2 <= 9 && from <= 6 && to > 6, "moving right scrolls just enough (from %zu to %zu col %d)",
	      from, to, cc);
	CHECK(le_cols(&e) == 28, "nothing was cut: 28 columns held (%d)", le_cols(&e));
	le_apply(&e, LE_KILL_LINE);
	le_set(&e, "abc");
	le_window(&e, 10, &from, &to, &l, &r, &cc);
	CHECK(from == 0 && e.view == 0, "short again: the scroll is reset");
}

int main(void)
{
	check_init();
	test_insert_ascii_and_cjk();
	test_wide_char_at_edge();
	test_char_limit();
	test_insert_middle();
	test_movement();
	test_delete();
	test_kill();
	test_bad_chars();
	test_set();
	test_round_trip();
	test_insert_run();
	test_window();
	return check_done();
}
