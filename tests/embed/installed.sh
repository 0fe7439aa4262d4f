#!/bin/sh
# The installed shape: `cmake --install` into a fresh prefix, then
# examples/embed compiled with nothing but what pkg-config says, once
# against the shared library and once against the static one, and each run
# as embed_example runs it.
#
# Usage: installed.sh CMAKE BUILD_DIR PREFIX CC CFLAGS EXPECTED, from the
# source root.  CFLAGS: what a sanitizer build must add to compile and link.
set -eu
cmake="$1" build="$2" prefix="$3" cc="$4" cflags="$5" expected="$6"
rm -rf "$prefix"
"$cmake" --install "$build" --prefix "$prefix" > /dev/null
pc="$(find "$prefix" -name profilescan.pc)"
[ -n "$pc" ] || { echo "no profilescan.pc installed under $prefix"; exit 1; }
PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_PATH
libdir="$(pkg-config --variable=libdir profilescan)"

run() {
	status=0
	"$@" examples/src > "$prefix/out" || status=$?
	diff -u "$expected" "$prefix/out"
	[ "$status" -eq 1 ] || { echo "$1 exited with $status, not 1"; exit 1; }
}

# shellcheck disable=SC2046 # pkg-config's words are separate arguments
"$cc" $cflags -o "$prefix/embed-shared" examples/embed/embed.c \
	$(pkg-config --cflags --libs profilescan)
readelf -d "$prefix/embed-shared" | grep -q 'NEEDED.*libprofilescan\.so' ||
	{ echo "embed-shared does not use libprofilescan.so"; exit 1; }
LD_LIBRARY_PATH="$libdir" run "$prefix/embed-shared"

# pkg-config cannot ask for the archive instead of the shared library: name
# it, and take the libraries it needs from --static.
private=""
for word in $(pkg-config --static --libs profilescan); do
	[ "$word" = -lprofilescan ] || private="$private $word"
done
# shellcheck disable=SC2046,SC2086
"$cc" $cflags -o "$prefix/embed-static" examples/embed/embed.c \
	$(pkg-config --cflags profilescan) "$libdir/libprofilescan.a" $private
if readelf -d "$prefix/embed-static" | grep -q 'NEEDED.*libprofilescan'; then
	echo "embed-static uses libprofilescan.so"
	exit 1
fi
run "$prefix/embed-static"
echo "installed: profilescan.pc builds the example against both libraries"
