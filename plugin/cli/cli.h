/*
 * The command's own parts: its options, and printing rules and explanations.
 */
#ifndef PS_CLI_H
#define PS_CLI_H

#include <stdio.h>

#include "profilescan/profilescan.h"

/* Exit codes: ps_result_fails's for a scan, and 2 for usage or fatal errors. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

typedef struct ps_cli_list {
	const char **items;   /* borrowed from argv */
	size_t count;
} ps_cli_list;

/* What the command line asks for.  Strings are borrowed from argv. */
typedef struct ps_cli_options {
	ps_scan_options scan;      /* all but paths, extra args, excludes, rules */
	ps_report_options report;  /* format only; colours and rules come later */
	const char *const *paths;
	size_t path_count;
	ps_cli_list extra_args, excludes, rule_paths, add_rule_paths;
	ps_cli_list also;          /* FORMAT:FILE, formats checked */
	ps_rule_source source;     /* rule_paths and add_rule_paths */
	int use_config;
	const char *output, *color, *explain;
	const char *baseline, *write_baseline, *changed_lines;
	int markdown, listing, verbose, quiet, version;
	ps_severity fail_on;       /* or PS_FAIL_NEVER */
} ps_cli_options;

/* ps_cli_parse's answer when there is something to do. */
#define PS_CLI_RUN (-1)

/* Parse the command line into `*options`.  Returns PS_CLI_RUN, or the exit
 * status once --help, --version or a usage error (written to stderr) has
 * answered it.  `*options` is to be cleared either way. */
int ps_cli_parse(int argc, char **argv, ps_cli_options *options);
void ps_cli_options_clear(ps_cli_options *options);

/* Write "profilescan: FORMAT\nTry 'profilescan --help'." to stderr, with
 * DETAIL in FORMAT; returns EXIT_TROUBLE. */
int ps_cli_usage_error(const char *format, const char *detail);

/* profilescan merge REPORT.json... (merge.c): argv from "merge" on; the
 * exit status. */
int ps_cli_merge(int argc, char **argv);

/* --list-rules: a table, the document docs/rules.md, or JSON
 * (list_rules_json.c). */
typedef enum ps_cli_listing { PS_CLI_TABLE, PS_CLI_MARKDOWN, PS_CLI_JSON } ps_cli_listing;
int ps_cli_list_rules(const ps_ruleset *rules, ps_cli_listing how, FILE *out, ps_error *err);
int ps_cli_list_rules_json(const ps_ruleset *rules, FILE *out, ps_error *err);

/* --explain: a rule id prints the rule; anything else is explained as a
 * name; a rule id (it holds '-') that names no rule fails with PS_EUSAGE. */
int ps_cli_explain(const ps_ruleset *rules, const char *what, FILE *out, ps_error *err);

#endif
