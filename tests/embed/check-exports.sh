#!/bin/sh
# What the libraries define globally is the public API, all of it and
# nothing else: every such symbol starts with ps_ and is declared PS_EXTERN
# in a public header, every PS_EXTERN function is defined, and no public
# function is declared without PS_EXTERN (it would be hidden).
#
# Usage: check-exports.sh NM HEADER_DIR LIBRARY...
set -eu
LC_ALL=C
export LC_ALL
nm="$1"
headers="$2"
shift 2
tmp="${TMPDIR:-/tmp}/ps-exports.$$"
trap 'rm -f "$tmp".declared "$tmp".defined' EXIT

status=0
awk '/^[A-Za-z][^(]*[ *]ps_[a-z0-9_]*\(/ && !/^(PS_EXTERN |typedef |#)/ {
	file = FILENAME; sub(/.*\//, "", file)
	print file ":" FNR ": a public function declared without PS_EXTERN"
	failed = 1
} END { exit failed }' "$headers"/*.h || status=1

grep -h '^PS_EXTERN ' "$headers"/*.h |
sed 's/^[^(]*[ *]\(ps_[a-z0-9_]*\)(.*/\1/' | sort -u > "$tmp.declared"

for library in "$@"; do
	name="${library##*/}"
	# Global symbols the library defines: for an archive, those of every member.
	"$nm" -g --defined-only "$library" | awk 'NF == 3 { print $3 }' | sort -u > "$tmp.defined"
	while read -r symbol; do
		case "$symbol" in
		ps_*)
			grep -qx "$symbol" "$tmp.declared" && continue
			echo "$name: $symbol is exported but no public header declares it PS_EXTERN" ;;
		*)
			echo "$name: $symbol is exported and is not ps_" ;;
		esac
		status=1
	done < "$tmp.defined"
	while read -r symbol; do
		grep -qx "$symbol" "$tmp.defined" && continue
		echo "$name: $symbol is declared PS_EXTERN but not exported"
		status=1
	done < "$tmp.declared"
done

[ "$status" -eq 0 ] && echo "exports: the public API, all of it and nothing else"
exit "$status"
