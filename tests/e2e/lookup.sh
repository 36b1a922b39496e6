#!/bin/sh
# End-to-end: the producer registry as a new user meets it. Three producers
# registered on the command line (one rated C, which lists it); the lookup
# screen finds it by its pinyin initials and shows 黑名单; sample entry
# offers it by initials, warns before saving and links the record to it;
# 'nongjian lookup' agrees.
. "$(dirname "$0")/lib.sh"
e2e_setup
quiet() { "$@" > /dev/null; }

# --- the command line -----------------------------------------------------
out=$(nj producer add 名称=张三农场 主体类型=家庭农场 镇街=侣俸镇 "村(社区)=白龙村" 联系电话=13812345678)
check "producer add prints the number (got: $out)" [ "$(printf '%s' "$out" | cut -f1)" = 1 ]
check "producer add 李四合作社 with a credit code" \
	quiet nj producer add name=李四合作社 kind=合作社 town=土桥镇 credit_code=91500151MA5U4XXX01
check "producer add 王五 with an ID number (GB 11643 example)" \
	quiet nj producer add name=王五 kind=小农户 town=安居镇 id_number=11010519491231002x
err=$(nj producer add name=错码公司 kind=企业 town=土桥镇 credit_code=91500151MA5U4XXX02 2>&1); rc=$?
check "a wrong check character is refused (exit $rc)" [ $rc = 1 ]
case $err in *统一社会信用代码*91500151MA5U4XXX02*校验位*) ok "the message names the wrong code" ;;
	*) fail "message for a wrong code: $err" ;; esac
err=$(nj producer add name=另一家 kind=企业 town=巴川街道 credit_code=91500151MA5U4XXX01 2>&1); rc=$?
check "a duplicate credit code is refused (exit $rc)" [ $rc = 1 ]
case $err in *已登记*李四合作社*) ok "the message names who holds the code" ;; *) fail "duplicate message: $err" ;; esac
check "the same name in another town is allowed" quiet nj producer add name=张三农场 kind=家庭农场 town=安居镇

out=$(nj rate 1 C --reason "两次抽检不合格，拒不整改")
case $out in *"评为 C 级"*列入黑名单*) ok "rating C lists it: $out" ;; *) fail "rate output: $out" ;; esac

out=$(nj lookup zsnc); rc=$?
check "nj lookup zsnc exits 0 (got $rc)" [ $rc = 0 ]
line=$(printf '%s\n' "$out" | grep '侣俸镇')
case $line in 黑名单*张三农场*侣俸镇*) ok "nj lookup says 黑名单 for 张三农场 (侣俸镇)" ;;
	*) fail "lookup line: $out" ;; esac
line=$(printf '%s\n' "$out" | grep '安居镇')
case $line in 正常*张三农场*安居镇*) ok "the 张三农场 of 安居镇 is 正常" ;; *) fail "lookup line: $out" ;; esac
nj lookup qqqq > /dev/null 2>&1; rc=$?
check "nj lookup of a non-match exits 1 (got $rc)" [ $rc = 1 ]
out=$(nj lookup 5U4XXX)
case $out in 正常*李四合作社*) ok "lookup by part of a credit code" ;; *) fail "code lookup: $out" ;; esac
out=$(nj lookup 19491231)
case $out in 正常*王五*) ok "lookup by part of an ID number" ;; *) fail "ID lookup: $out" ;; esac
out=$(nj lookup 2345678)
case $out in 黑名单*张三农场*) ok "lookup by part of a phone number" ;; *) fail "phone lookup: $out" ;; esac
out=$(nj blacklist 2>/dev/null)
case $out in *张三农场*C评级*两次抽检不合格*) ok "nj blacklist lists it" ;; *) fail "blacklist: $out" ;; esac
bom=$(nj blacklist --csv | head -c 3 | od -An -tx1 | tr -d ' ')
check "blacklist --csv starts with a UTF-8 BOM ($bom)" [ "$bom" = efbbbf ]

# --- the lookup screen ----------------------------------------------------
e2e_start 80 24 xterm
check "menu offers the lookup" wait_for "主体名录与黑名单查询"
item=$(screen | grep '主体名录与黑名单查询' | sed 's/^ *\([0-9]\).*/\1/')
keys "$item"
check "lookup screen opens" wait_for "查找:"
text "zs"
check "typing zs already finds 张三农场" wait_for "张三农场"
text "nc"
check "zsnc: 2 found" wait_for "找到 2 个"
row=$(screen | grep '张三农场' | grep '侣俸镇')
case $row in *"[黑名单]"*) ok "the row of 张三农场 (侣俸镇) shows [黑名单]" ;; *) fail "row: $row" ;; esac
row=$(screen | grep '张三农场' | grep '安居镇')
case $row in *"[正常]"*) ok "the row of 张三农场 (安居镇) shows [正常]" ;; *) fail "row: $row" ;; esac
keys C-u
text "5U4X"
check "part of a credit code finds 李四合作社" wait_for "李四合作社"
keys C-u
text "zsnc"
wait_for "找到 2 个" > /dev/null
# The blacklisted one sorts by name with the other; select it and open it.
first=$(screen | grep -n '\[.*\] *张三农场' | head -1 | grep -c '侣俸镇')
[ "$first" = 1 ] || keys Down
keys Enter
check "Enter opens the producer's page" wait_for "主体: 张三农场 (侣俸镇)"
check "its page says [黑名单]" shows "[黑名单]"
check "with the rating history" shows "未评级 → C  两次抽检不合格"
check "and the listing" shows "[在列] C评级"
keys Escape
check "back to the lookup" wait_for "查找:"
keys F10
check "back to the menu" wait_for "录入抽样检测记录"

# --- sample entry ---------------------------------------------------------
keys 1
check "entry form opens" wait_for "抽样日期  2026-06-15"
keys Tab
text "lf"
check "town candidates match pinyin initials: lf offers 侣俸镇" wait_for "侣俸镇"
keys 1
check "digit 1 picks 侣俸镇" wait_for "检测单位  侣俸镇"
keys Enter Tab
text "zsnc"
check "producer candidates come from the registry with the village and the status" wait_for "张三农场 侣俸镇白龙村 [黑名单]"
check "producer candidates are not numbered before Down" wait_for "候选 (按 ↓ 选择):"
keys Down
check "Down numbers them" wait_for "候选: >1 "
cand=$(screen | grep '候选:' | sed 's/.*\([1-9]\) *张三农场 侣俸镇.*/\1/')
keys "$cand"
check "picking puts the bare name in the field" wait_for "受检主体  张三农场"
check "a warning line before saving" wait_for "警告: 该主体在黑名单中"
keys Enter
text "豇"
keys 1
check "豇豆 picked" wait_for "样品名称  豇豆"
keys Enter
wait_for "候选: 1" > /dev/null
keys 1                # 抽样环节 生产基地
keys Enter Tab Tab    # 抽样地点, 抽样数量 -> 抽样人
text "张三、李四"
keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
text "30"
keys F2
check "saved" wait_for "已保存 TL2026-侣俸-0001"
pid=$(sql "select producer_id from samples where sample_no = 'TL2026-侣俸-0001'")
check "the sample is linked to producer 1 (got '$pid')" [ "$pid" = 1 ]
keys F10
wait_for "录入抽样检测记录" > /dev/null

# --- one town, one name, two villages ---------------------------------------
# A town may register the same name in two villages; the clerk must see
# which is which, in the lookup and in the entry form's candidates.
twin=$(nj producer add 名称=张三农场 主体类型=家庭农场 镇街=侣俸镇 "村(社区)=石桥村" | cut -f1)
check "a second 张三农场 in 侣俸镇, in 石桥村 (id $twin)" [ -n "$twin" ]
keys "$item"
wait_for "查找:" > /dev/null
text "zsnc"
check "the lookup finds the three 张三农场" wait_for "找到 3 个"
check "the 侣俸镇 twins show their villages: 白龙村" shows "张三农场 (白龙村)"
check "and 石桥村" shows "张三农场 (石桥村)"
row=$(screen | grep '张三农场' | grep '安居镇')
case $row in *"张三农场 ("*) fail "the one in 安居镇 has no twin, yet shows a village: $row" ;;
*) ok "the one in 安居镇, without a twin, shows the bare name" ;; esac
keys F10
wait_for "录入抽样检测记录" > /dev/null
keys 1
check "the form keeps the unit of the last save" wait_for "检测单位  侣俸镇"
keys Tab Tab Tab
text "zsnc"
keys Down
check "the candidates tell the twins apart: 石桥村" wait_for "张三农场 侣俸镇石桥村"
check "and 白龙村" shows "张三农场 侣俸镇白龙村 [黑名单]"
# The candidates wrap onto a second line: read them all.
cand=$(screen | sed -n '/候选:/,/^ *$/p' | tr '\n' ' ' | sed 's/.*\([1-9]\) *张三农场 侣俸镇石桥村.*/\1/')
check "石桥村's candidate has a number (got '$cand')" [ "${#cand}" = 1 ]
keys "$cand"
check "picking puts its bare name in the field" wait_for "受检主体  张三农场"
check "and gives no blacklist warning: it is not the listed one" lacks "警告: 该主体在黑名单中"
keys Enter
text "豇"
keys 1
wait_for "样品名称  豇豆" > /dev/null
keys Enter
wait_for "候选: 1" > /dev/null
keys 1
check "the samplers of the last save are kept" wait_for "抽样人  张三、李四"
keys Enter Tab Tab Tab Tab Tab
text "30"
# The same town, date, name, product and result as 0001, but another
# registered producer: not a repeat, so no 已有相同的记录 question.
keys F2
check "saved without asking whether it repeats 0001" wait_for "已保存 TL2026-侣俸-0002"
pid=$(sql "select producer_id from samples where sample_no = 'TL2026-侣俸-0002'")
check "the sample is linked to the 石桥村 张三农场 (got '$pid', want '$twin')" [ "$pid" = "$twin" ]
keys F10
wait_for "录入抽样检测记录" > /dev/null
keys 0
check "program exits cleanly" wait_for "EXITED 0"

out=$(nj producer show 1)
case $out in *抽检记录*TL2026-侣俸-0001*豇豆*) ok "producer show lists its sample" ;; *) fail "show: $out" ;; esac
check "nj lookup still exits 0 for zsnc" quiet nj lookup zsnc
e2e_done
