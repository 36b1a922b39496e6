#!/bin/sh
# End-to-end: the terminals township PCs have — TERM=putty and
# putty-256color (ncurses-term), a TERM ncurses does not know (falls back to
# xterm with a one-line notice, not "Error opening terminal"), and keys
# typed while the window is too small (they never reach the hidden form).
. "$(dirname "$0")/lib.sh"
e2e_setup

raw() { tm send-keys -l "$(printf '%b' "$1")"; }
rows() { sql "select count(*) from samples"; }
# A fresh tmux server for each start (reusing a socket races the old one).
n_start=0
start() { # cols lines term
	tm_stop
	n_start=$((n_start + 1))
	SOCK="nj-e2e-$$-$n_start"
	e2e_start "$@"
}

# (a) PuTTY's own terminfo entries: the screen works and PuTTY's F-keys too.
for t in putty putty-256color; do
	if ! infocmp "$t" >/dev/null 2>&1; then
		fail "TERM=$t: terminfo entry missing (ncurses-term; run tools/deps.sh check)"
		continue
	fi
	start 80 24 "$t"
	check "TERM=$t: main menu" wait_for "1  录入抽样检测记录"
	check "TERM=$t: no fallback notice" lacks "无法使用"
	raw "\033[11~"
	check "TERM=$t: F1 (ESC[11~) opens the help" wait_for "帮助: 按键说明"
	keys Escape
	check "TERM=$t: help closed" wait_for "1  录入抽样检测记录"
	raw "\033[21~"
	check "TERM=$t: F10 quits" wait_for "EXITED 0"
done

# (b) An unknown TERM: xterm is used instead, and the user is told once.
start 80 24 nosuch-terminal-9
check "unknown TERM: the main menu still appears" wait_for "1  录入抽样检测记录"
check "unknown TERM: one-line notice names it and the replacement" \
	shows "TERM=nosuch-terminal-9 无法使用，已改用 xterm"
check "unknown TERM: no raw ncurses error" lacks "Error opening terminal"
keys 0
check "unknown TERM: exits 0" wait_for "EXITED 0"
check "unknown TERM: the notice is left on the terminal after leaving" \
	shows "nongjian: 终端类型 TERM=nosuch-terminal-9 无法使用"

# (c) Keys typed while the window is too small are dropped: the form
# hidden behind 终端太小 gets nothing, no dialog opens, nothing is saved.
start 80 24 xterm
wait_for "1  录入抽样检测记录" || fail "menu"
keys 1
check "form open" wait_for "抽样日期  2026-06-15"
tm resize-window -x 60 -y 20
check "60x20: 终端太小" wait_for "终端太小"
text "99"; keys BSpace BSpace BSpace BSpace Tab
text "侣俸镇"; raw "\033[12~"; keys C-s Escape
tm resize-window -x 80 -y 24
check "80x24 again: the form is back" wait_for "抽样日期  2026-06-15"
check "the date was not edited from behind the notice" shows "抽样日期  2026-06-15"
check "no text reached the form" lacks "侣俸镇"
check "no dialog was opened" lacks "放弃"
check "nothing was saved" [ "$(rows)" = 0 ]
keys BSpace
check "keys reach the form again once it is visible" wait_for "抽样日期  2026-06-1_"
e2e_done
