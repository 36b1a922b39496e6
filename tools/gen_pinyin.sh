#!/bin/sh
# Regenerate src/base/pinyin_table.c (pinyin initials) from Rime's Luna Pinyin
# dictionary. Only needed when updating the table: the generated file is
# committed, so building nongjian never needs the data package.
#   apt-get install rime-data-luna-pinyin     (LGPL-3)
#   sh tools/gen_pinyin.sh [path/to/luna_pinyin.dict.yaml]
set -eu
cd "$(dirname "$0")/.."
dict=${1:-/usr/share/rime-data/luna_pinyin.dict.yaml}
if [ ! -r "$dict" ]; then
  echo "找不到 $dict: 请先安装 rime-data-luna-pinyin (apt-get install rime-data-luna-pinyin)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -o "$tmp/gen_pinyin" tools/gen_pinyin.c
"$tmp/gen_pinyin" "$dict" > "$tmp/pinyin_table.c"
mv "$tmp/pinyin_table.c" src/base/pinyin_table.c
echo "已生成 src/base/pinyin_table.c ($(wc -c < src/base/pinyin_table.c) 字节)"
