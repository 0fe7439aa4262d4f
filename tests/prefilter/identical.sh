#!/bin/sh
# The prefilter loses nothing: every golden case and examples/ give the same
# findings (fingerprints, messages, flows, uses: the whole objects) with and
# without --no-prefilter.  Cases that are no scan (merge, --list-rules,
# --explain, --version) and those that need a git repository are left out.
#
# Usage: identical.sh PROFILESCAN SOURCE_DIR WORK_DIR
set -eu
profilescan=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source=$(cd "$2" && pwd)
work=$3
rm -rf "$work"
mkdir -p "$work"
export NO_COLOR=1 SOURCE_DATE_EPOCH=1767225600 GIT_CEILING_DIRECTORIES="$work"

# Run the scan that `args` (one per line) asks for in directory $1, with
# $2 appended, its JSON report in $3; print the sorted findings.
findings() {
	dir=$1 extra=$2 report=$3
	sed -e "s|@DIR@|$dir|g" -e "s|@OUTPUT@|$report.asked|g" -e "s|@ALSO@|$report.also|g" \
		"$dir/.args" > "$report.args"
	[ -n "$extra" ] && printf '%s\n' "$extra" >> "$report.args"
	printf '%s\n' --format json -o "$report" >> "$report.args"
	(cd "$dir" && xargs -d '\n' -a "$report.args" "$profilescan" -q >/dev/null 2>&1) || true
	# A usage or configuration error makes no report, with or without.
	[ -s "$report" ] || { echo "no report"; return 0; }
	jq -S '.findings | sort_by(.fingerprint, .file, .line, .column, .rule)' "$report"
}

status=0
compared=0
for case in "$source"/tests/golden/cases/*/ "$source/examples/"; do
	name=$(basename "$case")
	if [ "$name" = examples ]; then
		printf '.\n' > "$work/args-examples"
		args="$work/args-examples"
	else
		args="$case/args"
		[ -f "$args" ] && [ ! -e "$case/repository" ] || continue
		grep -qxE 'merge|--list-rules|--explain|--version|--help|-h|--no-prefilter' "$args" &&
			continue
	fi
	dir="$work/$name"
	cp -R "$case" "$dir"
	cp "$args" "$dir/.args"
	find "$dir" -name '*.in' | while read -r f; do
		sed "s|@DIR@|$dir|g" "$f" > "${f%.in}"
	done
	with=$(findings "$dir" "" "$work/$name.with.json")
	without=$(findings "$dir" --no-prefilter "$work/$name.without.json")
	[ "$with" = "no report" ] && [ "$without" = "no report" ] && continue
	if [ "$with" != "$without" ]; then
		echo "$name: the findings differ with and without the prefilter"
		printf '%s\n' "$with" > "$work/$name.with"
		printf '%s\n' "$without" > "$work/$name.without"
		diff "$work/$name.without" "$work/$name.with" | head -20
		status=1
	fi
	compared=$((compared + 1))
done
echo "prefilter: $compared scans compared with and without it"
[ "$compared" -gt 0 ] || status=1
exit "$status"
