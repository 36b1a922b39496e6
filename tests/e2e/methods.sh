#!/bin/sh
# End-to-end (issue 13): the method of a rapid test on the screen. 猪肉
# fills 畜禽产品 and so 胶体金: no 抑制率, the strip's item picked from
# the five named ones, 阳性. 韭菜 fills 蔬菜 and so 酶抑制法, with
# GB/T 5009.199's false-positive warning. On the command line the enzyme
# test for meat and an inhibition on a strip are refused, nothing saved.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_start 80 24 xterm

check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "检测单位  "
keys Tab
text "侣"
check "侣 offers 侣俸镇" wait_for "候选: 1 侣俸镇"
keys 1
keys Enter Tab Tab       # 检测类别 (定性检测), 受检主体 -> 样品名称
text "猪"
check "猪肉 offered" wait_for "候选: 1 猪肉"
keys 1
check "猪肉 picked, 畜禽产品 filled" wait_for "产品类别  畜禽产品"
keys Enter               # past the filled category to 抽样环节
text "农贸市场"
keys Enter Tab Tab       # 详细地点, 抽样数量 -> 抽样人
text "张三"
keys Tab Tab             # 检测人 -> 检测方法
check "检测方法 filled from 畜禽产品: 胶体金" cursor_on "检测方法  胶体金"
check "no 抑制率 for a strip" shows "抑制率(%)  (不适用)"
keys Tab
check "试纸项目 next, the named items offered" wait_for "候选: 1 克伦特罗 2 莱克多巴胺 3 沙丁胺醇"
check "the cursor on 试纸项目" cursor_on "试纸项目"
keys 1
check "克伦特罗 picked" wait_for "试纸项目  克伦特罗"
keys Tab
check "试纸结果: 阴性 or 阳性" wait_for "候选: 1 阴性 2 阳性"
keys 2
check "the live verdict: 阳性" wait_for "判定: 阳性"
keys F2
check "saved" wait_for "已保存 TL2026-侣俸-0001  阳性"
row=$(sql "select product, category, method, strip_item, strip_result, coalesce(inhibition, '-'), verdict from samples")
check "stored as a strip: $row" [ "$row" = "猪肉|畜禽产品|胶体金|克伦特罗|阳性|-|fail" ]

# The next record: 韭菜, an enzyme test, warned.
check "next form: cursor on 受检主体" cursor_on "受检主体"
keys Tab
text "韭"
check "韭菜 offered" wait_for "候选: 1 韭菜"
keys 1
check "韭菜 picked, 蔬菜 filled" wait_for "产品类别  蔬菜"
check "蔬菜 fills 酶抑制法" wait_for "检测方法  酶抑制法"
check "GB/T 5009.199's false-positive warning for 韭菜" wait_for "此类蔬菜酶抑制法易假阳性 (GB/T 5009.199)"
check "the strip's fields not in use" shows "试纸结果  (不适用)"
keys Enter Tab Tab Tab Tab Tab Tab   # 抽样环节 (kept) -> 地点, 数量, 抽样人, 检测人, 检测方法, 抑制率
check "the cursor on 抑制率" cursor_on "抑制率(%)"
text "60"
check "阳性, the warning beside it" wait_for "判定: 阳性  此类蔬菜酶抑制法易假阳性"
keys F2
check "saved" wait_for "已保存 TL2026-侣俸-0002  阳性"
row=$(sql "select method, coalesce(strip_item, '-'), inhibition, verdict from samples where product = '韭菜'")
check "stored as an enzyme test: $row" [ "$row" = "酶抑制法|-|60.0|fail" ]
keys F10
wait_for "1  录入抽样检测记录" >/dev/null || wait_for "放弃" >/dev/null
keys 0
check "exit" wait_for "EXITED 0"
tm_stop

# The command line: refusals say what to do, nothing is saved.
n0=$(sql "select count(*) from samples")
add() { nj add 镇街=侣俸镇 抽样人=张三 抽样环节=农贸市场 "$@" 2> "$WORK/err" > "$WORK/out"; }
add 样品名称=猪肉 '抑制率(%)=35'; rc=$?
check "an inhibition on 猪肉: refused (rc=$rc)" [ "$rc" = 1 ]
check "it says to use a strip: $(cat "$WORK/err")" grep -qF "畜禽产品不能用酶抑制法" "$WORK/err"
add 样品名称=豇豆 检测方法=胶体金 '抑制率(%)=35' 试纸项目=毒死蜱 试纸结果=阴性; rc=$?
check "an inhibition on a strip test: refused (rc=$rc): $(cat "$WORK/err")" \
	sh -c '[ "$1" = 1 ] && grep -qF "胶体金试纸条没有抑制率" "$2"' - "$rc" "$WORK/err"
add 样品名称=豇豆 检测方法=酶抑制法 '抑制率(%)=35' 试纸结果=阴性; rc=$?
check "a strip result on an enzyme test: refused (rc=$rc): $(cat "$WORK/err")" \
	sh -c '[ "$1" = 1 ] && grep -qF "酶抑制法没有试纸结果" "$2"' - "$rc" "$WORK/err"
check "nothing saved by the refusals" [ "$(sql "select count(*) from samples")" = "$n0" ]
add 样品名称=草鱼 试纸项目=孔雀石绿 试纸结果=阴性; rc=$?
check "草鱼 by strip, the method from the category (rc=$rc)" [ "$rc" = 0 ]
check "草鱼 阴性" grep -qF "阴性" "$WORK/out"
check "stored as 胶体金" [ "$(sql "select method || '|' || strip_item from samples where product = '草鱼'")" = "胶体金|孔雀石绿" ]
add 样品名称=芹菜 '抑制率(%)=55'; rc=$?
check "芹菜 阳性 saved (rc=$rc)" [ "$rc" = 0 ]
check "with the false-positive warning on stderr" grep -qF "易假阳性 (GB/T 5009.199)" "$WORK/err"
nj show "$(cut -f1 "$WORK/out")" > "$WORK/show.txt"
check "show names the method" grep -qF "酶抑制法" "$WORK/show.txt"
e2e_done
