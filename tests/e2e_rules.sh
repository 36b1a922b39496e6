#!/bin/sh
# The rules the end-to-end scripts keep so that they never flake (each a
# grep; each prints one ok/not ok line for tests/run.sh to count):
# no fixed sleep — wait for a condition with lib.sh's poll/wait_for; no
# private copy of lib.sh's waiting helpers (an old copy such as
# 'lacks() { ! shows; }' waits the whole timeout now that shows waits for
# the text); processes backgrounded with nj_bg, not 'nj ... &'.
set -u
cd "$(dirname "$0")/.."
bad=0
rule() { # description, then the offending lines (empty = ok)
	if [ -z "$2" ]; then echo "ok - $1"; else echo "not ok - $1"; echo "$2" | sed 's/^/# /'; bad=1; fi
}
scripts=$(ls tests/e2e/*.sh | grep -v '^tests/e2e/lib\.sh$')

# A sleep inside a loop waiting for something (while/until) is a poll; the
# pane's trailing "sleep" keeps the pane open after the program exits.
rule "no fixed sleep in an e2e script (poll for the condition: lib.sh)" \
	"$(grep -n -E '(^|[;&|( 	])sleep [0-9]' $scripts | grep -v -E 'while |until |EXITED')"
helpers="poll|poll_quiet|wait_for|shows|lacks|line_has|line_is|cursor_on|settle|wait_proc_gone|proc_gone|tm_stop|e2e_start"
rule "no e2e script defines its own copy of lib.sh's waiting helpers" \
	"$(grep -n -E "^[ 	]*($helpers)[ 	]*\(\)" $scripts)"
rule "'! shows' is 'lacks' (shows waits for the text to appear)" \
	"$(grep -n -E '!  *shows ' $scripts)"
rule "no 'nj ... &': nj_bg starts the program itself in the background" \
	"$(grep -n -E '(^|[;&|( 	])nj [^|;]*&[ 	]*$' $scripts)"
exit $bad
