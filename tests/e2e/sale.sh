#!/bin/sh
# The restricted-pesticide sale ledger on the command line (issue 17):
# a designated 农资店, `nongjian sale add` and each refusal (exit 1, a
# message, nothing saved), list by buyer initials / ID / pesticide / date
# / village, CSV masked, correction with history, void, `producer show`
# listing a registered buyer's purchases; then, with real Unix users (root
# only), who sees an ID number in full: staff of the shop's town and a
# supervisor do (audited), staff of another town do not, and only a
# supervisor may export --full.
. "$(dirname "$0")/lib.sh"
has() { printf '%s' "$2" | grep -qF -- "$1"; }
ID_ZS=500223198001011239  # born 1980-01-01, check digit 9
ID_LS=500223197505053219  # born 1975-05-05
ID_KID=500223201001011233 # born 2010-01-01: 16 on 2026-06-15

e2e_setup
nj producer add 名称=侣俸镇惠农农资店 主体类型=农资店 镇街=侣俸镇 定点经营=是 许可证号=渝农药经营500151001 \
	许可日期=2024-03-01 > /dev/null || fail "a designated shop"
nj producer add 名称=土桥镇丰收农资店 主体类型=农资店 镇街=土桥镇 > /dev/null || fail "a shop not designated"
nj producer add 名称=李四 主体类型=种养大户 镇街=侣俸镇 身份证号=$ID_LS > /dev/null || fail "a registered grower"
check "the shop's designation and licence are kept" \
	test "$(sql "select designated || ' ' || licence_no || ' ' || licence_date from producers where id = 1")" = \
	"1 渝农药经营500151001 2024-03-01"
out=$(nj producer add 名称=王五 主体类型=农资店 镇街=侣俸镇 定点经营=是 2>&1); rc=$?
check "定点经营 without a licence number is refused ($out)" sh -c "[ $rc = 1 ] && printf '%s' '$out' | grep -qF 许可证号"

out=$(nj sale add 农资店=侣俸镇惠农农资店 日期=2026-06-14 购买人=张三 身份证号=$ID_ZS '村(社区)=双河村' \
	农药=克百威 数量=2 单位=kg 作物=水稻 2>&1); rc=$?
check "a sale is saved and its number printed ($out)" sh -c "[ $rc = 0 ] && printf '%s' '$out' | grep -q '^#1'"
nj sale add 农资店=1 日期=2026-05-02 购买人=李四 身份证号=$ID_LS '村(社区)=石鱼村' 农药=毒死蜱 数量=1.5 单位=L \
	> /dev/null || fail "a sale by the shop's number"
check "a registered buyer is linked by the ID number" test "$(sql "select buyer_producer_id from sales where id = 2")" = 3

refused() { # description, expected text, then sale add arguments
	d=$1 want=$2; shift 2
	before=$(sql "select count(*) from sales")
	out=$(nj sale add "$@" 2>&1); rc=$?
	check "$d: exit 1 with a reason ($out)" sh -c "[ $rc = 1 ] && printf '%s' '$out' | grep -qF -- '$want'"
	check "$d: nothing saved" test "$(sql "select count(*) from sales")" = "$before"
}
ok_args="农资店=侣俸镇惠农农资店 购买人=张三 单位=kg"
refused "a shop not designated" "不是限用农药定点经营门店" 农资店=土桥镇丰收农资店 购买人=张三 身份证号=$ID_ZS 农药=克百威 数量=1
refused "a wrong check digit" "校验位错误" $ok_args 身份证号=500223198001011238 农药=克百威 数量=1
refused "a buyer under 18" "未满 18 周岁" $ok_args 身份证号=$ID_KID 农药=克百威 数量=1
refused "a pesticide not in the list" "不在禁限用农药名录中" $ok_args 身份证号=$ID_ZS 农药=神农丹王 数量=1
refused "a 禁用 pesticide" "禁用农药" $ok_args 身份证号=$ID_ZS 农药=甲胺磷 数量=1
refused "a quantity of 0" "应大于 0" $ok_args 身份证号=$ID_ZS 农药=克百威 数量=0
refused "a quantity over the maximum" "sale.max_quantity" $ok_args 身份证号=$ID_ZS 农药=克百威 数量=60
refused "a future date" "晚于今天" $ok_args 身份证号=$ID_ZS 农药=克百威 数量=1 日期=2026-06-16
check "the 禁用 attempt is flagged in the audit trail" \
	test "$(sql "select count(*) from audit where action = 'sale.banned' and after like '%甲胺磷%'")" = 1
nj settings set sale.max_quantity 100 > /dev/null 2>&1 || fail "settings set sale.max_quantity"
out=$(nj sale add $ok_args 身份证号=$ID_ZS 农药=克百威 数量=60 2>&1)
check "the maximum is the database's setting (100 now allows 60: $out)" has "#3" "$out"

out=$(nj sale list --buyer zs 2>/dev/null)
check "list --buyer zs finds 张三 by initials" sh -c "printf '%s\n' '$out' | grep -c 张三 | grep -qx 2"
check "... and not 李四" sh -c "! printf '%s' '$out' | grep -qF 李四"
out=$(nj sale list --buyer $ID_LS 2>/dev/null)
check "list by ID number" sh -c "printf '%s' '$out' | grep -qF 李四 && ! printf '%s' '$out' | grep -qF 张三"
out=$(nj sale list --pesticide 毒死蜱 --since 2026-05-01 2>/dev/null)
check "by pesticide and period" sh -c "printf '%s' '$out' | grep -qF 李四 && ! printf '%s' '$out' | grep -qF 张三"
out=$(nj sale list --village 石鱼 2>/dev/null)
check "by village" sh -c "printf '%s' '$out' | grep -qF 李四 && ! printf '%s' '$out' | grep -qF 张三"
out=$(nj sale list --csv 2>/dev/null)
check "the CSV masks ID numbers" sh -c "printf '%s' '$out' | grep -qF '5002**********1239' && ! printf '%s' '$out' | grep -qF $ID_ZS"
out=$(nj sale list --csv --full 2>/dev/null)
check "an admin's --full export has them in full" has "$ID_ZS" "$out"
check "the full export is audited" test "$(sql "select count(*) from audit where action = 'sale.view' and after like '导出%'")" = 1

out=$(nj sale correct 1 --reason 数量记错 数量=3 2>&1)
check "a correction ($out)" has "第 2 版" "$out"
out=$(nj sale show 1 2>&1)
check "show keeps the history" has "数量: 2 → 3  原因: 数量记错" "$out"
out=$(nj sale correct 1 --reason 换店 农资店=土桥镇丰收农资店 2>&1); rc=$?
check "the shop of a sale is not changed ($out)" sh -c "[ $rc = 1 ]"
nj sale void 3 --reason 重复录入 > /dev/null || fail "void"
check "a voided sale is kept" test "$(sql "select status || ' ' || void_reason from sales where id = 3")" = "void 重复录入"
out=$(nj sale list 2>/dev/null)
check "the list leaves out voided sales" sh -c "! printf '%s' '$out' | grep -q '^#3'"
out=$(sqlite3 "$DB" "delete from sales where id = 1" 2>&1)
check "the database refuses to delete a sale" test "$(sql "select count(*) from sales where id = 1")" = 1
out=$(nj producer show 3 2>&1)
check "producer show lists the registered buyer's purchases" \
	sh -c "printf '%s' '$out' | grep -qF 限用农药购买记录 && printf '%s' '$out' | grep -qF '侣俸镇惠农农资店  毒死蜱 1.5L'"

# 检打联动: a failed sample of 李四 (石鱼村) shows the 毒死蜱 bought before it.
nj producer add 名称=石鱼村王五 主体类型=小农户 镇街=侣俸镇 '村(社区)=石鱼村' > /dev/null || fail "王五"
nj sale add 农资店=1 日期=2026-03-01 购买人=李四 身份证号=$ID_LS 农药=毒死蜱 数量=1 单位=L > /dev/null
nj sale add 农资店=1 日期=2026-06-01 购买人=李四 身份证号=$ID_LS '村(社区)=石鱼村' 农药=克百威 数量=1 > /dev/null
no=$(nj add 检测单位=区检测中心 抽样地点=侣俸镇 受检主体=石鱼村王五 样品名称=豇豆 检测类别=例行监测 检测项目=毒死蜱 \
	检测值=0.5 单位=mg/kg 限量值=0.02 抽样人=张三 抽样环节=生产基地 抽样日期=2026-06-10 --force 2>&1 | cut -f1)
out=$(nj followup show "$no" 2>&1)
check "followup show lists the village's 毒死蜱 purchase of the previous 90 days ($no)" \
	sh -c "printf '%s' '$out' | grep -qF "此前 90 天内相关的限用农药购买" && printf '%s' '$out' | grep -qF '#2  2026-05-02  李四 (石鱼村)'"
check "... not the one of 2026-03-01 (more than 90 days before)" sh -c "! printf '%s' '$out' | grep -qF 2026-03-01"
check "... nor 克百威 (another pesticide)" sh -c "! printf '%s' '$out' | grep -qF 克百威"

out=$(nj sale figures 2>&1 | tr -d "\r")
check "sale figures: 克百威 at the shop, 4 kg in June, voided sales left out" \
	sh -c "printf '%s\n' '$out' | grep -q '^侣俸镇	侣俸镇惠农农资店	克百威	kg	\(	\)*4	\(	\)*4	2$'"
check "sale figures: 毒死蜱 1 L in March, 1.5 L in May" sh -c "printf '%s\n' '$out' | grep -q '毒死蜱	L	\(	\)*1	\(	\)*1.5	\(	\)*2.5	2$'"

# Template, import, export.
nj template sales -o "$WORK/sales-template.csv" 2>/dev/null
check "the template's header is the sale form's labels" \
	grep -qF '农资店,销售日期,购买人,身份证号,统一社会信用代码,联系电话,村(社区),农药,登记证号,数量,单位,作物,面积(亩),备注' "$WORK/sales-template.csv"
before=$(sql "select count(*) from sales")
printf '%s\r\n' "农资店,销售日期,购买人,身份证号,村(社区),农药,数量,单位,作物" \
	"侣俸镇惠农农资店,2026-06-02,赵六,500223197001011234,双河村,氧乐果,2,瓶,柑橘" \
	"侣俸镇惠农农资店,2026-06-03,钱七,500223201001011233,双河村,克百威,1,kg,水稻" \
	"侣俸镇惠农农资店,2026-06-03,孙八,500223198001011239,双河村,甲胺磷,1,kg,水稻" > "$WORK/sales.csv"
out=$(nj import sales "$WORK/sales.csv" --report "$WORK/sales-report.csv" 2>&1); rc=$?
check "import sales: bad rows refuse the whole file by default (rc=$rc)" sh -c "[ $rc = 1 ] && [ $(sql "select count(*) from sales") = $before ]"
check "the report names the under-18 buyer and the banned pesticide" \
	sh -c "grep -qF 未满 '$WORK/sales-report.csv' && grep -qF 禁用农药 '$WORK/sales-report.csv'"
check "the refused import recorded no banned attempt (all or nothing)" \
	test "$(sql "select count(*) from audit where action = 'sale.banned' and after like '%孙八%'")" = 0
out=$(nj import sales "$WORK/sales.csv" --skip-bad 2>&1); rc=$?
check "--skip-bad imports the good row" test "$(sql "select count(*) from sales where buyer = '赵六' and pesticide = '氧乐果'")" = 1
check "... and records the 甲胺磷 attempt once, for the supervisors" \
	test "$(sql "select count(*) from audit where action = 'sale.banned' and after like '%孙八%甲胺磷%' or action = 'sale.banned' and after like '%甲胺磷%孙八%'")" = 1
out=$(nj import sales "$WORK/sales.csv" --skip-bad 2>&1)
check "importing it again adds nothing" test "$(sql "select count(*) from sales where buyer = '赵六'")" = 1
out=$(nj export sales 2>/dev/null)
check "export sales masks the ID numbers" sh -c "printf '%s' '$out' | grep -qF '5002**********1234' && ! printf '%s' '$out' | grep -qF 500223197001011234"
check "... and has the sales" sh -c "printf '%s' '$out' | grep -qF 赵六 && printf '%s' '$out' | grep -qF 氧乐果"

# ---- who sees an ID number: real logins (root only) ----
if [ "$(id -u)" != 0 ]; then
	echo "# skipped: the staff/supervisor part needs root to create users"
	e2e_done
fi
tag=$$
G=njsg$tag ADM=njsa$tag LF=njsl$tag TQ=njst$tag SUP=njss$tag
cleanup_users() { e2e_userdel "$G" $ADM $LF $TQ $SUP; }
trap 'cleanup_users; e2e_cleanup' EXIT
cleanup_users
e2e_shadow groupadd "$G" || { fail "groupadd"; e2e_done; }
for u in $ADM $LF $TQ $SUP; do e2e_useradd -M -U -G "$G" -s /bin/sh "$u" || fail "useradd $u"; done
e2e_group_layout "$G"
as "$ADM" init > /dev/null 2>"$WORK/err" || fail "init: $(cat "$WORK/err")"
as "$ADM" user add "$LF" --name 小李 --role staff --town 侣俸镇 > /dev/null || fail "user add staff 侣俸镇"
as "$ADM" user add "$TQ" --name 小王 --role staff --town 土桥镇 > /dev/null || fail "user add staff 土桥镇"
as "$ADM" user add "$SUP" --name 老赵 --role supervisor > /dev/null || fail "user add supervisor"
as "$ADM" producer add 名称=侣俸镇惠农农资店 主体类型=农资店 镇街=侣俸镇 定点经营=是 许可证号=X1 > /dev/null
out=$(as "$LF" sale add 农资店=1 购买人=张三 身份证号=$ID_ZS 农药=克百威 数量=2 单位=kg 2>&1)
check "侣俸镇 staff enter their shop's sale ($out)" has "#1" "$out"
out=$(as "$TQ" sale add 农资店=1 购买人=张三 身份证号=$ID_ZS 农药=克百威 数量=2 单位=kg 2>&1); rc=$?
check "土桥镇 staff may not enter a 侣俸镇 shop's sale" test $rc = 1
views() { sql "select count(*) from audit where action = 'sale.view' and login = '$1'"; }

out=$(as "$TQ" sale show 1 2>&1)
check "another town's staff see the ID masked" sh -c "printf '%s' '$out' | grep -qF '5002**********1239' && ! printf '%s' '$out' | grep -qF $ID_ZS"
out=$(as "$TQ" sale list 2>&1)
check "... in the list too" sh -c "printf '%s' '$out' | grep -qF '5002**********1239' && ! printf '%s' '$out' | grep -qF $ID_ZS"
check "... and nothing full was audited" test "$(views "$TQ")" = 0
out=$(as "$TQ" sale list --csv --full 2>&1); rc=$?
check "staff may not export --full ($out)" sh -c "[ $rc = 1 ] && ! printf '%s' '$out' | grep -qF $ID_ZS"
out=$(as "$LF" sale show 1 2>&1)
check "the shop's town's staff see it in full" has "$ID_ZS" "$out"
check "... audited" test "$(views "$LF")" = 1
out=$(as "$LF" sale list --csv 2>&1)
check "... but their export is masked" sh -c "! printf '%s' '$out' | grep -qF $ID_ZS"
out=$(as "$SUP" sale show 1 2>&1)
check "a supervisor sees it in full" has "$ID_ZS" "$out"
out=$(as "$SUP" sale list --csv --full 2>&1)
check "a supervisor exports --full" has "$ID_ZS" "$out"
check "both of the supervisor's full views are audited" test "$(views "$SUP")" = 2
e2e_done
