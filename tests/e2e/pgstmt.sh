#!/bin/sh
# The PostgreSQL statement layer (store/pg_stmt.c, issue 20 part 1)
# against a real, throw-away cluster (tests/pg/cluster.sh; SKIP when the
# server is not installed): a database given its schema by `nongjian
# migrate-to`, then build/test/test_pg_stmt run on it (its checks are
# this test's), then the program itself on it (--db URL): a record read
# as SQLite reads it, one added, corrected and voided, the figures, an
# export and the quarter's bulletin the same as SQLite's.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
PROBE=$(dirname "$BIN")/test_pg_stmt
[ -x "$PROBE" ] || { fail "build/test/test_pg_stmt is built (make build/test/test_pg_stmt)"; e2e_done; }
pg_start || e2e_done

DBN=stmts OWNER=stmts_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
# Two copies: one for the probe's own rows, one for the program.
for d in $DBN county; do
	psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $d ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb $d"
done
URL=$(pg_url $DBN $OWNER)
# Something to copy: two samples, one failed.
nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=10' 抽样人=张三 抽样环节=农贸市场 样品批次=B1 > "$out" 2>&1 ||
	{ fail "add a sample to SQLite"; sed 's/^/# /' "$out"; }
nj add 镇街=土桥镇 样品名称=韭菜 '抑制率(%)=70' 抽样人=李四 抽样环节=农贸市场 样品批次=B2 > "$out" 2>&1 ||
	{ fail "add a failed sample to SQLite"; sed 's/^/# /' "$out"; }
# And a restricted-pesticide sale of the quarter, for the bulletin's ledger figures.
nj producer add 名称=侣俸镇惠农农资店 主体类型=农资店 镇街=侣俸镇 定点经营=是 许可证号=渝农药经营500151001 \
	许可日期=2024-03-01 > "$out" 2>&1 || { fail "a designated shop"; sed 's/^/# /' "$out"; }
nj sale add 农资店=侣俸镇惠农农资店 日期=2026-06-10 购买人=张三 身份证号=500223198001011239 '村(社区)=双河村' \
	农药=克百威 数量=2 单位=kg 作物=水稻 > "$out" 2>&1 || { fail "a sale"; sed 's/^/# /' "$out"; }
first=$(sql "select sample_no from samples order by id limit 1")
nj migrate-to "$URL" > "$out" 2>&1; rc=$?
check "migrate-to makes the schema (rc=$rc)" test $rc = 0
[ $rc = 0 ] || sed 's/^/# /' "$out"
nj migrate-to "$(pg_url county $OWNER)" > "$out" 2>&1 || { fail "migrate-to a second database"; sed 's/^/# /' "$out"; }

NJ_PG_URL=$URL "$PROBE" > "$out" 2>&1; rc=$?
cat "$out"
check "test_pg_stmt ran to its end against the server (rc=$rc)" grep -q '^# [0-9]* passed, 0 failed' "$out"
check "and checked something" grep -q '^ok - connect' "$out"

# The program itself on PostgreSQL, on the copy the probe did not touch.
DBN=county URL=$(pg_url county $OWNER)
pgnj() { nj --db "$URL" "$@"; }
nj show "$first" > "$WORK/lite.show" 2>&1
pgnj show "$first" > "$WORK/pg.show" 2>&1
check "a copied sample shows the same on PostgreSQL as on SQLite" cmp -s "$WORK/lite.show" "$WORK/pg.show"
cmp -s "$WORK/lite.show" "$WORK/pg.show" || diff "$WORK/lite.show" "$WORK/pg.show" | sed 's/^/# /'
nj quota --year 2026 > "$WORK/lite.quota" 2>&1
pgnj quota --year 2026 > "$WORK/pg.quota" 2>&1
check "the year's figures are the same" cmp -s "$WORK/lite.quota" "$WORK/pg.quota"
cmp -s "$WORK/lite.quota" "$WORK/pg.quota" || diff "$WORK/lite.quota" "$WORK/pg.quota" | sed 's/^/# /' | head -20
nj export samples --year 2026 -o "$WORK/lite.csv" > /dev/null 2>&1
pgnj export samples --year 2026 -o "$WORK/pg.csv" > "$out" 2>&1
check "an export is the same, byte for byte" cmp -s "$WORK/lite.csv" "$WORK/pg.csv"
# The bulletin reads every kind of figure, the sale ledger's among them
# (a shop's name was a column neither grouped nor aggregated: refused).
nj report quarter --year 2026 --quarter 2 > "$WORK/lite.report" 2>&1
pgnj report quarter --year 2026 --quarter 2 > "$WORK/pg.report" 2>&1
check "the quarter's bulletin is the same" cmp -s "$WORK/lite.report" "$WORK/pg.report"
check "and it counts the quarter's sale" grep -q 克百威 "$WORK/lite.report"
cmp -s "$WORK/lite.report" "$WORK/pg.report" || diff "$WORK/lite.report" "$WORK/pg.report" | sed 's/^/# /' | head -20

no=$(pgnj add 镇街=侣俸镇 样品名称=菠菜 '抑制率(%)=12' 抽样人=张三 抽样环节=农贸市场 样品批次=B3 2>"$out" | cut -f1)
check "a sample added on PostgreSQL gets the town's next number ($no)" test "$no" = TL2026-侣俸-0002
pq() { psql_on $DBN $OWNER -c "$1"; }
check "it is in the server's table" test "$(pq "select product from samples where sample_no = '$no'")" = 菠菜
pgnj correct "$no" --reason 录错 '抑制率(%)=60' > "$out" 2>&1
check "corrected: version 2, the verdict now 阳性" grep -q "已更正 (第 2 版).*阳性" "$out"
check "the correction's history row is there" \
	test "$(pq "select count(*) from sample_changes c join samples s on s.id = c.sample_id where s.sample_no = '$no'")" -ge 1
pgnj void "$no" --reason 重复 > "$out" 2>&1
check "voided" test "$(pq "select status || ' ' || version from samples where sample_no = '$no'")" = "void 3"
check "each write has its audit row" test "$(pq "select count(*) from audit where entity like '%$no%'")" = 3
# A password written in the URL is never printed: check names the database
# by what store/pg.h shows of a target (the socket trusts the role, so the
# password itself is not needed here).
PWURL=$(printf '%s' "$URL" | sed "s|://$OWNER@|://$OWNER:Sekret42@|")
check "a URL with a password in it ($PWURL)" sh -c "printf '%s' '$PWURL' | grep -q Sekret42"
nj --db "$PWURL" check > "$out" 2>&1
check "check names the database" grep -q "检查数据库 .*county" "$out"
check "and never its password" sh -c "! grep -q Sekret42 '$out'"
grep -q "检查数据库 .*county" "$out" || sed 's/^/# /' "$out" | head -5
e2e_done
