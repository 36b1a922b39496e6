#!/bin/sh
# End-to-end: every key the bottom lines show works in every variant the
# terminals on township PCs send — PuTTY's default ESC[11~ … ESC[14~, its
# VT100+ (ESC O P …) and SCO (ESC [ M …) modes, xterm/Xshell, the Linux
# console (ESC [ [ A …) — sent as raw escape sequences, under TERM=xterm
# whose terminfo knows only the xterm ones. An unknown sequence is
# dropped whole: it never types "3~" into a field.
. "$(dirname "$0")/lib.sh"
e2e_setup

# Raw bytes to the program: "\033[12~" → ESC [ 1 2 ~ in one write.
raw() { tm send-keys -l "$(printf '%b' "$1")"; }
rows() { sql "select count(*) from samples"; }
# A sequence as the test output names it: ESC[12~.
name() { printf '%s' "$1" | sed 's/\\033/ESC/g'; }

F1="\033OP \033[11~ \033[M \033[[A"
F2="\033OQ \033[12~ \033[N \033[[B"
F3="\033OR \033[13~ \033[O \033[[C"
F5="\033[15~ \033OT \033[Q \033[[E"
F8="\033[19~ \033OW \033[T"
F10="\033[21~ \033OY \033[V"
HOME="\033[1~ \033[7~ \033[H \033OH"
END="\033[4~ \033[8~ \033[F \033OF"
PGUP="\033[5~ \033[I"
PGDN="\033[6~ \033[G"

e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"

# F1 (help) on the main menu; Esc/F10 closes the pager.
for s in $F1; do
	raw "$s"
	check "menu: F1 as $(name "$s") opens the help" wait_for "帮助: 按键说明"
	raw "\033[21~"
	check "help closed after F1 as $(name "$s")" wait_for "0  退出"
	check "help gone after F1 as $(name "$s")" lacks "帮助: 按键说明"
done

# The entry form: F10 leaves an untouched form, in every variant.
for s in $F10; do
	keys 1
	check "form opens (before F10 as $(name "$s"))" wait_for "新记录"
	raw "$s"
	check "form: F10 as $(name "$s") goes back to the menu" wait_for "1  录入抽样检测记录"
	check "form: F10 as $(name "$s") asks nothing about an untouched form" lacks "放弃"
done

# One record typed in full (exact values), then F2 in every variant saves
# the next one: the kept values stay, the product and result are typed.
keys 1
wait_for "新记录" || fail "form"
keys Tab; text 侣俸镇; keys Tab Tab Tab
text 豇豆; keys Tab Tab
text 农贸市场; keys Tab Tab Tab
text 张三; keys Tab Tab Tab   # 检测人, 检测方法 (酶抑制法) -> 抑制率
n=0
for s in $F2; do
	v=$((10 + n))   # a new result each time: the same record again would ask 已有相同的记录
	text "$v"
	check "inhibition typed (before F2 as $(name "$s"))" wait_for "抑制率(%)  $v"
	raw "$s"
	n=$((n + 1))
	check "form: F2 as $(name "$s") saves record $n" wait_for "已保存 TL2026-侣俸-000$n"
	check "form: F2 as $(name "$s") never asks 放弃" lacks "放弃这条"
	check "record $n in the database" [ "$(rows)" = "$n" ]
	# The next record: focus is on 受检主体; product, then on to 抑制率.
	keys Tab; text 豇豆; keys Tab Tab Tab Tab Tab Tab Tab Tab
done

# Home/End move the cursor in a field: typing lands at the start or end.
keys C-u; text 35
for s in $HOME; do
	raw "$s"; text 1
	check "form: Home as $(name "$s") moves to the start" wait_for "抑制率(%)  135"
	keys C-u; text 35
	wait_for "抑制率(%)  35_" >/dev/null || fail "field reset"
done
for s in $END; do
	keys Left Left
	raw "$s"; text 9
	check "form: End as $(name "$s") moves to the end" wait_for "抑制率(%)  359"
	keys C-u; text 35
	wait_for "抑制率(%)  35_" >/dev/null || fail "field reset"
done
# An unknown sequence (F12 in PuTTY, a modified key) is dropped whole.
raw "\033[24~"; raw "\033[1;5P"; raw "\033[99~"; text 6
check "unknown sequences type nothing" wait_for "抑制率(%)  356"
check "unknown sequences do not open the leave dialog" lacks "放弃这条"
keys C-u
raw "\033[21~"
wait_for "放弃这条尚未保存的记录" && keys y
check "back on the menu" wait_for "1  录入抽样检测记录"

# The list: F3 (filter, F10 cancels it), PgUp/PgDn, Enter opens a record;
# in the correction form F5 (history) and F8 (void, F10 cancels).
keys 2
check "list opens" wait_for "浏览与更正记录"
for s in $F3; do
	raw "$s"
	check "list: F3 as $(name "$s") opens the filter" wait_for "农检 · 筛选记录"
	check "list: F3 as $(name "$s") types nothing into the date" lacks "3~"
	raw "\033OY"
	check "filter cancelled after F3 as $(name "$s")" wait_for "共 $n 条"
done
for s in $F2; do
	raw "\033OR"
	wait_for "农检 · 筛选记录" >/dev/null || fail "filter (before F2 as $(name "$s"))"
	raw "$s"
	check "filter: F2 as $(name "$s") applies it (back on the list)" wait_for "共 $n 条"
	check "filter: F2 as $(name "$s") closed the filter form" lacks "农检 · 筛选记录"
done
for s in $PGDN $PGUP; do
	raw "$s"
	check "list: page key $(name "$s") leaves the list usable" wait_for "共 $n 条"
done
keys Enter
check "correction form opens" wait_for "更正记录"
for s in $F5; do
	raw "$s"
	check "edit: F5 as $(name "$s") shows the history" wait_for "的修改记录"
	keys Escape
	check "history closed after F5 as $(name "$s")" wait_for "保存更正"
done
for s in $F8; do
	raw "$s"
	check "edit: F8 as $(name "$s") asks the void reason" wait_for "误录的记录作废后不计入统计"
	raw "\033[21~"
	check "void cancelled after F8 as $(name "$s")" lacks "误录的记录作废后不计入统计"
done
for s in $F2; do
	raw "$s"
	check "edit: F2 as $(name "$s") asks the reason for the correction" wait_for "更正原因"
	keys Escape
	check "reason prompt cancelled after F2 as $(name "$s")" lacks "更正原因"
done
check "nothing was corrected" [ "$(sql "select max(version) from samples")" = 1 ]
check "nothing was voided" [ "$(sql "select count(*) from samples where status = 'void'")" = 0 ]
raw "\033[V"
check "F10 (SCO) leaves the correction form" wait_for "共 $n 条"
raw "\033OY"
check "F10 (VT100+) leaves the list" wait_for "1  录入抽样检测记录"
# The lookup screen: F2 registers a new producer, in every variant.
keys 4
check "lookup opens" wait_for "登记新主体"
for s in $F2; do
	raw "$s"
	check "lookup: F2 as $(name "$s") opens the registration form" wait_for "登记生产经营主体"
	raw "\033[21~"
	check "registration left after F2 as $(name "$s")" wait_for "查找:"
done
raw "\033[21~"
check "F10 leaves the lookup screen" wait_for "1  录入抽样检测记录"
raw "\033[21~"
check "F10 on the menu quits" wait_for "EXITED 0"
e2e_done
