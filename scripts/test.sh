#!/bin/sh
# The README's second command, and what CI runs: installs what is missing,
# builds with -Werror and runs the whole test suite, then builds again with
# AddressSanitizer and UndefinedBehaviorSanitizer (leaks fail tests, see
# tests/unit/leakcheck.h) and runs the suite once more; builds the Debian
# package and runs the installed program; and runs the libFuzzer harnesses
# of tests/fuzz/ for a bounded time each.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs="$(nproc)"

# Microsoft's SARIF validator, from npm, outside the source tree's tracked files.
multitool=build-tools/node_modules/.bin/sarif-multitool
if [ ! -x "$multitool" ]; then
	npm install --silent --no-audit --no-fund --prefix build-tools @microsoft/sarif-multitool@5.7.0
	# npm does not run the package's install script that makes it executable.
	chmod u+x build-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
fi

cmake -S . -B build -DPROFILESCAN_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
scripts/package-test.sh

cmake -S . -B build-sanitize -DPROFILESCAN_WERROR=ON -DPROFILESCAN_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-sanitize -j "$jobs"
ctest --test-dir build-sanitize --output-on-failure -j "$jobs"

# The libFuzzer harnesses of tests/fuzz/, built with clang: each replays its
# seeds and regression inputs, then fuzzes for a bounded time.
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang-14 -DPROFILESCAN_FUZZ=ON \
	-DPROFILESCAN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j "$jobs"
ctest --test-dir build-fuzz --output-on-failure -j "$jobs"
