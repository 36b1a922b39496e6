#!/bin/sh
# The path of `make run` on a new machine: `init --demo` fills an empty
# database with a year of demo samples that pass the form's own checks
# (every value fits its field), and the program starts on it.
. "$(dirname "$0")/lib.sh"
e2e_setup
out=$(nj init --demo 2>&1); rc=$?
check "init --demo succeeds (rc=$rc)" test $rc = 0
[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
n=$(sql "select count(*) from samples")
check "the demo database has samples ($n)" test "$n" -gt 1000
check "quantitative demo samples too" test "$(sql "select count(*) from samples where kind <> 'rapid'")" -gt 0
check "every demo 检测值 fits its 10 columns" test "$(sql "select count(*) from samples where length(cast(value as text)) > 10")" = 0
e2e_start 80 24 xterm
check "the program starts on the demo database" wait_for "1  录入抽样检测记录"
keys 0
check "and exits 0" wait_for "EXITED 0"
e2e_done
