#!/bin/sh
# End-to-end (issue 10): pasted text is text. The program turns on
# bracketed paste, so tmux's paste-buffer -p wraps a paste in ESC[200~ …
# ESC[201~; the run goes into the current field with its line breaks as
# spaces: pasting 张小三⏎豇豆⏎35 neither saves nor moves nor picks. The
# mode is turned off again at exit.
. "$(dirname "$0")/lib.sh"
e2e_setup

rows() { sql "select count(*) from samples"; }
# Paste $1 (printf format: \n is a line break) as a terminal paste would.
paste() { tm set-buffer -- "$(printf "$1")"; tm paste-buffer -p -d; }

e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "抽样日期  2026-06-15"
keys Tab
text "侣俸镇"
keys Enter Tab
check "on 受检主体" cursor_on "受检主体"

paste '张小三\n豇豆\n35'
check "the paste lands in 受检主体 with its line breaks as spaces" wait_for "受检主体  张小三 豇豆 35___"
check "the cursor is still on 受检主体" cursor_on "受检主体"
check "样品名称 is untouched by the paste" sh -c "tmux -L $SOCK capture-pane -p | grep -q '样品名称  _*\$'"
check "产品类别 is untouched (no 水产品)" sh -c "tmux -L $SOCK capture-pane -p | grep -q '产品类别  _*\$'"
check "抽样环节 is untouched (no 收购)" sh -c "tmux -L $SOCK capture-pane -p | grep -q '抽样环节  _*\$'"
check "nothing saved by the paste (rows=$(rows))" [ "$(rows)" = 0 ]

# Pasted digits in a choice field are text, never picks.
keys C-u
text "张小三"
keys Tab
paste '小白菜\r\n'
check "a pasted 小白菜 (with CRLF) is the product" wait_for "样品名称  小白菜___"
check "and the cursor stayed on 样品名称" cursor_on "样品名称"
keys Enter
check "Enter fills the category" wait_for "产品类别  蔬菜"
paste '5'
check "a pasted 5 on 抽样环节 is text, not the 5th stage 收购" wait_for "抽样环节  5___"
keys C-u
text "农贸市场"
keys Tab Tab Tab
text "张三、李四"
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
paste '４５'
check "a pasted ４５ in 抑制率 reads as 45" wait_for "抑制率(%)  45__"

# A paste that does not fit is refused whole, with a message.
keys Tab
paste '一二三四五六七八九十一二三四五六七八九十一二三四五六七八'
check "a paste wider than 备注 is refused, not cut" wait_for "粘贴的内容放不下，未粘贴: 备注 最多 50 列"
check "备注 stays empty" sh -c "tmux -L $SOCK capture-pane -p | grep -q '备注  _*\$'"
keys F2
check "F2 saves what was typed and pasted" wait_for "已保存 TL2026-侣俸-0001"
r=$(sql "select producer, product, category, stage, inhibition from samples")
check "stored: $r" [ "$r" = "张小三|小白菜|蔬菜|农贸市场|45.0" ]

keys F10
check "back at the menu" wait_for "1  录入抽样检测记录"
keys 0
check "exit 0" wait_for "EXITED 0"
# The shell's terminal echoes a paste: with the mode left on it would show
# the ESC[200~ marker as ^[[200~.
paste 'after-exit'
check "after exit a paste arrives plain" wait_for "after-exit"
check "bracketed paste was turned off at exit" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF '[200~'"
e2e_done
