#!/bin/sh
# End-to-end: the quarterly bulletin (季度通报) of a fixed data set, word
# for word as text and cell for cell as CSV against the golden files in
# tests/golden/ (any section that breaks, moves or changes a figure fails
# here), its header from the settings in the database (bulletin.issuer,
# district.kind, bulletin.period: settings set, audited, bad values
# refused), the failed-sample list with the item and value of each
# failure, and the same figures on the screen.
# After a deliberate change of the bulletin, write the new golden files
# with NJ_UPDATE_GOLDEN=1 sh tests/e2e/bulletin.sh and review the diff.
. "$(dirname "$0")/lib.sh"
export NONGJIAN_TODAY=2026-07-03
e2e_setup
GOLDEN=$ROOT/tests/golden

out=$WORK/stdout err=$WORK/stderr
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }
has() { grep -qF -- "$1" "$2"; }
add() { # variable, then the record's fields: the new sample number into the variable
	_var=$1; shift
	if "$BIN" --config "$CONF" add "$@" --force > "$out" 2> "$err"; then
		eval "$_var=\$(cut -f1 \"\$out\")"
	else
		fail "add $*: $(cat "$err")"
		eval "$_var="
	fi
}
step() { # sample, step, date, result
	njr followup "$1" "$2" --date "$3" --result "$4"
	[ "$rc" = 0 ] || fail "followup $1 $2: $(cat "$err")"
}

# --- The header's words are the admin's, kept in the database.
njr settings set bulletin.issuer 铜梁区农业农村委员会农产品质量安全监管科
check "settings set bulletin.issuer: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "... audited with before and after" [ "$(sql "select before || '>' || after from audit where action = 'settings.set' and entity = 'bulletin.issuer'")" = "铜梁区农业农村委员会>铜梁区农业农村委员会农产品质量安全监管科" ]
njr settings set district.kind 省
check "a district kind that is not 县/区/市/旗: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "... says what it may be" has "辖区类别应为 县、区、市 或 旗" "$err"
njr settings set bulletin.period 上季度
check "a period that is neither current nor last: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "... says what it may be" has "current (本季度至今) 或 last (上一个完整季度)" "$err"
njr settings set bulletin.issuer "$(printf '监管\033]0;x\007科')"
check "an issuer with a terminal escape: refused (rc=$rc)" [ "$rc" = 1 ]
check "nothing bad was stored" [ "$(sql "select count(*) from settings where key = 'issuer' and value like '%x%'")" = 0 ]
njr settings set followup.open_on_warning yes
check "the warning band opens cases too (rc=$rc)" [ "$rc" = 0 ]

# --- A fixed quarter: rapid tests (a positive walked to 结案, one open and
# overdue, one in the warning band), quantitative records with failing
# items (超标, a banned substance), an input apart, a pass, and a first-
# quarter positive that counts in the year's 处置率 only.
njr target set 侣俸镇 定性检测 4
# Registered producers (a failure links to them by name), 合格证, the
# designated shops' restricted-pesticide sales (one buyer in two shops).
# Their 登记日期 is given, so the registry starts on a fixed day (not on
# the wall clock's day they were typed in) and an inspection in the
# quarter is after it.
reg() { # registered in March, before the quarter
	env NONGJIAN_TODAY=2026-03-01 "$BIN" --config "$CONF" producer add 登记日期=2026-03-01 "$@" > "$out" 2> "$err" ||
		fail "producer add $*: $(cat "$err")"
}
reg 名称=侣俸镇绿源蔬菜专业合作社 主体类型=合作社 镇街=侣俸镇 '村(社区)=白龙村'
reg 名称=土桥镇织篢家庭农场 主体类型=家庭农场 镇街=土桥镇
reg 名称=侣俸镇惠农农资店 主体类型=农资店 镇街=侣俸镇 定点经营=是 许可证号=渝农药经营500151001 许可日期=2024-03-01
reg 名称=土桥镇丰收农资店 主体类型=农资店 镇街=土桥镇 定点经营=是 许可证号=渝农药经营500151002 许可日期=2024-03-01
njr inspect add 主体=侣俸镇绿源蔬菜专业合作社 日期=2026-05-15 检查人=张三、李四
[ "$rc" = 0 ] || fail "inspect add: $(cat "$err")"
njr certificate 侣俸镇绿源蔬菜专业合作社 --month 2026-05 --count 120
[ "$rc" = 0 ] || fail "certificate: $(cat "$err")"
njr brand add 侣俸镇绿源蔬菜专业合作社 --kind 绿色食品 --date 2026-05-08 --no LB-2026-0508
[ "$rc" = 0 ] || fail "brand: $(cat "$err")"
ID_ZS=500223198001011239
njr sale add 农资店=侣俸镇惠农农资店 日期=2026-05-14 购买人=张三 身份证号=$ID_ZS '村(社区)=双河村' 农药=克百威 数量=2 单位=kg 作物=水稻
[ "$rc" = 0 ] || fail "sale add: $(cat "$err")"
njr sale add 农资店=土桥镇丰收农资店 日期=2026-06-01 购买人=张三 身份证号=$ID_ZS '村(社区)=双河村' 农药=克百威 数量=1.5 单位=kg 作物=水稻
[ "$rc" = 0 ] || fail "sale add: $(cat "$err")"
add OLD 镇街=侣俸镇 样品名称=豇豆 inhibition=80 抽样人=张三 stage=农贸市场 date=2026-02-10
add P1 镇街=侣俸镇 样品名称=豇豆 inhibition=62.5 抽样人=张三 stage=农贸市场 date=2026-04-08 producer=侣俸镇绿源蔬菜专业合作社
add WARN 镇街=土桥镇 样品名称=菠菜 inhibition=45 抽样人=李四 stage=超市 date=2026-06-02 producer=土桥镇鲜丰超市
add LATE 镇街=土桥镇 样品名称=韭菜 inhibition=71 抽样人=李四 stage=批发市场 date=2026-06-25
add R1 镇街=区检测中心 kind=例行监测 site=土桥镇 样品名称=番茄 "items=镉:0.15:mg/kg；毒死蜱:0.01:mg/kg:0.5" 抽样人=张三、李四 stage=生产基地 date=2026-05-10 producer=土桥镇织篢家庭农场
add S1 镇街=区检测中心 kind=监督抽查 site=侣俸镇 样品名称=豇豆 "items=甲胺磷:0.02:mg/kg；镉:0.3:mg/kg:0.1" 抽样人=张三、李四 stage=批发市场 date=2026-05-12 producer=侣俸镇绿源蔬菜专业合作社
add IN 镇街=区检测中心 kind=农业投入品 site=土桥镇 样品名称=复合肥 category=肥料 stage=收购 item=镉 value=12 unit=mg/kg limit=10 抽样人=张三、李四 date=2026-05-20
add PASS 镇街=侣俸镇 样品名称=芹菜 inhibition=12 抽样人=张三 stage=生产基地 date=2026-05-06
check "the fixed data set is saved" [ -n "$OLD" -a -n "$P1" -a -n "$WARN" -a -n "$LATE" -a -n "$R1" -a -n "$S1" -a -n "$IN" -a -n "$PASS" ]
step "$P1" 复检 2026-04-09 70
step "$P1" 处置 2026-04-10 禁止上市
step "$P1" 结案 2026-04-20 已销毁
step "$R1" 处置 2026-05-12 暂停销售

# --- Text and CSV against the golden files.
njr report quarter --year 2026 --quarter 2
check "report quarter: exit 0 (rc=$rc)" [ "$rc" = 0 ]
tr -d '\r' < "$out" > "$WORK/bulletin.txt"
njr report quarter --year 2026 --quarter 2 --csv
check "report quarter --csv: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "... is UTF-8 with a BOM (Excel)" [ "$(head -c 3 "$out" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "... with CRLF line ends" [ "$(awk '!/\r$/' "$out" | wc -l)" = 0 -a "$(wc -l < "$out")" -gt 50 ]
sed '1s/^\xef\xbb\xbf//' "$out" | tr -d '\r' > "$WORK/bulletin.csv"
if [ "${NJ_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$WORK/bulletin.txt" "$GOLDEN/bulletin-2026q2.txt"
	cp "$WORK/bulletin.csv" "$GOLDEN/bulletin-2026q2.csv"
	echo "# golden files written: review git diff tests/golden"
fi
same() { # got, golden: equal, or the difference shown
	cmp -s "$1" "$2" && return 0
	diff -u "$2" "$1" | head -40 | sed 's/^/# /'
	return 1
}
check "the bulletin's text is the golden one, word for word" same "$WORK/bulletin.txt" "$GOLDEN/bulletin-2026q2.txt"
check "the bulletin's CSV is the golden one, cell for cell" same "$WORK/bulletin.csv" "$GOLDEN/bulletin-2026q2.csv"

# What the golden files hold, said on its own (so a wrong golden file
# written by NJ_UPDATE_GOLDEN is caught too).
T=$WORK/bulletin.txt C=$WORK/bulletin.csv
check "text header: the issuing body from the database, and the period" \
	has "发文单位：铜梁区农业农村委员会农产品质量安全监管科　统计时段：2026-04-01 至 2026-06-30" "$T"
check "text: 区级 from the district's kind" has "  区级定量检测任务 746 个" "$T"
check "text: 农业投入品 apart, not in the 农产品 pass rate" \
	has "  农业投入品: 检测 1 个，不合格 1 个 (单独统计，不计入农产品合格率)。" "$T"
check "text: a rapid positive's inhibition against 50 %, and its case 已结案" \
	grep -qE "^    $P1  侣俸镇  侣俸镇绿源蔬菜专业合作社  豇豆  阳性 \(抑制率 62.5%，≥50% 为阳性\)  已结案$" "$T"
check "text: the warning band is 疑似阳性" grep -qF "$WARN  土桥镇  土桥镇鲜丰超市  菠菜  疑似阳性 (抑制率 45%，40%～50% 为疑似阳性)" "$T"
check "text: a quantitative failure names each failing item with value, unit and limit" \
	grep -qF "$S1  区检测中心  侣俸镇绿源蔬菜专业合作社  豇豆  不合格 (甲胺磷 0.02 mg/kg，检出禁用药物；镉 0.3 mg/kg，限量 0.1 mg/kg，超标)" "$T"
check "text: the passing item of a failed record is not listed" sh -c "! grep -q '毒死蜱' '$T'"
check "text: problems by product, the most first, then in the product list's order; inputs apart" has "  按样品名称: 豇豆 2 个，韭菜 1 个，番茄 1 个。" "$T"
check "text: the first quarter's positive is in the year's 处置率, not the quarter's list" \
	sh -c "! grep -qF '$OLD' '$T' && grep -qF '全年不合格 6 个' '$T'"
# (A section's title is the only row of one cell: every other row has a comma.)
check "CSV: its sections in the documented order" [ "$(grep -v , "$C" | grep . | tr '\n' '|')" = "铜梁区农产品质量安全检测工作通报 (2026 年第 2 季度，截至 2026-06-30)|一、总体进度|二、各单位定性检测进度排名 (按完成率)|三、进度落后的单位 (通报批评) 和通报表扬|四、本季度不合格样品情况 (2026-04-01 至 2026-06-30)|五、检打联动 (不合格样品跟踪处置)：全年处置率|五、检打联动：本季度不合格样品 (按抽样日期)|巡查覆盖、一年一检、合格证、追溯和农业品牌 (各镇街；2026-04-01 至 2026-06-30)|限用农药实名购买 (2026-04-01 至 2026-06-30)|限用农药实名购买：在多家农资店购买的购买人|铜梁区 2026 年度检测任务进度 (截至 2026-06-30，已过全年 49.6%，合格率目标 98%)|" ]
check "CSV: an empty line between sections" [ "$(grep -c '^$' "$C")" = 10 ]
check "CSV: one row per failing item of $S1, with value, unit and limit" \
	[ "$(grep -c "^$S1," "$C")/$(grep "^$S1," "$C" | cut -d, -f8-13 | tr '\n' '|')" = "2/甲胺磷,0.02,mg/kg,,,检出禁用药物|镉,0.3,mg/kg,0.1,mg/kg,超标|" ]
check "CSV: the rapid positive's row says 抑制率 62.5 % against 50 % and 已结案" \
	grep -qx "$P1,2026-04-08,侣俸镇,侣俸镇绿源蔬菜专业合作社,豇豆,定性检测,阳性,抑制率,62.5,%,50,%,阳性,已结案," "$C"
check "CSV: the header rows say the issuing body" grep -qx "发文单位,铜梁区农业农村委员会农产品质量安全监管科" "$C"
check "CSV: 侣俸镇's coverage row (2 producers, 1 inspected, 1 sampled, 1 issuing 120 合格证)" \
	grep -q "^侣俸镇,2,1,1,50.0%,0,0,2,1,1,50.0%,1,50.0%,120," "$C"
njr coverage --year 2026 --quarter 1 --csv
check "coverage of Q1, a quarter over: the 4 producers registered (登记日期) on 2026-03-01 are in it, though typed in today" \
	sh -c "tr -d '\r' < '$out' | grep -q '^合计,4,0,4,0.0%,'"
njr coverage --year 2026 --quarter 2 --date 2026-06-30 --csv
sed '1s/^\xef\xbb\xbf//' "$out" | tr -d '\r' > "$WORK/coverage.csv"
awk '/^巡查覆盖、/ { on = 1; next } on && /^$/ { exit } on' "$C" > "$WORK/b-coverage.csv"
check "CSV: the 巡查覆盖 section is coverage --csv's table, column for column" same "$WORK/b-coverage.csv" "$WORK/coverage.csv"
check "CSV: the sales, and the buyer in two shops with the ID masked" \
	sh -c "grep -qx '侣俸镇,侣俸镇惠农农资店,克百威,2,kg,1' '$C' && grep -q '^张三,5002\*\*\*\*\*\*\*\*\*\*1239,2,2,' '$C'"
check "text: the same sales" has "    侣俸镇惠农农资店  克百威 2kg (1 笔)" "$T"

# --- The words follow the settings.
njr settings set district.kind 县
njr report quarter --year 2026 --quarter 2
check "district.kind 县: the tasks are 县级" has "  县级定量检测任务 746 个" "$out"
njr settings set district.kind 区
njr report quarter --year 2026
check "bulletin.period current: on 07-03 without --quarter, the third quarter so far" has "（2026 年第 3 季度，截至 2026-07-03）" "$out"
njr settings set bulletin.period last
njr report quarter --year 2026
check "bulletin.period last: the second quarter, the last finished one" has "（2026 年第 2 季度，截至 2026-06-30）" "$out"
njr report quarter --year 2026 --csv --encoding gbk -o "$WORK/通报.csv"
check "report quarter --csv --encoding gbk -o FILE: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "... the same cells in GBK" sh -c "iconv -f GBK -t UTF-8 '$WORK/通报.csv' | tr -d '\r' | cmp -s - '$C'"
njr report quarter --year 2026 -o "$WORK/通报2.csv"
check "-o FILE.csv means CSV" sh -c "sed '1s/^\xef\xbb\xbf//' '$WORK/通报2.csv' | tr -d '\r' | cmp -s - '$C'"
njr report quarter --format pdf
check "an unknown format: a usage error (rc=$rc)" [ "$rc" = 2 ]
njr report quarter --year 2026 --quarter 5 --csv
check "--quarter 5: a usage error (rc=$rc)" [ "$rc" = 2 ]
njr report quarter --year 2026 --quarter 4 --csv -o "$WORK/q4.csv"
check "a quarter not yet begun: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "... says so" has "2026 年第 4 季度还没开始" "$err"
check "... and leaves no file behind" sh -c "! ls '$WORK' | grep -q '^q4\.csv'"

# --- The same figures on the screen (dashboard, b: the bulletin).
e2e_start 80 24 xterm
check "menu" wait_for "3  任务进度"
keys 3
check "dashboard" wait_for "[定性检测]"
keys b
check "the bulletin on the screen: the quarter bulletin.period names" wait_for "2026 年第 2 季度通报"
check "... with the issuing body" shows "发文单位：铜梁区农业农村委员会农产品质量安全监管科"
tm_stop

e2e_done
