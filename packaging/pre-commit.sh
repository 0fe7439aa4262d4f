#!/bin/sh
# The pre-commit hook's entry (.pre-commit-hooks.yaml): runs the installed
# profilescan on the files pre-commit passes, or says in one line how to
# install it.  pre-commit's own "Executable not found" says nothing of that.
if ! command -v profilescan >/dev/null 2>&1; then
	echo "profilescan is not installed: install the Debian package (apt-get install ./profilescan_VERSION_amd64.deb, built by 'cd build && cpack -G DEB'), or build it from its repository with scripts/demo.sh and put build/ on PATH; see docs/ci.md" >&2
	exit 2
fi
exec profilescan "$@"
