#!/bin/sh
# End-to-end: samples entered on the command line show up on the quota
# dashboard (80x24): worst-first rows with done/target and a text marker,
# the drill-down by month and category, changing a target from the screen,
# and `nongjian quota --csv` agreeing with what the screen shows.
. "$(dirname "$0")/lib.sh"
e2e_setup
# NONGJIAN_TODAY is 2026-06-15: day 166 of 365, 45.5% of the year.
for i in 1 2 3; do
	nj add 镇街=侣俸镇 样品名称=豇豆 抑制率\(%\)=2$i 抽样人=张三 抽样环节=农贸市场 抽样日期=2026-0$i-10 --force >/dev/null ||
		fail "add 侣俸镇 $i"
done
nj add 镇街=侣俸镇 样品名称=苹果 抑制率\(%\)=66 抽样人=张三 抽样环节=超市 抽样日期=2026-05-20 >/dev/null
nj add 镇街=土桥镇 样品名称=菠菜 抑制率\(%\)=10 抽样人=李四 抽样环节=生产基地 抽样日期=2026-06-01 >/dev/null
no=$(nj add 镇街=土桥镇 样品名称=菠菜 抑制率\(%\)=12 抽样人=李四 抽样环节=生产基地 | cut -f1)
nj void "$no" --reason 重复录入 >/dev/null || fail "void"

csv=$(nj quota --csv | tr -d '\r')   # CRLF, as Excel wants
row() { printf '%s\n' "$csv" | grep "^$1,$2,"; }
check "quota --csv: 侣俸镇 4 done of 800, 1 positive, 75% pass" \
	test "$(row 侣俸镇 定性检测)" = "侣俸镇,定性检测,800,4,0.5%,364,-360,9,1,75.0%"
check "quota --csv: the voided 土桥镇 record does not count" \
	test "$(row 土桥镇 定性检测 | cut -d, -f4)" = 1
check "quota --csv: district total 18,800 with 5 done" \
	test "$(row 合计 定性检测 | cut -d, -f3,4)" = "18800,5"

e2e_start 80 24 xterm
check "menu offers the dashboard" wait_for "3  任务进度"
keys 3
check "dashboard opens on 定性检测" wait_for "[定性检测]"
check "dashboard says how much of the year has passed" shows "全年已过 45.5%"
srow() { screen | grep -Eq "^[ >]*$1 +$2"; }   # a table row: unit, then the pattern
check "侣俸镇 row shows done/target" srow 侣俸镇 "4/800 +0.5%"
check "every unit is behind pace: text marker 落后" shows "落后"
check "the total row shows 5/18800" srow 合计 "5/18800"
check "low pass rate flagged with !" shows "75.0%!"
# Worst first: with 600 targets the towns without tests are most behind
# after the 800s; 侣俸镇 (800, 4 done) sits below the 800-target units with 0.
first=$(screen | sed -n 4p)
check "worst first: an 800-target unit with nothing done is on top" sh -c "echo '$first' | grep -q '0/800'"

# Move to 侣俸镇 (rows start on screen line 4) and drill down.
n=$(screen | grep -n '^ *侣俸镇 ' | cut -d: -f1)
steps=$((n - 4))
while [ "$steps" -gt 0 ]; do keys Down; steps=$((steps - 1)); done
keys Enter
check "drill-down opens for 侣俸镇" wait_for "侣俸镇 · 定性检测 · 2026 年度明细"
check "drill-down by month: 1月 has 1 test, no positive" srow 1月 "1 +0 +100.0%"
check "drill-down by month: 5月 has the positive" srow 5月 "1 +1 +0.0%"
check "drill-down by category: 蔬菜 3" sh -c "tmux -L '$SOCK' capture-pane -p | grep -Eq '蔬菜 +3 +0'"
check "drill-down by category: 水果 1 with the positive" sh -c "tmux -L '$SOCK' capture-pane -p | grep -Eq '水果 +1 +1'"
check "drill-down summary counts positives without follow-up" shows "其中尚未处置 1"
keys Escape
check "back on the dashboard" wait_for "[定性检测]"

# An admin changes 侣俸镇's target from the screen.
keys t
check "target prompt names the unit" wait_for "侣俸镇 2026 年定性检测任务 (现为 800)"
text 900
keys Enter
check "target changed on screen" wait_for "4/900"
check "message confirms the change" shows "任务已改为 900"
check "quota --csv agrees after the change" sh -c "'$BIN' --config '$CONF' quota --csv | grep -q '^侣俸镇,定性检测,900,4,'"
check "the change is stored for 2026 only" test "$(sql "select target from targets t join units u on u.id=t.unit_id where u.name='侣俸镇' and t.kind='rapid' and t.year=2026")" = 900

# Quantitative kinds: Tab moves to 例行监测 with the centre's 605.
keys Tab
check "Tab shows 例行监测" wait_for "[例行监测]"
check "the centre's routine target 0/605" shows "0/605"

# The bulletin from the screen.
keys b
check "quarterly bulletin opens" wait_for "农产品质量安全检测工作通报"
check "bulletin names 2026 Q2" shows "2026 年第 2 季度"
keys Escape
check "back from the bulletin" wait_for "[例行监测]"
keys F10
check "back to the menu" wait_for "1  录入抽样检测记录"
keys F10
tm_stop

# A township user sees their own town first.
nj user set "$(id -un)" --town 土桥镇 >/dev/null || fail "user set"
SOCK="$SOCK-2"
e2e_start 80 24 xterm
wait_for "3  任务进度" >/dev/null
keys 3
wait_for "[定性检测]" >/dev/null
check "own town (土桥镇) is the first row" sh -c "tmux -L '$SOCK' capture-pane -p | sed -n 4p | grep -q '^[ >]*土桥镇 '"
e2e_done
