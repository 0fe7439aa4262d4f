/*
 * profilescan merge: JSON reports of several scans (the shards of a CI
 * matrix, or many codebases) in, one report out, in any format.  The
 * library reads and merges them (ps_report_read, ps_result_merge); this is
 * only the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char merge_usage[] =
	"usage: profilescan merge [--format FORMAT] [-o FILE] REPORT.json...\n"
	"\n"
	"Joins JSON reports of profilescan (--format json) into one: findings that\n"
	"several reports hold once, an entity once at its definition, so that the\n"
	"reports of the shards of a tree (--shard K/N) give the findings of one\n"
	"scan of it.\n"
	"\n"
	"      --format FORMAT  json (default), sarif (one run per report), text,\n"
	"                       gitlab, csv, csv-flows or html\n"
	"  -o, --output FILE    write to FILE (atomically; '-': stdout, the default)\n"
	"  -h, --help           print this help and exit\n"
	"\n"
	"Exit status: 0 merged, 2 usage error or a report that cannot be read.\n";

static int merge_fail(const ps_error *err)
{
	fputs("profilescan: error: ", stderr);
	ps_fputs_visible(err->message, stderr, NULL);
	fputc('\n', stderr);
	return EXIT_TROUBLE;
}

/* Read every report, merge, write. */
static int run_merge(char **paths, size_t count, const ps_report_options *options,
                     const char *output)
{
	ps_error err = {0};
	ps_ruleset *known = NULL;
	ps_rule_source none = {NULL, 0, NULL, 0};
	/* The bundled rules lend their rationales to SARIF; without them the
	 * rules' titles stand in. */
	if (ps_ruleset_load_configured(&none, NULL, &known, NULL) != PS_OK)
		known = NULL;
	ps_result **results = calloc(count, sizeof *results), *merged = NULL;
	int rc = PS_OK;
	if (!results) {
		snprintf(err.message, sizeof err.message, "out of memory");
		rc = PS_ENOMEM;
	}
	for (size_t i = 0; rc == PS_OK && i < count; i++)
		rc = ps_report_read(paths[i], known, &results[i], &err);
	if (rc == PS_OK)
		rc = ps_result_merge(results, count, &merged, &err);
	for (size_t i = 0; results && i < count; i++)
		ps_result_free(results[i]);
	free(results);
	if (rc == PS_OK)
		rc = output && strcmp(output, "-") != 0
		         ? ps_report_write_file(merged, options, output, &err)
		         : ps_report_write(merged, options, stdout, &err);
	ps_result_free(merged);
	ps_ruleset_free(known);
	return rc == PS_OK ? EXIT_CLEAN : merge_fail(&err);
}

int ps_cli_merge(int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	ps_report_options report = PS_REPORT_OPTIONS_INIT;
	report.format = PS_FORMAT_JSON;
	const char *output = NULL;
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
		int format = opt == 'f' ? ps_format_from_name(optarg) : 0;
		if (opt == 'h') {
			fputs(merge_usage, stdout);
			return EXIT_CLEAN;
		} else if (opt == 'o') {
			output = optarg;
		} else if (opt == 'f' && format >= 0) {
			report.format = (ps_format)format;
		} else if (opt == 'f') {
			return ps_cli_usage_error("merge: unknown format '%s' (expected json, sarif, "
			                          "text, gitlab, csv, csv-flows or html)", optarg);
		} else if (opt == ':') {
			return ps_cli_usage_error("merge: option '%s' needs an argument", argv[optind - 1]);
		} else {
			return ps_cli_usage_error("merge: unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return ps_cli_usage_error("%s", "merge: name the JSON reports to merge");
	return run_merge(argv + optind, (size_t)(argc - optind), &report, output);
}
