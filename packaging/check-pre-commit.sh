#!/bin/sh
# ctest pre_commit_entry: the hook's entry script says how to install
# profilescan when it is not on PATH (exit 2), and runs it when it is (the
# example's findings, exit 1).
#   check-pre-commit.sh ENTRY PROFILESCAN EXAMPLE_FILE
set -u
entry="$1" profilescan="$2" example="$3"
empty=$(mktemp -d) bin=$(mktemp -d)
trap 'rm -rf "$empty" "$bin"' EXIT

message=$(PATH="$empty" /bin/sh "$entry" --no-config "$example" 2>&1 >/dev/null)
status=$?
if [ "$status" -ne 2 ] || ! printf '%s' "$message" | grep -q "^profilescan is not installed: install the Debian package"; then
	echo "check-pre-commit: without profilescan on PATH: exit $status, message: $message" >&2
	exit 1
fi
ln -s "$profilescan" "$bin/profilescan"
PATH="$bin:/usr/bin:/bin" /bin/sh "$entry" --no-config --no-flows -q "$example" >/dev/null 2>&1
status=$?
if [ "$status" -ne 1 ]; then
	echo "check-pre-commit: with profilescan on PATH: exit $status, expected 1 (findings)" >&2
	exit 1
fi
