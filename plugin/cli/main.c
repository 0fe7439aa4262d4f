/*
 * The profilescan command: options in, exit code out.  All the work is done
 * by the library; this file only parses arguments, loads the rules, calls
 * ps_scan and writes the report.
 *
 * Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or
 * fatal error, or an input that could not be scanned.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

enum {
	OPT_EXTRA_ARG = 256, OPT_EXCLUDE, OPT_FORMAT, OPT_RULES, OPT_LIST_RULES,
	OPT_FAIL_ON, OPT_COLOR, OPT_VERSION, OPT_MAX_FILE_SIZE, OPT_EXPLAIN, OPT_ADD_RULES,
	OPT_NO_CONFIG, OPT_ALSO, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_CHANGED_LINES,
	OPT_EXCEPTIONS, OPT_NO_INLINE_EXCEPTIONS, OPT_NO_FLOWS
};

static const char usage_text[] =
	"usage: profilescan [options] [paths...]\n"
	"\n"
	"Finds declarations, macros and string literals in C, C++ and Objective-C\n"
	"code named for nationality, ethnicity, origin or their proxies, and traces\n"
	"where their values feed a score, a risk, a selection or a decision.\n"
	"Paths are files or directories (default: .).\n"
	"\n"
	"  -p DIR|FILE          compile_commands.json, or the directory holding it\n"
	"      --extra-arg ARG  add ARG to every compile command (repeatable)\n"
	"      --exclude GLOB   leave out matching paths (repeatable): 'third_party',\n"
	"                       '*_test.c', 'src/generated/*'\n"
	"      --rules DIR|FILE use these rule packs instead of the bundled ones\n"
	"                       (repeatable; the bundled references stay available)\n"
	"      --add-rules DIR|FILE  use these rule packs besides them (repeatable)\n"
	"      --no-config      ignore .profilescan.yaml files\n"
	"      --no-flows       do not trace flows into scores (PS-FLW-*): only\n"
	"                       declarations and literals\n"
	"      --list-rules     list the rules and exit (--format markdown: as in\n"
	"                       docs/rules.md)\n"
	"      --explain WHAT   a name: how it is split and which terms and\n"
	"                       exclusions decide; a rule id: the rule, its rationale\n"
	"                       and references\n"
	"      --format FORMAT  text (default), json, sarif (GitHub code scanning)\n"
	"                       or gitlab (Code Quality)\n"
	"  -o, --output FILE    write the report to FILE (atomically) instead of stdout\n"
	"      --also FORMAT:FILE  write another report of the same scan (repeatable)\n"
	"      --exceptions FILE  accept the findings a YAML exceptions file lists\n"
	"      --no-inline-exceptions  refuse profilescan:allow comments\n"
	"      --write-baseline FILE  record the findings (by fingerprint, not line)\n"
	"      --baseline FILE  report only findings not in FILE, and list the\n"
	"                       entries of FILE that no longer match\n"
	"      --changed-lines DIFF  report only findings on lines a unified diff\n"
	"                       adds (git diff -U0 BASE; '-' reads standard input);\n"
	"                       run from the repository root\n"
	"      --fail-on LEVEL  error, warning, note (default) or never: the lowest\n"
	"                       severity that makes the exit code 1\n"
	"  -j, --jobs N         parse N files at a time (default: number of cores)\n"
	"      --max-file-size BYTES  report larger files instead of parsing them\n"
	"                       (default: 16 MiB)\n"
	"      --color WHEN     auto (default), always or never; NO_COLOR is honoured\n"
	"  -v, --verbose        also show compiler errors in the scanned files\n"
	"  -q, --quiet          no summary line on stderr\n"
	"      --version        print the version and exit\n"
	"  -h, --help           print this help and exit\n"
	"\n"
	"Exit status: 0 no findings, 1 findings, 2 usage or fatal error, or an input\n"
	"that could not be scanned.\n";

typedef struct string_list {
	const char **items;
	size_t count;
} string_list;

static int append(string_list *list, const char *item)
{
	const char **grown = realloc(list->items, (list->count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	grown[list->count++] = item;
	list->items = grown;
	return 0;
}

static int usage_error(const char *format, const char *detail)
{
	fprintf(stderr, "profilescan: ");
	fprintf(stderr, format, detail);
	fprintf(stderr, "\nTry 'profilescan --help'.\n");
	return EXIT_TROUBLE;
}

static int load_rules(const ps_rule_source *source, int verbose, ps_ruleset **out,
                      ps_error *err)
{
	int rc = ps_ruleset_load_configured(source, NULL, out, err);
	if (rc == PS_OK && verbose) {
		/* Only to say where the bundled packs were found. */
		const char *origin = "";
		ps_ruleset *probe;
		if (ps_ruleset_new(&probe, NULL) == PS_OK &&
		    ps_ruleset_load_bundled(probe, 1, &origin, NULL) == PS_OK)
			fprintf(stderr, "profilescan: %zu rules; the bundled %s come from %s\n",
			        ps_ruleset_rule_count(*out),
			        source->replace_path_count ? "references" : "packs", origin);
		ps_ruleset_free(probe);
	}
	return rc;
}

static void print_diagnostics(const ps_result *result, int verbose)
{
	size_t hidden = 0;
	for (size_t i = 0; i < result->diagnostic_count; i++) {
		const ps_diagnostic *d = &result->diagnostics[i];
		if (d->severity == PS_SEVERITY_NOTE && !verbose) {
			hidden++;
			continue;
		}
		if (!d->file)
			fprintf(stderr, "profilescan: %s: %s\n", ps_severity_name(d->severity), d->message);
		else if (d->line)
			fprintf(stderr, "%s:%u:%u: %s: %s\n", d->file, d->line, d->column,
			        ps_severity_name(d->severity), d->message);
		else
			fprintf(stderr, "%s: %s: %s\n", d->file, ps_severity_name(d->severity),
			        d->message);
	}
	if (hidden)
		fprintf(stderr, "profilescan: note: %zu notes about the scan, such as compiler "
		        "errors in files whose declarations that parsed were still scanned "
		        "(--verbose shows them)\n", hidden);
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void print_summary(const ps_result *result)
{
	size_t by_severity[3] = {0}, accepted = 0, flows = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		if (result->findings[i].suppression) {
			accepted++;
		} else {
			by_severity[result->findings[i].severity]++;
			flows += result->findings[i].flow != NULL;
		}
	}
	const ps_stats *s = &result->stats;
	size_t open_findings = result->finding_count - accepted;
	char counts[128] = "";
	if (flows)
		snprintf(counts, sizeof counts, "; %zu flow%s into scores", flows,
		         plural(flows));
	if (accepted)
		snprintf(counts + strlen(counts), sizeof counts - strlen(counts),
		         "; %zu accepted by exceptions", accepted);
	fprintf(stderr, "profilescan: %zu finding%s (%zu error%s, %zu warning%s, %zu note%s%s) "
	        "in %zu file%s: %zu translation unit%s, %zu declaration%s, %zu string literal%s\n",
	        open_findings, plural(open_findings),
	        by_severity[PS_SEVERITY_ERROR], plural(by_severity[PS_SEVERITY_ERROR]),
	        by_severity[PS_SEVERITY_WARNING], plural(by_severity[PS_SEVERITY_WARNING]),
	        by_severity[PS_SEVERITY_NOTE], plural(by_severity[PS_SEVERITY_NOTE]), counts,
	        s->files_scanned, plural(s->files_scanned),
	        s->translation_units, plural(s->translation_units),
	        s->declarations, plural(s->declarations),
	        s->string_literals, plural(s->string_literals));
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{"extra-arg", required_argument, NULL, OPT_EXTRA_ARG},
		{"exclude", required_argument, NULL, OPT_EXCLUDE},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"output", required_argument, NULL, 'o'},
		{"rules", required_argument, NULL, OPT_RULES},
		{"add-rules", required_argument, NULL, OPT_ADD_RULES},
		{"no-config", no_argument, NULL, OPT_NO_CONFIG},
		{"also", required_argument, NULL, OPT_ALSO},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
		{"changed-lines", required_argument, NULL, OPT_CHANGED_LINES},
		{"exceptions", required_argument, NULL, OPT_EXCEPTIONS},
		{"no-inline-exceptions", no_argument, NULL, OPT_NO_INLINE_EXCEPTIONS},
		{"no-flows", no_argument, NULL, OPT_NO_FLOWS},
		{"list-rules", no_argument, NULL, OPT_LIST_RULES},
		{"explain", required_argument, NULL, OPT_EXPLAIN},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"jobs", required_argument, NULL, 'j'},
		{"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
		{"color", required_argument, NULL, OPT_COLOR},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, OPT_VERSION},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	string_list extra_args = {0}, excludes = {0}, rule_paths = {0}, add_rule_paths = {0};
	string_list also = {0};
	int use_config = 1;
	ps_scan_options options = {0};
	ps_report_options report = {PS_FORMAT_TEXT, 0, NULL};
	const char *output = NULL, *color = "auto", *explain = NULL;
	const char *baseline_path = NULL, *write_baseline = NULL, *diff_path = NULL;
	ps_baseline *baseline = NULL;
	ps_changes *changes = NULL;
	int markdown = 0;
	int fail_on = PS_SEVERITY_NOTE, verbose = 0, quiet = 0, listing = 0, opt;
	int status = EXIT_TROUBLE;
	ps_ruleset *rules = NULL;
	ps_result *result = NULL;
	ps_error err = {0};

	opterr = 0; /* our own messages, without the path of the binary */
	while ((opt = getopt_long(argc, argv, ":p:o:j:vqh", long_options, NULL)) != -1) {
		switch (opt) {
		case 'p': options.compile_database = optarg; break;
		case 'o': output = optarg; break;
		case 'v': verbose = 1; break;
		case 'q': quiet = 1; break;
		case OPT_EXTRA_ARG: if (append(&extra_args, optarg) < 0) goto nomem; break;
		case OPT_EXCLUDE: if (append(&excludes, optarg) < 0) goto nomem; break;
		case OPT_RULES: if (append(&rule_paths, optarg) < 0) goto nomem; break;
		case OPT_ADD_RULES: if (append(&add_rule_paths, optarg) < 0) goto nomem; break;
		case OPT_NO_CONFIG: use_config = 0; break;
		case OPT_BASELINE: baseline_path = optarg; break;
		case OPT_WRITE_BASELINE: write_baseline = optarg; break;
		case OPT_CHANGED_LINES: diff_path = optarg; break;
		case OPT_EXCEPTIONS: options.exceptions_file = optarg; break;
		case OPT_NO_INLINE_EXCEPTIONS: options.no_inline_exceptions = 1; break;
		case OPT_NO_FLOWS: options.no_flows = 1; break;
		case OPT_ALSO: {
			const char *colon = strchr(optarg, ':');
			char format[16];
			size_t n = colon ? (size_t)(colon - optarg) : 0;
			if (n > 0 && n < sizeof format) {
				memcpy(format, optarg, n);
				format[n] = '\0';
			}
			if (n == 0 || n >= sizeof format || ps_format_from_name(format) < 0 ||
			    colon[1] == '\0') {
				status = usage_error("--also takes FORMAT:FILE with a format of text, "
				                     "json, sarif or gitlab, not '%s'", optarg);
				goto done;
			}
			if (append(&also, optarg) < 0)
				goto nomem;
			break;
		}
		case OPT_LIST_RULES: listing = 1; break;
		case OPT_EXPLAIN: explain = optarg; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				status = usage_error("--color takes auto, always or never, not '%s'", optarg);
				goto done;
			}
			color = optarg;
			break;
		case OPT_FORMAT: {
			int format = ps_format_from_name(optarg);
			markdown = strcmp(optarg, "markdown") == 0;
			if (format < 0 && !markdown) {
				status = usage_error("unknown format '%s' (expected text, json, sarif "
				                     "or gitlab)", optarg);
				goto done;
			}
			report.format = markdown ? PS_FORMAT_TEXT : (ps_format)format;
			break;
		}
		case OPT_FAIL_ON:
			fail_on = strcmp(optarg, "never") == 0 ? PS_SEVERITY_ERROR + 1
			                                        : ps_severity_from_name(optarg);
			if (fail_on < 0) {
				status = usage_error("--fail-on takes error, warning, note or never, "
				                     "not '%s'", optarg);
				goto done;
			}
			break;
		case 'j': {
			char *end;
			long jobs = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || jobs < 1 || jobs > 256) {
				status = usage_error("-j takes a number from 1 to 256, not '%s'", optarg);
				goto done;
			}
			options.jobs = (unsigned)jobs;
			break;
		}
		case OPT_MAX_FILE_SIZE: {
			char *end;
			unsigned long long size = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' || size == 0) {
				status = usage_error("--max-file-size takes a number of bytes, not '%s'",
				                     optarg);
				goto done;
			}
			options.max_file_size = (size_t)size;
			break;
		}
		case OPT_VERSION:
			printf("profilescan %s\n", PS_VERSION);
			status = EXIT_CLEAN;
			goto done;
		case 'h':
			fputs(usage_text, stdout);
			status = EXIT_CLEAN;
			goto done;
		case ':':
			status = usage_error("option '%s' needs an argument", argv[optind - 1]);
			goto done;
		default:
			status = usage_error("unknown option '%s'", argv[optind - 1]);
			goto done;
		}
	}

	ps_rule_source source = {rule_paths.items, rule_paths.count,
	                         add_rule_paths.items, add_rule_paths.count};
	if (load_rules(&source, verbose, &rules, &err) != PS_OK) {
		fprintf(stderr, "profilescan: error: %s\n", err.message);
		goto done;
	}
	if (markdown && !listing) {
		status = usage_error("%s", "--format markdown goes with --list-rules");
		goto done;
	}
	if (listing) {
		ps_cli_list_rules(rules, markdown, stdout);
		status = EXIT_CLEAN;
		goto done;
	}
	if (explain) {
		status = ps_cli_explain(rules, explain, stdout, &err) == PS_OK ? EXIT_CLEAN : EXIT_TROUBLE;
		if (status != EXIT_CLEAN)
			fprintf(stderr, "profilescan: error: %s\n", err.message);
		goto done;
	}

	/* Read what narrows the report before scanning, to fail fast. */
	if ((baseline_path && ps_baseline_load(baseline_path, &baseline, &err) != PS_OK) ||
	    (diff_path && ps_changes_load(diff_path, &changes, &err) != PS_OK)) {
		fprintf(stderr, "profilescan: error: %s\n", err.message);
		goto done;
	}
	options.paths = (const char *const *)(argv + optind);
	options.path_count = (size_t)(argc - optind);
	options.extra_args = extra_args.items;
	options.extra_arg_count = extra_args.count;
	options.excludes = excludes.items;
	options.exclude_count = excludes.count;
	options.rules = rules;
	options.rule_source = use_config ? &source : NULL;
	if (ps_scan(&options, &result, &err) != PS_OK) {
		fprintf(stderr, "profilescan: error: %s\n", err.message);
		goto done;
	}

	/* The baseline records everything found; the filters come after. */
	if ((write_baseline && ps_baseline_write(result, write_baseline, &err) != PS_OK) ||
	    (baseline && ps_result_apply_baseline(result, baseline, NULL, &err) != PS_OK) ||
	    (changes && ps_result_keep_changed(result, changes, &err) != PS_OK)) {
		fprintf(stderr, "profilescan: error: %s\n", err.message);
		goto done;
	}
	const char *no_color = getenv("NO_COLOR");
	report.color = strcmp(color, "always") == 0 ||
	               (strcmp(color, "auto") == 0 && !output && isatty(STDOUT_FILENO) &&
	                !(no_color && *no_color));
	report.rules = rules;
	int rc = output ? ps_report_write_file(result, &report, output, &err)
	                : ps_report_write(result, &report, stdout, &err);
	for (size_t i = 0; rc == PS_OK && i < also.count; i++) {
		const char *colon = strchr(also.items[i], ':');
		char format[16];
		memcpy(format, also.items[i], (size_t)(colon - also.items[i]));
		format[colon - also.items[i]] = '\0';
		ps_report_options extra = {(ps_format)ps_format_from_name(format), 0, rules};
		rc = ps_report_write_file(result, &extra, colon + 1, &err);
	}
	print_diagnostics(result, verbose);
	if (!quiet)
		print_summary(result);
	if (rc != PS_OK) {
		fprintf(stderr, "profilescan: error: %s\n", err.message);
		goto done;
	}
	status = EXIT_CLEAN;
	for (size_t i = 0; i < result->finding_count; i++)
		if (!result->findings[i].suppression && (int)result->findings[i].severity >= fail_on)
			status = EXIT_FINDINGS;
	if (ps_result_incomplete(result))
		status = EXIT_TROUBLE;
	goto done;
nomem:
	fprintf(stderr, "profilescan: error: out of memory\n");
done:
	ps_baseline_free(baseline);
	ps_changes_free(changes);
	ps_result_free(result);
	ps_ruleset_free(rules);
	free(extra_args.items);
	free(excludes.items);
	free(rule_paths.items);
	free(add_rule_paths.items);
	free(also.items);
	return status;
}
