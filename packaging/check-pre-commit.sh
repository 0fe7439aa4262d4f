#!/bin/sh
# ctest pre_commit_entry: the hook's entry script says how to install
# profilescan when it is not on PATH (exit 2), and runs it when it is (the
# example's findings, exit 1); given a changed source alone, as pre-commit
# passes it, it still reports the flow from a field its unchanged header
# declares (docs/partial-scans.md).
#   check-pre-commit.sh ENTRY PROFILESCAN EXAMPLE_FILE PROJECT_FIXTURE
set -u
entry="$1" profilescan="$2" example="$3" fixture="$4"
empty=$(mktemp -d) bin=$(mktemp -d) project=$(mktemp -d)
trap 'rm -rf "$empty" "$bin" "$project"' EXIT

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

# The project of the fixture is its copy, whatever holds the temporary folder.
cp -R "$fixture/." "$project/tree"
expected="src/score.c:6:9: error: field 'nationaliteit', named for nationality, feeds variable 'score' [PS-FLW-001]"
output=$(cd "$project/tree" && GIT_CEILING_DIRECTORIES="$project" PATH="$bin:/usr/bin:/bin" \
	/bin/sh "$entry" -p auto --no-source src/score.c 2>/dev/null)
status=$?
if [ "$status" -ne 1 ] || [ "$(printf '%s\n' "$output" | head -n 1)" != "$expected" ]; then
	echo "check-pre-commit: a changed source alone: exit $status, expected 1 and first" >&2
	echo "  $expected" >&2
	printf '%s\n' "$output" >&2
	exit 1
fi
