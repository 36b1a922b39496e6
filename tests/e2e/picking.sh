#!/bin/sh
# End-to-end (issue 10): no key changes a value behind the clerk's back.
# A typed value that is exactly a candidate stays what it is (侣俸镇 then 1
# is still 侣俸镇, 小白菜 then 1 is still 小白菜); a digit picks only a
# candidate shown with that number, and the pick stays in its field; the
# free-text 受检主体 takes digits as text (侣俸鑫源1号园), as do 地点 and 备注.
. "$(dirname "$0")/lib.sh"
e2e_setup
nj producer add 名称=侣俸鑫源果蔬专业合作社 主体类型=合作社 镇街=侣俸镇 > /dev/null || fail "producer add"

# The row of a field (its label) as shown.
row() { screen | grep -F -- "$1  " | head -1; }

e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "抽样日期  2026-06-15"

# 镇街: 侣俸镇 typed in full is the value; 1 does not swap it.
keys Tab
text "侣俸镇"
check "an exact town is shown as chosen, not as a numbered list" wait_for "已选定: 侣俸镇"
check "no numbered default list under an exact town" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF '1 区检测中心'"
keys 1
check "1 after the exact 侣俸镇 is refused with a message" wait_for "检测单位 已是「侣俸镇」，数字不会改掉它"
check "镇街 is still 侣俸镇, not 区检测中心" shows "检测单位  侣俸镇___"
check "the cursor stayed on 镇街" cursor_on "检测单位  "

# A partial town: numbered candidates, the digit picks and stays put.
keys C-u
text "土"
check "土 offers 土桥镇 numbered" wait_for "候选: 1 土桥镇"
keys 1
check "1 picks 土桥镇" wait_for "检测单位  土桥镇"
check "the pick stays in 镇街 and shows 已选定" wait_for "已选定: 土桥镇"
check "the cursor is still on 镇街 after the pick" cursor_on "检测单位  "
keys 2
check "a second digit does not change the picked town" wait_for "检测单位 已是「土桥镇」"
check "镇街 is still 土桥镇" shows "检测单位  土桥镇"
keys C-u
text "侣俸镇"
keys Enter
check "Enter moves on to 检测类别" cursor_on "检测类别"
keys Tab

# 受检主体: digits are text even with registry candidates on screen.
text "侣俸鑫源"
check "registry candidates shown without numbers" wait_for "候选 (按 ↓ 选择):  侣俸鑫源果蔬专业合作社"
text "1号园"
check "侣俸鑫源1号园 stays whole in 受检主体" wait_for "受检主体  侣俸鑫源1号园___"
check "the cursor is still on 受检主体" cursor_on "受检主体"
check "nothing spilled into 样品名称" sh -c "tmux -L $SOCK capture-pane -p | grep -q '样品名称  _*\$'"
keys Tab

# 样品名称: 小白菜 typed in full; 1 must not make it 豇豆.
text "小白菜"
check "exact 小白菜 shown as chosen" wait_for "已选定: 小白菜"
keys 1
check "1 after 小白菜 is refused" wait_for "样品名称 已是「小白菜」"
check "样品名称 is still 小白菜, not 豇豆" shows "样品名称  小白菜___"
keys Enter
check "Enter fills 蔬菜 and skips to 抽样环节" wait_for "产品类别  蔬菜"
check "cursor on 抽样环节" cursor_on "抽样环节"
keys 8
check "8 picks 农贸市场 (nothing typed: the list is numbered)" wait_for "抽样环节  农贸市场"
keys Enter
text "3组村口2号摊"
check "地点 takes digits as text" wait_for "详细地点  3组村口2号摊"
keys Tab Tab
text "张三、李四"
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text "35"
keys Tab
text "第2批 1号样"
check "备注 takes digits as text" wait_for "备注  第2批 1号样"
keys F2
check "saved" wait_for "已保存 TL2026-侣俸-0001"
r=$(sql "select u.name, producer, product, category, stage, place, remarks, producer_id is null from samples s join units u on u.id = s.unit_id")
check "stored as typed: $r" [ "$r" = "侣俸镇|侣俸鑫源1号园|小白菜|蔬菜|农贸市场|3组村口2号摊|第2批 1号样|1" ]

# A registered producer is picked deliberately: ↓ numbers the list.
text "侣俸鑫源"
check "candidates again" wait_for "候选 (按 ↓ 选择):"
keys Down
check "↓ opens the numbered list with the first highlighted" wait_for "候选: >1 侣俸鑫源果蔬专业合作社"
keys Enter
check "Enter picks the highlighted producer" wait_for "受检主体  侣俸鑫源果蔬专业合作社"
check "and stays in 受检主体" cursor_on "受检主体"
keys Tab
text "豇豆"
keys Enter Tab Tab Tab Tab Tab Tab   # Enter skips the filled category; 环节 地点 数量 抽样人 检测人 检测方法
text "20"
keys F2
check "second record saved" wait_for "已保存 TL2026-侣俸-0002"
r=$(sql "select producer, producer_id from samples where seq = 2")
check "linked to the registered producer: $r" [ "$r" = "侣俸鑫源果蔬专业合作社|1" ]
keys F10
check "back at the menu" wait_for "1  录入抽样检测记录"
keys 0
check "exit 0" wait_for "EXITED 0"
e2e_done
