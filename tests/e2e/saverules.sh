#!/bin/sh
# End-to-end (issue 10): the checks at save. The category must fit the
# product (conf/products.csv); a sampling year before 2000 is refused; a
# date more than warn_days_back (60) days back or outside the working year,
# and the same sample saved twice, are asked about on the screen and
# refused on the command line unless --force.
. "$(dirname "$0")/lib.sh"
e2e_setup

err=$WORK/stderr
rows() { sql "select count(*) from samples"; }
add() { nj add 镇街=侣俸镇 样品名称=豇豆 抽样人=张三 抽样环节=农贸市场 "$@" 2> "$err" > /dev/null; }
said() { grep -qF -- "$1" "$err"; }

add '抑制率(%)=35' 产品类别=水产品; rc=$?
check "豇豆 as 水产品 refused (rc=$rc)" [ "$rc" = 1 ]
check "the message names the right category: $(cat "$err")" said "产品类别「水产品」与样品名称不符: 豇豆 属于蔬菜，请改为蔬菜"
for day in 1999-05-01 1900-01-01; do    # (not $d: check() uses it)
	add '抑制率(%)=35' 抽样日期=$day; rc=$?
	check "year of $day refused (rc=$rc)" [ "$rc" = 1 ]
	check "$day: says the year is wrong: $(cat "$err")" said "抽样日期 $day 的年份不对: 应在 2000 年以后"
done
add '抑制率(%)=35' 抽样日期=2026-03-01; rc=$?
check "a date 106 days back is refused without --force (rc=$rc)" [ "$rc" = 1 ]
check "it says how long ago and names --force: $(cat "$err")" said "抽样日期 2026-03-01 是 106 天前 (超过 60 天)。日期无误吗? 确认无误请加 --force 再保存"
add '抑制率(%)=35' 抽样日期=2025-12-20; rc=$?
check "a date outside the working year is refused without --force (rc=$rc)" [ "$rc" = 1 ]
check "it names the working year: $(cat "$err")" said "不在工作年度 2026 年内"
check "nothing saved so far ($(rows))" [ "$(rows)" = 0 ]
add '抑制率(%)=35' 抽样日期=2026-03-01 --force; rc=$?
check "--force saves the old date (rc=$rc)" [ "$rc" = 0 ]
add '抑制率(%)=35' 抽样日期=2026-05-01; rc=$?
check "45 days back needs no --force (rc=$rc)" [ "$rc" = 0 ]

add '抑制率(%)=30' 受检主体=张小三; rc=$?
check "first 张小三 豇豆 30 saved (rc=$rc)" [ "$rc" = 0 ]
add '抑制率(%)=30' 受检主体=张小三; rc=$?
check "the same again is refused as a duplicate (rc=$rc)" [ "$rc" = 1 ]
check "it names the record it repeats: $(cat "$err")" said "已有相同的记录 TL2026-侣俸-0003"
add '抑制率(%)=31' 受检主体=张小三; rc=$?
check "another result is no duplicate (rc=$rc)" [ "$rc" = 0 ]
add '抑制率(%)=30' 受检主体=张小三 --force; rc=$?
check "--force saves the duplicate (rc=$rc)" [ "$rc" = 0 ]
check "five rows ($(rows))" [ "$(rows)" = 5 ]

# The screen asks; "n" saves nothing, "y" saves.
e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "抽样日期  2026-06-15"
keys Tab
text "侣俸镇"
keys Enter Tab
text "张小三"
keys Tab
text "豇豆"
keys Tab Tab           # 产品类别 (蔬菜), on to 抽样环节
text "农贸市场"
keys Tab Tab Tab
text "张三"
keys Tab Tab Tab       # 检测人, 检测方法 (酶抑制法) -> 抑制率
text "30"
check "typed 30" wait_for "抑制率(%)  30"
keys F2
check "a repeat of 0003 asks first" wait_for "已有相同的记录 TL2026-侣俸-0003"
keys n
check "n: not saved, says why" wait_for "未保存: 与已保存的 TL2026-侣俸-0003 相同"
check "nothing saved by n ($(rows))" [ "$(rows)" = 5 ]

# A category that does not fit the product: beside the field, not saved.
keys BTab BTab BTab BTab BTab BTab BTab   # 抑制率 up past 检测方法 … to 产品类别
check "cursor back on 产品类别" wait_for "已选定: 蔬菜"
keys C-u
text "水产品"
keys F2
check "水产品 for 豇豆 is refused beside 产品类别" wait_for "! 产品类别「水产品」与样品名称不符"
check "nothing saved with the wrong category ($(rows))" [ "$(rows)" = 5 ]
keys C-u
text "蔬菜"

# A date long ago: asked; the 1999 year: refused.
keys PPage C-u
text "1999-05-01"
keys F2
check "1999 refused with a clear message" wait_for "抽样日期 1999-05-01 的年份不对"
keys C-u
text "3-1"
keys F2
check "3-1 is 106 days back: asked" wait_for "抽样日期 2026-03-01 是 106 天前 (超过 60 天)。日期无误吗?"
keys n
check "n: not saved, back on the date" wait_for "未保存: 请核对抽样日期"
check "nothing saved by n ($(rows))" [ "$(rows)" = 5 ]
keys F2
check "asked again" wait_for "106 天前"
keys y
check "y to the date, then the duplicate question? none: another date" wait_for "已保存 TL2026-侣俸-0006"
check "six rows ($(rows))" [ "$(rows)" = 6 ]
keys F10
check "back at the menu" wait_for "1  录入抽样检测记录"
keys 0
check "exit 0" wait_for "EXITED 0"
e2e_done
