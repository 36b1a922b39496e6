#!/bin/sh
# The PostgreSQL statement layer (store/pg_stmt.c, issue 20 part 1)
# against a real, throw-away cluster (tests/pg/cluster.sh; SKIP when the
# server is not installed): a database given its schema by `nongjian
# migrate-to`, then build/test/test_pg_stmt run on it (its checks are
# this test's).
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
PROBE=$(dirname "$BIN")/test_pg_stmt
[ -x "$PROBE" ] || { fail "build/test/test_pg_stmt is built (make build/test/test_pg_stmt)"; e2e_done; }
pg_start || e2e_done

DBN=stmts OWNER=stmts_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
URL=$(pg_url $DBN $OWNER)
nj migrate-to "$URL" > "$out" 2>&1; rc=$?
check "migrate-to makes the schema (rc=$rc)" test $rc = 0
[ $rc = 0 ] || sed 's/^/# /' "$out"

NJ_PG_URL=$URL "$PROBE" > "$out" 2>&1; rc=$?
cat "$out"
check "test_pg_stmt ran to its end against the server (rc=$rc)" grep -q '^# [0-9]* passed, 0 failed' "$out"
check "and checked something" grep -q '^ok - connect' "$out"
e2e_done
