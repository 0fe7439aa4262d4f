#!/bin/sh
# Grades detection on the real-world corpus of tests/realworld/ (run by hand:
# CI cannot fetch the code).  Needs python3 and a build in build/.
#
#   scripts/realworld.sh checkout DIR          files of the manifest into DIR/ID/,
#                                              from the git directories fetch left
#                                              in /work/.mirror (or $MIRRORS)
#   scripts/realworld.sh grade DIR [SET]       scan each file alone and compare with
#                                              the labels; SET is a set of the manifest
#                                              (dev, heldout, test, fresh ... fresh8) or all
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$here/tests/realworld"
mirrors="${MIRRORS:-/work/.mirror}"
profilescan="${PROFILESCAN:-$here/build/profilescan}"

usage() {
	sed -n '2,10p' "$0" >&2
	exit 2
}

checkout() {
	out="$1"
	tail -n +2 "$corpus/manifest.tsv" | while IFS="$(printf '\t')" read -r id repo commit path rest; do
		git_dir="$(ls -d "$mirrors/$(echo "$repo" | tr / +)"* 2>/dev/null | head -1)"
		if [ -z "$git_dir" ]; then
			echo "realworld: $id: $repo is not fetched (use the search tool's fetch)" >&2
			continue
		fi
		[ -d "$git_dir/objects" ] || git_dir="$(find "$git_dir" -maxdepth 3 -name objects -type d | head -1 | xargs dirname)"
		mkdir -p "$out/$id"
		git --git-dir="$git_dir" show "$commit:$path" >"$out/$id/$(basename "$path")"
	done
}

grade() {
	dir="$1"
	set_name="${2:-all}"
	reports="$(mktemp -d)"
	trap 'rm -rf "$reports"' EXIT
	tail -n +2 "$corpus/manifest.tsv" | while IFS="$(printf '\t')" read -r id repo commit path set rest; do
		[ "$set_name" = all ] || [ "$set_name" = "$set" ] || continue
		# Each file alone, without its build, as a new user would scan it.
		"$profilescan" --no-config --no-flows --format json -o "$reports/$id.json" "$dir/$id" \
			>/dev/null 2>&1 || [ $? -eq 1 ] || echo "realworld: $id: scan failed" >&2
	done
	python3 "$here/scripts/realworld_grade.py" "$corpus" "$reports" "$set_name"
}

[ $# -ge 2 ] || usage
case "$1" in
checkout) checkout "$2" ;;
grade) grade "$2" "${3:-all}" ;;
*) usage ;;
esac
