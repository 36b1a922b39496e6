#!/bin/sh
# The producer lookup index on PostgreSQL (issue 20 part 1,
# store/pg_search.h): the demo database migrated to a throw-away cluster
# (tests/pg/cluster.sh; SKIP when the server is not installed), then the
# lookup's index queries — names by one to four characters, pinyin
# initials, phone digits, the start of a credit code or ID number, as
# search_query writes them for FTS5 — give the same producers from
# nj_search on PostgreSQL as from MATCH on SQLite, the candidate count
# under its LIMIT too.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
pg_start || e2e_done
nj init --demo > "$out" 2>&1 || { fail "init --demo"; sed 's/^/# /' "$out"; }
# The demo's producers have no phones or codes: forty that have, indexed
# by nongjian check --repair as any producer written behind its back.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  INSERT INTO producers (name, kind, unit_id, phone, credit_code, id_number, created_at, created_by)
  SELECT '测试主体' || i, 'coop', 1, '1380' || printf('%07d', i * 7919 % 10000000), '91500' || printf('%013d', i * 104729),
  CASE WHEN i % 2 = 0 THEN '5002' || printf('%014d', i * 15485863) END, '2026-01-01 00:00:00', 'root' FROM n"
nj check --repair > "$out" 2>&1 || { fail "check --repair"; sed 's/^/# /' "$out"; }
DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
nj migrate-to "$(pg_url $DBN $OWNER)" > "$out" 2>&1 || { fail "migrate-to"; sed 's/^/# /' "$out"; e2e_done; }
check "migrate-to says it made the lookup index" grep -qF "主体查询索引：" "$out"
pq() { psql_on $DBN $OWNER -c "$1" 2>&1; }
check "the SQLite index is up to date (nothing pending)" test "$(sql "select count(*) from producer_search_pending")" = 0

# The MATCH expressions search_query makes (a key is its kind's letter
# and up to three characters, ASCII lower-cased; a longer text is its
# 3-grams ANDed; codes are credit OR ID), from every tenth producer and
# the forty.
sql "SELECT '\"n' || substr(name, 2, 1) || '\"',
  '\"n' || substr(name, 1, 2) || '\"',
  '\"n' || substr(name, 1, 3) || '\" AND \"n' || substr(name, 2, 3) || '\"',
  CASE WHEN length(phone) >= 5 THEN '\"p' || substr(phone, 1, 3) || '\" AND \"p' || substr(phone, 2, 3)
    || '\" AND \"p' || substr(phone, 3, 3) || '\"' END,
  CASE WHEN length(credit_code) >= 4 THEN '(\"c' || lower(substr(credit_code, 1, 3)) || '\" AND \"c'
    || lower(substr(credit_code, 2, 3)) || '\") OR (\"d' || lower(substr(credit_code, 1, 3)) || '\" AND \"d'
    || lower(substr(credit_code, 2, 3)) || '\")' END,
  CASE WHEN length(id_number) >= 4 THEN '(\"c' || lower(substr(id_number, 1, 3)) || '\" AND \"c'
    || lower(substr(id_number, 2, 3)) || '\") OR (\"d' || lower(substr(id_number, 1, 3)) || '\" AND \"d'
    || lower(substr(id_number, 2, 3)) || '\")' END
  FROM producers WHERE id % 10 = 1 OR name GLOB '测试主体*'" | tr '|' '\n' | grep -v '^$' > "$WORK/queries"
# pinyin initials (every reading of a polyphone is a key), and what matches nothing
printf '%s\n' '"ilf"' '"ihz"' '"izs"' '"ic"' '"ix"' '"iqx"' '"nzzz"' '"n不存在"' >> "$WORK/queries"
# a key twice, as search_query writes a phone or name whose 3-grams repeat
# (13800007919: "p000" twice), found by its one key like any other
printf '%s\n' '"p800" AND "p000" AND "p000" AND "p007"' '"n合作" AND "n合作"' >> "$WORK/queries"
n=0 same=0 hits=0
while IFS= read -r m; do
	n=$((n + 1))
	q=$(echo "$m" | sed "s/'/''/g")
	a=$(sql "SELECT rowid FROM producer_search WHERE producer_search MATCH '$q' ORDER BY rowid")
	b=$(pq "SELECT * FROM nj_search('$q')")
	if [ "$a" = "$b" ]; then same=$((same + 1)); else echo "# $m: sqlite $(echo "$a" | wc -w), postgresql $(echo "$b" | wc -w)"; fi
	hits=$((hits + $(echo "$a" | wc -w)))
done < "$WORK/queries"
check "$same of $n lookup queries find the same producers on both ($hits hits)" test "$same" = "$n" -a "$hits" -gt "$n"

# The lookup's candidate count and list, with their LIMIT (registry/lookup.c's Q_COUNT_CAND, Q_CAND).
m='"n合作"'
a=$(sql "SELECT count(*) FROM (SELECT 1 FROM producer_search WHERE producer_search MATCH '$m' LIMIT 20)")
b=$(pq "PREPARE c AS SELECT count(*) FROM (SELECT 1 FROM nj_search(\$1) LIMIT \$2) x; EXECUTE c('$m', 20)")
check "the candidate count stops at its limit alike ($a / $b)" test "$a" = "$b" -a "$a" = 20
a=$(sql "SELECT p.id, p.name FROM producer_search s JOIN producers p ON p.id = s.rowid WHERE producer_search MATCH '$m'" | sort)
b=$(pq "PREPARE l AS SELECT p.id, p.name FROM nj_search(\$1) s(id) JOIN producers p ON p.id = s.id LIMIT \$2;
  EXECUTE l('$m', 1000)" | sort)
check "the candidates are the same producers ($(echo "$a" | wc -l))" test "$a" = "$b"
check "every producer has keys" \
	test "$(pq "SELECT count(*) FROM producers p WHERE NOT EXISTS (SELECT 1 FROM producer_search_keys k WHERE k.producer_id = p.id)")" = 0

# A producer added and then renamed by the program on the server: its keys
# follow at each commit, as SQLite's do (the trigger queues it, the commit
# takes the old keys out and puts the new ones in), and nongjian lookup
# answers as on SQLite. The same steps on both databases.
pgnj() { nj --db "$(pg_url $DBN $OWNER)" "$@"; }
lookups() { # label, then the lookup runner (nj or pgnj): each query's answer
	_who=$1; shift
	for _q in $LOOKUPS; do echo "== $_q"; "$@" lookup "$_q" 2>&1; done > "$WORK/$_who.lookup"
}
keys_pg() { pq "SELECT k FROM producer_search_keys WHERE producer_id = $1 ORDER BY k"; }
matches_pg() { pq "SELECT * FROM nj_search('\"$1\"')"; }
matches_lite() { sql "SELECT rowid FROM producer_search WHERE producer_search MATCH '\"$1\"' ORDER BY rowid"; }
for run in nj pgnj; do
	$run producer add 名称=金穗蔬菜种植合作社 主体类型=合作社 镇街=侣俸镇 联系电话=139-1234-5678 > "$out" 2>&1 ||
		{ fail "$run producer add"; sed 's/^/# /' "$out"; }
done
id=$(sql "SELECT id FROM producers WHERE name = '金穗蔬菜种植合作社'")
check "added on both with the same id ($id)" test -n "$id" -a "$(pq "SELECT id FROM producers WHERE name = '金穗蔬菜种植合作社'")" = "$id"
check "nothing left queued on the server after the add" test "$(pq "SELECT count(*) FROM producer_search_pending")" = 0
check "its keys are in the server's index (name, initials, phone)" \
	test "$(matches_pg n金穗蔬)" = "$id" -a "$(matches_pg ijss)" = "$id" -a "$(matches_pg p567)" = "$id"
LOOKUPS="金穗 金穗蔬菜 jss js 45678 1391234"
lookups lite nj; lookups pg pgnj
check "nongjian lookup on the server answers as on SQLite after the add" cmp -s "$WORK/lite.lookup" "$WORK/pg.lookup"
cmp -s "$WORK/lite.lookup" "$WORK/pg.lookup" || diff "$WORK/lite.lookup" "$WORK/pg.lookup" | sed 's/^/# /' | head -20
check "and finds it by name, initials and phone digits" test "$(grep -c "	$id	金穗蔬菜种植合作社	" "$WORK/pg.lookup")" = 6

for run in nj pgnj; do
	$run producer edit "$id" 名称=银禾果蔬合作社 联系电话=13800001111 --reason 改名 > "$out" 2>&1 ||
		{ fail "$run producer edit"; sed 's/^/# /' "$out"; }
done
check "nothing left queued on the server after the rename" test "$(pq "SELECT count(*) FROM producer_search_pending")" = 0
check "the old name's, initials' and phone's keys are gone from the server's index" \
	test -z "$(matches_pg n金穗)$(matches_pg ijss)$(matches_pg p567)$(keys_pg "$id" | grep -F 金)"
check "the new ones are there" test "$(matches_pg n银禾果)" = "$id" -a "$(keys_pg "$id" | grep -cx -e iyhg -e p011)" = 2
check "the initials walk's rows follow the name" \
	test "$(pq "SELECT ini FROM producer_initials WHERE id = $id ORDER BY ini" | tr '\n' ' ')" = "y yh "
for k in n银禾 n金穗 iyhg ijss p111 p567; do
	check "key $k matches the same producers on both" test "$(matches_lite $k)" = "$(matches_pg $k)"
done
LOOKUPS="银禾 银禾果蔬 yhgs yh 00011 13800001111 金穗 jss 45678"
lookups lite nj; lookups pg pgnj
check "nongjian lookup on the server answers as on SQLite after the rename" cmp -s "$WORK/lite.lookup" "$WORK/pg.lookup"
cmp -s "$WORK/lite.lookup" "$WORK/pg.lookup" || diff "$WORK/lite.lookup" "$WORK/pg.lookup" | sed 's/^/# /' | head -20
check "the new name, initials and phone find it" test "$(grep -c "	$id	银禾果蔬合作社	" "$WORK/pg.lookup")" = 6
check "the old name, initials and phone do not" test "$(sed -n '/^== 金穗/,$p' "$WORK/pg.lookup" | grep -c "	$id	")" = 0
e2e_done
