#!/bin/sh
# Every byte the command line prints is safe: terminal escapes (OSC 52
# writes the clipboard, OSC 0 the window title), C1 controls and bidi
# overrides planted in an imported CSV, a file name, a producer name, a
# remark, a user name and the audit trail come out as '?', on stdout and
# stderr alike, whether or not they are a terminal.
. "$(dirname "$0")/lib.sh"
e2e_setup
out=$WORK/out
ESC=$(printf '\033')
BEL=$(printf '\007')
CSI8=$(printf '\302\233')     # U+009B, the 8-bit CSI
RLO=$(printf '\342\200\256')  # U+202E, right-to-left override
osc52=$(printf '\033]52;c;ZWNobyBwd25lZA==\007')
osc0=$(printf '\033]0;pwned\007')
evil="${osc0}红${CSI8}31m${RLO}abc"

clean() { # description; the bytes in $out must hold no control or override
	if LC_ALL=C grep -q "$ESC\|$BEL\|$CSI8\|$RLO" "$out"; then
		fail "$1"; od -c "$out" | head -8 | sed 's/^/# /'
	else
		ok "$1"
	fi
}
said() { grep -qF -- "$1" "$out"; }

# 1. The importer's echo of bad cells and the file name.
csv=$WORK/"evil${osc0}.csv"
printf '抽样日期,镇街,检测类别,样品名称,样品类别,抽样环节,抽样人,抑制率(%%)\n' > "$csv"
printf '2026-06-01,侣俸镇,定性检测,%s,蔬菜,农贸市场,张三,35\n' "$osc52" >> "$csv"
printf '%s,侣俸镇,定性检测,豇豆,蔬菜,农贸市场,张三,35\n' "$evil" >> "$csv"
nj import samples "$csv" > "$out" 2>&1
check "the import rejected the planted rows" said "有误 2 条"
check "the bad cell is echoed with ? for the escapes" said "?]52;c;ZWNobyBwd25lZA==?"
clean "import: no escape in what it printed"
nj import samples "$csv" --dry-run 2>/dev/null > "$out"
clean "import: stdout alone is clean too (a pipe, not a terminal)"
good=$WORK/"good${osc0}.csv"
head -1 "$csv" > "$good"
printf '2026-06-02,侣俸镇,定性检测,豇豆,蔬菜,农贸市场,张三,12\n' >> "$good"
nj import samples "$good" > "$out" 2>&1
check "a good file with an odd name imports" said "已导入 1 条"
clean "import: the file name is echoed without escapes"

# 2. Arguments echoed back in errors.
nj show "TL2026-${osc52}" > "$out" 2>&1
check "show of an unknown number says so" said "找不到样品编号"
clean "show: the echoed argument holds no escape"
nj user add "zhang${osc0}" --name "张${osc52}" --role staff --town 侣俸镇 > "$out" 2>&1
check "user add refuses the login" test -s "$out"
clean "user add: the error holds no escape"
nj producer add "名称=张三${osc0}农场" 主体类型=家庭农场 镇街=侣俸镇 > "$out" 2>&1
check "producer add refuses the name" test -s "$out"
clean "producer add: the error holds no escape"

# 3. Text planted in the database past its CHECK constraints.
no=$(nj add 镇街=侣俸镇 样品名称=豇豆 '抑制率(%)=35' 抽样人=张三 抽样环节=农贸市场 | cut -f1)
check "a record to plant in ($no)" test "$no" = TL2026-侣俸-0002
pid=$(nj producer add 名称=张三农场 主体类型=家庭农场 镇街=侣俸镇 | grep -o '[0-9]*' | head -1)
sql_unguarded "
	UPDATE samples SET remarks = '$evil' WHERE sample_no = '$no';
	UPDATE producers SET name = '张三农场$evil', address = '$osc52' WHERE id = $pid;
	UPDATE users SET name = '管理员$evil';
	INSERT INTO audit(at, login, action, entity, before, after) VALUES ('2026-06-15T08:00:00', 'x$osc0', 'edit', 'samples', '$osc52', '$evil');"
check "the planted remark is in the database" test "$(sql "select instr(remarks, 'pwned') > 0 from samples where sample_no = '$no'")" = 1
nj show "$no" > "$out" 2>&1
check "show prints the record" said "?]0;pwned?红?31m?abc"
clean "show: the planted remark comes out without escapes"
nj producer show "$pid" > "$out" 2>&1
check "producer show prints the producer" said "张三农场?]0;pwned"
clean "producer show: no escape"
nj lookup 张三 > "$out" 2>&1
check "lookup finds it" said "张三农场"
clean "lookup: no escape"
nj user list > "$out" 2>&1
check "user list prints the planted name" said "管理员?]0;pwned"
clean "user list: no escape"
nj audit > "$out" 2>&1
check "audit lists the import of the oddly named file and the planted row" said "good?]0;pwned?.csv"
clean "audit: no escape"
nj export samples > "$out" 2>/dev/null
check "export still writes the data as stored (a file for Excel, not a message)" said "$no"
e2e_done
