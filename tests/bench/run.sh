#!/bin/sh
# make bench — the budget for old PCs and slow links (issue 7), measured
# side by side with the programs people would use instead, on the same
# machine in the same run. Not part of make check.
#
# 1. A data set with a fixed seed: the shipped conf/nongjian.ini (29
#    units), 10 years × ~20,000 samples entered through sample_insert
#    (tests/bench/gen.c), plus — once the registry exists — 50,000
#    producers and a blacklist (tests/bench/lookup.c).
# 2. Start-up to the first screen in an 80x24 pty (tests/bench/ptyrun.c):
#    time, bytes written to the terminal, peak RSS; htop and nnn likewise.
# 3. Bytes written to the terminal per action, and their cost at 9600 bit/s.
# 4. The dashboard's numbers for one year (quota_compute, tests/bench/quota.c)
#    and `nongjian quota` end to end (tests/bench/timeit.c).
# 5. Import throughput: `nongjian import samples` of 200,000 valid rows
#    (once the importer exists) vs the sqlite3 shell's .import of the same
#    records into a table with the samples columns and indexes.
# 6. 20 concurrent writers (tests/bench/writers.c): commits/s, worst wait,
#    and a check that every record is there once and numbers are gap-free.
# Prints a table (median, min, max of several runs) and the machine, and
# writes the same to tests/bench/RESULTS.md.
#
# SCALE=10 (make bench SCALE=10): ten times the samples a year (200,000)
# and the producers (500,000), as a city or a province on one server.
# A comparison runs its two sides in interleaved pairs (A, B, A, B ...)
# and reports the median of the pairs' ratios, so that a change in the
# machine's load hits both sides alike. Time rows get no verdict when the
# load average was over 1.5 at the start or the end ("busy, not judged");
# bytes and memory are judged whatever the load.
#
# Knobs (environment): BENCH_RUNS (start-up runs, 7), BENCH_ACT_RUNS (3),
# BENCH_QUOTA_RUNS (per process, 10; 3 processes), BENCH_CLI_RUNS (15),
# BENCH_IMPORT_RUNS (3), BENCH_DURING_RUNS (2: imports with 20 writers
# alongside), BENCH_FULL_RUNS (2: imports into the full database),
# BENCH_WRITER_RUNS (3), BENCH_WRITER_EACH (100),
# BENCH_RESULTS (where to write the results; "" = don't), BENCH_FROM (first
# year, 2017: a later one makes a small data set to try the bench itself),
# BENCH_IMPORT_ROWS (200,000), BENCH_PRODUCERS (50,000 × SCALE).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
B=${B:-build}
BIN=$ROOT/$B/nongjian
BB=$ROOT/$B/bench
RUNS=${BENCH_RUNS:-7}
ACT_RUNS=${BENCH_ACT_RUNS:-3}
QUOTA_RUNS=${BENCH_QUOTA_RUNS:-10}
CLI_RUNS=${BENCH_CLI_RUNS:-15}
WRITER_RUNS=${BENCH_WRITER_RUNS:-3}
WRITER_EACH=${BENCH_WRITER_EACH:-100}
IMPORT_RUNS=${BENCH_IMPORT_RUNS:-3}
DURING_RUNS=${BENCH_DURING_RUNS:-2}
WRITERS=20
RESULTS=${BENCH_RESULTS-$ROOT/tests/bench/RESULTS.md}
SCALE=${SCALE:-1}
case $SCALE in ''|*[!0-9]*|0) echo "bench: SCALE must be a whole number ≥ 1 (got $SCALE)" >&2; exit 2 ;; esac
FROM=${BENCH_FROM:-2017} TO=2026 SEED=20260101
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-200000}
PRODUCERS=${BENCH_PRODUCERS:-$((50000 * SCALE))}
LISTED=$((PRODUCERS / 100))
BUSY_LOAD=1.5
MARKER=录入抽样检测记录           # on nongjian's first screen (main menu)

export NONGJIAN_TODAY=$TO-12-31   # every generated date is in the past
export LC_ALL=C.UTF-8
unset NONGJIAN_CONF LINES COLUMNS

for p in "$BIN" "$BB/ptyrun" "$BB/timeit" "$BB/gen" "$BB/quota" "$BB/writers" "$BB/insertloop"; do
	[ -x "$p" ] || { echo "bench: $p is missing: run make bench (B=$B)" >&2; exit 1; }
done

W=$(mktemp -d "${TMPDIR:-/tmp}/nongjian-bench.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM HUP
# htop and nnn keep their settings in $HOME: give them a throwaway one.
mkdir -p "$W/home"
export HOME="$W/home"
RAW=$W/raw.tsv     # every measurement: key <TAB> value
NOTES=$W/notes     # remarks printed under the table
TABLE=$W/table
: > "$RAW"; : > "$NOTES"; : > "$TABLE"
T_START=$(date +%s)

say() { printf '%s\n' "bench: $*" >&2; }
note() { printf -- '- %s\n' "$*" >> "$NOTES"; }

# Append a measuring program's "key<TAB>value" lines to RAW, keys prefixed;
# ptyrun's "action NAME BYTES MS CLEARS" lines become PREFIXact_NAME_*.
record() {
	awk -F '\t' -v p="$1" 'BEGIN { OFS = "\t" }
		$1 == "action" { print p "act_" $2 "_bytes", $3; print p "act_" $2 "_ms", $4
		                 print p "act_" $2 "_clears", $5; next }
		NF >= 2 { print p $1, $2 }' >> "$RAW"
}

# run_rec PREFIX COMMAND...: run, record its output, note a failure.
run_rec() {
	rr_p=$1; shift
	"$@" > "$W/out" 2> "$W/err"; rr_rc=$?
	record "$rr_p" < "$W/out"
	if [ $rr_rc -ne 0 ]; then
		note "$(basename "$1") ($rr_p) exited $rr_rc: $(head -c 400 "$W/err" | tr '\n\t' '  ')"
		say "$(basename "$1") exited $rr_rc: $(head -c 400 "$W/err")"
	fi
	return $rr_rc
}

# stats KEY: "median min max count" of the numeric values recorded for KEY.
stats() {
	awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$RAW" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "- - - 0"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR], NR
		}'
}

# first KEY: the first value recorded for KEY ("" if none).
first() { awk -F '\t' -v k="$1" '$1 == k { print $2; exit }' "$RAW"; }

# derive NEW KEY AWK-EXPR-OF-v: a new key computed from every value of KEY.
derive() {
	awk -F '\t' -v k="$2" -v n="$1" 'BEGIN { OFS = "\t" } $1 == k { v = $2; print n, '"$3"' }' \
		"$RAW" > "$W/derived"
	cat "$W/derived" >> "$RAW"
}

# row MEASURE KEY SCALE FORMAT OP BUDGET BUDGET-TEXT [NOTE]
# A table row from KEY's values multiplied by SCALE and printed with
# FORMAT; OP is <, <= or >= against BUDGET (the median), or - for none.
# FORCE_MET, when set, replaces the verdict.
row() {
	r_stats=$(stats "$2")
	set -- "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${8:-}" $r_stats
	if [ $# -ne 12 ]; then
		printf '| %s | – | – | – | %s | – | bad data: %s |\n' "$1" "$7" "$r_stats" >> "$TABLE"
		return
	fi
	if [ "${12}" = 0 ]; then
		printf '| %s | – | – | – | %s | – | no data%s |\n' "$1" "$7" "${8:+; $8}" >> "$TABLE"
		return
	fi
	r_force=${FORCE_MET:-}
	# A time (or a rate, or a ratio of times) is not judged on a busy machine.
	case $2 in *_ms | *_s | *_per_s | *ratio) [ -n "$BUSY" ] && [ "$5" != - ] && r_force=$BUSY ;; esac
	awk -v name="$1" -v s="$3" -v fmt="$4" -v op="$5" -v b="$6" -v bt="$7" -v nt="$8" \
	    -v med="$9" -v lo="${10}" -v hi="${11}" -v n="${12}" -v force="$r_force" 'BEGIN {
		m = med * s
		met = "–"
		if (op == "<") met = m < b ? "yes" : "**NO**"
		if (op == "<=") met = m <= b ? "yes" : "**NO**"
		if (op == ">=") met = m >= b ? "yes" : "**NO**"
		if (force != "") met = force
		printf "| %s | " fmt " | " fmt " | " fmt " | %s | %s | %s |\n", name, m, lo * s, hi * s, bt, met, nt
	}' >> "$TABLE"
}

skip_row() { # MEASURE BUDGET-TEXT REASON
	printf '| %s | skipped | | | %s | – | %s |\n' "$1" "$2" "$3" >> "$TABLE"
}

# at9600 KEY: what the median of KEY (bytes) takes at 9600 bit/s (8N1).
at9600() {
	set -- $(stats "$1")
	[ "$4" = 0 ] && return
	awk -v b="$1" 'BEGIN { t = b * 10 / 9600; if (t < 1) printf "%.0f ms at 9600 bit/s", t * 1000; else printf "%.1f s at 9600 bit/s", t }'
}

# clears KEY: how many of the runs of an action cleared the whole screen.
clears() { awk -F '\t' -v k="$1" '$1 == k && $2 > 0 { n++ } END { print n + 0 }' "$RAW"; }

# ---------------------------------------------------------------- machine
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
[ -n "$cpu" ] || cpu=$(grep -m1 -i '^hardware\|^cpu model' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
cores=$(nproc 2>/dev/null || echo '?')
mem=$(awk '/^MemTotal/ { printf "%.1f GB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
os=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
fs=$(df -PT "$W" 2>/dev/null | awk 'NR == 2 { print $2 }')
sqlite_v=$(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo '?')
ncurses_v=$(dpkg-query -W -f='${Version}' libncursesw6 2>/dev/null || echo '?')
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
MACHINE="${cpu:-unknown CPU}, $cores cores, $mem; $os, Linux $(uname -r); temp dir on ${fs:-?}; SQLite $sqlite_v, ncurses $ncurses_v; load average $load at the start"
say "machine: $MACHINE"
if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l + 0 > (c + 0) / 2) }' 2>/dev/null; then
	note "the machine was busy (load average $load on $cores cores) when the bench started: times are inflated; bytes are not affected"
fi
# busy LOAD: is the load average over what a time can be judged at?
busy() { awk -v l="$1" -v b="$BUSY_LOAD" 'BEGIN { exit !(l + 0 > b) }'; }
LOAD_START=$load

# ---------------------------------------------------------------- data set
CONF=$W/conf/nongjian.ini
DB=$W/bench.db
mkdir -p "$W/conf"
cp -R conf/. "$W/conf/"
sed -e "s|^path = .*|path = $DB|" -e "s|^forms = .*|forms = $ROOT/forms|" conf/nongjian.ini > "$CONF"

say "generating $FROM-$TO (seed $SEED) ..."
run_rec "" "$BB/gen" --config "$CONF" --db "$DB" --from $FROM --to $TO --seed $SEED --scale "$SCALE" ||
	{ say "cannot generate the data set"; exit 1; }
say "  $(first gen_records) samples in $(first gen_s) s ($(first gen_ms_per_record) ms/record)"

# Producers and the blacklist, and the lookup row, once the registry exists.
# (tests/bench/lookup.c is built only here, so make bench never depends on it.)
LOOKUP=""
if [ ! -f src/registry/lookup.h ]; then
	LOOKUP="skipped: registry not built yet"
elif ! ${MAKE:-make} -s --no-print-directory B="$B" "$B/bench/lookup" > "$W/lookup-build" 2>&1; then
	LOOKUP="skipped: tests/bench/lookup.c did not build against the current src/ (see notes)"
	note "lookup bench build failed: $(grep -m3 'error' "$W/lookup-build" | tr '\n' ' ')"
else
	say "adding $PRODUCERS producers and $LISTED listed; timing lookups ..."
	run_rec "" "$BB/lookup" --config "$CONF" --db "$DB" --producers "$PRODUCERS" --listed "$LISTED" --rounds 20 ||
		LOOKUP="skipped: lookup bench failed (see notes)"
fi
db_mb=$(du -k "$DB" | awk '{ printf "%.0f", $1 / 1024 }')

# ---------------------------------------------------------------- start-up
NNN_DIR=$W/files
mkdir -p "$NNN_DIR"
i=1
while [ $i -le 60 ]; do : > "$NNN_DIR/record-$i.csv"; i=$((i + 1)); done
HAVE_HTOP=$(command -v htop || true)
HAVE_NNN=$(command -v nnn || true)
say "start-up, $RUNS runs each: nongjian${HAVE_HTOP:+, htop}${HAVE_NNN:+, nnn} ..."
i=1
while [ $i -le "$RUNS" ]; do
	run_rec nj_ "$BB/ptyrun" -m "$MARKER" -x 0 -- "$BIN" --config "$CONF"
	[ -n "$HAVE_HTOP" ] && run_rec htop_ "$BB/ptyrun" -x q -- htop
	[ -n "$HAVE_NNN" ] && (cd "$NNN_DIR" && run_rec nnn_ "$BB/ptyrun" -x q -- nnn)
	i=$((i + 1))
done
# (run_rec in a subshell: its notes and records are files, so they survive.)

# ---------------------------------------------------------------- actions
# Keys as xterm sends them in keypad-transmit mode: Down \eOB, Up \eOA,
# PgDn \e[6~, PgUp \e[5~, F10 \e[21~; Ctrl-L \x0c. In the entry form:
# PgDn goes to the last field (抽样地点, a field with candidates, since the
# testing unit and the place were split), Up from there to 备注, PgUp to
# the first (日期), Tab to 镇街;
# there 土 then 1 picks 土桥镇, 1 picks 定性检测 and the cursor enters
# 受检主体, where z, s look producers up (pinyin initials).
say "bytes per action, $ACT_RUNS runs ..."
i=1
while [ $i -le "$ACT_RUNS" ]; do
	run_rec "menu_" "$BB/ptyrun" -m "$MARKER" \
		-a 'menu_down=\eOB' -a 'menu_up=\eOA' -a 'redraw=\x0c' \
		-a 'resize=@size:100x30' -a 'resize_back=@size:80x24' \
		-a 'dash_open=3' -a 'dash_down=\eOB' -a 'dash_back=\e[21~' \
		-a 'list_open=2' -a 'list_pgdn=\e[6~' -a 'list_back=\e[21~' \
		-x 0 -- "$BIN" --config "$CONF"
	run_rec "entry_" "$BB/ptyrun" -m "$MARKER" \
		-a 'entry_open=1' -a 'to_remarks=\e[6~\eOA' -a 'type_ascii=a' -a 'type_ascii2=b' \
		-a 'type_cjk=中' -a 'backspace=\x7f' -a 'to_first=\e[5~' -a 'to_town=\t' -a 'type_town=土' \
		-a 'pick_town=1' -a 'pick_kind=1' -a 'producer_z=z' -a 'producer_s=s' \
		-x '\e[21~y0' -- "$BIN" --config "$CONF"
	i=$((i + 1))
done
for s in menu_ entry_; do
	bad=$(awk -F '\t' -v k="${s}exit" '$1 == k && $2 != 0 { printf "%s ", $2 }' "$RAW")
	[ -n "$bad" ] && note "nongjian exited with status $bad in the ${s%_} session (128+11 = crashed with SIGSEGV) — the figures before the exit are still valid"
done

# ---------------------------------------------------------------- quota
say "dashboard numbers for $TO over $FROM-$TO ..."
i=1
while [ $i -le 3 ]; do
	run_rec "" "$BB/quota" --config "$CONF" --db "$DB" --year $TO --runs "$QUOTA_RUNS"
	i=$((i + 1))
done
run_rec "" "$BB/timeit" -n "$CLI_RUNS" -p cli_quota -- "$BIN" --config "$CONF" quota
run_rec "" "$BB/timeit" -n "$CLI_RUNS" -p cli_report -- "$BIN" --config "$CONF" report quarter --year $TO --quarter 4
[ -z "$LOOKUP" ] && run_rec "" "$BB/timeit" -n "$CLI_RUNS" -p cli_lookup -- "$BIN" --config "$CONF" lookup zjgjt

# ---------------------------------------------------------------- import
say "sqlite3 .import of $IMPORT_ROWS rows ..."
IMPORT=""
if command -v sqlite3 > /dev/null; then
	# The same columns (with their types) and an index for every index of
	# samples (its UNIQUE constraints included), on the same columns. The
	# shell imports NULL as '' (so no CHECKs), and many '' would break a
	# UNIQUE index on a column that is mostly NULL: the baseline's indexes
	# are plain ones. Inserting into either costs the same B-tree descent.
	sqlite3 -batch "$DB" "SELECT 'CREATE TABLE samples(' ||
		(SELECT group_concat(name || ' ' || type || CASE WHEN pk THEN ' PRIMARY KEY' ELSE '' END, ', ')
		 FROM pragma_table_info('samples')) || ');';
		SELECT 'CREATE INDEX bench_unique_' || il.seq || ' ON samples(' ||
		 (SELECT group_concat(ii.name) FROM pragma_index_info(il.name) ii) || ');'
		 FROM pragma_index_list('samples') il WHERE il.origin = 'u';
		SELECT replace(sql, 'CREATE UNIQUE INDEX', 'CREATE INDEX') || ';' FROM sqlite_master
		 WHERE type = 'index' AND tbl_name = 'samples' AND sql IS NOT NULL;" > "$W/imp-schema.sql"
	sqlite3 -batch -csv "$DB" "SELECT * FROM samples WHERE status = 'valid' AND year = $TO ORDER BY id
		LIMIT $IMPORT_ROWS" > "$W/samples.csv"
	rows=$(wc -l < "$W/samples.csv" | tr -d ' ')
	csv_mb=$(du -k "$W/samples.csv" | awk '{ printf "%.0f", $1 / 1024 }')
	IMPORT="the same records as a CSV of the table's own columns ($rows rows, ${csv_mb} MB)"
	# The floor's rows (tests/bench/insertloop.c): the same records as a table.
	sqlite3 -batch "$W/floor-src.db" "ATTACH '$DB' AS b; CREATE TABLE samples AS SELECT * FROM b.samples
		WHERE status = 'valid' AND year = $TO ORDER BY id LIMIT $IMPORT_ROWS;"
fi

# Our importer: the first $IMPORT_ROWS valid records of $TO as a file
# shaped like the template users fill in (`nongjian template samples`:
# its columns, no numbers, no status), cut from `nongjian export` by the
# sqlite3 shell (which reads the quoting right), every row checked and
# saved as the entry form does.
NJ_IMPORT="skipped: importer not built yet"
if "$BIN" --help 2>/dev/null | grep -q 'import samples' && command -v sqlite3 > /dev/null; then
	if "$BIN" --config "$CONF" export samples --year $TO -o "$W/export.csv" > /dev/null 2> "$W/err" &&
	   "$BIN" --config "$CONF" template samples -o "$W/template.csv" > /dev/null 2>> "$W/err"; then
		cols=$(head -n 1 "$W/template.csv" | sed 's/^\xef\xbb\xbf//' | tr -d '\r' |
			awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\"", (i > 1 ? ", " : ""), $i }')
		# For the full database, the same rows with 补录 (and the pair's
		# number) in 备注: it holds the records they were cut from, and the
		# importer skips a row equal to a saved record (it saved nothing
		# and was timed so, before).
		cols_full=$(printf '%s' "$cols" | sed 's/"备注"/"备注" || '"'补录'"' AS "备注"/')
		sqlite3 -batch "$W/shape.db" ".mode csv" ".import '$W/export.csv' x" ".headers on" \
			".output '$W/import.csv'" "SELECT $cols FROM x WHERE \"状态\" <> '作废' LIMIT $IMPORT_ROWS;" \
			".output '$W/import-full.csv'" "SELECT $cols_full FROM x WHERE \"状态\" <> '作废' LIMIT $IMPORT_ROWS;"
		rm -f "$W/shape.db" "$W/export.csv"
		nrows=$(($(wc -l < "$W/import.csv") - 1))
		imp_mb=$(du -k "$W/import.csv" | awk '{ printf "%.0f", $1 / 1024 }')
		sed "s|^path = .*|path = $W/imp-nj.db|" "$CONF" > "$W/conf/import.ini"
		NJ_IMPORT=""
	else
		NJ_IMPORT="skipped: nongjian export or template failed (see notes)"
		note "nongjian export samples / template samples: $(head -c 300 "$W/err" | tr '\n' ' ')"
	fi
fi

# fresh_db: an empty database made by nongjian init at $W/imp-nj.db.
fresh_db() {
	rm -f "$W/imp-nj.db" "$W/imp-nj.db-wal" "$W/imp-nj.db-shm" "$W/imp-nj.db-writers"
	"$BIN" --config "$W/conf/import.ini" init > /dev/null
}
# pair_ratio KEY A_ROWS A_MS_KEY B_ROWS B_MS_KEY: this pair's ratio of
# throughputs (A's rows/s over B's), from the last values of the keys.
pair_ratio() {
	awk -F '\t' -v k="$1" -v a="$2" -v ka="$3" -v b="$4" -v kb="$5" '$1 == ka { x = $2 } $1 == kb { y = $2 }
		END { if (x > 0 && y > 0) printf "%s\t%.4f\n", k, (a / x) / (b / y) }' "$RAW" >> "$RAW"
}

# Into a fresh database, interleaved: the C insert loop (the floor; also
# with the CHECK constraints off), nongjian import, sqlite3 .import; each
# round's ratios kept, the verdicts are their medians.
say "import of $IMPORT_ROWS rows into a fresh database, $IMPORT_RUNS interleaved runs ..."
i=1
while [ $i -le "$IMPORT_RUNS" ]; do
	if [ -z "$NJ_IMPORT" ] && [ -n "$IMPORT" ]; then
		fresh_db
		run_rec "" "$BB/insertloop" --db "$W/imp-nj.db" --src "$W/floor-src.db" --rows "$IMPORT_ROWS" --tag F$i
		fresh_db
		run_rec "" "$BB/insertloop" --db "$W/imp-nj.db" --src "$W/floor-src.db" --rows "$IMPORT_ROWS" --tag F$i \
			--no-checks
	fi
	if [ -z "$NJ_IMPORT" ]; then
		if run_rec "" "$BB/timeit" -n 1 -p import_nj -s "rm -f '$W/imp-nj.db' '$W/imp-nj.db-wal' '$W/imp-nj.db-shm' &&
			    '$BIN' --config '$W/conf/import.ini' init > /dev/null" \
			-- "$BIN" --config "$W/conf/import.ini" import samples "$W/import.csv"; then
			got=$(sqlite3 -batch "$W/imp-nj.db" 'SELECT count(*) FROM samples' 2>/dev/null || echo 0)
			[ "$got" = "$nrows" ] || note "nongjian import saved $got of $nrows rows"
		else
			NJ_IMPORT="skipped: nongjian import failed (see notes)"
		fi
		rm -f "$W/imp-nj.db" "$W/imp-nj.db-wal" "$W/imp-nj.db-shm"
	fi
	if [ -n "$IMPORT" ]; then
		run_rec "" "$BB/timeit" -n 1 -p import_sqlite \
			-s "rm -f '$W/imp.db' '$W/imp.db-journal' && sqlite3 -batch '$W/imp.db' < '$W/imp-schema.sql'" \
			-- sqlite3 -batch -cmd '.mode csv' "$W/imp.db" ".import '$W/samples.csv' samples"
		got=$(sqlite3 -batch "$W/imp.db" 'SELECT count(*) FROM samples' 2>/dev/null || echo 0)
		[ "$got" = "$rows" ] || note "sqlite3 .import loaded $got of $rows rows"
		rm -f "$W/imp.db"
	fi
	if [ -n "$IMPORT" ] && [ -z "$NJ_IMPORT" ]; then
		pair_ratio import_pair_ratio "$nrows" import_nj_ms "$rows" import_sqlite_ms
		pair_ratio import_floor_ratio "$nrows" import_nj_ms "$(first floor_rows)" floor_ms
		pair_ratio import_nochk_ratio "$nrows" import_nj_ms "$(first floor_nochk_rows)" floor_nochk_ms
	fi
	i=$((i + 1))
done
[ -n "$IMPORT" ] && derive import_sqlite_rows_per_s import_sqlite_ms "$rows / (v / 1000)"
[ -z "$NJ_IMPORT" ] && derive import_nj_rows_per_s import_nj_ms "$nrows / (v / 1000)"
[ -n "$(first floor_ms)" ] && derive floor_rows_per_s floor_ms "$(first floor_rows) / (v / 1000)"
[ -n "$(first floor_nochk_ms)" ] && derive floor_nochk_rows_per_s floor_nochk_ms "$(first floor_nochk_rows) / (v / 1000)"
# Clerks during an import: $WRITERS `nongjian add` processes let go
# at once when the import has read its file and holds the write lock.
if [ -z "$NJ_IMPORT" ]; then
	say "$WRITERS nongjian add while $nrows rows are imported, $DURING_RUNS runs ..."
	i=1
	while [ $i -le "$DURING_RUNS" ]; do
		rm -f "$W/imp-nj.db" "$W/imp-nj.db-wal" "$W/imp-nj.db-shm"
		"$BIN" --config "$W/conf/import.ini" init > /dev/null
		"$BIN" --config "$W/conf/import.ini" import samples "$W/import.csv" > "$W/during.out" 2>&1 &
		imp=$!
		run_rec "" "$BB/writers" --config "$W/conf/import.ini" --db "$W/imp-nj.db" --procs $WRITERS \
			--each 1 --towns 5 --run $i --bin "$BIN" --during-lock --prefix during
		wait $imp || note "the import with $WRITERS nongjian add alongside failed: $(tail -c 300 "$W/during.out" | tr '\n' ' ')"
		i=$((i + 1))
	done
	rm -f "$W/imp-nj.db" "$W/imp-nj.db-wal" "$W/imp-nj.db-shm"
fi

# ---------------------------------------------------------------- writers
say "$WRITERS concurrent writers × $WRITER_EACH records, $WRITER_RUNS runs ..."
sqlite3 -batch "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null 2>&1
cp "$DB" "$W/writers.db"
[ -f "$DB-wal" ] && cp "$DB-wal" "$W/writers.db-wal"
i=1
while [ $i -le "$WRITER_RUNS" ]; do
	run_rec "" "$BB/writers" --config "$CONF" --db "$W/writers.db" --procs $WRITERS \
		--each "$WRITER_EACH" --towns 5 --run $i
	i=$((i + 1))
done

# ---------------------------------------------------------------- import into the full database
# Into the 10-year database itself, last (each side adds its rows, so the
# pairs see it 0.1-0.4 million rows larger than the data set): the C
# insert loop, then nongjian import, in interleaved pairs.
FULL_RUNS=${BENCH_FULL_RUNS:-2}
if [ -z "$NJ_IMPORT" ] && [ -n "$IMPORT" ]; then
	say "import of $IMPORT_ROWS rows into the full database, $FULL_RUNS interleaved pairs ..."
	i=1
	while [ $i -le "$FULL_RUNS" ]; do
		run_rec full_ "$BB/insertloop" --db "$DB" --src "$W/floor-src.db" --rows "$IMPORT_ROWS" --tag FULL$i
		before=$(sqlite3 -batch "$DB" 'SELECT count(*) FROM samples' 2>/dev/null || echo 0)
		sed "s/补录/补录$i/" "$W/import-full.csv" > "$W/import-full-$i.csv" # each pair's rows new
		run_rec "" "$BB/timeit" -n 1 -p full_import_nj -- "$BIN" --config "$CONF" import samples "$W/import-full-$i.csv"
		rm -f "$W/import-full-$i.csv"
		after=$(sqlite3 -batch "$DB" 'SELECT count(*) FROM samples' 2>/dev/null || echo 0)
		[ "$((after - before))" = "$nrows" ] ||
			note "nongjian import into the full database saved $((after - before)) of $nrows rows: its ratio is not comparable"
		pair_ratio full_floor_ratio "$nrows" full_import_nj_ms "$(first full_floor_rows)" full_floor_ms
		i=$((i + 1))
	done
fi
w_pass=$(awk -F '\t' '$1 == "writers_check" && $2 == "PASS" { n++ } END { print n + 0 }' "$RAW")
w_fail=$(awk -F '\t' '$1 == "writers_check" && $2 != "PASS" { n++ } END { print n + 0 }' "$RAW")

# ---------------------------------------------------------------- table
KB=0.0009765625   # kB -> MB
LOAD_END=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
BUSY=""
if busy "$LOAD_START" || busy "$LOAD_END"; then
	BUSY="busy, not judged"
	note "load average $LOAD_START at the start and $LOAD_END at the end (over $BUSY_LOAD): the times are printed but not judged; bytes and memory are"
fi
printf 'bench_minutes\t%s\n' "$(awk -v s="$(($(date +%s) - T_START))" 'BEGIN { printf "%.1f", s / 60 }')" >> "$RAW"
row "the bench itself, to this table (minutes)" bench_minutes 1 "%.1f" "<=" 15 "≤ 15 min" "SCALE=$SCALE"
row "start-up to first screen: nongjian (ms)" nj_start_ms 1 "%.1f" "<=" 30 "≤ 30 ms" \
	"marker seen at $(stats nj_marker_ms | cut -d' ' -f1) ms (median)"
row "first screen bytes: nongjian" nj_start_bytes 1 "%.0f" "<=" 3072 "≤ 3 KB" "$(at9600 nj_start_bytes)"
row "peak RSS: nongjian start-up (MB)" nj_start_rss_kb $KB "%.1f" "<=" 6 "≤ 6 MB"
row "peak RSS: after menu, dashboard, list (MB)" menu_rss_kb $KB "%.1f" "<=" 6 "≤ 6 MB"
row "peak RSS: after sample entry incl. 受检主体 (MB)" entry_rss_kb $KB "%.1f" "<=" 8 "≤ 8 MB" \
	"$( [ -z "$LOOKUP" ] && echo "looked up among $(first lookup_producers) producers")"
if [ -n "$HAVE_HTOP" ]; then
	row "start-up to first screen: htop (ms)" htop_start_ms 1 "%.1f" - 0 "reference"
	row "first screen bytes: htop" htop_start_bytes 1 "%.0f" - 0 "reference" "$(at9600 htop_start_bytes)"
	row "peak RSS: htop start-up (MB)" htop_start_rss_kb $KB "%.1f" - 0 "reference"
else
	skip_row "htop start-up" "reference" "htop not installed (tools/deps.sh bench installs it as root)"
fi
if [ -n "$HAVE_NNN" ]; then
	row "start-up to first screen: nnn (ms)" nnn_start_ms 1 "%.1f" - 0 "reference" "60 files"
	row "first screen bytes: nnn" nnn_start_bytes 1 "%.0f" - 0 "reference" "$(at9600 nnn_start_bytes)"
	row "peak RSS: nnn start-up (MB)" nnn_start_rss_kb $KB "%.1f" - 0 "reference"
else
	skip_row "nnn start-up" "reference" "nnn not installed (tools/deps.sh bench installs it as root)"
fi

# Per keystroke: bytes within budget and no clear-screen.
keyrow() { # MEASURE KEY BUDGET(bytes or -)
	c=$(clears "${2%_bytes}_clears")
	FORCE_MET=""
	[ "$c" != 0 ] && FORCE_MET="**NO** (clears the screen)"
	if [ "$3" = - ]; then
		[ "$c" = 0 ] && FORCE_MET=yes
		row "$1" "$2" 1 "%.0f" - 0 "no full repaint" "$(at9600 "$2")"
	else
		row "$1" "$2" 1 "%.0f" "<=" "$3" "≤ $3 B, no full repaint" "$(at9600 "$2")"
	fi
	FORCE_MET=""
}
keyrow "bytes: type an ASCII char (备注 field)" entry_act_type_ascii_bytes 16
keyrow "bytes: type a 2nd ASCII char" entry_act_type_ascii2_bytes 16
keyrow "bytes: type a Chinese char (备注)" entry_act_type_cjk_bytes 16
keyrow "bytes: Backspace (备注)" entry_act_backspace_bytes 16
keyrow "bytes: type 土 in 镇街 (candidates appear)" entry_act_type_town_bytes 16
keyrow "bytes: 受检主体 first key (z, candidates appear)" entry_act_producer_z_bytes 16
keyrow "bytes: 受检主体 next key (zs)" entry_act_producer_s_bytes 16
keyrow "bytes: Tab to 镇街 (9 candidates appear)" entry_act_to_town_bytes -
keyrow "bytes: move the menu highlight (Down)" menu_act_menu_down_bytes -
keyrow "bytes: move the dashboard highlight (Down)" menu_act_dash_down_bytes -
keyrow "bytes: page the record list (PgDn)" menu_act_list_pgdn_bytes -
row "bytes: open the entry form (menu 1)" entry_act_entry_open_bytes 1 "%.0f" - 0 "new screen" "$(at9600 entry_act_entry_open_bytes)"
row "bytes: open the dashboard (menu 3)" menu_act_dash_open_bytes 1 "%.0f" - 0 "new screen" "$(at9600 menu_act_dash_open_bytes)"
row "bytes: open the record list (menu 2)" menu_act_list_open_bytes 1 "%.0f" - 0 "new screen" "$(at9600 menu_act_list_open_bytes)"
row "bytes: full repaint (Ctrl-L, menu)" menu_act_redraw_bytes 1 "%.0f" - 0 "full repaint" "$(at9600 menu_act_redraw_bytes)"
row "bytes: resize 80x24 → 100x30 (menu)" menu_act_resize_bytes 1 "%.0f" - 0 "full repaint" "$(at9600 menu_act_resize_bytes)"
row "受检主体: entering the field the 1st time (ms)" entry_act_pick_kind_ms 1 "%.1f" "<" 100 "no visible pause (< 100 ms)" \
	"nothing to load: the index is in the database"
row "受检主体: key to last byte (zs, ms)" entry_act_producer_s_ms 1 "%.1f" "<" 5 "< 5 ms median" "lookup + drawing"
row "dashboard opens: key to last byte (ms)" menu_act_dash_open_ms 1 "%.1f" "<" 100 "no visible pause (< 100 ms)"
row "record list opens: key to last byte (ms)" menu_act_list_open_ms 1 "%.1f" "<" 100 "no visible pause (< 100 ms)"
row "record list PgDn: key to last byte (ms)" menu_act_list_pgdn_ms 1 "%.1f" "<" 100 "no visible pause (< 100 ms)"
row "dashboard numbers, 1 year of 10 (quota_compute, ms)" quota_ms 1 "%.2f" "<" 50 "< 50 ms" \
	"$(first quota_done) rapid tests counted in $TO"
row "  … first call after opening the database (ms)" quota_first_ms 1 "%.2f" "<" 50 "< 50 ms"
row "\`nongjian quota\` end to end (ms)" cli_quota_ms 1 "%.1f" "<=" 20 "≤ 20 ms" \
	"peak RSS $(stats cli_quota_rss_kb | awk -v s=$KB '{ printf "%.1f", $1 * s }') MB"
row "\`nongjian report quarter\` end to end (ms)" cli_report_ms 1 "%.1f" "<=" 50 "≤ 50 ms" "the bulletin of Q4 $TO"
if [ -z "$LOOKUP" ]; then
	row "lookup per keystroke, $(first lookup_producers) producers (ms)" lookup_key_ms 1 "%.2f" "<" 5 "< 5 ms median" \
		"refresh check + search in the database index"
	row "\`nongjian lookup zjgjt\` end to end (ms)" cli_lookup_ms 1 "%.1f" "<=" 20 "≤ 20 ms" \
		"peak RSS $(stats cli_lookup_rss_kb | awk -v s=$KB '{ printf "%.1f", $1 * s }') MB"
else
	skip_row "lookup per keystroke (50,000 producers)" "< 5 ms median" "$LOOKUP"
fi
if [ -z "$NJ_IMPORT" ]; then
	row "import: nongjian import samples (rows/s)" import_nj_rows_per_s 1 "%.0f" - 0 "–" \
		"$nrows template-shaped rows of $TO (${imp_mb} MB) into a fresh database"
	row "  … nongjian import time (s)" import_nj_ms 0.001 "%.2f" - 0 "–"
	# Issue 19: the importer's memory must not grow with the file.
	row "  … nongjian import peak RSS (MB)" import_nj_rss_kb $KB "%.1f" "<=" 12 "≤ 12 MB" "${imp_mb} MB file"
else
	skip_row "import: nongjian import samples, $IMPORT_ROWS rows (rows/s)" "≥ 0.5 × sqlite3" "$NJ_IMPORT"
fi
if [ -n "$IMPORT" ]; then
	row "import: sqlite3 .import, same indexes (rows/s)" import_sqlite_rows_per_s 1 "%.0f" - 0 "baseline" "$IMPORT"
	row "  … sqlite3 .import time (s)" import_sqlite_ms 0.001 "%.2f" - 0 "baseline"
else
	skip_row "import: sqlite3 .import" "baseline" "sqlite3 shell not installed"
fi
if [ -z "$NJ_IMPORT" ] && [ -n "$IMPORT" ]; then
	row "import: nongjian ÷ sqlite3 .import (median of $IMPORT_RUNS interleaved pairs)" import_pair_ratio 1 "%.2f" \
		">=" 0.5 "≥ 0.5"
	row "import: C insert loop, the floor (rows/s)" floor_rows_per_s 1 "%.0f" - 0 "floor" \
		"one prepared INSERT a row, one transaction, same schema (tests/bench/insertloop.c)"
	row "import: nongjian ÷ C insert loop, fresh database (median of $IMPORT_RUNS interleaved pairs)" \
		import_floor_ratio 1 "%.2f" ">=" 0.8 "≥ 0.8"
	row "import: C insert loop with CHECKs off (rows/s)" floor_nochk_rows_per_s 1 "%.0f" - 0 "floor" \
		"the B-trees and triggers alone: the importer also inserts so and checks the new rows once after"
	row "import: nongjian ÷ C insert loop with CHECKs off (median of $IMPORT_RUNS)" import_nochk_ratio 1 "%.2f" \
		- 0 "–"
	row "import into the full database: nongjian ÷ C insert loop (median of $FULL_RUNS interleaved pairs)" \
		full_floor_ratio 1 "%.2f" ">=" 0.8 "≥ 0.8" \
		"nongjian $(stats full_import_nj_ms | awk -v r="$nrows" '{ printf "%.0f", r / ($1 / 1000) }') rows/s into $(first gen_records)+ rows"
	row "  … nongjian import into the full database, peak RSS (MB)" full_import_nj_rss_kb $KB "%.1f" "<=" 12 "≤ 12 MB"
fi
row "$WRITERS writers: commits/s" writers_commits_per_s 1 "%.0f" - 0 "–" \
	"$((WRITERS * WRITER_EACH)) records a run, synchronous=FULL"
row "$WRITERS writers: worst single save (ms)" writers_worst_ms 1 "%.0f" "<=" 300 "≤ 0.3 s" \
	"median save $(stats writers_median_ms | cut -d' ' -f1) ms, p99 $(stats writers_p99_ms | cut -d' ' -f1) ms"
if [ "$w_fail" = 0 ] && [ "$w_pass" -gt 0 ]; then w_met=yes; else w_met="**NO**"; fi
printf '| %s writers: every record once, numbers gap-free | %s | | | PASS | %s | %s of %s runs passed |\n' \
	"$WRITERS" "$([ "$w_met" = yes ] && echo PASS || echo FAIL)" "$w_met" "$w_pass" "$((w_pass + w_fail))" >> "$TABLE"

if [ -z "$NJ_IMPORT" ]; then
	d_pass=$(awk -F '\t' '$1 == "during_check" && $2 == "PASS" { n++ } END { print n + 0 }' "$RAW")
	d_runs=$(awk -F '\t' '$1 == "during_check" { n++ } END { print n + 0 }' "$RAW")
	[ "$d_pass" = "$d_runs" ] && [ "$d_runs" -gt 0 ] && FORCE_MET="" || FORCE_MET="**NO**"
	row "$WRITERS × nongjian add during a $IMPORT_ROWS-row import: worst wait (ms)" during_worst_ms 1 "%.0f" "<" 10000 \
		"all saved, < busy timeout (10 s)" "median $(stats during_median_ms | cut -d' ' -f1) ms; all $WRITERS saved in $d_pass of $d_runs runs; let go $(stats during_lock_seen_ms | cut -d' ' -f1) ms after the import started (its file read and checked, the lock taken)"
	FORCE_MET=""
fi

# ---------------------------------------------------------------- a run: grid vs form
# The same 9 rapid-test samples (one run of a 9-channel reader) entered
# twice in an 80x24 pty, each time into a fresh database: as 9 records in
# the entry form (menu 1) and as one run on the grid (menu 8). Keys are
# counted as the terminal delivers them: a character (a 汉字 too: its IME
# keystrokes are the same in both), Enter, Tab or an F-key is one.
say "a 9-sample run on the grid vs 9 records in the form, $ACT_RUNS runs ..."
RK=$W/runkeys
mkdir -p "$RK/conf"
# Every list the configuration names (towns, products, limits, banned
# substances, instrument layouts), then our own nongjian.ini over it.
cp -r "$ROOT/conf/." "$RK/conf/"
sed -e "s|^path = .*|path = $RK/rk.db|" -e "s|^forms = .*|forms = $ROOT/forms|" \
	"$ROOT/conf/nongjian.ini" > "$RK/conf/nongjian.ini"
RK_PRODUCERS="侣俸镇绿源蔬菜专业合作社 织篢镇张三家庭农场 侣俸镇李四 侣俸镇王五 侣俸镇赵六 侣俸镇钱七 侣俸镇孙八 侣俸镇周九 侣俸镇吴十"
RK_PRODUCTS="豇1 小白菜 芹菜 菠菜 黄瓜 番茄 茄子 辣椒 韭菜"
RK_INH="12 8.5 30 45 20 3.5 55 22 9"
nth() { echo "$2" | cut -d' ' -f"$1"; }
# Keys in a ptyrun key string: an escape sequence, \r, \t or a character is one.
nkeys() { printf '%s' "$1" | sed -e 's/\\e\[[0-9]*~/K/g' -e 's/\\eO./K/g' -e 's/\\[rt]/K/g' | wc -m; }
F2='\eOQ'
# The form: the first record types the shared fields (Tab to 镇街, 侣 1, the kind's
# default, stage 8 农贸市场, samplers, tester); the next ones start on
# 受检主体 with those kept, and Enter walks past them (and past 检测方法, filled
# from the product's category) to 抑制率.
form_keys() { # record number
	p=$(nth "$1" "$RK_PRODUCERS") d=$(nth "$1" "$RK_PRODUCTS") v=$(nth "$1" "$RK_INH")
	if [ "$1" = 1 ]; then
		printf '\\t侣1\\r\\r%s\\r%s\\r8\\r\\r\\r张三、李四\\r王五\\r\\r%s%s' "$p" "$d" "$v" "$F2"
	else
		printf '%s\\r%s\\r\\r\\r\\r\\r\\r\\r%s%s' "$p" "$d" "$v" "$F2"
	fi
}
# The grid: the shared fields once, then a row per channel, F2 once.
GRID_SHARED='侣1\r\r8\r\r张三、李四\r王五\r\r\r\r\r'
grid_keys() { printf '%s\\r%s\\r%s\\r' "$(nth "$1" "$RK_PRODUCERS")" "$(nth "$1" "$RK_PRODUCTS")" "$(nth "$1" "$RK_INH")"; }
set -- ; fk=0
for n in 1 2 3 4 5 6 7 8 9; do
	k=$(form_keys $n); set -- "$@" -a "rec$n=$k=已保存"; fk=$((fk + $(nkeys "$k")))
done
FORM_ARGS=$(for a in "$@"; do printf '%s\n' "$a"; done)
gk=$(nkeys "$GRID_SHARED")
for n in 1 2 3 4 5 6 7 8 9; do gk=$((gk + $(nkeys "$(grid_keys $n)"))); done
gk=$((gk + 1))   # F2
i=1
while [ $i -le "$ACT_RUNS" ]; do
	rm -f "$RK/rk.db"*
	"$BIN" --config "$RK/conf/nongjian.ini" init > /dev/null
	# (the action arguments are rebuilt from the saved list: they hold spaces)
	set --
	while IFS= read -r a; do set -- "$@" "$a"; done <<EOF_ARGS
$FORM_ARGS
EOF_ARGS
	run_rec "rkform_" "$BB/ptyrun" -m "$MARKER" -a 'open=1=抽样日期' "$@" -x '\e[21~0' \
		-- "$BIN" --config "$RK/conf/nongjian.ini"
	awk -F '\t' '$1 == "action" && $2 ~ /^rec/ { s += $3 } $1 == "action" && $2 == "rec1" { f = $3 }
		END { print "rkform_total_bytes\t" s; print "rkform_first_bytes\t" f; print "rkform_next_bytes\t" (s - f) / 8 }' \
		"$W/out" | record ""
	n=$(sqlite3 -batch -noheader "$RK/rk.db" "select count(*) from samples" 2>/dev/null || echo "?")
	[ "$n" = 9 ] || note "the form session saved $n records, not 9: its figures are not comparable"
	rm -f "$RK/rk.db"*
	"$BIN" --config "$RK/conf/nongjian.ini" init > /dev/null
	run_rec "rkgrid_" "$BB/ptyrun" -m "$MARKER" -a 'open=8=9 通道' -a "shared=$GRID_SHARED" \
		-a "row1=$(grid_keys 1)" -a "row2=$(grid_keys 2)" -a "row3=$(grid_keys 3)" -a "row4=$(grid_keys 4)" \
		-a "row5=$(grid_keys 5)" -a "row6=$(grid_keys 6)" -a "row7=$(grid_keys 7)" -a "row8=$(grid_keys 8)" \
		-a "row9=$(grid_keys 9)" -a "save=$F2=已保存本批" -x '\e[21~0' -- "$BIN" --config "$RK/conf/nongjian.ini"
	awk -F '\t' '$1 == "action" && $2 != "open" { s += $3 } END { print "rkgrid_total_bytes\t" s }' "$W/out" | record ""
	n=$(sqlite3 -batch -noheader "$RK/rk.db" "select count(*) from samples" 2>/dev/null || echo "?")
	[ "$n" = 9 ] || note "the grid session saved $n records, not 9: its figures are not comparable"
	i=$((i + 1))
done
printf 'rkform_keys\t%s\nrkgrid_keys\t%s\n' "$fk" "$gk" | record ""

row "9 samples of one run, entry form: keys" rkform_keys 1 "%.0f" - 0 "comparison" "9 records, F2 each; shared fields typed once, kept after"
row "9 samples of one run, grid (按通道录入): keys" rkgrid_keys 1 "%.0f" - 0 "comparison" "shared fields once, a row per channel, one F2"
row "9 samples of one run, entry form: bytes" rkform_total_bytes 1 "%.0f" - 0 "comparison" "first record $(stats rkform_first_bytes | cut -d' ' -f1) B, each next $(stats rkform_next_bytes | cut -d' ' -f1) B; $(at9600 rkform_total_bytes)"
row "9 samples of one run, grid: bytes" rkgrid_total_bytes 1 "%.0f" - 0 "comparison" "$(at9600 rkgrid_total_bytes); opening either screen not counted"

T_END=$(date +%s)
DATASET="$(first gen_records) samples $FROM-$TO for 29 units (seed $SEED; $(first gen_voided) voided, $(first gen_followups) follow-ups)$( [ -z "$LOOKUP" ] && printf ', %s producers, %s listed' "$(first lookup_producers)" "$LISTED"), database $db_mb MB; generated in $(first gen_s) s ($(first gen_ms_per_record) ms/record through sample_insert)"

{
	echo "Machine: $MACHINE"
	echo "Scale: SCALE=$SCALE ($((20000 * SCALE)) samples a year, $PRODUCERS producers); load average $LOAD_START at the start, $LOAD_END at the end${BUSY:+ — $BUSY}"
	echo "Data set: $DATASET"
	echo "Runs: start-up $RUNS per program, actions $ACT_RUNS, quota_compute 3×$QUOTA_RUNS, nongjian quota $CLI_RUNS, import $IMPORT_RUNS (with the floor and sqlite3 .import; into the full database $FULL_RUNS), writers $WRITER_RUNS; terminal 80x24 TERM=xterm. Bench took $((T_END - T_START)) s."
	echo
	echo "| measure | median | min | max | budget | met? | note |"
	echo "|---|---:|---:|---:|---|---|---|"
	cat "$TABLE"
	if [ -s "$NOTES" ]; then
		echo
		echo "Notes:"
		cat "$NOTES"
	fi
} > "$W/report"
cat "$W/report"

if [ -n "$RESULTS" ]; then
	{
		echo "# make bench — latest results"
		echo
		echo "Written by \`make bench\` (tests/bench/run.sh) on $(date '+%Y-%m-%d %H:%M %Z'); copy into the README as needed."
		echo "Bytes are what the program wrote to an 80x24 pty (TERM=xterm); 9600 bit/s = 960 bytes/s."
		echo "Peak RSS is VmHWM; start-up time is fork to the last byte of the first screen."
		echo
		cat "$W/report"
	} > "$RESULTS"
	say "results written to ${RESULTS#$ROOT/}"
fi
