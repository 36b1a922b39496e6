/* SQLite's functions on PostgreSQL (issue 20 part 1), for the SQL the
 * domain and the triggers run there unchanged: exactly the ones they
 * call that PostgreSQL lacks or names otherwise (found by grepping the
 * string literals of src/ and the trigger and view bodies), with
 * SQLite's results on the project's data ('YYYY-MM-DD' dates,
 * 'YYYY-MM-DD HH:MM:SS' stamps):
 *
 *   instr(a, b)              strpos; NULL if either is NULL
 *   julianday(t, mods…)      a time value as a Julian day number (double)
 *   date(t, mods…)           'YYYY-MM-DD'; t a time text or a Julian day
 *   strftime(fmt, t, mods…)  %d %f %H %j %J %m %M %s %S %w %Y %%
 *   printf(fmt, a[, b[, c]]) %d %i %s %c %%, flags - + space 0, width and
 *                            precision (also *); up to three arguments
 *   group_concat(x[, sep])   the aggregate; sep ',' by default
 *   sum(comparison)          the aggregate of SQLite's 0s and 1s
 *   min(a, b), max(a, b)     the two-argument scalars: NULL if either is
 *   "char"(n, …)             the characters of the code points
 *   nj_safe(t)               the text-safety CHECK as a test (store/schema.c's SAFE)
 *   nj_buyer(typed, buyer, id_number, credit_code)   the ledger's buyer match
 *
 * Time values: 'now' (the statement's time, UTC, as SQLite's), a date,
 * a date with HH:MM[:SS[.SSS]] after a space or T, or a Julian day
 * number; a day past the month's end carries into the next month, as
 * in SQLite ('2026-02-30' is 2026-03-02); anything else is NULL.
 * Modifiers: ±N days/hours/minutes/seconds/months/years (a month or
 * year added keeps the day and carries, as SQLite does: 01-31 + 1 month
 * is 03-03 in a common year), start of day/month/year, localtime and
 * utc (the session's TimeZone is the local one); anything else is NULL.
 *
 * Not covered, and where PostgreSQL differs:
 *   - a bare literal as date's only argument (date('2026-01-01')) is
 *     PostgreSQL's own cast to its date type, not this function; a
 *     column, a parameter typed text or a second argument call this one;
 *   - char is a keyword: it is called as "char"(…), never char(…);
 *   - printf: no %f %g %e %x %o %q %Q %w %z, no thousands flag; width and
 *     precision count characters (SQLite counts bytes without '!');
 *   - strftime: no %e %F %k %l %p %T %u %W %G %V %U (SQLite 3.44's);
 *   - modifiers: no weekday N, unixepoch, julianday, auto, subsec,
 *     fractional months or years; a time given as a number other than a
 *     Julian day (unix seconds) is not read;
 *   - group_concat's order is the rows' order, which neither database
 *     promises;
 *   - nj_safe and nj_buyer give booleans, not 0/1: PostgreSQL's AND and
 *     OR take nothing else, and the domain uses them only there;
 *     nj_buyer matches an ID or credit code (trimmed, a-z upper-cased)
 *     and a part of the name, but not the pinyin initials (base/pinyin's
 *     table is not on the server).
 * The SQL is in pg_functions.c; tests/e2e/pgfunctions.sh checks each
 * against SQLite's own answer on a throw-away server. */
#ifndef NJ_PG_FUNCTIONS_H
#define NJ_PG_FUNCTIONS_H

#include "store/pg_schema.h"

/* Append the CREATE FUNCTION / CREATE AGGREGATE statements. */
void pg_functions_add(pg_script *s);

#endif
