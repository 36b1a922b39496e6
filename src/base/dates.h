/* Calendar dates as plain Y-M-D (local time), with "today" overridable by
 * $NONGJIAN_TODAY=YYYY-MM-DD so tests and demos are reproducible. */
#ifndef NJ_DATES_H
#define NJ_DATES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	int y, m, d;
} ymd;

bool date_parse(const char *s, ymd *out);          /* strict YYYY-MM-DD */
/* Lenient parse for typing: also 2026/3/5, 2026.3.5, 20260305, 3-5 and
 * 3/5 (this year). Normalises into out as YYYY-MM-DD. */
bool date_normalise(const char *s, int this_year, char *out, size_t outlen);
void date_format(ymd d, char *out, size_t outlen); /* YYYY-MM-DD */
ymd date_today(void);
bool date_is_leap(int y);
int date_days_in_month(int y, int m);
int date_days_in_year(int y);
int date_day_of_year(ymd d);                       /* 1..366 */
int date_cmp(ymd a, ymd b);
/* Days since 1970-01-01 of a date (proleptic Gregorian), and back. */
long date_days(ymd d);
ymd date_from_days(long days);
/* Current local time as "YYYY-MM-DD HH:MM:SS". */
void date_now_stamp(char *out, size_t outlen);

#endif
