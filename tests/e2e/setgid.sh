#!/bin/sh
# Privilege separation (issue 11 part 2), the way mail spools and game
# score files do it: make install into a throwaway PREFIX, STATEDIR and
# SYSCONFDIR with a throwaway group installs the program setgid; two real
# users who are NOT in the group work through it, and everything a login
# could point it at — sqlite3 on the file, --config/--db, NONGJIAN_CONF,
# NONGJIAN_DB, NONGJIAN_TODAY, USER/LOGNAME, TZ, an export into the data
# directory — fails with a clear message or is ignored, said so on
# stderr. Needs root (CI runs as root); otherwise says so and checks nothing.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "# skipped: installing setgid and creating Unix users needs root"
	exit 0
fi
tag=$$
G=njsg$tag ADM=njsa$tag STAFF=njss$tag
cleanup_users() {
	for u in $ADM $STAFF; do userdel "$u" 2>/dev/null; groupdel "$u" 2>/dev/null; done
	groupdel "$G" 2>/dev/null
}
trap 'tm_stop; cleanup_users; e2e_cleanup' EXIT
for u in $ADM $STAFF; do e2e_useradd -M -U -s /bin/sh "$u" || fail "useradd $u"; done
has() { printf '%s' "$2" | grep -qF -- "$1"; }

# The real install, built as make install builds it (no test hooks).
chmod 755 "$WORK"
P=$WORK/prefix S=$WORK/state E=$WORK/etc
if ! make -C "$ROOT" --no-print-directory install B="$WORK/build" CFLAGS=-O0 PREFIX="$P" \
	STATEDIR="$S" SYSCONFDIR="$E" NJ_GROUP="$G" > "$WORK/install.log" 2>&1; then
	fail "make install into $WORK"; sed 's/^/# /' "$WORK/install.log" | tail -20; exit 1
fi
NJ=$P/bin/nongjian DB=$S/nongjian.db
check "the program is installed setgid $G" test "$(stat -c '%A %G' "$NJ")" = "-rwxr-sr-x $G"
check "the data directory is root:$G 2770" test "$(stat -c '%U:%G %a' "$S")" = "root:$G 2770"
check "the system configuration is root's, 0644" test "$(stat -c '%U %a' "$E/nongjian.ini")" = "root 644"
check "it names the data directory's database" grep -qx "path = $DB" "$E/nongjian.ini"
check "the users are not in the group" sh -c "! id -nG $STAFF | grep -qw $G && ! id -nG $ADM | grep -qw $G"
check "make install says not to add users to the group" grep -q "不要把使用者加入 $G 组" "$WORK/install.log"

# A clean environment per call, plus whatever the attack adds.
run() { # user, then a command
	u=$1; shift
	mkdir -p "$WORK/home/$u"; chown "$u" "$WORK/home/$u"
	runuser -u "$u" -- env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME="$WORK/home/$u" "$@"
}
today=$(env -u TZ date +%F) year=$(env -u TZ date +%Y)

# Only root creates the database: a login racing the county admin to
# init would otherwise be its first admin.
out=$(run "$STAFF" "$NJ" init 2>&1); rc=$?
check "a login cannot create the database (rc=$rc)" test $rc = 1
check "and is told root does it ($out)" has "由 root 创建" "$out"
check "no database file was made" test ! -e "$DB"
out=$(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$NJ" init 2>&1); rc=$?
check "root creates the database through the program ($out)" test $rc = 0
check "the database is root's, in the group, 0660" test "$(stat -c '%U %G %a' "$DB")" = "root $G 660"
out=$(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$NJ" user add "$ADM" --name 县管理员 --role admin 2>&1)
check "root registers the county admin ($out)" test "$(sql "select role from users where login = '$ADM'")" = admin
out=$(run "$ADM" "$NJ" user add "$STAFF" --name 小李 --role staff --town 土桥镇 2>&1)
check "the admin registers 土桥镇 staff ($out)" test "$(sql "select role from users where login = '$STAFF'")" = staff
out=$(run "$STAFF" "$NJ" add 镇街=土桥镇 样品名称=菠菜 '抑制率(%)=12' 抽样人=小李 抽样环节=生产基地 2>&1); rc=$?
check "staff save a sample through the program ($out)" test $rc = 0
check "numbered by the database's rules" has "TL$year-土桥-0001" "$out"
check "the -wal/-shm files were left to the group or removed" \
	sh -c "for f in '$DB-wal' '$DB-shm'; do [ ! -e \"\$f\" ] || [ \"\$(stat -c %G \"\$f\")\" = '$G' ] || exit 1; done"

# No login can open the file except through the program: not staff, and
# not the county admin (so no one but root can drop a trigger).
out=$(run "$STAFF" sqlite3 "$DB" "update samples set verdict = 'fail'" 2>&1); rc=$?
check "sqlite3 on the database is refused to staff (rc=$rc: $out)" test $rc != 0
out=$(run "$ADM" sqlite3 "$DB" "drop trigger samples_change_needs_history" 2>&1); rc=$?
check "nor can the county admin drop a trigger (rc=$rc: $out)" test $rc != 0
check "the trigger is still there" test "$(sql "select count(*) from sqlite_schema where name = 'samples_change_needs_history'")" = 1
check "the verdict is unchanged" test "$(sql "select verdict from samples")" = pass

# Everything a login could point the program at is ignored, and said so.
mkdir -p "$WORK/evil/conf"
cp -r "$ROOT/conf/towns" "$ROOT/conf/products.csv" "$ROOT/conf/limits.csv" "$ROOT/conf/banned.csv" "$WORK/evil/conf/"
sed -e "s|^path = .*|path = $WORK/evil/evil.db|" -e 's|^positive = .*|positive = 100|' \
	-e "s|^forms = .*|forms = $ROOT/forms|" "$ROOT/conf/nongjian.ini" > "$WORK/evil/conf/nongjian.ini"
chmod -R a+rwX "$WORK/evil"
before=$(env -u TZ date '+%Y-%m-%d %H')
out=$(run "$STAFF" env NONGJIAN_CONF="$WORK/evil/conf/nongjian.ini" NONGJIAN_DB="$WORK/evil/evil.db" \
	NONGJIAN_TODAY=2099-12-31 TZ=XXX-24 USER="$ADM" LOGNAME="$ADM" \
	"$NJ" --config "$WORK/evil/conf/nongjian.ini" --db "$WORK/evil/evil.db" \
	add 镇街=土桥镇 样品名称=菠菜 '抑制率(%)=95' 抽样人=小李 抽样环节=生产基地 2>"$WORK/err"); rc=$?
after=$(env -u TZ date '+%Y-%m-%d %H')
err=$(cat "$WORK/err")
check "the sample is still saved ($out)" test $rc = 0
for what in --config --db NONGJIAN_CONF NONGJIAN_DB NONGJIAN_TODAY; do
	check "stderr says $what was ignored" has "$what" "$err"
done
check "and why: a protected (setgid) install ($err)" has "以受保护方式安装 (setgid $G)" "$err"
check "no private database was made" test ! -e "$WORK/evil/evil.db"
no=$(printf '%s' "$out" | cut -f1)
check "95 % is 不合格 by the database's threshold" test "$(sql "select verdict from samples where sample_no = '$no'")" = fail
check "the sampling date is today, not NONGJIAN_TODAY's 2099-12-31" \
	test "$(sql "select sample_date from samples where sample_no = '$no'")" = "$today"
check "the identity is the real uid's, not USER/LOGNAME's" \
	test "$(sql "select created_by from samples where sample_no = '$no'")" = "$STAFF"
at=$(sql "select substr(at, 1, 13) from audit where entity = '$no'")
check "the audit time is the system's, not TZ=XXX-24's ($at)" sh -c "[ '$at' = '$before' ] || [ '$at' = '$after' ]"
out=$(run "$STAFF" env USER="$ADM" LOGNAME="$ADM" "$NJ" settings set rapid.positive 100 2>&1); rc=$?
check "USER=admin does not make staff an admin (rc=$rc: $out)" sh -c "[ $rc = 1 ] && printf '%s' '$out' | grep -q 只有管理员"

# Files for the user are written with the user's own rights.
out=$(run "$STAFF" "$NJ" export samples -o "$S/stolen.csv" 2>&1); rc=$?
check "an export into the data directory is refused (rc=$rc: $out)" test $rc != 0
check "and left no file there" test ! -e "$S/stolen.csv"
n=$(sql "select count(*) from samples")
out=$(run "$STAFF" "$NJ" export samples -o "$DB" 2>&1); rc=$?
check "export -o over the database itself is refused (rc=$rc)" test $rc != 0
check "the database is intact" test "$(sql "pragma integrity_check")/$(sql "select count(*) from samples")" = "ok/$n"
out=$(run "$STAFF" "$NJ" export samples -o "$WORK/home/$STAFF/s.csv" 2>&1); rc=$?
check "an export into the user's own directory works ($out)" test $rc = 0
check "the file is the user's, in the user's own group, not $G" \
	test "$(stat -c '%U %G' "$WORK/home/$STAFF/s.csv")" = "$STAFF $STAFF"
check "and holds the samples" grep -q "$no" "$WORK/home/$STAFF/s.csv"
# Nor can any other file the program opens for the user reach the data
# directory: the diagnostic log, an import's input and its report.
sum=$(cksum < "$DB")
out=$(run "$STAFF" env NONGJIAN_LOG="$DB" "$NJ" show "$no" 2>&1); rc=$?
check "NONGJIAN_LOG=the database is refused as a log" has "无法写入诊断日志" "$out"
check "and the database file is not appended to" test "$(cksum < "$DB")" = "$sum"
out=$(run "$STAFF" "$NJ" import samples "$DB" 2>&1); rc=$?
check "the database cannot be read as an import's input (rc=$rc)" test $rc = 2
check "... and none of its bytes are echoed ($out)" sh -c "! printf '%s' '$out' | grep -q 'SQLite format'"
printf '%s\n' "抽样日期,检测单位,检测类别,样品名称,产品类别,抽样环节,抽样人,抑制率(%)" \
	"$today,土桥镇,定性检测,菠菜,蔬菜,随便,小李,5" > "$WORK/home/$STAFF/bad.csv"
chown "$STAFF" "$WORK/home/$STAFF/bad.csv"
out=$(run "$STAFF" "$NJ" import samples "$WORK/home/$STAFF/bad.csv" --report "$S/report.csv" 2>&1); rc=$?
check "an import's report into the data directory is refused (rc=$rc)" test $rc != 0
check "and left no file there" test ! -e "$S/report.csv"
# A backup holds every ID number: the admin's job, in the admin's own file.
out=$(run "$STAFF" "$NJ" backup "$WORK/home/$STAFF/copy.db" 2>&1); rc=$?
check "staff cannot take a backup (rc=$rc: $out)" sh -c "[ $rc = 1 ] && [ ! -e '$WORK/home/$STAFF/copy.db' ]"
out=$(run "$ADM" "$NJ" backup "$WORK/home/$ADM/copy.db" 2>&1); rc=$?
check "the county admin can (rc=$rc)" test $rc = 0
check "the copy is the admin's, not the group's" test "$(stat -c '%U %G' "$WORK/home/$ADM/copy.db")" = "$ADM $ADM"

# A terminal description of the login's own is never read by the setgid
# program (ncurses would parse it in a process that can take the group
# back: CVE-2023-29491's way in), through $TERMINFO or ~/.terminfo alike.
ti=$WORK/home/$STAFF/ti
mkdir -p "$ti" "$WORK/home/$STAFF/.terminfo"
infocmp xterm | sed 's/^xterm|[^,]*,/njevil|a login entry,/' > "$WORK/njevil.src"
tic -o "$ti" "$WORK/njevil.src" && tic -o "$WORK/home/$STAFF/.terminfo" "$WORK/njevil.src"
chown -R "$STAFF" "$ti" "$WORK/home/$STAFF/.terminfo"
entry_usable() { run "$STAFF" env TERMINFO="$ti" infocmp njevil >/dev/null 2>&1; }
check "the login's own njevil entry is a usable description (test set-up)" entry_usable
tm_new 80 24 "runuser -u $STAFF -- env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=$WORK/home/$STAFF TERM=njevil \
	TERMINFO=$ti TERMINFO_DIRS=$ti $NJ; echo EXITED \$?; sleep 120"
check "the setgid program ignores it: TERM=njevil is unknown to it, xterm is used" \
	wait_for "TERM=njevil 无法使用，已改用 xterm"
check "and the main menu works" wait_for "1  录入抽样检测记录"
keys 0
check "it exits cleanly" wait_for "EXITED 0"
tm_stop
e2e_done
