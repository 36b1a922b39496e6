/* Dates: strict and lenient parsing, leap years, day of year, "today". */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "base/dates.h"

static void test_parse(void)
{
	ymd d = {0, 0, 0};
	CHECK(date_parse("2024-02-29", &d) && d.y == 2024 && d.m == 2 && d.d == 29, "2024-02-29 is valid");
	CHECK(date_parse("2026-03-05", &d) && d.y == 2026 && d.m == 3 && d.d == 5, "2026-03-05 parsed");
	CHECK(date_parse("2026-12-31", &d) && d.m == 12 && d.d == 31, "2026-12-31 valid");
	CHECK(date_parse("2000-02-29", &d), "2000-02-29 valid (400-year leap)");
	ymd keep = {1, 2, 3};
	d = keep;
	CHECK(!date_parse("2023-02-29", &d), "2023-02-29 is not a date");
	CHECK(d.y == 1 && d.m == 2 && d.d == 3, "out is untouched on failure");
	CHECK(!date_parse("1900-02-29", &d), "1900-02-29 is not a date (century)");
	CHECK(!date_parse("2026-13-01", &d), "month 13 refused");
	CHECK(!date_parse("2026-00-10", &d), "month 0 refused");
	CHECK(!date_parse("2026-04-31", &d), "April 31 refused");
	CHECK(!date_parse("2026-01-32", &d), "January 32 refused");
	CHECK(!date_parse("2026-01-00", &d), "day 0 refused");
	CHECK(!date_parse("1899-12-31", &d), "years before 1900 refused");
	static const char *wrong[] = {
		"", "2026-3-5", "2026-03-5", "2026-3-05", "26-03-05", "2026-03-050", "2026-03-05 ",
		" 2026-03-05", "2026/03/05", "20260305", "2026-03-0a", "2026-+3-05", "2026-03--5",
		"2026--03-05", "abcd-ef-gh", "2026-03-05T00",
	};
	for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++)
		CHECK(!date_parse(wrong[i], &d), "strict parse refuses \"%s\"", wrong[i]);
}

static void test_normalise(void)
{
	char out[16];
	static const struct {
		const char *in, *want;
	} ok[] = {
		{"2026-03-05", "2026-03-05"},
		{"2026/3/5", "2026-03-05"},
		{"2026.3.5", "2026-03-05"},
		{"2026-3-5", "2026-03-05"},
		{"2026/03/05", "2026-03-05"},
		{"20260305", "2026-03-05"},
		{"3-5", "2026-03-05"},
		{"3/5", "2026-03-05"},
		{"3.5", "2026-03-05"},
		{"12-31", "2026-12-31"},
		{"03-05", "2026-03-05"},
		{"2024-2-29", "2024-02-29"},
		{"20240229", "2024-02-29"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		memset(out, 'x', sizeof out);
		bool r = date_normalise(ok[i].in, 2026, out, sizeof out);
		CHECK(r && strcmp(out, ok[i].want) == 0, "date_normalise \"%s\" -> %s (got %s)", ok[i].in,
		      ok[i].want, r ? out : "refused");
	}
	CHECK(date_normalise("2-29", 2024, out, sizeof out) && strcmp(out, "2024-02-29") == 0,
	      "2-29 in leap year 2024");
	CHECK(!date_normalise("2-29", 2026, out, sizeof out), "2-29 refused in 2026");
	CHECK(date_normalise("3-5", 2031, out, sizeof out) && strcmp(out, "2031-03-05") == 0,
	      "M-D uses this_year (2031)");
	static const char *bad[] = {
		"", "3", "2026", "2026-3", "2026-13-1", "2026-2-30", "13-1", "0-5", "3-0", "3-5-",
		"2026-3-5x", "1-1-2026", "2026-123-1", "20261305", "2026030", "202603051", "3 5",
		"3-5 ", "-3-5", "2026_3_5", "二月五日", "123-4", "12345-1-1", "2026-3/5x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(!date_normalise(bad[i], 2026, out, sizeof out), "date_normalise refuses \"%s\"", bad[i]);
}

static void test_leap_and_days(void)
{
	CHECK(!date_is_leap(1900), "1900 is not a leap year");
	CHECK(date_is_leap(2000), "2000 is a leap year");
	CHECK(date_is_leap(2024), "2024 is a leap year");
	CHECK(!date_is_leap(2026), "2026 is not a leap year");
	CHECK(!date_is_leap(2100), "2100 is not a leap year");
	CHECK(date_days_in_year(2024) == 366 && date_days_in_year(2026) == 365 &&
	      date_days_in_year(1900) == 365 && date_days_in_year(2000) == 366,
	      "days in year: 2024 366, 2026 365, 1900 365, 2000 366");
	CHECK(date_days_in_month(2024, 2) == 29 && date_days_in_month(2023, 2) == 28,
	      "February: 29 in 2024, 28 in 2023");
	CHECK(date_days_in_month(2026, 4) == 30 && date_days_in_month(2026, 12) == 31,
	      "April 30, December 31");
	CHECK(date_days_in_month(2026, 0) == 0 && date_days_in_month(2026, 13) == 0,
	      "months 0 and 13 have no days");
	CHECK(date_day_of_year((ymd){2024, 12, 31}) == 366, "2024-12-31 is day 366 (%d)",
	      date_day_of_year((ymd){2024, 12, 31}));
	CHECK(date_day_of_year((ymd){2026, 12, 31}) == 365, "2026-12-31 is day 365 (%d)",
	      date_day_of_year((ymd){2026, 12, 31}));
	CHECK(date_day_of_year((ymd){2000, 12, 31}) == 366, "2000-12-31 is day 366");
	CHECK(date_day_of_year((ymd){1900, 12, 31}) == 365, "1900-12-31 is day 365");
	CHECK(date_day_of_year((ymd){2026, 1, 1}) == 1, "1 January is day 1");
	CHECK(date_day_of_year((ymd){2024, 3, 1}) == 61 && date_day_of_year((ymd){2026, 3, 1}) == 60,
	      "1 March is day 61 in a leap year, 60 otherwise");
}

static void test_cmp_format(void)
{
	ymd a = {2026, 3, 5}, b = {2026, 3, 6}, c = {2026, 4, 1}, d = {2025, 12, 31};
	CHECK(date_cmp(a, b) < 0 && date_cmp(b, a) > 0, "day order");
	CHECK(date_cmp(b, c) < 0, "month beats day");
	CHECK(date_cmp(d, a) < 0, "year beats month");
	CHECK(date_cmp(a, (ymd){2026, 3, 5}) == 0, "equal dates compare 0");
	char out[16];
	date_format((ymd){2026, 3, 5}, out, sizeof out);
	CHECK_STR(out, "2026-03-05", "date_format pads month and day");
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	ymd sd;
	char day[11];
	memcpy(day, stamp, 10);
	day[10] = '\0';
	CHECK(strlen(stamp) == 19 && stamp[10] == ' ' && stamp[13] == ':' && stamp[16] == ':' &&
	      date_parse(day, &sd),
	      "date_now_stamp is YYYY-MM-DD HH:MM:SS (%s)", stamp);
}

static ymd clock_day(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return (ymd){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static bool today_is_clock(void)
{
	ymd before = clock_day(), t = date_today(), after = clock_day();
	return date_cmp(t, before) == 0 || date_cmp(t, after) == 0;
}

static void test_today(void)
{
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	ymd t = date_today();
	CHECK(t.y == 2026 && t.m == 6 && t.d == 15, "NONGJIAN_TODAY=2026-06-15 is honoured (%d-%d-%d)", t.y,
	      t.m, t.d);
	setenv("NONGJIAN_TODAY", "2024-02-29", 1);
	t = date_today();
	CHECK(t.y == 2024 && t.m == 2 && t.d == 29, "NONGJIAN_TODAY=2024-02-29 is honoured");
	/* An invalid override is ignored: the real date is used. The clock
	 * is read before and after, so a midnight in between cannot fail. */
	setenv("NONGJIAN_TODAY", "2023-02-29", 1);
	CHECK(today_is_clock(), "invalid NONGJIAN_TODAY falls back to the clock");
	setenv("NONGJIAN_TODAY", "", 1);
	CHECK(today_is_clock(), "empty NONGJIAN_TODAY falls back to the clock");
	unsetenv("NONGJIAN_TODAY");
	CHECK(today_is_clock(), "without NONGJIAN_TODAY the clock is used");
}

static void test_day_numbers(void)
{
	CHECK(date_days((ymd){1970, 1, 1}) == 0, "1970-01-01 is day 0");
	CHECK(date_days((ymd){2024, 3, 1}) - date_days((ymd){2024, 2, 28}) == 2, "2024 has a 29 February");
	CHECK(date_days((ymd){2026, 3, 1}) - date_days((ymd){2026, 2, 28}) == 1, "2026 has none");
	ymd r = date_from_days(date_days((ymd){2026, 12, 30}) + 3);
	CHECK(r.y == 2027 && r.m == 1 && r.d == 2, "3 days after 2026-12-30 is 2027-01-02");
	r = date_from_days(date_days((ymd){1899, 12, 30}) + 46027);
	CHECK(r.y == 2026 && r.m == 1 && r.d == 5, "Excel serial 46027 is 2026-01-05");
}

int main(void)
{
	check_init();
	test_parse();
	test_normalise();
	test_leap_and_days();
	test_cmp_format();
	test_today();
	test_day_numbers();
	return check_done();
}
