#!/bin/sh
# No function of plugin/ over MAX_FUNCTION lines, no file over MAX_FILE:
# small files with one job, functions a reader can hold at once.  A
# function is counted from its opening brace at the start of a line to the
# closing one (the style of this code base).
#
# Usage: check-sizes.sh SOURCE_DIR [MAX_FUNCTION [MAX_FILE]]
set -eu
root="$1/plugin"
max_function="${2:-80}"
max_file="${3:-800}"
status=0
for file in "$root"/*/*.c "$root"/*/*.h; do
	[ -f "$file" ] || continue
	name="plugin/${file#"$root"/}"
	lines=$(wc -l < "$file")
	if [ "$lines" -gt "$max_file" ]; then
		echo "$name: $lines lines (at most $max_file)"
		status=1
	fi
	awk -v name="$name" -v max="$max_function" '
		/^[A-Za-z_].*\(/ { header = $0; header_line = NR }
		/^\{/ { start = NR }
		/^\}/ && start {
			if (NR - start - 1 > max) {
				sub(/\(.*/, "", header)
				n = split(header, words, /[ *]+/)
				printf "%s:%d: %s is %d lines (at most %d)\n", name, header_line,
				       words[n], NR - start - 1, max
				bad = 1
			}
			start = 0
		}
		END { exit bad }' "$file" || status=1
done
[ "$status" -eq 0 ] && echo "plugin/: no function over $max_function lines, no file over $max_file"
exit "$status"
