#!/bin/sh
# A dropped link loses nothing typed on the run grid (按通道录入): SIGHUP
# keeps the shared fields and every filled cell as a draft and the
# program exits cleanly; the next time the screen offers them back.
. "$(dirname "$0")/lib.sh"
export NONGJIAN_TODAY=2026-06-01
e2e_setup
e2e_start 80 24 xterm
wait_for "8  按通道录入 (一批速测)" || fail "menu"
keys 8
wait_for "9 通道" || fail "run screen"
text "侣"
keys 1 Enter Enter 8 Enter Enter       # 检测单位, 检测类别, 抽样环节 农贸市场, 详细地点
text "张三、李四"
keys PgDn
wait_for "第 1 通道 · 受检主体" || fail "grid"
text "织篢镇蔬菜合作社"
keys Enter
text "豇"
keys 1 Enter
text "35"
check "channel 1 typed, its verdict live" wait_for "阴性"
pid=$(pane_program)
check "the program is running ($pid)" test -n "$pid"
kill -HUP "$pid"
check "SIGHUP: the program exits cleanly" wait_for "EXITED 0"
check "SIGHUP: the run is kept as a draft" \
	test "$(sql "select count(*) from drafts where login = '$(id -un)' and data like '%织篢镇蔬菜合作社%'")" = 1
check "nothing half-saved as a record" test "$(sql 'select count(*) from samples')" = 0
tm_stop

SOCK="$SOCK-2"
e2e_start 80 24 xterm
wait_for "8  按通道录入 (一批速测)" || fail "menu 2"
keys 8
check "the run is offered back" wait_for "连接中断时未保存的一批，是否恢复?"
keys y
check "the unit is back" wait_for "检测单位 侣俸镇"
check "channel 1 is back with its product and 抑制率" line_is 7 "织篢镇蔬菜合作社.*豇豆.*35"
keys F2
check "and saves" wait_for "已保存本批 1 条: TL2026-侣俸-0001"
check "the draft is gone" test "$(sql "select count(*) from drafts")" = 0
e2e_done
