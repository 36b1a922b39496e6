#!/bin/sh
# Run every unit test program and every end-to-end script; each prints
# "ok - ..." / "not ok - ..." lines. Prints the totals last and exits
# non-zero if anything failed (or nothing ran).
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
B=${B:-build}
export NONGJIAN_BIN=${NONGJIAN_BIN:-$PWD/$B/test/nongjian}
log=$B/test/log
mkdir -p "$log"
passed=0 failed=0 broken=""

count() { # file
	p=$(grep -c '^ok - ' "$1"); f=$(grep -c '^not ok - ' "$1")
	passed=$((passed + p)); failed=$((failed + f))
}

# The layering rules of src/ (a grep each).
sh tests/layering.sh > "$log/layering.out" 2>&1
count "$log/layering.out"
grep -A5 '^not ok - ' "$log/layering.out"
echo "layering: $(grep -c '^ok - ' "$log/layering.out") ok"

for t in "$B"/test/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" > "$log/$name.out" 2>&1; rc=$?
	count "$log/$name.out"
	grep '^not ok - ' "$log/$name.out"
	if [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$log/$name.out"; then
		failed=$((failed + 1)); broken="$broken $name"
		echo "not ok - $name exited $rc without a failed check:"; tail -20 "$log/$name.out"
	fi
	echo "$name: $(grep -c '^ok - ' "$log/$name.out") ok"
done

# Fuzz targets: the seed corpus plus a bounded, fixed-seed mutation run.
for t in "$B"/test/fuzz_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	corpus=tests/fuzz/corpus/${name#fuzz_}
	"$t" 1500 "$corpus"/* > "$log/$name.out" 2>&1; rc=$?
	count "$log/$name.out"
	grep '^not ok - ' "$log/$name.out"
	if [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$log/$name.out"; then
		failed=$((failed + 1)); broken="$broken $name"
		echo "not ok - $name exited $rc:"; tail -30 "$log/$name.out"
	fi
	echo "$name: $(grep -c '^ok - ' "$log/$name.out") ok"
done

for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	[ "$(basename "$t")" = lib.sh ] && continue # the helpers, sourced by the tests
	name=$(basename "$t" .sh)
	sh "$t" > "$log/e2e-$name.out" 2>&1; rc=$?
	count "$log/e2e-$name.out"
	grep '^not ok - ' "$log/e2e-$name.out"
	if [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$log/e2e-$name.out"; then
		failed=$((failed + 1)); broken="$broken $name"
		echo "not ok - e2e $name exited $rc without a failed check:"; tail -20 "$log/e2e-$name.out"
	fi
	echo "e2e $name: $(grep -c '^ok - ' "$log/e2e-$name.out") ok"
done

[ $((passed + failed)) -gt 0 ] || { echo "no test ran"; exit 1; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
