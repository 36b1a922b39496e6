#!/bin/sh
# End-to-end (issue 13 part 4): a 农业投入品 judged by its active
# ingredients on the command line. No tolerance is shipped, so the first
# try is refused naming the rule; the admin sets tolerance.pesticide
# (audited); then labelled minus tolerance decides 含量不足, and an
# undeclared banned ingredient detected is 隐性成分.
. "$(dirname "$0")/lib.sh"
e2e_setup
out="$WORK/out.txt"
err="$WORK/err.txt"
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }
add() { njr add --force 检测单位=区检测中心 抽样地点=土桥镇 检测类别=农业投入品 样品名称=毒死蜱乳油 产品类别=农药 \
	抽样人=张三、李四 抽样环节=批发市场 "$@"; }

add 项目=毒死蜱:8.1:%:10
check "with no tolerance set the verdict is refused (rc=$rc)" [ "$rc" = 1 ]
check "saying which rule the admin sets: $(cat "$err")" grep -qF "tolerance.pesticide" "$err"
check "nothing saved" [ "$(sql "select count(*) from samples")" = 0 ]

njr settings set tolerance.pesticide abc
check "a tolerance that is no number is refused (rc=$rc)" [ "$rc" != 0 ]
njr settings set tolerance.pesticide 0.5
check "settings set tolerance.pesticide 0.5 (rc=$rc)" [ "$rc" = 0 ]
check "audited" [ "$(sql "select coalesce(before, '') || '>' || after from audit where action = 'settings.set' and entity = 'tolerance.pesticide'")" = ">0.5" ]

add 项目=毒死蜱:8.1:%:10
check "8.1 % against a label of 10 % (tolerance 0.5) is 不合格 ($(cat "$out"))" grep -qF "	不合格" "$out"
check "the item row: labelled content in the limit column, 含量不足" \
	[ "$(sql "select value_text || '|' || limit_text || '|' || limit_unit || '|' || verdict || '|' || reason from sample_items")" = "8.1|10|%|fail|含量不足" ]
no=$(cut -f1 "$out")
njr show "$no"
check "show says 标明含量 and 含量不足" grep -qF "毒死蜱  8.1 %  标明含量 10 %  不合格 (含量不足)" "$out"

add 项目=毒死蜱:9.5:%:10
check "9.5 % is at labelled − tolerance: 合格 ($(cat "$out") $(cat "$err"))" grep -qF "	合格" "$out"

add 项目=毒死蜱:10.1:%:10 项目=甲胺磷:0.3
check "an undeclared banned ingredient detected is 不合格 ($(cat "$out"))" grep -qF "	不合格" "$out"
check "... as 隐性成分" [ "$(sql "select reason from sample_items where item = '甲胺磷'")" = "隐性成分" ]

n0=$(sql "select count(*) from samples")
add 产品类别=蔬菜 项目=毒死蜱:8.1:%:10
check "a 农业投入品 whose 产品类别 is no input type is refused (rc=$rc): $(cat "$err")" [ "$rc" = 1 ]
njr add --force 检测单位=区检测中心 抽样地点=土桥镇 检测类别=例行监测 样品名称=毒死蜱乳油 产品类别=农药 \
	抽样人=张三、李四 抽样环节=批发市场 项目=毒死蜱:8.1:%:10
check "a 例行监测 of a 农药 is refused (rc=$rc): $(cat "$err")" [ "$rc" = 1 ]
check "nothing saved by the refusals" [ "$(sql "select count(*) from samples")" = "$n0" ]
e2e_done
