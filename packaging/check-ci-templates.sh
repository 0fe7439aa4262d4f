#!/bin/sh
# ctest ci_templates: the GitHub Action pastes no input into a script (each
# reaches it as an environment variable, so a quote or `$(...)` in a path
# stays text) and needs no sudo as root; the GitLab job pins profilescan's ref.
#   check-ci-templates.sh SOURCE_DIR
set -u
cd "$1" || exit 1
status=0
# Lines of `run:` blocks: from a `run: |` to the next step or key at its indent.
pasted=$(awk '/^ *run: \|/ { inside = 1; indent = index($0, "r"); next }
	inside && NF && index($0, $1) <= indent { inside = 0 }
	inside && /\$\{\{/ { print FILENAME ":" NR ": " $0 }' action.yml)
if [ -n "$pasted" ]; then
	echo "check-ci-templates: an expression pasted into a script:" >&2
	echo "$pasted" >&2
	status=1
fi
if grep -n '^ *sudo ' action.yml >&2; then
	echo "check-ci-templates: sudo without checking for root" >&2
	status=1
fi
if ! grep -q 'PROFILESCAN_REF:?' ci/profilescan.gitlab-ci.yml; then
	echo "check-ci-templates: the GitLab job does not pin PROFILESCAN_REF" >&2
	status=1
fi
exit $status
