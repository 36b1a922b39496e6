#!/bin/sh
# End-to-end (issue 10): long names. 受检主体 and 详细地点 hold up to 60
# display columns in a 40-column box: the box scrolls sideways (< and >
# mark hidden text), a count says how much is in it, the 61st column is
# refused with a message, and the whole name is saved.
. "$(dirname "$0")/lib.sh"
e2e_setup

NAME=重庆市铜梁区侣俸镇织篢村蔬菜种植专业合作社联合社第一分社   # 28 characters, 56 columns
e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "抽样日期  2026-06-15"
keys Tab
text "侣俸镇"
keys Enter Tab
text "$NAME"
check "the long name scrolls: < at the box's left edge" wait_for "受检主体  <"
check "its end is in view" shows "第一分社_"
check "the count says 56 of 60 columns" shows "56/60 列"
text "一二三"
check "三 (columns 61-62) is refused with a message, not cut" wait_for "受检主体 最多 60 列 (汉字占两列)，输入未被接受"
check "一二 fitted: 60 of 60 columns" shows "60/60 列"
keys Home
check "Home shows the start with > at the right edge (合 not split)" wait_for "受检主体  重庆市铜梁区侣俸镇织篢村蔬菜种植专业合_>"
keys End Tab
check "leaving: the start with > shows more is hidden" wait_for "受检主体  重庆市铜梁区侣俸镇织篢村蔬菜种植专业合_>"
text "豇豆"
keys Enter
text "农贸市场"
keys Enter
text "侣俸镇织篢村三组村口菜市场东侧第二排第十五号摊位"
check "详细地点 scrolls too" wait_for "详细地点  <"
keys Tab Tab
text "张三"
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text "30"
keys F2
check "saved" wait_for "已保存 TL2026-侣俸-0001"
r=$(sql "select producer || '|' || place from samples")
check "the whole names are stored: $r" [ "$r" = "${NAME}一二|侣俸镇织篢村三组村口菜市场东侧第二排第十五号摊位" ]
n=$(nj add 镇街=侣俸镇 样品名称=芹菜 抽样人=张三 抽样环节=超市 '抑制率(%)=20' "受检主体=${NAME}一二三" 2>&1); rc=$?
check "the command line refuses 60+ columns the same way (rc=$rc)" [ "$rc" = 1 ]
case $n in *"受检主体 太长: 最多 60 列"*) ok "with the same limit: $n" ;; *) fail "message: $n" ;; esac
keys F10
check "back at the menu" wait_for "1  录入抽样检测记录"
keys 0
check "exit 0" wait_for "EXITED 0"
e2e_done
