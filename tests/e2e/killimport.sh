#!/bin/sh
# kill -9 in the middle of an import leaves the database consistent: the
# import's rows are either all there or none of them, and the numbering
# carries on without a gap afterwards.
. "$(dirname "$0")/lib.sh"
e2e_setup
nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=10' 抽样人=张三 抽样环节=农贸市场 >/dev/null || fail "first record"
f=$WORK/big.csv
{
	nj template samples
	i=1
	while [ $i -le 40000 ]; do
		printf '2026-%02d-%02d,侣俸镇,定性检测,织篢镇蔬菜合作社,豇豆,蔬菜,农贸市场,,1kg,张三,,,%d,,,,,,,第%d行,,,,\r\n' \
			$((i % 5 + 1)) $((i % 28 + 1)) $((i % 40)) $i
		i=$((i + 1))
	done
} > "$f"
check "a 40,000-row file" test "$(wc -l < "$f")" -ge 40000

# The first run: killed in the middle, once it has read a quarter of the
# file (rows are saved as they are read). nj_bg starts the importer itself,
# so the process killed is the importer, not a shell around it.
size=$(wc -c < "$f")
nj_bg import samples "$f" >/dev/null 2>&1
pid=$!
read_bytes() { awk '/^rchar:/ { print $2 }' "/proc/$pid/io" 2>/dev/null || echo 0; }
halfway() { [ "$(read_bytes)" -gt $((size / 4)) ] || proc_gone "$pid"; }
poll_quiet halfway || echo "# the importer read only $(read_bytes) of $size bytes in ${E2E_TIMEOUT}s"
cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)
check "the process to kill is the importer ($cmd)" sh -c "case '$cmd' in *nongjian*' import samples '*) true ;; *) false ;; esac"
kill -9 "$pid" 2>/dev/null
killed=$?
wait "$pid" 2>/dev/null
rc=$?
check "the import was still running when killed (kill $killed, exit status $rc)" sh -c "[ $killed = 0 ] && [ $rc = 137 ]"
check "the importer is gone" proc_gone "$pid"
n=$(sql "select count(*) from samples")
check "after kill -9 the import is all or nothing ($n records)" sh -c "[ $n = 1 ] || [ $n = 40001 ]"
check "the database is consistent after kill -9" test "$(sql 'pragma integrity_check')" = ok
check "no half-written numbering: the next seq follows the records" \
	test "$(sql "select next_seq - 1 from counters c join units u on u.id = c.unit_id where u.name = '侣俸镇'")" = "$n"

# Run it again to completion: everything in once, numbers gap-free.
nj import samples "$f" > "$WORK/second.out" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$WORK/second.out" | head
check "a second run completes (exit 0)" test $rc = 0
check "every row in once: 40,001 records" test "$(sql "select count(*) from samples")" = 40001
check "numbers 1..40001 without gaps" test "$(sql "select max(seq) || '/' || count(distinct seq) from samples")" = "40001/40001"
e2e_done
