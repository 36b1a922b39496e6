#!/bin/sh
# An offline township PC and the county server (issue 20, part 5): the
# server stops numbering 侣俸镇 (numbering.offline) and hands the PC a copy;
# the PC enters records, corrections, a void and follow-up; its bundle is
# imported on the server keeping every number, field and history row
# (compared by nongjian export and by the history tables); a second import
# adds nothing; a bundle whose number the server used meanwhile is refused
# whole; a damaged bundle is refused; the guards still hold afterwards.
. "$(dirname "$0")/lib.sh"
e2e_setup
out=$WORK/out
said() { grep -qF -- "$1" "$out"; }
run() { "$@" > "$out" 2>&1; rc=$?; }  # command...: its output in $out, status in $rc
PCDB=$WORK/pc.db
pc() { nj --db "$PCDB" "$@"; }
lf() { # nongjian command (add/correct...) prefix: the rest are the fields
	"$@" 抽样人=张三、李四 抽样环节=农贸市场
}
start_day=$(date +%F)

# The server before the township goes offline: one record of each town.
run lf nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=12'
check "server: a 侣俸镇 record (0001)" said "TL2026-侣俸-0001"
run lf nj add 镇街=土桥镇 样品名称=芹菜 '抑制率(%)=8'
check "server: a 土桥镇 record" test $rc = 0

# The server gives 侣俸镇's numbering to the PC, then copies its database for it.
run nj settings set numbering.offline 侣俸镇
check "server: 侣俸镇 numbered offline (rc=$rc)" test $rc = 0
run nj backup "$PCDB"
check "server: a copy for the PC (rc=$rc)" test $rc = 0
run pc settings set numbering.offline ''
check "PC: its copy numbers 侣俸镇 itself (rc=$rc)" test $rc = 0

run lf nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=20'
check "server refuses to number 侣俸镇 meanwhile (rc=$rc)" test $rc = 1
check "and says why, in Chinese" said "侣俸镇 的样品编号由离线电脑分配 (numbering.offline)：请在那台电脑上录入"
check "nothing saved by the refused add" test "$(sql "select count(*) from samples where sample_no like 'TL2026-侣俸-%'")" = 1
run lf nj add 镇街=土桥镇 样品名称=芹菜 '抑制率(%)=9'
check "other towns are numbered as ever" said "TL2026-土桥-0002"

# The entry screen says the same beside 镇街 and saves nothing.
e2e_start 80 24 xterm
check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "抽样日期  2026-06-15"
keys Tab
text "侣俸镇"
keys Enter Tab
text "张小三"
keys Tab
text "豇豆"
keys Tab Tab
text "农贸市场"
keys Tab Tab Tab
text "张三"
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text "30"
check "typed 30" wait_for "抑制率(%)  30"
keys F2
check "the screen refuses to number 侣俸镇, saying why (whole, on the message line)" \
	wait_for "侣俸镇 的样品编号由离线电脑分配 (numbering.offline)：请在那台电脑上录入"
check "nothing saved from the screen" test "$(sql "select count(*) from samples where sample_no like 'TL2026-侣俸-%'")" = 1
keys F10
check "leaving asks about the unsaved record" wait_for "放弃这条尚未保存的记录?"
keys y
check "back at the menu" wait_for "1  录入抽样检测记录"
keys 0
check "exit 0" wait_for "EXITED 0"
tm_stop

# On the PC: three records, corrections, a void, a follow-up step and a voided one.
run lf pc add 镇街=侣俸镇 样品名称=小白菜 '抑制率(%)=30'
check "PC: numbers follow the server's (0002)" said "TL2026-侣俸-0002"
run lf pc add 镇街=侣俸镇 样品名称=韭菜 '抑制率(%)=71'
check "PC: 0003 fails (a case opens)" said "TL2026-侣俸-0003"
run lf pc add 镇街=侣俸镇 样品名称=菠菜 '抑制率(%)=45'
check "PC: 0004 in the warning band" said "TL2026-侣俸-0004"
run pc correct TL2026-侣俸-0004 --reason 抄录错误 '抑制率(%)=58'
check "PC: 0004 corrected to a failure" said "第 2 版"
run pc correct TL2026-侣俸-0004 --reason 核对原始记录 '抽样人=张三、王五'
check "PC: 0004 corrected again" said "第 3 版"
run pc void TL2026-侣俸-0002 --reason 重复录入
check "PC: 0002 voided" said "已作废"
run pc followup TL2026-侣俸-0003 复检 --result 66
check "PC: a retest of 0003 (rc=$rc)" test $rc = 0
run pc followup TL2026-侣俸-0004 复检 --result 60
run pc followup TL2026-侣俸-0004 作废 1 --note 录错样品
check "PC: a retest of 0004, voided (rc=$rc)" test $rc = 0
run pc add --force 镇街=侣俸镇 检测类别=例行监测 样品名称=黄瓜 项目=镉:0.15:mg/kg:0.2 \
	项目=毒死蜱:0.03:mg/kg:0.5 抽样人=张三、李四 抽样环节=超市
check "PC: 0005, a routine test of two items (sample_items)" said "TL2026-侣俸-0005"

# The bundle.
B=$WORK/侣俸镇.bundle
run pc bundle export --unit 侣俸镇 --since "$start_day" -o "$B"
check "PC: bundle exported, 0001 (created today, before the copy) with the new three (rc=$rc)" said "已导出 5 条记录"
check "the bundle says what it is: format, schema, district, unit" \
	sh -c 'head -1 "$1" | grep -q "^nongjian-bundle	1\$" && grep -q "^schema	[0-9]" "$1" &&
	       grep -q "^district	铜梁区\$" "$1" && grep -q "^unit	侣俸镇\$" "$1"' - "$B"
check "its last line is the SHA-256 of the rest, as sha256sum prints it" \
	test "$(tail -n 1 "$B" | cut -f2)" = "$(head -n -1 "$B" | sha256sum | cut -d' ' -f1)"

# A damaged copy, a truncated one.
sed 's/韭菜/白菜/' "$B" > "$WORK/damaged.bundle"
run nj bundle import "$WORK/damaged.bundle"
check "a damaged bundle is refused (rc=$rc)" test $rc = 1
check "with 校验失败" said "校验失败"
head -c 2000 "$B" > "$WORK/short.bundle"
run nj bundle import "$WORK/short.bundle"
check "a truncated bundle is refused as incomplete (rc=$rc)" said "不完整"

run nj bundle import "$B"
check "server: bundle imported (rc=$rc)" test $rc = 0
check "4 new records, 1 already there" said "新增记录 4 条，更新 0 条，已有 1 条"
check "and reminds that 侣俸镇 is still numbered offline" said "侣俸镇 仍由离线电脑编号"
[ $rc = 0 ] || sed 's/^/# /' "$out"

# Every field and number the same: the export of 侣俸镇's records.
nj export samples -o "$WORK/server.csv" > /dev/null 2>&1
pc export samples -o "$WORK/pc.csv" > /dev/null 2>&1
grep '侣俸' "$WORK/server.csv" > "$WORK/server-lf.csv"
grep '侣俸' "$WORK/pc.csv" > "$WORK/pc-lf.csv"
check "export of 侣俸镇 identical on server and PC" cmp -s "$WORK/server-lf.csv" "$WORK/pc-lf.csv"
check "all 5 records in it" test "$(wc -l < "$WORK/pc-lf.csv")" = 5
cmp -s "$WORK/server-lf.csv" "$WORK/pc-lf.csv" || diff "$WORK/pc-lf.csv" "$WORK/server-lf.csv" | sed 's/^/# /' | head -20

nj export items -o "$WORK/server-items.csv" > /dev/null 2>&1
pc export items -o "$WORK/pc-items.csv" > /dev/null 2>&1
check "export items identical (0005's two items came along)" cmp -s "$WORK/server-items.csv" "$WORK/pc-items.csv"
check "(both items in it)" test "$(grep -c 'TL2026-侣俸-0005' "$WORK/pc-items.csv")" = 2

# Every history row the same (by number: ids differ between the two).
history() { # database
	sqlite3 -batch -noheader "$1" "
	select s.sample_no, s.version, s.status, s.verdict, s.created_at, s.created_by, coalesce(s.updated_at, ''),
	       coalesce(s.updated_by, ''), coalesce(s.void_reason, '') from samples s
	 where s.sample_no like 'TL2026-侣俸-%' order by 1;
	select s.sample_no, c.version, c.changed_at, c.changed_by, c.reason, c.field, coalesce(c.old_value, ''),
	       coalesce(c.new_value, '') from sample_changes c join samples s on s.id = c.sample_id
	 where s.sample_no like 'TL2026-侣俸-%' order by 1, 2, 6;
	select s.sample_no, k.reason, k.opened_at, coalesce(p.step, ''), coalesce(p.step_date, ''),
	       coalesce(p.result, ''), coalesce(p.status, ''), coalesce(p.void_reason, ''), coalesce(p.voided_by, ''),
	       coalesce(p.created_at, ''), coalesce(p.created_by, '')
	  from followup_cases k join samples s on s.id = k.sample_id left join followup_steps p on p.case_id = k.id
	 where s.sample_no like 'TL2026-侣俸-%' order by 1, p.created_at, p.step;
	select at, login, action, entity, coalesce(before, ''), coalesce(after, '') from audit
	 where (action like 'sample.%' or action like 'followup.%') and entity like 'TL2026-侣俸-%'
	 order by at, entity, action;"
}
history "$PCDB" > "$WORK/pc.hist"
history "$DB" > "$WORK/server.hist"
check "versions, corrections, voids, follow-up and audit rows identical" cmp -s "$WORK/pc.hist" "$WORK/server.hist"
check "(a history worth comparing: more than 15 rows)" test "$(wc -l < "$WORK/pc.hist")" -gt 15
cmp -s "$WORK/pc.hist" "$WORK/server.hist" || diff "$WORK/pc.hist" "$WORK/server.hist" | sed 's/^/# /' | head -20
check "the voided step came as voided" test "$(sql "select count(*) from followup_steps where status = 'void' and void_reason = '录错样品'")" = 1
check "the import is audited" test "$(sql "select count(*) from audit where action = 'bundle.import' and entity = '侣俸镇'")" = 1
run nj check
check "nongjian check: numbers gap-free, guards and audit whole (rc=$rc)" test $rc = 0

# The same bundle again: nothing.
state() {
	sql "select (select count(*) from samples) || '/' || (select count(*) from sample_changes) || '/' ||
	     (select count(*) from followup_steps) || '/' || (select count(*) from audit) || '/' ||
	     (select sum(next_seq) from counters)"
}
before=$(state)
run nj bundle import "$B"
check "the same bundle twice: exit 0 (rc=$rc)" test $rc = 0
check "says it was imported before" said "已经导入过"
check "and adds nothing, not even an audit row" test "$(state)" = "$before"

# A later correction on the PC (new items of version 2) comes as a second bundle.
run pc correct TL2026-侣俸-0005 --reason 复核原始记录 项目=镉:0.25:mg/kg:0.2 项目=毒死蜱:0.03:mg/kg:0.5
check "PC: 0005 corrected, 镉 over its limit" said "不合格"
run pc bundle export --unit 侣俸镇 --since "$start_day" -o "$WORK/later.bundle"
run nj bundle import "$WORK/later.bundle"
check "the later bundle: 1 record updated, the rest already there (rc=$rc)" said "新增记录 0 条，更新 1 条，已有 4 条"
history "$PCDB" > "$WORK/pc.hist"
history "$DB" > "$WORK/server.hist"
check "after it, history identical again" cmp -s "$WORK/pc.hist" "$WORK/server.hist"
nj export items -o "$WORK/server-items.csv" > /dev/null 2>&1
pc export items -o "$WORK/pc-items.csv" > /dev/null 2>&1
check "and export items identical (version 2's items)" cmp -s "$WORK/server-items.csv" "$WORK/pc-items.csv"
check "the old version's items kept beside them" test "$(sql "select count(*) from sample_items i join samples s on s.id = i.sample_id where s.sample_no = 'TL2026-侣俸-0005'")" = 4
check "0005 is 不合格 on the server, with its case opened" test "$(sql "select s.verdict || (select count(*) from followup_cases k where k.sample_id = s.id) from samples s where s.sample_no = 'TL2026-侣俸-0005'")" = fail1
before=$(state)

# The guards hold for everyone else after the import.
check "an imported record still refuses a bare UPDATE" \
	sh -c '! sqlite3 "$1" "update samples set verdict = '"'pass'"' where sample_no = '"'TL2026-侣俸-0003'"'" 2>/dev/null' - "$DB"
check "imported audit rows still refuse DELETE" \
	sh -c '! sqlite3 "$1" "delete from audit where action = '"'sample.create'"'" 2>/dev/null' - "$DB"

# Back online: the setting cleared, the server numbers 侣俸镇 after the PC's numbers.
run nj settings set numbering.offline ''
check "server: setting cleared (rc=$rc)" test $rc = 0
run lf nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=10'
check "the server's next 侣俸镇 number follows the bundle's (0006)" said "TL2026-侣俸-0006"

# The PC went on meanwhile and numbered 0006 too: that bundle is refused whole.
run lf pc add 镇街=侣俸镇 样品名称=芹菜 '抑制率(%)=11'
check "PC: its own 0006" said "TL2026-侣俸-0006"
run pc correct TL2026-侣俸-0003 --reason 核对 '抽样环节=超市'
check "PC: and a correction of 0003" said "第 2 版"
run pc bundle export --unit 侣俸镇 -o "$WORK/clash.bundle"
before=$(state)
nj export samples -o "$WORK/before.csv" > /dev/null 2>&1
run nj bundle import "$WORK/clash.bundle"
check "a colliding bundle is refused (rc=$rc)" test $rc = 1
check "naming the number" said "TL2026-侣俸-0006"
check "and not the others" sh -c '! grep -q "0003\|0004\|0005" "$1"' - "$out"
nj export samples -o "$WORK/after.csv" > /dev/null 2>&1
check "nothing of it half-saved (not 0003's correction either)" test "$(state)" = "$before"
check "the export is as it was" cmp -s "$WORK/before.csv" "$WORK/after.csv"
run nj check
check "nongjian check still clean (rc=$rc)" test $rc = 0

e2e_done
