#!/bin/sh
# Faults a county server meets: a file that is not a nongjian database
# (empty, text, another application's SQLite, a newer version) is refused
# and left alone; numbers keep their precision through save, show, export
# and import; a full disk says 磁盘已满 and nothing is reported as saved
# that was not; a failed export -o leaves no partial file.
. "$(dirname "$0")/lib.sh"
e2e_setup
out=$WORK/out
said() { grep -qF -- "$1" "$out"; }

# 1. Files that are not a nongjian database.
: > "$WORK/empty.db"
nj --db "$WORK/empty.db" quota > "$out" 2>&1; rc=$?
check "an empty file is refused (rc=$rc)" test $rc = 1
check "it says the file is empty and what to do" said "是空的 (0 字节)，不是 nongjian 的数据库"
check "the empty file stays empty" test ! -s "$WORK/empty.db"
printf '抽样日期,镇街\n2026-06-01,侣俸镇\n' > "$WORK/text.db"
nj --db "$WORK/text.db" show X > "$out" 2>&1; rc=$?
check "a text file is refused (rc=$rc)" test $rc = 1
check "it says it is not a nongjian database" said "不是 nongjian 数据库"
sqlite3 "$WORK/other.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES ('别的程序');"
before=$(cksum < "$WORK/other.db")
for cmd in quota init; do
	nj --db "$WORK/other.db" $cmd > "$out" 2>&1; rc=$?
	check "another application's SQLite is refused by $cmd (rc=$rc)" test $rc = 1
	check "$cmd says whose it is" said "是别的程序的 SQLite 数据库"
done
check "that database is untouched (no tables added, not made WAL)" test "$(cksum < "$WORK/other.db")" = "$before"
check "no -wal was made beside it" test ! -e "$WORK/other.db-wal"
cp "$DB" "$WORK/newer.db"
sqlite3 "$WORK/newer.db" "PRAGMA user_version = 99"
nj --db "$WORK/newer.db" quota > "$out" 2>&1; rc=$?
check "a database from a newer version is refused (rc=$rc)" test $rc = 1
check "with both version numbers" grep -q "版本是 99，本程序只认识到版本 [0-9]" "$out"
: > "$WORK/fresh.db"
nj --db "$WORK/fresh.db" init > "$out" 2>&1; rc=$?
check "init makes a database of an empty file (rc=$rc)" test $rc = 0

# 2. Numbers keep their precision: 1e-8 against a limit of 0 is 不合格.
nj add 镇街=侣俸镇 检测类别=例行监测 样品名称=豇豆 抽样人=张三、李四 抽样环节=农贸市场 \
	检测项目=毒死蜱 检测值=0.00000001 单位=mg/kg 限量值=0 > "$out" 2>&1
check "0.00000001 over a limit of 0 is 不合格" said "不合格"
no=$(cut -f1 "$out")
nj show "$no" > "$out" 2>&1
check "show prints the value as typed, not 0" said "检测值: 0.00000001"
nj export samples -o "$WORK/p.csv" 2>/dev/null
check "export writes the value exactly" grep -q ",0.00000001,mg/kg,0," "$WORK/p.csv"
sed -e "s|^path = .*|path = $WORK/copy.db|" "$CONF" > "$WORK/conf/copy.ini"
"$BIN" --config "$WORK/conf/copy.ini" init > /dev/null
"$BIN" --config "$WORK/conf/copy.ini" import samples "$WORK/p.csv" > "$out" 2>&1
check "the export imports into another database" said "已导入 1 条"
check "and reads back the same number and verdict" \
	test "$(sqlite3 "$WORK/copy.db" "select value = 1e-8, limit_value = 0, verdict from samples")" = "1|1|fail"

# 3. A full disk (a small tmpfs, as root: 2 MB, room for a new database
# and the WAL its init leaves, about 1 MB together now).
FULL=$WORK/full
mkdir -p "$FULL"
if [ "$(id -u)" != 0 ]; then
	echo "ok - # SKIP disk full: needs root to mount a small tmpfs"
elif ! mount -t tmpfs -o size=2m nongjian-test "$FULL" 2>"$out"; then
	echo "ok - # SKIP disk full: cannot mount a tmpfs here ($(head -c 200 "$out"))"
else
	sed -e "s|^path = .*|path = $FULL/f.db|" "$CONF" > "$WORK/conf/full.ini"
	nf() { "$BIN" --config "$WORK/conf/full.ini" "$@"; }
	nf init > /dev/null
	nf add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=35' 抽样人=张三 抽样环节=农贸市场 > /dev/null
	{ nf template samples; i=0; while [ $i -lt 3000 ]; do
		printf '2026-05-%02d,土桥镇,定性检测,,豇豆,蔬菜,农贸市场,,,张三,,,%d,,,,,,,,,,,\r\n' $((i % 28 + 1)) $((i % 40)); i=$((i + 1)); done; } > "$WORK/big.csv"
	# Leave about 300 KB: less than the import's rows need.
	dd if=/dev/zero of="$FULL/fill" bs=1k count=$(($(df -k "$FULL" | awk 'NR == 2 { print $4 }') - 300)) 2>/dev/null
	nf import samples "$WORK/big.csv" > "$out" 2>&1; rc=$?
	check "an import onto a full disk fails (rc=$rc)" test $rc = 1
	check "it says 磁盘已满" said "磁盘已满"
	check "it does not say 读写磁盘出错" sh -c "! grep -q 读写磁盘出错 '$out'"
	check "nothing is reported as imported or added" sh -c "! grep -q '已导入\|新增 3000' '$out'"
	n1=$(sqlite3 "$FULL/f.db" "select count(*) from samples" 2>&1)
	check "and nothing was: one record, as before ($n1)" test "$n1" = 1
	echo "旧的导出" > "$FULL/old.csv"
	dd if=/dev/zero of="$FULL/fill2" bs=1k 2>/dev/null  # now quite full
	nf export samples -o "$FULL/new.csv" > "$out" 2>&1; rc1=$?
	check "an export onto the full disk fails (rc=$rc1)" test $rc1 = 1
	check "and leaves no partial file" sh -c "! ls '$FULL' | grep -q 'new.csv'"
	nf export samples -o "$FULL/old.csv" > "$out" 2>&1; rc2=$?
	check "an export over an older file fails too (rc=$rc2)" test $rc2 = 1
	check "and the older file is as it was" test "$(cat "$FULL/old.csv")" = "旧的导出"
	nf add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=36' 抽样人=张三 抽样环节=农贸市场 > "$out" 2>&1; rc=$?
	check "a save on the full disk fails with 磁盘已满 (rc=$rc)" sh -c "[ $rc = 1 ] && grep -q 磁盘已满 '$out'"
	rm -f "$FULL/fill" "$FULL/fill2"
	nf check > "$out" 2>&1; rc=$?
	check "once space is freed the database is whole (check rc=$rc)" test $rc = 0
	umount "$FULL"
fi
e2e_done
