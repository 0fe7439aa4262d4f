/*
 * --list-rules: a table of the rules, or with --format markdown the reference
 * document docs/rules.md (tests/CMakeLists.txt checks that it is current).
 */
#include <string.h>

#include "cli.h"

static const char *const mode_names[] = {"word", "prefix", "stem"};

/* The terms of one mode, grouped by language: "nl: a, b; en: c". */
static void markdown_terms(FILE *out, const ps_term *terms, size_t count)
{
	for (int mode = PS_MATCH_WORD; mode <= PS_MATCH_STEM; mode++) {
		int any = 0;
		for (size_t i = 0; i < count; i++) {
			if ((int)terms[i].mode != mode)
				continue;
			if (!any)
				fprintf(out, "  - %s:", mode_names[mode]);
			fprintf(out, "%s `%s`%s%s%s", any ? "," : "", terms[i].text,
			        terms[i].lang ? " (" : "", terms[i].lang ? terms[i].lang : "",
			        terms[i].lang ? ")" : "");
			any = 1;
		}
		if (any)
			fputc('\n', out);
	}
}

/* The ruleset's rules, then the built-in rules about exceptions. */
static const ps_rule *rule_at(const ps_ruleset *rules, size_t i)
{
	size_t own = ps_ruleset_rule_count(rules);
	return i < own ? ps_ruleset_rule(rules, i) : ps_builtin_rule(i - own);
}

static void markdown_ids(FILE *out, char *const *ids, size_t count, const char *separator)
{
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%s`%s`", i ? separator : "", ids[i]);
}

/* Terms, combinations of concepts, exclusions and vetoing contexts. */
static void markdown_vocabulary(FILE *out, const ps_rule *r)
{
	if (r->term_count) {
		fprintf(out, "\nTerms:\n\n");
		markdown_terms(out, r->terms, r->term_count);
	}
	if (r->combination_count)
		fprintf(out, "\nCombinations of [concepts](#concepts) (a context-made match is "
		        "one severity lower unless given):\n\n");
	for (size_t i = 0; i < r->combination_count; i++) {
		const ps_combination *c = &r->combinations[i];
		fprintf(out, "- `%s`", c->text);
		fprintf(out, c->concept_count > 1 ? ", at most %u other words apart\n" : "\n", c->gap);
	}
	if (r->exclusion_count) {
		fprintf(out, "\nExclusions:\n\n");
		markdown_terms(out, r->exclusions, r->exclusion_count);
	}
	if (r->unless_context_count) {
		fprintf(out, "\nNot where the name or its context shows: ");
		markdown_ids(out, r->unless_context, r->unless_context_count, ", ");
		fprintf(out, "\n");
	}
}

static void markdown_concepts(const ps_ruleset *rules, FILE *out)
{
	size_t count = ps_ruleset_concept_count(rules);
	if (count == 0)
		return;
	fprintf(out, "\n<a id=\"concepts\"></a>\n## Concepts\n\n"
	        "Rules combine these in names and look for them in contexts "
	        "(docs/evidence.md).\n");
	for (size_t i = 0; i < count; i++) {
		const ps_concept *c = ps_ruleset_concept(rules, i);
		fprintf(out, "\n### %s\n\n%s%s", c->id, c->description ? c->description : "",
		        c->description ? ".\n" : "");
		if (c->implies)
			fprintf(out, "%u names beside a declaration that hold it put it in the "
			        "context of `%s`.\n", c->siblings, c->implies);
		if (c->filler)
			fprintf(out, "Skipped between the concepts of a combination.\n");
		fprintf(out, "\n");
		markdown_terms(out, c->terms, c->term_count);
	}
}

static void markdown(const ps_ruleset *rules, FILE *out)
{
	fprintf(out, "# Rules\n\n"
	        "Generated from `patterns/` by `profilescan --list-rules --format markdown`;\n"
	        "do not edit by hand (a test fails when this file is stale).\n\n"
	        "| rule | category | severity | on by default | title |\n"
	        "| --- | --- | --- | --- | --- |\n");
	size_t count = ps_ruleset_rule_count(rules) + ps_builtin_rule_count();
	for (size_t i = 0; i < count; i++) {
		const ps_rule *r = rule_at(rules, i);
		fprintf(out, "| [%s](#%s) | %s | %s | %s | %s |\n", r->id, r->id,
		        ps_category_name(r->category), ps_severity_name(r->severity),
		        r->enabled ? "yes" : "no", r->title);
	}
	for (size_t i = 0; i < count; i++) {
		const ps_rule *r = rule_at(rules, i);
		fprintf(out, "\n<a id=\"%s\"></a>\n## %s: %s\n\n", r->id, r->id, r->title);
		fprintf(out, "Category `%s`, default severity `%s`, pack `%s`. Applies to:",
		        ps_category_name(r->category), ps_severity_name(r->severity), r->pack);
		const char *separator = " ";
		if (r->kinds == 0)
			fprintf(out, r->category == PS_CATEGORY_FLOW
			                 ? " uses of flagged declarations whose value reaches a sink"
			                 : " `profilescan:allow` comments");
		for (int k = 0; k < PS_KIND_COUNT; k++)
			if (r->kinds & (1u << k)) {
				fprintf(out, "%s%s", separator, ps_kind_name((ps_kind)k));
				separator = ", ";
			}
		fprintf(out, ".%s%s\n\n%s\n\nReferences:\n\n",
		        r->enabled ? "" : " Off by default: switch it on in .profilescan.yaml "
		                          "(see docs/configuration.md).",
		        r->category == PS_CATEGORY_SINK
		            ? " Never a finding: a name that matches is a sink for PS-FLW-001 and "
		              "PS-FLW-002 (see docs/flows.md)."
		            : "",
		        r->rationale);
		for (size_t k = 0; k < r->reference_count; k++) {
			const ps_reference *ref = r->references[k];
			if (ref->url)
				fprintf(out, "- [%s](%s)\n", ref->title, ref->url);
			else
				fprintf(out, "- %s\n", ref->title);
		}
		markdown_vocabulary(out, r);
	}
	markdown_concepts(rules, out);
}

int ps_cli_list_rules(const ps_ruleset *rules, ps_cli_listing how, FILE *out, ps_error *err)
{
	if (how == PS_CLI_JSON)
		return ps_cli_list_rules_json(rules, out, err);
	if (how == PS_CLI_MARKDOWN) {
		markdown(rules, out);
		return PS_OK;
	}
	for (size_t i = 0; i < ps_ruleset_rule_count(rules) + ps_builtin_rule_count(); i++) {
		const ps_rule *r = rule_at(rules, i);
		fprintf(out, "%-12s %-12s %-8s %s%s\n", r->id, ps_category_name(r->category),
		        ps_severity_name(r->severity), r->title, r->enabled ? "" : " (off)");
	}
	return PS_OK;
}
