#!/bin/sh
# Every option that `profilescan --help` lists is offered by the bash
# completion, and the completion offers none that --help does not list.
#
# Usage: check-completion.sh PROFILESCAN COMPLETION_FILE
set -u
help_options=$("$1" --help | grep -oE -- '(--[a-z][a-z-]+|(^|[ ,])-[a-zA-Z]\b)' |
	tr -d ' ,' | sort -u)
offered=$(sed -n '/compgen -W "-p/,/-- "\$cur"))/p' "$2" | grep -oE -- '-{1,2}[a-z][a-z-]*' | sort -u)
status=0
for option in $help_options; do
	echo "$offered" | grep -qx -- "$option" || { echo "completion lacks $option"; status=1; }
done
for option in $offered; do
	echo "$help_options" | grep -qx -- "$option" || { echo "completion offers $option, which --help does not list"; status=1; }
done
[ "$status" -eq 0 ] && echo "completion: $(echo "$help_options" | wc -l) options, as --help lists them"
exit "$status"
