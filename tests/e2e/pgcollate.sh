#!/bin/sh
# A county database created with a Chinese locale (createdb --locale
# zh_CN.UTF-8 or, as here, ICU's zh: names in pinyin order). The lookup's
# name walk asks the name index for a range (name > '侣俸' AND name <
# the same with its last byte plus one): only byte order, SQLite's, puts
# every name that starts with 侣俸 inside it. migrate-to gives every text
# column the C collation, so the lookup, the lists and a unit's order
# answer on such a server as on SQLite. SKIP when the server or its ICU
# is missing.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
pg_start || e2e_done
nj init --demo > "$out" 2>&1 || { fail "init --demo"; sed 's/^/# /' "$out"; }
# More producers starting with 侣俸 than the lookup checks one by one
# (CANDIDATES, registry/lookup.c): it walks the name index for them. And
# names around it in pinyin order (啊…, 吕…, 绿…) that byte order puts
# far away.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
  INSERT INTO producers (name, kind, unit_id, created_at, created_by)
  SELECT CASE i % 8 WHEN 1 THEN '吕' WHEN 2 THEN '绿' WHEN 3 THEN '啊' ELSE '侣俸' END || '农场' || i,
  'family_farm', 1, '2026-01-01 00:00:00', 'root' FROM n"
nj check --repair > "$out" 2>&1 || { fail "check --repair"; sed 's/^/# /' "$out"; }
# Four of them on the blacklist (its export is by town, then by name).
for id in $(sql "SELECT id FROM producers WHERE name IN ('侣俸农场8', '吕农场9', '绿农场10', '啊农场11')"); do
	nj blacklist add "$id" --reason-kind 违禁物质 --reason 检出克百威 > "$out" 2>&1 ||
		{ fail "blacklist add $id"; sed 's/^/# /' "$out"; }
done
DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" > /dev/null || fail "createuser"
if ! psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER
    LOCALE_PROVIDER icu ICU_LOCALE 'zh' LOCALE 'C'" > "$out" 2>&1; then
	ok "# SKIP this server has no ICU collations: $(head -1 "$out")"
	e2e_done
fi
pq() { psql_on $DBN $OWNER -c "$1" 2>&1; }
check "the database sorts in pinyin order (啊 before 侣, byte order has 侣 first)" \
	test "$(pq "SELECT string_agg(x, '' ORDER BY x) FROM (VALUES ('侣'), ('啊')) v(x)")" = "啊侣"
nj migrate-to "$(pg_url $DBN $OWNER)" > "$out" 2>&1 || { fail "migrate-to"; sed 's/^/# /' "$out"; e2e_done; }
check "every text column of the copy compares bytes (collation C)" \
	test "$(pq "SELECT count(*) FROM information_schema.columns c JOIN information_schema.tables t
	  USING (table_schema, table_name) WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
	  AND data_type = 'text' AND coalesce(collation_name, '') <> 'C'")" = 0 -a \
	"$(pq "SELECT count(*) FROM information_schema.columns WHERE table_name = 'producers' AND collation_name = 'C'")" -gt 5
pgnj() { nj --db "$(pg_url $DBN $OWNER)" "$@"; }
# Names the walk answers (many producers start with them) and names the
# index answers, a pinyin initial, an exact name.
LOOKUPS="侣俸 侣 合作 蔬菜 安居 张 lf 侣俸张家庭农场"
for q in $LOOKUPS; do echo "== $q"; nj lookup "$q" 2> /dev/null; done > "$WORK/lite.lookup"
for q in $LOOKUPS; do echo "== $q"; pgnj lookup "$q" 2> /dev/null; done > "$WORK/pg.lookup"
check "nongjian lookup answers on the pinyin-ordered server as on SQLite" cmp -s "$WORK/lite.lookup" "$WORK/pg.lookup"
cmp -s "$WORK/lite.lookup" "$WORK/pg.lookup" || diff "$WORK/lite.lookup" "$WORK/pg.lookup" | sed 's/^/# /' | head -20
check "and 侣俸 finds the producers whose names start with it ($(grep -c '	侣俸' "$WORK/pg.lookup"))" \
	test "$(sed -n '/^== 侣俸$/,/^== 侣$/p' "$WORK/pg.lookup" | grep -c '	侣俸')" -ge 2
# The blacklist is in town order, then by name.
nj blacklist --csv > "$WORK/lite.list" 2>&1
pgnj blacklist --csv > "$WORK/pg.list" 2>&1
check "the blacklist is in the same order on both ($(wc -l < "$WORK/pg.list") lines)" \
	test "$(wc -l < "$WORK/pg.list")" -gt 2 -a -z "$(diff "$WORK/lite.list" "$WORK/pg.list")"
e2e_done
