/*
 * The profilescan command: options in, exit code out.  All the work is done
 * by the library; main() only orders the steps: parse the options
 * (options.c), load the rules, scan, narrow the result, report, and answer
 * with ps_result_fails's exit code.
 *
 * Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or
 * fatal error, or an input that could not be scanned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Say what stopped the command; its exit code. */
static int fail(const ps_error *err)
{
	fputs("profilescan: error: ", stderr);
	ps_fputs_visible(err->message, stderr, NULL);
	fputc('\n', stderr);
	return EXIT_TROUBLE;
}

/* "the bundled packs come from installed patterns", for -v and --version. */
static void describe_packs(const ps_rule_source *source, char *out, size_t size)
{
	const char *origin = "";
	ps_ruleset *probe;
	if (ps_ruleset_new(&probe, NULL) == PS_OK &&
	    ps_ruleset_load_bundled(probe, 1, &origin, NULL) == PS_OK)
		snprintf(out, size, "the bundled %s come from %s",
		         source->replace_path_count ? "references" : "packs", origin);
	else
		snprintf(out, size, "the bundled packs cannot be found");
	ps_ruleset_free(probe);
}

static int load_rules(const ps_cli_options *o, ps_ruleset **out, ps_error *err)
{
	int rc = ps_ruleset_load_configured(&o->source, NULL, out, err);
	if (rc == PS_OK && o->verbose) {
		char packs[256];
		describe_packs(&o->source, packs, sizeof packs);
		fprintf(stderr, "profilescan: %zu rules; %s\n", ps_ruleset_rule_count(*out), packs);
	}
	return rc;
}

/* --version: which program, which parser, which vocabulary. */
static int print_version(const ps_cli_options *o, const ps_ruleset *rules)
{
	char packs[256], digest[PS_DIGEST_SIZE];
	describe_packs(&o->source, packs, sizeof packs);
	ps_ruleset_digest(rules, digest);
	printf("profilescan %s\nlibclang: %s\nrules: %zu, digest %s; %s\n", PS_VERSION,
	       ps_libclang_version(), ps_ruleset_rule_count(rules), digest, packs);
	return EXIT_CLEAN;
}

/* Errors always; warnings unless quiet; notes only when verbose, else
 * counted in a line of their own (unless quiet). */
static void print_diagnostics(const ps_result *result, int verbose, int quiet)
{
	size_t hidden = 0;
	for (size_t i = 0; i < result->diagnostic_count; i++) {
		const ps_diagnostic *d = &result->diagnostics[i];
		if (quiet && d->severity != PS_SEVERITY_ERROR)
			continue;
		if (d->severity == PS_SEVERITY_NOTE && !verbose) {
			hidden++;
			continue;
		}
		/* Paths and messages quote the scanned tree: shown, never sent. */
		if (!d->file) {
			fputs("profilescan", stderr);
		} else {
			ps_fputs_visible(d->file, stderr, NULL);
			if (d->line)
				fprintf(stderr, ":%u:%u", d->line, d->column);
		}
		fprintf(stderr, ": %s: ", ps_severity_name(d->severity));
		ps_fputs_visible(d->message, stderr, NULL);
		fputc('\n', stderr);
	}
	if (hidden)
		fprintf(stderr, "profilescan: note: %zu note%s about the scan, such as compiler "
		        "errors in files whose declarations that parsed were still scanned "
		        "(--verbose shows %s)\n", hidden, hidden == 1 ? "" : "s",
		        hidden == 1 ? "it" : "them");
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* How many findings each filter left out, for the summary. */
typedef struct hidden_counts {
	size_t by_baseline, by_changes;
} hidden_counts;

static void print_summary(const ps_result *result, const hidden_counts *hidden)
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
	if (hidden->by_baseline)
		snprintf(counts + strlen(counts), sizeof counts - strlen(counts),
		         "; %zu in the baseline", hidden->by_baseline);
	if (hidden->by_changes)
		snprintf(counts + strlen(counts), sizeof counts - strlen(counts),
		         "; %zu off the changed lines", hidden->by_changes);
	char with_errors[160] = ""; /* "%.0zu" prints nothing for 0 */
	if (s->context_units || s->translation_units_with_errors)
		snprintf(with_errors, sizeof with_errors, " (%.0zu%s%s%.0zu%s)", s->context_units,
		         s->context_units ? " for the project's context" : "",
		         s->context_units && s->translation_units_with_errors ? ", " : "",
		         s->translation_units_with_errors,
		         s->translation_units_with_errors ? " with compiler errors" : "");
	/* Never a silent gap: the units not parsed are counted. */
	if (s->units_skipped)
		snprintf(with_errors + strlen(with_errors), sizeof with_errors - strlen(with_errors),
		         " and %zu skipped by the prefilter", s->units_skipped);
	fprintf(stderr, "profilescan: %zu finding%s (%zu error%s, %zu warning%s, %zu note%s%s) "
	        "in %zu file%s: %zu translation unit%s%s, %zu declaration%s, %zu string literal%s\n",
	        open_findings, plural(open_findings),
	        by_severity[PS_SEVERITY_ERROR], plural(by_severity[PS_SEVERITY_ERROR]),
	        by_severity[PS_SEVERITY_WARNING], plural(by_severity[PS_SEVERITY_WARNING]),
	        by_severity[PS_SEVERITY_NOTE], plural(by_severity[PS_SEVERITY_NOTE]), counts,
	        s->files_scanned, plural(s->files_scanned),
	        s->translation_units, plural(s->translation_units), with_errors,
	        s->declarations, plural(s->declarations),
	        s->string_literals, plural(s->string_literals));
}

/* --list-rules and --explain, which need the rules and no scan. */
static int rules_only(const ps_cli_options *o, const ps_ruleset *rules)
{
	if (o->markdown && !o->listing)
		return ps_cli_usage_error("%s", "--format markdown goes with --list-rules");
	if (o->listing) {
		ps_error err = {0};
		if (ps_cli_list_rules(rules, o->markdown ? PS_CLI_MARKDOWN
		                                         : o->report.format == PS_FORMAT_JSON
		                                               ? PS_CLI_JSON : PS_CLI_TABLE,
		                      stdout, &err) != PS_OK)
			return fail(&err);
		return EXIT_CLEAN;
	}
	ps_error err = {0};
	if (ps_cli_explain(rules, o->explain, stdout, &err) == PS_OK)
		return EXIT_CLEAN;
	return fail(&err);
}

/* Read what narrows the report before scanning, to fail fast. */
static int load_filters(const ps_cli_options *o, ps_baseline **baseline, ps_changes **changes,
                        ps_error *err)
{
	int rc = o->baseline ? ps_baseline_load(o->baseline, baseline, err) : PS_OK;
	if (rc == PS_OK && o->changed_lines)
		rc = ps_changes_load(o->changed_lines, changes, err);
	return rc;
}

static int scan(const ps_cli_options *o, const ps_ruleset *rules, ps_result **out,
                ps_error *err)
{
	ps_scan_options options = o->scan;
	options.paths = o->paths;
	options.path_count = o->path_count;
	options.extra_args = o->extra_args.items;
	options.extra_arg_count = o->extra_args.count;
	options.excludes = o->excludes.items;
	options.exclude_count = o->excludes.count;
	options.rules = rules;
	options.rule_source = o->use_config ? &o->source : NULL;
	return ps_scan(&options, out, err);
}

/* The baseline records everything found; the filters come after. */
static int narrow(const ps_cli_options *o, const ps_baseline *baseline,
                  const ps_changes *changes, ps_result *result, hidden_counts *hidden,
                  ps_error *err)
{
	int rc = o->write_baseline ? ps_baseline_write(result, o->write_baseline, err) : PS_OK;
	size_t before = result->finding_count;
	if (rc == PS_OK && baseline)
		rc = ps_result_apply_baseline(result, baseline, NULL, err);
	hidden->by_baseline = before - result->finding_count;
	before = result->finding_count;
	if (rc == PS_OK && changes)
		rc = ps_result_keep_changed(result, changes, err);
	hidden->by_changes = before - result->finding_count;
	return rc;
}

/* The report, and the others --also asks for. */
static int write_reports(const ps_cli_options *o, const ps_ruleset *rules,
                         const ps_result *result, ps_error *err)
{
	const char *no_color = getenv("NO_COLOR");
	ps_report_options report = o->report;
	/* "-o -" is standard output, as for most tools. */
	const char *file = o->output && strcmp(o->output, "-") != 0 ? o->output : NULL;
	report.color = strcmp(o->color, "always") == 0 ||
	               (strcmp(o->color, "auto") == 0 && !file && isatty(STDOUT_FILENO) &&
	                !(no_color && *no_color));
	report.rules = rules;
	int rc = file ? ps_report_write_file(result, &report, file, err)
	              : ps_report_write(result, &report, stdout, err);
	for (size_t i = 0; rc == PS_OK && i < o->also.count; i++) {
		const char *colon = strchr(o->also.items[i], ':');
		char format[16];
		memcpy(format, o->also.items[i], (size_t)(colon - o->also.items[i]));
		format[colon - o->also.items[i]] = '\0';
		ps_report_options extra = PS_REPORT_OPTIONS_INIT;
		extra.format = (ps_format)ps_format_from_name(format);
		extra.rules = rules;
		rc = strcmp(colon + 1, "-") == 0 ? ps_report_write(result, &extra, stdout, err)
		                                 : ps_report_write_file(result, &extra, colon + 1, err);
	}
	return rc;
}

/* Reports, what the scan says about itself, and the exit code. */
static int report(const ps_cli_options *o, const ps_ruleset *rules, const ps_result *result,
                  const hidden_counts *hidden)
{
	ps_error err = {0};
	int rc = write_reports(o, rules, result, &err);
	print_diagnostics(result, o->verbose, o->quiet);
	if (o->verbose && result->stats.units_skipped)
		fprintf(stderr, "profilescan: the prefilter skipped %zu unit%s: no word of %s or of "
		        "the headers %s includes could be a finding, nor can a flow pass through "
		        "%s (--no-prefilter parses every unit)\n", result->stats.units_skipped,
		        plural(result->stats.units_skipped),
		        result->stats.units_skipped == 1 ? "its file" : "their files",
		        result->stats.units_skipped == 1 ? "it" : "each",
		        result->stats.units_skipped == 1 ? "it" : "them");
	if (!o->quiet)
		print_summary(result, hidden);
	if (rc != PS_OK)
		return fail(&err);
	switch (ps_result_fails(result, o->fail_on)) {
	case PS_PASSES: return EXIT_CLEAN;
	case PS_FAILS_FINDINGS: return EXIT_FINDINGS;
	default: return EXIT_TROUBLE;
	}
}

int main(int argc, char **argv)
{
	ps_cli_options o;
	ps_ruleset *rules = NULL;
	ps_baseline *baseline = NULL;
	ps_changes *changes = NULL;
	ps_result *result = NULL;
	hidden_counts hidden = {0, 0};
	ps_error err = {0};
	/* A subcommand of its own, with its own options. */
	if (argc > 1 && strcmp(argv[1], "merge") == 0)
		return ps_cli_merge(argc - 1, argv + 1);
	int status = ps_cli_parse(argc, argv, &o);
	if (status == PS_CLI_RUN && load_rules(&o, &rules, &err) != PS_OK)
		status = fail(&err);
	if (status == PS_CLI_RUN && o.version)
		status = print_version(&o, rules);
	if (status == PS_CLI_RUN && (o.listing || o.explain || o.markdown))
		status = rules_only(&o, rules);
	if (status == PS_CLI_RUN &&
	    (load_filters(&o, &baseline, &changes, &err) != PS_OK ||
	     scan(&o, rules, &result, &err) != PS_OK ||
	     narrow(&o, baseline, changes, result, &hidden, &err) != PS_OK))
		status = fail(&err);
	if (status == PS_CLI_RUN)
		status = report(&o, rules, result, &hidden);
	ps_baseline_free(baseline);
	ps_changes_free(changes);
	ps_result_free(result);
	ps_ruleset_free(rules);
	ps_cli_options_clear(&o);
	return status;
}
