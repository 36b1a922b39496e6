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
e2e_done
