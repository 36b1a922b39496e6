#!/bin/sh
# Twenty processes enter samples into one database at once (BEGIN
# IMMEDIATE with a busy timeout): every record is present exactly once,
# the numbers are gap-free per town, and nobody sees an error.
. "$(dirname "$0")/lib.sh"
e2e_setup
N=8

i=0
while [ $i -lt 20 ]; do
	case $((i % 3)) in 0) town=侣俸镇 ;; 1) town=土桥镇 ;; *) town=安居镇 ;; esac
	(
		j=0
		while [ $j -lt $N ]; do
			nj add 镇街=$town 样品名称=豇豆 "抑制率(%)=$((i + j))" 抽样人=张三 抽样环节=农贸市场 --force \
				>/dev/null 2>>"$WORK/errors.$i" || echo "exit $? in writer $i" >>"$WORK/errors.$i"
			j=$((j + 1))
		done
	) &
	i=$((i + 1))
done
wait
errors=$(cat "$WORK"/errors.* 2>/dev/null)
check "no writer saw an error" test -z "$errors"
[ -z "$errors" ] || printf '%s\n' "$errors" | head -5 | sed 's/^/# /'
check "every record present: 160" test "$(sql 'select count(*) from samples')" = 160
check "sample numbers unique" test "$(sql 'select count(distinct sample_no) from samples')" = 160
for t in 侣俸镇 土桥镇 安居镇; do
	want=$(sql "select count(*) from samples s join units u on u.id=s.unit_id where u.name='$t'")
	got=$(sql "select max(seq) || '/' || count(distinct seq) || '/' || min(seq) from samples s join units u on u.id=s.unit_id where u.name='$t'")
	check "$t: numbers 1..$want without gaps ($got)" test "$got" = "$want/$want/1"
done
check "the database is consistent" test "$(sql 'pragma integrity_check')" = ok
e2e_done
