/* Numbers as typed: full-width digits and point, 45% in a percent field,
 * and the notations that must never be read as numbers. */
#include <string.h>

#include "check.h"
#include "base/number.h"

static char out[64];

static bool norm(const char *s, bool percent, bool integral)
{
	return number_normalise(s, percent, integral, out, sizeof out);
}

int main(void)
{
	check_init();
	CHECK(norm("45", false, false) && strcmp(out, "45") == 0, "45");
	CHECK(norm("45.5", false, false) && strcmp(out, "45.5") == 0, "45.5");
	CHECK(norm(" 35 ", false, false) && strcmp(out, "35") == 0, "spaces around are dropped");
	CHECK(norm("\xE3\x80\x80" "35\xE3\x80\x80", false, false) && strcmp(out, "35") == 0,
	      "full-width spaces around are dropped");
	CHECK(norm("45%", true, false) && strcmp(out, "45") == 0, "45%% in a percent field is 45");
	CHECK(norm("45.5 %", true, false) && strcmp(out, "45.5") == 0, "45.5 %% is 45.5");
	CHECK(norm("45\xEF\xBC\x85", true, false) && strcmp(out, "45") == 0, "45％ (full-width) is 45");
	CHECK(!norm("45%", false, false), "45%% refused where the field is not a percentage");
	CHECK(!norm("%", true, false), "a lone %% is not a number");
	CHECK(norm("\xEF\xBC\x94\xEF\xBC\x95", false, false) && strcmp(out, "45") == 0, "４５ is 45");
	CHECK(norm("\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x8E\xEF\xBC\x95", false, false) && strcmp(out, "45.5") == 0,
	      "４５．５ is 45.5");
	CHECK(norm("\xEF\xBC\x8D" "0.5", false, false) && strcmp(out, "-0.5") == 0, "full-width minus");
	CHECK(norm("+3", false, false) && strcmp(out, "3") == 0, "a leading + is dropped");
	CHECK(norm(".5", false, false) && strcmp(out, ".5") == 0, ".5");
	CHECK(norm("5.", false, false) && strcmp(out, "5.") == 0, "5.");
	CHECK(norm("12", false, true) && strcmp(out, "12") == 0, "integer 12");
	CHECK(!norm("1.5", false, true), "integer refuses 1.5");
	static const char *const refused[] = {
		"1e2", "1E2", "0x10", "0X1A", "inf", "INF", "infinity", "nan", "NaN", "1,000", "45,5",
		"12 3", "", " ", ".", "-", "+", "--1", "4-5", "abc", "45度", "0b101", "1_000", "\xEF\xBC\x94" "e2",
		"45\xE3\x80\x82" "5",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		CHECK(!norm(refused[i], true, false) && out[0] == '\0', "refused: \"%s\"", refused[i]);
	CHECK(!number_normalise("123456", false, false, out, 4), "refused when out is too small");
	/* Percentages are rounded, but never up to a mark they do not reach. */
	static const struct {
		long part, whole;
		const char *want, *why;
	} of[] = {
		{4, 6, "66.7%", "rounds to 66.7%"},
		{799, 800, "99.9%", "(99.875%) rounds to 99.9%"},
		{2499, 2500, "99.96%", "is 99.96%, not 100.0%"},
		{9999, 10000, "99.99%", "is 99.99%"},
		{2, 800, "0.2%", "(0.25%, a tie) rounds to even"},
		{6, 800, "0.8%", "(0.75%, a tie) rounds to even"},
		{3, 3, "100.0%", "is all"},
		{0, 0, "—", "is no figure"},
	};
	char pct[32];
	for (size_t i = 0; i < sizeof of / sizeof *of; i++) {
		number_pct_of(of[i].part, of[i].whole, pct, sizeof pct);
		CHECK(strcmp(pct, of[i].want) == 0, "%ld of %ld %s: %s", of[i].part, of[i].whole, of[i].why, pct);
	}
	static const struct {
		double pct, goal;
		const char *want, *why;
	} rate[] = {
		{100.0 * 486 / 496, 98, "97.98%", "486 of 496, short of the 98% goal, is not 98.0%"},
		{100.0 * 486 / 496, 0, "98.0%", "without a goal it rounds"},
		{100.0 * 490 / 500, 98, "98.0%", "490 of 500 meets 98% exactly"},
		{100.0 * 491 / 500, 98, "98.2%", "above the goal rounds as usual"},
		{100.0 * 2499 / 2500, 0, "99.96%", "the double form keeps 100% too"},
		{100.0 * 49 / 70, 0, "70.0%", "49 of 70"},
		{100.0 * 2 / 800, 0, "0.2%", "the double form rounds the tie the same"},
		{-1, 98, "—", "no figure"},
	};
	for (size_t i = 0; i < sizeof rate / sizeof *rate; i++) {
		number_pct(rate[i].pct, rate[i].goal, "—", pct, sizeof pct);
		CHECK(strcmp(pct, rate[i].want) == 0, "%s: %s", rate[i].why, pct);
	}
	CHECK(number_ascii_char(0xFF10) == L'0' && number_ascii_char(0xFF19) == L'9', "０ and ９ map to ASCII");
	CHECK(number_ascii_char(0xFF0E) == L'.' && number_ascii_char(0xFF05) == L'%', "． and ％ map to ASCII");
	CHECK(number_ascii_char(L'侣') == L'侣', "other characters unchanged");
	return check_done();
}
