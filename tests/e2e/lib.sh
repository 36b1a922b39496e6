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

# End a session: the program under test is killed outright before its
# terminal goes. (Left to the SIGHUP of a closing terminal it would exit
# through LeakSanitizer's check, which can hang forever when the process is
# being torn down — seen as orphans spinning at full CPU.) Tests that are
# about SIGHUP send it themselves.
tm_stop() {
	for pane in $(tm list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		pkill -KILL -P "$pane" 2>/dev/null
	done
	tm kill-server 2>/dev/null
}

e2e_cleanup() {
	tm_stop
	# Sanitizer reports from any run of the binary are failures.
	for f in "$WORK"/asan* "$WORK"/ubsan*; do
		[ -f "$f" ] || continue
		fail "sanitizer report $(basename "$f")"; sed 's/^/# /' "$f" | head -40
	done
	rm -rf "$WORK"
}
trap e2e_cleanup EXIT

# A fresh config whose database lives in the test's own directory.
e2e_setup() {
	mkdir -p "$WORK/conf"
	cp -r "$ROOT/conf/towns" "$ROOT/conf/products.csv" "$WORK/conf/"
	sed -e "s|^path = .*|path = $WORK/test.db|" -e "s|^forms = .*|forms = $ROOT/forms|" \
		"$ROOT/conf/nongjian.ini" > "$WORK/conf/nongjian.ini"
	CONF=$WORK/conf/nongjian.ini
	DB=$WORK/test.db
	"$BIN" --config "$CONF" init > /dev/null || fail "init"
}

nj() { "$BIN" --config "$CONF" "$@"; }

# Start the program in a terminal of the given size and TERM. (tmux sets
# TERM in the pane from default-terminal whatever -e says, so the command
# sets it itself.)
e2e_start() { # cols lines term [args...]
	cols=$1 lines=$2 term=$3; shift 3
	tm -f /dev/null new-session -d -x "$cols" -y "$lines" \
		-e LC_ALL=C.UTF-8 -e TERM="$term" -e NONGJIAN_TODAY="$NONGJIAN_TODAY" \
		-e ASAN_OPTIONS="$ASAN_OPTIONS" -e UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		"TERM=$term $BIN --config $CONF $*; echo EXITED \$?; sleep 30"
	tm set-option -g status off 2>/dev/null
}

keys() { tm send-keys "$@"; }
text() { tm send-keys -l "$1"; }
screen() { tm capture-pane -p; }

# Wait (up to ~5 s) until the screen shows the text.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05; i=$((i + 1))
	done
	echo "# screen while waiting for: $1"; screen | sed 's/^/# /'
	return 1
}

shows() { screen | grep -qF -- "$1"; }

sql() { sqlite3 -batch -noheader "$DB" "$1"; }

e2e_done() { exit $E2E_FAILED; }

# A throwaway Unix user for tests that run as root (CI): useradd ARGS.
# Another test adding users at the same time holds the /etc/passwd lock
# for a moment: try again while that is the reason it failed.
e2e_useradd() {
	n=0
	until useradd "$@" 2>"$WORK/useradd.err"; do
		n=$((n + 1))
		if [ $n -ge 100 ] || ! grep -qi 'lock' "$WORK/useradd.err"; then
			sed 's/^/# /' "$WORK/useradd.err"; return 1
		fi
		sleep 0.1
	done
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
	cp -r "$ROOT/conf/towns" "$ROOT/conf/products.csv" "$WORK/app/conf/"
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
