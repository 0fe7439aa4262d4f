#!/bin/sh
# Installs what profilescan needs to build and test on Debian 12, and nothing
# that is already there.  Run as root, or with sudo available.
set -eu

# chromium renders the HTML report headless in a test (tests/html/browser.sh).
PACKAGES="build-essential cmake pkg-config g++ \
llvm-14 libclang-14-dev libclang-common-14-dev \
libyaml-dev libjansson-dev libgit2-dev libcriterion-dev \
help2man clang-14 libclang-rt-14-dev chromium"

# Node.js and npm install the SARIF multitool the tests validate with; a
# machine that already has npm keeps its own.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"

missing=""
for package in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $package"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=""
elif command -v sudo >/dev/null 2>&1; then
	as_root="sudo"
else
	echo "install-deps: these packages are missing and I am not root:$missing" >&2
	exit 2
fi
echo "install-deps: installing$missing" >&2
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
