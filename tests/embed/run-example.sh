#!/bin/sh
# examples/embed on the bundled example: exactly these findings, and
# ps_result_fails's answer at warning as the exit status (1: there are
# warnings and errors among them).
#
# Usage: run-example.sh EMBED EXPECTED OUTPUT, from the source root.
set -u
status=0
"$1" examples/src > "$3" || status=$?
diff -u "$2" "$3" || exit 1
if [ "$status" -ne 1 ]; then
	echo "embed exited with $status, not 1"
	exit 1
fi
echo "embed: $(wc -l < "$3") findings as expected, exit status 1"
