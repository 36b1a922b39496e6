#!/bin/sh
# nongjian backup: an online, consistent, checked copy that a restore can
# use; nongjian check: finds a damaged database (a dropped guard, a
# deleted record or audit row, a counter that would reuse a number).
# Neither needs the sqlite3 tool (it is used here only to do the damage).
. "$(dirname "$0")/lib.sh"
e2e_setup
out=$WORK/out
said() { grep -qF -- "$1" "$out"; }
add() { nj add 镇街=侣俸镇 样品名称=豇豆 "抑制率(%)=$1" 抽样人=张三 抽样环节=农贸市场 --force >/dev/null; }
for i in 1 2 3 4 5; do add 1$i; done
nj add 镇街=土桥镇 样品名称=豇豆 '抑制率(%)=20' 抽样人=李四 抽样环节=生产基地 >/dev/null
nj producer add 名称=张三农场 主体类型=家庭农场 镇街=侣俸镇 >/dev/null

nj check > "$out" 2>&1; rc=$?
check "check on a healthy database exits 0 (rc=$rc)" test $rc = 0
check "check says every part is well" said "数据库完好"
check "check ran integrity_check" said "[正常] 完整性检查 (integrity_check): 通过"
check "check counted the numbering" said "[正常] 样品编号"
check "check looked at the guards" said "个触发器齐全"

# A backup while another user keeps saving.
(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do add "$i" || exit 1; done) &
writer=$!
bk=$WORK/backup/nongjian-01.db
mkdir -p "$WORK/backup"
nj backup "$bk" > "$out" 2>&1; rc=$?
wait $writer; wrc=$?
check "backup exits 0 while a writer saves (rc=$rc)" test $rc = 0
check "the writer's saves all worked meanwhile" test $wrc = 0
check "backup reports its integrity check" said "[正常] 备份的完整性检查 (integrity_check): 通过"
check "backup compared every table's rows" said "与数据库一致"
check "backup names the file" said "已备份到 $bk"
check "the backup is the owner's only (0600)" test "$(stat -c %a "$bk")" = 600
check "the backup is one file (no -wal beside it)" test ! -e "$bk-wal"
check "no temporary is left beside it" test -z "$(ls "$WORK/backup" | grep -v '^nongjian-01.db$')"
nj --db "$bk" check > "$out" 2>&1; rc=$?
check "the backup passes check on its own (a consistent snapshot: numbering gap-free) rc=$rc" test $rc = 0
n=$(sql "select count(*) from samples")
check "the live database has all 26 records" test "$n" = 26

# Failures leave nothing behind and say why.
nj backup "$WORK/nodir/x.db" > "$out" 2>&1; rc=$?
check "backup into a missing directory fails (rc=$rc)" test $rc = 1
check "it says where it could not write" said "无法在 $WORK/nodir 中写入备份"
nj backup "$DB" > "$out" 2>&1; rc=$?
check "backup onto the live database is refused (rc=$rc)" test $rc = 1
check "it says why" said "就是正在使用的数据库"
check "the live database is untouched" test "$(sql "select count(*) from samples")" = 26
nj backup > "$out" 2>&1; rc=$?
check "backup without a file is a usage error (rc=$rc)" test $rc = 2

# Damage done with another tool is found.
sqlite3 "$DB" "DROP TRIGGER samples_no_delete; DELETE FROM samples WHERE sample_no = 'TL2026-侣俸-0003';
	DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3;
	DROP TRIGGER counters_forward_only; UPDATE counters SET next_seq = 1 WHERE unit_id = (SELECT id FROM units WHERE name = '土桥镇');" 2>/dev/null
nj check > "$out" 2>&1; rc=$?
check "check on a damaged database exits 1 (rc=$rc)" test $rc = 1
check "the dropped guards are named" said "被删除的触发器: audit_no_delete、counters_forward_only、samples_no_delete"
check "the gap in the numbers is found" said "[问题] 样品编号: 侣俸镇 2026 年: 24 条记录，编号 1 至 25，中间有缺号"
check "the counter that would reuse a number is found" said "[问题] 样品编号: 土桥镇 2026 年: 最大编号 1，计数器为 1 (应为 2)：下一条会重号"
check "the deleted audit row is found" said "有 1 条被删除"
check "the report says what to do" said "用最近的备份恢复"
# The counter put back: the next save of 土桥镇 would take a stored number.
# It is refused naming the number and the way out; --repair moves the
# counter forward (never back), and the save then gets the next number.
nj add 镇街=土桥镇 样品名称=芹菜 '抑制率(%)=21' 抽样人=李四 抽样环节=生产基地 > "$out" 2>&1; rc=$?
check "a save onto a stored number is refused (rc=$rc)" test $rc = 1
check "it names the number and what to run" said "样品编号 TL2026-土桥-0001 已被一条记录占用"
check "and says to run check --repair" said "nongjian check --repair 把计数器前移"
nj check --repair > "$out" 2>&1
check "--repair moves the counter forward" said "[正常] 编号计数器: 1 个单位年度的计数器已前移到最大编号之后"
check "the counter is one past the highest number" test "$(sql "select next_seq from counters where unit_id = (select id from units where name = '土桥镇')")" = 2
nj add 镇街=土桥镇 样品名称=芹菜 '抑制率(%)=21' 抽样人=李四 抽样环节=生产基地 > "$out" 2>&1; rc=$?
check "after the repair the save works (rc=$rc)" test $rc = 0
check "with the next number" said "TL2026-土桥-0002"

# The restore procedure of the man page.
mv "$DB" "$DB.bad"; rm -f "$DB-wal" "$DB-shm"
cp "$bk" "$DB"
nj check > "$out" 2>&1; rc=$?
check "after restoring the backup, check exits 0 (rc=$rc)" test $rc = 0
check "the restored database has the records of the backup" test "$(sql "select count(*) from samples")" -ge 6
check "and new records can be saved again" add 40

# The counts the screens read and the lookup index: checked, and made
# again from the records by --repair.
check "check says the counts and the lookup index agree" said "[正常] 统计表"
check "and the coverage counts" said "[正常] 覆盖统计表 (巡查覆盖、一年一检、合格证与追溯): 与逐条重数的结果一致"
sqlite3 "$DB" "UPDATE sample_month_counts SET n = n + 5; DELETE FROM producer_search_pending;
	UPDATE producer_unit_months SET n = n + 1;
	INSERT INTO producer_search(producer_search) VALUES ('delete-all');" 2>/dev/null
nj check > "$out" 2>&1; rc=$?
check "check on wrong counts exits 1 (rc=$rc)" test $rc = 1
check "the wrong counts are found" said "[问题] 统计表"
check "the wrong coverage counts too" said "[问题] 覆盖统计表"
nj check --repair > "$out" 2>&1; rc=$?
check "check --repair recounts, rebuilds and then finds all well (rc=$rc)" test $rc = 0
check "it says what it made again" said "[正常] 统计表: 已按记录重算"
check "the coverage counts too" said "[正常] 覆盖统计表: 已按记录重算"
check "the registry is counted right again" test "$(sql "select sum(n) from producer_unit_months")" = \
	"$(sql "select count(*) from producers")"
check "the counts are right again" test "$(sql "select sum(n) from sample_month_counts")" = \
	"$(sql "select count(*) from samples where status = 'valid'")"
nj check --fix > "$out" 2>&1; rc=$?
check "an unknown check option is a usage error (rc=$rc)" test $rc = 2
e2e_done
