#!/bin/sh
# End-to-end: CSV in and out as a new user would do it. A sample list and
# a producer list saved from a spreadsheet as GBK CSV with one bad row:
# import (nothing goes in), read the report, fix the row, import again
# (every good row in once, nothing duplicated). Templates, --dry-run,
# --skip-bad, exit statuses 0/1/2, UTF-16 "Unicode text", export in GBK,
# export -> import round trip, and the same import once on the screen.
. "$(dirname "$0")/lib.sh"
e2e_setup

out=$WORK/stdout err=$WORK/stderr
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }   # sets rc
has() { grep -qF -- "$1" "$2"; }                                     # text, file
rows() { sql "select count(*) from samples"; }
producers() { sql "select count(*) from producers"; }
hexbytes() { od -An -tx1 | tr -d ' \n'; }
gbk() { iconv -f UTF-8 -t GBK > "$1"; }                               # stdin to a GBK file

# Templates: the header users fill in.
njr template samples -o "$WORK/tpl.csv"
check "template samples exits 0 (rc=$rc)" [ "$rc" = 0 ]
check "template starts with the UTF-8 BOM" [ "$(head -c 3 "$WORK/tpl.csv" | hexbytes)" = efbbbf ]
check "template header: the form's Chinese labels" \
	has "抽样日期,检测单位,检测类别,受检主体,样品名称,产品类别,抽样环节,详细地点,抽样数量,抽样人,检测人,检测方法,抑制率(%),试纸项目,试纸结果,检测项目,检测值,单位,限量值,备注,样品批次,抽样地点,项目,外部编号" "$WORK/tpl.csv"
njr template producers
check "template producers to stdout" has "主体名称,主体类型,镇街,村(社区),地址,联系人,联系电话,统一社会信用代码,身份证号" "$out"
njr template things
check "template of something else: usage error 2 (rc=$rc)" [ "$rc" = 2 ]

# A sample sheet from Excel, saved as plain "CSV" (GBK, CRLF): row 4 has
# an unknown town. Row 3 has a quoted comma and a rare character.
H="抽样日期,镇街,检测类别,受检主体,样品名称,产品类别,抽样环节,抽样地点,抽样数量,抽样人,检测人,抑制率(%),检测项目,检测值,单位,限量值,备注"
sheet() { # the town of row 4
	printf '%s\r\n' "$H" \
		"2026/6/1,侣俸镇,定性检测,侣俸镇织篢蔬菜专业合作社,豇豆,,生产基地,白龙村,1kg,张三,李四,35,,,,," \
		"2026/6/2,土桥镇,定性检测,\"王五,赵六合伙\",番茄,,农贸市场,,1kg,张三,李四,55,,,,,需复检" \
		"2026/6/3,$1,定性检测,,芹菜,,超市,,1kg,张三,,12,,,,," \
		"2026/6/4,土桥镇,监督抽查,某某公司,大米,粮油,超市,,,张三、李四,,,镉,0.3,mg/kg,0.2,"
}
sheet 北京 | gbk "$WORK/s.csv"
check "the sheet is GBK (no BOM, not UTF-8)" sh -c "! iconv -f UTF-8 -t UTF-8 '$WORK/s.csv' > /dev/null 2>&1"

njr import samples "$WORK/s.csv" --report "$WORK/r.csv"
check "one bad row: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "nothing imported (all or nothing)" [ "$(rows)" = 0 ]
check "summary names the encoding and counts" has "GBK 编码，逗号分隔；数据 4 行" "$out"
check "summary: 3 new, 1 bad" has "新增 3 条，已存在 0 条 (跳过，不重复导入)，有误 1 条" "$out"
check "summary says nothing was imported and what to do" has "未导入任何记录" "$out"
check "the bad row is printed on stderr" has "第 4 行 镇街 \"北京\": 未知镇街 \"北京\"" "$err"
check "report starts with the UTF-8 BOM" [ "$(head -c 3 "$WORK/r.csv" | hexbytes)" = efbbbf ]
check "report header 行号,列,值,原因" has "行号,列,值,原因" "$WORK/r.csv"
check "report row: 4,镇街,北京,reason" has "4,镇街,北京,\"未知镇街 \"\"北京\"\"" "$WORK/r.csv"
n=$(wc -l < "$WORK/r.csv" | tr -d ' ')
check "report has the header and one row ($n lines)" [ "$n" = 2 ]

njr import samples "$WORK/s.csv" --dry-run
check "dry run: exit 1 too (rc=$rc)" [ "$rc" = 1 ]
check "dry run: says it wrote nothing" has "试运行 (--dry-run)：没有写入数据库" "$out"
check "dry run: nothing imported" [ "$(rows)" = 0 ]

# Fix the row in the sheet and import again: all four in.
sheet 土桥镇 | gbk "$WORK/s.csv"
njr import samples "$WORK/s.csv" --report "$WORK/r.csv"
check "fixed sheet: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "fixed sheet: 4 new" has "新增 4 条，已存在 0 条" "$out"
check "4 records" [ "$(rows)" = 4 ]
check "rare characters survive GBK" [ "$(sql "select producer from samples where seq = 1 and unit_id = (select id from units where name = '侣俸镇')")" = "侣俸镇织篢蔬菜专业合作社" ]
check "quoted comma kept" [ "$(sql "select count(*) from samples where producer = '王五,赵六合伙'")" = 1 ]
check "Excel date 2026/6/2 stored as 2026-06-02" [ "$(sql "select count(*) from samples where sample_date = '2026-06-02'")" = 1 ]
check "the report of a clean import has only its header" [ "$(wc -l < "$WORK/r.csv" | tr -d ' ')" = 1 ]
check "one audit row for the import" [ "$(sql "select count(*) from audit where action = 'import'")" = 1 ]

# Importing the same file again adds nothing.
njr import samples "$WORK/s.csv"
check "again: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "again: 4 already present" has "新增 0 条，已存在 4 条" "$out"
check "still 4 records" [ "$(rows)" = 4 ]

# --skip-bad: the good rows in, the bad one reported; fixing it later adds
# just that one.
{ printf '%s\r\n' "$H" \
	"2026/6/5,土桥镇,定性检测,,豇豆,,生产基地,,1kg,张三,,20,,,,," \
	"2026/6/5,土桥镇,定性检测,,豇豆,,生产基地,,1kg,张三,,120,,,,,"; } | gbk "$WORK/t.csv"
njr import samples "$WORK/t.csv" --skip-bad
check "skip-bad: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "skip-bad: the good row imported" has "已导入 1 条，有误的行已跳过 (--skip-bad)" "$out"
check "5 records" [ "$(rows)" = 5 ]
sed 's/,120,/,21,/' "$WORK/t.csv" > "$WORK/t2.csv"
njr import samples "$WORK/t2.csv"
check "fixed: exit 0, 1 new, 1 present" has "新增 1 条，已存在 1 条" "$out"
check "6 records, nothing duplicated" [ "$(rows)" = 6 ]

# A file that cannot be read: exit 2.
njr import samples "$WORK/none.csv"
check "missing file: exit 2 (rc=$rc)" [ "$rc" = 2 ]
check "missing file: message" has "无法打开 $WORK/none.csv" "$err"
printf '样品名称,抽样人\r\n豇豆,张三\r\n' > "$WORK/cols.csv"
njr import samples "$WORK/cols.csv"
check "missing columns: exit 2 (rc=$rc)" [ "$rc" = 2 ]
check "missing columns named" has "缺少必需的列: 抽样日期、检测单位、抽样环节" "$err"
njr import samples
check "import without a file: usage error 2" [ "$rc" = 2 ]

# Excel's "Unicode text": UTF-16LE with BOM, tab-separated.
printf '\357\273\277%s\r\n%s\r\n' "$(echo "$H" | tr ',' '\t')" \
	"$(echo "2026-06-07,太平镇,定性检测,,韭菜,蔬菜,超市,,,李四,,44,,,,," | tr ',' '\t')" |
	iconv -f UTF-8 -t UTF-16LE > "$WORK/u16.txt"
njr import samples "$WORK/u16.txt"
check "UTF-16LE tab-separated: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "UTF-16LE named in the summary" has "UTF-16LE (Unicode 文本) 编码，制表符分隔" "$out"
check "7 records" [ "$(rows)" = 7 ]

# Export -> import round trip; GBK export.
njr export samples -o "$WORK/e.csv"
check "export: exit 0" [ "$rc" = 0 ]
njr import samples "$WORK/e.csv"
check "own export back: exit 0, all 7 present" has "新增 0 条，已存在 7 条" "$out"
njr export samples --encoding gbk -o "$WORK/eg.csv"
check "GBK export: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "GBK export has no BOM" [ "$(head -c 2 "$WORK/eg.csv" | hexbytes)" = d1f9 ]
iconv -f GBK -t UTF-8 "$WORK/eg.csv" > "$WORK/eg-utf8.csv"
tail -c +4 "$WORK/e.csv" > "$WORK/e-nobom.csv"
check "GBK export decodes to the UTF-8 export (without its BOM)" cmp -s "$WORK/eg-utf8.csv" "$WORK/e-nobom.csv"
njr import samples "$WORK/eg.csv"
check "the GBK export imports back: all present" has "新增 0 条，已存在 7 条" "$out"
njr add 镇街=土桥镇 样品名称=芹菜 inhibition=3 抽样人=张三 stage=超市 "remarks=𠀀"
njr export samples --encoding gbk -o "$WORK/eg2.csv"
check "GBK export with a character GBK lacks: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "it names row, column and character" has "第 9 行 备注: 字符 \"𠀀\" (U+20000) 无法用 GBK 表示，已写为 ?" "$err"
njr export samples --encoding latin1
check "unknown encoding: usage error 2" [ "$rc" = 2 ]

# A fresh database takes the export with every record.
"$BIN" --config "$CONF" --db "$WORK/copy.db" init > /dev/null
"$BIN" --config "$CONF" --db "$WORK/copy.db" import samples "$WORK/e.csv" > "$out" 2> "$err"; rc=$?
check "export into a fresh database: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "7 new there" has "新增 7 条" "$out"

# The producer list, the same way: GBK, one wrong check digit.
P="主体名称,主体类型,镇街,村(社区),统一社会信用代码,联系电话"
plist() { # credit code of row 3
	printf '%s\r\n' "$P" "张三家庭农场,家庭农场,侣俸镇,白龙村,,13800000000" "绿源合作社,合作社,土桥镇,,$1," \
		"李四,种养大户,安居镇,,,023-45678901"
}
plist 91500151MA61ABCD2Y | gbk "$WORK/p.csv"
njr import producers "$WORK/p.csv" --report "$WORK/pr.csv"
check "producers with a bad code: exit 1 (rc=$rc)" [ "$rc" = 1 ]
check "no producer imported" [ "$(producers)" = 0 ]
check "the report names row 3 and the code column" has "3,统一社会信用代码,91500151MA61ABCD2Y," "$WORK/pr.csv"
# The report says which check character is right (M for this code).
code=$(sed -n 's/.*最后一位应为 \([0-9A-Z]\).*/\1/p' "$WORK/pr.csv" | head -1)
check "the report gives the right check character ($code)" [ "$code" = M ]
plist "91500151MA61ABCD2$code" | gbk "$WORK/p.csv"
njr import producers "$WORK/p.csv"
check "fixed producer list: exit 0 (rc=$rc)" [ "$rc" = 0 ]
check "3 producers" [ "$(producers)" = 3 ]
njr import producers "$WORK/p.csv"
check "again: 3 present, none added" has "新增 0 条，已存在 3 条" "$out"
check "still 3 producers" [ "$(producers)" = 3 ]
njr export producers -o "$WORK/pe.csv"
check "export producers: exit 0" [ "$rc" = 0 ]
njr import producers "$WORK/pe.csv"
check "own producer export back: all present" has "新增 0 条，已存在 3 条" "$out"
njr export blacklist
check "export blacklist: exit 0 with its header" has "主体编号,名称,镇街,原因类别" "$out"

# The screen: main menu item, kind, path, progress, result.
printf '%s\r\n' "$H" "2026/6/8,高楼镇,定性检测,,豇豆,,生产基地,,1kg,王五,,10,,,,," \
	"2026/6/8,高楼镇,定性检测,,豇豆,,生产基地,,1kg,王五,,abc,,,,," | gbk "$WORK/screen.csv"
before=$(rows)
e2e_start 80 24 xterm
check "main menu offers the import" wait_for "5  导入 CSV 文件 (抽样记录、主体名录)"
keys 5
check "import asks what to import" wait_for "1 抽样检测记录"
keys 1
check "then asks for the file" wait_for "CSV 文件的路径"
text "$WORK/screen.csv"
keys Enter
check "the result: 1 new, 1 bad" wait_for "新增 1 条，已存在 0 条 (跳过，不会重复导入)，有误 1 条"
check "the bad row and its reason are listed" shows "第 3 行 抑制率(%) \"abc\""
check "nothing imported yet (all or nothing)" [ "$(rows)" = "$before" ]
keys Escape
check "offers to import the good rows" wait_for "只导入正确的 1 行，跳过有误的 1 行？"
keys y
check "the good row imported" wait_for "已导入 1 条，有误的行没有导入"
check "one more record" [ "$(rows)" = $((before + 1)) ]
check "the report was written next to the file" has "3,抑制率(%),abc," "$WORK/screen.csv.报告.csv"
keys Escape
check "back at the main menu" wait_for "1  录入抽样检测记录"
keys 0
check "the program ends normally" wait_for "EXITED 0"

e2e_done
