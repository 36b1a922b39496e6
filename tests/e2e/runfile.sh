#!/bin/sh
# End-to-end: a rapid-test run on the command line (issue 18). `run add`
# with a channel sheet and the shared fields as 键=值, the 抑制率 from the
# instrument's own file in both shipped layouts (conf/instruments.ini:
# 通用 UTF-8, 报表式 GBK with a title and a control row); the bad inputs:
# an empty run, a wrong cell, a channel beyond the unit's count, an
# inhibition out of range, a file of another day, two rows with the same
# producer and product (refused until --force). Nothing is saved until the
# whole run is valid; a saved run's numbers are gap-free.
. "$(dirname "$0")/lib.sh"
export NONGJIAN_TODAY=2026-06-01
e2e_setup
cp "$ROOT/conf/instruments.ini" "$WORK/conf/"
INST=$ROOT/tests/instrument

out=$WORK/stdout err=$WORK/stderr
njr() { "$BIN" --config "$CONF" "$@" > "$out" 2> "$err"; rc=$?; }   # sets rc
has() { grep -qF -- "$1" "$2"; }
rows() { sql "select count(*) from samples"; }
SHARED="镇街=侣俸镇 抽样人=张三、李四 检测人=王五 抽样环节=农贸市场 仪器=NY-9"

printf '通道,受检主体,样品名称\n' > "$WORK/empty.csv"
njr run add "$WORK/empty.csv" $SHARED
check "a run with every row empty is refused (rc=$rc)" [ "$rc" = 1 ]
check "it says no channel was filled" has "没有填写任何通道" "$err"

cat > "$WORK/sheet.csv" <<'CSV'
通道,受检主体,样品名称,抽样环节,抑制率(%)
1,侣俸镇绿源蔬菜专业合作社,豇豆,生产基地,12
2,织篢镇张三家庭农场,小白菜,生产基地,120
3,,芹菜,,35
CSV
njr run add "$WORK/sheet.csv" $SHARED
check "a wrong cell refuses the run (rc=$rc)" [ "$rc" = 1 ]
check "the error names channel and column" has "第 2 通道 抑制率(%) 应在 0 到 100 之间" "$err"
check "nothing saved" [ "$(rows)" = 0 ]

printf '通道,样品名称\n12,豇豆\n' > "$WORK/far.csv"
njr run add "$WORK/far.csv" $SHARED
check "channel 12 of a 9-channel unit is refused (rc=$rc)" [ "$rc" = 1 ] && has "超出" "$err"

# The 通用 layout fills 抑制率 by channel; a typed 35 on channel 3 is kept
# and the difference shown.
njr run add "$WORK/sheet.csv" $SHARED --instrument "$INST/tongyong.csv"
check "a typed cell still wrong: refused (rc=$rc)" [ "$rc" = 1 ]
sed -i 's/,120$/,/' "$WORK/sheet.csv"
njr run add "$WORK/sheet.csv" $SHARED --instrument "$INST/tongyong.csv"
check "the run with the 通用 file saves (rc=$rc)" [ "$rc" = 0 ]
check "the layout is named" has "布局: 通用" "$err"
check "a typed 35 differing from the file is shown to check" has "表中已有抑制率 35" "$err"
check "9 records" [ "$(rows)" = 9 ]
check "numbers 0001..0009 without a gap" \
	[ "$(sql "select group_concat(seq) from (select seq from samples order by seq)")" = "1,2,3,4,5,6,7,8,9" ]
check "channel 2 took the file's 8.3" [ "$(sql "select inhibition from samples where seq = 2")" = 8.3 ]
check "channel 3 kept the typed 35" [ "$(sql "select inhibition from samples where seq = 3")" = 35.0 ]
check "channel 4 named from the file, stage from the run" \
	[ "$(sql "select product || stage from samples where seq = 4")" = "菠菜农贸市场" ]
check "the run row: 9 channels, the file as source" \
	[ "$(sql "select channels || ' ' || source || ' ' || run_ref from sample_runs where channels is not null")" = "9 $INST/tongyong.csv TL2026-侣俸-0001" ]

# The 报表式 layout (GBK, title rows, CH1.., a control row with ΔA).
njr import run "$INST/baobiao-gbk.csv" 镇街=侣俸镇
check "import run reads the GBK report (rc=$rc)" [ "$rc" = 0 ]
check "its layout is 报表式" has "布局: 报表式" "$err"
check "channel 3 at 55.5 is 阳性" has "第 3 通道	芹菜	55.5	阳性" "$out"
check "the control's ΔA0" has "对照 ΔA0	0.652" "$out"
check "import run saves nothing" [ "$(rows)" = 9 ]
printf '通道,受检主体\n' > "$WORK/bare.csv"
njr run add "$WORK/bare.csv" 镇街=侣俸镇 抽样人=张三 抽样环节=超市 --instrument "$INST/baobiao-gbk.csv" --layout 报表式
check "the report repeats two saved results (番茄 15.0, 茄子 22.4): asked (rc=$rc)" [ "$rc" = 1 ] && \
	has "第 6 通道 样品名称: 与已保存的 TL2026-侣俸-0006 相同" "$err"
njr run add "$WORK/bare.csv" 镇街=侣俸镇 抽样人=张三 抽样环节=超市 --instrument "$INST/baobiao-gbk.csv" --layout 报表式 --force
check "a run from the report alone saves 9 more (rc=$rc)" [ "$rc" = 0 ] && [ "$(rows)" = 18 ]
check "its ΔA0 recorded once on the run" [ "$(sql "select count(*) from sample_runs where control_da0 = 0.652")" = 1 ]
check "numbers 10..18 follow on" [ "$(sql "select min(seq) || '-' || max(seq) from samples where id > 9")" = 10-18 ]

# Bad instrument files.
printf '通道,样品名称,抑制率(%%),结果,检测时间\n1,豇豆,20,阴性,2026-05-31 16:00\n' > "$WORK/old.csv"
njr import run "$WORK/old.csv" 镇街=侣俸镇
check "a file of another day: exit 1 (rc=$rc)" [ "$rc" = 1 ] && has "不是本批的日期 2026-06-01" "$err"
printf '通道,样品名称,抑制率(%%)\n1,豇豆,130\n10,芹菜,20\n' > "$WORK/bad.csv"
njr run add "$WORK/bare.csv" 镇街=侣俸镇 抽样人=张三 抽样环节=超市 --instrument "$WORK/bad.csv"
check "inhibition 130 and channel 10 in the file: refused (rc=$rc)" [ "$rc" = 1 ]
check "130 named" has '"130" 不是 0 到 100' "$err"
check "channel 10 named" has "通道 10 超出本单位仪器的 9 个通道" "$err"
printf 'a,b\n1,2\n' > "$WORK/other.csv"
njr import run "$WORK/other.csv"
check "a file no layout fits: exit 2 (rc=$rc)" [ "$rc" = 2 ] && has "不符合任何已知仪器的布局" "$err"

# Two rows with the same producer and product: asked, i.e. refused
# without --force; with it, saved.
printf '通道,受检主体,样品名称,抑制率(%%)\n1,侣俸镇李四农场,豇豆,10\n2,侣俸镇李四农场,豇豆,11\n' > "$WORK/twice.csv"
njr run add "$WORK/twice.csv" $SHARED
check "the same producer and product twice is asked (rc=$rc)" [ "$rc" = 1 ] && has "与第 1 通道的受检主体和样品名称相同" "$err"
check "--force is named" has "--force" "$err"
njr run add "$WORK/twice.csv" $SHARED --force
check "with --force both are saved (rc=$rc)" [ "$rc" = 0 ] && [ "$(rows)" = 20 ]
njr check
check "nongjian check: the database is sound after the runs (rc=$rc)" [ "$rc" = 0 ]

# An offline PC's bundle carries each record's run row with it.
sed -e "s|^path = .*|path = $WORK/srv.db|" "$CONF" > "$WORK/conf/srv.ini"
"$BIN" --config "$WORK/conf/srv.ini" init > /dev/null
njr bundle export --unit 侣俸镇 -o "$WORK/runs.bundle"
check "the runs' records go into a bundle (rc=$rc)" [ "$rc" = 0 ]
"$BIN" --config "$WORK/conf/srv.ini" bundle import "$WORK/runs.bundle" > "$out" 2> "$err"; rc=$?
check "the server takes it (rc=$rc)" [ "$rc" = 0 ]
check "with the 3 runs: 20 channel rows, the ΔA0 on its run's first row" \
	[ "$(sqlite3 -batch -noheader "$WORK/srv.db" "select count(*) || ' ' || count(distinct run_ref) || ' ' || count(control_da0) from sample_runs")" = "20 3 1" ]
e2e_done
