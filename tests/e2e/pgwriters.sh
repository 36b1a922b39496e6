#!/bin/sh
# Concurrent entry on PostgreSQL (issue 20's "done means": 0 lost, 0
# duplicated, gap-free with 20 writers from two front-end process groups).
# A throw-away cluster (tests/pg/cluster.sh; SKIP when the server is not
# installed), a database migrated from an `init` file, then two runs of
# the bench's writers (build/test/writers, tests/bench/writers.c) started
# together, 10 processes each, as two SSH front-ends would run: each its
# own process group with its own connections, none knowing of the other.
# Each process saves EACH records through sample_insert, every one its own
# transaction; they share three units, so the writers of both groups draw
# numbers from the same counters (the first number of each unit and year
# too: the counters start empty). Then, on the server with psql: exactly
# 20 x EACH records, each once, no sample number twice, every unit's and
# year's numbers 1..n without a gap, each counter at max(seq) + 1.
# (Not `nongjian check --db URL`: it stops at SQLite's PRAGMA
# integrity_check; its guards and index checks read sqlite_schema and
# the FTS5 table, which PostgreSQL does not have. The numbering checks it
# would make are made here with psql.)
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
WRITERS=$(dirname "$BIN")/writers
[ -x "$WRITERS" ] || { fail "build/test/writers is built (make build/test/writers)"; e2e_done; }
pg_start || e2e_done

DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
URL=$(pg_url $DBN $OWNER)
nj migrate-to "$URL" > "$out" 2>&1; rc=$?
check "migrate-to makes the schema from the init file (rc=$rc)" test $rc = 0
[ $rc = 0 ] || sed 's/^/# /' "$out"
pq() { psql_on $DBN $OWNER -c "$1"; }

PROCS=10 EACH=15 TOTAL=300
# Both groups at once: started side by side, each waits for its own ten
# processes to connect and lets them go; they overlap for as long as they
# write (checked below from the order the server saved them in).
"$WRITERS" --config "$CONF" --db "$URL" --procs $PROCS --each $EACH --towns 3 --run 1 --prefix a \
	> "$WORK/a.out" 2> "$WORK/a.err" &
pa=$!
"$WRITERS" --config "$CONF" --db "$URL" --procs $PROCS --each $EACH --towns 3 --run 2 --prefix b \
	> "$WORK/b.out" 2> "$WORK/b.err" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
for g in a b; do
	sed 's/^/# /' "$WORK/$g.out"
	head -5 "$WORK/$g.err" | sed 's/^/# /'
done
check "group a: its writers all saved and its own check passed (rc=$ra)" grep -q '^a_check	PASS' "$WORK/a.out"
check "group b: the same (rc=$rb)" grep -q '^b_check	PASS' "$WORK/b.out"
check "and nothing failed in either" test "$(cat "$WORK/a.out" "$WORK/b.out" | grep -c '_failed	0$')" = 2

# The two groups wrote at the same time: each one's records are saved
# both before and after some of the other's.
overlap=$(pq "select count(*) from (select remarks like 'bench-r1-%' as a, min(id) as lo, max(id) as hi
	from samples group by 1) g, (select remarks like 'bench-r1-%' as a, min(id) as lo, max(id) as hi
	from samples group by 1) h where g.a and not h.a and g.lo < h.hi and h.lo < g.hi")
check "the two groups' saves interleave on the server" test "$overlap" = 1

# Again without the writers' lock (NONGJIAN_TEST_NO_WRITE_LOCK, read by
# the test build only), in a year whose counters start empty: the
# numbering must then be right by the counter rows' own locks. Two first
# writers of a unit and year meet on the counter row's key; with an
# INSERT there the second one's save failed (17 of 300 in the last
# session's run), the upsert makes it the next number.
NONGJIAN_TODAY=2027-03-01 NONGJIAN_TEST_NO_WRITE_LOCK=1 "$WRITERS" --config "$CONF" --db "$URL" --procs $PROCS \
	--each $EACH --towns 3 --run 3 --prefix c > "$WORK/c.out" 2> "$WORK/c.err" &
pc=$!
NONGJIAN_TODAY=2027-03-01 NONGJIAN_TEST_NO_WRITE_LOCK=1 "$WRITERS" --config "$CONF" --db "$URL" --procs $PROCS \
	--each $EACH --towns 3 --run 4 --prefix d > "$WORK/d.out" 2> "$WORK/d.err" &
pd=$!
wait $pc; rc_c=$?
wait $pd; rc_d=$?
for g in c d; do
	sed 's/^/# /' "$WORK/$g.out"
	head -5 "$WORK/$g.err" | sed 's/^/# /'
done
check "without the writers' lock, group c: all saved, its check passed (rc=$rc_c)" grep -q '^c_check	PASS' "$WORK/c.out"
check "and group d (rc=$rc_d)" grep -q '^d_check	PASS' "$WORK/d.out"
check "nothing failed in either" test "$(cat "$WORK/c.out" "$WORK/d.out" | grep -c '_failed	0$')" = 2
check "their records are of 2027 (counters that started empty)" \
	test "$(pq "select count(*) from samples where year = 2027 and remarks like 'bench-r_-w%'")" = $TOTAL
TOTAL=$((TOTAL * 2))

check "exactly $TOTAL records (none lost)" test "$(pq "select count(*) from samples")" = $TOTAL
check "each writer's record once (none duplicated)" \
	test "$(pq "select count(distinct remarks) from samples where remarks like 'bench-r_-w%'")" = $TOTAL
check "no sample number twice" test "$(pq "select count(*) - count(distinct sample_no) from samples")" = 0
check "all three units took numbers" test "$(pq "select count(distinct unit_id) from samples")" = 3
gaps=$(pq "select count(*) from (select unit_id, year, count(*) n, count(distinct seq) d, min(seq) lo,
	max(seq) hi from samples group by unit_id, year) g where n <> d or lo <> 1 or hi <> n")
check "per unit and year the numbers run 1..n without a gap" test "$gaps" = 0
[ "$gaps" = 0 ] || pq "select unit_id, year, count(*), min(seq), max(seq) from samples group by 1, 2" | sed 's/^/# /'
bad=$(pq "select count(*) from (select unit_id, year, max(seq) m from samples group by 1, 2) s
	full join counters c using (unit_id, year) where c.next_seq is distinct from s.m + 1")
check "every counter is max(seq) + 1" test "$bad" = 0
[ "$bad" = 0 ] || pq "select * from counters" | sed 's/^/# /'

e2e_done
