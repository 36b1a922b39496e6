#!/bin/sh
# The screens on PostgreSQL (issue 20 part 1): the real program in an
# 80x24 terminal with --db on the demo database migrated to a throw-away
# cluster (tests/pg/cluster.sh; SKIP when the server is not installed),
# doing a clerk's and a supervisor's day: a rapid-test record entered
# with Chinese text and saved (the town's next number), found in the
# list and corrected, the town's count on the dashboard one up, the
# lookup finding producers, a producer edited and then found by its new
# name and phone only, and the failed record's follow-up case given its
# first step. After each write the server's tables say what the screen
# said (psql).
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg/cluster.sh"
e2e_setup
out=$WORK/out
pg_start || e2e_done
nj init --demo > "$out" 2>&1 || { fail "init --demo"; sed 's/^/# /' "$out"; }
DBN=county OWNER=county_owner
psql_on postgres "$PG_SUPER" -c "CREATE ROLE $OWNER LOGIN CREATEROLE" || fail "createuser"
psql_on postgres "$PG_SUPER" -c "CREATE DATABASE $DBN ENCODING 'UTF8' TEMPLATE template0 OWNER $OWNER" || fail "createdb"
URL=$(pg_url $DBN $OWNER)
nj migrate-to "$URL" > "$out" 2>&1 || { fail "migrate-to"; sed 's/^/# /' "$out"; e2e_done; }
pq() { psql_on $DBN $OWNER -c "$1" 2>&1; }
# The SQLite file is out of the way: every screen below must read and
# write the server (a write that went to the file would show there).
mv "$DB" "$WORK/sqlite.db"
sqlite_rows=$(sqlite3 -batch "$WORK/sqlite.db" "SELECT count(*) FROM samples")

TOWN=侣俸镇
unit=$(pq "SELECT id FROM units WHERE name = '$TOWN'")
valid=$(pq "SELECT count(*) FROM samples WHERE status = 'valid' AND sample_date LIKE '2026-%'")
NO=TL2026-侣俸-$(printf %04d "$(pq "SELECT next_seq FROM counters WHERE unit_id = $unit AND year = 2026")")
# The ASan build in a pane: a diagnostic log catches a failed statement's text.
export NONGJIAN_LOG=$WORK/diag.log
e2e_start 80 24 xterm "--db '$URL'"
check "the main menu on PostgreSQL" wait_for "1  录入抽样检测记录"
check "it counts the server's records of the year ($valid)" shows "2026 年度有效记录 $valid 条"

# The dashboard's row for the town, before.
dash_count() { screen | grep -E "^[> ]$TOWN " | head -1 | sed 's/^[> ][^ ]* *\([0-9]*\)\/.*/\1/'; }
dash_count_is() { [ "$(dash_count)" = "$1" ]; }
keys 3
check "the dashboard opens" wait_for "完成/目标"
town_row_now() { screen | grep -qE "^[> ]$TOWN "; }
check "and shows the town" poll town_row_now
before=$(dash_count)
check "the town's count is a number ($before)" test -n "$before" -a "$before" -ge 0
keys F10
wait_for "1  录入抽样检测记录" || fail "menu after the dashboard"

# A clerk's record, as in entry.sh.
P=侣俸镇织篢蔬菜专业合作社
keys 1
check "the entry form opens" wait_for "抽样日期  2026-06-15"
keys Tab
text "侣"
check "typing 侣 offers $TOWN" wait_for "候选: 1 $TOWN"
keys 1
check "digit 1 fills the town" wait_for "检测单位  $TOWN"
keys Enter Tab
text "$P"
check "the producer shows as typed" wait_for "受检主体  $P"
keys Tab
text "豇"
check "typing 豇 offers 豇豆 (the server's products)" wait_for "候选: 1 豇豆"
keys 1
check "the category is filled from the server's table" wait_for "产品类别  蔬菜"
keys Enter
check "stage candidates" wait_for "候选: 1 生产基地 2 采收前"
keys 8
check "digit 8 picks 农贸市场" wait_for "抽样环节  农贸市场"
keys Enter Tab Tab
text "张三、李四"
keys Tab
text "王五"
keys Tab
check "the method from the category" cursor_on "检测方法  酶抑制法"
keys Tab
text "55"
check "the live verdict" wait_for "判定: 阳性"
keys F2
check "F2 saves with the town's next number on the server ($NO)" wait_for "已保存 $NO"
row=$(pq "SELECT s.producer, s.product, s.category, s.verdict, s.inhibition, s.stage, s.samplers, s.tester, s.kind,
  s.sample_date, u.name, s.created_by, s.version FROM samples s JOIN units u ON u.id = s.unit_id WHERE s.sample_no = '$NO'")
check "the server's row is as typed ($row)" \
	test "$row" = "$P|豇豆|蔬菜|fail|55|农贸市场|张三、李四|王五|rapid|2026-06-15|$TOWN|root|1"
check "its audit row" test "$(pq "SELECT count(*) FROM audit WHERE entity LIKE '%$NO%'")" = 1
check "the failed record opened its follow-up case" \
	test "$(pq "SELECT count(*) FROM followup_cases c JOIN samples s ON s.id = c.sample_id WHERE s.sample_no = '$NO'")" = 1
check "nothing was written to the SQLite file" test ! -e "$DB" -a \
	"$(sqlite3 -batch "$WORK/sqlite.db" "SELECT count(*) FROM samples")" = "$sqlite_rows"
keys F10
wait_for "1  录入抽样检测记录" || fail "menu after the entry"
check "the menu counts it" shows "2026 年度有效记录 $((valid + 1)) 条"

# The list: the newest first; open and correct it (a supervisor's fix).
keys 2
check "the list opens on the server's records" wait_for "共 $((valid + 1)) 条"
check "the new record is the first row" line_has 4 "$NO  2026-06-15 $TOWN"
keys Enter
check "Enter opens it for correction" wait_for "$NO  第1版"
check "with the stored inhibition" shows "抑制率(%)  55"
keys NPage Up Up    # the last field (抽样地点), 备注, up past 不适用 fields to 抑制率
keys C-u
text "60"
keys F2
check "saving asks for the reason" wait_for "更正原因"
text "抄录错误"
keys Enter
check "the correction is saved" wait_for "已保存更正 (第2版)"
keys F5
check "the history shows it" wait_for "抑制率(%): 55 → 60  原因: 抄录错误"
keys Escape
wait_for "F2保存更正" || fail "back in the correction"
check "the server's row is version 2 with 60" \
	test "$(pq "SELECT version || ' ' || inhibition || ' ' || verdict FROM samples WHERE sample_no = '$NO'")" = "2 60 fail"
check "and its history row" test "$(pq "SELECT c.field || ':' || c.old_value || '>' || c.new_value || ':' || c.reason
  FROM sample_changes c JOIN samples s ON s.id = c.sample_id WHERE s.sample_no = '$NO'")" = "inhibition:55>60:抄录错误"
check "and the audit row of the correction" test "$(pq "SELECT count(*) FROM audit WHERE entity LIKE '%$NO%'")" = 2
keys F10
check "back in the list, the row shows 60%" wait_for "60%     阳性"
# A filter on the list: the town, through F3's form, is a statement of its own.
keys '#'
check "# opens the number search" wait_for "查找样品编号"
text "侣俸-$(echo "$NO" | sed 's/.*-//')"
keys Enter
check "the number search finds it alone" wait_for "共 1 条"
check "... this one" line_has 4 "$NO"
keys F10
wait_for "1  录入抽样检测记录" || fail "menu after the list"

# The dashboard: one more for the town.
keys 3
check "the dashboard again" wait_for "完成/目标"
check "the town's count went up by one ($before → $((before + 1)))" poll dash_count_is $((before + 1))
keys F10
wait_for "1  录入抽样检测记录" || fail "menu after the dashboard"

# The lookup: producers by initials, then one edited.
producers=$(pq "SELECT count(*) FROM producers")
keys 4
check "the lookup counts the server's registry" wait_for "名录共 $producers 个主体"
text "lfz"
check "pinyin initials find producers" wait_for "拼音首字母"
E=$(pq "SELECT name FROM producers WHERE unit_id = $unit AND kind = 'base' ORDER BY id LIMIT 1")
eid=$(pq "SELECT id FROM producers WHERE name = '$E' ORDER BY id LIMIT 1")
keys C-u
text "$E"
check "its name finds $E" wait_for "找到"
check "and lists it" shows "$E"
keys Enter
check "Enter shows its page" wait_for "主体名称: $E"
keys 1
check "1 opens its form" wait_for "修改主体登记信息"
N=侣俸周氏绿色果蔬基地
keys C-u
text "$N"
keys Tab Tab Tab Tab Tab Tab     # 主体类型 镇街 村 地址 联系人 → 联系电话
text "135-1234-0000"
keys F2
check "the edit is saved" wait_for "已保存修改 (第 2 版)"
check "the server's producer has its new name and phone" \
	test "$(pq "SELECT name || ' ' || phone || ' ' || version FROM producers WHERE id = $eid")" = "$N 135-1234-0000 2"
check "and the changes' rows (name, phone)" \
	test "$(pq "SELECT string_agg(field, ' ' ORDER BY field) FROM producer_changes WHERE producer_id = $eid")" = "name phone"
check "its lookup keys were written at the save (nothing queued)" \
	test "$(pq "SELECT count(*) FROM producer_search_pending")" = 0
keys Escape
check "back in the lookup" wait_for "查找:"
keys C-u
text "周氏绿色"
check "the new name finds it" wait_for "找到 1 个"
check "... this one" shows "$N"
keys C-u
text "12340000"
check "so do the phone's digits" wait_for "找到 1 个"
check "... the same one" shows "$N"
keys C-u
text "$E"
check "the old name no longer does" wait_for "没有找到 \"$E\""
keys F10
wait_for "1  录入抽样检测记录" || fail "menu after the lookup"

# The follow-up of the failed record: its first step.
keys 9
check "the follow-up screen opens" wait_for "未结案"
keys t
check "t asks for a town" wait_for "按镇街筛选"
text "$TOWN"
keys Enter
check "the town's cases" wait_for "   $TOWN   逾期的在前"
check "the new record's case is listed" shows "$NO"
# Its row: Down until the cursor is on it.
row_no=$(screen | grep -n -F "$NO" | head -1 | cut -d: -f1)
i=4
while [ "$i" -lt "${row_no:-4}" ]; do keys Down; i=$((i + 1)); done
check "the cursor is on it" line_is "$row_no" ">$NO"
keys Enter
check "Enter opens the case" wait_for "样品编号: $NO   镇街: $TOWN   抽样日期: 2026-06-15"
check "... waiting for its re-test" shows "处置状态: 待复检"
keys Enter
check "Enter opens the step form with 复检" wait_for "步骤  复检"
keys Enter C-u
text 6-15
keys Enter
text 30
keys F2
check "复检 recorded" wait_for "已登记第 1 步 复检"
check "the state moves on" shows "处置状态: 待送检确证"
check "the server has the step" test "$(pq "SELECT st.step || ' ' || st.step_date || ' ' || st.result FROM followup_steps st
  JOIN followup_cases c ON c.id = st.case_id JOIN samples s ON s.id = c.sample_id WHERE s.sample_no = '$NO'")" = \
	"retest 2026-06-15 抑制率 30%"
check "and the case waits for its confirmation" test "$(pq "SELECT f.wait_for FROM followup_states f JOIN followup_cases c ON c.id = f.case_id
  JOIN samples s ON s.id = c.sample_id WHERE s.sample_no = '$NO'")" = confirm
keys F10
keys F10
wait_for "1  录入抽样检测记录" || fail "menu at the end"
keys F10
check "the program ends normally" wait_for "EXITED 0"
check "no statement failed on the server" sh -c "! grep -E 'ERROR|失败' '$WORK/diag.log'"
grep -E 'ERROR|失败' "$WORK/diag.log" | head -5 | sed 's/^/# /'
e2e_done
