#!/bin/sh
# End-to-end: a GBK terminal (a Chinese office's PuTTY or Xshell set to GBK,
# LANG=zh_CN.GBK). The screens and the command line speak GBK to it — what
# the program writes is GBK, what is typed in GBK is stored as UTF-8 — with
# no UTF-8 leaking onto the terminal. The locale is generated for the test
# (localedef, LOCPATH); without localedef or its GBK charmap the test says
# why and checks nothing else. (luit would do the same job but crashes on
# this Debian; the test reads the raw bytes with tmux pipe-pane instead.)
. "$(dirname "$0")/lib.sh"
e2e_setup

LOC=$WORK/locale
mkdir -p "$LOC"
# (localedef may warn and still make it; it leaves an empty folder when it
# cannot: the locale is there when its LC_CTYPE is.)
localedef -i zh_CN -f GBK "$LOC/zh_CN.GBK" >"$WORK/localedef.log" 2>&1
if [ ! -f "$LOC/zh_CN.GBK/LC_CTYPE" ]; then
	echo "# skip: cannot make the zh_CN.GBK locale (the locales package: tools/deps.sh check)"
	sed 's/^/# /' "$WORK/localedef.log" | head -5
	ok "GBK test skipped with its reason printed"
	e2e_done
fi
export LOCPATH=$LOC
gbk() { printf '%s' "$1" | iconv -f UTF-8 -t GBK; }
hexgbk() { gbk "$1" | od -An -tx1 | tr -s ' \n' ' '; }
typegbk() { tm send-keys -H $(hexgbk "$1"); }
RAW=$WORK/raw.out
seen() { iconv -c -f GBK -t UTF-8 "$RAW" 2>/dev/null | grep -qF -- "$1"; }
wait_seen() {
	poll_quiet seen "$1" && return 0
	echo "# not seen in the GBK output: $1"; return 1
}

# (a) The screens.
tm -f /dev/null new-session -d -x 80 -y 24 \
	"LC_ALL=zh_CN.GBK LOCPATH=$LOC TERM=xterm NONGJIAN_TODAY=$NONGJIAN_TODAY ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS $BIN --config $CONF; echo EXITED \$?; sleep 30"
tm set-option -g status off 2>/dev/null
tm pipe-pane -o "cat >> $RAW"
keys C-l
check "GBK: the menu is written in GBK" wait_seen "录入抽样检测记录"
check "GBK: no UTF-8 Chinese reaches the terminal" sh -c "! grep -qF '录入' '$RAW'"
keys 1
check "GBK: the entry form" wait_seen "抽样检测记录"
keys Tab; typegbk 侣俸镇; keys Tab Tab Tab
typegbk 豇豆; keys Tab Tab
typegbk 农贸市场; keys Tab Tab Tab
typegbk 张三; keys Tab Tab Tab   # 检测人, 检测方法 -> 抑制率
tm send-keys -l 35
check "GBK: typed 张三 is echoed in GBK" wait_seen "张三"
keys C-s
check "GBK: saved, the message in GBK" wait_seen "已保存 TL2026-侣俸-0001"
row=$(sql "select u.name || '|' || s.product || '|' || s.samplers from samples s join units u on u.id = s.unit_id")
check "GBK: stored as UTF-8 ($row)" [ "$row" = "侣俸镇|豇豆|张三" ]
keys F10
wait_seen "退出" >/dev/null
keys 0
check "GBK: exits 0" wait_for "EXITED 0"
tm_stop

# (b) The command line: arguments typed in GBK, messages printed in GBK.
G="env LC_ALL=zh_CN.GBK LOCPATH=$LOC $BIN --config $CONF"
$G add "$(gbk 镇街=土桥镇)" "$(gbk 样品名称=芹菜)" inhibition=20 "$(gbk 抽样人=李四)" \
	"$(gbk stage=农贸市场)" > "$WORK/add.out" 2>&1
check "GBK CLI: add with GBK arguments exits 0" [ $? -eq 0 ]
check "GBK CLI: the town typed in GBK is stored as UTF-8" \
	[ "$(sql "select count(*) from samples s join units u on u.id = s.unit_id where u.name = '土桥镇' and s.samplers = '李四'")" = 1 ]
$G show "$(gbk TL2026-侣俸-0001)" > "$WORK/show.out" 2>&1
check "GBK CLI: show exits 0" [ $? -eq 0 ]
check "GBK CLI: show prints GBK" sh -c "iconv -f GBK -t UTF-8 '$WORK/show.out' | grep -qF 侣俸镇"
check "GBK CLI: show prints no UTF-8" sh -c "! grep -qF 侣俸镇 '$WORK/show.out'"
$G show "$(gbk TL2026-侣俸-9999)" > "$WORK/err.out" 2>&1
check "GBK CLI: show of an unknown number exits 1" [ $? -eq 1 ]
check "GBK CLI: the error message is in GBK, with the number typed" \
	sh -c "iconv -f GBK -t UTF-8 '$WORK/err.out' | grep -qF '找不到样品编号 TL2026-侣俸-9999'"
check "GBK CLI: the error has no UTF-8" sh -c "! grep -qF '找不到' '$WORK/err.out'"
# (c) The locale names GBK but is not installed here: the command line
# still speaks GBK; the screens cannot, and say how to fix it in GBK and
# in UTF-8 (one of the two is readable whatever the terminal is set to).
M="env LC_ALL=xx_XX.GBK $BIN --config $CONF"
$M show "$(gbk TL2026-侣俸-0001)" > "$WORK/show2.out" 2>&1
check "missing GBK locale: the command line still prints GBK" \
	sh -c "iconv -f GBK -t UTF-8 '$WORK/show2.out' | grep -qF 侣俸镇"
$M < /dev/null > "$WORK/ui.out" 2> "$WORK/ui.err"
check "missing GBK locale: the screens refuse with exit 1" [ $? -eq 1 ]
check "missing GBK locale: the advice in UTF-8" grep -qF "请把终端设为 UTF-8" "$WORK/ui.err"
check "missing GBK locale: the advice in GBK" \
	sh -c "iconv -c -f GBK -t UTF-8 '$WORK/ui.err' 2>/dev/null | grep -qF '请把终端设为 UTF-8'"
check "missing GBK locale: the advice names localedef" grep -qF "localedef -i zh_CN -f GBK" "$WORK/ui.err"
e2e_done
