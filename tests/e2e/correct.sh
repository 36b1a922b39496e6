#!/bin/sh
# End-to-end: records added on the command line are browsed, corrected
# with a reason (history kept, shown by F5, `show` and the export) and
# voided (kept, hidden from the list unless the filter includes voided).
. "$(dirname "$0")/lib.sh"
e2e_setup

has() { grep -qF -- "$1" "$2"; }          # text, file
line_of() { screen | grep -F -- "$1" | head -1; }
row_says() { line_of "$1" | grep -qF -- "$2"; }   # sample no, text on its row

out=$WORK/out
nj add 镇街=土桥镇 样品名称=芹菜 inhibition=20 抽样人=张三 stage=农贸市场 date=2026-06-10 > "$out"
check "nj add 1 exits 0" [ $? -eq 0 ]
check "nj add 1 prints its number" has "TL2026-土桥-0001	阴性" "$out"
nj add 镇街=土桥镇 样品名称=韭菜 'inhibition=42' 抽样人=张三 stage=农贸市场 date=2026-06-11 > "$out"
check "nj add 2 prints 疑似阳性" has "TL2026-土桥-0002	疑似阳性" "$out"
nj add 镇街=土桥镇 样品名称=豇豆 'inhibition=35' 抽样人=张三 stage=农贸市场 > "$out"
check "nj add 3 (Chinese and key names mixed) prints its number" has "TL2026-土桥-0003	阴性" "$out"
NO=TL2026-土桥-0003

e2e_start 80 24 xterm
check "main menu" wait_for "2  浏览与更正记录"
keys 2
check "list shows the total" wait_for "共 3 条"
check "list shows the newest record" shows "$NO  2026-06-15 土桥镇            定性 豇豆     35%     阴性"
check "list shows the second record" shows "TL2026-土桥-0002  2026-06-11"
check "list shows the oldest record" shows "TL2026-土桥-0001  2026-06-10"
check "newest record is the first row" line_has 4 "$NO"

# Open the newest (selected) record and correct the inhibition.
keys Enter
check "edit form opens the newest record" wait_for "$NO  第1版"
check "edit form shows the stored inhibition" shows "抑制率(%)  35"
keys NPage Up Up    # last field (抽样地点), 备注, then up past 不适用 fields to 抑制率
keys C-u
text "60"
check "live verdict follows the new value" wait_for "判定: 阳性"
keys F2
check "saving asks for the 更正原因" wait_for "更正原因"
check "the prompt explains why" shows "请写明更正的原因"
v=$(sql "select version from samples where sample_no = '$NO'")
check "nothing changed before the reason is given (version $v)" [ "$v" = 1 ]
keys Enter
check "an empty reason is refused" wait_for "不能为空"
text "抄录错误"
keys Enter
check "correction saved" wait_for "已保存更正 (第2版)"
check "subtitle shows version 2" shows "$NO  第2版"

keys F5
check "F5 shows the history with the reason" wait_for "抑制率(%): 35 → 60  原因: 抄录错误"
check "history shows the verdict change" shows "判定: 阴性 → 阳性  原因: 抄录错误"
check "history title names the record" shows "$NO 的修改记录"
keys Escape
check "Esc leaves the history" wait_for "F2保存更正"
keys F10
check "back in the list, the row shows 60% 阳性" wait_for "60%     阳性"
check "list still has 3 records" shows "共 3 条"

r=$(sql "select version, inhibition, verdict, updated_by is not null from samples where sample_no = '$NO'")
check "db: version 2, inhibition 60, fail ($r)" [ "$r" = "2|60.0|fail|1" ]
r=$(sql "select group_concat(field || ':' || old_value || '>' || new_value || ':' || reason || ':' || version, ' ') from (select * from sample_changes order by id)")
check "db: sample_changes has both rows ($r)" [ "$r" = "inhibition:35>60:抄录错误:2 verdict:阴性>阳性:抄录错误:2" ]

nj export samples > "$WORK/export.csv"
check "export exits 0" [ $? -eq 0 ]
line=$(grep -F "$NO" "$WORK/export.csv")
case $line in
*",60,"*) ok "export has the new inhibition 60" ;;
*) fail "export lacks the new inhibition: $line" ;;
esac
case $line in
*"第2版 抑制率(%): 35 → 60 (原因: 抄录错误)"*) ok "export has the correction history" ;;
*) fail "export lacks the history: $line" ;;
esac
nj show "$NO" > "$out"
check "show prints the current version" has "更正记录 (当前第 2 版):" "$out"
check "show prints the history line" has "抑制率(%): 35 → 60  原因: 抄录错误" "$out"
check "show prints the new verdict" has "判定: 阳性" "$out"

# Void it (F8) with a reason.
keys Enter
check "reopen the record" wait_for "$NO  第2版"
keys F8
check "F8 asks for the 作废 reason" wait_for "作废原因:"
text "误录重复"
keys Enter
check "voided" wait_for "已作废，原因已记入历史"
check "subtitle says 已作废 with the reason" shows "已作废: 误录重复"
keys F2
check "a voided record cannot be corrected" wait_for "此记录已作废，不能更正"
r=$(sql "select status, void_reason, version from samples where sample_no = '$NO'")
check "db: status void with the reason, version 3 ($r)" [ "$r" = "void|误录重复|3" ]
n=$(sql "select count(*) from samples")
check "db: the voided record is kept ($n rows)" [ "$n" = 3 ]

keys F10
check "list now counts 2 valid records" wait_for "共 2 条"
check "the voided record is hidden by default" lacks "$NO"
check "the others remain" shows "TL2026-土桥-0002"

keys F3
check "F3 opens the filter form" wait_for "含作废记录  否"
keys NPage C-u 2        # the kept 否 is a valid value: cleared first, then 2 picks 是
check "含作废记录 set to 是" wait_for "含作废记录  是"
keys F2
check "filter applied: 含作废 (from the working year's start)" wait_for "筛选: 2026-01-01~ 全部镇街  含作废"
check "voided record listed with 作废" row_says "$NO" "作废"
check "count includes the voided one" shows "共 3 条"

keys F3
check "filter form again" wait_for "含作废记录  是"
keys NPage C-u 1
check "含作废记录 back to 否" wait_for "含作废记录  否"
keys F2
check "filter without voided: count 2" wait_for "共 2 条"
check "voided record hidden again" lacks "$NO"

nj show "$NO" > "$out"
check "show says 作废 with the reason" has "状态: 作废  原因: 误录重复" "$out"
check "show lists the void in the history" has "状态: 有效 → 作废  原因: 误录重复" "$out"
check "show still lists the correction" has "抑制率(%): 35 → 60  原因: 抄录错误" "$out"
nj export samples > "$WORK/export.csv"
line=$(grep -F "$NO" "$WORK/export.csv")
case $line in
*",作废,误录重复,3,"*) ok "export marks the record 作废 with reason and version 3" ;;
*) fail "export status wrong: $line" ;;
esac

keys F10
check "menu counts 2 valid records" wait_for "年度有效记录 2 条"
keys 0
check "exit 0" wait_for "EXITED 0"
e2e_done
