#!/bin/sh
# End-to-end: 检打联动 on the command line — a case opened by the save
# itself, one case walked from 阳性 to 结案 with the refusals on the way
# (exit 1, a Chinese reason on stderr, nothing written), voiding a step,
# the list (--open, --overdue, --town, --csv), the warning band by the
# setting, and the database afterwards.
. "$(dirname "$0")/lib.sh"
export NONGJIAN_TODAY=2026-06-10
e2e_setup

out=$WORK/stdout err=$WORK/stderr
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }
has() { grep -qF -- "$1" "$2"; }
steps() { sql "select count(*) from followup_steps where status = 'valid'"; }

njr add 镇街=侣俸镇 样品名称=豇豆 inhibition=62 抽样人=张三 stage=农贸市场 date=2026-06-01 producer=侣俸镇绿源合作社
check "a positive rapid test is saved (rc=$rc)" [ "$rc" = 0 ]
NO=$(cut -f1 "$out")
njr add 镇街=土桥镇 样品名称=豇豆 inhibition=20 抽样人=张三 stage=农贸市场 date=2026-06-01
njr add 镇街=土桥镇 样品名称=豇豆 inhibition=45 抽样人=张三 stage=农贸市场 date=2026-06-01
WARN=$(cut -f1 "$out")
check "the save opened exactly one case, in its own transaction" [ "$(sql "select count(*) from followup_cases")" = 1 ]

njr followup list --open
check "list exits 0" [ "$rc" = 0 ]
check "list shows the case as 阳性, 待复检 and overdue (retest within 1 day)" \
	grep -qE "^$NO	侣俸镇	2026-06-01	侣俸镇绿源合作社	豇豆	阳性	待复检	复检逾期" "$out"
check "list counts on stderr" has "检打联动案件 1 件" "$err"

njr followup "$NO" 复检
check "复检 without a result: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "... says what is missing" has "复检需要复检结果" "$err"
check "... writes nothing" [ "$(steps)" = 0 ]
njr report quarter --year 2026 --quarter 2
check "... and the bulletin still counts it 尚未处置" has "全年尚未处置的不合格样品 1 个" "$out"

njr followup "$NO" 处置 --result 禁止上市 --date 2026-05-30
check "a step before the sampling date: exit 1" [ "$rc" = 1 ]
check "... named" has "早于抽样日期 2026-06-01" "$err"
njr followup "$NO" 处置 --result 禁止上市 --date 2026-06-11
check "a step in the future: exit 1" [ "$rc" = 1 ]
check "... named" has "晚于今天" "$err"
njr followup "$NO" 结案 --result 完
check "结案 before a disposal: exit 1" [ "$rc" = 1 ]
check "... named" has "先登记处置" "$err"
njr followup "$NO" 复检 --frobnicate
check "an unknown option: usage, exit 2 (rc=$rc)" [ "$rc" = 2 ]
njr followup TL2026-无此-0001 复检 --result 30
check "an unknown sample: exit 1" [ "$rc" = 1 ]
check "... named" has "找不到样品编号" "$err"

njr followup "$NO" 复检 --result 30 --date 2026-06-02
check "复检 30%: exit 0 ($(cat "$err"))" [ "$rc" = 0 ]
check "... the output names the step and the state" has "已登记第 1 步 复检	处置状态: 待送检确证" "$out"
njr followup "$NO" 处置 --result 监督销毁 --date 2026-06-03
check "监督销毁 without quantity: exit 1" [ "$rc" = 1 ]
check "... named" has "需要数量" "$err"
njr followup "$NO" 处置 --result 监督销毁 --quantity 50kg --date 2026-06-03
check "监督销毁 50kg: exit 0" [ "$rc" = 0 ]
njr followup "$NO" 立案查处 --result "铜农执罚〔2026〕12号" --date 2026-06-04
check "立案查处: exit 0" [ "$rc" = 0 ]
njr followup "$NO" 立案查处 --result "铜农执罚〔2026〕13号" --date 2026-06-05
njr followup "$NO" 作废 3 --note 编号录错
check "voiding an earlier step: exit 1" [ "$rc" = 1 ]
check "... only the last" has "只能作废最后一步" "$err"
njr followup "$NO" 作废 4
check "voiding without a reason: exit 1" [ "$rc" = 1 ]
njr followup "$NO" 作废 4 --note 重复立案
check "voiding the last step: exit 0" [ "$rc" = 0 ]
njr followup "$NO" 结案 --result "罚款 2000 元" --date 2026-06-06
check "结案: exit 0" [ "$rc" = 0 ]
njr followup "$NO" 移送公安 --date 2026-06-07
check "nothing after 结案: exit 1" [ "$rc" = 1 ]
check "... named" has "已于 2026-06-06 结案" "$err"

njr followup show "$NO"
check "show exits 0" [ "$rc" = 0 ]
check "show: the state" has "处置状态: 已结案" "$out"
check "show: the retest result" has "复检  结果: 抑制率 30%" "$out"
check "show: the first result kept (阳性)" has "检测结果: 阳性" "$out"
check "show: the disposal with its quantity" has "处置方式: 监督销毁  数量: 50kg" "$out"
check "show: the voided step, kept with its reason" has "已作废: 重复立案" "$out"
njr followup list --open
check "a closed case leaves --open" [ ! -s "$out" ]
njr followup list --csv
check "--csv: BOM" sh -c "head -c 3 '$out' | od -An -tx1 | grep -q 'ef bb bf'"
check "--csv: header" has "样品编号,镇街,抽样日期" "$out"
check "--csv: the closed case" has "已结案" "$out"

# The database: 4 live steps and one voided, each step audited, none deletable.
check "4 live steps" [ "$(steps)" = 4 ]
check "1 voided step, kept" [ "$(sql "select count(*) from followup_steps where status = 'void'")" = 1 ]
check "every step and the voiding audited" [ "$(sql "select count(*) from audit where action like 'followup.%'")" = 6 ]
check "steps cannot be deleted with the sqlite3 tool" sh -c "! sqlite3 '$DB' 'delete from followup_steps' 2>/dev/null"

# The warning band by the setting; --town and --overdue.
njr settings set followup.open_on_warning yes
check "settings set followup.open_on_warning yes: exit 0 ($(cat "$err"))" [ "$rc" = 0 ]
njr correct "$WARN" --reason 复核 inhibition=46
njr followup list --town 土桥镇
check "a correction inside the warning band now opens a case (疑似阳性)" grep -q "^$WARN	土桥镇	.*疑似阳性	待复检" "$out"
njr followup list --overdue --town 侣俸镇
check "--overdue --town 侣俸镇: none (the closed case is not overdue)" [ ! -s "$out" ]
njr followup summary --year 2026
check "summary exits 0" [ "$rc" = 0 ]
check "summary: 侣俸镇 1 failed, 1 closed, 0 open, 0 overdue, 处置率 100%" grep -q "^侣俸镇	1	1	0	0	100.0%$" "$out"
check "summary: the warning-band case is not a failure (no 土桥镇 row)" sh -c "! grep -q '^土桥镇' '$out'"
check "summary: 合计 last" sh -c "tail -1 '$out' | grep -q '^合计	1	1	0	0	100.0%$'"

# The export of samples has the case's state (处置状态) as its last column.
njr export samples -o "$WORK/samples.csv"
check "export: exit 0" [ "$rc" = 0 ]
tr -d '\r' < "$WORK/samples.csv" > "$WORK/samples.lf"
last() { grep "^$1," "$WORK/samples.lf" | sed 's/.*,//'; }
check "export: the header ends with 处置状态" [ "$(sed -n 1p "$WORK/samples.lf" | sed 's/.*,外部编号,//')" = 处置状态 ]
check "export: the closed case (got $(last "$NO"))" [ "$(last "$NO")" = 已结案 ]
check "export: the warning-band case, open and overdue (got $(last "$WARN"))" \
	[ "$(last "$WARN")" = "待复检 (复检逾期 (应于 2026-06-02 前))" ]
check "export: a sample without a case has it empty" [ -z "$(last TL2026-土桥-0001)" ]
# A registered producer: producer show lists its cases (the first one
# linked by name); a confirmed 监督抽查 failure says how the credit rules
# may rate it, and rates nothing by itself.
njr producer add 名称=侣俸镇绿源合作社 主体类型=合作社 镇街=侣俸镇
PID=$(cut -f1 "$out")
njr add 镇街=区检测中心 抽样地点=侣俸镇 kind=监督抽查 样品名称=豇豆 item=毒死蜱 value=0.5 limit=0.02 \
	抽样人=张三、李四 stage=农贸市场 date=2026-06-05 producer=侣俸镇绿源合作社
SUP=$(cut -f1 "$out")
njr followup "$SUP" 处置 --result 禁止上市 --date 2026-06-06
check "处置 of a 监督抽查 failure: exit 0 ($(cat "$err"))" [ "$rc" = 0 ]
check "... says how to rate by the credit rules" has "nongjian rate $PID C --reason" "$err"
check "... and rates nothing by itself" [ "$(sql "select coalesce(rating, '-') from producers where id = $PID")" = - ]
njr producer show "$PID"
check "producer show lists the producer's cases" grep -q "^  $SUP  2026-06-05  豇豆  不合格  已处置" "$out"
check "... the first one too (linked by name)" grep -q "^  $NO  2026-06-01  豇豆  阳性  已结案" "$out"
e2e_done
