#!/bin/sh
# profilescan scans its own library (plugin/, include/) with the build's
# compile DB, under a memory limit: its comments explain and quote the
# profilescan:allow syntax, which once made the exception parser allocate
# without bound (22 GB before it was stopped).  The scan must finish inside
# the limit with no error, and no comment of ours is an exception.
#
# Usage: self-scan.sh PROFILESCAN SOURCE_DIR BUILD_DIR
set -u
profilescan="$1" source="$2" build="$3"
out="$build/self-scan.out" err="$build/self-scan.err"

# 4 GiB of address space: ASan reserves far more, so the limit only applies
# to builds without it.
case "$(nm "$profilescan" 2>/dev/null | grep -c __asan_init)" in
0) ulimit -v 4194304 ;;
esac
cd "$source" || exit 1
timeout 300 "$profilescan" -p "$build" plugin include >"$out" 2>"$err"
status=$?
failed=0
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
	echo "self-scan: exit status $status (expected 0 or 1)"
	failed=1
fi
if grep -q "error:" "$err"; then
	echo "self-scan: errors on standard error:"
	grep "error:" "$err"
	failed=1
fi
if grep -q "PS-EXC-" "$out"; then
	echo "self-scan: comments of ours taken for exceptions:"
	grep "PS-EXC-" "$out"
	failed=1
fi
[ "$failed" -eq 0 ] && tail -1 "$err"
exit "$failed"
