#!/bin/sh
# Measures profilescan against `clang -fsyntax-only` on the same translation
# units with the same flags, from a compile_commands.json.
#
#   scripts/bench.sh BUILD_DIR [JOBS]
#
# Run from the root of the project the database describes (as profilescan -p
# is).  Prints wall time and peak memory for both, sequentially and with JOBS
# parallel jobs (default: number of cores), and their ratios; and what tracing
# flows into scores costs (the same scan with --no-flows).  And the CPU time
# of one job against the parse-only floor (bench/parse_floor: the same units
# parsed exactly as a worker parses them, in one process), with and without
# flows, and with every unit parsed (--no-prefilter): what profilescan costs
# beyond libclang's own parse.  The two one-job scans write JSON reports,
# whose findings must be the same: the prefilter loses nothing.  Timing is
# not asserted anywhere in the tests: it is measured here, on demand.
set -eu

database_dir=$(cd "$1" && pwd)
jobs=${2:-$(nproc)}
here=$(cd "$(dirname "$0")/.." && pwd)
profilescan=${PROFILESCAN:-$here/build/profilescan}
parse_floor=${PARSE_FLOOR:-$(dirname "$profilescan")/parse_floor}
clang=${CLANG:-clang-14}

for tool in jq "$clang" /usr/bin/time "$profilescan" "$parse_floor"; do
	command -v "$tool" >/dev/null 2>&1 || missing="${missing:-} $tool"
done
if [ -n "${missing:-}" ]; then
	echo "bench: needs$missing (apt-get install jq clang-14 time; build profilescan in build/ or set PROFILESCAN)" >&2
	exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Per unit: its working directory and its arguments, one per line, with the
# compiler, -c and -o FILE dropped.  xargs splits a "command" string with
# the shell's quoting rules.
n=0
jq -c '.[]' "$database_dir/compile_commands.json" | while read -r entry; do
	n=$((n + 1))
	printf '%s' "$entry" | jq -r .directory > "$work/dir-$n"
	if printf '%s' "$entry" | jq -e .arguments >/dev/null; then
		printf '%s' "$entry" | jq -r '.arguments[]'
	else
		printf '%s' "$entry" | jq -r .command | xargs -n 1 printf '%s\n'
	fi | tail -n +2 | awk 'skip { skip = 0; next } $0 == "-o" { skip = 1; next } $0 == "-c" { next } { print }' \
		> "$work/args-$n"
	printf '%s' "$entry" | jq -r 'if (.file | startswith("/")) then .file else .directory + "/" + .file end' \
		>> "$work/files"
done
units=$(wc -l < "$work/files")
lines=$(xargs cat < "$work/files" | wc -l)
i=1
while [ "$i" -le "$units" ]; do
	printf 'cd "$(cat %s/dir-%d)" && exec xargs -d "\\n" -a %s/args-%d %s -fsyntax-only -w\n' \
		"$work" "$i" "$work" "$i" "$clang" > "$work/unit-$i.sh"
	i=$((i + 1))
done

measure() { # label, allowed exit codes, command...: prints "label seconds peak_kib cpu"
	label=$1
	allowed=$2
	shift 2
	status=0
	/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || status=$?
	case " $allowed " in
	*" $status "*) ;;
	*) echo "bench: $label exited with $status:" >&2; tail -5 "$work/stderr" >&2; exit 2;;
	esac
	# GNU time puts "Command exited with non-zero status N" first.
	read -r seconds kib user system <<EOF_TIME
$(tail -n 1 "$work/time")
EOF_TIME
	printf '%s %s %s %s\n' "$label" "$seconds" "$kib" "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')"
}

echo "units: $units, lines in their main files: $lines, jobs: $jobs"
{
	measure "clang-startup" 0 "$clang" -fsyntax-only -x c /dev/null
	measure "clang-1" 0 sh -c "ls '$work'/unit-*.sh | xargs -P 1 -n 1 sh"
	measure "profilescan-1" "0 1" "$profilescan" -q -j 1 -p "$database_dir" \
		--format json -o "$work/with.json"
	measure "clang-$jobs" 0 sh -c "ls '$work'/unit-*.sh | xargs -P $jobs -n 1 sh"
	measure "profilescan-$jobs" "0 1" "$profilescan" -q -j "$jobs" -p "$database_dir"
	measure "no-flows-$jobs" "0 1" "$profilescan" -q --no-flows -j "$jobs" -p "$database_dir"
	measure "parse-floor" 0 "$parse_floor" "$database_dir"
	measure "no-flows-1" "0 1" "$profilescan" -q --no-flows -j 1 -p "$database_dir"
	measure "no-prefilter-1" "0 1" "$profilescan" -q --no-prefilter -j 1 -p "$database_dir" \
		--format json -o "$work/without.json"
} > "$work/results"
awk -v jobs="$jobs" '
	{ t[$1] = $2; m[$1] = $3; cpu[$1] = $4 }
	END {
		printf "%-18s %10s %14s\n", "", "seconds", "peak RSS (MiB)"
		split("clang-1 profilescan-1 clang-" jobs " profilescan-" jobs " no-flows-" jobs, order, " ")
		for (i = 1; i <= 5; i++)
			printf "%-18s %10.2f %14.1f\n", order[i], t[order[i]], m[order[i]] / 1024
		printf "clang start-up alone (empty input): %.2f s per unit\n", t["clang-startup"]
		if (t["clang-1"] > 0)
			printf "time ratio profilescan/clang, 1 job: %.2f\n", t["profilescan-1"] / t["clang-1"]
		if (t["clang-" jobs] > 0)
			printf "time ratio profilescan/clang, %d jobs: %.2f\n", jobs, t["profilescan-" jobs] / t["clang-" jobs]
		if (t["no-flows-" jobs] > 0)
			printf "time ratio with/without flows, %d jobs: %.2f\n", jobs, t["profilescan-" jobs] / t["no-flows-" jobs]
		if (cpu["parse-floor"] > 0) {
			printf "CPU: parse-only floor %.2f s, profilescan 1 job %.2f s (%.2fx), without flows %.2f s (%.2fx)\n",
			       cpu["parse-floor"], cpu["profilescan-1"], cpu["profilescan-1"] / cpu["parse-floor"],
			       cpu["no-flows-1"], cpu["no-flows-1"] / cpu["parse-floor"]
			printf "CPU: profilescan 1 job --no-prefilter %.2f s (%.2fx); the prefilter saves %.0f%%\n",
			       cpu["no-prefilter-1"], cpu["no-prefilter-1"] / cpu["parse-floor"],
			       100 * (1 - cpu["profilescan-1"] / cpu["no-prefilter-1"])
		}
	}' "$work/results"
findings() { jq -S '.findings | sort_by(.fingerprint, .file, .line, .column, .rule)' "$1"; }
identical=different
[ "$(findings "$work/with.json")" = "$(findings "$work/without.json")" ] && identical=identical
printf 'prefilter: %s units parsed, %s skipped; %s findings with it, %s without: %s; %s sinks listed with it, %s without\n' \
	"$(jq .stats.translation_units "$work/with.json")" "$(jq .stats.units_skipped "$work/with.json")" \
	"$(jq '.findings | length' "$work/with.json")" "$(jq '.findings | length' "$work/without.json")" \
	"$identical" "$(jq '.sinks // [] | length' "$work/with.json")" \
	"$(jq '.sinks // [] | length' "$work/without.json")"
