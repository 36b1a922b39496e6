#!/bin/sh
# End-to-end (issue 13): a database made by the program before 检测单位
# and 抽样地点 were apart (main at 73ca00a: fixtures/main-73ca00a.sql, four
# records: a 土桥镇 rapid test corrected once, a 例行监测 recorded under
# 土桥镇, a voided 监督抽查 of the centre, a 侣俸镇 rapid test) is upgraded
# by the program on first use: township records get their town as the
# place, the centre's record none, numbers, history and counts unchanged.
. "$(dirname "$0")/lib.sh"
e2e_setup
rm -f "$DB" "$DB-wal" "$DB-shm"
sqlite3 -batch "$DB" < "$ROOT/tests/e2e/fixtures/main-73ca00a.sql" || fail "restore the fixture"
check "the fixture is at schema 12" [ "$(sql 'pragma user_version')" = 12 ]
# A producer flagged 合格证 and 追溯 before they had dates (issue 16).
sql "insert into producers(name, kind, unit_id, certificate, traceability, created_at, created_by)
     values ('侣俸老户家庭农场', 'family_farm', (select id from units where name = '侣俸镇'), 1, 1, '2026-01-05 09:00:00', 'root')" > /dev/null

out=$WORK/out.txt
nj quota > "$out" 2>&1
check "the first command upgrades it" [ "$(sql 'pragma user_version')" -gt 12 ]
row() { sql "select s.sample_no || '|' || u.name || '|' || coalesce(s.site_town, '') || '|' || coalesce(s.place, '') || '|' || s.version from samples s join units u on u.id = s.unit_id where s.id = $1"; }
check "a township's rapid test: its town is the place ($(row 1))" [ "$(row 1)" = "TL2026-土桥-0001|土桥镇|土桥镇|城关菜市场|2" ]
check "a district kind under a township keeps its unit and number ($(row 2))" \
	[ "$(row 2)" = "TL2026-土桥-0002|土桥镇|土桥镇|白龙村|1" ]
check "the centre's record has no place ($(row 3))" [ "$(row 3)" = "TL2026-区中心-0001|区检测中心||某屠宰场|2" ]
check "an empty place text stays empty ($(row 4))" [ "$(row 4)" = "TL2026-侣俸-0001|侣俸镇|侣俸镇||1" ]
m=$(sql "select group_concat(sample_no || '=' || coalesce(method, '-'), ' ') from (select * from samples order by id)")
bad=$(sql "select (select count(*) from samples where kind = 'rapid' and inhibition is not null and method is not '酶抑制法') || '/' || (select count(*) from samples where kind <> 'rapid' and method is not null)")
check "the old rapid tests are 酶抑制法, the others have no method: $m" [ "$bad" = 0/0 ]
check "there were rapid tests to fill" [ "$(sql "select count(*) from samples where kind = 'rapid' and method = '酶抑制法'")" -ge 1 ]
check "the correction history is kept" [ "$(sql 'select count(*) from sample_changes where sample_id = 1')" -ge 1 ]
check "the history guard is back" sh -c "! sqlite3 '$DB' \"update samples set site_town = '安居镇' where id = 4\" 2>/dev/null"
check "the database is consistent" [ "$(sql 'pragma integrity_check')" = ok ]
check "the 合格证 and 追溯 flags are kept, dated the day the producer was entered" \
	[ "$(sql "select certificate || traceability || certificate_date || trace_date from producers where name = '侣俸老户家庭农场'")" = 112026-01-052026-01-05 ]
done_of() { awk -v u="$1" -v k="$2" '$0 ~ "^【" k {on=1; next} /^【/{on=0} on && $1 == u {print $3; exit}' "$out"; }
check "quota: 土桥镇 counts its rapid test (got $(done_of 土桥镇 定性))" [ "$(done_of 土桥镇 定性)" = 1 ]
check "quota: 侣俸镇 counts its rapid test (got $(done_of 侣俸镇 定性))" [ "$(done_of 侣俸镇 定性)" = 1 ]

# The forms live in the database: the admin loads the new ones, then the
# labels say what the columns now hold.
nj settings load "$CONF" > /dev/null 2>&1
check "settings load after the upgrade puts the new form in" [ "$(sql "select value from settings where scope = 'form.sample' and sec = 'site' and key = 'label'")" = 抽样地点 ]
nj show TL2026-土桥-0002 > "$out" 2>&1
check "show: 检测单位" grep -qF "检测单位: 土桥镇" "$out"
check "show: 抽样地点 is the 镇街" grep -qF "抽样地点: 土桥镇" "$out"
check "show: 详细地点 is the old place text" grep -qF "详细地点: 白龙村" "$out"
nj add --force 检测单位=区检测中心 抽样地点=安居镇 样品名称=芹菜 '抑制率(%)=10' 抽样人=张三 抽样环节=超市 > "$out" 2>&1
check "a new centre record numbers on from the old ones" grep -qF "TL2026-区中心-0002" "$out"
# The kind was 定性速测 before it became 定性检测 (the plans' word): the
# old label is still read on the command line and in old files.
nj add --force 检测单位=土桥镇 检测类别=定性速测 样品名称=芹菜 '抑制率(%)=12' 抽样人=张三 抽样环节=超市 > "$out" 2>&1
check "the old label 定性速测 is still read" grep -qF "阴性" "$out"
no=$(cut -f1 "$out")
check "and stored as a rapid test with its 抑制率" [ "$(sql "select kind || ' ' || inhibition from samples where sample_no = '$no'")" = "rapid 12.0" ]
nj show "$no" > "$out" 2>&1
check "show names it 定性检测" grep -qF "检测类别: 定性检测" "$out"
check "with its place" [ "$(sql "select site_town from samples where sample_no = 'TL2026-区中心-0002'")" = 安居镇 ]
e2e_done
