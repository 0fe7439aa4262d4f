#!/bin/sh
# Writes a generated C tree for memory and scale measurements:
#
#   bench/gen_tree.sh DIR UNITS [FLAGGED]
#
# UNITS source files under DIR/src, each with a 200-line body of ordinary
# code; the first FLAGGED of them (default: all) also declare a person record
# with two flagged fields and a score that both feed, so a scan of the tree
# has 4 findings per flagged unit (2 declarations, 2 flows).  A compile DB is
# written beside it, so the tree can be scanned with -p as well as a folder.
set -eu
dir="$1"
units="$2"
flagged="${3:-$units}"
mkdir -p "$dir/src"
dir=$(cd "$dir" && pwd)
i=1
{
	echo "["
	while [ "$i" -le "$units" ]; do
		file="$dir/src/unit_$i.c"
		{
			if [ "$i" -le "$flagged" ]; then
				cat <<EOF_UNIT
struct person_$i { char nationality[4]; char postcode[7]; int age; };
double score_$i(const struct person_$i *p)
{
	double score = 0;
	if (p->nationality[0] != 'N')
		score += 2.0;
	if (p->postcode[0] == '1')
		return -1;
	return score + p->age;
}
EOF_UNIT
			fi
			j=1
			while [ "$j" -le 40 ]; do
				cat <<EOF_BODY
static int step_${i}_$j(int x)
{
	int total = x;
	for (int k = 0; k < x; k++)
		total += k * $j;
	return total;
}
EOF_BODY
				j=$((j + 1))
			done
		} > "$file"
		[ "$i" -gt 1 ] && echo ","
		printf '{"directory": "%s", "file": "%s", "arguments": ["cc", "-c", "%s"]}' "$dir" "$file" "$file"
		i=$((i + 1))
	done
	echo "]"
} > "$dir/compile_commands.json"
