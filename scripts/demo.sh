#!/bin/sh
# The README's first command: installs what is missing, builds profilescan,
# builds the bundled example scoring system to get its compile_commands.json,
# and scans it.  Findings are the point of the demo, so exit code 1 (findings)
# counts as success here; 2 (an error) does not.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
cmake -S examples -B build/examples >/dev/null
cmake --build build/examples -j "$(nproc)" >/dev/null

status=0
build/profilescan -p build/examples "$@" || status=$?
if [ "$status" -gt 1 ]; then
	echo "demo: profilescan failed with exit code $status" >&2
	exit "$status"
fi
