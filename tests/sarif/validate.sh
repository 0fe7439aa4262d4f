#!/bin/sh
# SARIF reports must validate with Microsoft's SARIF multitool with no error.
#
#   validate.sh PROFILESCAN SARIF_MULTITOOL SOURCE_DIR
#
# Scans golden fixtures that between them hold every kind of finding, a
# non-ASCII line and an input that cannot be scanned, then validates the
# report.  The multitool exits 0 even when it finds errors, so its output is
# read instead.
set -u
profilescan=$1
multitool=$2
source_dir=$3

if [ ! -x "$multitool" ]; then
	echo "validate.sh: the SARIF multitool is not at '$multitool';" \
	     "scripts/test.sh installs it (npm @microsoft/sarif-multitool)" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$source_dir/tests/golden/cases" || exit 1
"$profilescan" -q --format sarif -o "$work/report.sarif" \
	c-declarations cxx-declarations literals objc sarif-format binary-file headers-many-tus \
	exceptions-inline flows-c flows-cxx flows-across-units
status=$?
if [ "$status" -ne 2 ]; then
	echo "validate.sh: expected exit code 2 (findings and an unscannable file), got $status" >&2
	exit 1
fi
# The multitool is a .NET program: without this it needs ICU, which a fresh
# Debian machine may not have, and validation uses no culture data.
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$multitool" validate "$work/report.sarif" \
	> "$work/validation.txt" 2>&1
cat "$work/validation.txt"
errors=$(grep -c ': error ' "$work/validation.txt")
results=$(grep -c '"ruleId"' "$work/report.sarif")
echo "validate.sh: $results results, $errors validation errors"
flows=$(grep -c '"threadFlows"' "$work/report.sarif")
echo "validate.sh: $flows results with a code flow"
[ "$errors" -eq 0 ] && [ "$results" -gt 20 ] && [ "$flows" -gt 10 ] &&
	grep -q 'Analysis completed successfully' "$work/validation.txt" || exit 1

# From a subfolder, scanning beside it: files outside the working directory
# must still get valid URIs (relative to %SRCROOT%, or file:// ones).
cd "$source_dir/tests/golden/cases/flows-c" || exit 1
"$profilescan" -q --format sarif -o "$work/subfolder.sarif" . ../c-declarations ../flows-cxx
status=$?
if [ "$status" -ne 1 ]; then
	echo "validate.sh: expected exit code 1 from the subfolder, got $status" >&2
	exit 1
fi
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$multitool" validate "$work/subfolder.sarif" \
	> "$work/subfolder.txt" 2>&1
cat "$work/subfolder.txt"
errors=$(grep -c ': error ' "$work/subfolder.txt")
outside=$(grep -c '"uri": "file://.*c-declarations/' "$work/subfolder.sarif")
echo "validate.sh: from a subfolder, $errors validation errors, $outside URIs of files beside it"
[ "$errors" -eq 0 ] && [ "$outside" -gt 0 ] &&
	grep -q 'Analysis completed successfully' "$work/subfolder.txt"
