#!/bin/sh
# End-to-end: the 检打联动 screen (80x24, xterm, real Chinese). The list
# puts overdue cases first, then by deadline; one positive rapid test is
# followed on the screen from 阳性 to 结案 through the step form (复检,
# 送检确证, 确证结果 against a quantitative record, 处置 监督销毁 with its
# quantity, 立案查处 voided with a reason, 结案), with a refusal shown
# beside its field, a draft kept when the link drops and offered back,
# and the database read after each step. Staff see their own town only.
. "$(dirname "$0")/lib.sh"
export NONGJIAN_TODAY=2026-06-10
e2e_setup

steps() { sql "select count(*) from followup_steps where status = 'valid'"; }

P=侣俸镇织篢蔬菜专业合作社
nj producer add 名称=$P 主体类型=合作社 镇街=侣俸镇 > /dev/null || fail "producer add"
NO=$(nj add 镇街=侣俸镇 样品名称=豇豆 inhibition=62 抽样人=张三 stage=农贸市场 date=2026-06-01 producer=$P | cut -f1)
LATE=$(nj add 镇街=土桥镇 样品名称=芹菜 inhibition=70 抽样人=张三 stage=农贸市场 date=2026-06-10 | cut -f1)
Q=$(nj add 镇街=区检测中心 抽样地点=侣俸镇 kind=监督抽查 样品名称=豇豆 item=毒死蜱 value=0.5 limit=0.02 \
	抽样人=张三、李四 stage=农贸市场 date=2026-06-04 producer=$P | cut -f1)
check "three cases opened by the saves" [ "$(sql "select count(*) from followup_cases")" = 3 ]

e2e_restart
keys 9
check "the screen opens from the main menu" wait_for "未结案 3 件 (其中逾期 2 件)"
check "overdue first: the retest due 06-02" line_is 4 ">$NO .*阳性 *待复检 *逾期 06-02"
check "then the quantitative case due 06-07" line_is 5 "$Q .*不合格 *待处置 *逾期 06-07"
check "then by deadline: today's sample, due 06-11" line_is 6 "$LATE .*待复检 *06-11 前"

keys Enter
check "Enter opens the case with its sample" wait_for "样品编号: $NO   镇街: 侣俸镇   抽样日期: 2026-06-01"
check "... its producer and credit status" shows "受检主体: $P  [正常]  信用评级: 未评级"
check "... its state and what is late" shows "处置状态: 待复检  复检逾期 (应于 2026-06-02 前)"
check "... and the next step" shows "下一步: 复检"

# 复检: first dated before the sampling, refused beside the date.
keys Enter
check "Enter opens the step form with 复检 chosen" wait_for "步骤  复检"
keys Enter C-u
text 5-30
keys Enter
text 30
keys F2
check "a date before sampling is refused beside the field" wait_for "! 复检日期 2026-05-30 早于抽样日期 2026-06-01"
check "... nothing written" [ "$(steps)" = 0 ]
keys C-u
text 6-2
keys F2
check "复检 recorded" wait_for "已登记第 1 步 复检"
check "the page lists it with its result" shows "1. 2026-06-02 复检  结果: 抑制率 30%"
check "the state moves on" shows "处置状态: 待送检确证"
check "in the database" [ "$(sql "select step || ' ' || step_date || ' ' || result || ' ' || outcome from followup_steps")" = "retest 2026-06-02 抑制率 30% pass" ]
check "the first result is kept (阳性)" [ "$(sql "select verdict || inhibition from samples where sample_no = '$NO'")" = "fail62.0" ]

# 送检确证: the date kept from the last step.
keys Enter
check "next: 送检确证 chosen" wait_for "步骤  送检确证"
check "the date typed last is kept" shows "日期  2026-06-02"
keys Enter Enter
text 区农产品质量安全检测中心
keys F2
check "送检确证 recorded" wait_for "已登记第 2 步 送检确证"
check "lab stored" [ "$(sql "select lab from followup_steps where step = 'confirm'")" = 区农产品质量安全检测中心 ]

# 确证结果 typed when the link drops: kept as a draft, offered back.
keys Enter
check "next: 确证结果" wait_for "步骤  确证结果"
keys Enter C-u
text 6-5
keys Enter
text "$Q"
check "the reference typed" wait_for "确证样品编号  $Q"
kill -HUP "$(nj_pid)"
check "SIGHUP in the step form: clean exit" wait_for "EXITED 0"
check "the step is kept as a draft" [ "$(sql "select count(*) from drafts where form = 'followup' and data like '%$Q%'")" = 1 ]
check "... and not recorded" [ "$(steps)" = 2 ]
e2e_restart
keys 9
wait_for "未结案 3 件" || fail "list again"
check "overdue cases by deadline: the quantitative one (06-07) before the confirmation (06-08)" \
	line_is 5 " $NO .*待确证结果 *逾期 06-08"
keys Down Enter
wait_for "下一步: 确证结果" || fail "case again"
keys Enter
check "the draft is offered back" wait_for "中断时未保存的步骤 ($NO)?"
keys y
check "with the reference" wait_for "确证样品编号  $Q"
keys F2
# A 监督抽查 confirmed the failure: the credit rules are asked, not applied silently.
check "the confirmation by a 监督抽查 asks about the producer's rating" \
	wait_for "监督抽查不合格已确证"
keys y
check "确证结果 recorded, the producer rated C and listed" wait_for "已登记第 3 步 确证结果；已把 $P 评为 C 级，已列入黑名单"
check "... in the database" [ "$(sql "select rating from producers")" = C ]
check "... with a listing" [ "$(sql "select count(*) from blacklist where lifted_at is null")" = 1 ]
check "the page shows the producer blacklisted" shows "受检主体: $P  [黑名单"
check "the confirmation shows" shows "结果: 不合格 (确证)  确证样品: $Q"
check "the draft is gone" [ "$(sql "select count(*) from drafts")" = 0 ]

# The producer's page lists its cases.
keys p
check "p opens the producer's page with its cases" wait_for "检打联动案件"
check "... this one among them, with its state" shows "$NO  2026-06-01  豇豆  阳性  待处置"
keys F10
wait_for "下一步: 处置" || fail "back to the case"

# 处置 监督销毁 needs a quantity.
keys Enter
check "next: 处置" wait_for "步骤  处置"
keys Enter Enter
check "the kinds of disposal are candidates" wait_for "候选: 1 禁止上市 2 暂停销售 3 监督销毁"
keys 3 Enter F2
check "监督销毁 without a quantity is refused beside it" wait_for "数量  ____________  ! 数量 必须填写"
# Another step chosen: 数量 follows 处置方式 only while the step is 处置.
keys PgUp C-u
text 移
wait_for "候选: 1 移送公安" || fail "移送公安 candidate"
keys 1
check "with the step 移送公安, 数量 is not asked though 监督销毁 is still typed" wait_for "数量  (不适用)"
keys C-u
text 处
wait_for "候选: 1 处置" || fail "处置 candidate"
keys 1
check "back to 处置: 数量 is asked again" wait_for "数量  ____________"
keys Enter Enter Enter
text 50kg
keys F2
check "处置 recorded" wait_for "已登记第 4 步 处置"
check "state 已处置" shows "处置状态: 已处置"
check "stored: 监督销毁 50kg" [ "$(sql "select action || ' ' || quantity from followup_steps where step = 'dispose'")" = "destroy 50kg" ]

# 立案查处, then voided as entered in error (kept, with its reason).
keys Enter
check "next suggested: 结案" wait_for "步骤  结案"
keys C-u
text 立
check "立案查处 is a candidate" wait_for "候选: 1 立案查处"
keys 1 Enter Enter
text "铜农执罚〔2026〕12号"
keys F2
check "立案查处 recorded" wait_for "已登记第 5 步 立案查处"
keys F8
check "F8 asks why the last step is voided" wait_for "作废第 5 步"
text 案件编号录错
keys Enter
check "voided" wait_for "已作废第 5 步"
check "the voided step stays on the page with its reason" shows "已作废: 案件编号录错"
check "kept in the database, voided" [ "$(sql "select status || ' ' || void_reason from followup_steps where step = 'case'")" = "void 案件编号录错" ]

keys Enter
check "next: 结案" wait_for "步骤  结案"
keys Enter Enter
text "已监督销毁，罚款 2000 元"
keys F2
check "结案 recorded" wait_for "已登记第 6 步 结案"
check "the case is closed" shows "处置状态: 已结案"
keys Enter
check "nothing after 结案" wait_for "已于 2026-06-05 结案"

check "the database holds the whole case in order" \
	[ "$(sql "select group_concat(step || ':' || status, ',') from (select step, status from followup_steps order by id)")" = \
	  "retest:valid,confirm:valid,result:valid,dispose:valid,case:void,close:valid" ]
check "every step and the voiding audited" [ "$(sql "select count(*) from audit where action like 'followup.%'")" = 7 ]

keys F10
check "back in the list: the closed case has left the open ones" wait_for "未结案 2 件"
lacks "$NO " || fail "closed case still listed"
keys o
check "o: overdue only" wait_for "逾期 1 件"
check "... the quantitative case" line_is 4 "$Q"
keys o
check "o: all cases" wait_for "全部 3 件"
check "the closed one among them" shows "$NO"
keys t
wait_for "按镇街筛选" || fail "town prompt"
keys C-u
text 土桥
keys Enter
check "t: one town" wait_for "全部 1 件 (其中逾期 0 件)   土桥镇"

# The dashboard's 处置率 tab: per unit closed / failed, worst first.
keys F10
wait_for "9  检打联动" || fail "back to the menu"
keys 3
wait_for "[定性检测]" || fail "dashboard"
keys BTab                 # Shift-Tab from the first tab: 处置率 is the last
check "the dashboard has a 处置率 tab" wait_for "[处置率"
check "worst first: the centre's open, overdue case (0/1)" line_is 4 "区检测中心 *0/1 *0.0%.* 1 *1 落后"
check "then the lowest 处置率: 土桥镇's case is open, not yet overdue" line_is 5 "土桥镇 *0/1 *0.0%.* 1 *0 落后"
check "侣俸镇 closed its case: 1/1, 100%" line_is 6 "侣俸镇 *1/1 *100.0%.* 0 *0 正常"
check "the total" line_is 22 "合计 *1/3 *33.3%"
keys Enter
check "Enter on a unit opens its cases" wait_for "未结案 1 件 (其中逾期 1 件)   区检测中心"
keys F10 b
wait_for "季度通报 (命令行" || fail "bulletin"
for page in 1 2 3 4 5; do shows_now "五、检打联动" && break; keys PgDn; settle; done
check "the bulletin (b) has the follow-up section" wait_for "五、检打联动"
keys F10 F10

# Staff see their own town's cases only.
tm_stop
nj user add njboss --name 老王 --role admin > /dev/null || fail "second admin"
nj user set "$(id -un)" --role staff --town 土桥镇 > /dev/null || fail "staff"
e2e_restart
keys 9
check "staff: only their town's case" wait_for "未结案 1 件"
check "... which is 土桥镇's" line_is 4 "$LATE"
lacks "$Q" || fail "staff sees another town's case"
e2e_done
