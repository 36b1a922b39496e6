#!/bin/sh
# End-to-end: the command line — help, version, exit codes and Chinese
# messages for bad commands, configs and data; the CSV export (BOM, CRLF,
# formula guard, -o); and gap-free numbering under two writers at once.
. "$(dirname "$0")/lib.sh"
e2e_setup

out=$WORK/stdout err=$WORK/stderr
run() { "$BIN" "$@" > "$out" 2> "$err"; rc=$?; }     # sets rc
njr() { run --config "$CONF" "$@"; }
has() { grep -qF -- "$1" "$2"; }                  # text, file
empty() { [ ! -s "$1" ]; }
rows() { sql "select count(*) from samples"; }
hexbytes() { od -An -tx1 | tr -d ' \n'; }         # stdin as hex

# --help and --version.
run --help
check "--help exits 0" [ "$rc" = 0 ]
check "--help prints the Chinese usage" has "用法: nongjian [选项] [命令 [参数...]]" "$out"
check "--help lists export" has "export samples|items|sales|inspections [--year 年] [-o 文件]" "$out"
check "--help prints nothing on stderr" empty "$err"
run -h
check "-h exits 0 too" [ "$rc" = 0 ]
run --version
check "--version exits 0" [ "$rc" = 0 ]
check "--version prints the VERSION file ($(cat "$out"))" [ "$(cat "$out")" = "nongjian $(cat "$ROOT/VERSION")" ]

# Usage errors exit 2 with a Chinese message on stderr.
njr frobnicate
check "unknown command exits 2 (rc=$rc)" [ "$rc" = 2 ]
check "unknown command: Chinese message naming it on stderr" has "未知命令 \"frobnicate\"" "$err"
check "unknown command: nothing on stdout" empty "$out"
run --bogus
check "unknown option exits 2 (rc=$rc)" [ "$rc" = 2 ]
check "unknown option: message on stderr" has "未知选项或缺少参数: --bogus" "$err"
njr export things
check "export of something else exits 2 (rc=$rc)" [ "$rc" = 2 ]
check "export usage message" has "用法: nongjian export samples" "$err"

# A config that does not exist: exit 1, the message names the file.
run --config /nonexistent.ini export samples
check "missing config exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "missing config: stderr names the file" has "无法打开配置文件 /nonexistent.ini" "$err"

# A config with an unquoted # in a value: file, line and key named.
bad=$WORK/conf/bad.ini
sed 's/^name = 铜梁区$/name = 铜梁#区/' "$CONF" > "$bad"
line=$(grep -n '^name = 铜梁#区$' "$bad" | cut -d: -f1)
check "malformed config prepared (line $line)" [ -n "$line" ]
run --config "$bad" export samples
check "malformed config exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "malformed config: stderr names file, line $line and key" \
	has "配置文件 $bad 第 $line 行 [district] name: 值中含有 # 或 ;" "$err"
check "malformed config: says how to fix it (quotes)" has "请用双引号把整个值括起来" "$err"
# The quoted form of the same value is accepted.
sed 's/^name = 铜梁区$/name = "铜梁#区"/' "$CONF" > "$bad"
run --config "$bad" export samples
check "the quoted '#' value is accepted (rc=$rc)" [ "$rc" = 0 ]

# A database that does not exist yet: tells to run init, creates nothing.
njr --db "$WORK/none.db" export samples
check "absent database exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "absent database: tells to run nongjian init" has "不存在: 请先运行 nongjian init 创建" "$err"
check "absent database: the file was not created" [ ! -e "$WORK/none.db" ]

# Bad values for add: exit 1, Chinese message naming the field, no row.
njr add 镇街=土桥镇 样品名称=豇豆 抑制率\(%\)=abc 抽样人=张三 stage=农贸市场
check "add with a non-number exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "the message names 抑制率(%)" has "抑制率(%) \"abc\" 不是数字" "$err"
check "nothing printed on stdout" empty "$out"
njr add 镇街=土桥镇 样品名称=豇豆 inhibition=101 抽样人=张三 stage=农贸市场
check "inhibition 101 exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "the message gives the range" has "抑制率(%) 应在 0 到 100 之间" "$err"
njr add 镇街=北京 样品名称=豇豆 inhibition=30 抽样人=张三 stage=农贸市场
check "unknown town exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "the message names the town" has "未知镇街 \"北京\"" "$err"
njr add 镇街=土桥镇 样品名称=豇豆 inhibition=30 抽样人=张三 stage=农贸市场 date=2026-12-01
check "future date exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "the message says 晚于今天" has "抽样日期 2026-12-01 晚于今天" "$err"
njr add 镇街=土桥镇 样品名称=豇豆 inhibition=30 抽样人=张三 stage=农贸市场 颜色=红
check "unknown field is a usage error: exits 2 (rc=$rc)" [ "$rc" = 2 ]
check "the message names the unknown field" has "不认识的字段 \"颜色\"" "$err"
njr add 镇街=土桥镇 样品名称=豇豆 inhibition=30 stage=农贸市场
check "missing samplers exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "the message names 抽样人" has "抽样人 必须填写" "$err"
n=$(rows); check "no row written by the failed adds (rows=$n)" [ "$n" = 0 ]

# A file to import that is not there: exit 2, said in Chinese, not the C library's English.
njr import producers "$WORK/nonexistent.csv"
check "missing import file exits 2 (rc=$rc)" [ "$rc" = 2 ]
check "missing import file: the reason in Chinese" has "无法打开 $WORK/nonexistent.csv: 文件或目录不存在" "$err"

# Export: UTF-8 BOM, CRLF, formula guard.
njr add 镇街=土桥镇 样品名称=豇豆 inhibition=35 抽样人=张三 stage=农贸市场 "remarks==1+1" producer=@SUM
check "add with formula-like text exits 0 (rc=$rc)" [ "$rc" = 0 ]
check "add prints the number and verdict (a rapid test is 阴性, not 合格)" has "TL2026-土桥-0001	阴性" "$out"
njr add 镇街=土桥镇 样品名称=芹菜 inhibition=55 抽样人=张三、李四 stage=超市 "remarks=含,逗号和\"引号\""
check "second add exits 0" [ "$rc" = 0 ]
njr export samples
check "export exits 0 (rc=$rc)" [ "$rc" = 0 ]
cp "$out" "$WORK/export.csv"
bom=$(head -c 3 "$WORK/export.csv" | hexbytes)
check "export starts with the UTF-8 BOM (got $bom)" [ "$bom" = efbbbf ]
lf=$(tr -cd '\n' < "$WORK/export.csv" | wc -c | tr -d ' ')
crlf=$(od -An -c "$WORK/export.csv" | tr -s ' \n' ' ' | grep -o '\\r \\n' | wc -l | tr -d ' ')
check "export has 3 lines (got $lf)" [ "$lf" = 3 ]
check "every line ends in CRLF ($crlf of $lf)" [ "$crlf" = "$lf" ]
last=$(tail -c 2 "$WORK/export.csv" | hexbytes)
check "the file ends with CR LF (got $last)" [ "$last" = 0d0a ]
check "remarks =1+1 exported as \"'=1+1\" (formula guard)" has ",\"'=1+1\"," "$WORK/export.csv"
check "producer @SUM exported as \"'@SUM\"" has ",\"'@SUM\"," "$WORK/export.csv"
check "commas and quotes are quoted and doubled" has ",\"含,逗号和\"\"引号\"\"\"," "$WORK/export.csv"
check "header row in Chinese" has "样品编号,抽样日期,检测单位,检测类别" "$WORK/export.csv"
r=$(sql "select remarks from samples where seq = 1")
check "the database keeps the value as typed ($r)" [ "$r" = "=1+1" ]

# -o FILE and --year.
njr export samples -o "$WORK/o.csv"
check "export -o exits 0 (rc=$rc)" [ "$rc" = 0 ]
check "export -o reports the count on stderr" has "已导出 2 条记录到 $WORK/o.csv" "$err"
check "export -o writes nothing on stdout" empty "$out"
check "the -o file equals the stdout export" cmp -s "$WORK/o.csv" "$WORK/export.csv"
njr export samples --year 2025
check "export --year 2025 exits 0" [ "$rc" = 0 ]
n=$(tr -cd '\n' < "$out" | wc -c | tr -d ' ')
check "export --year 2025 has only the header (lines=$n)" [ "$n" = 1 ]
njr export samples --year 26
check "export --year 26 is a usage error (rc=$rc)" [ "$rc" = 2 ]
njr export samples -o "$WORK/no/such/dir/x.csv"
check "export -o to an impossible path exits 1 (rc=$rc)" [ "$rc" = 1 ]
check "and names the path" has "无法写入 $WORK/no/such/dir/x.csv" "$err"

# Two writers numbering at once: 2 x 20 adds for one town (侣俸镇, which
# has no records yet; records are never deleted, so look only at it).
writer() { # tag
	i=1
	while [ $i -le 20 ]; do
		"$BIN" --config "$CONF" add 镇街=侣俸镇 样品名称=豇豆 inhibition=10 抽样人=张三 \
			stage=生产基地 "remarks=$1-$i" --force >> "$WORK/w$1.out" 2>> "$WORK/w$1.err" ||
			echo "add $1-$i failed" >> "$WORK/w$1.err"
		i=$((i + 1))
	done
}
writer a & pa=$!
writer b & pb=$!
wait $pa $pb
check "writer a had no failures" empty "$WORK/wa.err"
check "writer b had no failures" empty "$WORK/wb.err"
town="unit_id = (select id from units where name = '侣俸镇')"
r=$(sql "select count(*), count(distinct seq), min(seq), max(seq), count(distinct sample_no) from samples where $town")
check "40 rows, seq 1..40 gap-free, 40 unique numbers ($r)" [ "$r" = "40|40|1|40|40" ]
r=$(sql "select count(*) from samples where $town and sample_no <> printf('TL2026-侣俸-%04d', seq)")
check "every number matches its seq ($r mismatches)" [ "$r" = 0 ]
r=$(sql "select count(distinct remarks) from samples where $town")
check "all 40 adds are distinct rows ($r)" [ "$r" = 40 ]
printed=$(cat "$WORK/wa.out" "$WORK/wb.out" | cut -f1 | sort -u | wc -l | tr -d ' ')
check "40 distinct numbers printed by the two writers ($printed)" [ "$printed" = 40 ]
r=$(sql "select next_seq from counters where $town")
check "the town's counter is ready for 41 ($r)" [ "$r" = 41 ]
n=$(rows); check "42 rows in all ($n)" [ "$n" = 42 ]

# 样品批次 (a field added through the record table): saved, shown,
# exported, asked only where the form's "when" says.
no=$(nj add 镇街=侣俸镇 检测类别=例行监测 样品名称=豇豆 抽样环节=农贸市场 抽样人=张三、李四 \
	检测项目=毒死蜱 检测值=0.01 单位=mg/kg 限量值=0.02 样品批次=B20260601 | cut -f1)
check "a routine sample with its batch is saved ($no)" [ -n "$no" ]
check "the batch is in its column" [ "$(sql "select batch_no from samples where sample_no = '$no'")" = B20260601 ]
check "show prints the batch" sh -c "'$BIN' --config '$CONF' show '$no' | grep -qx '样品批次: B20260601'"
check "the export has the batch under its label" sh -c \
	"'$BIN' --config '$CONF' export samples | grep -q '样品批次' && '$BIN' --config '$CONF' export samples | grep -q B20260601"
no=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=10' 抽样人=张三 抽样环节=农贸市场 样品批次=B1 --force | cut -f1)   # (豇豆 10 was saved above)
check "a rapid test has no batch (the form asks only routine/supervisory/inputs)" \
	[ "$(sql "select coalesce(batch_no, 'NULL') from samples where sample_no = '$no'")" = NULL ]

e2e_done
