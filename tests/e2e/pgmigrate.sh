#!/bin/sh
# nongjian migrate-to (issue 20 part 4) against a real, throw-away
# PostgreSQL cluster (tests/pg/cluster.sh; SKIP when the server is not
# installed): the demo database copied, every table's rows and columns
# the same as SQLite's, the guards refusing on the server, row-level
# security keeping a 镇街录入员 to its own unit, the audit trail
# INSERT-only, numbering by a counter locked FOR UPDATE with writers at
# once, and a second migrate-to into the now non-empty database refused.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
said() { grep -qF -- "$1" "$out"; }
pg_start || e2e_done

nj init --demo > "$out" 2>&1 || { fail "init --demo"; sed 's/^/# /' "$out"; }
nj user add town1 --name 张三 --role staff --town 侣俸镇 > /dev/null || fail "user add town1"
nj user add boss --name 李四 --role supervisor > /dev/null || fail "user add boss"
unit=$(sql "select id from units where name = '侣俸镇'")
other=$(sql "select id from units where name = '土桥镇'")

# As the README has it: an owner that may make roles (not a superuser)
# and an empty UTF-8 database of its own.
DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
URL=$(pg_url $DBN $OWNER)
pq() { psql_on $DBN $OWNER -c "$1"; }                # as the database's owner
pq_as() { psql_on $DBN "$1" -c "$2" 2>&1; }           # as a login's role

nj migrate-to "$URL" > "$out" 2>&1; rc=$?
check "migrate-to exits 0 (rc=$rc)" test $rc = 0
[ $rc = 0 ] || sed 's/^/# /' "$out"
check "it says where it went, without a password" said "已迁移到 数据库 $DBN"
check "it says every table's rows were checked" said "每个表的行数与 SQLite 数据库一致"
check "it says the numbering was checked" said "编号连续无缺号"
check "it says what runs on PostgreSQL (check among it)" said "nongjian check 已可在 PostgreSQL 上运行"
check "and that the rest does not yet: keep entering on SQLite" said "完成之前请继续在 SQLite 数据库上录入"

# Every table: the same rows and the same columns in the same order.
tables=$(sql "select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' order by name")
bad=0 n=0
for t in $tables; do
	n=$((n + 1))
	a=$(sql "select count(*) from $t")
	b=$(pq "select count(*) from $t" 2>&1)
	[ "$a" = "$b" ] || { echo "# $t: sqlite $a, postgresql $b"; bad=$((bad + 1)); }
	ca=$(sql "select group_concat(name, ',') from (select name from pragma_table_info('$t') order by cid)")
	cb=$(pq "select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_name = '$t'" 2>&1)
	[ "$ca" = "$cb" ] || { echo "# $t columns: sqlite $ca, postgresql $cb"; bad=$((bad + 1)); }
done
check "all $n tables have the same row counts and columns as sqlite3 shows ($bad differ)" test "$bad" = 0
check "the demo's samples are all there ($(sql "select count(*) from samples"))" \
	test "$(pq "select count(*) from samples")" -gt 1000
check "a Chinese text round-trips" \
	test "$(pq "select name from units where id = $unit")" = 侣俸镇
a=$(sql "select sum(inhibition) from samples where inhibition is not null")
b=$(pq "select sum(inhibition) from samples where inhibition is not null")
check "numbers round-trip (sum of 抑制率: $a / $b)" awk -v a="$a" -v b="$b" 'BEGIN { d = a - b; exit !(d < 1e-6 && d > -1e-6) }'
check "a new sample continues after the highest id" \
	test "$(pq "select nextval(pg_get_serial_sequence('samples', 'id'))")" = "$(($(sql "select max(id) from samples") + 1))"

# The guards, as the owner.
pq "UPDATE audit SET login = 'x' WHERE id = (SELECT min(id) FROM audit)" > "$out" 2>&1
check "the audit trail refuses an UPDATE (owner too)" said "the audit trail is append-only"
pq "DELETE FROM samples WHERE id = (SELECT min(id) FROM samples)" > "$out" 2>&1
check "a sample is never deleted" said "samples are voided, never deleted"
pq "UPDATE counters SET next_seq = next_seq - 1 WHERE unit_id = $unit" > "$out" 2>&1
check "numbering only moves forward" said "sample numbering only moves forward"
pq "UPDATE samples SET remarks = 'x' WHERE id = (SELECT min(id) FROM samples)" > "$out" 2>&1
check "a sample changes only with its history row" said "a sample changes only with its correction record"
pq "INSERT INTO units(name, short_name) VALUES (E'坏\\u202e镇', '坏')" > "$out" 2>&1
check "the text-safety CHECK refuses a bidi override" said "units_name_check"
pq "INSERT INTO units(name, short_name) VALUES ('好镇', '好')" > /dev/null 2>&1
check "a clean name passes the same CHECK" test "$(pq "select count(*) from units where name = '好镇'")" = 1

# Roles and row-level security.
check "each login has its role" test "$(pq "select count(*) from pg_roles where rolname in ('nj_town1', 'nj_boss', 'nj_root')")" = 3
year=$(sql "select max(year) from samples")
copy_sample() { # unit: a copy of the first sample with a new id, number and seq, under that unit
	echo "INSERT INTO samples (id, sample_no, unit_id, year, seq, kind, sample_date, product, category, verdict,
	  created_at, created_by) SELECT 900000 + $1, 'T-' || $1, $1, year, 90000, kind, sample_date, product, category,
	  verdict, created_at, 'town1' FROM samples ORDER BY id LIMIT 1"
}
pq_as nj_town1 "$(copy_sample "$other")" > "$out"
check "a 镇街录入员 cannot insert a sample of another unit" said "row-level security"
pq_as nj_town1 "BEGIN; $(copy_sample "$unit"); ROLLBACK" > "$out"
check "but can insert one of its own unit (the same row otherwise)" test ! -s "$out"
[ -s "$out" ] && sed 's/^/# /' "$out"
pq_as nj_boss "BEGIN; $(copy_sample "$other"); ROLLBACK" > "$out"
check "a 监管督查 may write any unit's (bundles, follow-up of every town)" test ! -s "$out"
# The rows that hang off a record follow its unit (through the foreign
# keys): a correction row, one table away; a follow-up step, two.
theirs=$(pq "select min(id) from samples where unit_id = $other")
mine=$(pq "select min(id) from samples where unit_id = $unit")
change_row() { # sample id
	echo "INSERT INTO sample_changes (sample_id, version, changed_at, changed_by, reason, field)
	  VALUES ($1, 99, '2026-06-15 10:00:00', 'town1', '测试', 'remarks')"
}
pq_as nj_town1 "$(change_row "$theirs")" > "$out"
check "a 镇街录入员 cannot add history to another unit's sample" said "row-level security"
pq_as nj_town1 "BEGIN; $(change_row "$mine"); ROLLBACK" > "$out"
check "but can to its own unit's" test ! -s "$out"
case_of() { pq "select min(c.id) from followup_cases c join samples s on s.id = c.sample_id where s.unit_id = $1"; }
step_row() { # case id
	echo "INSERT INTO followup_steps (case_id, step, step_date, created_at, created_by)
	  VALUES ($1, 'retest', '2026-06-15', '2026-06-15 10:00:00', 'town1')"
}
theirs_case=$(case_of "$other") mine_case=$(case_of "$unit")
if [ -n "$theirs_case" ] && [ -n "$mine_case" ]; then
	pq_as nj_town1 "$(step_row "$theirs_case")" > "$out"
	check "nor a follow-up step to another unit's case (two tables away)" said "row-level security"
	pq_as nj_town1 "BEGIN; $(step_row "$mine_case"); ROLLBACK" > "$out"
	check "but can to its own unit's case" test ! -s "$out"
	[ -s "$out" ] && sed 's/^/# /' "$out"
else
	fail "the demo has follow-up cases in both towns ($theirs_case, $mine_case)"
fi
pq_as nj_town1 "UPDATE audit SET login = 'x'" > "$out"
check "a login cannot UPDATE the audit trail" said "permission denied"
pq_as nj_town1 "DELETE FROM audit" > "$out"
check "nor DELETE from it" said "permission denied"
pq_as nj_town1 "INSERT INTO audit(at, login, action, entity) VALUES ('2026-06-15 10:00:00', 'town1', 'test', 'x')" > "$out"
check "but may add to it" test ! -s "$out"
pq_as nj_town1 "UPDATE settings SET value = '1'" > "$out"
check "a 镇街录入员 cannot change the rules" said "permission denied"

# Numbering on the server: four writers at once, each number once.
for w in 1 2 3 4; do
	(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
		psql_on $DBN nj_town1 -c "BEGIN; SELECT nj_next_seq($unit, 2030); COMMIT" || exit 1
	done) > "$WORK/seq$w" 2>&1 &
done
wait
sort -n "$WORK"/seq? > "$WORK/seqs"
check "60 numbers from four writers at once, 1 to 60 each once" test "$(seq 1 60)" = "$(cat "$WORK/seqs")"
[ "$(seq 1 60)" = "$(cat "$WORK/seqs")" ] || head -5 "$WORK"/seq? | sed 's/^/# /'
check "the counter continues after them" test "$(pq "select next_seq from counters where unit_id = $unit and year = 2030")" = 61
pq_as nj_town1 "SELECT nj_next_seq($other, 2030)" > "$out"
check "a 镇街录入员 cannot take another unit's numbers" said "row-level security"

# Again into the same, no longer empty, database.
nj migrate-to "$URL" > "$out" 2>&1; rc=$?
check "a second migrate-to into it exits 1 (rc=$rc)" test $rc = 1
check "and says the database is not empty" said "不是空的"
check "leaving it as it was" test "$(pq "select count(*) from samples")" = "$(sql "select count(*) from samples")"

# A failed migration leaves nothing, not even the roles it made: a gap
# in the numbering (found by the check before the commit) ...
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE second ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" > /dev/null
nj user add late --name 赵六 --role staff --town 侣俸镇 > /dev/null || fail "user add late"
sql_unguarded "UPDATE samples SET seq = seq + 1000 WHERE id = (SELECT max(id) FROM samples)"
nj migrate-to "$(pg_url second $OWNER)" > "$out" 2>&1; rc=$?
check "a gap in the numbering fails the migration (rc=$rc)" test $rc = 1
check "saying which unit and year" said "中间有缺号"
[ $rc = 1 ] || sed 's/^/# /' "$out"
empty_second() {
	test "$(psql_on second $OWNER -c "select count(*) from pg_tables where schemaname = 'public'")" = 0
}
check "and nothing of it stays in the target" empty_second
check "not even the role it made for a login" test "$(pq "select count(*) from pg_roles where rolname = 'nj_late'")" = 0
sql_unguarded "UPDATE samples SET seq = seq - 1000 WHERE id = (SELECT max(id) FROM samples)"
# ... or an SQLite value PostgreSQL refuses (found by the copy).
sql_unguarded "UPDATE samples SET year = 'abc' WHERE id = (SELECT max(id) FROM samples)"
nj migrate-to "$(pg_url second $OWNER)" > "$out" 2>&1; rc=$?
check "a value that does not fit its column fails the migration (rc=$rc)" test $rc = 1
check "naming the table" said "复制表 samples 失败"
check "and nothing of it stays in the target" empty_second

nj migrate-to nongjian.db > "$out" 2>&1; rc=$?
check "an SQLite file is no target (rc=$rc)" test $rc = 2
check "and the usage says what one is" said "postgresql://"

# Only an admin copies everything (ID numbers too) elsewhere.
if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1; then
	nj user add nobody --name 王五 --role supervisor > /dev/null || fail "user add nobody"
	chmod 1777 "$WORK"
	chmod -R a+rX "$WORK/conf"
	chown nobody "$DB"*
	# A copy of the program nobody may run: the checkout itself may be in a
	# home nobody can enter (a fresh chroot's /root: runuser said 126).
	cp "$BIN" "$WORK/nongjian-as-nobody" && chmod a+rx "$WORK/nongjian-as-nobody"
	runuser -u nobody -- env LC_ALL=C.UTF-8 ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		"$WORK/nongjian-as-nobody" --config "$CONF" migrate-to "$(pg_url second)" > "$out" 2>&1; rc=$?
	[ $rc = 1 ] || sed 's/^/# /' "$out" | head -5
	check "a 监管督查 may not migrate (rc=$rc)" test $rc = 1
	check "and is told only an admin may" said "只有管理员可以迁移到 PostgreSQL"
else
	ok "a non-admin's migrate-to is refused # SKIP needs root to run as another user"
fi
e2e_done
