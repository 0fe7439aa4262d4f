/*
 * The parse-only floor that scripts/bench.sh measures profilescan against:
 * every unit of a compilation database parsed exactly as a profilescan
 * worker parses it (psi_parse: the same flags, working and resource
 * directories, parse options), one after another in one process and one
 * libclang index, each translation unit disposed of at once.  What
 * profilescan costs beyond this is its own work.
 *
 *   parse_floor BUILD_DIR|compile_commands.json
 *
 * Prints the units parsed, those with compiler errors and the CPU seconds
 * spent, as one line of "key value" pairs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "discover/discover.h"
#include "parse/parse.h"

static double cpu_seconds(void)
{
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	return (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
	       (double)usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: parse_floor BUILD_DIR|compile_commands.json\n");
		return 2;
	}
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	ps_error err = {0};
	psi_unit *units = NULL;
	size_t count = 0;
	char *resource_dir = NULL;
	if (psi_resource_dir(&resource_dir, &err) != PS_OK ||
	    psi_compdb_load(argv[1], &options, &units, &count, &err) != PS_OK) {
		fprintf(stderr, "parse_floor: %s\n", err.message);
		free(resource_dir);
		return 2;
	}
	double start = cpu_seconds();
	CXIndex index = clang_createIndex(0, 0);
	size_t parsed = 0, with_errors = 0;
	for (size_t i = 0; i < count; i++) {
		CXTranslationUnit tu;
		unsigned errors = 0;
		psi_diags diags = {0};
		if (psi_parse(index, &units[i], resource_dir, &tu, &errors, &diags) == PSI_PARSED) {
			parsed++;
			with_errors += errors > 0;
			clang_disposeTranslationUnit(tu);
		}
		psi_diags_clear(&diags);
		psi_unit_clear(&units[i]);
	}
	clang_disposeIndex(index);
	printf("units %zu parsed %zu with_errors %zu cpu %.2f\n", count, parsed, with_errors,
	       cpu_seconds() - start);
	free(units);
	free(resource_dir);
	return 0;
}
