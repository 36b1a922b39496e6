#!/bin/sh
# A reader meets the -wal and -shm a writer left behind (issue 11 part 6):
# killed with kill -9, the writer leaves both, and an account that may
# read the database but not those files (or may not make a new -shm in
# the directory) is told what is wrong and what to do, in Chinese, not
# "unable to open database file". A writer's open then merges the -wal
# back, and the reader works again with nothing lost. Needs root to make
# a second Unix user; otherwise the test says so and checks nothing.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "# skipped: creating a Unix user needs root"
	exit 0
fi
U=njr$$
trap 'e2e_userdel "$U" $U; e2e_cleanup' EXIT
e2e_userdel "$U" $U # left over from an earlier run with the same PID
e2e_useradd -M -U -s /bin/sh "$U" || { fail "useradd $U"; exit 1; }

# The program, its configuration and a data directory everyone may add
# files to (sticky, as /tmp): the database belongs to root (a writer),
# 0644; a reader makes its own -wal and -shm when none are there.
chmod 1777 "$WORK"
mkdir -p "$WORK/app/conf" "$WORK/data"
cp "$BIN" "$WORK/app/nongjian"
cp -r "$ROOT/forms" "$WORK/app/"
cp -r "$ROOT/conf/towns" "$ROOT/conf/products.csv" "$ROOT/conf/limits.csv" "$ROOT/conf/banned.csv" "$WORK/app/conf/"
sed -e "s|^path = .*|path = $WORK/data/nongjian.db|" -e "s|^forms = .*|forms = $WORK/app/forms|" \
	"$ROOT/conf/nongjian.ini" > "$WORK/app/conf/nongjian.ini"
chmod -R a+rX "$WORK/app"
chmod 1777 "$WORK/data"
CONF=$WORK/app/conf/nongjian.ini
DB=$WORK/data/nongjian.db
nj init > /dev/null || fail "init"
nj user add "$U" --name 小王 --role supervisor > /dev/null || fail "user add"
nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=35' 抽样人=张三 抽样环节=农贸市场 > /dev/null || fail "add"
chmod 0644 "$DB"
reads() { as "$U" quota > "$WORK/quota.out" 2>&1 || { sed 's/^/# /' "$WORK/quota.out"; false; }; }
check "the reader can read the database while no writer is left over" reads

# A writer killed with kill -9 right after a save: its -wal and -shm stay,
# readable only by it (a writer whose umask was 077).
sqlite3 "$DB" "INSERT INTO meta VALUES ('stale', 1);" ".shell kill -9 \$PPID" > /dev/null 2>&1
check "the killed writer left a -wal and a -shm" test -s "$DB-wal" -a -e "$DB-shm"
chmod 0600 "$DB-wal" "$DB-shm"
out=$(as "$U" quota 2>&1); rc=$?
check "the reader cannot open it (rc=$rc)" test $rc = 1
check "it is told what the two files are" sh -c "echo '$out' | grep -q '日志文件 $DB-wal 和 $DB-shm 是写入它的程序留下的'"
check "and what to do: not delete them, let the admin run nongjian check" \
	sh -c "echo '$out' | grep -q '请不要删除这两个文件：请管理员 (或能写入数据库的用户) 运行一次 nongjian check'"
check "not SQLite's English" sh -c "! echo '$out' | grep -qi 'unable to open'"

# The -shm gone (someone tidied up), the -wal readable, and a directory
# the reader may not add files to: it cannot make a new -shm.
rm -f "$DB-shm"
chmod 0644 "$DB-wal"
chmod 0755 "$WORK/data"
out=$(as "$U" quota 2>&1); rc=$?
chmod 1777 "$WORK/data"
check "without its -shm the reader still cannot open it (rc=$rc)" test $rc = 1
check "and is told it may not make a new -shm" sh -c "echo '$out' | grep -q '不能在数据目录中重新建立它'"

# An admin's check opens it as a writer: the -wal goes back in, both
# files are gone, and the reader reads again; nothing was lost.
out=$(nj check 2>&1); rc=$?
[ $rc = 0 ] || echo "$out" | sed 's/^/# /'
check "nongjian check, as the message says (rc=$rc)" test $rc = 0
check "the -wal and -shm are gone" test ! -e "$DB-wal" -a ! -e "$DB-shm"
check "the killed writer's save is in the database" test "$(sql "select count(*) from meta where key = 'stale'")" = 1
check "the reader reads again" reads

# No writer left anything, and the reader may not make the two files.
rm -f "$DB-wal" "$DB-shm"
chmod 0755 "$WORK/data"
out=$(as "$U" quota 2>&1); rc=$?
chmod 1777 "$WORK/data"
check "a directory the reader may not write is explained too (rc=$rc)" \
	sh -c "[ $rc = 1 ] && echo '$out' | grep -q '而当前账号不能写这个目录'"
e2e_done
