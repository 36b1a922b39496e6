#!/bin/sh
# The rules live in the database (issue 11 part 1). A hostile 土桥镇 login
# with a private copy of conf/ and forms/ tries what the issue lists; each
# attempt fails with a clear message and changes nothing, while the admin's
# `nongjian settings` changes a rule, audited, for everyone. Real Unix users
# (root in CI, as shared.sh); otherwise the test says so and checks nothing.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "# skipped: creating Unix users needs root"
	exit 0
fi
tag=$$
G=njrg$tag ADM=njra$tag STAFF=njrs$tag STRANGER=njrx$tag
cleanup_users() { e2e_userdel "$G" $ADM $STAFF $STRANGER; }
trap 'cleanup_users; e2e_cleanup' EXIT
cleanup_users # left over from an earlier run with the same PID
e2e_shadow groupadd "$G" || { fail "groupadd"; exit 1; }
for u in $ADM $STAFF $STRANGER; do e2e_useradd -M -U -G "$G" -s /bin/sh "$u" || fail "useradd $u"; done

# The group-writable layout (the documented fallback): the rules must hold
# even for logins that can write the database file.
e2e_group_layout "$G"

# The hostile login's private copy: everything that decides something
# changed, in a directory of its own.
EVIL=$WORK/evil
mkdir -p "$EVIL/conf"
cp -r "$ROOT/forms" "$EVIL/"
cp -r "$ROOT/conf/towns" "$ROOT/conf/products.csv" "$ROOT/conf/limits.csv" "$ROOT/conf/banned.csv" "$EVIL/conf/"
sed -e "s|^path = .*|path = $DB|" -e "s|^forms = .*|forms = $EVIL/forms|" \
	-e 's|^positive = .*|positive = 100|' -e 's|^warn = .*|warn = 99|' \
	-e 's|^format = .*|format = {prefix}{year}-侣俸-{seq}|' \
	-e 's|^rapid_default = .*|rapid_default = 1|' -e 's|^rapid_key = .*|rapid_key = 1|' \
	"$ROOT/conf/nongjian.ini" > "$EVIL/conf/nongjian.ini"
sed -i 's/^choices = 生产基地|/choices = 随便|生产基地|/' "$EVIL/forms/sample.ini"
echo "500151999000,织篢镇,镇" >> "$EVIL/conf/towns/tongliang.csv"
chmod -R a+rX "$EVIL"
grep -q '随便' "$EVIL/forms/sample.ini" || fail "the private form offers 随便 (test set-up)"

evil() { # user, then nongjian arguments (with the private copy)
	u=$1; shift
	runuser -u "$u" -- env LC_ALL=C.UTF-8 NONGJIAN_TODAY="$NONGJIAN_TODAY" ASAN_OPTIONS="$ASAN_OPTIONS" \
		UBSAN_OPTIONS="$UBSAN_OPTIONS" NONGJIAN_CONF="$EVIL/conf/nongjian.ini" "$WORK/app/nongjian" "$@"
}
has() { printf '%s' "$2" | grep -qF -- "$1"; }

as "$ADM" init >/dev/null 2>"$WORK/err" || fail "init by the admin: $(cat "$WORK/err")"
check "init stored the rules in the database" test "$(sql "select value from settings where scope = 'config' and sec = 'rapid' and key = 'positive'")" = 50
check "init stored the forms in the database" test "$(sql "select count(*) from settings where scope = 'form.sample'")" -gt 20
check "init stored the product list" test "$(sql "select count(*) from products")" -gt 10
as "$ADM" user add "$STAFF" --name 小李 --role staff --town 土桥镇 >/dev/null || fail "user add"
units=$(sql "select count(*) from units")

# 1. A private [rapid] positive = 100 does not make 95 % 合格.
out=$(evil "$STAFF" add 镇街=土桥镇 样品名称=菠菜 '抑制率(%)=95' 抽样人=小李 抽样环节=生产基地 2>&1); rc=$?
check "staff with a private conf/ still saves a sample ($out)" test $rc = 0
no=$(printf '%s' "$out" | cut -f1)
check "95 % inhibition is 不合格 by the database's threshold, not the private 100" \
	test "$(sql "select verdict from samples where sample_no = '$no'")" = fail
# 2. ... nor gives it a number of another town.
check "the number follows the database's format, not {prefix}{year}-侣俸-{seq} ($no)" test "$no" = TL2026-土桥-0001
# 3. A private form's choice 随便 is refused.
out=$(evil "$STAFF" add 镇街=土桥镇 样品名称=菠菜 '抑制率(%)=5' 抽样人=小李 抽样环节=随便 2>&1); rc=$?
check "a stage of 随便 from a private form is refused (exit 1)" test $rc = 1
check "the refusal names the field ($out)" has 抽样环节 "$out"
check "nothing was stored with 随便" test "$(sql "select count(*) from samples where stage = '随便'")" = 0
# 4. A private rapid_default = 1 and quota --year 2027 write no targets.
out=$(evil "$STAFF" quota --year 2027 --csv 2>&1); rc=$?
check "staff may look at 2027's figures (exit 0)" test $rc = 0
check "no 2027 target row was written by staff" test "$(sql "select count(*) from targets where year = 2027")" = 0
check "the figures use the database's targets (侣俸镇 800), not the private 1" \
	has "侣俸镇,定性检测,800," "$out"
# 5. An unregistered login adding a town to its towns CSV inserts nothing.
out=$(evil "$STRANGER" show "$no" 2>&1); rc=$?
check "an unregistered login is refused (exit 1)" test $rc = 1
check "and told to ask the admin ($out)" has 还没有登记 "$out"
check "no unit was inserted for it" test "$(sql "select count(*) from units")" = "$units"
check "织篢镇 is not in the database" test "$(sql "select count(*) from units where name = '织篢镇'")" = 0
# A registered login's private towns list adds nothing either.
evil "$STAFF" show "$no" >/dev/null 2>&1
check "staff's private towns list adds no unit" test "$(sql "select count(*) from units")" = "$units"
# 6. 土桥镇 staff cannot move a producer into 侣俸镇.
as "$STAFF" producer add 名称=张三农场 主体类型=家庭农场 镇街=土桥镇 >/dev/null 2>"$WORK/err" ||
	fail "staff registers a 土桥镇 producer: $(cat "$WORK/err")"
out=$(as "$STAFF" producer edit 1 镇街=侣俸镇 2>&1); rc=$?
check "producer edit 1 镇街=侣俸镇 by 土桥镇 staff is refused (exit 1)" test $rc = 1
check "the refusal names their own town ($out)" has "本单位 (土桥镇)" "$out"
check "the producer is still in 土桥镇" \
	test "$(sql "select u.name from producers p join units u on u.id = p.unit_id where p.id = 1")" = 土桥镇
check "no change row was written" test "$(sql "select count(*) from producer_changes")" = 0
out=$(as "$STAFF" producer edit 1 联系电话=13812345678 2>&1)
check "a legitimate edit of their own producer works ($out)" test "$(sql "select phone from producers where id = 1")" = 13812345678
# ... nor change another town's producer in place.
as "$ADM" producer add 名称=侣俸农场 主体类型=家庭农场 镇街=侣俸镇 >/dev/null 2>&1 || fail "the admin registers a 侣俸镇 producer"
out=$(as "$STAFF" producer edit 2 联系电话=13800000000 2>&1); rc=$?
check "editing a 侣俸镇 producer's phone is refused to 土桥镇 staff (exit 1: $out)" test $rc = 1
check "its phone is unchanged" test "$(sql "select coalesce(phone, '') from producers where id = 2")" = ""
# ... nor move their own sample into another town by a correction.
sno=$(sql "select sample_no from samples order by id limit 1")
out=$(as "$STAFF" correct "$sno" --reason 改 检测单位=侣俸镇 2>&1); rc=$?
check "correcting a sample's 检测单位 to 侣俸镇 is refused (exit 1: $out)" test $rc = 1
out=$(as "$STAFF" correct "$sno" --reason 改 抽样地点=侣俸镇 2>&1); rc=$?
check "so is its 抽样地点 outside 土桥镇 (exit 1: $out)" test $rc = 1
check "the sample is still 土桥镇's, unchanged" \
	test "$(sql "select u.name || ' ' || s.version from samples s join units u on u.id = s.unit_id where s.sample_no = '$sno'")" = "土桥镇 1"
# 6b. The same attacks through the importers, which check every row
# before they take the write lock, with the database's rules.
printf '%s\n' "抽样日期,检测单位,检测类别,样品名称,产品类别,抽样环节,抽样人,抑制率(%)" \
	"2026-06-01,土桥镇,定性检测,菠菜,蔬菜,生产基地,小李,96" "2026-06-01,土桥镇,定性检测,菠菜,蔬菜,随便,小李,5" \
	"2026-06-01,侣俸镇,定性检测,菠菜,蔬菜,生产基地,小李,5" > "$WORK/evil-samples.csv"
printf '%s\n' "主体名称,主体类型,镇街,信用等级,依据" "土桥新农场,家庭农场,土桥镇,," "侣俸新农场,家庭农场,侣俸镇,," \
	"侣俸农场,家庭农场,侣俸镇,C,乱评" > "$WORK/evil-producers.csv"
chmod a+r "$WORK/evil-samples.csv" "$WORK/evil-producers.csv"
out=$(evil "$STAFF" import samples "$WORK/evil-samples.csv" --skip-bad 2>&1); rc=$?
check "a staff import with the private copy refuses rows (exit 1)" test $rc = 1
check "... 随便 as 抽样环节" has '第 3 行 抽样环节 "随便"' "$out"
check "... and a 侣俸镇 row" has "第 4 行 检测单位 \"侣俸镇\": 你只能录入和更正本单位 (土桥镇)" "$out"
check "the 96 % row went in as 不合格 by the database's threshold" \
	test "$(sql "select group_concat(verdict) from samples where inhibition = 96")" = fail
check "nothing with 随便 or in 侣俸镇 was imported" \
	test "$(sql "select count(*) from samples where stage = '随便' or unit_id = (select id from units where name = '侣俸镇')")" = 0
out=$(evil "$STAFF" import producers "$WORK/evil-producers.csv" --skip-bad 2>&1); rc=$?
check "a staff producer list with another town's rows is refused in part (exit 1)" test $rc = 1
check "... a new 侣俸镇 producer" has "第 3 行 镇街 \"侣俸镇\": 你只能录入和更正本单位 (土桥镇)" "$out"
check "... and a credit rating, which only supervisors give" has "第 4 行 信用等级 \"C\": 信用评级和黑名单由监管督查人员或管理员办理" "$out"
check "only the 土桥镇 producer was registered; no rating was given" \
	test "$(sql "select count(*) || ' ' || (select count(*) from producer_ratings) from producers where name in ('土桥新农场', '侣俸新农场')")" = "1 0"
# 6c. Staff's init with the private copy changes no rule, unit or product.
rules_before=$(sql "select group_concat(scope || sec || key || value, '|') from settings")
products_before=$(sql "select count(*) from products")
echo "东方神草,蔬菜" >> "$EVIL/conf/products.csv"
out=$(evil "$STAFF" init 2>&1); rc=$?
check "init by staff with a private copy changes no rule" test "$(sql "select group_concat(scope || sec || key || value, '|') from settings")" = "$rules_before"
check "... no unit (织篢镇 is in its towns list)" test "$(sql "select count(*) from units")" = "$units"
check "... and no product" test "$(sql "select count(*) from products")" = "$products_before"
# 6d. Nor do staff set a year's target.
out=$(as "$STAFF" target set 土桥镇 定性检测 1 --year 2027 2>&1); rc=$?
check "target set by staff is refused (exit 1: $out)" sh -c "[ $rc = 1 ] && printf '%s' '$out' | grep -q 只有管理员"
check "no 2027 target row exists" test "$(sql "select count(*) from targets where year = 2027")" = 0
# 7. Only the admin changes a rule; a bad format is refused.
out=$(as "$STAFF" settings set rapid.positive 100 2>&1); rc=$?
check "staff cannot change a rule (exit 1)" test $rc = 1
check "and are told only the admin may ($out)" has 只有管理员 "$out"
out=$(as "$ADM" settings set numbering.format '{prefix}{year}-侣俸-{seq}' 2>&1); rc=$?
check "a number format without {town} is refused even for the admin (exit 1)" test $rc = 1
check "the refusal says what a format needs ($out)" has '{town}' "$out"
out=$(as "$ADM" settings set rapid.warn 60 2>&1); rc=$?
check "a warning band above the threshold is refused ($out)" test $rc = 1
check "the rules are unchanged" test "$(sql "select value from settings where sec = 'rapid' and key = 'warn'")" = 40
# The legitimate path: the admin lowers the threshold; everyone uses it.
out=$(as "$ADM" settings set rapid.positive 45 2>&1); rc=$?
check "the admin sets rapid.positive 45 ($out)" test $rc = 0
check "the change is an audit row with before -> after" \
	test "$(sql "select login || ' ' || before || ' ' || after from audit where action = 'settings.set' and entity = 'rapid.positive'")" = "$ADM 50 45"
out=$(evil "$STAFF" add 镇街=土桥镇 样品名称=菠菜 '抑制率(%)=46' 抽样人=小李 抽样环节=生产基地 2>&1)
no=$(printf '%s' "$out" | cut -f1)
check "46 % is now 不合格 for staff too ($out)" test "$(sql "select verdict from samples where sample_no = '$no'")" = fail
out=$(as "$ADM" settings show 2>&1)
check "settings show lists the rule with who set it" sh -c "printf '%s\n' \"\$1\" | grep -q \"^rapid.positive	45	.*	$ADM\$\"" sh "$out"
out=$(as "$ADM" settings set sample.stage.choices '生产基地|农贸市场|超市' 2>&1); rc=$?
check "the admin changes a form's choices ($out)" test $rc = 0
out=$(as "$STAFF" add 镇街=土桥镇 样品名称=菠菜 '抑制率(%)=5' 抽样人=小李 抽样环节=批发市场 2>&1); rc=$?
check "a choice the admin removed is refused now (exit 1)" test $rc = 1
# settings load: the admin reloads the shared file; each change audited.
out=$(as "$ADM" settings load "$CONF" 2>&1); rc=$?
check "the admin reloads the configuration ($out)" test $rc = 0
check "the reload put the threshold back, audited 45 -> 50" \
	test "$(sql "select before || ' ' || after from audit where action = 'settings.set' and entity = 'rapid.positive' order by id desc limit 1")" = "45 50"
check "and the form's choices, audited" \
	test "$(sql "select count(*) from audit where action = 'settings.set' and entity = 'sample.stage.choices'")" = 2
out=$(as "$STAFF" settings load "$EVIL/conf/nongjian.ini" 2>&1); rc=$?
check "staff cannot load their private copy (exit 1)" test $rc = 1
check "the threshold is still 50" test "$(sql "select value from settings where sec = 'rapid' and key = 'positive'")" = 50
e2e_done
