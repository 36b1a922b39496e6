#!/bin/sh
# A dropped link loses nothing being typed: SIGHUP (and SIGTERM) make the
# program save the form as a draft and exit cleanly; the next start offers
# it back. A terminal that disappears does not leave the program spinning.
. "$(dirname "$0")/lib.sh"
e2e_setup

e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" || fail "menu"
keys 1
wait_for "新记录" || fail "form"
keys Tab
text 侣
keys 1 Enter          # the pick stays in 镇街; Enter moves on
keys Tab
text 织篢镇蔬菜合作社
wait_for "受检主体  织篢镇蔬菜合作社" || fail "typed"
pid=$(pane_program)
check "the program is running ($pid)" test -n "$pid"
kill -HUP "$pid"
check "SIGHUP: the program exits cleanly" wait_for "EXITED 0"
check "SIGHUP: the draft is saved for this login" \
	test "$(sql "select count(*) from drafts where login = '$(id -un)' and data like '%织篢镇蔬菜合作社%'")" = 1
check "nothing half-saved as a record" test "$(sql 'select count(*) from samples')" = 0
tm_stop

# The next start offers the draft back.
SOCK="$SOCK-2"
e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" || fail "menu 2"
keys 1
check "the draft is offered back" wait_for "连接中断时未保存的记录，是否恢复?"
# Resizing under the question leaves one clean box, not the old one too.
# (The box is centred: its left edge is at column 8 in 80 columns, 18 in 100.)
box_at() { screen | grep -q "^ \{$1\}+---"; }
tm resize-window -x 100 -y 30
check "resize under a dialog: the box is redrawn centred in 100 columns" poll box_at 18
settle
check "resize under a dialog: one box, no leftover" test "$(screen | grep -c '^ *+---')" = 2
tm resize-window -x 80 -y 24
check "back at 80x24 the box is centred again" poll box_at 8
keys y
check "town restored" wait_for "检测单位  侣俸镇"
check "producer with the rare 篢 restored" shows "受检主体  织篢镇蔬菜合作社"
check "the user is told to check and save" shows "已恢复上次未保存的记录"
check "the draft is cleared once offered" test "$(sql 'select count(*) from drafts')" = 0
# Finish the record and save it (the cursor is back on the first field).
keys Tab Tab Tab Tab
text 豇
keys 1 Enter
keys 8 Enter Tab Tab
text 张三
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text 30
keys F2
check "the restored record saves" wait_for "已保存 TL2026-侣俸-0001"

# SIGTERM while typing: same care.
keys Tab
text 第二条
wait_for "样品名称  第二条" || fail "typed before SIGTERM"
pid=$(pane_program)
kill -TERM "$pid"
check "SIGTERM: clean exit" wait_for "EXITED 0"
check "SIGTERM: draft saved" test "$(sql 'select count(*) from drafts')" = 1
tm_stop

# The terminal vanishes (the pane and its pty are destroyed): the program
# must end, not spin on a dead terminal.
SOCK="$SOCK-3"
# (No leak check for this run: LeakSanitizer's exit-time check can hang in
# a process whose terminal is being destroyed; the point here is the exit.)
ASAN_OPTIONS=detect_leaks=0:log_path=$WORK/asan
e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" || fail "menu 3"
pid=$(pane_program)
tm kill-server
check "a vanished terminal ends the program" wait_proc_gone "$pid"
kill -KILL "$pid" 2>/dev/null
e2e_done
