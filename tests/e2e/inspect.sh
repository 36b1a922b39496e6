#!/bin/sh
# End-to-end: 巡查 on the command line — a quarter's inspections of one
# town's registry until `coverage` says 100 %, the refusals of issue 16
# (exit 1, a Chinese reason, nothing written), a rectification closed by
# 回头看, correction with history, void, the lists and CSVs, and an
# upgraded database without the inspection form.
. "$(dirname "$0")/lib.sh"
e2e_setup

out=$WORK/stdout err=$WORK/stderr
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }
has() { grep -qF -- "$1" "$2"; }
rows() { sql "select count(*) from inspections"; }

njr producer add 名称=侣俸鑫源蔬菜专业合作社 主体类型=合作社 镇街=侣俸镇 '村(社区)=白龙村'
njr producer add 名称=织篢渔业合作社 主体类型=合作社 镇街=侣俸镇 '村(社区)=石桥村'
njr producer add 名称=土桥柑橘园 主体类型=种养大户 镇街=土桥镇
check "three producers registered" [ "$(sql "select count(*) from producers")" = 3 ]

njr coverage --csv
check "coverage --csv exits 0" [ "$rc" = 0 ]
check "the CSV header begins 单位,主体数,已巡查,未巡查,覆盖率" \
	sh -c "head -1 '$out' | sed 's/^\xef\xbb\xbf//' | grep -q '^单位,主体数,已巡查,未巡查,覆盖率,'"
check "侣俸镇 starts at 0 of 2" grep -q '^侣俸镇,2,0,2,0.0%,' "$out"

njr coverage --missing --town 侣俸镇
check "the list to work from names both, by village" has "侣俸镇 白龙村" "$out"
check "... 石桥村 too" has "织篢渔业合作社" "$out"

# The refusals: exit 1, the reason, nothing saved.
refused() { # what, message part, arguments
	what=$1 msg=$2; shift 2
	n=$(rows)
	njr inspect add "$@"
	check "$what: exit 1 (rc=$rc)" [ "$rc" = 1 ]
	check "$what: says '$msg'" has "$msg" "$err"
	check "$what: nothing saved" [ "$(rows)" = "$n" ]
}
refused "a producer not in the registry" "不在主体名录中" 主体=王五农场 检查人=王芳、李明
refused "a date in the future" "晚于今天" 主体=织篢渔业合作社 检查人=王芳、李明 日期=2099-01-01
refused "one inspector" "至少两名" 主体=织篢渔业合作社 检查人=王芳
n=$(rows)
njr inspect add 主体=织篢渔业合作社 检查人=王芳、李明 农药包装回收=符合
check "an item not in the form: a usage error, exit 2 (rc=$rc)" [ "$rc" = 2 ]
check "... naming the form's items" has "不是巡查表单中的检查项或字段。检查项: 1.投入品规范管理与使用" "$err"
check "... nothing saved" [ "$(rows)" = "$n" ]
refused "a slot the form does not name" "不在巡查表单中" 主体=织篢渔业合作社 检查人=王芳、李明 check7=符合
refused "不符合 without saying what" "写明发现的问题" 主体=织篢渔业合作社 检查人=王芳、李明 农资库房分类存放=不符合
refused "a rectification without a deadline" "整改期限" 主体=织篢渔业合作社 检查人=王芳、李明 整改要求=分区存放
njr inspect add 主体=织篢渔业合作社 检查人=王芳、李明 check1=很好
check "an answer other than 符合/不符合/不适用 is a refusal (rc=$rc)" [ "$rc" = 1 ]

njr inspect add 主体=侣俸鑫源蔬菜专业合作社 检查人=王芳、李明
check "the first inspection is saved (rc=$rc)" [ "$rc" = 0 ]
ID1=$(cut -f1 "$out")
njr inspect add 主体=织篢渔业合作社 检查人=王芳、李明 农资库房分类存放=不符合 '说明(库房)=农药化肥混放' \
	整改要求=分区存放并标识 整改期限="$(date +%F)"
check "an inspection with a rectification is saved (rc=$rc)" [ "$rc" = 0 ]
ID2=$(cut -f1 "$out")
check "stored as codes with the deadline" \
	[ "$(sql "select check2 || ' ' || (rectify_deadline is not null) from inspections where id = $ID2")" = "fail 1" ]

njr coverage --csv
check "侣俸镇 reaches 100 % with one rectification open" grep -q '^侣俸镇,2,2,0,100.0%,1,0,' "$out"
check "土桥镇 still 0 of 1" grep -q '^土桥镇,1,0,1,0.0%,' "$out"
njr coverage --missing --town 侣俸镇
check "nothing left to visit in 侣俸镇" [ ! -s "$out" ]

njr inspect list --open
check "list --open shows the rectification 整改中" grep -q "^$ID2	.*	侣俸镇	织篢渔业合作社	王芳、李明	1	整改中	" "$out"
njr inspect recheck "$ID2" --result 已整改 --note 已分区存放
check "回头看 closes it (rc=$rc)" [ "$rc" = 0 ] && has "已整改" "$out"
njr inspect list --open
check "nothing open any more" [ ! -s "$out" ]

njr inspect correct "$ID1" --reason 抄错检查人 检查人=王芳、赵强
check "a correction is saved (rc=$rc)" [ "$rc" = 0 ]
njr inspect show "$ID1"
check "show keeps old and new value with the reason" has "检查人: 王芳、李明 → 王芳、赵强  原因: 抄错检查人" "$out"
njr inspect correct "$ID1" --reason 换主体 主体=土桥柑橘园
check "the producer cannot be corrected (rc=$rc)" [ "$rc" = 1 ] && has "受检主体不能更正" "$err"

njr inspect void "$ID1" --reason 重复录入
check "void (rc=$rc)" [ "$rc" = 0 ]
njr coverage --csv
check "a voided inspection no longer counts" grep -q '^侣俸镇,2,1,1,50.0%,' "$out"
njr inspect list --all --csv
check "list --all --csv has the voided one" grep -q "^$ID1,.*,作废" "$out"
check "audit names every inspection change" \
	[ "$(sql "select count(*) from audit where action like 'inspect.%'")" = 5 ]
njr check
check "nongjian check: the new guards are intact (rc=$rc)" [ "$rc" = 0 ]

njr report quarter
check "the bulletin has the 巡查覆盖 section" has "巡查覆盖 (每季度全覆盖巡查" "$out"
check "... and 一年一检" has "一年一检 (每个生产经营主体每年至少抽检一次" "$out"

# Out and in again: the export re-imported adds nothing; a bad row is reported.
njr export inspections -o "$WORK/insp.csv"
check "export inspections (rc=$rc)" [ "$rc" = 0 ] && has "已导出 1 条记录" "$err"
check "the export's header starts 巡查编号,主体编号,受检主体,巡查日期,检查人,投入品规范管理与使用" \
	sh -c "head -1 '$WORK/insp.csv' | grep -q '巡查编号,主体编号,受检主体,巡查日期,检查人,投入品规范管理与使用,'"
njr import inspections "$WORK/insp.csv"
check "re-importing the export adds nothing (rc=$rc)" [ "$rc" = 0 ] && has "已存在 1 条" "$out"
printf '\357\273\277受检主体,巡查日期,检查人,投入品规范管理与使用\r\n土桥柑橘园,%s,王芳、李明,符合\r\n土桥柑橘园,%s,王芳,符合\r\n' \
	"$NONGJIAN_TODAY" "$NONGJIAN_TODAY" > "$WORK/new.csv"
n=$(rows)
njr import inspections "$WORK/new.csv" --report "$WORK/report.csv"
check "a file with a bad row imports nothing by default (rc=$rc)" [ "$rc" = 1 ] && [ "$(rows)" = "$n" ]
check "the report names the row and the reason" grep -q "至少两名" "$WORK/report.csv"
njr import inspections "$WORK/new.csv" --skip-bad
check "--skip-bad imports the good row (rc=$rc)" [ "$(rows)" = $((n + 1)) ]
njr coverage --csv
check "土桥镇 is covered by the imported inspection" grep -q '^土桥镇,1,1,0,100.0%,' "$out"

# 合格证 counts.
njr certificate 侣俸鑫源蔬菜专业合作社 --month 2026-05 --count 120
check "a month's 合格证 count is entered (rc=$rc)" [ "$rc" = 0 ]
njr certificate 侣俸鑫源蔬菜专业合作社 --month 2026-05 --count -1
check "a negative count is refused (rc=$rc)" [ "$rc" = 1 ] && has "负数" "$err"
njr certificate 侣俸鑫源蔬菜专业合作社 --month 2026-05 --count 99999
check "a count above the maximum is refused (rc=$rc)" [ "$rc" = 1 ] && has "上限" "$err"
njr settings set certificate.max_month 500
check "the maximum is a database rule the admin sets (rc=$rc)" [ "$rc" = 0 ]
njr certificate 侣俸鑫源蔬菜专业合作社 --month 2026-04 --count 600
check "... then 600 is above it, and nothing is saved (rc=$rc)" [ "$rc" = 1 ] && has "上限 500" "$err" && \
	[ "$(sql "select count(*) from certificate_counts where month = '2026-04'")" = 0 ]
njr settings set certificate.max_month 0
check "a maximum of 0 is refused (rc=$rc)" [ "$rc" != 0 ]
njr certificate 侣俸鑫源蔬菜专业合作社 --month 2026-07 --count 5
check "a month to come is refused (rc=$rc)" [ "$rc" = 1 ] && has "还没到" "$err"
njr certificate 侣俸鑫源蔬菜专业合作社 --month 2026
check "a command without --count is a usage error (rc=$rc)" [ "$rc" = 2 ]
njr coverage --csv
check "coverage counts 侣俸镇's certificates (1 of 2 issuing, 120)" grep -q '^侣俸镇,.*,1,50.0%,120,0,0.0%' "$out"

# 追溯 enrolment (date and 追溯码) and the 合格证 trial list, by the
# registry's edit; the rates count them from their dates.
njr producer edit 侣俸鑫源蔬菜专业合作社 追溯=是
check "追溯 without its date is refused (rc=$rc)" [ "$rc" = 1 ] && has "纳入追溯日期" "$err"
njr producer edit 侣俸鑫源蔬菜专业合作社 追溯=是 纳入追溯日期=2099-01-01
check "an enrolment dated in the future is refused (rc=$rc)" [ "$rc" = 1 ]
check "... nothing saved" [ "$(sql "select traceability from producers where name = '侣俸鑫源蔬菜专业合作社'")" = 0 ]
njr producer edit 侣俸鑫源蔬菜专业合作社 追溯=是 纳入追溯日期=2026-03-01 追溯码=500151-0101 合格证=是 合格证试行日期=2026-02-01
check "enrolled with date and code, in the trial list (rc=$rc)" [ "$rc" = 0 ]
check "... kept" [ "$(sql "select trace_date || '|' || trace_code || '|' || certificate_date from producers where name = '侣俸鑫源蔬菜专业合作社'")" = "2026-03-01|500151-0101|2026-02-01" ]
njr coverage --csv
check "coverage: 侣俸镇 1 of 2 enrolled, 1 in the trial list" grep -q '^侣俸镇,.*,1,50.0%,120,1,50.0%,1' "$out"
njr coverage --csv --date 2026-02-15
check "... not yet enrolled on 02-15, already in the list" grep -q '^侣俸镇,.*,0,0.0%,1' "$out"

# 登记日期: a paper inspection older than the producer's entry here.
sql "update producers set created_at = '2026-05-10 09:00:00' where name = '土桥柑橘园'" > /dev/null
njr inspect add 主体=土桥柑橘园 日期=2026-04-02 检查人=王芳、李明
check "an inspection before the producer was entered is refused, naming 登记日期 (rc=$rc)" [ "$rc" = 1 ] && has "登记日期" "$err"
njr producer edit 土桥柑橘园 登记日期=2025-12-01 --reason 按纸质档案补登记日期
njr inspect add 主体=土桥柑橘园 日期=2026-04-02 检查人=王芳、李明
check "with its 登记日期 the paper inspection is taken (rc=$rc)" [ "$rc" = 0 ]

# A database upgraded from before inspections: no form until settings load.
cp "$DB" "$WORK/old.db"
sqlite3 "$WORK/old.db" "DROP TRIGGER settings_remove_audited; DELETE FROM settings WHERE scope = 'form.inspect';"
"$BIN" --config "$CONF" --db "$WORK/old.db" inspect add 主体=土桥柑橘园 检查人=王芳、李明 > "$out" 2> "$err"; rc=$?
check "without the form the inspection jobs say to load the settings (rc=$rc)" [ "$rc" = 1 ] && has "settings load" "$err"
"$BIN" --config "$CONF" --db "$WORK/old.db" coverage > "$out" 2> "$err"; rc=$?
check "... while everything else works (rc=$rc)" [ "$rc" = 0 ]
e2e_done
