#!/bin/sh
# Records are evidence: a correction that crosses someone else's is shown,
# not lost; a busy database gives a Chinese message, never a raw SQLite
# error; text planted in the database with terminal escapes (bypassing its
# CHECKs) reaches nobody's terminal raw.
. "$(dirname "$0")/lib.sh"
e2e_setup
no=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=35' 抽样人=张三 抽样环节=农贸市场 | cut -f1)
check "a record to work on" test "$no" = TL2026-侣俸-0001

# 1. Two people correct the same record.
e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" >/dev/null
keys 2
wait_for "$no" >/dev/null
keys Enter
check "the record is open on the screen" wait_for "第1版"
nj correct "$no" --reason 复核 '抑制率(%)=52' >/dev/null
check "meanwhile the command line corrected it" test "$(sql "select version from samples")" = 2
keys Down Down Down Down Down Down Down Down Down Down Down Down C-u   # to 抑制率, past 检测方法
text 47
keys F2
wait_for "更正原因" >/dev/null && text 抄录错误 && keys Enter
check "the conflict is shown" wait_for "记录已被他人修改"
check "both values side by side" sh -c "tmux -L '$SOCK' capture-pane -p | grep -q '你的更正「47」  对方已保存「52」'"
keys Escape
check "the user's value is still in the form" wait_for "抑制率(%)  47"
check "the other's correction was not overwritten" test "$(sql "select inhibition from samples")" = 52.0
keys F2
wait_for "更正原因" >/dev/null && text 抄录错误 && keys Enter
check "a second F2 saves on top" wait_for "已保存更正 (第3版)"
check "both corrections are in the history" test "$(sql "select group_concat(new_value, ',') from sample_changes where field = 'inhibition' order by id")" = "52,47"
tm_stop

# 2. A busy database: another process holds the write lock (until the test
# says it may let go, or a minute has passed).
sed -i 's/^busy_timeout_ms = .*/busy_timeout_ms = 300/' "$CONF"
cat > "$WORK/holdlock.sh" <<EOF
touch '$WORK/locked'
i=0
while [ ! -e '$WORK/release' ] && [ \$i -lt 1200 ]; do sleep 0.05; i=\$((i + 1)); done
EOF
sqlite3 "$DB" "PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock', 1);" \
	".shell sh $WORK/holdlock.sh" "ROLLBACK;" >/dev/null 2>&1 &
holder=$!
check "another process holds the write lock" poll_quiet test -e "$WORK/locked"
out=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=10' 抽样人=张三 抽样环节=农贸市场 2>&1); rc=$?
check "a busy database: the save fails cleanly (exit 1)" test $rc = 1
check "a busy database: the message is Chinese and says what to do" sh -c "echo '$out' | grep -q '数据库正忙.*请稍候再试'"
check "a busy database: no raw SQLite text" sh -c "! echo '$out' | grep -qi 'database is locked\|sqlite'"
touch "$WORK/release"
wait "$holder"
check "after the lock is gone the save works" sh -c "'$BIN' --config '$CONF' add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=10' 抽样人=张三 抽样环节=农贸市场 >/dev/null"

# 3. Hostile text planted past the CHECK constraints.
evil=$(printf '\033]0;pwned\007\033[31m红\342\200\256abc')
sql_unguarded "UPDATE samples SET producer = '$evil' WHERE sample_no = '$no'"
check "the planted text is in the database" test "$(sql "select instr(producer, 'pwned') > 0 from samples where sample_no = '$no'")" = 1
SOCK="$SOCK-2"
e2e_start 80 24 xterm
wait_for "1  录入抽样检测记录" >/dev/null
keys 2
wait_for "$no" >/dev/null
# Move until the list's '>' is on the planted record (the newest is first),
# waiting for the screen to say so rather than counting on the key's timing.
selected_now() { screen | grep -F -- "$1" | grep -q '^>'; }
keys Down
check "the cursor is on the planted record" poll selected_now "$no"
keys Enter
check "the planted record opens" wait_for "$no  第3版"
line=$(screen | grep 受检主体)
check "escapes are drawn as ?" sh -c "echo '$line' | grep -qF '?]0;pwned??[31m红?abc'"
check "no escape reached the terminal (the window title is unchanged)" sh -c "! tmux -L '$SOCK' display -p '#{pane_title}' | grep -q pwned"
raw=$(tm capture-pane -p -e | grep -c "$(printf '\033\\]0;pwned')")
check "the pane holds no OSC sequence from the data" test "$raw" = 0
e2e_done
