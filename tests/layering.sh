#!/bin/sh
# The folders of src/ are the layers (HACKING.md). Each rule is a grep;
# each prints one ok/not ok line for tests/run.sh to count.
set -u
cd "$(dirname "$0")/.."
bad=0
rule() { # description, then the offending lines (empty = ok)
	if [ -z "$2" ]; then echo "ok - $1"; else echo "not ok - $1"; echo "$2" | sed 's/^/# /'; bad=1; fi
}

rule "curses is used only in src/ui/" \
	"$(grep -rn -E '#include <(n?curses|ncursesw/|form\.h|menu\.h)' src --include='*.[ch]' | grep -v '^src/ui/')"
rule "no SQL in the screens or the command-line jobs" \
	"$(grep -rn -E 'sqlite3_|#include <sqlite3\.h>' src/ui src/cli --include='*.[ch]' | grep -v 'sqlite3 \*\|sqlite3\*')"
# Issue 20: the domain reaches the database only through db_conn and
# db_stmt (store/db.h), so that it can run on SQLite or PostgreSQL.
rule "SQLite (the header, its types and calls) only in src/store/db.c, db_sqlite.c/.h and backup.c; elsewhere db_conn/db_stmt" \
	"$(grep -rn -E '\<(sqlite3|SQLITE_|db_sqlite)' src --include='*.[ch]' |
		grep -v '^src/store/\(db\.c\|db_sqlite\.[ch]\|backup\.c\):' |
		grep -v -E '^[^:]*:[0-9]*:[[:space:]]*(/\*|\*)' | sed 's|/\*.*||' | grep -E '\<(sqlite3|SQLITE_|db_sqlite)')"
rule "libpq is used only in src/store/pg.c (loaded there when needed; parameterised statements)" \
	"$(grep -rn -E '\<PQ[a-zA-Z]+\(|#include <libpq-fe\.h>' src --include='*.[ch]' | grep -v '^src/store/pg\.c:')"

# Which folders a folder may include from (its own always).
allowed() {
	case $1 in
	base) echo "-" ;;
	store) echo "base" ;;
	record) echo "base store" ;;
	sample) echo "base store record" ;;
	registry) echo "base store record sample" ;;
	ledger) echo "base store record sample" ;;
	inspect) echo "base store record sample registry ledger quota" ;;
	quota) echo "base store record sample ledger" ;;
	app) echo "base store record sample registry ledger" ;;
	transfer) echo "base store record sample registry inspect ledger quota app" ;;
	cli|ui) echo "base store record sample registry inspect ledger quota app transfer" ;;
	esac
}
for dir in src/*/; do
	d=$(basename "$dir")
	ok_dirs=$(allowed "$d")
	found=""
	for inc in $(grep -ho '#include "[a-z_]*/' "$dir"*.[ch] 2>/dev/null | sed 's/#include "//; s|/||' | sort -u); do
		case " $d $ok_dirs " in *" $inc "*) ;; *) found="$found $inc" ;; esac
	done
	where=""
	for inc in $found; do where="$where$(grep -n "#include \"$inc/" "$dir"*.[ch])
"; done
	rule "src/$d/ includes only from itself and: $ok_dirs" "$(echo "$where" | sed '/^$/d')"
done
rule "the command line prints only through base/out.h (sanitised)" \
	"$(grep -n -E '(^|[^_a-z])(printf|puts|putchar|perror)\(|fprintf\((stdout|stderr)|fputs\([^;]*, (stdout|stderr)\)' src/cli/*.c src/main.c | grep -v '^[^:]*:[0-9]*:\s*/\?\*')"
rule "every header in src/ is included by its folder path" \
	"$(grep -rn '#include "[a-z_]*\.h"' src tests --include='*.[ch]' | grep -v 'check\.h\|replay\.h\|testdb\.h')"
exit $bad
