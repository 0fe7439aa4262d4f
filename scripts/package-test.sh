#!/bin/sh
# Builds the Debian package from build/, installs it with apt-get as a user
# would, and runs the installed profilescan on the bundled example: the
# package must hold the program, its rule packs, its man page and its
# completion, and find what the build's own binary finds.  Removes the
# package again when it was not installed before.  Needs root (or sudo).
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ "$(id -u)" -eq 0 ]; then
	as_root=""
elif command -v sudo >/dev/null 2>&1; then
	as_root="sudo"
else
	echo "package-test: not root and no sudo: the package is not tested" >&2
	exit 0
fi

(cd build && cpack -G DEB >/dev/null)
deb=$(ls build/profilescan_*.deb)
was_installed=$(dpkg-query -W -f='${Status}' profilescan 2>/dev/null | grep -c "install ok installed" || true)
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends \
	"./$deb" >/dev/null

for file in /usr/bin/profilescan /usr/share/man/man1/profilescan.1 \
	/usr/share/bash-completion/completions/profilescan \
	/usr/share/profilescan/patterns/nationality.yaml /usr/lib/pkgconfig/profilescan.pc; do
	dpkg -S "$file" >/dev/null || { echo "package-test: $file is not in the package" >&2; exit 1; }
done

# The installed binary reads the installed packs, from any directory.  The
# reports' times are fixed so that the two runs can be compared byte for byte.
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/src examples/include "$work/"
set +e
(cd "$work" && /usr/bin/profilescan -v --format json -o installed.json src 2>installed.err)
installed=$?
(cd "$work" && "$repo/build/profilescan" --format json -o built.json src 2>/dev/null)
built=$?
set -e
grep -q "come from installed patterns" "$work/installed.err" ||
	{ echo "package-test: the installed binary did not read the installed packs:" >&2;
	  cat "$work/installed.err" >&2; exit 1; }
if [ "$installed" -ne 1 ] || [ "$built" -ne 1 ] ||
   ! cmp -s "$work/installed.json" "$work/built.json"; then
	echo "package-test: the installed binary (exit $installed) and the build's (exit $built)" \
	     "disagree on examples/src" >&2
	exit 1
fi
echo "package-test: $deb installs, and its profilescan finds $(grep -c '"rule":' "$work/installed.json") findings in examples/src, as the build's does"

[ "$was_installed" -eq 1 ] || $as_root apt-get remove -y -qq profilescan >/dev/null
