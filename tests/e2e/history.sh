#!/bin/sh
# History cannot be rewritten casually (issue 11 part 3), even by a login
# that can open the database file with the sqlite3 tool: a sample changes
# only with its correction record, users only after their audit row, a
# rating only with its rating record, a listing is lifted only with its
# audit row, a rule only after a settings audit row, numbering only
# forward. The program's own corrections, user changes, ratings, liftings
# and settings still work.
# (The file's owner can still drop a trigger: only the setgid install of
# setgid.sh keeps logins away from the file.)
. "$(dirname "$0")/lib.sh"
e2e_setup
has() { printf '%s' "$2" | grep -qF -- "$1"; }
shell() { sqlite3 -batch "$DB" "$1" 2>&1; } # as a hand at the sqlite3 prompt would
me=$(id -un)

no=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=62' 抽样人=张三 抽样环节=农贸市场 | cut -f1)
check "a failing sample is saved ($no)" test "$(sql "select verdict from samples where sample_no = '$no'")" = fail

out=$(shell "update samples set verdict = 'pass' where sample_no = '$no'"); rc=$?
check "update samples set verdict='pass' is refused by the database (rc=$rc)" test $rc != 0
check "with a message that says how a sample changes ($out)" has "only with its correction record" "$out"
check "the verdict is still 不合格" test "$(sql "select verdict from samples where sample_no = '$no'")" = fail
out=$(shell "update samples set inhibition = 10, version = version + 1 where sample_no = '$no'"); rc=$?
check "a bumped version without a correction row is refused too" test $rc != 0
out=$(shell "begin; insert into sample_changes(sample_id, version, changed_at, changed_by, reason, field, old_value, new_value)
  select id, version + 1, '2026-06-15 10:00:00', 'x', 'x', 'inhibition', '62', '10' from samples where sample_no = '$no';
  update samples set verdict = 'pass', version = version + 1 where sample_no = '$no'; commit;"); rc=$?
check "a correction row that does not record the verdict does not let it change" test $rc != 0
check "nothing of that attempt was kept" test "$(sql "select count(*) from sample_changes")" = 0
out=$(shell "update samples set sample_no = 'TL2026-侣俸-9999' where sample_no = '$no'"); rc=$?
check "a sample number never changes" test $rc != 0

out=$(nj correct "$no" --reason 抄录错误 '抑制率(%)=12' 2>&1); rc=$?
check "nongjian correct still corrects it ($out)" test $rc = 0
check "and the verdict follows, with its history" \
	test "$(sql "select verdict || ' ' || (select count(*) from sample_changes where field = 'verdict') from samples where sample_no = '$no'")" = "pass 1"
out=$(nj void "$no" --reason 重复录入 2>&1); rc=$?
check "nongjian void still voids it ($out)" test $rc = 0
out=$(shell "update samples set status = 'valid' where sample_no = '$no'"); rc=$?
check "a voided sample cannot be brought back by hand" test $rc != 0

nj user add zhangsan --name 张三 --role staff --town 侣俸镇 > /dev/null || fail "user add"
out=$(shell "update users set role = 'admin' where login = 'zhangsan'"); rc=$?
check "update users set role='admin' is refused by the database (rc=$rc)" test $rc != 0
check "with a message naming the command to use ($out)" has "nongjian user set" "$out"
check "zhangsan is still staff" test "$(sql "select role from users where login = 'zhangsan'")" = staff
out=$(shell "insert into users(login, name, role, created_at, created_by) values ('evil', 'x', 'admin', 'now', 'x')"); rc=$?
check "a users row inserted by hand is refused" test $rc != 0
out=$(shell "delete from users where login = '$me'"); rc=$?
check "a user cannot be deleted" test $rc != 0
out=$(nj user set zhangsan --role supervisor 2>&1); rc=$?
check "nongjian user set still changes a role ($out)" test "$(sql "select role from users where login = 'zhangsan'")" = supervisor
check "after its audit row" test "$(sql "select action from audit order by id desc limit 1")" = user.set

# The audit trail itself: rewriting who did what, or removing it, is refused.
n_audit=$(sql "select count(*) from audit")
out=$(shell "update audit set login = 'someone_else' where login = '$me'"); rc=$?
check "update audit (who did what) is refused (rc=$rc)" sh -c "[ $rc != 0 ] && printf '%s' '$out' | grep -q append-only"
out=$(shell "delete from audit"); rc=$?
check "delete from audit is refused (rc=$rc)" test $rc != 0
check "the audit trail is whole ($n_audit rows)" test "$(sql "select count(*) from audit where login = '$me'")" = "$n_audit"

nj producer add 名称=张三农场 主体类型=家庭农场 镇街=侣俸镇 > /dev/null || fail "producer add"
nj rate 1 C --reason 两次抽检不合格 > /dev/null || fail "rate C"
out=$(shell "update producers set rating = 'A' where id = 1"); rc=$?
check "update producers set rating='A' is refused (rc=$rc)" test $rc != 0
check "the rating is still C" test "$(sql "select rating from producers where id = 1")" = C
out=$(shell "update blacklist set lifted_at = 'now', lifted_by = 'x', lift_reason = 'x' where producer_id = 1"); rc=$?
check "lifting a listing by hand is refused (rc=$rc)" test $rc != 0
check "the producer is still on the blacklist" test "$(sql "select count(*) from blacklist where lifted_at is null")" = 1
out=$(nj rate 1 B --reason 整改合格 2>&1); rc=$?
check "nongjian rate still rates ($out)" test "$(sql "select rating from producers where id = 1")" = B
out=$(nj blacklist lift 1 --reason 整改验收合格 2>&1); rc=$?
check "nongjian blacklist lift still lifts ($out)" test "$(sql "select count(*) from blacklist where lifted_at is null")" = 0
out=$(nj blacklist lift 1 --reason 再次 2>&1); rc=$?
check "lifting again says it is not listed, and writes no audit row ($out)" \
	test "$rc $(sql "select count(*) from audit where action = 'blacklist.lift'")" = "1 1"
out=$(shell "update counters set next_seq = 1"); rc=$?
check "putting a numbering counter back is refused (rc=$rc: $out)" has "only moves forward" "$out"
out=$(shell "delete from counters"); rc=$?
check "deleting the counters is refused" test $rc != 0
no2=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=5' 抽样人=张三 抽样环节=农贸市场 2>&1 | cut -f1)
check "the next save still gets the next number ($no2)" test "$no2" = TL2026-侣俸-0002
out=$(shell "update settings set value = '100' where sec = 'rapid' and key = 'positive'"); rc=$?
check "update settings set the threshold to 100 is refused (rc=$rc: $out)" has "only by nongjian settings" "$out"
out=$(shell "delete from settings where scope = 'form.sample'"); rc=$?
check "deleting the sample form's rules is refused" test $rc != 0
check "the threshold is still 50" test "$(sql "select value from settings where sec = 'rapid' and key = 'positive'")" = 50
out=$(nj settings set rapid.positive 55 2>&1); rc=$?
check "nongjian settings set still changes it ($out)" test "$(sql "select value from settings where sec = 'rapid' and key = 'positive'")" = 55
check "nongjian check still finds every guard intact" sh -c "'$BIN' --config '$CONF' check >/dev/null 2>&1"
e2e_done
