#!/bin/sh
# End-to-end: terminal handling — too small a window, resizing with typed
# Chinese text, terminals without colour (vt100), screen and linux
# terminfo entries, PuTTY/rxvt Home/End sequences, both Backspaces, and
# the confirmation before throwing away a typed record.
. "$(dirname "$0")/lib.sh"
e2e_setup

lines_now() { screen | wc -l | tr -d ' '; }
size() { tm display -p '#{pane_width}x#{pane_height}'; }
resize() { tm resize-window -x "$1" -y "$2"; }
rows() { sql "select count(*) from samples"; }
# Display column where $2 starts on the first line containing $1.
value_col() {
	l=$(screen | grep -F -- "$1" | head -1)
	p=${l%%"$2"*}
	if [ -z "$l" ] || [ "$p" = "$l" ]; then echo -1; return; fi
	printf '%s' "$p" | wc -L | tr -d ' '
}
# The values of 抽样日期, 镇街 and 受检主体 start in the same column (14:
# the longest label is 9 columns, plus margins).
aligned() {
	a=$(value_col "抽样日期" "2026-06-15")
	b=$(value_col "检测单位  " "侣俸镇")
	c=$(value_col "受检主体" "侣俸镇织篢")
	[ "$a" = 14 ] && [ "$b" = 14 ] && [ "$c" = 14 ] || { echo "# columns: $a $b $c"; return 1; }
}
# What is on the terminal equals a full repaint (Ctrl-L): no stale cells.
# (The repaint has happened once the program has written something after
# the key, and the screen has settled.)
no_garbage() {
	settle
	before=$(screen) bytes=$(output_bytes)
	keys C-l
	poll wrote_since "$bytes" && settle
	after=$(screen)
	[ "$before" = "$after" ] || { echo "# before Ctrl-L:"; echo "$before" | sed 's/^/# /'; return 1; }
}
typed_text_there() {
	shows "检测单位  侣俸镇" && shows "受检主体  侣俸镇织篢蔬菜专业合作社" &&
		shows "样品名称  豇豆" && shows "详细地点  村口市场"
}
# Quit from the main menu and start again under another TERM (a fresh tmux
# server on its own socket: reusing a socket races with the old server).
restart() { # cols lines term
	keys 0
	check "program exited 0 before the restart" wait_for "EXITED 0"
	tm kill-server
	SOCK="nj-e2e-$$-$3"
	e2e_start "$@"
}

# (a) Too small, then big enough.
e2e_start 60 20 xterm
check "60x20: screen says 终端太小" wait_for "终端太小: 需要至少 80x24，现在 60x20"
check "60x20: asks to enlarge the window" shows "请放大窗口"
check "60x20: no menu drawn" lacks "录入抽样检测记录"
resize 80 24
check "tmux resized the pane to 80x24" [ "$(size)" = 80x24 ]
check "after growing to 80x24 the main menu appears" wait_for "1  录入抽样检测记录"
check "the 终端太小 notice is gone" lacks "终端太小"
check "key bar on the last line" line_has 24 "数字选择"

# (b) Resize while typing in the form.
resize 100 30
check "menu redrawn at 100x30 (key bar on line 30)" poll line_has 30 "数字选择"
keys 1
check "form at 100x30" wait_for "抽样日期  2026-06-15"
keys Tab
text "侣"
keys 1 Enter
check "town chosen" wait_for "检测单位  侣俸镇"
keys Tab
text "侣俸镇织篢蔬菜专业合作社"
keys Tab
text "豇"
keys 1 Enter
check "product chosen" wait_for "产品类别  蔬菜"
keys 8 Enter
check "stage chosen" wait_for "抽样环节  农贸市场"
text "村口市场"
check "place typed" wait_for "详细地点  村口市场"
check "100x30: values aligned at column 14" poll aligned

resize 80 24
check "shrunk to 80x24: key bar on line 24" poll line_has 24 "F2保存"
check "80x24: 24 lines on screen" [ "$(lines_now)" = 24 ]
check "80x24: typed text kept" typed_text_there
check "80x24: values aligned at column 14" poll aligned
check "80x24: screen equals a full repaint" no_garbage
cy=$(tm display -p '#{cursor_y},#{cursor_x}')
check "80x24: cursor after 村口市场 on 抽样地点 (row 9, col 22: $cy)" [ "$cy" = "9,22" ]

resize 120 40
check "grown to 120x40: key bar on line 40" poll line_has 40 "F2保存"
# (line 24 now holds the form's last field, 项目: no trace of the key bar)
check "120x40: old key bar line 24 cleared" line_is 24 '^[^F]*$'
check "120x40: typed text kept" typed_text_there
check "120x40: values aligned at column 14" poll aligned
check "120x40: screen equals a full repaint" no_garbage

resize 70 20
check "70x20 in the form: 终端太小" wait_for "终端太小: 需要至少 80x24，现在 70x20"
check "70x20: form not drawn" lacks "抽样日期"
resize 80 24
check "back to 80x24: form again" poll line_has 24 "F2保存"
check "back to 80x24: typed text kept" typed_text_there
check "back to 80x24: values aligned" poll aligned
check "back to 80x24: screen equals a full repaint" no_garbage

keys Tab Tab
text "张三、李四"
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text "30"
keys F2
check "record typed across resizes saves" wait_for "已保存 TL2026-侣俸-0001  阴性"
r=$(sql "select producer || '|' || place || '|' || samplers from samples")
check "db has the text typed across resizes ($r)" [ "$r" = "侣俸镇织篢蔬菜专业合作社|村口市场|张三、李四" ]

# (f) Backspace: Ctrl-H (0x08) and DEL (0x7f) both delete.
# The cursor is on 受检主体 (first blank field); go to 抽样数量.
keys Tab
text "豇"
keys 1 Enter
check "second record: product" wait_for "产品类别  蔬菜"
keys Tab Tab
text "1kgxy"
check "quantity typed" wait_for "抽样数量  1kgxy"
keys C-h
check "Ctrl-H deletes one character" poll line_is 11 '抽样数量  1kgx_*$'
keys -l "$(printf '\177')"
check "DEL (0x7f) deletes one character" poll line_is 11 '抽样数量  1kg_*$'

remarks_are() { screen | grep -q "^ *备注  $1_*\$"; } # the 备注 line, wherever the form has scrolled it
# (e) Home/End as PuTTY (ESC[1~ ESC[4~) and rxvt (ESC[7~ ESC[8~) send them.
keys NPage BTab    # the last field is 抽样地点, 备注 the one before it
text "abc"
keys -l "$(printf '\033[1~')"
text "X"
keys -l "$(printf '\033[4~')"
text "Y"
check "PuTTY Home/End: XabcY" poll remarks_are 'XabcY'
keys -l "$(printf '\033[7~')"
text "<"
keys -l "$(printf '\033[8~')"
text ">"
check "rxvt Home/End: <XabcY>" poll remarks_are '<XabcY>'
keys Up
text "20"
keys F2
check "second record saved" wait_for "已保存 TL2026-侣俸-0002  阴性"
r=$(sql "select quantity || '|' || remarks from samples where seq = 2")
check "db: quantity 1kg and remarks <XabcY> ($r)" [ "$r" = "1kg|<XabcY>" ]

# (g) Esc on a typed-in form asks before throwing it away.
text "随便"
check "typed into the fresh form" wait_for "受检主体  随便"
keys Escape
check "Esc asks 放弃这条尚未保存的记录?" wait_for "放弃这条尚未保存的记录?"
keys n
check "n closes the question" lacks "放弃这条"
check "n keeps the form and the text" shows "受检主体  随便"
check "still in the entry form" shows "F2保存"
keys Escape
check "Esc asks again" wait_for "放弃这条尚未保存的记录?"
keys y
check "y leaves to the main menu" wait_for "1  录入抽样检测记录"
check "nothing saved by leaving (rows=$(rows))" [ "$(rows)" = 2 ]
keys 1
check "fresh form" wait_for "抽样日期  2026-06-15"
keys Escape
check "Esc on an untouched form leaves without asking" wait_for "1  录入抽样检测记录"
check "no question was left on screen" lacks "放弃"
capture_e=$(tm capture-pane -p -e | head -1)
case $capture_e in
*"[44m"* | *";44m"*) ok "xterm: title bar in colour (blue background)" ;;
*) fail "xterm: no colour in the title bar" ;;
esac

# (c) vt100: no colour, entry still works.
restart 80 24 vt100
check "vt100: main menu" wait_for "1  录入抽样检测记录"
capture_e=$(tm capture-pane -p -e | head -1)
case $capture_e in
*"[4"[0-7]"m"* | *";4"[0-7]"m"* | *"[3"[0-7]"m"* | *";3"[0-7]"m"*) fail "vt100: colour codes in the title bar" ;;
*"[7m"*) ok "vt100: title bar in reverse video, no colour" ;;
*) fail "vt100: title bar neither reverse nor plain-coloured: $capture_e" ;;
esac
keys 1
check "vt100: form" wait_for "抽样日期  2026-06-15"
keys Tab
text "土桥"
keys 1 Enter
check "vt100: town" wait_for "检测单位  土桥镇"
keys Tab Tab
text "芹"
keys 1 Enter
check "vt100: product and category" wait_for "产品类别  蔬菜"
keys 1 Enter
check "vt100: stage" wait_for "抽样环节  生产基地"
keys Tab Tab
text "张三xy"
keys C-h
keys -l "$(printf '\177')"
check "vt100: Ctrl-H (kbs) and DEL both delete" poll line_is 12 '抽样人  张三_*$'
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text "10"
keys F2
check "vt100: F2 saves and the message shows" wait_for "已保存 TL2026-土桥-0001  阴性"
r=$(sql "select product || '|' || samplers || '|' || verdict from samples where sample_no = 'TL2026-土桥-0001'")
check "vt100: row stored ($r)" [ "$r" = "芹菜|张三|pass" ]
# vt100's kf10 is not what tmux sends for F10: use the Ctrl alternative.
keys C-x
check "vt100: Ctrl-X goes back to the menu" wait_for "年度有效记录 3 条"

# (d) TERM=screen and TERM=linux start and show the menu.
restart 80 24 screen
check "screen: main menu" wait_for "1  录入抽样检测记录"
check "screen: key bar" line_has 24 "数字选择"
check "screen: counts" shows "年度有效记录 3 条"
restart 80 24 linux
check "linux: main menu" wait_for "1  录入抽样检测记录"
check "linux: key bar" line_has 24 "数字选择"
keys 0
check "linux: exits 0" wait_for "EXITED 0"

e2e_done
