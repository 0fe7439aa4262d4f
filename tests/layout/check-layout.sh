#!/bin/sh
# The layout of plugin/ (docs/architecture.md): one folder per stage, in the
# order the data flows, and a stage includes only its own header and those
# of the stages ranked before it.  util/ and model/ are under every stage;
# classify/ needs no AST, so it ranks before parse/ and extract/, which build
# the contexts it reads; scan/ sequences the stages, so it ranks after the
# last one it calls.  cli/ is a program on the public API: it includes no
# header of plugin/ but its own.
#
# Usage: check-layout.sh SOURCE_DIR
set -eu
root="$1/plugin"
order="util model rules classify config discover prefilter parse extract flows run exceptions filter scan report cli"

rank() {
	r=0
	for stage in $order; do
		[ "$stage" = "$1" ] && { echo "$r"; return; }
		r=$((r + 1))
	done
	echo -1
}

status=0
for path in "$root"/*; do
	name="${path##*/}"
	if [ ! -d "$path" ]; then
		echo "plugin/$name: a file outside the stage folders"
		status=1
	elif [ "$(rank "$name")" -lt 0 ]; then
		echo "plugin/$name/: a folder that is not a stage (order: $order)"
		status=1
	fi
done

for file in "$root"/*/*.c "$root"/*/*.h; do
	stage="$(basename "$(dirname "$file")")"
	own="$(rank "$stage")"
	[ "$own" -ge 0 ] || continue
	# Every quoted include, with its line number.
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
	sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' > "${TMPDIR:-/tmp}/ps-layout.$$"
	while read -r line target; do
		where="plugin/$stage/${file##*/}:$line"
		case "$target" in
		profilescan/*) continue ;;
		*/*) ;;
		*)
			# A header beside the file: only cli/ has one without a folder.
			[ "$stage" = cli ] && [ "$target" = cli.h ] && continue
			echo "$where: includes \"$target\"; write the stage folder (\"$stage/$target\")"
			status=1
			continue ;;
		esac
		to="${target%%/*}"
		if [ "$stage" = cli ]; then
			echo "$where: cli/ includes \"$target\"; a program on the library uses the public API only"
			status=1
			continue
		fi
		theirs="$(rank "$to")"
		if [ "$theirs" -lt 0 ]; then
			echo "$where: includes \"$target\", which is in no stage"
			status=1
		elif [ "$theirs" -gt "$own" ]; then
			echo "$where: $stage/ includes \"$target\" of a later stage ($to/)"
			status=1
		fi
	done < "${TMPDIR:-/tmp}/ps-layout.$$"
	rm -f "${TMPDIR:-/tmp}/ps-layout.$$"
done

[ "$status" -eq 0 ] && echo "plugin/ layout: every include goes to its own or an earlier stage"
exit "$status"
