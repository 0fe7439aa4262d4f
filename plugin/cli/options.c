/*
 * The command line, read into a ps_cli_options (cli.h): getopt_long, with
 * each option's argument checked where it is read, so that a mistake is
 * reported before any rules are loaded.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_EXTRA_ARG = 256, OPT_EXCLUDE, OPT_FORMAT, OPT_RULES, OPT_LIST_RULES,
	OPT_FAIL_ON, OPT_COLOR, OPT_VERSION, OPT_MAX_FILE_SIZE, OPT_EXPLAIN, OPT_ADD_RULES,
	OPT_UNIT_TIMEOUT, OPT_MAX_MEMORY,
	OPT_NO_CONFIG, OPT_ALSO, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_CHANGED_LINES,
	OPT_EXCEPTIONS, OPT_NO_INLINE_EXCEPTIONS, OPT_NO_FLOWS, OPT_NO_PREFILTER, OPT_SHARD, OPT_NO_SOURCE,
	OPT_PROJECT_ROOT, OPT_NO_CONTEXT
};

static const char usage_text[] =
	"usage: profilescan [options] [paths...]\n"
	"       profilescan merge [--format FORMAT] [-o FILE] REPORT.json...\n"
	"\n"
	"Finds declarations, macros and string literals in C, C++ and Objective-C\n"
	"code named for nationality, ethnicity, origin or their proxies, and traces\n"
	"where their values feed a score, a risk, a selection or a decision.\n"
	"Paths are files or directories (default: .).  'merge' joins JSON reports of\n"
	"several scans (such as the shards of --shard) into one report.\n"
	"\n"
	"  -p DIR|FILE|auto     compile_commands.json, or the directory holding it;\n"
	"                       auto: build/compile_commands.json or\n"
	"                       ./compile_commands.json when there is one\n"
	"      --extra-arg ARG  add ARG to every compile command (repeatable)\n"
	"      --exclude GLOB   leave out matching paths (repeatable): 'third_party',\n"
	"                       '*_test.c', 'src/generated/*'\n"
	"      --rules DIR|FILE use these rule packs instead of the bundled ones\n"
	"                       (repeatable; the bundled references stay available)\n"
	"      --add-rules DIR|FILE  use these rule packs besides them (repeatable)\n"
	"      --project-root DIR  the project around the paths (default: the nearest\n"
	"                       directory above them holding .git, .profilescan.yaml\n"
	"                       or compile_commands.json): its declarations seed\n"
	"                       flows into the paths, and its units that use them\n"
	"                       are parsed, but only the paths are reported\n"
	"      --no-context     read only the paths given, not their project\n"
	"      --no-config      ignore .profilescan.yaml files\n"
	"      --no-flows       do not trace flows into scores (PS-FLW-*): only\n"
	"                       declarations and literals\n"
	"      --no-prefilter   parse every unit, also those none of whose words\n"
	"                       (with their headers') the rules could make a finding of\n"
	"      --list-rules     list the rules and exit (--format json: with their\n"
	"                       vocabulary; --format markdown: as in docs/rules.md)\n"
	"      --explain WHAT   a name: how it is split and which terms and\n"
	"                       exclusions decide; a rule id: the rule, its rationale\n"
	"                       and references (an unknown rule id is an error)\n"
	"      --format FORMAT  text (default), json, sarif (GitHub code scanning),\n"
	"                       gitlab (Code Quality), csv (a row per finding),\n"
	"                       csv-flows (a row per step of each flow) or html\n"
	"                       (one self-contained page: the auditor's inventory)\n"
	"  -o, --output FILE    write the report to FILE (atomically; '-': stdout)\n"
	"      --also FORMAT:FILE  write another report of the same scan (repeatable;\n"
	"                       '-': stdout)\n"
	"      --exceptions FILE  accept the findings a YAML exceptions file lists\n"
	"      --no-inline-exceptions  refuse profilescan:allow comments\n"
	"      --write-baseline FILE  record the findings (by fingerprint, not line)\n"
	"      --baseline FILE  report only findings not in FILE, and list the\n"
	"                       entries of FILE that no longer match\n"
	"      --changed-lines DIFF  report only findings on lines a unified diff\n"
	"                       adds (git diff -U0 BASE; '-' reads standard input);\n"
	"                       run from the repository root\n"
	"      --fail-on LEVEL  error, warning (default), note or never: the lowest\n"
	"                       severity that makes the exit code 1; by default a\n"
	"                       protected ground or a flow into a score fails, a\n"
	"                       proxy's declaration (a note) does not\n"
	"      --shard K/N      scan only part K of N of the units (by a hash of\n"
	"                       each path, for a CI matrix; join the reports with\n"
	"                       'profilescan merge')\n"
	"  -j, --jobs N         parse N files at a time (default: number of cores)\n"
	"      --max-file-size BYTES  report larger files instead of parsing them\n"
	"                       (default: 16 MiB)\n"
	"      --unit-timeout S  end a unit's worker after S seconds (default 300)\n"
	"      --max-memory MIB  bound each worker's memory (default 4096)\n"
	"      --color WHEN     auto (default), always or never; NO_COLOR is honoured\n"
	"      --no-source      text: no source line and caret under each finding\n"
	"  -v, --verbose        also show compiler errors in the scanned files\n"
	"  -q, --quiet          nothing on stderr but errors\n"
	"      --version        print the version, libclang's, and where the rule\n"
	"                       packs come from with a digest of them, and exit\n"
	"  -h, --help           print this help and exit\n"
	"\n"
	"Exit status: 0 no findings, 1 findings, 2 usage or fatal error, or an input\n"
	"that could not be scanned.\n";

static const struct option long_options[] = {
	{"extra-arg", required_argument, NULL, OPT_EXTRA_ARG},
	{"exclude", required_argument, NULL, OPT_EXCLUDE},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"output", required_argument, NULL, 'o'},
	{"rules", required_argument, NULL, OPT_RULES},
	{"add-rules", required_argument, NULL, OPT_ADD_RULES},
	{"project-root", required_argument, NULL, OPT_PROJECT_ROOT},
	{"no-context", no_argument, NULL, OPT_NO_CONTEXT},
	{"no-config", no_argument, NULL, OPT_NO_CONFIG},
	{"also", required_argument, NULL, OPT_ALSO},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
	{"changed-lines", required_argument, NULL, OPT_CHANGED_LINES},
	{"exceptions", required_argument, NULL, OPT_EXCEPTIONS},
	{"no-inline-exceptions", no_argument, NULL, OPT_NO_INLINE_EXCEPTIONS},
	{"no-flows", no_argument, NULL, OPT_NO_FLOWS},
	{"no-prefilter", no_argument, NULL, OPT_NO_PREFILTER},
	{"no-source", no_argument, NULL, OPT_NO_SOURCE},
	{"list-rules", no_argument, NULL, OPT_LIST_RULES},
	{"explain", required_argument, NULL, OPT_EXPLAIN},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"jobs", required_argument, NULL, 'j'},
	{"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
	{"unit-timeout", required_argument, NULL, OPT_UNIT_TIMEOUT},
	{"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
	{"color", required_argument, NULL, OPT_COLOR},
	{"verbose", no_argument, NULL, 'v'},
	{"quiet", no_argument, NULL, 'q'},
	{"version", no_argument, NULL, OPT_VERSION},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* What a parse_ function returns when a list could not grow: neither
 * PS_CLI_RUN nor an exit status. */
#define NOMEM (-2)

static int append(ps_cli_list *list, const char *item)
{
	const char **grown = realloc(list->items, (list->count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	grown[list->count++] = item;
	list->items = grown;
	return 0;
}

int ps_cli_usage_error(const char *format, const char *detail)
{
	fprintf(stderr, "profilescan: ");
	fprintf(stderr, format, detail);
	fprintf(stderr, "\nTry 'profilescan --help'.\n");
	return EXIT_TROUBLE;
}

static int parse_also(ps_cli_options *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char format[16];
	size_t n = colon ? (size_t)(colon - arg) : 0;
	if (n > 0 && n < sizeof format) {
		memcpy(format, arg, n);
		format[n] = '\0';
	}
	if (n == 0 || n >= sizeof format || ps_format_from_name(format) < 0 || colon[1] == '\0')
		return ps_cli_usage_error("--also takes FORMAT:FILE with a format of text, "
		                          "json, sarif, gitlab, csv, csv-flows or html, not '%s'", arg);
	return append(&o->also, arg) < 0 ? NOMEM : PS_CLI_RUN;
}

static int parse_format(ps_cli_options *o, const char *arg)
{
	int format = ps_format_from_name(arg);
	o->markdown = strcmp(arg, "markdown") == 0;
	if (format < 0 && !o->markdown)
		return ps_cli_usage_error("unknown format '%s' (expected text, json, sarif, "
		                          "gitlab, csv, csv-flows or html)", arg);
	o->report.format = o->markdown ? PS_FORMAT_TEXT : (ps_format)format;
	return PS_CLI_RUN;
}

static int parse_fail_on(ps_cli_options *o, const char *arg)
{
	int level = strcmp(arg, "never") == 0 ? (int)PS_FAIL_NEVER : ps_severity_from_name(arg);
	if (level < 0)
		return ps_cli_usage_error("--fail-on takes error, warning, note or never, "
		                          "not '%s'", arg);
	o->fail_on = (ps_severity)level;
	return PS_CLI_RUN;
}

static int parse_jobs(ps_cli_options *o, const char *arg)
{
	char *end;
	long jobs = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || jobs < 1 || jobs > 256)
		return ps_cli_usage_error("-j takes a number from 1 to 256, not '%s'", arg);
	o->scan.jobs = (unsigned)jobs;
	return PS_CLI_RUN;
}

/* K/N, both whole numbers, 1 <= K <= N <= 4096. */
static int parse_shard(ps_cli_options *o, const char *arg)
{
	char *slash, *end;
	unsigned long k = strtoul(arg, &slash, 10), n = 0;
	int ok = *arg >= '0' && *arg <= '9' && *slash == '/' && slash[1] >= '0' && slash[1] <= '9';
	if (ok)
		n = strtoul(slash + 1, &end, 10);
	if (!ok || *end != '\0' || k < 1 || n > 4096 || k > n)
		return ps_cli_usage_error("--shard takes K/N, part K of N with 1 <= K <= N <= 4096 "
		                          "(1/4 to 4/4 for four shards), not '%s'", arg);
	o->scan.shard_index = (unsigned)k;
	o->scan.shard_count = (unsigned)n;
	return PS_CLI_RUN;
}

static int parse_max_file_size(ps_cli_options *o, const char *arg)
{
	char *end;
	unsigned long long size = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || size == 0)
		return ps_cli_usage_error("--max-file-size takes a number of bytes, not '%s'", arg);
	o->scan.max_file_size = (size_t)size;
	return PS_CLI_RUN;
}

/* A whole number from `low` to `high`: seconds into `*seconds`, or MiB
 * into `*bytes`. */
static int parse_limit(const char *arg, const char *what, long low, long high,
                       unsigned *seconds, size_t *bytes)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || n < low || n > high) {
		char detail[160];
		snprintf(detail, sizeof detail, "%s from %ld to %ld, not '%s'", what, low, high, arg);
		return ps_cli_usage_error("%s", detail);
	}
	if (seconds)
		*seconds = (unsigned)n;
	else
		*bytes = (size_t)n << 20;
	return PS_CLI_RUN;
}

/* The options that take a list or a checked argument; PS_CLI_RUN, an exit
 * status, or NOMEM. */
static int parse_argument(ps_cli_options *o, int opt, const char *arg)
{
	ps_cli_list *list = NULL;
	switch (opt) {
	case OPT_EXTRA_ARG: list = &o->extra_args; break;
	case OPT_EXCLUDE: list = &o->excludes; break;
	case OPT_RULES: list = &o->rule_paths; break;
	case OPT_ADD_RULES: list = &o->add_rule_paths; break;
	case OPT_ALSO: return parse_also(o, arg);
	case OPT_FORMAT: return parse_format(o, arg);
	case OPT_FAIL_ON: return parse_fail_on(o, arg);
	case 'j': return parse_jobs(o, arg);
	case OPT_SHARD: return parse_shard(o, arg);
	case OPT_MAX_FILE_SIZE: return parse_max_file_size(o, arg);
	case OPT_UNIT_TIMEOUT: return parse_limit(arg, "--unit-timeout takes a number of seconds",
	                                          1, 86400, &o->scan.unit_timeout, NULL);
	case OPT_MAX_MEMORY: return parse_limit(arg, "--max-memory takes a number of MiB",
	                                        512, 1 << 20, NULL, &o->scan.max_memory);
	case OPT_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never"))
			return ps_cli_usage_error("--color takes auto, always or never, not '%s'", arg);
		o->color = arg;
		return PS_CLI_RUN;
	}
	return append(list, arg) < 0 ? NOMEM : PS_CLI_RUN;
}

/* One option; PS_CLI_RUN to read the next, else what parse_argument says. */
static int parse_option(ps_cli_options *o, int opt, const char *arg, const char *given)
{
	switch (opt) {
	case 'p': o->scan.compile_database = arg; break;
	case 'o': o->output = arg; break;
	case 'v': o->verbose = 1; break;
	case 'q': o->quiet = 1; break;
	case OPT_NO_CONFIG: o->use_config = 0; break;
	case OPT_PROJECT_ROOT: o->scan.project_root = arg; break;
	case OPT_NO_CONTEXT: o->scan.project_root = ""; break;
	case OPT_BASELINE: o->baseline = arg; break;
	case OPT_WRITE_BASELINE: o->write_baseline = arg; break;
	case OPT_CHANGED_LINES: o->changed_lines = arg; break;
	case OPT_EXCEPTIONS: o->scan.exceptions_file = arg; break;
	case OPT_NO_INLINE_EXCEPTIONS: o->scan.no_inline_exceptions = 1; break;
	case OPT_NO_FLOWS: o->scan.no_flows = 1; break;
	case OPT_NO_PREFILTER: o->scan.no_prefilter = 1; break;
	case OPT_NO_SOURCE: o->report.hide_source = 1; break;
	case OPT_LIST_RULES: o->listing = 1; break;
	case OPT_EXPLAIN: o->explain = arg; break;
	case OPT_VERSION: o->version = 1; break;
	case 'h':
		fputs(usage_text, stdout);
		return EXIT_CLEAN;
	case ':':
		return ps_cli_usage_error("option '%s' needs an argument", given);
	case OPT_EXTRA_ARG: case OPT_EXCLUDE: case OPT_RULES: case OPT_ADD_RULES:
	case OPT_ALSO: case OPT_FORMAT: case OPT_FAIL_ON: case 'j': case OPT_MAX_FILE_SIZE:
	case OPT_UNIT_TIMEOUT: case OPT_MAX_MEMORY: case OPT_SHARD:
	case OPT_COLOR:
		return parse_argument(o, opt, arg);
	default:
		return ps_cli_usage_error("unknown option '%s'", given);
	}
	return PS_CLI_RUN;
}

int ps_cli_parse(int argc, char **argv, ps_cli_options *o)
{
	*o = (ps_cli_options){.scan = PS_SCAN_OPTIONS_INIT, .report = PS_REPORT_OPTIONS_INIT,
	                      .use_config = 1, .color = "auto", .fail_on = PS_SEVERITY_WARNING};
	int opt, status = PS_CLI_RUN;
	opterr = 0; /* our own messages, without the path of the binary */
	while (status == PS_CLI_RUN &&
	       (opt = getopt_long(argc, argv, ":p:o:j:vqh", long_options, NULL)) != -1)
		status = parse_option(o, opt, optarg, argv[optind - 1]);
	if (status == NOMEM) {
		fprintf(stderr, "profilescan: error: out of memory\n");
		return EXIT_TROUBLE;
	}
	o->paths = (const char *const *)(argv + optind);
	o->path_count = (size_t)(argc - optind);
	o->source = (ps_rule_source){o->rule_paths.items, o->rule_paths.count,
	                             o->add_rule_paths.items, o->add_rule_paths.count};
	return status;
}

void ps_cli_options_clear(ps_cli_options *o)
{
	free(o->extra_args.items);
	free(o->excludes.items);
	free(o->rule_paths.items);
	free(o->add_rule_paths.items);
	free(o->also.items);
}
