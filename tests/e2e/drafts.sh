#!/bin/sh
# End-to-end: the correction form and the producer form, like the new-
# record form, keep what is being typed as a draft when the link drops
# (SIGHUP) or the program is stopped (SIGTERM), and offer it back: the
# correction when the list is opened again (it reopens that record), the
# registration when the producer form is opened again.
. "$(dirname "$0")/lib.sh"
e2e_setup

drafts() { sql "select count(*) from drafts where form = '$1' and data like '%$2%'"; }

nj add 镇街=土桥镇 样品名称=芹菜 inhibition=20 抽样人=张三 stage=农贸市场 详细地点=老街 >/dev/null ||
	fail "add"
NO=TL2026-土桥-0001

# (1) A correction typed when the link drops.
e2e_restart
keys 2
wait_for "共 1 条" || fail "list"
keys Enter
check "correction form open" wait_for "$NO  第1版"
keys Tab Tab Tab Tab Tab Tab Tab C-u      # 抽样日期 … 抽样环节 → 详细地点
text 村口织篢市场
check "correction typed" wait_for "详细地点  村口织篢市场"
pid=$(nj_pid)
kill -HUP "$pid"
check "SIGHUP in the correction form: clean exit" wait_for "EXITED 0"
check "the correction is kept as a draft" [ "$(drafts correction 村口织篢市场)" = 1 ]
check "nothing was corrected yet" [ "$(sql 'select place || version from samples')" = "老街1" ]

e2e_restart
keys 2
check "opening the list offers the correction back" \
	wait_for "中断时未保存的更正 ($NO)?"
keys y
check "that record's correction form opens" wait_for "$NO  第1版"
check "with the typed value back" shows "详细地点  村口织篢市场"
check "the user is told to check and save" shows "已恢复上次未保存的记录"
check "the draft is gone once taken back" [ "$(sql "select count(*) from drafts")" = 0 ]
keys F2
check "F2 asks the reason" wait_for "更正原因"
text 抄录错误
keys Enter
check "the restored correction saves" wait_for "已保存更正 (第2版)"
check "stored: the new place, version 2" [ "$(sql 'select place || version from samples')" = "村口织篢市场2" ]

# (2) SIGTERM in the correction form; declining the offer drops it.
keys Tab Tab Tab Tab Tab Tab Tab C-u
text 第三版
wait_for "详细地点  第三版" || fail "typed again"
kill -TERM "$(nj_pid)"
check "SIGTERM in the correction form: clean exit" wait_for "EXITED 0"
check "SIGTERM: correction draft kept" [ "$(drafts correction 第三版)" = 1 ]
e2e_restart
keys 2
wait_for "未保存的更正" || fail "offered again"
keys n
check "declined: the list as usual" wait_for "共 1 条"
check "declined: the draft is dropped" [ "$(sql "select count(*) from drafts")" = 0 ]
check "declined: the record unchanged" [ "$(sql 'select place || version from samples')" = "村口织篢市场2" ]
keys F10
wait_for "1  录入抽样检测记录" || fail "menu again"

# (3) A producer registration typed when the link drops.
keys 4
wait_for "登记新主体" || fail "lookup"
keys F2
check "producer form open" wait_for "登记生产经营主体"
text 侣俸织篢家庭农场
check "producer name typed" wait_for "侣俸织篢家庭农场"
kill -HUP "$(nj_pid)"
check "SIGHUP in the producer form: clean exit" wait_for "EXITED 0"
check "the registration is kept as a draft" [ "$(drafts producer 侣俸织篢家庭农场)" = 1 ]
check "no producer registered yet" [ "$(sql 'select count(*) from producers')" = 0 ]
e2e_restart
keys 4
wait_for "登记新主体" || fail "lookup again"
keys F2
check "the producer form offers the registration back" \
	wait_for "中断时未保存的主体登记?"
keys y
check "the name is back" wait_for "侣俸织篢家庭农场"
check "producer draft gone once taken back" [ "$(sql "select count(*) from drafts")" = 0 ]
keys F10
wait_for "放弃这条尚未保存的登记" && keys y
check "back on the lookup screen" wait_for "登记新主体"
e2e_done
