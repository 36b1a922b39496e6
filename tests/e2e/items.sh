#!/bin/sh
# End-to-end (issue 13): a 例行监测 sample with three items entered on the
# screen: 毒死蜱 with a typed limit, 镉 over the GB 2762 limit of the
# table, 甲胺磷 (禁用) not detected. The live verdict says 不合格, the
# record and its three item rows are in the database with their verdicts.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_start 80 24 xterm

check "menu" wait_for "1  录入抽样检测记录"
keys 1
check "entry form" wait_for "检测单位  "
keys Tab
text "区检"
check "区检 offers the centre" wait_for "候选: 1 区检测中心"
keys 1
keys Enter
check "检测类别 next" cursor_on "检测类别"
keys C-u
text "例行"
check "例行 offers 例行监测" wait_for "候选: 1 例行监测"
keys 1
check "例行监测 chosen" wait_for "检测类别  例行监测"
keys Enter Tab
text "番"
check "番 offers 番茄" wait_for "候选: 1 番茄"
keys 1
check "番茄 picked, 蔬菜 filled" wait_for "产品类别  蔬菜"
keys Enter
text "生产基地"
keys Enter
keys Tab Tab
text "张三、李四"
check "samplers typed" wait_for "抽样人  张三、李四"
keys NPage
check "the last field is 项目, its hint shown" wait_for "如 镉:0.15:mg/kg"
text "毒死蜱:0.03:mg/kg:0.5；镉:0.15；甲胺磷:未检出"
check "the live verdict names the failing item" wait_for "判定: 不合格：镉 超标"
keys Up
check "抽样地点 above it" cursor_on "抽样地点"
text "土桥"
check "土桥 offers 土桥镇" wait_for "候选: 1 土桥镇"
keys 1
keys F2
check "saved" wait_for "已保存 TL2026-区中心-0001"
check "saved as 不合格" shows "TL2026-区中心-0001  不合格"

row=$(sql "select kind, product, site_town, verdict, items_text from samples")
check "the record: $row" [ "$row" = "routine|番茄|土桥镇|fail|毒死蜱:0.03:mg/kg:0.5；镉:0.15:mg/kg；甲胺磷:未检出:mg/kg" ]
items=$(sql "select group_concat(item || '=' || coalesce(value_text, '未检出') || '/' || coalesce(limit_text, '') || '/' || limit_from || '/' || verdict || '/' || coalesce(reason, ''), ' ') from (select * from sample_items order by ord)")
check "three item rows: $items" [ "$items" = "毒死蜱=0.03/0.5/typed/pass/ 镉=0.15/0.05/table/fail/超标 甲胺磷=未检出//none/pass/" ]
check "镉's limit cites GB 2762" [ "$(sql "select count(*) from sample_items where item = '镉' and standard like 'GB 2762-2022%'")" = 1 ]
nj show TL2026-区中心-0001 > "$WORK/show.txt"
check "show lists 镉 over its limit" grep -qF "镉  0.15 mg/kg  限量 0.05 mg/kg  不合格 (超标)" "$WORK/show.txt"
check "show lists 甲胺磷 as not detected" grep -qF "甲胺磷  未检出" "$WORK/show.txt"
keys F10
wait_for "1  录入抽样检测记录" >/dev/null || wait_for "放弃" >/dev/null
keys 0
check "exit" wait_for "EXITED 0"
tm_stop

# The command line: 项目= repeated; what is wrong is said, nothing saved.
add() { nj add --force 检测单位=区检测中心 抽样地点=安居镇 检测类别=监督抽查 样品名称=黄瓜 抽样人=张三、李四 抽样环节=超市 "$@"; }
n0=$(sql "select count(*) from samples")
out=$(add 项目=毒死蜱:0.03 2>&1); rc=$?
check "an item with no limit in the table nor typed is refused (rc=$rc)" [ "$rc" = 1 ]
case $out in *"毒死蜱"*"限量"*) ok "saying so: $out" ;; *) fail "message: $out" ;; esac
out=$(add 项目=镉:0.03:mg/L 2>&1); rc=$?
case $out in *"mg/L"*"mg/kg"*) ok "a unit the limit cannot be compared with is refused: $out" ;; *) fail "unit: $out" ;; esac
out=$(add 项目=镉:0.03 检测项目=铅 检测值=0.1 限量值=0.2 2>&1); rc=$?
case $out in *"留空"*) ok "items and the one-item fields together are refused: $out" ;; *) fail "both: $out" ;; esac
check "nothing saved by the refusals" [ "$(sql "select count(*) from samples")" = "$n0" ]
check "and no item rows" [ "$(sql "select count(*) from sample_items")" = 3 ]
out=$(add 项目=镉:40:μg/kg 项目=汞:0.00000001:mg/kg:0 2>&1); rc=$?
check "μg/kg converted (40 μg/kg is within 0.05 mg/kg); 0.00000001 over 0: 不合格 ($out)" \
	[ "$rc" = 0 ] && [ "$out" = "TL2026-区中心-0002	不合格" ]
check "stored as typed and as a number" \
	[ "$(sql "select value_text || '|' || value || '|' || verdict from sample_items where item = '汞'")" = "0.00000001|1.0e-08|fail" ]

# A correction writes the new version's items; the old rows stay.
nj correct TL2026-区中心-0002 --reason 复核 项目=镉:40:μg/kg 项目=汞:未检出 > "$WORK/c.txt" 2>&1
check "corrected to 合格" grep -qF "合格" "$WORK/c.txt"
check "version 2 has its own rows, version 1's are kept" \
	[ "$(sql "select count(*) from sample_items i join samples s on s.id = i.sample_id where s.sample_no = 'TL2026-区中心-0002'")" = 4 ]
check "the sample is 合格 now" [ "$(sql "select verdict from samples where sample_no = 'TL2026-区中心-0002'")" = pass ]

nj export items -o "$WORK/items.csv" 2>/dev/null
check "export items: one row per current item (3 + 2)" [ "$(grep -c '^TL2026' "$WORK/items.csv")" = 5 ]
check "with its verdict and reason" grep -qF "TL2026-区中心-0001,镉,0.15,,mg/kg,0.05,mg/kg,限量表," "$WORK/items.csv"
e2e_done
