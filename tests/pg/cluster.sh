# A throw-away PostgreSQL cluster for a test, sourced after tests/e2e/lib.sh:
#   . "$ROOT/tests/pg/cluster.sh"
#   pg_start || { e2e_done; }     # prints "ok - # SKIP ..." and returns 1 when it cannot
#   psql_as nj_owner -c '...'      # psql on the cluster's socket
# Debian's server binaries (/usr/lib/postgresql/N/bin, package postgresql;
# tools/deps.sh check installs it) make a cluster in a directory of its
# own with initdb, as the user running the test or, when that is root (CI,
# a fresh chroot: the server refuses to run as root), as nobody in a
# directory nobody owns. It listens on a Unix socket in that directory
# only (listen_addresses = ''), so tests side by side never meet; it is
# waited for with pg_isready (up to E2E_TIMEOUT), never a fixed sleep,
# and stopped and removed on exit (the EXIT trap, before lib.sh's).
# After pg_start: PGHOST (the socket's directory), PG_URL_BASE
# ("postgresql:///" + ?host=…: append a database name before it with
# pg_url NAME), PG_SUPER (the cluster's superuser). PG_OPTIONS: more
# server settings ("-c fsync=on" after the default fsync=off: the bench).

# NJ_PG_ROOT (default Debian's /usr/lib/postgresql) holds one folder per
# major version.
pg_bin() { # the directory of the newest installed server's initdb, or nothing
	for _d in $(ls -d "${NJ_PG_ROOT:-/usr/lib/postgresql}"/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$_d/initdb" ] && [ -x "$_d/pg_ctl" ] && [ -x "$_d/pg_isready" ] && { echo "$_d"; return 0; }
	done
	return 1
}

# Run a command as the cluster's owner (nobody when the test is root).
pg_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

pg_skip() { # why: every PostgreSQL check of this test is skipped, visibly
	echo "ok - # SKIP PostgreSQL: $1"
	return 1
}

PG_DIR=
pg_stop() {
	[ -n "$PG_DIR" ] || return 0
	if [ -f "$PG_DIR/data/postmaster.pid" ]; then
		pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop > /dev/null 2>&1
	fi
	rm -rf "$PG_DIR"
	PG_DIR=
}

pg_start() {
	PG_BIN=$(pg_bin) || { pg_skip "找不到服务器程序 ${NJ_PG_ROOT:-/usr/lib/postgresql}/*/bin/initdb (Debian 软件包 postgresql; tools/deps.sh check 会安装)"; return 1; }
	command -v psql > /dev/null 2>&1 || { pg_skip "找不到 psql (Debian 软件包 postgresql-client)"; return 1; }
	if [ "$(id -u)" = 0 ] && ! id nobody > /dev/null 2>&1; then
		pg_skip "以 root 运行但没有用户 nobody 来运行服务器"; return 1
	fi
	# Short and outside the test's own directory: a socket path is at most
	# 107 bytes, and nobody must be able to reach it.
	PG_DIR=$(mktemp -d /tmp/njpg.XXXXXX) || { pg_skip "无法创建临时目录"; return 1; }
	chmod 755 "$PG_DIR"
	[ "$(id -u)" = 0 ] && chown nobody "$PG_DIR"
	trap 'pg_stop; e2e_cleanup' EXIT
	PG_SUPER=nj_owner
	if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_SUPER" -E UTF8 --locale=C --auth=trust \
		--no-sync > "$PG_DIR/initdb.log" 2>&1; then
		echo "# initdb failed:"; sed 's/^/# /' "$PG_DIR/initdb.log" | tail -15
		fail "initdb of a throw-away cluster"
		return 1
	fi
	if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -W \
		-o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off -c max_connections=40 ${PG_OPTIONS:-}" \
		start > /dev/null 2>&1; then
		echo "# pg_ctl start failed:"; sed 's/^/# /' "$PG_DIR/server.log" 2>/dev/null | tail -15
		fail "start a throw-away cluster"
		return 1
	fi
	export PGHOST=$PG_DIR
	if ! poll_quiet "$PG_BIN/pg_isready" -q -h "$PG_DIR"; then
		echo "# the server did not get ready in ${E2E_TIMEOUT}s:"; sed 's/^/# /' "$PG_DIR/server.log" | tail -15
		fail "throw-away cluster ready"
		return 1
	fi
	PG_URL_BASE="?host=$PG_DIR"
	return 0
}

pg_url() { echo "postgresql://${2:-$PG_SUPER}@/$1$PG_URL_BASE"; } # database name [role]
# psql as a role (the superuser or a login's nj_ role) on a database:
# quiet, unaligned, no headers, stop at the first error.
psql_on() { # database role, then psql's arguments
	_db=$1 _role=$2; shift 2
	psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_DIR" -U "$_role" -d "$_db" "$@"
}
