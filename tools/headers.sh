#!/bin/sh
# Before the first compile: are the headers of every library there? If
# not, say which Debian package is missing and how to get it, instead of
# the compiler's "fatal error: iniparser.h: No such file or directory".
#   tools/headers.sh CC [CPPFLAGS...]
# Exit 0 when all are found, 1 otherwise.
cc=${1:-cc}
[ $# -gt 0 ] && shift
if ! command -v "$cc" > /dev/null 2>&1; then
	case $cc in *clang*) p=clang ;; *) p=gcc ;; esac
	echo "缺少 C 编译器 $cc (Debian 软件包 $p)。" >&2
	echo "请运行 make run (会安装所需的软件包) 或以 root 身份运行 sh tools/deps.sh。" >&2
	exit 1
fi
missing=""
for pair in curses.h:libncurses-dev term.h:libncurses-dev sqlite3.h:libsqlite3-dev csv.h:libcsv-dev \
	iniparser.h:libiniparser-dev xlsxwriter.h:libxlsxwriter-dev libpq-fe.h:libpq-dev stdio.h:libc6-dev; do
	h=${pair%%:*} p=${pair#*:}
	printf '#include <%s>\n' "$h" | "$cc" "$@" -E -x c - > /dev/null 2>&1 && continue
	case " $missing " in *" $p "*) ;; *) missing="$missing $p" ;; esac
	echo "找不到头文件 $h (Debian 软件包 $p)。" >&2
done
[ -z "$missing" ] && exit 0
echo "缺少软件包:$missing" >&2
echo "请运行 make run (会安装所需的软件包并启动程序)，或以 root 身份运行 sh tools/deps.sh，" >&2
echo "或者: sudo apt-get install$missing" >&2
exit 1
