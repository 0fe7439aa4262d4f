# bash completion for profilescan.  tests/CMakeLists.txt checks that every
# option --help lists is here.
_profilescan()
{
	local cur prev
	cur="${COMP_WORDS[COMP_CWORD]}"
	prev="${COMP_WORDS[COMP_CWORD-1]}"
	case "$prev" in
	--format)
		COMPREPLY=($(compgen -W "text json sarif gitlab csv csv-flows html markdown" -- "$cur"))
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "error warning note never" -- "$cur"))
		return ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return ;;
	--also)
		COMPREPLY=($(compgen -W "text: json: sarif: gitlab: csv: csv-flows: html:" -- "$cur"))
		compopt -o nospace
		return ;;
	-p)
		COMPREPLY=($(compgen -W "auto" -- "$cur") $(compgen -f -- "$cur"))
		return ;;
	--explain)
		COMPREPLY=($(compgen -W "$(profilescan --list-rules 2>/dev/null | cut -d' ' -f1)" -- "$cur"))
		return ;;
	-j|--jobs|--max-file-size|--extra-arg|--unit-timeout|--max-memory|--shard)
		return ;;
	--project-root)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-o|--output|--rules|--add-rules|--exceptions|--baseline|--write-baseline|--changed-lines|--exclude)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	# The first word may be the merge subcommand, which takes JSON reports.
	if [ "$COMP_CWORD" -eq 1 ] && [[ "$cur" != -* ]]; then
		COMPREPLY=($(compgen -W "merge" -- "$cur") $(compgen -f -- "$cur"))
		return
	fi
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "-p -o -j -v -q -h --add-rules --also --baseline
			--changed-lines --color --exceptions --exclude --explain --extra-arg
			--fail-on --format --help --jobs --list-rules --max-file-size --no-config
			--no-context --project-root --no-flows --no-prefilter --no-inline-exceptions --no-source --output --quiet --rules --verbose
			--version --write-baseline --unit-timeout --max-memory --shard" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _profilescan profilescan
