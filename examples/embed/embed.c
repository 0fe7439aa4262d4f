/*
 * A program that embeds profilescan: scan the paths given (default "."),
 * print one line per finding and exit as the profilescan command would
 * with --fail-on warning.  See README.md beside this file.
 */
#include <stdio.h>

#include <profilescan/profilescan.h>

static int load_rules(ps_ruleset **rules, ps_error *err)
{
	/* The bundled packs (and the built-in rules), as the command uses them
	 * without --rules. */
	ps_rule_source source = {NULL, 0, NULL, 0};
	return ps_ruleset_load_configured(&source, NULL, rules, err);
}

int main(int argc, char **argv)
{
	ps_error err = {0};
	ps_ruleset *rules = NULL;
	ps_result *result = NULL;
	if (load_rules(&rules, &err) != PS_OK) {
		fprintf(stderr, "embed: %s\n", err.message);
		return 2;
	}
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = (const char *const *)(argv + 1);
	options.path_count = (size_t)(argc - 1);
	options.rules = rules;
	if (ps_scan(&options, &result, &err) != PS_OK) {
		fprintf(stderr, "embed: %s\n", err.message);
		ps_ruleset_free(rules);
		return 2;
	}
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		printf("%s %s:%u %s\n", f->rule->id, f->file, f->line, f->name);
	}
	/* What was not scanned is the library's to tell, and the host's to show. */
	for (size_t i = 0; i < result->diagnostic_count; i++)
		if (result->diagnostics[i].severity == PS_SEVERITY_ERROR)
			fprintf(stderr, "embed: not scanned: %s: %s\n",
			        result->diagnostics[i].file ? result->diagnostics[i].file : "-",
			        result->diagnostics[i].message);
	int status = ps_result_fails(result, PS_SEVERITY_WARNING);
	ps_result_free(result);
	ps_ruleset_free(rules);
	return status;
}
