#!/bin/sh
# End-to-end: enter 定性检测 records on the real screen (80x24, xterm) with
# Chinese text, candidates picked by digit, F2 and Ctrl-S to save, and
# repeat entry keeping the date, town, samplers and stage.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_start 80 24 xterm

blank() { screen | grep -q "^ *\*\{0,1\} *$1  _*\$"; }   # the field's line has no value (only the _ of an empty field)

check "main menu shows at 80x24" wait_for "1  录入抽样检测记录"
check "main menu lists browsing" shows "2  浏览与更正记录"
check "main menu counts no records yet" shows "年度有效记录 0 条"

keys 1
check "entry form opens with 抽样日期" wait_for "抽样日期  2026-06-15"
check "kind defaults to 定性检测" shows "检测类别  定性检测"

# 镇街: type one character, the candidate list offers 侣俸镇, digit 1 picks it.
keys Tab
text "侣"
check "typing 侣 offers the candidate 侣俸镇" wait_for "候选: 1 侣俸镇"
keys 1
check "digit 1 fills 镇街 with 侣俸镇" wait_for "检测单位  侣俸镇"
check "the pick stays in its field and says so" wait_for "已选定: 侣俸镇"
# Enter moves on to 检测类别 (定性检测), Tab on to 受检主体.
keys Enter Tab
text "侣俸镇织篢蔬菜专业合作社"
check "producer with the rare 篢 is shown as typed" wait_for "受检主体  侣俸镇织篢蔬菜专业合作社"
keys Tab
text "豇"
check "typing 豇 offers 豇豆" wait_for "候选: 1 豇豆"
keys 1
check "digit picks 豇豆" wait_for "样品名称  豇豆"
check "category 蔬菜 filled automatically" wait_for "产品类别  蔬菜"
# Enter skips the filled category to 抽样环节: all choices are
# candidates, 8 is 农贸市场.
keys Enter
check "stage candidates listed" wait_for "候选: 1 生产基地 2 采收前"
keys 8
check "digit 8 picks 农贸市场" wait_for "抽样环节  农贸市场"
keys Enter Tab Tab    # 抽样地点, 抽样数量 -> 抽样人
text "张三、李四"
keys Tab
text "王五"
keys Tab
check "检测方法 filled from the category (蔬菜): 酶抑制法" cursor_on "检测方法  酶抑制法"
check "the strip's fields are not in use for 酶抑制法" shows "试纸项目  (不适用)"
keys Tab
text "55"
check "live verdict says 不合格 at 55" wait_for "判定: 阳性"
keys F2
check "F2 saves with the first number" wait_for "已保存 TL2026-侣俸-0001"
check "saved message says 不合格" shows "TL2026-侣俸-0001  阳性"
check "subtitle names the last record" shows "上一条: TL2026-侣俸-0001 豇豆 阳性"

n=$(sql "select count(*) from samples")
check "one row in the database (got $n)" [ "$n" = 1 ]
row=$(sql "select sample_no, producer, product, category, verdict, inhibition, stage, samplers, tester, kind, sample_date from samples")
check "row stored exactly as typed: $row" [ "$row" = "TL2026-侣俸-0001|侣俸镇织篢蔬菜专业合作社|豇豆|蔬菜|fail|55.0|农贸市场|张三、李四|王五|rapid|2026-06-15" ]
town=$(sql "select u.name from samples s join units u on u.id = s.unit_id")
check "town stored as 侣俸镇 (got $town)" [ "$town" = "侣俸镇" ]
b=$(sql "select hex(producer) from samples")
case $b in *E7AFA2*) ok "producer bytes contain U+7BE2 (E7 AF A2)" ;; *) fail "producer bytes lack U+7BE2: $b" ;; esac

# Repeat entry: kept fields stay, the rest is blank.
check "next form keeps the date" shows "抽样日期  2026-06-15"
check "next form keeps the town" shows "检测单位  侣俸镇"
check "next form keeps the samplers" shows "抽样人  张三、李四"
check "next form keeps the stage" shows "抽样环节  农贸市场"
check "next form keeps the tester" shows "检测人  王五"
check "next form has an empty product" blank "样品名称"
check "next form has an empty category" blank "产品类别"
check "next form has an empty producer" blank "受检主体"
check "next form has an empty method: the category will fill it" blank "检测方法"
check "and so no 抑制率 before the method is known" shows "抑制率(%)  (不适用)"
check "live verdict cleared on the blank form" lacks "判定:"

# The cursor is on the first blank field (受检主体): skip it, pick the product.
keys Tab
text "豇"
check "product candidate again" wait_for "候选: 1 豇豆"
keys 1
check "second record: 豇豆 and 蔬菜" wait_for "产品类别  蔬菜"
keys Enter Tab Tab Tab Tab Tab Tab    # (类别) 抽样环节 -> 地点 -> 数量 -> 抽样人 -> 检测人 -> 检测方法 -> 抑制率
text "45"
check "live verdict at 45 suggests 建议送检" wait_for "判定: 疑似阳性 (抑制率在预警区间，建议送检定量确认)"
keys C-s
check "Ctrl-S saves the second record as 0002" wait_for "已保存 TL2026-侣俸-0002"
check "saved message says 合格(建议送检)" shows "TL2026-侣俸-0002  疑似阳性"
check "saved message counts two this session" shows "本次已录 2 条"

row=$(sql "select sample_no, seq, verdict, flag_confirm, inhibition, producer is null, stage, samplers from samples where seq = 2")
check "second row stored: $row" [ "$row" = "TL2026-侣俸-0002|2|pass|1|45.0|1|农贸市场|张三、李四" ]

# Leave: the clean form exits without a question, the menu counts two.
keys F10
check "back on the menu with 2 records counted" wait_for "年度有效记录 2 条，抽样日期为今天 (2026-06-15) 的 2 条"
keys 0
check "program exits 0" wait_for "EXITED 0"

e2e_done
