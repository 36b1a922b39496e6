#!/bin/sh
# End-to-end: numbers as clerks type them (issue 10). 45%, full-width
# ４５ and ４５．５ are read as 45 / 45.5 on the command line and on the
# screen; 1e2, 0x10, inf and nan are refused; while the inhibition field
# holds an error the live verdict line says nothing.
. "$(dirname "$0")/lib.sh"
e2e_setup

err=$WORK/stderr
add() { nj add 镇街=侣俸镇 样品名称=豇豆 抽样人=张三 抽样环节=农贸市场 --force "$@" 2> "$err"; }
inh() { sql "select inhibition from samples order by id desc limit 1"; }

out=$(add '抑制率(%)=45%'); rc=$?
check "add with 抑制率 45% exits 0 (rc=$rc, $(cat "$err"))" [ "$rc" = 0 ]
check "45% stored as 45 (got $(inh))" [ "$(inh)" = "45.0" ]
out=$(add '抑制率(%)=４５'); rc=$?
check "full-width ４５ accepted (rc=$rc)" [ "$rc" = 0 ]
check "４５ stored as 45 (got $(inh))" [ "$(inh)" = "45.0" ]
out=$(add '抑制率(%)=４５．５'); rc=$?
check "full-width ４５．５ accepted (rc=$rc, $(cat "$err"))" [ "$rc" = 0 ]
check "４５．５ stored as 45.5 (got $(inh))" [ "$(inh)" = "45.5" ]
n0=$(sql "select count(*) from samples")
for bad in 1e2 0x10 inf nan 1,000; do
	add "抑制率(%)=$bad" > /dev/null; rc=$?
	check "$bad refused with exit 1 (rc=$rc)" [ "$rc" = 1 ]
	check "$bad: message says 不是数字: $(cat "$err")" grep -qF "抑制率(%) \"$bad\" 不是数字" "$err"
done
nj add 镇街=侣俸镇 样品名称=豇豆 抽样人=张三 检测类别=例行监测 检测项目=铅 检测值=0.5% 限量值=0.2 \
	2> "$err" > /dev/null; rc=$?
check "0.5% refused in 检测值 (not a percentage) (rc=$rc)" [ "$rc" = 1 ]
n=$(sql "select count(*) from samples")
check "nothing saved by the refused numbers ($n0 = $n)" [ "$n0" = "$n" ]

# The screen: full-width digits become ASCII as typed; an error silences
# the live verdict.
e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "抽样日期  2026-06-15"
keys Tab
text "侣俸镇"
keys Tab Tab Tab      # 检测类别 (定性检测), 受检主体, 样品名称
text "豇豆"
keys Tab
check "category filled from 豇豆" wait_for "产品类别  蔬菜"
keys Tab
text "农贸市场"
keys Tab Tab Tab
text "张三"
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text "５５．５"
check "full-width ５５．５ shows as 55.5 while typed" wait_for "抑制率(%)  55.5__"
check "live verdict at 55.5: 不合格" wait_for "判定: 阳性"
keys C-u
text "1e2"
keys Tab BTab
check "1e2 marked beside the field" wait_for "! 抑制率(%) \"1e2\" 不是数字"
check "live verdict says nothing while 1e2 is an error" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF '判定:'"
keys C-u
text "44%"
check "44% typed" wait_for "抑制率(%)  44%"
check "live verdict at 44%: 疑似阳性" wait_for "判定: 疑似阳性 (抑制率在预警区间，建议送检定量确认)"
keys F2
check "saved" wait_for "已保存 TL2026-侣俸-0004"
check "screen's 44% stored as 44 (got $(inh))" [ "$(inh)" = "44.0" ]
keys F10
check "back at the menu" wait_for "1  录入抽样检测记录"
keys 0
check "exit 0" wait_for "EXITED 0"
e2e_done
