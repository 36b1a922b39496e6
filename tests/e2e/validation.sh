#!/bin/sh
# End-to-end: the entry form refuses bad data with Chinese messages, puts
# the cursor on the field at fault, saves nothing until it is fixed, and
# refuses typing beyond a field's width instead of cutting.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_start 80 24 xterm

# Wait until the form's message line (second from the bottom) shows $1.
wait_msg() { poll line_has_now 23 "$1"; }
rows() { sql "select count(*) from samples"; }

check "main menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "抽样日期  2026-06-15"
check "cursor starts on 抽样日期" cursor_on "抽样日期"

# A date after today (NONGJIAN_TODAY=2026-06-15).
keys C-u
text "2026-12-01"
keys Tab
check "leaving a future date marks it beside the field" \
	wait_for "2026-12-01  ! 抽样日期 2026-12-01 晚于今天"
check "the cursor was not trapped on the date" cursor_on "检测单位"

# A town that is not in the list.
text "北京"
check "no candidate for 北京" wait_for "检测单位  北京"
keys Tab
check "leaving an unknown town says 不在名单中 beside it" \
	wait_for "北京____________  ! 检测单位 \"北京\" 不在名单中"
check "cursor moved on to 检测类别" cursor_on "检测类别"

# Everything else valid, inhibition out of range.
keys Tab Tab                   # 受检主体 -> 样品名称
text "芹"
check "芹菜 offered" wait_for "候选: 1 芹菜"
keys 1
check "category filled" wait_for "产品类别  蔬菜"
keys Enter 1                   # past the filled category; 抽样环节: 生产基地
check "stage chosen" wait_for "抽样环节  生产基地"
keys Enter Tab Tab
text "张三"
keys Tab Tab Tab               # 检测人, 检测方法 (酶抑制法) -> 抑制率
text "101"
check "cursor on 抑制率 while typing 101" cursor_on "抑制率(%)"

keys F2
check "F2 with a future date: message says 晚于今天" \
	wait_msg "抽样日期 2026-12-01 晚于今天，不能是将来的日期"
check "cursor moved to 抽样日期" cursor_on "抽样日期"
n=$(rows); check "nothing saved after the date error (rows=$n)" [ "$n" = 0 ]

keys C-u
text "6-1"
keys F2
check "short date normalised to 2026-06-01" wait_for "抽样日期  2026-06-01"
check "then the unknown town is refused: 未知镇街" \
	wait_msg "未知镇街 \"北京\"：请输入名称的一部分并从候选中选择"
check "cursor moved to 镇街" cursor_on "检测单位  北京"
n=$(rows); check "nothing saved after the town error (rows=$n)" [ "$n" = 0 ]

keys C-u
text "土桥"
check "土桥镇 offered" wait_for "候选: 1 土桥镇"
keys 1
check "town fixed" wait_for "检测单位  土桥镇"
keys F2
check "then inhibition 101 is refused: 应在 0 到 100 之间" \
	wait_msg "抑制率(%) 应在 0 到 100 之间"
check "error mark beside the inhibition field" shows "101___  ! 抑制率(%) 应在 0 到 100 之间"
check "cursor moved to 抑制率(%)" cursor_on "抑制率(%)"
n=$(rows); check "nothing saved after the inhibition error (rows=$n)" [ "$n" = 0 ]

# An empty required inhibition is refused too.
keys C-u F2
check "empty inhibition: 必须填写" wait_msg "抑制率(%) 必须填写"
n=$(rows); check "nothing saved with an empty inhibition (rows=$n)" [ "$n" = 0 ]
keys C-u
text "35"
check "live verdict 阴性 at 35" wait_for "判定: 阴性"

# 备注 is 50 columns: 25 Chinese characters fit, the 26th is refused.
keys Tab                        # detection fields are 不适用: straight to 备注
check "cursor on 备注" cursor_on "        备注"
text "一二三四五六七八九十一二三四五六七八九十一二三四五六"
check "26th character refused: 最多 50 列" \
	wait_msg "备注 最多 50 列 (汉字占两列)，输入未被接受"
check "the field shows the first 25 characters" \
	shows "备注  一二三四五六七八九十一二三四五六七八九十一二三四五"
keys F2
check "saved after fixing" wait_msg "已保存 TL2026-土桥-0001  阴性"
n=$(rows); check "one row saved (rows=$n)" [ "$n" = 1 ]
r=$(sql "select length(remarks) || '|' || remarks from samples")
check "saved remark has exactly 25 characters: $r" \
	[ "$r" = "25|一二三四五六七八九十一二三四五六七八九十一二三四五" ]
r=$(sql "select sample_date, inhibition, verdict, product, category from samples")
check "saved values: $r" [ "$r" = "2026-06-01|35.0|pass|芹菜|蔬菜" ]

keys F10
check "back at the menu" wait_for "年度有效记录 1 条"
keys 0
check "exit 0" wait_for "EXITED 0"
e2e_done
