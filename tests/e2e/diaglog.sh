#!/bin/sh
# The diagnostic log is opt-in (NONGJIAN_LOG=file or -v, like tmux -v):
# SQLite's own error text goes there, the user reads only the Chinese
# explanation, and without either nothing is written.
. "$(dirname "$0")/lib.sh"
e2e_setup
printf 'this is not a database, only text of a wrong file %.0s' 1 2 3 4 5 6 7 8 > "$WORK/junk.db"

# Without the log: the Chinese explanation, no raw SQLite text, no file.
(cd "$WORK" && nj --db "$WORK/junk.db" show X > out.txt 2> err.txt); rc=$?
check "a broken database fails (rc $rc)" test "$rc" -ne 0
check "the user reads the explanation in Chinese" grep -q '数据库文件已损坏' "$WORK/err.txt"
check "and not SQLite's own text" sh -c "! grep -q 'file is not a database' '$WORK/err.txt'"
check "no log without NONGJIAN_LOG or -v" sh -c "! ls '$WORK'/nongjian-*.log >/dev/null 2>&1"

# NONGJIAN_LOG=file: SQLite's text, the code, and what was being done.
NONGJIAN_LOG=$WORK/diag.log nj --db "$WORK/junk.db" show X > /dev/null 2> "$WORK/err2.txt"
check "NONGJIAN_LOG gets SQLite's message and code" grep -q 'sqlite: .*file is not a database.*26)' "$WORK/diag.log"
check "the user's message is unchanged" cmp -s "$WORK/err.txt" "$WORK/err2.txt"

# -v: nongjian-<pid>.log in the current directory.
(cd "$WORK" && nj -v --db "$WORK/junk.db" show X > /dev/null 2>&1)
check "-v writes nongjian-<pid>.log where it runs" sh -c "grep -q 'file is not a database' '$WORK'/nongjian-*.log"

# A good run logs nothing but the start line.
nj init > /dev/null 2>&1
NONGJIAN_LOG=$WORK/quiet.log nj quota > /dev/null 2>&1
check "a run without errors logs only its start" test "$(grep -c . "$WORK/quiet.log")" = 1
e2e_done
