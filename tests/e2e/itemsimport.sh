#!/bin/sh
# End-to-end (issue 13 part 7): the items of quantitative samples as a
# second CSV. `template items` is its header; `export items` of a
# database, imported into a copy whose samples have no items, gives the
# same export, each sample's new list saved as a correction (history with
# the reason 导入检测项目, the verdict's change, an audit row); the same
# file again adds nothing; a file with an unknown sample number or a unit
# that is neither mg/kg nor μg/kg saves nothing. Command line only.
. "$(dirname "$0")/lib.sh"
e2e_setup

nj template items -o "$WORK/t.csv" 2> /dev/null
check "template items: the header" [ "$(tr -d '\357\273\277\r' < "$WORK/t.csv")" = "样品编号,项目,检测值,检出限,单位,限量,限量单位" ]

a=$(nj add --force 镇街=侣俸镇 检测类别=例行监测 样品名称=黄瓜 项目=镉:0.15 项目=毒死蜱:30:μg/kg:0.5 \
	项目=甲胺磷:未检出\(0.01\) 抽样人=张三、李四 抽样环节=超市 | cut -f1)
b=$(nj add --force 镇街=侣俸镇 检测类别=监督抽查 样品名称=番茄 项目=镉:0.02 项目=六六六:0.001 \
	抽样人=张三、李四 抽样环节=超市 | cut -f1)
c=$(nj add --force 镇街=土桥镇 检测类别=例行监测 样品名称=茄子 项目=镉:0.04 抽样人=王五、赵六 抽样环节=超市 | cut -f1)
check "three quantitative samples: $a $b $c" [ -n "$a" -a -n "$b" -a -n "$c" ]
nj export items -o "$WORK/before.csv" 2> /dev/null
check "export items: six rows" [ "$(grep -c "^\"\?TL2026" "$WORK/before.csv")" = 6 ]

# The copy whose samples have no items (as a system that kept them apart
# would give it): the items, the list and the verdict gone.
GUARDS="$GUARDS, 'sample_items_no_delete'"
sql_unguarded "DELETE FROM sample_items; UPDATE samples SET items_text = '', verdict = 'pass'"
check "the copy has no items" [ "$(sql "select count(*) from sample_items")" = 0 ]

nj import items "$WORK/before.csv" > "$WORK/imp1.txt" 2>&1; rc=$?
check "import items exits 0 (rc=$rc)" [ "$rc" = 0 ]
check "six items added" grep -qF "新增 6 条，已存在 0 条" "$WORK/imp1.txt"
nj export items -o "$WORK/after.csv" 2> /dev/null
check "the round trip: export items is the same" cmp -s "$WORK/before.csv" "$WORK/after.csv"
[ -f "$WORK/after.csv" ] && ! cmp -s "$WORK/before.csv" "$WORK/after.csv" && diff "$WORK/before.csv" "$WORK/after.csv" | head -10
check "the lists as 项目= writes them" [ "$(sql "select items_text from samples where sample_no = '$a'")" = "镉:0.15:mg/kg；毒死蜱:30:μg/kg:0.5；甲胺磷:未检出(0.01):mg/kg" ]
check "the verdicts recomputed: $a and $b 不合格, $c 合格" \
	[ "$(sql "select group_concat(verdict, ' ') from (select verdict from samples order by id)")" = "fail fail pass" ]
check "one correction per sample, with the reason" \
	[ "$(sql "select count(distinct sample_id) || '/' || count(distinct sample_id || '.' || version) from sample_changes where reason = '导入检测项目 before.csv'")" = "3/3" ]
check "the verdict's change is in the history" \
	[ "$(sql "select count(*) from sample_changes where field = 'verdict' and reason = '导入检测项目 before.csv'")" = 2 ]
check "the audit trail has the corrections and the import" \
	[ "$(sql "select count(*) from audit where entity = 'sample_items' and action = 'import'")" = 1 ]

check "an audit row per corrected sample" [ "$(sql "select count(*) from audit where action = 'sample.correct'")" = 3 ]

versions=$(sql "select group_concat(version) from samples")
nj import items "$WORK/before.csv" > "$WORK/imp2.txt" 2>&1; rc=$?
check "the second import exits 0 (rc=$rc)" [ "$rc" = 0 ]
check "the second import adds nothing" grep -qF "新增 0 条，已存在 6 条" "$WORK/imp2.txt"
check "no new versions" [ "$(sql "select group_concat(version) from samples")" = "$versions" ]

# Bad rows: an unknown number, a unit that is neither; a good row beside
# them is not saved either (all or nothing).
printf '样品编号,项目,检测值,单位,限量\r\n%s,铅,0.05,mg/kg,0.2\r\nTL2026-侣俸-9999,铅,0.05,mg/kg,0.2\r\n%s,铬,0.1,mg/L,0.5\r\n' "$c" "$c" > "$WORK/bad.csv"
nj import items "$WORK/bad.csv" --report "$WORK/rep.csv" > "$WORK/imp3.txt" 2>&1; rc=$?
check "bad rows: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "the unknown number named" grep -qF "没有样品编号 TL2026-侣俸-9999 的记录" "$WORK/imp3.txt"
check "the unit refused" grep -qF "单位 \"mg/L\" 无法与限量比较" "$WORK/imp3.txt"
check "nothing saved" [ "$(sql "select count(*) from sample_items where item in ('铅', '铬')")" = 0 ]
check "no new versions after the bad file" [ "$(sql "select group_concat(version) from samples")" = "$versions" ]
check "the report has both rows" [ "$(grep -c '^[34],' "$WORK/rep.csv")" = 2 ]

# A changed value is refused, not a silent change.
printf '样品编号,项目,检测值\r\n%s,镉,0.09\r\n' "$c" > "$WORK/changed.csv"
nj import items "$WORK/changed.csv" > "$WORK/imp4.txt" 2>&1; rc=$?
check "a different value: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "a different value for an item the sample has: refused" grep -qF "已有项目 镉，值不同" "$WORK/imp4.txt"
e2e_done
