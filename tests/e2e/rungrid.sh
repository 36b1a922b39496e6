#!/bin/sh
# End-to-end: a 9-channel rapid-test run entered on the grid (按通道录入,
# issue 18) in tmux at 80x24 with real Chinese (侣俸镇, 织篢): the shared
# fields once, then each channel's 受检主体, 样品名称 (picked by digit,
# the category filled), 抑制率 with its live verdict; two cell errors (an
# inhibition of 120 and a product the list lacks, so no category) shown in
# their cells by F2 and fixed; the run saved as 9 gap-free records in one
# go; the next run keeps the shared fields and takes its 抑制率 from the
# instrument's file (F3). Few bytes a key: typing in a cell redraws that
# cell and its row's verdict, not the screen.
. "$(dirname "$0")/lib.sh"
export NONGJIAN_TODAY=2026-06-01
e2e_setup
cp "$ROOT/conf/instruments.ini" "$WORK/conf/"
e2e_start 80 24 xterm

check "the menu offers the run screen" wait_for "8  按通道录入 (一批速测)"
keys 8
check "the run screen opens with 9 channels" wait_for "9 通道"
check "the grid's columns fit 80 columns" shows "通道 受检主体"
check "channel 9 is on the screen" line_has 15 "  9  "
# Shared fields: 检测单位 first (the first empty required one).
text "侣"
check "检测单位 offers 侣俸镇" wait_for "候选: 1 侣俸镇"
keys 1
check "digit 1 picks 侣俸镇" wait_for "检测单位 侣俸镇"
keys Enter Enter                  # 检测类别 定性检测 -> 抽样环节
check "the stage candidates" wait_for "候选: 1 生产基地"
keys 8
check "8 picks 农贸市场" wait_for "抽样环节 农贸市场"
keys Enter
text "织篢镇白龙村"
keys Enter
text "张三、李四"
keys Enter
text "王五"
keys Enter Enter                  # 抽样地点 was filled from the unit
text "NY-9"
keys Enter
text "09:30"
keys Enter
text "0.652"
keys Enter
check "the cursor is in channel 1" wait_for "第 1 通道 · 受检主体"

# Nine channels: producer, product (digit or typed whole), inhibition.
row() { # producer, product text, pick digit or "", inhibition
	[ -n "$1" ] && text "$1"
	keys Enter
	text "$2"
	[ -n "$3" ] && keys "$3"
	keys Enter
	text "$4"
	keys Enter
}
row "侣俸镇绿源蔬菜专业合作社" "豇" 1 "12"
check "the product filled its category and Enter went past it and the stage" wait_for "第 2 通道 · 受检主体"
check "channel 1: 豇豆 蔬菜, the run's stage, verdict 阴性" line_is 7 "豇豆[_ ]*蔬菜[_ ]*农贸市场 12[_ ]*阴性"
row "织篢镇张三家庭农场" "小白菜" "" "8.5"
row "" "芹菜" "" "120"
check "120 is refused in its cell at once" wait_for "! 有误"
row "侣俸镇李四" "菠菜" "" "45"
check "45 is 疑似阳性 live" line_has 10 "疑似阳性"
# 野菜 is not in the product list: no category is filled, so Enter stops
# in the category cell; a second Enter leaves it empty (an error at F2).
text "侣俸镇王五"
keys Enter
text "野菜"
keys Enter
check "an unlisted product stops Enter in the category cell" wait_for "第 5 通道 · 产品类别"
keys Enter
text "20"
keys Enter
row "" "黄瓜" "" "3.5"
row "" "番茄" "" "55"
check "55 is 阳性 live" line_is 13 "55[_ ]*阳性"
row "" "茄子" "" "22"
row "侣俸镇赵六" "辣椒" "" "9"

# Bytes: one more character in a cell costs that cell and its verdict.
# The cursor stays on channel 9's 抑制率 (the last cell); 9 becomes 90.
keys Left End
poll settled
before=$(output_bytes)
text "0"
check "the verdict follows the key: 90 is 阳性" line_is 15 "辣椒.*90[_ ]*阳性"
poll settled
bytes=$(($(output_bytes) - before))
check "a key in a cell sends that cell and its verdict: $bytes bytes" [ "$bytes" -lt 120 ]
keys BSpace
check "back to 9, 阴性" line_is 15 "辣椒.* 9[_ ]*阴性"

keys F2
check "F2 finds the two errors: nothing saved" wait_for "处有误，本批未保存"
check "nothing in the database" [ "$(sql "select count(*) from samples")" = 0 ]
check "the cursor goes to the first error: channel 3's 抑制率" wait_for "应在 0 到 100 之间"
keys C-u
text "12"
keys Enter
check "channel 3 is fixed" line_is 9 "芹菜[_ ]*蔬菜[_ ]*农贸市场 12[_ ]*阴性"
keys Down Tab Tab
check "on channel 5's category, the error beside it" wait_for "产品类别 必须填写"
text "蔬"
keys 1
check "digit 1 picks 蔬菜 for 野菜" line_is 11 "野菜[_ ]*蔬菜"
keys F2
check "F2 saves the run" wait_for "已保存本批 9 条: TL2026-侣俸-0001 至 TL2026-侣俸-0009"
check "9 records" [ "$(sql "select count(*) from samples")" = 9 ]
check "gap-free 1..9 in channel order" \
	[ "$(sql "select group_concat(seq) from (select s.seq from sample_runs r join samples s on s.id = r.sample_id order by r.channel)")" = "1,2,3,4,5,6,7,8,9" ]
check "channel 1 as typed, with the rare 篢 in place" \
	[ "$(sql "select producer || product || category || stage || inhibition || samplers || tester from samples where seq = 2")" = "织篢镇张三家庭农场小白菜蔬菜农贸市场8.5张三、李四王五" ]
check "channel 7 (55) failed, channel 4 (45) flagged" \
	[ "$(sql "select group_concat(seq) from samples where verdict = 'fail'")/$(sql "select group_concat(seq) from samples where flag_confirm = 1")" = "7/4" ]
check "the run: instrument, time and ΔA0 once" \
	[ "$(sql "select instrument || ' ' || run_time || ' ' || control_da0 || ' ' || channels || ' ' || run_ref from sample_runs where channels is not null")" = "NY-9 09:30 0.652 9 TL2026-侣俸-0001" ]

# The next run keeps the shared fields; its 抑制率 come from the file.
check "the next run keeps the unit" shows "检测单位 侣俸镇"
check "and the samplers" shows "抽样人 张三、李四"
check "the grid is empty again" line_is 7 "^  1  _*"
# A blacklisted producer typed in a channel: warned as in the entry form,
# and its record linked to the registry.
nj producer add 名称=侣俸镇黑户农场 主体类型=家庭农场 镇街=侣俸镇 > /dev/null
nj blacklist add 侣俸镇黑户农场 --reason-kind 违禁物质 --reason 检出甲胺磷 > /dev/null
text "侣俸镇黑户农场"
check "a blacklisted producer in channel 1 is warned about" wait_for "黑名单"
keys F3
check "F3 asks for the instrument file" wait_for "仪器导出的 CSV 文件"
text "$ROOT/tests/instrument/tongyong.csv"
keys Enter
check "the file fills 9 channels (layout 通用)" wait_for "读入 9 个通道的抑制率"
check "channel 3 from the file: 芹菜 55.0 阳性" line_is 9 "芹菜[_ ]*蔬菜[_ ]*农贸市场 55.0[_ ]*阳性"
keys F2
check "the filled run saves 9 more" wait_for "已保存本批 9 条: TL2026-侣俸-0010 至 TL2026-侣俸-0018"
check "channel 1 of the second run is linked to the registered producer" \
	[ "$(sql "select p.name from samples s join producers p on p.id = s.producer_id where s.seq = 10")" = 侣俸镇黑户农场 ]
check "18 records, 2 runs" [ "$(sql "select count(*) from samples")/$(sql "select count(distinct run_ref) from sample_runs")" = 18/2 ]
keys F10
check "back at the menu" wait_for "8  按通道录入 (一批速测)"
e2e_done
