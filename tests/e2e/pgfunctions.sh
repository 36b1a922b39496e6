#!/bin/sh
# SQLite's functions on PostgreSQL (issue 20 part 1, store/pg_functions.h):
# a county's database migrated to a throw-away cluster (tests/pg/cluster.sh;
# SKIP when the server is not installed), then each function the domain's
# SQL and the triggers call, on the project's kind of values, gives on the
# server what sqlite3 gives for the same expression. The few SQLite has
# no twin of (nj_safe, nj_buyer: the program's own) are checked against
# what the C functions answer.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
pg_start || e2e_done

DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
nj migrate-to "$(pg_url $DBN $OWNER)" > "$out" 2>&1 || { fail "migrate-to"; sed 's/^/# /' "$out"; e2e_done; }
pq() { psql_on $DBN $OWNER -c "$1" 2>&1; }

# The same expression on both sides (one a line). Dates and stamps as
# the project writes them; a day past the month's end, SQLite's carry.
same=0 n=0
while IFS= read -r e; do
	case $e in '' | '#'*) continue ;; esac
	n=$((n + 1))
	a=$(sqlite3 -batch -noheader :memory: "SELECT $e" 2>&1)
	b=$(pq "SELECT $e")
	if [ "$a" = "$b" ]; then same=$((same + 1)); else echo "# $e: sqlite [$a], postgresql [$b]"; fi
done << 'CASES'
instr('abcabc', 'ca')
instr('侣俸镇东', '镇')
instr('abc', 'x')
instr(NULL, 'x')
julianday('2000-01-01')
julianday('2026-06-15 10:30:00')
julianday('2026-02-30')
julianday('2026-13-01')
julianday('2026-06-15 25:00:00')
julianday('bad')
julianday('')
date(julianday('2026-06-15'))
date(julianday('2026-02-30'))
date(julianday('2026-06-1'))
date(julianday('1899-12-31'))
date('2026-06-15', '+30 days')
date('2026-06-15', '-' || 7 || ' days')
date('2026-06-15', '-' || '7' || ' days')
date('2026-12-31', '+1 days')
date('2026-03-01', '-1 day')
date('2026-01-31', '+1 month')
date('2024-02-29', '+1 year')
date('2026-06-15 23:59:59', '+1 second')
date('2026-06-15 23:00:00', '+2 hours')
date('2026-06-15', 'start of month')
date('2026-06-15', 'start of year', '+3 months')
date('2026-06-15', 'bogus')
date('2026-06-15T08:00')
date('2026-06-15 08:00:00', 'utc', 'localtime')
date(NULL)
date(NULL, '+1 day')
strftime('%Y-%m-%d %H:%M:%S', '2026-06-15 10:30:05')
strftime('%Y/%m/%d %j %w %s', '2026-06-15 10:30:05')
strftime('%f', '2026-06-15 10:30:05.123')
strftime('%Y-%m-%d', '2026-06-15', '+1 month')
strftime('%H:%M', '2026-06-15 10:30:05', '+90 minutes')
strftime('100%%', '2026-06-15')
strftime('%Y', 'bad')
printf('%04d', 7)
printf('%04d', '2026')
printf('%04d-%02d-31', 2026, 3)
printf('%0*d', 5, 42)
printf('%0*d', 3, 1234)
printf('%d', '12abc')
printf('%d', 'abc')
printf('%d', -5)
printf('%5d|%-5d|', 42, 42)
printf('%+d % d', 3, 3)
printf('%s-%s', 'a', 'b')
printf('%s', NULL)
printf('%5s|', 'ab')
printf('%-4s|', 'ab')
printf('100%%')
printf('%05d', -42)
printf('%.3d', 7)
min(3, 5)
max(3, 5)
min(3, NULL)
max('b', 'a')
min('2026-06-15', '2026-06-01')
"char"(65, 26031, 66)
group_concat(x, '、') FROM (SELECT '东城' AS x UNION ALL SELECT NULL UNION ALL SELECT '南城') AS v
group_concat(x) FROM (SELECT 1 AS x UNION ALL SELECT 2) AS v
group_concat(x) FROM (SELECT 1 AS x WHERE 0 = 1) AS v
CASES
check "$same of $n expressions give on PostgreSQL what they give on SQLite" test "$same" = "$n"

# localtime: the session's time zone, as SQLite's is the process's TZ.
a=$(TZ=Asia/Shanghai sqlite3 -batch :memory: "SELECT strftime('%Y-%m-%d %H:%M:%S', '2026-06-15 20:00:00', 'localtime')")
b=$(pq "SET TimeZone = 'Asia/Shanghai'; SELECT strftime('%Y-%m-%d %H:%M:%S', '2026-06-15 20:00:00', 'localtime')")
check "localtime is the session's time zone ($a / $b)" test "$a" = "$b" -a "$b" = "2026-06-16 04:00:00"
check "'now' is the server's clock in UTC" \
	test "$(pq "SELECT abs(julianday('now') - (extract(epoch FROM now()) / 86400 + 2440587.5)) < 0.0001")" = t

# nj_safe: the SAFE CHECK's code points (importer.c's C function).
check "nj_safe passes Chinese text and NULL" test "$(pq "SELECT nj_safe('侣俸镇 A-1') AND nj_safe(NULL)")" = t
bad=0
for cp in 0001 001f 007f 009f 200b 200f 202a 202e 2060 206f feff; do
	[ "$(pq "SELECT nj_safe(U&'a\\$cp')")" = f ] || { echo "# U+$cp passed"; bad=$((bad + 1)); }
done
check "nj_safe refuses each edge of each refused range ($bad passed)" test $bad = 0
check "and passes the characters just outside them" \
	test "$(pq "SELECT nj_safe(U&'\\0020\\007e\\00a0\\200a\\2010\\2029\\202f\\205f\\2070\\fefe')")" = t

# nj_buyer: ledger/salelist.c's sale_buyer_matches (without pinyin initials).
b() { pq "SELECT nj_buyer($1)"; }
check "nj_buyer: a part of the buyer's name" test "$(b "'三', '张三丰', '', ''")" = t
check "nj_buyer: the ID number, trimmed and upper-cased" test "$(b "' 11010519491231002x ', '张三', '11010519491231002X', ''")" = t
check "nj_buyer: the credit code" test "$(b "'91500000MA5U000000', '某农资店', '', '91500000MA5U000000'")" = t
check "nj_buyer: blanks match nothing" test "$(b "'   ', '张三', '', ''")" = f
check "nj_buyer: another name does not match" test "$(b "'李', '张三', '', ''")" = f
e2e_done
