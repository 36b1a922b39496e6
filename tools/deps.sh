#!/bin/sh
# Install the Debian packages nongjian needs, or say exactly what to run.
#   tools/deps.sh build   - what building and running needs
#   tools/deps.sh check   - plus what the tests need (tmux, the sqlite3 shell,
#                           groff for the man page, unzip, procps: ps/pgrep/pkill,
#                           locales: the charmaps localedef needs for a GBK locale,
#                           postgresql: the server a throw-away test cluster runs,
#                           tests/pg/cluster.sh)
#   tools/deps.sh bench   - plus what the benchmark compares against
#   tools/deps.sh fuzz    - clang and libFuzzer for make fuzz
# As root it runs apt-get itself (running 'apt-get update' first when the
# package lists are empty, as on a fresh machine). As another user it prints
# the command to run and exits 1.
set -eu

want=${1:-build}
pkgs="gcc make libc6-dev libncurses-dev ncurses-term libsqlite3-dev libcsv-dev libiniparser-dev libxlsxwriter-dev libpq-dev"
case "$want" in
  build) ;;
  check) pkgs="$pkgs tmux sqlite3 groff-base unzip procps locales postgresql" ;;
  bench) pkgs="$pkgs tmux sqlite3 htop nnn" ;;
  fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
  *) echo "用法: $0 [build|check|bench|fuzz]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *" installed") ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "缺少软件包:$missing" >&2
  echo "请以 root 身份运行以下命令后重试:" >&2
  echo "  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends$missing'" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists: install would find nothing.
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
  apt-get update -qq
fi
echo "正在安装:$missing" >&2
if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
  # Lists may be stale (a package moved to a new version): refresh once and retry.
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
