#!/bin/sh
# End-to-end (issue 16): 农业品牌 certifications with their dates on the
# command line (bad input refused, nothing saved), voided with a reason;
# the year's new 两品一标 per town and against the admin's target (the 铜梁
# plan's 20, a database rule) in coverage, and on the dashboard's
# 两品一标 tab at 80x24 with a town's list behind Enter.
. "$(dirname "$0")/lib.sh"
e2e_setup
out=$WORK/out.txt err=$WORK/err.txt
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }
has() { grep -qF -- "$1" "$2"; }
n() { sql "select count(*) from producer_brands"; }

njr producer add 名称=侣俸鑫源蔬菜专业合作社 主体类型=合作社 镇街=侣俸镇
njr producer add 名称=织篢渔业合作社 主体类型=合作社 镇街=侣俸镇
njr producer add 名称=土桥柑橘园 主体类型=种养大户 镇街=土桥镇
njr brand add 侣俸鑫源蔬菜专业合作社 --kind 绿色食品 --date 2026-03-05 --no LB-18-2603 --product 豇豆 --expires 2029-03-04
check "a 绿色食品 certificate with its dates (rc=$rc)" [ "$rc" = 0 ]
njr brand add 织篢渔业合作社 --kind 有机 --date 4-02
check "有机 (the kind as people write it) on 4-02 (rc=$rc)" [ "$rc" = 0 ] && has 有机农产品 "$out"
njr brand add 织篢渔业合作社 --kind 名特优新 --date 2026-04-20
njr brand add 土桥柑橘园 --kind 地理标志 --date 2026-05-10 --no AGI-0001
njr brand add 土桥柑橘园 --kind 有机农产品 --date 2025-11-02
check "five entered, one of last year" [ "$(n)" = 5 ]

before=$(n)
njr brand add 土桥柑橘园 --kind 无公害 --date 2026-05-10
check "an unknown kind is refused, naming the kinds (rc=$rc)" [ "$rc" = 1 ] && has "两品一标" "$err"
njr brand add 土桥柑橘园 --kind 绿色食品 --date 2026-07-01
check "a date to come is refused (rc=$rc)" [ "$rc" = 1 ] && has "晚于今天" "$err"
njr brand add 土桥柑橘园 --kind 绿色食品 --date 2026-05-01 --expires 2026-04-01
check "an expiry before the grant is refused (rc=$rc)" [ "$rc" = 1 ] && has "早于获证日期" "$err"
njr brand add 土桥柑橘园 --kind 农产品地理标志 --date 2026-05-11 --no AGI-0001
check "the same certificate twice is refused (rc=$rc)" [ "$rc" = 1 ] && has "已登记" "$err"
njr brand add 土桥柑橘园 --kind 绿色食品
check "without a date: a usage error (rc=$rc)" [ "$rc" = 2 ]
check "nothing saved by the refusals" [ "$(n)" = "$before" ]

njr brand list --csv
check "the list's header" sh -c "head -1 '$out' | grep -q '编号,镇街,主体编号,主体名称,认证类别,产品,证书编号,获证日期,有效期至,状态'"
check "this year's four are listed, last year's not" [ "$(tail -n +2 "$out" | grep -c .)" = 4 ]
njr brand add 土桥柑橘园 --kind 绿色食品 --date 2026-06-01
id=$(cut -f1 "$out")
njr brand void "$id"
check "a void needs its reason (rc=$rc)" [ "$rc" = 2 ]
njr brand void "$id" --reason 误录
check "voided with its reason (rc=$rc)" [ "$rc" = 0 ] && [ "$(sql "select status || void_reason from producer_brands where id = $id")" = void误录 ]
njr brand void "$id" --reason 再次
check "not twice (rc=$rc)" [ "$rc" = 1 ]

# The target is the admin's rule in the database (the file says 20).
njr report quarter
check "the bulletin: 3 of the plan's 20" has "新增两品一标 3 个，全年目标 20 个" "$out"
njr settings set brand.target 15
check "settings set brand.target 15 (rc=$rc)" [ "$rc" = 0 ]
njr settings set brand.target -1
check "a negative target is refused (rc=$rc)" [ "$rc" != 0 ] && [ "$(sql "select value from settings where sec = 'brand' and key = 'target'")" = 15 ]
njr coverage --csv
tr -d '\r' < "$out" > "$WORK/cov.csv"
check "coverage CSV: 侣俸镇 2 new 两品一标, 1 名特优新" grep -q '^侣俸镇,.*,2,1$' "$WORK/cov.csv"
check "coverage CSV: the district's 3 and 1 (the voided and last year's not counted)" grep -q '^合计,.*,3,1$' "$WORK/cov.csv"
njr report quarter
check "the bulletin: 3 of the year's 15" has "新增两品一标 3 个，全年目标 15 个" "$out"

e2e_start 80 24 xterm
check "menu offers the dashboard" wait_for "3  任务进度"
keys 3
check "dashboard opens" wait_for "[定性检测]"
# 两品一标 is the third tab from the end: Shift-Tab from the first.
keys BTab
wait_for "[处置率]" > /dev/null
keys BTab
wait_for "[限用农药]" > /dev/null
keys BTab
check "the 两品一标 tab" wait_for "[两品一标]"
check "its total: 3 of the district's 15" line_is $((24 - 2)) ' 合计  *3/15 '
keys End
check "the town with the most last; its count only (no target of its own)" line_is $((24 - 3)) '^>侣俸镇  *2 '
keys Enter
check "Enter lists the town's certifications" wait_for "侣俸镇 2026 年获证的农业品牌 3 个"
check "... with date, kind, producer, product and number" shows "2026-03-05  绿色食品  侣俸鑫源蔬菜专业合作社 · 豇豆  证书 LB-18-2603"
keys Escape
check "back on the tab" wait_for "[两品一标]"
keys t
check "t says the target is the district's rule" wait_for "brand.target"
keys F10
check "back to the menu" wait_for "1  录入抽样检测记录"
keys 0
check "and exits 0" wait_for "EXITED 0"
e2e_done
