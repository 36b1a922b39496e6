#!/bin/sh
# Two real Unix users share one database under the documented deployment:
# a group, a setgid data directory (2770), a group-writable database. The
# second user works while the first holds the database open (so the -wal
# and -shm files exist, created by the first), staff are confined to their
# own town on the command line and on the screen, and the audit shows who
# did what. Needs root to create the users (CI runs as root); otherwise the
# test says so and checks nothing.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "# skipped: creating Unix users needs root"
	exit 0
fi
tag=$$
G=njg$tag U1=nja$tag U2=njb$tag U3=njc$tag
cleanup_users() { e2e_userdel "$G" $U1 $U2 $U3; }
trap 'tm_stop; cleanup_users; e2e_cleanup' EXIT
cleanup_users # left over from an earlier run with the same PID
e2e_shadow groupadd "$G" || { fail "groupadd"; exit 1; }
for u in $U1 $U2 $U3; do e2e_useradd -M -U -G "$G" -s /bin/sh "$u" || fail "useradd $u"; done

# Everything the users need, readable by them; the data directory is the
# shared one. ASan logs go to a world-writable place we check afterwards.
e2e_group_layout "$G"

as "$U1" init >/dev/null 2>"$WORK/err" || fail "init by $U1: $(cat "$WORK/err")"
check "the database belongs to the shared group" test "$(stat -c %G "$DB")" = "$G"
check "the database is group-writable (0660)" test "$(stat -c %a "$DB")" = 660
as "$U1" user add "$U2" --name 小李 --role staff --town 土桥镇 >/dev/null 2>"$WORK/err"
check "admin registers user 2 as 土桥镇 staff" test $? = 0

# User 1 keeps the database open in the screens (so -wal/-shm exist and
# belong to the first user) while user 2 writes.
tm_new 80 24 \
	"runuser -u $U1 -- env LC_ALL=C.UTF-8 TERM=xterm NONGJIAN_TODAY=$NONGJIAN_TODAY ASAN_OPTIONS=$ASAN_OPTIONS $WORK/app/nongjian --config $CONF; echo EXITED \$?; sleep 120"
check "user 1's screen is open" wait_for "1  录入抽样检测记录"
check "the -wal file exists while user 1 works" test -f "$DB-wal"
check "-wal is in the shared group" test "$(stat -c %G "$DB-wal")" = "$G"
check "-shm is group-writable" test "$(stat -c %a "$DB-shm")" = 660

out=$(as "$U2" add 镇街=土桥镇 样品名称=菠菜 '抑制率(%)=12' 抽样人=小李 抽样环节=生产基地 2>&1)
check "user 2 saves a 土桥镇 sample while user 1 has the database open ($out)" sh -c "echo '$out' | grep -q 'TL2026-土桥-0001'"
out=$(as "$U2" add 镇街=安居镇 样品名称=菠菜 '抑制率(%)=12' 抽样人=小李 抽样环节=生产基地 2>&1); rc=$?
check "staff cannot enter another town's sample (exit 1)" test $rc = 1
check "the refusal names their own town" sh -c "echo '$out' | grep -q '本单位 (土桥镇)'"
no=$(as "$U1" add 镇街=安居镇 样品名称=韭菜 '抑制率(%)=20' 抽样人=老王 抽样环节=超市 2>/dev/null | cut -f1)
check "the admin saves an 安居镇 sample" test "$no" = "TL2026-安居-0001"
out=$(as "$U2" correct "$no" --reason 改 '抑制率(%)=60' 2>&1); rc=$?
check "staff cannot correct another town's record (exit 1)" test $rc = 1
check "the record is unchanged" test "$(sql "select inhibition from samples where sample_no = '$no'")" = 20.0
out=$(as "$U3" show "$no" 2>&1); rc=$?
check "an unregistered login is refused (exit 1)" test $rc = 1
check "and told to ask the admin" sh -c "echo '$out' | grep -q '还没有登记'"
audit=$(as "$U1" audit)
check "the audit shows user 2's sample" sh -c "echo '$audit' | grep -q '$U2.*新增记录.*TL2026-土桥-0001'"
check "the audit shows user 1 registering user 2" sh -c "echo '$audit' | grep -q '$U1.*新增用户.*$U2'"

# On the screen: user 2 opens user 1's record and cannot save a correction.
tm_stop
SOCK="$SOCK-2"
tm_new 80 24 \
	"runuser -u $U2 -- env LC_ALL=C.UTF-8 TERM=xterm NONGJIAN_TODAY=$NONGJIAN_TODAY ASAN_OPTIONS=$ASAN_OPTIONS $WORK/app/nongjian --config $CONF; echo EXITED \$?; sleep 120"
check "user 2's screen shows their login" wait_for "用户: $U2"
keys 2
check "user 2 sees every record in the list" wait_for "$no"
keys Enter
check "the record opens" wait_for "更正记录"
keys Down Down Down Down Down Down Down Down Down Down Down C-u
text 5
keys F2
check "the screen refuses staff correcting another town" wait_for "不能改动 安居镇 的记录"
check "no reason is asked for a refused correction" sh -c "! tmux -L '$SOCK' capture-pane -p | grep -q 更正原因"
keys F8
check "voiding another town's record is refused too" wait_for "不能改动 安居镇 的记录"
check "the record is still unchanged" test "$(sql "select version from samples where sample_no = '$no'")" = 1
e2e_done
