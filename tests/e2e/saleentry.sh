#!/bin/sh
# A shop clerk enters a day's restricted-pesticide sales on the screen
# (issue 17): main menu 6, the shop and date stay for the next sale, a
# buyer under 18 is refused beside the field and nothing is saved, the
# corrected one is; then F3 finds the buyer by pinyin initials. 80x24,
# real Chinese (a rare character: 织篢村).
. "$(dirname "$0")/lib.sh"
e2e_setup
nj producer add 名称=侣俸镇惠农农资店 主体类型=农资店 镇街=侣俸镇 定点经营=是 许可证号=渝农药经营500151001 \
	> /dev/null || fail "a designated shop"

e2e_start 80 24 xterm
check "the main menu offers the ledger" wait_for "6  限用农药实名购买登记与查询"
keys 6
check "the entry form opens" wait_for "限用农药实名购买登记"
check "... with the restricted pesticides counted and named" shows "限用农药 $(sql "select count(*) from pesticides where status = 'restricted'") 种: 克百威"

tab() { keys Tab; }
# One sale from the buyer's field on: buyer, ID, credit code, phone,
# village, pesticide, registration, quantity; then F2.
sale() { # buyer id village pesticide quantity
	text "$1"; tab; text "$2"; tab; tab; tab; text "$3"; tab; text "$4"; tab; tab; text "$5"; keys F2
}
text "侣俸镇惠农农资店"; tab; tab
check "the cursor is on 购买人" cursor_on "购买人"
sale 张三 500223198001011239 织篢村 克百威 2
check "the first sale is saved" wait_for "已保存 #1  张三 克百威 2kg"
check "the shop stays for the next sale" line_has 3 "侣俸镇惠农农资店"
check "the cursor is back on 购买人" cursor_on "购买人"
sale 李四 500223197505053219 石鱼村 毒死蜱 1.5
check "the second sale is saved" wait_for "已保存 #2  李四 毒死蜱 1.5kg"
sale 小明 500223201001011233 双河村 克百威 1
check "a buyer under 18 is refused on the screen" wait_for "未满 18 周岁"
check "... and nothing saved" test "$(sql "select count(*) from sales")" = 2
check "the cursor goes to 身份证号" cursor_on "身份证号"
keys C-u; text "500223197001011234"; keys F2
check "the corrected sale is saved" wait_for "已保存 #3  小明 克百威 1kg"
check "a day's three sales are in the database" \
	test "$(sql "select group_concat(buyer || ':' || pesticide || ':' || sale_date || ':' || village, ',') from sales")" = \
	"张三:克百威:2026-06-15:织篢村,李四:毒死蜱:2026-06-15:石鱼村,小明:克百威:2026-06-15:双河村"
check "all under the shop's town" test "$(sql "select count(*) from sales s join units u on u.id = s.unit_id where u.name = '侣俸镇'")" = 3

# F8: the sale just saved was a mistake.
sale 周九 500223197505053219 双河村 克百威 1
check "a fourth sale is saved" wait_for "已保存 #4  周九"
keys F8
check "F8 asks why" wait_for "作废原因 (销售 #4)"
text "录入错误"; keys Enter
check "the last sale is voided, kept" wait_for "已作废 #4"
check "... in the database with its reason" test "$(sql "select status || ':' || void_reason from sales where id = 4")" = "void:录入错误"

keys F3
check "F3 asks for the buyer" wait_for "拼音首字母"
text "zs"; keys Enter
check "the buyer is found by initials" wait_for '购买人 "zs": 1 条销售记录'
check "... 张三's sale with the shop" shows "张三"
check "... and the rare-character village" shows "织篢村"
check "... not 李四" lacks "李四"
check "the admin sees the ID in full (audited)" shows "500223198001011239"
check "the full view is in the audit trail" \
	test "$(sql "select count(*) from audit where action = 'sale.view' and after like '%zs%'")" = 1
keys Escape
check "back in the form" wait_for "F3按购买人查找"
keys F10
check "back in the main menu" wait_for "6  限用农药实名购买登记与查询"

# The dashboard's 限用农药 tab: a row per 镇街 (designated shops that
# recorded sales / designated shops, sales, buyers in several shops);
# Enter: the town's sales by pesticide and month.
keys 3
check "the dashboard opens" wait_for "[定性检测]"
keys BTab BTab            # Shift-Tab from the first tab: 限用农药 is the last but one (处置率 follows)
check "the last tab is 限用农药" wait_for "[限用农药]"
check "侣俸镇: its one designated shop recorded sales, 3 of them, no buyer in several shops" \
	line_is 4 "侣俸镇 *1/1 *100.0%.* 3 *0 "
keys Enter
check "Enter: the town's sales by pesticide and month" wait_for "侣俸镇惠农农资店  克百威 合计 3kg (2 笔)：6月 3"
keys Escape
check "back on the tab" wait_for "[限用农药]"
keys b
check "the bulletin opens" wait_for "季度通报"
keys End
check "the bulletin has the ledger's section" wait_for "限用农药实名购买 ("
e2e_done
