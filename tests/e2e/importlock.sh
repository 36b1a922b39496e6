#!/bin/sh
# An import never locks clerks out: the file is read and checked whole
# before the write lock is taken, so a stalled input (a pipe that stops
# sending) holds no lock; an interactive save that finds the database
# busy waits and says so on the bottom line, while the command line
# keeps its busy timeout.
. "$(dirname "$0")/lib.sh"
e2e_setup
sed -i 's/^busy_timeout_ms = .*/busy_timeout_ms = 300/' "$CONF"
appears() { poll_quiet test -e "$1"; } # file: wait for it (lib.sh's timeout)

# 1. A stalled pipe. More rows than a pipe holds (64 KB): when the writer
# has handed them all over, the importer has read the header and most rows.
rows=$WORK/rows.csv
awk 'BEGIN { print "抽样日期,镇街,检测类别,样品名称,样品类别,抽样环节,抽样人,抑制率(%)";
	for (i = 0; i < 3000; i++) printf "2026-05-%02d,土桥镇,定性检测,豇豆,蔬菜,农贸市场,张三,%d\n", 1 + i % 28, i % 40 }' > "$rows"
check "the file is larger than a pipe's buffer" test "$(wc -c < "$rows")" -gt 131072
fifo=$WORK/pipe.csv
mkfifo "$fifo"
nj_bg import samples "$fifo" > "$WORK/import.out" 2>&1
imp=$!
{ cat "$rows"; touch "$WORK/written"; appears "$WORK/go"; } > "$fifo" &
feeder=$!
check "the rows went into the pipe; it is now stalled" appears "$WORK/written"
out=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=35' 抽样人=张三 抽样环节=农贸市场 2>&1); rc=$?
check "a clerk's save works while the import waits on its input (rc=$rc: $out)" test $rc = 0
check "it got the first number of its town" sh -c "echo '$out' | grep -q '^TL2026-侣俸-0001'"
touch "$WORK/go"
wait $feeder
wait $imp; rc=$?
check "the import finishes once its input ends (rc=$rc)" test $rc = 0
check "the import says it imported every row" grep -q "已导入 3000 条" "$WORK/import.out"
check "all 3001 records are in the database" test "$(sql "select count(*) from samples")" = 3001
check "the imported numbers run 1..3000 in their town" \
	test "$(sql "select count(*) || ',' || min(seq) || ',' || max(seq) from samples s join units u on u.id = s.unit_id where u.name = '土桥镇'")" = "3000,1,3000"

# 1b. Every kind checks its rows as they are read, before the write lock:
# a producer list (and a sale ledger, an inspection sheet: the same path)
# whose bad row 3 is reported while the pipe is still stalled, with
# clerks saving meanwhile. Were the checks made under the lock, as they
# once were, the report would wait for the end of the input.
plist=$WORK/producers.csv
awk 'BEGIN { print "主体名称,主体类型,镇街,村(社区),联系电话";
	print "侣俸镇第1家庭农场,家庭农场,侣俸镇,石鱼村,13800000001";
	print "号码有误合作社,合作社,侣俸镇,石鱼村,12345";
	for (i = 2; i < 4000; i++) printf "侣俸镇第%d家庭农场,家庭农场,侣俸镇,石鱼村,138%08d\n", i, i }' > "$plist"
check "the producer list is larger than a pipe's buffer" test "$(wc -c < "$plist")" -gt 131072
pfifo=$WORK/producers-pipe.csv
mkfifo "$pfifo"
nj_bg import producers "$pfifo" --skip-bad > "$WORK/pimport.out" 2> "$WORK/pimport.err"
pimp=$!
# (The feeder waits three times as long as a check does, so that a check
# that times out does so while the pipe is still stalled.)
{ cat "$plist"; touch "$WORK/pwritten"; E2E_TIMEOUT=$((E2E_TIMEOUT * 3)) appears "$WORK/pgo"; } > "$pfifo" &
pfeeder=$!
check "the producer rows went into the pipe; it is now stalled" appears "$WORK/pwritten"
check "row 3's bad phone number is reported while the input is stalled (checked before the lock)" \
	poll_quiet grep -q "第 3 行 联系电话" "$WORK/pimport.err"
check "... and the import still waits for its input" sh -c "! test -e '$WORK/pgo' && kill -0 $pimp"
out=$(nj producer add 名称=石鱼村新农场 主体类型=家庭农场 镇街=侣俸镇 2>&1); rc=$?
check "a clerk registers a producer meanwhile (rc=$rc: $out)" test $rc = 0
out=$(nj add 镇街=土桥镇 样品名称=豇豆 '抑制率(%)=37' 抽样人=张三 抽样环节=农贸市场 2>&1); rc=$?
check "and saves a sample meanwhile (rc=$rc: $out)" test $rc = 0
touch "$WORK/pgo"
wait $pfeeder
wait $pimp; rc=$?
check "the producer import ends with the bad row refused (rc=$rc)" test $rc = 1
check "it imported the 3999 good rows" grep -q "已导入 3999 条" "$WORK/pimport.out"
check "the registry has them and the clerk's" \
	test "$(sql "select count(*) from producers where name like '侣俸镇第%家庭农场' or name = '石鱼村新农场'")" = 4000

# 2. Another program holds the write lock until told to stop.
holder() {
	sqlite3 "$DB" "PRAGMA busy_timeout = 5000;" "BEGIN IMMEDIATE;" "INSERT INTO meta VALUES ('lock', 1);" \
		".shell touch $WORK/locked" ".shell while [ ! -e $WORK/release ]; do sleep 0.05; done" "ROLLBACK;" \
		>/dev/null 2>&1
}
e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" >/dev/null
keys 1
wait_for "抽样日期  2026-06-15" >/dev/null
# The keys of tests/e2e/entry.sh, each step waited for.
keys Tab; text "侣"; wait_for "候选: 1 侣俸镇" >/dev/null; keys 1
wait_for "已选定: 侣俸镇" >/dev/null
keys Enter Tab Tab; text "豇"; wait_for "候选: 1 豇豆" >/dev/null; keys 1
wait_for "产品类别  蔬菜" >/dev/null
keys Enter; wait_for "候选: 1 生产基地" >/dev/null; keys 8
wait_for "抽样环节  农贸市场" >/dev/null
# (34, not the 35 saved above: the same record again would ask 已有相同的记录)
keys Enter Tab Tab; text "张三"; keys Tab; text "王五"; keys Tab Tab; text "34"   # past 检测方法
check "the form is filled" wait_for "抑制率(%)  34"
holder &
hold=$!
check "another program holds the write lock" appears "$WORK/locked"
keys F2
check "the save waits and says so on the bottom line" wait_for "正在等待其他用户写入"
check "it waits longer than the busy timeout (300 ms): still waiting after 1 s" wait_for "已等 1 秒"
out=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=36' 抽样人=张三 抽样环节=农贸市场 2>&1); rc=$?
check "the command line keeps its timeout: it fails cleanly meanwhile (rc=$rc)" test $rc = 1
check "with the Chinese busy message" sh -c "echo '$out' | grep -q '数据库正忙'"
touch "$WORK/release"
wait $hold
check "once the lock is gone the waiting save completes" wait_for "已保存 TL2026-侣俸-0002"
check "the record is in the database" test "$(sql "select count(*) from samples where inhibition in (34, 35) and unit_id = (select id from units where name = '侣俸镇')")" = 2
e2e_done
