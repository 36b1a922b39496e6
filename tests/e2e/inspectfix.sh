#!/bin/sh
# End-to-end at 80x24 (issue 16): correcting an inspection on the screen.
# Menu 7's list, Enter on a record opens it in its form (受检主体 locked);
# a wrong date is refused beside the field before any reason is asked and
# nothing is saved; a change saved with its reason becomes version 2 and
# F5 shows it in the history; F8 voids with a reason and a voided record
# is not corrected; the database afterwards.
. "$(dirname "$0")/lib.sh"
e2e_setup
nj producer add 名称=侣俸鑫源蔬菜专业合作社 主体类型=合作社 镇街=侣俸镇 登记日期=2026-01-05 >/dev/null
nj inspect add 主体=侣俸鑫源蔬菜专业合作社 日期=2026-06-02 检查人=王芳、李明 >/dev/null || fail "inspect add"
ver() { sql "select version || '|' || inspectors || '|' || status from inspections where id = 1"; }

e2e_start 80 24 xterm
check "the main menu offers 巡查" wait_for "7  巡查"
text 7
check "the list shows the inspection" wait_for "侣俸鑫源蔬菜专业合作社"
check "its keys say Enter corrects" shows "Enter更正"
keys Enter
check "Enter opens it for correction" wait_for "更正巡查记录"
check "... version 1, the producer locked" shows "巡查 1  第1版"
check "the cursor is on 巡查日期" cursor_on "巡查日期"

# A date to come: refused beside the field, no reason asked, nothing saved.
keys C-u; text 2099-01-01
keys F2
check "a future date is refused" wait_for "晚于今天"
check "nothing saved" [ "$(ver)" = "1|王芳、李明|valid" ]
keys C-u; text 2026-06-02

keys Tab; keys C-u; text 王芳、赵敏
keys F2
check "saving asks the reason" wait_for "请写明更正的原因"
text 抄录错误; keys Enter
check "the correction is saved as version 2" wait_for "已保存更正 (第2版)"
check "the database has it" [ "$(ver)" = "2|王芳、赵敏|valid" ]
check "the history keeps the old value and the reason" \
	[ "$(sql "select old_value || '>' || new_value || '|' || reason from inspection_changes where inspection_id = 1 and field = 'inspectors'")" = "王芳、李明>王芳、赵敏|抄录错误" ]
keys F5
check "F5 shows the record with its history" wait_for "更正记录:"
check "... the change, by whom" shows "root  检查人: 王芳、李明 → 王芳、赵敏  原因: 抄录"
keys Escape
check "back in the form" wait_for "更正巡查记录"

keys F8
check "F8 asks why" wait_for "作废原因"
text 重复录入; keys Enter
check "voided" wait_for "已作废，原因已记入历史"
keys F2
check "a voided record is not corrected" wait_for "已作废，不能更正"
check "the database: void with its reason" [ "$(sql "select status || '|' || void_reason from inspections where id = 1")" = "void|重复录入" ]
keys F10
check "back on the list" wait_for "农检 · 巡查 · "

# A correction typed when the link drops is kept for that record.
nj inspect add 主体=侣俸鑫源蔬菜专业合作社 日期=2026-06-03 检查人=王芳、李明 >/dev/null || fail "inspect add 2"
keys F10
wait_for "1  录入抽样检测记录" > /dev/null
text 7
wait_for "2026-06-03" > /dev/null
keys Enter
check "the second opens for correction" wait_for "巡查 2  第1版"
keys Tab; keys C-u; text 王芳、周杰
check "a change typed" wait_for "检查人  王芳、周杰"
kill -HUP "$(nj_pid)"
check "SIGHUP in the correction: clean exit" wait_for "EXITED 0"
check "the correction is kept as that record's draft" [ "$(sql "select count(*) from drafts where form = 'inspect-fix' and data like '%王芳、周杰%' and data like '%2/1%'")" = 1 ]
check "nothing corrected yet" [ "$(sql "select version from inspections where id = 2")" = 1 ]
e2e_restart
text 7
wait_for "2026-06-03" > /dev/null
keys Enter
check "opening that record offers the correction back" wait_for "中断时未保存的更正 (巡查 2)?"
keys y
check "with the typed value back" wait_for "检查人  王芳、周杰"
keys F10
check "leaving asks before discarding it" wait_for "放弃尚未保存的更正?"
keys y
check "back on the list" wait_for "农检 · 巡查 · "
keys F10
check "back to the menu" wait_for "1  录入抽样检测记录"
keys 0
check "and exits 0" wait_for "EXITED 0"
e2e_done
