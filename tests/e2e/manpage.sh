#!/bin/sh
# The man page (nongjian.1) documents what `nongjian --help` prints:
# every command and option of --help is in the page, every option the
# page names is one --help knows, and --version matches VERSION.
# Runs the binary only for --help/--version: no tmux, no database.
. "$(dirname "$0")/lib.sh"

PAGE=$ROOT/nongjian.1
HELP=$WORK/help.txt
SRC=$WORK/page.txt

"$BIN" --help > "$HELP" 2> "$WORK/help.err"; rc=$?
check "--help exits 0" [ "$rc" -eq 0 ]
check "--help writes nothing to stderr" [ ! -s "$WORK/help.err" ]
"$BIN" -h > "$WORK/h.txt" 2>&1
check "-h prints the same as --help" cmp -s "$HELP" "$WORK/h.txt"

if [ ! -f "$PAGE" ]; then
	fail "nongjian.1 exists"
	e2e_done
fi

# The page's roff source without comments, with the escapes it uses
# turned into plain text: \- is -, fonts go, \(aq is '.
sed -e '/^\.\\"/d' -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e "s/\\\\(aq/'/g" \
	-e 's/\\|//g' -e 's/\\c$//' -e 's/\\e/\\/g' "$PAGE" > "$SRC"

# section NAME: the lines of one .SH section of the page.
section() {
	awk -v want="$1" '/^\.SH /{ s = $0; sub(/^\.SH +/, "", s); gsub(/"/, "", s); on = (s == want); next } on' "$SRC"
}
# tags: the .TP tags of the lines on stdin, without macro names and quotes.
tags() {
	awk 'prev == ".TP" { print } { prev = $0 }' | sed -e 's/^\.[A-Z][A-Z]* //' -e 's/"//g'
}
# opts: the options (-x, --word) named in the text on stdin, one a line.
opts() {
	grep -oE -- '(^|[^-a-zA-Z0-9_])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[^-]*//' | sort -u
}
# in_list WORD FILE: the line WORD is in FILE.
in_list() { grep -qxF -- "$1" "$2"; }

# Commands: "  init [--demo]", "  export samples [...]" under 命令: in
# --help; the .TP tags of COMMANDS in the page.
sed -n '/^命令:/,/^$/p' "$HELP" | sed -n 's/^  \([a-z][a-z]*\( [a-z][a-z]*\)*\).*/\1/p' \
	| sort -u > "$WORK/help.cmds"
section COMMANDS | tags | sed -n 's/^\([a-z][a-z]*\( [a-z][a-z]*\)*\).*/\1/p' \
	| sort -u > "$WORK/page.cmds"
section SYNOPSIS | sed -e 's/^\.[A-Z][A-Z]* //' -e 's/"//g' > "$WORK/page.synopsis"
check "--help lists commands" [ -s "$WORK/help.cmds" ]
while read -r c; do
	check "command '$c' of --help is documented in COMMANDS" in_list "$c" "$WORK/page.cmds"
	check "command '$c' of --help is in SYNOPSIS" grep -q -- "$c" "$WORK/page.synopsis"
done < "$WORK/help.cmds"
while read -r c; do
	check "command '$c' of the man page is in --help" in_list "$c" "$WORK/help.cmds"
done < "$WORK/page.cmds"

# Options: all of them, and the global ones (under 选项: in --help, the
# .TP tags of OPTIONS in the page).
opts < "$HELP" > "$WORK/help.opts"
opts < "$SRC" > "$WORK/page.opts"
sed -n '/^选项:/,/^$/p' "$HELP" | opts > "$WORK/help.global"
section OPTIONS | tags | opts > "$WORK/page.global"
opts < "$WORK/page.synopsis" > "$WORK/page.synopts"
check "--help lists options" [ -s "$WORK/help.opts" ]
while read -r o; do
	check "option $o of --help is in the man page SYNOPSIS" in_list "$o" "$WORK/page.synopts"
done < "$WORK/help.opts"
while read -r o; do
	check "global option $o of --help is described in OPTIONS" in_list "$o" "$WORK/page.global"
done < "$WORK/help.global"
while read -r o; do
	check "option $o named in the man page is in --help" in_list "$o" "$WORK/help.opts"
done < "$WORK/page.opts"
while read -r o; do
	check "option $o of OPTIONS is a global option in --help" in_list "$o" "$WORK/help.global"
done < "$WORK/page.global"

# Field keys: "(date town ... remarks)" in --help, the .TP tags of FIELDS.
sed -n '/字段键 (/,/)/p' "$HELP" | sed -e 's/.*字段键 (//' -e 's/).*//' | tr ' ' '\n' \
	| grep -E '^[a-z_]+$' | sort -u > "$WORK/help.keys"
section FIELDS | tags | grep -E '^[a-z_]+$' | sort -u > "$WORK/page.keys"
check "--help lists field keys" [ -s "$WORK/help.keys" ]
while read -r k; do
	check "field key $k of --help is described in FIELDS" in_list "$k" "$WORK/page.keys"
done < "$WORK/help.keys"
while read -r k; do
	check "field key $k of FIELDS is in --help" in_list "$k" "$WORK/help.keys"
done < "$WORK/page.keys"
sed -n 's/^\[\([a-z_]*\)\]$/\1/p' "$ROOT/forms/sample.ini" | grep -vx form > "$WORK/form.keys"
while read -r k; do
	check "field $k of forms/sample.ini is a key --help lists" in_list "$k" "$WORK/help.keys"
done < "$WORK/form.keys"

# Exit statuses: the digits after 退出码: in --help, the tags of EXIT STATUS.
sed -n '/^退出码:/,/^$/p' "$HELP" | grep -oE '(^|[ :;])[0-9] ' | tr -dc '0-9\n' | grep . \
	| sort -u > "$WORK/help.exit"
section 'EXIT STATUS' | tags | sort -u > "$WORK/page.exit"
check "--help lists exit statuses" [ -s "$WORK/help.exit" ]
check "EXIT STATUS lists the statuses of --help ($(echo $(cat "$WORK/help.exit")))" \
	cmp -s "$WORK/help.exit" "$WORK/page.exit"

# Environment variables and configuration files --help names.
grep -oE '\$[A-Z_][A-Z0-9_]*' "$HELP" | tr -d '$' | sort -u > "$WORK/help.env"
section ENVIRONMENT | tags > "$WORK/page.env"
while read -r v; do
	check "variable $v of --help is in ENVIRONMENT" grep -qw -- "$v" "$WORK/page.env"
done < "$WORK/help.env"
grep -oE '[./a-z_]*/[a-z_./]*\.ini' "$HELP" | sed 's|^\./||' | sort -u > "$WORK/help.conf"
section CONFIGURATION > "$WORK/page.conf"
while read -r f; do
	check "config file $f of --help is in CONFIGURATION" grep -qF -- "$f" "$WORK/page.conf"
done < "$WORK/help.conf"

# Version: --version, VERSION and the page footer agree.
want=$(cat "$ROOT/VERSION")
got=$("$BIN" --version 2>&1); rc=$?
check "--version exits 0" [ "$rc" -eq 0 ]
check "--version prints 'nongjian $want' (got '$got')" [ "$got" = "nongjian $want" ]
check "the man page's .TH names version $want" grep -q "^\.TH .*\"nongjian $want\"" "$PAGE"

# The page formats without warnings (when groff is installed).
if command -v groff > /dev/null 2>&1; then
	groff -k -man -Tutf8 -ww -z "$PAGE" > "$WORK/groff.err" 2>&1
	check "groff formats nongjian.1 without warnings" [ ! -s "$WORK/groff.err" ]
	sed 's/^/# /' "$WORK/groff.err"
else
	ok "groff formats nongjian.1 without warnings # SKIP groff not installed"
fi

e2e_done
