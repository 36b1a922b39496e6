#!/bin/sh
# End-to-end: in 浏览与更正 a record is found by typing part of its sample
# number, and the list shows the producer (受检主体) column.
. "$(dirname "$0")/lib.sh"
e2e_setup

i=1
for who in 张小三 织篢镇蔬菜合作社 李四家庭农场 王五 赵六; do
	nj add 镇街=侣俸镇 样品名称=豇豆 "抑制率(%)=3$i" 抽样人=张三 抽样环节=农贸市场 \
		受检主体="$who" >/dev/null || fail "add $who"
	i=$((i + 1))
done
nj add 镇街=土桥镇 样品名称=芹菜 "抑制率(%)=20" 抽样人=张三 抽样环节=农贸市场 >/dev/null || fail "add 土桥"

e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" || fail "menu"
keys 2
check "list opens with six records" wait_for "共 6 条"
check "list header has the producer column" shows "受检主体"
check "producer column shows the producer" shows "张小三"
check "producer column shows the rare 篢 (cut to its width)" shows "织篢镇蔬"
check "record row: number, date, town, producer" \
	sh -c "tmux -L '$SOCK' capture-pane -p | grep -q 'TL2026-侣俸-0004 *2026-06-15 *侣俸镇 *王五'"

# Typing a digit starts the search with it; Enter narrows the list.
keys 0
check "a digit opens the number search" wait_for "查找样品编号"
text 003
keys Enter
check "only the matching record is listed" wait_for "共 1 条"
check "it is 侣俸-0003" shows "TL2026-侣俸-0003"
check "the others are not listed" lacks "TL2026-侣俸-0001"
check "the filter line says what was searched" shows "编号含 0003"
keys Enter
check "Enter opens the found record" wait_for "TL2026-侣俸-0003  第1版"
check "it is 李四家庭农场's" shows "受检主体  李四家庭农场"
keys F10
wait_for "共 1 条" >/dev/null || fail "list again"
# Part of the town's short name finds across numbers; # opens it empty.
keys '#'
wait_for "查找样品编号" >/dev/null || fail "search with #"
text 土桥
keys Enter
check "searching 土桥 finds the 土桥镇 record" wait_for "TL2026-土桥-0001"
check "searching 土桥 lists one" shows "共 1 条"
# Esc cancels a search without changing the list.
keys 5
wait_for "查找样品编号" >/dev/null || fail "search again"
keys Escape
check "Esc leaves the search as it was" wait_for "编号含 土桥"
# The condition is in the filter form too, where it can be cleared.
keys F3
check "filter form has 样品编号含" wait_for "样品编号含  土桥"
keys Tab Tab Tab Tab C-u F2
check "cleared: all six again" wait_for "共 6 条"
keys F10
check "back on the menu" wait_for "1  录入抽样检测记录"
e2e_done
