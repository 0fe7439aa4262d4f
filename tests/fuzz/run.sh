#!/bin/sh
# Run one libFuzzer harness for a bounded time on its checked-in seeds and
# every crash found so far (tests/fuzz/corpus/NAME), adding what it learns to
# a corpus in the build directory, never in the source tree.  Fails on any
# crash, leak, timeout or memory over the bound.
#
# Usage: run.sh HARNESS SEEDS WORK SECONDS
set -eu
harness="$1" seeds="$2" work="$3" seconds="$4"
mkdir -p "$work/corpus" "$work/artifacts"
# Replay every seed and regression input first: they must all pass.
"$harness" -runs=0 -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$work/artifacts/" \
	"$seeds" 2>"$work/replay.log" ||
	{ tail -30 "$work/replay.log"; exit 1; }
"$harness" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" \
	2>"$work/fuzz.log" || { tail -40 "$work/fuzz.log"; exit 1; }
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$work/fuzz.log" | tail -3
