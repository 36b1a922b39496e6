#include "base/dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/privilege.h"

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return days[m - 1] + (m == 2 && date_is_leap(y));
}

int date_days_in_year(int y)
{
	return date_is_leap(y) ? 366 : 365;
}

int date_day_of_year(ymd d)
{
	int n = d.d;
	for (int m = 1; m < d.m; m++)
		n += date_days_in_month(d.y, m);
	return n;
}

long date_days(ymd d)
{
	int y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

ymd date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	ymd r = {.d = (int)(doy - (153 * mp + 2) / 5 + 1), .m = (int)(mp < 10 ? mp + 3 : mp - 9)};
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

int date_cmp(ymd a, ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

static bool valid(ymd d)
{
	return d.y >= 1900 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= date_days_in_month(d.y, d.m);
}

/* Read 1..maxdigits digits; returns count read. */
static int digits(const char *s, int maxdigits, int *out)
{
	int n = 0, v = 0;
	while (n < maxdigits && isdigit((unsigned char)s[n])) {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*out = v;
	return n;
}

bool date_parse(const char *s, ymd *out)
{
	ymd d;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (digits(s, 4, &d.y) != 4 || digits(s + 5, 2, &d.m) != 2 || digits(s + 8, 2, &d.d) != 2)
		return false;
	if (!valid(d))
		return false;
	*out = d;
	return true;
}

bool date_normalise(const char *s, int this_year, char *out, size_t outlen)
{
	ymd d = {0, 0, 0};
	int n1, n2, n3, a, b, c;
	size_t len = strlen(s);
	if (len == 8 && digits(s, 8, &a) == 8) {
		d.y = a / 10000;
		d.m = a / 100 % 100;
		d.d = a % 100;
	} else if ((n1 = digits(s, 4, &a)) > 0 && strchr("-/.", s[n1]) && s[n1] &&
	           (n2 = digits(s + n1 + 1, 2, &b)) > 0) {
		const char *rest = s + n1 + 1 + n2;
		if (*rest == '\0' && n1 <= 2) {
			d.y = this_year; /* M-D */
			d.m = a;
			d.d = b;
		} else if (n1 == 4 && strchr("-/.", *rest) && *rest &&
		           (n3 = digits(rest + 1, 2, &c)) > 0 && rest[1 + n3] == '\0') {
			d.y = a;
			d.m = b;
			d.d = c;
		} else {
			return false;
		}
	} else {
		return false;
	}
	if (!valid(d))
		return false;
	date_format(d, out, outlen);
	return true;
}

void date_format(ymd d, char *out, size_t outlen)
{
	snprintf(out, outlen, "%04d-%02d-%02d", d.y, d.m, d.d);
}

ymd date_today(void)
{
	ymd d;
#ifdef NJ_TEST_HOOKS
	/* Tests and demos fix "today"; only the test build reads it, and
	 * never a setgid install (a login must not forge dates). */
	const char *fake = priv_setgid() ? NULL : getenv("NONGJIAN_TODAY");
	if (fake && date_parse(fake, &d))
		return d;
#endif
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

void date_now_stamp(char *out, size_t outlen)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, outlen, "%Y-%m-%d %H:%M:%S", &tm);
}
