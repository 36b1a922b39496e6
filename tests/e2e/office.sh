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

e2e_done
