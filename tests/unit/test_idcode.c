/* Check characters of the 统一社会信用代码 (GB 32100) and the 身份证号
 * (GB 11643), with valid codes built by computing the check character
 * and the sample numbers printed in GB 11643-1999 itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/idcode.h"

static bool has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* first17 + its computed check character. */
static void complete_uscc(const char *first17, char *out)
{
	snprintf(out, 19, "%s%c", first17, idcode_uscc_check(first17));
}

static void complete_id(const char *first17, char *out)
{
	snprintf(out, 19, "%s%c", first17, idcode_id_check(first17));
}

static void test_uscc(void)
{
	char code[32], msg[512];
	/* Weighted sum by hand for an easy prefix: all '0' but the first,
	 * '1' (weight 1): sum 1, 31 - 1 = 30 -> 'Y'. */
	CHECK(idcode_uscc_check("10000000000000000") == 'Y', "USCC 1000... check is Y");
	/* All zeros: sum 0 -> 31 -> 0. */
	CHECK(idcode_uscc_check("00000000000000000") == '0', "USCC all-zero check wraps 31 to 0");
	/* '1' in the second place (weight 3): 31 - 3 = 28 -> 'U'. */
	CHECK(idcode_uscc_check("01000000000000000") == 'W', "USCC second weight 3 gives W (28)");
	/* A letter: 'A' = 10 at weight 1: 31 - 10 = 21 -> 'M'. */
	CHECK(idcode_uscc_check("A0000000000000000") == 'M', "USCC letter value A=10 gives M");
	CHECK(idcode_uscc_check("I0000000000000000") == '\0', "USCC refuses I in the body");

	const char *prefixes[] = {"91500151MA5U4XXX0", "93500151MA60HK3P1", "92441721L12345678",
	                          "12500151009876543", "52500151MJP012345"};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		complete_uscc(prefixes[i], code);
		CHECK(idcode_uscc_valid(code, msg, sizeof msg), "valid USCC %s", code);
		/* Every other last character is refused, naming the expected one. */
		char bad[19];
		memcpy(bad, code, 19);
		bad[17] = code[17] == '0' ? '1' : '0';
		char want[16];
		snprintf(want, sizeof want, "应为 %c", code[17]);
		CHECK(!idcode_uscc_valid(bad, msg, sizeof msg) && has(msg, "校验位错误") && has(msg, want) &&
		      has(msg, bad), "wrong check of %s refused: %s", bad, msg);
		/* A swapped pair of body characters is caught. */
		memcpy(bad, code, 19);
		if (bad[8] != bad[9]) {
			char t = bad[8];
			bad[8] = bad[9];
			bad[9] = t;
			CHECK(!idcode_uscc_valid(bad, msg, sizeof msg), "transposition in %s caught", bad);
		}
	}
	CHECK(!idcode_uscc_valid("91500151MA5U4XX", msg, sizeof msg) && has(msg, "18 位"),
	      "short USCC refused: %s", msg);
	CHECK(!idcode_uscc_valid("91500151MA5U4XXO01", msg, sizeof msg) && has(msg, "第 16 位"),
	      "USCC with O refused: %s", msg);
	CHECK(!idcode_uscc_valid("9150015１MA5U4XXX01", msg, sizeof msg), "full-width digit refused");
	char lower[64];
	complete_uscc("91500151MA5U4XXX0", code);
	snprintf(lower, sizeof lower, "  %s ", code);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	idcode_normalise(lower);
	CHECK_STR(lower, code, "lower-case, spaced USCC normalised");
}

static void test_id(void)
{
	char id[32], msg[512];
	/* The examples printed in GB 11643-1999. */
	CHECK(idcode_id_valid("11010519491231002X", msg, sizeof msg), "GB 11643 example 11010519491231002X: %s", msg);
	CHECK(idcode_id_valid("440524188001010014", msg, sizeof msg), "GB 11643 example 440524188001010014: %s", msg);
	CHECK(idcode_id_check("11010519491231002") == 'X', "check 10 maps to X");
	/* sum 0 -> '1'; a single 1 at weight 7 -> 7 -> '5'. */
	CHECK(idcode_id_check("00000000000000000") == '1', "sum 0 maps to 1");
	CHECK(idcode_id_check("10000000000000000") == '5', "weight 7 maps to 5");
	CHECK(idcode_id_check("1000000000000000A") == '\0', "letters in the body refused");

	const char *prefixes[] = {"50015119800101123", "44172119951231000", "50022420000229456",
	                          "11010519491231002"};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		complete_id(prefixes[i], id);
		CHECK(idcode_id_valid(id, msg, sizeof msg), "valid ID %s: %s", id, msg);
		char bad[19];
		memcpy(bad, id, 19);
		bad[17] = id[17] == '3' ? '4' : '3';
		char want[16];
		snprintf(want, sizeof want, "应为 %c", id[17]);
		CHECK(!idcode_id_valid(bad, msg, sizeof msg) && has(msg, "校验位错误") && has(msg, want),
		      "wrong ID check refused: %s", msg);
	}
	/* Dates of birth: 2001-02-29 does not exist; 13th month; future. */
	complete_id("50015120010229123", id);
	CHECK(!idcode_id_valid(id, msg, sizeof msg) && has(msg, "出生日期"), "29 Feb 2001 refused: %s", msg);
	complete_id("50015119801301123", id);
	CHECK(!idcode_id_valid(id, msg, sizeof msg) && has(msg, "出生日期"), "month 13 refused: %s", msg);
	complete_id("50015120990101123", id);
	CHECK(!idcode_id_valid(id, msg, sizeof msg) && has(msg, "晚于今天"), "future birth refused: %s", msg);
	complete_id("50015117990101123", id);
	CHECK(!idcode_id_valid(id, msg, sizeof msg) && has(msg, "出生日期"), "1799 refused: %s", msg);
	CHECK(!idcode_id_valid("5001511980010112", msg, sizeof msg) && has(msg, "18 位"), "short ID refused");
	CHECK(!idcode_id_valid("50015119800101123Y", msg, sizeof msg) && has(msg, "数字或 X"),
	      "last char Y refused: %s", msg);
	char x[32] = "11010519491231002x";
	idcode_normalise(x);
	CHECK(idcode_id_valid(x, msg, sizeof msg), "lower-case x accepted after normalising");
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	test_uscc();
	test_id();
	return check_done();
}
