#!/bin/sh
# Run every unit test program, fuzz target and end-to-end script; each
# prints "ok - ..." / "not ok - ..." lines. They run side by side (each
# e2e script has its own tmux server, directory and database), at most
# TEST_JOBS at once (default: twice the number of cores); each one's output
# goes to its own log and is reported in a fixed order once all are done.
# Prints the totals last and exits non-zero if anything failed (or nothing
# ran). TEST_JOBS=1 runs one at a time.
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
B=${B:-build}
export NONGJIAN_BIN=${NONGJIAN_BIN:-$PWD/$B/test/nongjian}
log=$B/test/log

# One job (run by xargs below): its output to $log/NAME.out, its exit
# status to $log/NAME.rc.
if [ "${1:-}" = --job ]; then # --job NAME KIND PATH
	name=$2 kind=$3 path=$4 t0=$(date +%s)
	case $kind in
	layering | rules | e2e) sh "$path" ;;
	unit) "$path" ;;
	fuzz) corpus=tests/fuzz/corpus/${name#fuzz_}; "$path" 1500 "$corpus"/* ;;
	esac > "$log/$name.out" 2>&1
	echo "$? $(($(date +%s) - t0))" > "$log/$name.rc"
	exit 0
fi

rm -rf "$log"
mkdir -p "$log"
start=$(date +%s)
jobs=${TEST_JOBS:-$(($(nproc 2>/dev/null || echo 1) * 2))}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1

# The list of jobs, the slowest first so that the run is not waiting for
# one long script at the end: NAME KIND PATH, one a line.
list() {
	echo "layering layering tests/layering.sh"
	echo "e2e-rules rules tests/e2e_rules.sh"
	slow="killimport hangup terminal integrity stress"
	for n in $slow; do [ -f "tests/e2e/$n.sh" ] && echo "e2e-$n e2e tests/e2e/$n.sh"; done
	for t in tests/e2e/*.sh; do
		[ -f "$t" ] || continue
		n=$(basename "$t" .sh)
		case " lib $slow " in *" $n "*) continue ;; esac # lib.sh: the helpers the tests source
		echo "e2e-$n e2e $t"
	done
	for t in "$B"/test/fuzz_*; do [ -x "$t" ] && echo "$(basename "$t") fuzz $t"; done
	for t in "$B"/test/test_*; do [ -x "$t" ] && echo "$(basename "$t") unit $t"; done
}
list > "$log/jobs"
xargs -P "$jobs" -L 1 sh tests/run.sh --job < "$log/jobs"

passed=0 failed=0
while read -r name kind path; do
	out=$log/$name.out
	rc=none secs=?
	[ -f "$log/$name.rc" ] && read -r rc secs < "$log/$name.rc"
	p=$(grep -c '^ok - ' "$out"); f=$(grep -c '^not ok - ' "$out")
	passed=$((passed + p)); failed=$((failed + f))
	case $kind in
	layering | rules) grep -A5 '^not ok - ' "$out" ;;
	*) grep '^not ok - ' "$out" ;;
	esac
	grep '^ok - .*# SKIP' "$out" # a check that could not run here says so in the totals' list
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		failed=$((failed + 1))
		echo "not ok - $name exited $rc without a failed check:"; tail -30 "$out"
	fi
	case $kind in
	e2e) echo "e2e ${name#e2e-}: $p ok ($secs s)" ;;
	*) echo "$name: $p ok ($secs s)" ;;
	esac
done < "$log/jobs"

[ $((passed + failed)) -gt 0 ] || { echo "no test ran"; exit 1; }
echo "took $(($(date +%s) - start)) s ($jobs at once)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
