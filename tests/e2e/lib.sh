# Helpers for end-to-end tests: run the real binary in a private tmux
# server at a fixed size, type into it, read the screen.
# Each test script sources this file, calls e2e_setup, and uses ok/fail.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${NONGJIAN_BIN:-$ROOT/build/test/nongjian}
SOCK="nj-e2e-$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nongjian-e2e.XXXXXX")
export LC_ALL=C.UTF-8
export NONGJIAN_TODAY=${NONGJIAN_TODAY:-2026-06-15}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:log_path=$WORK/asan
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}:log_path=$WORK/ubsan
E2E_FAILED=0

tm() { tmux -L "$SOCK" "$@"; }

ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; E2E_FAILED=1; }
check() { # description, then a command that must succeed
	d=$1; shift
	if "$@"; then ok "$d"; else fail "$d"; fi
}

# Waiting. A test never sleeps for a fixed time: it polls for the condition
# it needs, for up to E2E_TIMEOUT seconds (generous: a loaded 2-core machine
# running the sanitizer build can be very slow), and says what it waited for
# when the time is up.
E2E_TIMEOUT=${E2E_TIMEOUT:-60}
poll_quiet() { # command...: true as soon as it succeeds, false after the timeout
	_end=$(($(date +%s) + E2E_TIMEOUT))
	while :; do
		"$@" && return 0
		[ "$(date +%s)" -lt "$_end" ] || return 1
		sleep 0.05
	done
}
poll() { # command...: the same, showing the screen when it times out
	poll_quiet "$@" && return 0
	echo "# gave up after ${E2E_TIMEOUT}s waiting for: $*"; screen | sed 's/^/# /'
	# The test is already failing: its later steps usually wait for what
	# will not come either, and 60 s each would hold the run (and the
	# landing queue) for many minutes. They still run, with short waits.
	E2E_TIMEOUT=${E2E_TIMEOUT_AFTER_FAIL:-5}
	return 1
}

# Processes. Found through /proc (no procps needed).
descendants() { # pid: the PIDs of every process below it
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
		{ pid = $1; sub(/.*\) /, ""); parent[pid] = $2 }
		END {
			want[root] = 1
			do { more = 0
				for (p in parent) if (!(p in want) && (parent[p] in want)) { want[p] = 1; more = 1 }
			} while (more)
			for (p in want) if (p != root) print p
		}'
}
proc_gone() { # pid...: none of them runs any more (a zombie counts as gone)
	for _p in "$@"; do
		_st=$(sed 's/.*) //' "/proc/$_p/stat" 2>/dev/null) || continue
		case $_st in Z*) ;; *) return 1 ;; esac
	done
	return 0
}
wait_proc_gone() { # pid...
	poll_quiet proc_gone "$@" && return 0
	echo "# still running after ${E2E_TIMEOUT}s: $*"
	return 1
}
# The program under test in the current pane (directly below its shell, or
# below runuser): its PID, or nothing.
pane_program() {
	for _p in $(descendants "$(tm display -p '#{pane_pid}' 2>/dev/null)"); do
		[ "$(cat "/proc/$_p/comm" 2>/dev/null)" = nongjian ] && { echo "$_p"; return 0; }
	done
	return 1
}

# End a session: everything running in its panes is killed outright and
# waited for before the terminal goes, so the database is free when the next
# step starts. (Left to the SIGHUP of a closing terminal the program would
# exit through LeakSanitizer's check, which can hang forever when the process
# is being torn down — seen as orphans spinning at full CPU.) Tests that are
# about SIGHUP send it themselves.
tm_stop() {
	_pids=""
	for _pane in $(tm list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		_pids="$_pids $(descendants "$_pane")"
	done
	if [ -n "$(echo $_pids)" ]; then
		kill -KILL $_pids 2>/dev/null
		wait_proc_gone $_pids
	fi
	tm kill-server 2>/dev/null
	return 0
}

# A report that says only that LeakSanitizer itself failed (under heavy load
# ptrace cannot read a thread's registers at exit: "Unable to get registers
# from thread", "LeakSanitizer has encountered a fatal error") holds no
# finding about the program. Any leak, address or undefined-behaviour report
# in the same file still fails the test.
lsan_could_not_run() { # report file
	# (A report cut short may hold only the first of the two lines.)
	grep -q -E 'LeakSanitizer has encountered a fatal error|Unable to get registers from thread' "$1" || return 1
	! grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer: detected)|runtime error|SUMMARY:' "$1"
}

e2e_cleanup() {
	tm_stop
	# Sanitizer reports from any run of the binary are failures.
	for f in "$WORK"/asan* "$WORK"/ubsan*; do
		[ -f "$f" ] || continue
		if lsan_could_not_run "$f"; then
			echo "# $(basename "$f"): LeakSanitizer could not stop the program's threads to look (a loaded machine); no leak was reported:"
			sed 's/^/#   /' "$f" | head -5
			continue
		fi
		fail "sanitizer report $(basename "$f")"; sed 's/^/# /' "$f" | head -40
	done
	rm -rf "$WORK"
}
trap e2e_cleanup EXIT
# Stopped by a signal (a run interrupted), clean up all the same: the exit
# runs the EXIT trap, so no tmux server or program is left behind.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# A fresh config whose database lives in the test's own directory.
e2e_setup() {
	mkdir -p "$WORK/conf"
	cp -r "$ROOT/conf/towns" "$ROOT/conf/products.csv" "$ROOT/conf/limits.csv" "$ROOT/conf/banned.csv" "$WORK/conf/"
	sed -e "s|^path = .*|path = $WORK/test.db|" -e "s|^forms = .*|forms = $ROOT/forms|" \
		"$ROOT/conf/nongjian.ini" > "$WORK/conf/nongjian.ini"
	CONF=$WORK/conf/nongjian.ini
	DB=$WORK/test.db
	"$BIN" --config "$CONF" init > /dev/null || fail "init"
}

nj() { "$BIN" --config "$CONF" "$@"; }
# The same in the background, as this shell's own child: the subshell execs
# the binary, so $! (set by nj_bg) is the program itself and kill $! reaches
# it. (Backgrounding nj would give the PID of a subshell running it.)
nj_bg() { ( exec "$BIN" --config "$CONF" "$@" ) & }

# A tmux server for this test with the status line off from the start (set in
# its config file, so the pane never starts one line short and is resized).
tm_new() { # cols lines, then new-session arguments
	printf 'set-option -g status off\n' > "$WORK/tmux.conf"
	_c=$1 _l=$2; shift 2
	tm -f "$WORK/tmux.conf" new-session -d -x "$_c" -y "$_l" "$@"
}
# The pane shows something (the program has started and drawn), or the time
# is up.
started() { [ -n "$(screen | tr -d ' \n')" ]; }

# Start the program in a terminal of the given size and TERM, and wait until
# it has drawn its first screen. (tmux sets TERM in the pane from
# default-terminal whatever -e says, so the command sets it itself.)
e2e_start() { # cols lines term [args...]
	cols=$1 lines=$2 term=$3; shift 3
	tm_new "$cols" "$lines" \
		-e LC_ALL=C.UTF-8 -e TERM="$term" -e NONGJIAN_TODAY="$NONGJIAN_TODAY" \
		-e ASAN_OPTIONS="$ASAN_OPTIONS" -e UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		"TERM=$term $BIN --config $CONF $*; echo EXITED \$?; sleep 120"
	tm pipe-pane "cat >> '$WORK/output'"
	poll started || echo "# the program drew nothing in ${E2E_TIMEOUT}s"
}
# How many bytes the programs in this test's panes have written to their
# terminal so far: it grows when the program has answered a key.
output_bytes() { wc -c < "$WORK/output" 2>/dev/null || echo 0; }
wrote_since() { [ "$(output_bytes)" -gt "$1" ]; } # bytes

# The program in this test's pane (below the pane's shell).
nj_pid() { pgrep -P "$(tm display -p '#{pane_pid}')" -x nongjian; }
# A new terminal (a new tmux server) on the main menu, as a user logging in
# again after the link dropped.
e2e_starts=0
e2e_restart() {
	tm_stop
	e2e_starts=$((e2e_starts + 1))
	SOCK="nj-e2e-$$-$e2e_starts"
	e2e_start 80 24 xterm
	wait_for "1  录入抽样检测记录" || fail "menu ($e2e_starts)"
}

keys() { tm send-keys "$@"; }
text() { tm send-keys -l "$1"; }
screen() { tm capture-pane -p; }

shows_now() { screen | grep -qF -- "$1"; }
lacks_now() { ! screen | grep -qF -- "$1"; }
ended() { screen | grep -q 'EXITED [0-9]'; }
seen_or_ended() { shows_now "$1" || ended; }
# Wait until the screen shows the text (the screen is printed if it never
# does). Gives up at once when the program has ended without showing it.
wait_for() {
	poll seen_or_ended "$1" || return 1
	shows_now "$1" && return 0
	echo "# the program ended without showing: $1"; screen | sed 's/^/# /'
	return 1
}
# The same, as an assertion: the screen shows the text (once drawn).
shows() { wait_for "$1"; }
# The screen does not (or no longer) show the text.
lacks() { poll lacks_now "$1"; }
line_has_now() { screen | sed -n "${1}p" | grep -qF -- "$2"; }  # line no, text
line_is_now() { screen | sed -n "${1}p" | grep -q -- "$2"; }    # line no, regex
line_has() { poll line_has_now "$@"; }
line_is() { poll line_is_now "$@"; }
# The cursor is on the screen row holding the text (a field's label).
cursor_on_now() {
	_want=$(screen | grep -n -F -- "$1" | head -1 | cut -d: -f1)
	_got=$(tm display -p '#{cursor_y}')
	[ -n "$_want" ] && [ $((_want - 1)) -eq "$_got" ]
}
cursor_on() { poll cursor_on_now "$1"; }
# The screen stays the same for a moment (the program has finished drawing).
settled() {
	_a=$(screen); sleep 0.2; _b=$(screen); sleep 0.2; _c=$(screen)
	[ "$_a" = "$_b" ] && [ "$_b" = "$_c" ]
}
settle() { poll settled; }

sql() { sqlite3 -batch -noheader "$DB" "$1"; }

e2e_done() { exit $E2E_FAILED; }

# The shadow tools (useradd, groupadd, userdel, groupdel), for tests that
# run as root with real users (CI). Tests running at the same time (other
# scripts, other checkouts) change /etc/passwd and /etc/group too, and the
# tools refuse at once when another holds the lock ("cannot lock
# /etc/passwd; try again later"). So they queue: each call waits, blocked
# in flock(1), until the one before it is done.
E2E_SHADOW_LOCK=${E2E_SHADOW_LOCK:-/tmp/nongjian-e2e-shadow.lock}
e2e_shadow() { # command and arguments
	_err=$(flock -w "$E2E_TIMEOUT" "$E2E_SHADOW_LOCK" "$@" 2>&1) && return 0
	echo "# $*: $_err"
	return 1
}
# A throwaway Unix user: useradd ARGS.
e2e_useradd() { e2e_shadow useradd "$@"; }
# Remove the test's users (with their own groups) and its group, also when
# left over from an earlier run that had the same PID.
e2e_userdel() { # group, then users
	_g=$1; shift
	for _u in "$@"; do
		# A program of that user outliving its terminal (run through su, so
		# not a descendant of the pane) would spin on in LeakSanitizer's
		# exit check with no owner left: end it first.
		if id "$_u" >/dev/null 2>&1; then
			_left=$(pgrep -u "$_u" 2>/dev/null | tr '\n' ' ')
			if [ -n "$_left" ]; then kill -KILL $_left 2>/dev/null; wait_proc_gone $_left; fi
		fi
		! id "$_u" >/dev/null 2>&1 || e2e_shadow userdel "$_u"
		! getent group "$_u" >/dev/null || e2e_shadow groupdel "$_u"
	done
	! getent group "$_g" >/dev/null || e2e_shadow groupdel "$_g"
}

# The README's group-writable layout, for tests run as root with real
# users: the program, forms and towns readable by everyone, a setgid data
# directory of group $1 (mode 2770). Sets CONF and DB; `as USER ARGS`
# runs the program as that user.
e2e_group_layout() { # group
	chmod 1777 "$WORK"
	mkdir -p "$WORK/app/conf" "$WORK/data"
	cp "$BIN" "$WORK/app/nongjian"
	cp -r "$ROOT/forms" "$WORK/app/"
	cp -r "$ROOT/conf/towns" "$ROOT/conf/products.csv" "$ROOT/conf/limits.csv" "$ROOT/conf/banned.csv" "$WORK/app/conf/"
	sed -e "s|^path = .*|path = $WORK/data/nongjian.db|" -e "s|^forms = .*|forms = $WORK/app/forms|" \
		"$ROOT/conf/nongjian.ini" > "$WORK/app/conf/nongjian.ini"
	chmod -R a+rX "$WORK/app"
	chgrp "$1" "$WORK/data"
	chmod 2770 "$WORK/data"
	CONF=$WORK/app/conf/nongjian.ini
	DB=$WORK/data/nongjian.db
}
as() { # user, then nongjian arguments
	u=$1; shift
	runuser -u "$u" -- env LC_ALL=C.UTF-8 NONGJIAN_TODAY="$NONGJIAN_TODAY" ASAN_OPTIONS="$ASAN_OPTIONS" \
		UBSAN_OPTIONS="$UBSAN_OPTIONS" "$WORK/app/nongjian" --config "$CONF" "$@"
}

# SQL as another tool with the file could write it (to plant hostile
# text): past the CHECK constraints and the history triggers of schema 7,
# which are dropped for it and put back exactly as they were.
GUARDS="'samples_change_needs_history', 'users_change_audited', 'producers_rating_needs_record'"
sql_unguarded() {
	put_back=$(sqlite3 -batch -noheader "$DB" "select sql || ';' from sqlite_schema where name in ($GUARDS)")
	drop=$(sqlite3 -batch -noheader "$DB" "select 'DROP TRIGGER ' || name || ';' from sqlite_schema where name in ($GUARDS)")
	sqlite3 -batch "$DB" "PRAGMA ignore_check_constraints = ON; $drop $1; $put_back"
}
