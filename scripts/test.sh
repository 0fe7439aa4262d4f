#!/bin/sh
# The README's second command, and what CI runs: installs what is missing,
# builds with -Werror and runs the whole test suite, then builds again with
# AddressSanitizer and UndefinedBehaviorSanitizer (leaks fail tests, see
# tests/unit/leakcheck.h) and runs the suite once more.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs="$(nproc)"

cmake -S . -B build -DPROFILESCAN_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

cmake -S . -B build-sanitize -DPROFILESCAN_WERROR=ON -DPROFILESCAN_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-sanitize -j "$jobs"
ctest --test-dir build-sanitize --output-on-failure -j "$jobs"
