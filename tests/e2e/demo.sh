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
check "a registry in every town" test "$(sql "select count(distinct unit_id) from producers")" = 28
check "inspections of each quarter so far ($(sql "select count(*) from inspections"))" \
	test "$(sql "select count(*) from inspections where inspect_date < '2026-04-01'")" -gt 100
check "some rectifications, most closed by 回头看" \
	test "$(sql "select count(*) from inspections where recheck_result = 'done'")" -gt \
	"$(sql "select count(*) from inspections where rectify is not null and recheck_result is null")"
check "demo samples name registered producers (一年一检 above 0)" \
	sh -c "'$BIN' --config '$CONF' coverage --csv | awk -F, '\$1 == \"合计\" && \$9 > 0 { found = 1 } END { exit !found }'"
check "demo 合格证 counts and 追溯 flags" \
	test "$(sql "select (select count(*) from certificate_counts) > 100 and (select count(*) from producers where traceability = 1) > 0")" = 1
check "demo 追溯 enrolments have their dates and codes, the trial list its dates" \
	test "$(sql "select count(*) from producers where (traceability = 1 and (trace_date is null or trace_code is null)) or (certificate = 1 and certificate_date is null)")" = 0
check "demo 农业品牌: some new 两品一标 this year, short of the 20 of the plan" \
	sh -c "n=\$(sqlite3 '$DB' \"select count(*) from producer_brands where granted >= '2026-01-01' and kind in ('绿色食品','有机农产品','农产品地理标志')\"); test \$n -gt 0 && test \$n -lt 20"
check "and some of last year, not counted" test "$(sql "select count(*) from producer_brands where granted < '2026-01-01'")" -gt 0
# 检打联动: the old cases handled to 结案 through the step rules, the
# recent ones (and a few old) still open, so 处置率 is neither 0 nor 100 %.
closed=$(sql "select count(distinct c.id) from followup_cases c join followup_steps f on f.case_id = c.id where f.step = 'close'")
open=$(sql "select count(*) from followup_cases c where c.reason = 'fail' and not exists (select 1 from followup_steps f where f.case_id = c.id and f.step = 'close')")
check "demo follow-up: most failed cases closed ($closed), some still open ($open)" \
	sh -c "test $closed -gt $open && test $open -gt 0"
check "every closed demo case was disposed of first" \
	test "$(sql "select count(*) from followup_steps f where f.step = 'close' and not exists (select 1 from followup_steps d where d.case_id = f.case_id and d.step = 'dispose' and d.step_date <= f.step_date)")" = 0
nj check > "$WORK/check.out" 2>&1; rc=$?
check "the demo database passes nongjian check (rc=$rc)" test $rc = 0
[ $rc = 0 ] || sed 's/^/# /' "$WORK/check.out"
e2e_start 80 24 xterm
check "the program starts on the demo database" wait_for "1  录入抽样检测记录"
keys 0
check "and exits 0" wait_for "EXITED 0"
e2e_done
