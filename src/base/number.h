/* Numbers as clerks type them: one rule for the screen, the command line
 * and imports. ASCII or full-width digits (４５), a full-width point
 * (４５．５), a full-width minus, spaces around, and — where the field is a
 * percentage — a trailing % or ％. Only plain decimal notation: exponents
 * (1e2), hex (0x10), inf, nan, thousands separators and anything else are
 * refused, so a typing slip never becomes a different number. No curses. */
#ifndef NJ_NUMBER_H
#define NJ_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* The ASCII character a full-width digit, point, minus, plus or percent
 * sign stands for; any other character unchanged. (The screen maps as it
 * is typed, so a number field shows 45.5, not ４５．５.) */
wchar_t number_ascii_char(wchar_t c);

/* Normalise s into ASCII decimal text in out ("45", "45.5", "-0.5"; a
 * leading + is dropped). percent: a trailing %/％ is allowed (and dropped);
 * integral: no decimal point. False when s is not such a number (out is
 * then ""). An empty s is not a number. */
bool number_normalise(const char *s, bool percent, bool integral, char *out, size_t outlen);

/* A percentage for people, rounded to one decimal (a tie to even, GB/T
 * 8170, as printf does) — except that it never
 * rounds up to a mark the figure does not reach: 100% (处置率, 巡查覆盖,
 * a finished target) and, for a pass rate, the goal (合格率 98%). 97.98%
 * beside 未达到目标 is "97.98%", not "98.0%"; 2,499 of 2,500 is
 * "99.96%", not "100.0%". goal <= 0: no goal but 100%. A negative pct (no
 * figure) gives none. */
void number_pct(double pct, double goal, const char *none, char *out, size_t outlen);
/* The same for part of whole, exactly ("—" when whole is 0). */
void number_pct_of(long part, long whole, char *out, size_t outlen);

#endif
