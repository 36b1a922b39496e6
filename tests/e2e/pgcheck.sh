#!/bin/sh
# nongjian check and check --repair on PostgreSQL (issue 20 part 1), and
# the schema version there, against a throw-away cluster
# (tests/pg/cluster.sh; SKIP when the server is not installed): a database
# migrate-to made passes every check; what the owner or a superuser breaks
# on the server with psql (a count-table row, a counter behind its
# numbers, lookup keys, a guard disabled or rewritten or dropped, a row
# pointing at nothing) is reported (exit 1); --repair, as the owner only,
# fixes what it fixes on SQLite; a database whose recorded version is not
# the program's is refused, each way with its own message.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
pg_start || e2e_done

DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
URL=$(pg_url $DBN $OWNER)
pq() { psql_on $DBN $OWNER -c "$1"; }            # as the database's owner
pq_super() { psql_on $DBN "$PG_SUPER" -c "$1"; } # as the cluster's superuser
said() { grep -qF -- "$1" "$out"; }
show_out() { sed 's/^/# /' "$out" | head -30; }

# Something of every kind the checks count: samples of two towns (one
# failed: a follow-up case), a correction, a producer (lookup keys).
nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=10' 抽样人=张三 抽样环节=农贸市场 样品批次=B1 > "$out" 2>&1 || { fail "add"; show_out; }
nj add 镇街=土桥镇 样品名称=韭菜 '抑制率(%)=70' 抽样人=李四 抽样环节=农贸市场 样品批次=B2 > "$out" 2>&1 || { fail "add a failed one"; show_out; }
first=$(sql "select sample_no from samples order by id limit 1")
nj correct "$first" --reason 录错 '抑制率(%)=12' > "$out" 2>&1 || { fail "correct"; show_out; }
nj producer add 名称=侣俸镇张三家庭农场 主体类型=家庭农场 镇街=侣俸镇 联系电话=13800001234 > "$out" 2>&1 ||
	{ fail "a producer"; show_out; }
version=$(sql "pragma user_version")

nj migrate-to "$URL" > "$out" 2>&1; rc=$?
check "migrate-to (rc=$rc)" test $rc = 0
[ $rc = 0 ] || show_out
check "migrate-to says the schema version it recorded ($version)" said "数据库版本：$version"
check "which is in the server's table" test "$(pq "select version from nongjian_schema")" = "$version"

pgnj() { nj --db "$URL" "$@"; }
# A check's line: [正常] or [问题], what, and text in its detail.
line() { grep -q -- "^\[$1\] $2.*$3" "$out"; }

# 1. A migrated database is sound, and check says what it checked there.
pgnj check > "$out" 2>&1; rc=$?
check "check on PostgreSQL passes (rc=$rc)" test $rc = 0
[ $rc = 0 ] || show_out
check "it names the database, not the URL" said "检查数据库 数据库 $DBN"
check "integrity: the server's own, said so" line 正常 完整性检查 "由 PostgreSQL 服务器自己保证"
check "the schema version is the program's" line 正常 数据库版本 "$version，与本程序一致"
check "every foreign key queried" line 正常 外键检查 "个外键逐个查询，没有引用不存在的记录"
check "the guards: triggers and functions all there" line 正常 数据库的保护 "个触发器及其 [0-9]* 个函数齐全、未停用"
check "numbering gap-free" line 正常 样品编号 "2 个单位年度的编号连续"
check "audit without holes" line 正常 审计记录 "连续无缺"
check "count tables equal their recount on the server" line 正常 统计表 "与逐条重数的结果一致"
check "coverage tables too" line 正常 覆盖统计表 "与逐条重数的结果一致"
check "the lookup index has every producer" line 正常 主体查询索引 "与名录一致"
check "and no line is a problem" sh -c "! grep -q '^\[问题\]' '$out'"
check "database sound" said "数据库完好。"

# 2. Broken on the server as its owner: a count-table row, a counter
# behind its numbers (its guard switched off for it), a producer's keys.
keys_before=$(pq "select count(*) from producer_search_keys")
keyset() { pq "select md5(string_agg(k || ':' || producer_id, ',' order by k, producer_id)) from producer_search_keys"; }
iniset() { pq "select md5(coalesce(string_agg(ini || ':' || name || ':' || id, ',' order by ini, id), '')) from producer_initials"; }
keys_made=$(keyset) ini_made=$(iniset)
check "the producer has lookup keys ($keys_before)" test "$keys_before" -gt 0
pq "UPDATE sample_month_counts SET n = n + 5 WHERE unit_id = (SELECT unit_id FROM samples ORDER BY id LIMIT 1)" ||
	fail "break a count row"
pq "ALTER TABLE counters DISABLE TRIGGER counters_forward_only;
    UPDATE counters SET next_seq = 1 WHERE unit_id = (SELECT unit_id FROM samples ORDER BY id LIMIT 1);
    ALTER TABLE counters ENABLE TRIGGER counters_forward_only" || fail "put a counter behind"
pq "DELETE FROM producer_search_keys; DELETE FROM producer_initials" || fail "drop the lookup keys"
pgnj check > "$out" 2>&1; rc=$?
check "check finds it (rc=$rc)" test $rc = 1
check "the count table" line 问题 统计表 "行与记录不符"
check "the counter behind" line 问题 样品编号 "侣俸镇 2026 年: 最大编号 1，计数器为 1 (应为 2)"
check "the lookup index" line 问题 主体查询索引 "索引中 0 个主体，名录中 1 个"
check "the guards were put back as they were" line 正常 数据库的保护 "齐全"
check "it says how many problems" said "发现 3 个问题"
grep -q '^\[问题\] 样品编号' "$out" || show_out

# --repair is the owner's: another role may not delete count rows.
me=nj_$(id -un)
check "the admin's own role exists ($me)" test "$(pq "select count(*) from pg_roles where rolname = '$me'")" = 1
nj --db "$(pg_url $DBN "$me")" check --repair > "$out" 2>&1; rc=$?
check "--repair as a login's role is refused (rc=$rc)" test $rc = 1
check "saying whom to connect as" said "要以数据库的所有者连接 (运行 migrate-to 时的角色 $OWNER，现在是 $me)"
check "nothing was changed" test "$(pq "select next_seq from counters c join samples s on s.unit_id = c.unit_id and s.year = c.year where s.sample_no = '$first'")" = 1

pgnj check --repair > "$out" 2>&1; rc=$?
check "--repair as the owner (rc=$rc)" test $rc = 0
[ $rc = 0 ] || show_out
check "it moved the counter" line 正常 编号计数器 "1 个单位年度的计数器已前移"
check "it recounted" line 正常 统计表 "已按记录重算"
check "it rebuilt the lookup index" line 正常 主体查询索引 "已按名录重建"
check "and the check after it passes" said "数据库完好。"
check "the counter is past the number" test "$(pq "select next_seq from counters c join samples s on s.unit_id = c.unit_id and s.year = c.year where s.sample_no = '$first'")" = 2
check "the count row is the recount again" \
	test "$(pq "select sum(n) from sample_month_counts")" = "$(pq "select count(*) from samples where status = 'valid'")"
check "the producer's keys are back, the same number ($keys_before)" test "$(pq "select count(*) from producer_search_keys")" = "$keys_before"
check "the very keys migrate-to made (store/search_index.c's search_keys)" test "$(keyset)" = "$keys_made"
check "and the initials of its name ($(pq "select count(*) from producer_initials") rows)" test "$(iniset)" = "$ini_made"

# 3. The guards, changed on the server: one disabled, one function
# rewritten, one trigger dropped.
pq "ALTER TABLE audit DISABLE TRIGGER audit_no_update" || fail "disable a guard"
pgnj check > "$out" 2>&1; rc=$?
check "a disabled guard is a problem (rc=$rc)" test $rc = 1
check "named" line 问题 数据库的保护 "被停用的触发器: audit_no_update"
pq "ALTER TABLE audit ENABLE TRIGGER audit_no_update" || fail "enable it again"
pq "CREATE OR REPLACE FUNCTION nj_guard_audit_no_delete() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN OLD; END \$\$" ||
	fail "rewrite a guard's function"
pq "DROP TRIGGER counters_no_delete ON counters" || fail "drop a guard"
pgnj check > "$out" 2>&1; rc=$?
check "a rewritten and a dropped guard (rc=$rc)" test $rc = 1
check "the rewritten function named" line 问题 数据库的保护 "被改动的: 函数 nj_guard_audit_no_delete"
check "the dropped trigger named" line 问题 数据库的保护 "被删除的: counters_no_delete"
line 问题 数据库的保护 "被删除的: counters_no_delete" || show_out

# 4. A row pointing at nothing, written past the server's foreign keys by
# a superuser (session_replication_role = replica: no triggers fire).
pq_super "SET session_replication_role = replica; UPDATE sample_changes SET sample_id = 99999 WHERE id = (SELECT min(id) FROM sample_changes)" ||
	fail "write past the foreign keys"
pgnj check > "$out" 2>&1; rc=$?
check "a dangling reference is a problem (rc=$rc)" test $rc = 1
check "named with its table, value and parent" line 问题 外键检查 "表 sample_changes 中 sample_id = 99999 的行指向不存在的 samples"

# 5. The schema version: newer than the program, older, none.
pq "UPDATE nongjian_schema SET version = $((version + 1))"
pgnj show "$first" > "$out" 2>&1; rc=$?
check "a newer database is refused (rc=$rc)" test $rc = 1
check "with SQLite's message" said "数据库版本 $((version + 1)) 比本程序 ($version) 新，请升级 nongjian"
check "nothing shown from it" sh -c "! grep -q 豇豆 '$out'"
pq "UPDATE nongjian_schema SET version = $((version - 1))"
pgnj show "$first" > "$out" 2>&1; rc=$?
check "an older database is refused (rc=$rc)" test $rc = 1
check "saying it is older and what to do" said "的数据库版本是 $((version - 1))，本程序要版本 $version"
check "which is to migrate the SQLite database again" said "重新运行 nongjian migrate-to"
pq "UPDATE nongjian_schema SET version = $version"
pgnj show "$first" > "$out" 2>&1; rc=$?
check "the same version opens again (rc=$rc)" test $rc = 0
check "and shows the record" said 豇豆
pq "DROP TABLE nongjian_schema"
pgnj show "$first" > "$out" 2>&1; rc=$?
check "a database without a version is refused (rc=$rc)" test $rc = 1
check "saying so" said "没有记录 nongjian 的数据库版本"
e2e_done
