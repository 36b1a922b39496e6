#!/bin/sh
# End-to-end: 检测单位 apart from 抽样地点 (issue 13) on the real screen.
# The centre enters a 定性检测 taken in 土桥镇: it must say where, the
# record counts toward the centre's quota and not 土桥镇's, and a township
# unit fills its own town as the place.
. "$(dirname "$0")/lib.sh"
e2e_setup
# The line the cursor is on shows this text (polled: the keys may still be on their way).
cursor_at_now() { screen | sed -n "$(( $(tm display -p '#{cursor_y}') + 1 ))p" | grep -qF -- "$1"; }
cursor_at() { poll cursor_at_now "$1"; }
e2e_start 80 24 xterm

check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "the form shows 检测单位" wait_for "检测单位  "
check "and 详细地点 for the place text" shows "详细地点  "

keys Tab
text "区检"
check "区检 offers the centre" wait_for "候选: 1 区检测中心"
keys 1
check "检测单位 is the centre" wait_for "检测单位  区检测中心"
keys Enter
keys Tab                  # 检测类别 → 受检主体
keys Tab
text "豇"
check "豇豆 offered" wait_for "候选: 1 豇豆"
keys 1
check "豇豆 picked, 蔬菜 filled" wait_for "产品类别  蔬菜"
keys Enter
check "stage candidates" wait_for "候选: 1 生产基地"
keys 8
check "农贸市场" wait_for "抽样环节  农贸市场"
keys Enter
text "城南农贸市场"
keys Tab Tab
text "张三、李四"
keys Tab
text "王五"
keys Tab Tab            # 检测方法 (酶抑制法, from 蔬菜) -> 抑制率
text "20"
keys F2
check "without 抽样地点 the centre's record is refused" wait_for "必须填写抽样地点"
check "the form scrolled to the last field, 抽样地点, empty" shows "抽样地点  ___"
n=$(sql "select count(*) from samples")
check "nothing saved (got $n)" [ "$n" = 0 ]
check "the cursor went to 抽样地点" cursor_at 抽样地点
text "土桥"
check "土桥 offers 土桥镇" wait_for "候选: 1 土桥镇"
keys 1
check "抽样地点 is 土桥镇" wait_for "抽样地点  土桥镇"
keys F2
check "saved under the centre's numbering" wait_for "已保存 TL2026-区中心-0001"
row=$(sql "select u.name, s.site_town, s.place from samples s join units u on u.id = s.unit_id")
check "stored apart: $row" [ "$row" = "区检测中心|土桥镇|城南农贸市场" ]

# The next record: a 土桥镇 rapid test; choosing the township fills its
# own town as the place and Enter steps over it.
keys BTab BTab             # from 受检主体, the first blank field
check "back on 检测单位" cursor_at 检测单位
keys C-u
text "安居"
check "安居 offers 安居镇" wait_for "候选: 1 安居镇"
keys 1
keys Enter
check "Enter moves on to 检测类别" cursor_at 检测类别
keys Tab Tab
text "豇"
wait_for "候选: 1 豇豆" >/dev/null
keys 1
wait_for "产品类别  蔬菜" >/dev/null
keys F2
check "抑制率 is still needed" wait_for "抑制率(%) 必须填写"
text "10"
keys F2
check "a 安居镇 record saved" wait_for "已保存 TL2026-安居-0001"
keys F10
wait_for "1  录入抽样检测记录" >/dev/null || wait_for "放弃" >/dev/null
keys 0
check "exit" wait_for "EXITED 0"
tm_stop

n=$(sql "select count(*) from samples s join units u on u.id = s.unit_id where u.name = '安居镇' and s.site_town = '安居镇'")
check "choosing the township filled its own town as 抽样地点 ($n)" [ "$n" = 1 ]
# Quotas count by testing unit: the centre 1, 土桥镇 0 (the sample was
# taken there, but not by its room).
nj quota > "$WORK/quota.txt" || fail "quota"
done_of() { awk -v u="$1" '/^【定性检测】/{on=1; next} /^【/{on=0} on && $1 == u {print $3; exit}' "$WORK/quota.txt"; }
check "the centre's 定性检测 count is 1 (got $(done_of 区检测中心))" [ "$(done_of 区检测中心)" = 1 ]
check "土桥镇's count is 0 (got $(done_of 土桥镇))" [ "$(done_of 土桥镇)" = 0 ]
check "安居镇's count is 1 (got $(done_of 安居镇))" [ "$(done_of 安居镇)" = 1 ]
nj show TL2026-区中心-0001 > "$WORK/show.txt" || fail "show"
check "show lists 检测单位" grep -qF "检测单位: 区检测中心" "$WORK/show.txt"
check "show lists 抽样地点" grep -qF "抽样地点: 土桥镇" "$WORK/show.txt"
e2e_done
