#!/bin/sh
# End-to-end at 80x24 with real Chinese: a quarter's inspections of one
# town (侣俸镇, three producers, one in 织篢村) entered on the 巡查 screen
# one after another (date and inspectors kept), a producer not in the
# registry refused beside the field, one inspection with 不符合 and a
# rectification; the list's coverage line, then the dashboard's 巡查覆盖
# tab showing 侣俸镇 at 100 % while 土桥镇 is behind, its Enter list, and
# the database afterwards.
. "$(dirname "$0")/lib.sh"
e2e_setup
nj producer add 名称=侣俸鑫源蔬菜专业合作社 主体类型=合作社 镇街=侣俸镇 '村(社区)=白龙村' >/dev/null
nj producer add 名称=织篢渔业合作社 主体类型=合作社 镇街=侣俸镇 '村(社区)=织篢村' >/dev/null
nj producer add 名称=侣俸张三家庭农场 主体类型=家庭农场 镇街=侣俸镇 >/dev/null
nj producer add 名称=土桥柑橘园 主体类型=种养大户 镇街=土桥镇 >/dev/null
count() { sql "select count(*) from inspections where status = 'valid'"; }
TODAY=${NONGJIAN_TODAY:-$(date +%F)}

e2e_start 80 24 xterm
check "the main menu offers 巡查" wait_for "7  巡查"
text 7
check "the inspection list opens on this quarter" wait_for "农检 · 巡查 · "
check "... with nothing inspected yet" shows "全区 主体 4 个，本季度已巡查 0 个"
keys F2
check "F2 opens the entry form" wait_for "登记巡查"
check "the checklist is the form's: 投入品规范管理与使用" shows "投入品规范管理与使用  符合"

# A producer not in the registry: refused beside the field, nothing saved.
text 王五农场; keys Tab Tab
text 王芳、李明
keys F2
check "a producer not in the registry is refused" wait_for "不在主体名录中"
check "nothing saved" [ "$(count)" = 0 ]
check "the cursor is back on 受检主体" cursor_on "受检主体  王五农场"

keys C-u; text 侣俸鑫源蔬菜专业合作社
keys F2
check "the first inspection is saved" wait_for "已保存巡查 1"
check "date and inspectors are kept for the next one" shows "王芳、李明"
check "受检主体 is blank again" line_is 3 '受检主体  _\{40\}'

# The second with 不符合, its note and a rectification.
text 织篢渔业合作社; keys Tab Tab Tab
keys C-u; text 不符合; keys Tab
text 发现过期农药两瓶
keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
text 清理过期农药，建立进货台账; keys Tab
text "$TODAY"
keys F2
check "the inspection with a rectification is saved" wait_for "已保存巡查 2"
check "... it says 不符合 1 项 and 整改中" shows "不符合 1 项，整改中"

text 侣俸张三家庭农场
keys F2
check "the third is saved" wait_for "已保存巡查 3"
keys F10
check "back on the list: 3 inspections" wait_for "本季度已巡查 3 个"
check "the list shows the 织篢 row with 整改中" shows "织篢渔业合作社"
check "... 整改中" shows "整改中"
screen_matches() { screen | grep -q -- "$1"; }   # regex, anywhere on the screen
check "... with its whole 期限 on the row, inside 80 columns" poll screen_matches "织篢渔业合作社.*整改中 *$TODAY\$"

keys F10
check "back to the menu" wait_for "3  任务进度"
text 3
wait_for "[定性检测]" >/dev/null
keys Tab Tab Tab Tab
check "the dashboard has a 巡查覆盖 tab" wait_for "[巡查覆盖]"
check "its title names the quarter" shows "季度 · 截至"
check "土桥镇 (0 of 1) is first, behind" line_is 4 '^>土桥镇 .*0/1 .*落后'
check "侣俸镇 has reached 100 %" sh -c "tmux -L '$SOCK' capture-pane -p | grep -q '^ 侣俸镇 .*3/3 100.0%.* 1 .* 0 正常'"
keys Enter
check "Enter lists 土桥镇's producers still to visit" wait_for "土桥镇 本季度尚未巡查的主体 1 个"
check "... 土桥柑橘园" shows "土桥柑橘园"
keys Escape
check "back on the tab" wait_for "[巡查覆盖]"
keys Tab
check "the next tab is 一年一检" wait_for "[一年一检]"
keys F10
wait_for "3  任务进度" >/dev/null
keys F10
tm_stop

check "three inspections in the database" [ "$(count)" = 3 ]
check "the 织篢 one is stored with its checklist and rectification" \
	[ "$(sql "select check1 || '|' || note1 || '|' || rectify || '|' || rectify_deadline from inspections where id = 2")" = "fail|发现过期农药两瓶|清理过期农药，建立进货台账|$TODAY" ]
check "each inspection has its audit row" [ "$(sql "select count(*) from audit where action = 'inspect.create'")" = 3 ]
nj coverage --csv > "$WORK/cov.csv"
check "coverage agrees: 侣俸镇 3 of 3" grep -q '^侣俸镇,3,3,0,100.0%,1,0,' "$WORK/cov.csv"
e2e_done
