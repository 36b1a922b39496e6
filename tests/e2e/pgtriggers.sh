#!/bin/sh
# The triggers that maintain something, on PostgreSQL (issue 20 part 1,
# store/pg_schema.c's maintained()): the demo database migrated to a
# throw-away cluster (tests/pg/cluster.sh; SKIP when the server is not
# installed), then the writes the domain makes — samples saved, corrected
# and voided, follow-up steps added and voided, a producer registered and
# corrected, an inspection, a certificate count — sent to both databases
# as the same statements with $n parameters (on PostgreSQL as a
# 镇街录入员's role, PREPARE/EXECUTE; on SQLite the sqlite3 shell's
# .parameter). Afterwards every maintained table on PostgreSQL holds what
# SQLite's holds, SQLite's equal their recount (nongjian check), the
# sample counts and case states on PostgreSQL equal a recount there too,
# and the guards still refuse.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
said() { grep -qF -- "$1" "$out"; }
pg_start || e2e_done

nj init --demo > "$out" 2>&1 || { fail "init --demo"; sed 's/^/# /' "$out"; }
unit=$(sql "select id from units where name = '侣俸镇'")
nj user add town1 --name 张三 --role staff --town 侣俸镇 > /dev/null || fail "user add town1"
DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
nj migrate-to "$(pg_url $DBN $OWNER)" > "$out" 2>&1 || { fail "migrate-to"; sed 's/^/# /' "$out"; e2e_done; }
n=$(sql "select count(*) from sqlite_schema where type = 'trigger' and sql not like '%BEGIN SELECT RAISE(ABORT, %''); END'")
check "migrate-to says all $n maintaining triggers were translated" said "维护触发器：$n 个"
check "and none is left behind" test "$(grep -c "尚未移植" "$out")" = 0
pq() { psql_on $DBN $OWNER -c "$1" 2>&1; }

# Every table a trigger keeps, row for row (followup_cases without the
# stamp of its opening, which is each side's own clock), compared after
# each write: a trigger missing is seen at the write that needs it, not
# hidden by a later one that happens to mend the same rows.
kept="sample_month_counts sample_day_counts sample_month_parts followup_years followup_states producer_marks
  coverage_counts producer_unit_months cert_unit_months producer_enrol_months producer_search_pending meta"
dump_sql=""
for t in $kept; do dump_sql="$dump_sql SELECT '$t', x.* FROM $t x;"; done
dump_sql="$dump_sql SELECT 'followup_cases', id, sample_id, reason FROM followup_cases;"
writes=0 differ=0
compare_kept() { # what was written
	writes=$((writes + 1))
	sql "$dump_sql" 2>&1 | sort > "$WORK/a"
	pq "$dump_sql" | sort > "$WORK/b"
	cmp -s "$WORK/a" "$WORK/b" && return 0
	differ=$((differ + 1))
	echo "# after $1:"
	diff "$WORK/a" "$WORK/b" | head -6 | sed 's/^/# /'
}

# One write on both sides: the statement, then its parameters as SQL
# literals; on PostgreSQL as ROLE: a 镇街录入员's, but the listing the
# database's owner (pg_access's policy for blacklist follows rating_id,
# which a listing by hand has not: no login may write one).
ROLE=nj_town1
both() {
	_stmt=$1; shift
	{
		echo ".parameter init"
		_i=0
		for _v in "$@"; do _i=$((_i + 1)); echo ".parameter set \$$_i \"$_v\""; done
		echo "$_stmt;"
	} | sqlite3 -batch -bail "$DB" > "$WORK/lite.out" 2>&1 || { fail "sqlite: $_stmt"; sed 's/^/# /' "$WORK/lite.out"; }
	_args=$(printf '%s, ' "$@")
	psql_on $DBN $ROLE -c "PREPARE w AS $_stmt; EXECUTE w(${_args%, }); DEALLOCATE w" > "$WORK/pg.out" 2>&1 ||
		{ fail "postgresql: $_stmt"; sed 's/^/# /' "$WORK/pg.out"; }
	compare_kept "$(echo "$_stmt" | head -1 | cut -c1-60) ($*)"
}
SAMPLE_INSERT="INSERT INTO samples (sample_no, unit_id, year, seq, kind, sample_date, product, category, verdict,
  producer_id, producer, created_at, created_by) VALUES (\$1, \$2, \$3, \$4, \$5, \$6, \$7, \$8, \$9, \$10, \$11,
  \$12, 'town1')"
CHANGE="INSERT INTO sample_changes (sample_id, version, changed_at, changed_by, reason, field, old_value, new_value)
  VALUES (\$1, \$2, \$3, 'town1', \$4, \$5, \$6, \$7)"
STEP="INSERT INTO followup_steps (case_id, step, step_date, outcome, action, created_at, created_by)
  VALUES (\$1, \$2, \$3, \$4, \$5, \$6, 'town1')"
producer=$(sql "select id from producers where unit_id = $unit order by id limit 1")
pname=$(sql "select name from producers where id = $producer")
seq=$(sql "select max(seq) from samples where unit_id = $unit and year = 2026")
now="'2026-06-20 09:00:00'"

# A failed sample (a case opens), a passing one of the same producer, a
# rapid test in another month.
both "$SAMPLE_INSERT" "'T-1'" $unit 2026 $((seq + 1)) "'routine'" "'2026-06-18'" "'韭菜'" "'蔬菜'" "'fail'" \
	$producer "'$pname'" "$now"
both "$SAMPLE_INSERT" "'T-2'" $unit 2026 $((seq + 2)) "'routine'" "'2026-06-19'" "'芹菜'" "'蔬菜'" "'pass'" \
	$producer "'$pname'" "$now"
both "$SAMPLE_INSERT" "'T-3'" $unit 2026 $((seq + 3)) "'rapid'" "'2026-05-02'" "'豇豆'" "'蔬菜'" "'fail'" \
	NULL "'个体户王五'" "$now"
s1=$(sql "select id from samples where sample_no = 'T-1'") s2=$(sql "select id from samples where sample_no = 'T-2'")
s3=$(sql "select id from samples where sample_no = 'T-3'")
check "the same ids on both sides" test "$(pq "select id from samples where sample_no = 'T-2'")" = "$s2"
check "the failed sample opened a case on PostgreSQL" \
	test "$(pq "select count(*) from followup_cases where sample_id = $s1")" = 1

# A correction: T-2 found failed after all (its case opens on the correction).
both "$CHANGE" $s2 2 "$now" "'复检不合格'" "'verdict'" "'pass'" "'fail'"
both "UPDATE samples SET verdict = \$1, version = version + 1, updated_at = \$2, updated_by = 'town1'
  WHERE id = \$3 AND version = \$4" "'fail'" "$now" $s2 1
# ... and moved to another day and month.
both "$CHANGE" $s2 3 "$now" "'日期填错'" "'sample_date'" "'2026-06-19'" "'2026-07-01'"
both "UPDATE samples SET sample_date = \$1, version = version + 1 WHERE id = \$2 AND version = \$3" \
	"'2026-07-01'" $s2 2
check "the correction opened a case on PostgreSQL too" \
	test "$(pq "select count(*) from followup_cases where sample_id = $s2")" = 1

# Follow-up steps: T-1 retested, the result passes (the case is handled),
# then the result voided (open again), then disposed; T-3 (rapid) confirmed.
c1=$(sql "select id from followup_cases where sample_id = $s1") c3=$(sql "select id from followup_cases where sample_id = $s3")
both "$STEP" $c1 "'retest'" "'2026-06-20'" NULL NULL "$now"
both "$STEP" $c1 "'result'" "'2026-06-22'" "'pass'" NULL "$now"
r1=$(sql "select max(id) from followup_steps where case_id = $c1")
both "UPDATE followup_steps SET status = 'void', void_reason = \$1, voided_at = \$2, voided_by = 'town1'
  WHERE id = \$3" "'录错'" "$now" $r1
both "$STEP" $c1 "'dispose'" "'2026-06-25'" NULL "'destroy'" "$now"
both "$STEP" $c3 "'confirm'" "'2026-05-03'" NULL NULL "$now"

# A void: T-3 (its case stays, its counts go).
both "$CHANGE" $s3 2 "$now" "'重复录入'" "'status'" "'valid'" "'void'"
both "UPDATE samples SET status = 'void', void_reason = \$1, version = version + 1 WHERE id = \$2 AND version = \$3" \
	"'重复录入'" $s3 1

# The registry: a producer registered (counts, marks, the lookup queue,
# meta's counters), corrected (renamed, traced), inspected, a certificate count.
both "INSERT INTO producers (name, kind, unit_id, phone, certificate, certificate_date, traceability, created_at,
  created_by, registered_on) VALUES (\$1, \$2, \$3, \$4, 1, \$5, 0, \$6, 'town1', \$7)" \
	"'测试合作社'" "'coop'" $unit "'13800000000'" "'2026-03-01'" "$now" "'2026-02-15'"
p=$(sql "select id from producers where name = '测试合作社'")
both "$SAMPLE_INSERT" "'T-4'" $unit 2026 $((seq + 4)) "'routine'" "'2026-06-21'" "'番茄'" "'蔬菜'" "'pass'" \
	NULL "'测试合作社新名'" "$now"
both "INSERT INTO producer_changes (producer_id, version, changed_at, changed_by, reason, field, old_value, new_value)
  VALUES (\$1, 2, \$2, 'town1', '更名', 'name', '测试合作社', '测试合作社新名')" $p "$now"
both "UPDATE producers SET name = \$1, traceability = 1, trace_date = \$2, version = version + 1 WHERE id = \$3" \
	"'测试合作社新名'" "'2026-04-01'" $p
both "INSERT INTO inspections (producer_id, unit_id, producer_name, inspect_date, inspectors, created_at, created_by)
  VALUES (\$1, \$2, \$3, \$4, \$5, \$6, 'town1')" $p $unit "'测试合作社新名'" "'2026-08-05'" "'张三'" "$now"
both "INSERT INTO certificate_counts (producer_id, month, count, entered_at, entered_by) VALUES (\$1, \$2, \$3, \$4, 'town1')" \
	$p "'2026-06'" 40 "$now"
both "INSERT INTO certificate_counts (producer_id, month, count, entered_at, entered_by) VALUES (\$1, \$2, \$3, \$4, 'town1')" \
	$p "'2026-06'" 55 "$now"

# The rest of the registry: the inspection moved to another quarter, a
# listing on the blacklist and its lift (meta's registry counter), a
# warning case turned failed by a correction (its state kept).
both "INSERT INTO inspection_changes (inspection_id, version, changed_at, changed_by, reason, field, old_value,
  new_value) VALUES (\$1, 2, \$2, 'town1', '日期填错', 'inspect_date', '2026-08-05', '2026-10-09')" \
	"$(sql "select max(id) from inspections")" "$now"
both "UPDATE inspections SET inspect_date = \$1, version = version + 1 WHERE id = \$2" "'2026-10-09'" \
	"$(sql "select max(id) from inspections")"
ROLE=$OWNER
both "INSERT INTO blacklist (producer_id, reason_kind, detail, since, added_at, added_by)
  VALUES (\$1, 'rating_c', \$2, \$3, \$4, 'town1')" $p "'评级为 C'" "'2026-06-20'" "$now"
both "INSERT INTO audit (at, login, action, entity) VALUES (\$1, 'town1', 'blacklist.lift', \$2)" "$now" "'主体 $p'"
both "UPDATE blacklist SET lifted_at = \$1, lifted_by = 'town1', lift_reason = \$2 WHERE id = \$3" "$now" \
	"'整改完成'" "$(sql "select max(id) from blacklist")"
ROLE=nj_town1
s4=$(sql "select id from samples where sample_no = 'T-4'")
both "INSERT INTO followup_cases (sample_id, reason, opened_at) VALUES (\$1, 'warn', \$2)" $s4 "$now"
both "$CHANGE" $s4 2 "$now" "'复核不合格'" "'verdict'" "'pass'" "'fail'"
both "UPDATE samples SET verdict = 'fail', version = version + 1 WHERE id = \$1 AND version = \$2" $s4 1
check "the warning case turned failed" test "$(pq "select reason from followup_cases where sample_id = $s4")" = fail

check "after each of the $writes writes every maintained table on PostgreSQL equals SQLite's ($differ differ)" \
	test "$differ" = 0
nj check > "$out" 2>&1
check "and SQLite's equal their recount (nongjian check)" said "与逐条重数的结果一致"
grep -F "行与记录不符" "$out" | sed 's/^/# /'

# The recount on PostgreSQL itself: the month counts from the samples,
# the case states from their view.
recount=$(pq "SELECT count(*) FROM (
  (SELECT year, substr(sample_date, 1, 7), unit_id, kind, verdict, count(*) FROM samples WHERE status = 'valid'
   GROUP BY 1, 2, 3, 4, 5 EXCEPT SELECT year, month, unit_id, kind, verdict, n FROM sample_month_counts WHERE n > 0)
  UNION ALL
  (SELECT year, month, unit_id, kind, verdict, n FROM sample_month_counts WHERE n > 0 EXCEPT
   SELECT year, substr(sample_date, 1, 7), unit_id, kind, verdict, count(*) FROM samples WHERE status = 'valid'
   GROUP BY 1, 2, 3, 4, 5)) d")
check "PostgreSQL's month counts equal a recount of its samples ($recount differ)" test "$recount" = 0
states=$(pq "SELECT count(*) FROM ((SELECT * FROM followup_state_rows EXCEPT SELECT * FROM followup_states)
  UNION ALL (SELECT * FROM followup_states EXCEPT SELECT * FROM followup_state_rows)) d")
check "its case states equal their view ($states differ)" test "$states" = 0
check "T-1's case waits for nothing once disposed" \
	test "$(pq "select coalesce(wait_for, '-') from followup_states where case_id = $c1")" = -

# The guards are still there beside them.
psql_on $DBN nj_town1 -c "UPDATE samples SET verdict = 'pass' WHERE id = $s1" > "$out" 2>&1
check "a sample still changes only with its history row" said "a sample changes only with its correction record"
psql_on $DBN nj_town1 -c "UPDATE followup_steps SET note = 'x' WHERE id = $r1" > "$out" 2>&1
check "a follow-up step is still only ever voided" said "a follow-up step is only ever voided, once"
e2e_done
