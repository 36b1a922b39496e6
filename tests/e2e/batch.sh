#!/bin/sh
# End-to-end: a batch survives leaving the entry form — the kept values
# (date, town, kind, stage, place, samplers, tester) are there again when
# the form is opened later in the session; the menu counts what this user
# entered today (by entry time) beside the count by sampling date; a staff
# login's 镇街 is its own town and cannot be changed.
. "$(dirname "$0")/lib.sh"
e2e_setup

e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"
check "menu: nothing entered today yet" shows "你今天录入 0 条 (按录入时间)"
keys 1
wait_for "新记录" || fail "form"
# A paper sheet from 06-10, typed in on 06-15.
keys C-u; text 2026-06-10; keys Tab
text 侣俸镇; keys Tab
keys C-u; text 例行监测; keys Tab
keys Tab                                   # 受检主体
text 豇豆; keys Tab Tab                    # 样品名称 → 产品类别 → 抽样环节
text 农贸市场; keys Tab
text 村口市场; keys Tab Tab                # 详细地点, 抽样数量
text 张三、李四; keys Tab
text 王五
check "batch typed" wait_for "检测人  王五"
keys C-u; text 王五; keys Tab
text 毒死蜱; keys Tab; text 0.01; keys Tab Tab; text 0.02
keys C-s
check "record saved" wait_for "已保存 TL2026-侣俸-0001"
keys F10
check "back on the menu" wait_for "1  录入抽样检测记录"
check "menu: entered today by this user counts it" wait_for "你今天录入 1 条 (按录入时间)"
check "menu: by sampling date today (06-15) it is not counted" \
	shows "抽样日期为今天 (2026-06-15) 的 0 条"

# Back into the form: the batch's values are there.
keys 1
check "form again" wait_for "新记录"
check "kept: date" shows "抽样日期  2026-06-10"
check "kept: town" shows "检测单位  侣俸镇"
check "kept: kind" shows "检测类别  例行监测"
check "kept: stage" shows "抽样环节  农贸市场"
check "kept: place" shows "详细地点  村口市场"
check "kept: samplers" shows "抽样人  张三、李四"
check "kept: tester" shows "检测人  王五"
check "not kept: product" lacks "样品名称  豇豆"
# Through the list and back: still there.
keys F10; wait_for "1  录入抽样检测记录" >/dev/null
keys 2; wait_for "浏览与更正记录" >/dev/null; keys F10
wait_for "1  录入抽样检测记录" >/dev/null
keys 1
check "kept after visiting the list" wait_for "检测单位  侣俸镇"
check "kept date after visiting the list" shows "抽样日期  2026-06-10"
keys F10; wait_for "1  录入抽样检测记录" >/dev/null
keys 0
check "exit" wait_for "EXITED 0"
tm_stop

# A staff login of 土桥镇: 镇街 is 土桥镇 and the cursor never stops there.
nj user set "$(id -un)" --role staff --town 土桥镇 >/dev/null || fail "user set"
SOCK="$SOCK-staff"
e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" || fail "menu (staff)"
keys 1
check "staff: 镇街 is their own town" wait_for "检测单位  土桥镇"
keys Tab
text 侣
check "staff: Tab from the date skips 镇街 (typing lands in 检测类别)" wait_for "检测类别  定性检测侣"
check "staff: 镇街 unchanged" shows "检测单位  土桥镇"
keys BSpace BTab C-u
text 6-1
check "staff: Shift-Tab from 检测类别 skips 镇街 to the date" wait_for "抽样日期  6-1_"
check "staff: 镇街 still 土桥镇" shows "检测单位  土桥镇"
keys F10
wait_for "放弃这条尚未保存的记录" >/dev/null && keys y
check "staff: back on the menu" wait_for "1  录入抽样检测记录"
e2e_done
