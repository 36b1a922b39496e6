#!/bin/sh
# End-to-end: the files people exchange with Excel and WPS. Workbooks
# given to import are refused once with what to do; every CSV the program
# writes opens in Chinese Excel (BOM, CRLF, -o, --encoding gbk); the
# bulletin is CRLF text and can be GBK.
. "$(dirname "$0")/lib.sh"
e2e_setup

out=$WORK/stdout err=$WORK/stderr
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }   # sets rc
has() { grep -qF -- "$1" "$2"; }                                     # text, file
hexbytes() { od -An -tx1 | tr -d ' \n'; }
bom() { [ "$(head -c 3 "$1" | hexbytes)" = efbbbf ]; }
# every line of a file ends in CRLF (and there is at least one)
all_crlf() { [ -s "$1" ] && ! tr -d '\r' < "$1" | cmp -s - "$1" && [ "$(grep -c "$(printf '\r')\$" "$1")" = "$(wc -l < "$1" | tr -d ' ')" ]; }
is_gbk() { ! iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1 && iconv -f GBK -t UTF-8 "$1" > /dev/null 2>&1; }
count() { grep -cF -- "$1" "$2"; }
# xlsx FILE [N]: the cells of worksheet N (default 1), one a line:
# reference, text|number, value, number format (tests/e2e/xlsx_cells.awk).
xlsx() {
	unzip -p "$1" xl/styles.xml > "$WORK/x-styles.xml"
	unzip -p "$1" xl/sharedStrings.xml > "$WORK/x-strings.xml" 2>/dev/null || : > "$WORK/x-strings.xml"
	unzip -p "$1" "xl/worksheets/sheet${2:-1}.xml" > "$WORK/x-sheet.xml"
	awk -f "$ROOT/tests/e2e/xlsx_cells.awk" "$WORK/x-styles.xml" "$WORK/x-strings.xml" "$WORK/x-sheet.xml"
}
# cell CELLS REF: "kind<TAB>value<TAB>format" of one cell
cell() { awk -F '\t' -v r="$2" '$1 == r { print $2 "\t" $3 "\t" $4 }' "$1"; }
T=$(printf '\t')

nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=55' 抽样人=张三 抽样环节=农贸市场 抽样日期=2026-06-01 > /dev/null ||
	fail "add a sample"

# --- Workbooks given to import: refused once, exit 2, nothing read.
printf 'PK\003\004\024\000\006\000\010\000\000\000!\000[Content_Types].xml' > "$WORK/主体.xlsx"
head -c 2000 /dev/urandom >> "$WORK/主体.xlsx"
njr import producers "$WORK/主体.xlsx"
check "an .xlsx given to import: exit 2 (rc=$rc)" [ "$rc" = 2 ]
check "it says this is an Excel workbook and to save as CSV" \
	has "这是 Excel 工作簿 (.xlsx)，请在 Excel 中另存为 CSV (UTF-8 或 GBK) 后导入" "$err"
check "the message is said once ($(count 这是 "$err"))" [ "$(count 这是 "$err")" = 1 ]
check "no quote-error noise about the zip's bytes" sh -c "! grep -q 双引号 '$err'"
printf '\320\317\021\340\241\261\032\341' > "$WORK/样品.xls"
head -c 2000 /dev/zero >> "$WORK/样品.xls"
njr import samples "$WORK/样品.xls" --report "$WORK/r.csv"
check "an .xls (OLE2) given to import: exit 2 (rc=$rc)" [ "$rc" = 2 ]
check "it says this is an Excel 97-2003 workbook" has "Excel 97-2003 或 WPS 工作簿 (.xls/.et)" "$err"
check "said once on the terminal" [ "$(count 工作簿 "$err")" = 1 ]
check "and once in the report file" [ "$(count 工作簿 "$WORK/r.csv")" = 1 ]

# --- quota --csv: BOM, CRLF, -o, --encoding gbk.
njr quota --csv
check "quota --csv exits 0 (rc=$rc)" [ "$rc" = 0 ]
check "quota --csv starts with the BOM" bom "$out"
check "quota --csv: every line ends in CRLF" all_crlf "$out"
njr quota --csv -o "$WORK/进度.csv"
check "quota --csv -o FILE: exit 0, nothing on stdout" test "$rc" = 0 -a ! -s "$out"
check "quota --csv -o FILE: the same bytes as on stdout" \
	sh -c "'$BIN' --config '$CONF' quota --csv | cmp -s - '$WORK/进度.csv'"
njr quota --csv --encoding gbk -o "$WORK/进度-gbk.csv"
check "quota --csv --encoding gbk: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "the GBK file is GBK, without a BOM" is_gbk "$WORK/进度-gbk.csv"
iconv -f GBK -t UTF-8 "$WORK/进度-gbk.csv" > "$WORK/back.csv"
check "the GBK file reads back as the UTF-8 one without its BOM" \
	sh -c "tail -c +4 '$WORK/进度.csv' | cmp -s - '$WORK/back.csv'"
check "GBK CSV lines end in CRLF too" all_crlf "$WORK/进度-gbk.csv"
njr quota --csv --encoding latin1
check "an unknown encoding: usage error 2 (rc=$rc)" [ "$rc" = 2 ]
njr quota -o "$WORK/进度.txt"
check "quota table to a file: CRLF" all_crlf "$WORK/进度.txt"

# --- The bulletin: CRLF text, GBK on request.
njr report quarter --quarter 2 -o "$WORK/通报.txt"
check "report quarter -o: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "the bulletin file: every line ends in CRLF" all_crlf "$WORK/通报.txt"
check "the bulletin has its title" has "农产品质量安全检测工作通报" "$WORK/通报.txt"
njr report quarter --quarter 2 --encoding gbk -o "$WORK/通报-gbk.txt"
check "report quarter --encoding gbk: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "the GBK bulletin is GBK" is_gbk "$WORK/通报-gbk.txt"
check "the GBK bulletin says the same" sh -c "iconv -f GBK -t UTF-8 '$WORK/通报-gbk.txt' | cmp -s - '$WORK/通报.txt'"
check "the GBK bulletin keeps CRLF" all_crlf "$WORK/通报-gbk.txt"

# --- Templates and the blacklist CSV.
njr template producers --encoding gbk -o "$WORK/tpl.csv"
check "template --encoding gbk: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "the GBK template is GBK" is_gbk "$WORK/tpl.csv"
check "the GBK template ends in CRLF" all_crlf "$WORK/tpl.csv"
nj producer add 名称=织篢蔬菜专业合作社 主体类型=合作社 镇街=侣俸镇 > /dev/null || fail "producer add"
nj blacklist add 1 --reason-kind 违禁物质 --reason 检出克百威 > /dev/null 2>&1 || fail "blacklist add"
njr blacklist --csv -o "$WORK/黑名单.csv"
check "blacklist --csv -o: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "blacklist CSV: BOM" bom "$WORK/黑名单.csv"
check "blacklist CSV: every line CRLF" all_crlf "$WORK/黑名单.csv"
check "blacklist CSV: the listing" has "织篢蔬菜专业合作社" "$WORK/黑名单.csv"
njr blacklist --csv --encoding gbk -o "$WORK/黑名单-gbk.csv"
check "blacklist --csv --encoding gbk: 篢 is in GBK, exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "blacklist GBK file reads back" sh -c "iconv -f GBK -t UTF-8 '$WORK/黑名单-gbk.csv' | grep -qF 织篢蔬菜专业合作社"

# --- .xlsx out: cells of the right kind, read back from the file itself.
nj producer add 名称=侣俸镇织篢蔬菜专业合作社 主体类型=家庭农场 镇街=侣俸镇 联系电话=02345671234 \
	身份证号=500224197001011230 > /dev/null || fail "producer with a landline and an ID number"
njr export samples --year 2026 --format xlsx -o "$WORK/样品.xlsx"
check "export samples --format xlsx: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "the file is a zip (an .xlsx)" [ "$(head -c 2 "$WORK/样品.xlsx")" = PK ]
xlsx "$WORK/样品.xlsx" > "$WORK/s.cells"
check "title row names the district and the year" \
	[ "$(cell "$WORK/s.cells" A1)" = "text${T}铜梁区 抽样检测记录 (2026 年，导出于 2026-06-15)$T" ]
check "header in row 2: 样品编号, 抽样日期" \
	[ "$(cell "$WORK/s.cells" A2 | cut -f2)/$(cell "$WORK/s.cells" B2 | cut -f2)" = 样品编号/抽样日期 ]
check "the sample number is a text cell" [ "$(cell "$WORK/s.cells" A3)" = "text${T}TL2026-侣俸-0001$T@" ]
check "the date is a date cell (serial 46174 = 2026-06-01)" \
	[ "$(cell "$WORK/s.cells" B3)" = "number${T}46174${T}yyyy-mm-dd" ]
check "the method is text beside it" [ "$(cell "$WORK/s.cells" M3)" = "text${T}酶抑制法$T" ]
check "the inhibition rate is a number cell" [ "$(cell "$WORK/s.cells" N3)" = "number${T}55$T" ]
check "the town is text" [ "$(cell "$WORK/s.cells" C3)" = "text${T}侣俸镇$T" ]
check "the version is a number" [ "$(cell "$WORK/s.cells" AC3 | cut -f1,2)" = "number${T}1" ]
check "录入时间 is a date-time cell" [ "$(cell "$WORK/s.cells" AE3 | cut -f1,3)" = "number${T}yyyy-mm-dd hh:mm:ss" ]
unzip -p "$WORK/样品.xlsx" xl/worksheets/sheet1.xml > "$WORK/s.xml"
check "the header row is frozen (below row 2)" sh -c "grep -q 'ySplit=\"2\"' '$WORK/s.xml' && grep -q 'state=\"frozen\"' '$WORK/s.xml'"

njr export producers -o "$WORK/主体.xlsx"
check "export producers -o FILE.xlsx: xlsx by the name (rc=$rc)" test "$rc" = 0 -a "$(head -c 2 "$WORK/主体.xlsx")" = PK
xlsx "$WORK/主体.xlsx" > "$WORK/p.cells"
row=$(awk -F '\t' '$3 == "侣俸镇织篢蔬菜专业合作社" { sub(/^B/, "", $1); print $1 }' "$WORK/p.cells")
check "the producer is in the sheet (row $row)" [ -n "$row" ]
check "a landline with its leading 0 is a text cell, not 2345671234" \
	[ "$(cell "$WORK/p.cells" "H$row")" = "text${T}02345671234$T@" ]
check "an 18-digit ID number is a text cell, not 5.00224E+17" \
	[ "$(cell "$WORK/p.cells" "J$row")" = "text${T}500224197001011230$T@" ]
check "the registry number is a number" [ "$(cell "$WORK/p.cells" "A$row" | cut -f1)" = number ]
unzip -p "$WORK/主体.xlsx" xl/worksheets/sheet1.xml > "$WORK/p.xml"
# 侣俸镇织篢蔬菜专业合作社 is 12 characters, 24 display columns
w=$(sed -n 's/.*<col min="2" max="2" width="\([0-9]*\).*/\1/p' "$WORK/p.xml")
check "the name column is as wide as the Chinese name (width ${w:-none} >= 24)" [ "${w:-0}" -ge 24 ]

njr quota --date 2026-06-15 --format xlsx -o "$WORK/进度.xlsx"
check "quota --format xlsx: exit 0 (rc=$rc)" [ "$rc" = 0 ]
xlsx "$WORK/进度.xlsx" > "$WORK/q.cells"
check "quota title: district, year and as-of date" \
	sh -c "cut -f3 '$WORK/q.cells' | head -1 | grep -qF '铜梁区 2026 年度检测任务进度 (截至 2026-06-15'"
check "完成率 and 合格率 are percent-formatted numbers in every row" \
	[ "$(awk -F '\t' '$1 ~ /^E([3-9]|[1-9][0-9]+)$/ && ($2 != "number" || $4 != "0.0%")' "$WORK/q.cells" | wc -l)" = 0 ]
# The sheet, rows 2.. as CSV text (percentages as the screen writes them),
# compared line by line with quota --csv.
awk -F '\t' '
	{ r = $1; sub(/^[A-Z]+/, "", r); r += 0; c = $1; sub(/[0-9]+$/, "", c); if (r < 2) next
	  v = $3; if ($2 == "number" && $4 == "0.0%") v = sprintf("%.1f%%", v * 100)
	  col = index("ABCDEFGHIJ", c); cells[r, col] = v; if (r > last) last = r }
	END { for (i = 2; i <= last; i++) { line = ""; for (j = 1; j <= 10; j++) line = line (j > 1 ? "," : "") cells[i, j]; print line } }
' "$WORK/q.cells" > "$WORK/q-from-xlsx.csv"
"$BIN" --config "$CONF" quota --date 2026-06-15 --csv | tail -c +4 | tr -d '\r' > "$WORK/q.csv"
check "the quota sheet has the same figures as quota --csv, cell by cell ($(wc -l < "$WORK/q.csv" | tr -d ' ') rows)" \
	cmp -s "$WORK/q-from-xlsx.csv" "$WORK/q.csv"
check "侣俸镇's rapid-test row is in it: 1 done, 1 positive, pass rate 0.0%" \
	grep -q '^侣俸镇,定性检测,800,1,0.1%,364,-363,2,1,0.0%$' "$WORK/q-from-xlsx.csv"
njr quota --format xlsx
check "quota --format xlsx without -o: the workbook goes to a redirected stdout" \
	test "$rc" = 0 -a "$(head -c 2 "$out")" = PK
njr quota --format xlsx --encoding gbk -o "$WORK/x.xlsx"
check "--encoding with xlsx is refused (rc=$rc)" [ "$rc" != 0 ]

njr report quarter --quarter 2 -o "$WORK/通报.xlsx"
check "report quarter -o FILE.xlsx: exit 0 (rc=$rc)" test "$rc" = 0 -a "$(head -c 2 "$WORK/通报.xlsx")" = PK
check "the bulletin workbook has one worksheet per section: eleven" \
	[ "$(unzip -l "$WORK/通报.xlsx" | grep -c 'xl/worksheets/sheet[0-9]*\.xml')" = 11 ]
check "they are 通报, 总体进度, 进度排名, 通报批评和表扬, 问题分布, 处置率, 不合格样品, 巡查覆盖, 限用农药, 多店购买, 任务进度" \
	sh -c "unzip -p '$WORK/通报.xlsx' xl/workbook.xml | grep -q 'name=\"通报\".*name=\"总体进度\".*name=\"进度排名\".*name=\"通报批评和表扬\".*name=\"问题分布\".*name=\"处置率\".*name=\"不合格样品\".*name=\"巡查覆盖\".*name=\"限用农药\".*name=\"多店购买\".*name=\"任务进度\"'"
xlsx "$WORK/通报.xlsx" 1 > "$WORK/b1.cells"
check "the first worksheet's title names the district and the quarter" \
	sh -c "head -1 '$WORK/b1.cells' | grep -qF '铜梁区农产品质量安全检测工作通报 (2026 年第 2 季度，截至 2026-06-15)'"
xlsx "$WORK/通报.xlsx" 3 > "$WORK/b3.cells"
check "the ranking's header" [ "$(awk -F '\t' '$1 ~ /^[A-Z]+2$/ { printf "%s,", $3 }' "$WORK/b3.cells")" = "排名,单位,完成,目标,完成率,差额,合格率,状态," ]
brow=$(awk -F '\t' '$3 == "侣俸镇" { sub(/^B/, "", $1); print $1 }' "$WORK/b3.cells")
check "侣俸镇 ranks first (row ${brow:-none}): 1 of 800" \
	[ "${brow:-0}/$(cell "$WORK/b3.cells" "C$brow" | cut -f1,2)/$(cell "$WORK/b3.cells" "D$brow" | cut -f2)" = "3/number${T}1/800" ]
check "its rank is the number 1" [ "$(cell "$WORK/b3.cells" "A$brow" | cut -f1,2)" = "number${T}1" ]
check "its completion is a percent cell" [ "$(cell "$WORK/b3.cells" "E$brow" | cut -f1,3)" = "number${T}0.0%" ]
xlsx "$WORK/通报.xlsx" 5 > "$WORK/b5.cells"
vrow=$(awk -F '\t' '$3 == "蔬菜" { sub(/^B/, "", $1); print $1; exit }' "$WORK/b5.cells")
check "问题分布: 蔬菜 by product category, 1 tested, 1 positive (row ${vrow:-none})" \
	[ "$(cell "$WORK/b5.cells" "A$vrow" | cut -f2)/$(cell "$WORK/b5.cells" "C$vrow" | cut -f2)/$(cell "$WORK/b5.cells" "D$vrow" | cut -f1,2)" = "产品类别/1/number${T}1" ]
xlsx "$WORK/通报.xlsx" 11 > "$WORK/b11.cells"
check "任务进度 in the bulletin is the quota sheet" \
	[ "$(cut -f2- "$WORK/b11.cells" | sed 1d | md5sum)" = "$(cut -f2- "$WORK/q.cells" | sed 1d | md5sum)" ]

# --- What Excel and WPS write, read as meant: a sample sheet saved as GBK
# "CSV", with Alt+Enter breaks in place and remarks, 年月日 dates, a date
# serial number, a midnight time, percent and full-width numbers.
gbk() { iconv -f UTF-8 -t GBK > "$1"; }
H="抽样日期,镇街,检测类别,受检主体,样品名称,产品类别,抽样环节,抽样地点,抽样数量,抽样人,检测人,抑制率(%),检测项目,检测值,单位,限量值,备注"
printf '%s\r\n' "$H" \
	"2026年6月2日,侣俸镇,定性检测,,黄瓜,,生产基地,\"白龙村
3组\",1kg,张三,李四,35%,,,,,\"复检
送定量\"" \
	"46175,土桥镇,定性检测,,番茄,,农贸市场,,1kg,张三,,４５,,,,," \
	"2026/6/4 0:00,土桥镇,定性检测,,芹菜,,超市,,1kg,张三,,12.5％,,,,," \
	"2026.6.5,土桥镇,定性检测,,菠菜,,超市,,1kg,张三,,８,,,,," | gbk "$WORK/excel.csv"
check "the sheet is GBK with a line break inside a quoted cell" is_gbk "$WORK/excel.csv"
njr import samples "$WORK/excel.csv" --report "$WORK/excel-r.csv"
check "Excel's sheet imports: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "4 new" has "新增 4 条" "$out"
check "the summary counts the notes" has "提示 3 条" "$out"
v() { sql "select $1 from samples where product = '$2'"; }
check "2026年6月2日 stored as 2026-06-02" [ "$(v sample_date 黄瓜)" = 2026-06-02 ]
check "Alt+Enter in 抽样地点 became a space" [ "$(v place 黄瓜)" = "白龙村 3组" ]
check "Alt+Enter in 备注 became a space" [ "$(v remarks 黄瓜)" = "复检 送定量" ]
check "the break is reported as a note, not an error" has "提示: 单元格内的换行 (Excel 中按 Alt+Enter 输入的) 已改为空格" "$err"
check "35% in 抑制率 is 35" [ "$(v inhibition 黄瓜)" = 35.0 ]
check "Excel serial 46175 read as 2026-06-02" [ "$(v sample_date 番茄)" = 2026-06-02 ]
check "the serial is reported with a note" has "Excel 日期序号 46175 已读作 2026-06-02" "$err"
check "full-width ４５ is 45" [ "$(v inhibition 番茄)" = 45.0 ]
check "2026/6/4 0:00 (a date-time cell) read as 2026-06-04" [ "$(v sample_date 芹菜)" = 2026-06-04 ]
check "12.5％ is 12.5" [ "$(v inhibition 芹菜)" = 12.5 ]
check "2026.6.5 read as 2026-06-05" [ "$(v sample_date 菠菜)" = 2026-06-05 ]
check "the notes are in the report, each with its row" has "2,抽样地点," "$WORK/excel-r.csv"
printf '%s\r\n' "$H" "2026-06-03,土桥镇,定性检测,,\"豇
豆\",,超市,,1kg,张三,,8,,,,," | gbk "$WORK/name-break.csv"
njr import samples "$WORK/name-break.csv"
check "a line break in a name is still refused (rc=$rc)" [ "$rc" = 1 ]
check "with what to do" has "这一项不能分行，请把换行改为空格或顿号" "$err"

# --- Producers with the registry's history: ratings and listings in, as
# rate and blacklist add would make them; a landline without its 0 and an
# ID number in scientific notation refused with the fix.
P="主体名称,主体类型,镇街,村(社区),地址,联系电话,身份证号,信用等级,评级日期,依据,黑名单,原因类别,原因,列入日期"
printf '%s\r\n' "$P" \
	"张三家庭农场,家庭农场,侣俸镇,白龙村,\"白龙村
3组12号\",13800000000,,C,2026年3月1日,两次抽检不合格,,,," \
	"李四种植大户,种养大户,土桥镇,,,023-45671234,,,,,是,违禁物质,检出克百威,2026/5/20" \
	"王五蔬菜专业合作社,合作社,安居镇,,,,,A,2026-01-10,年度信用评价,,,," | gbk "$WORK/registry.csv"
njr import producers "$WORK/registry.csv"
check "the registry with ratings and listings imports: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "3 new producers" has "新增 3 条" "$out"
pid() { sql "select id from producers where name = '$1'"; }
check "张三家庭农场's address keeps both lines, joined by a space" \
	[ "$(sql "select address from producers where name = '张三家庭农场'")" = "白龙村 3组12号" ]
check "rated C on 2026-03-01 with its reason" \
	[ "$(sql "select rated_on || ' ' || new_rating || ' ' || reason from producer_ratings where producer_id = $(pid 张三家庭农场)")" = "2026-03-01 C 两次抽检不合格" ]
check "C puts it on the blacklist, as rate does with [credit] c_blacklist" \
	[ "$(sql "select reason_kind || ' ' || since from blacklist where producer_id = $(pid 张三家庭农场) and lifted_at is null")" = "rating_c 2026-03-01" ]
check "李四种植大户 listed: 违禁物质 since 2026-05-20" \
	[ "$(sql "select reason_kind || ' ' || since || ' ' || detail from blacklist where producer_id = $(pid 李四种植大户)")" = "banned 2026-05-20 检出克百威" ]
check "王五 rated A" [ "$(sql "select rating from producers where id = $(pid 王五蔬菜专业合作社)")" = A ]
check "one audit row per rating and listing" [ "$(sql "select count(*) from audit where action in ('producer.rate', 'blacklist.add')")" -ge 4 ]
nr=$(sql "select count(*) from producer_ratings") nb=$(sql "select count(*) from blacklist")
njr import producers "$WORK/registry.csv"
check "importing it again: exit 0, nothing new (rc=$rc)" sh -c "test $rc = 0 && grep -qF '新增 0 条，已存在 3 条' '$out'"
check "no rating added twice ($nr)" [ "$(sql "select count(*) from producer_ratings")" = "$nr" ]
check "no listing added twice ($nb)" [ "$(sql "select count(*) from blacklist")" = "$nb" ]
nj export producers -o "$WORK/registry-out.csv" 2> /dev/null
check "the export has the history columns" has "信用等级,评级日期,依据,黑名单,原因类别,原因,列入日期" "$WORK/registry-out.csv"
check "the export carries the rating and the listing" has "C,2026-03-01,两次抽检不合格,是,C评级,两次抽检不合格,2026-03-01" "$WORK/registry-out.csv"
njr import producers "$WORK/registry-out.csv"
check "our own export back in: nothing new (rc=$rc)" sh -c "test $rc = 0 && grep -qF '新增 0 条' '$out'"
njr template producers
check "the producer template has the history columns" has "身份证号,主要产品,认证,长期监测点,合格证,合格证试行日期,追溯,纳入追溯日期,追溯码,定点经营,许可证号,许可日期,登记日期,信用等级,评级日期,依据,黑名单,原因类别,原因,列入日期" "$out"

printf '%s\r\n' "$P" "赵六家庭农场,家庭农场,侣俸镇,,,2345671234,,,,,,,," \
	"钱七农户,小农户,侣俸镇,,,,5.0022419700101E+017,,,,,,," \
	"孙八家庭农场,家庭农场,侣俸镇,,,,,B,,,,,," | gbk "$WORK/damaged.csv"
before=$(sql "select count(*) from producers")
njr import producers "$WORK/damaged.csv"
check "damaged cells: rows refused, exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "a landline that lost its 0 is refused with the fix" \
	has "号码 2345671234 像是丢了开头的 0 的固定电话 (Excel 把这一列当成了数字)：请在 Excel 中把这一列设为\"文本\"格式" "$err"
check "an ID number in scientific notation is refused with the fix" \
	has "号码被 Excel 显示成了科学计数法 (5.0022419700101E+017)，原号码已丢失" "$err"
check "a rating without its basis is refused" has "还要填写评级的依据" "$err"
njr import producers "$WORK/damaged.csv" --report "$WORK/damaged-r.csv" --report-encoding gbk
check "--report-encoding gbk: the report is GBK" is_gbk "$WORK/damaged-r.csv"
check "the GBK report has CRLF lines" all_crlf "$WORK/damaged-r.csv"
check "the GBK report reads back: the landline row and its fix" \
	sh -c "iconv -f GBK -t UTF-8 '$WORK/damaged-r.csv' | grep -q '^2,联系电话,2345671234,'"
njr import producers "$WORK/damaged.csv" --report "$WORK/damaged-r.csv" --report-encoding latin1
check "an unknown report encoding: usage error 2 (rc=$rc)" [ "$rc" = 2 ]
check "nothing stored (all or nothing), nothing altered" \
	[ "$(sql "select count(*) from producers")/$(sql "select count(*) from producers where phone = '2345671234'")" = "$before/0" ]

if command -v soffice > /dev/null 2>&1; then
	(cd "$WORK" && HOME=$WORK soffice --headless --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76 进度.xlsx > /dev/null 2>&1)
	check "LibreOffice reads the quota sheet: 侣俸镇 row" grep -q '^侣俸镇,定性检测,800,1,' "$WORK/进度.csv"
else
	echo "# skip: LibreOffice (soffice) not installed; the xlsx is checked from its XML only"
fi

# libxlsxwriter (with the libcrypto it links) is loaded when a workbook is
# written, not by every process that starts: 1.7 MB less for each session.
check "the program starts without libxlsxwriter or libcrypto linked in" \
	sh -c "! ldd '$BIN' | grep -q -e libxlsxwriter -e libcrypto"
e2e_done
