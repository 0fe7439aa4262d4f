/*
 * --list-rules --format json: every rule as an integration needs it (a CI
 * system's rule catalogue, a dashboard, a check that a rule id exists), with
 * its vocabulary, and the concepts the rules combine.  Keys are only ever
 * added, as in the JSON report.
 */
#include <jansson.h>
#include <stdlib.h>

#include "cli.h"

static const char *const mode_names[] = {"word", "prefix", "stem"};

static json_t *terms_json(const ps_term *terms, size_t count, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < count; i++)
		*failed |= json_array_append_new(list, json_pack(
			"{s:s, s:s, s:s?}", "text", terms[i].text, "mode", mode_names[terms[i].mode],
			"lang", terms[i].lang)) != 0;
	return list;
}

static json_t *strings_json(char *const *items, size_t count, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < count; i++)
		*failed |= json_array_append_new(list, json_string(items[i])) != 0;
	return list;
}

static json_t *kinds_json(unsigned kinds, int *failed)
{
	json_t *list = json_array();
	for (int k = 0; list && k < PS_KIND_COUNT; k++)
		if (kinds & (1u << k))
			*failed |= json_array_append_new(list, json_string(ps_kind_name((ps_kind)k))) != 0;
	return list;
}

static json_t *combinations_json(const ps_rule *r, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < r->combination_count; i++) {
		const ps_combination *c = &r->combinations[i];
		*failed |= json_array_append_new(list, json_pack(
			"{s:s, s:o, s:o, s:o, s:I, s:s?}", "text", c->text,
			"concepts", strings_json(c->concepts, c->concept_count, failed),
			"context", strings_json(c->context, c->context_count, failed),
			"unless", strings_json(c->unless, c->unless_count, failed),
			"gap", (json_int_t)c->gap,
			"severity", c->severity < 0 ? NULL : ps_severity_name((ps_severity)c->severity))) != 0;
	}
	return list;
}

static json_t *references_json(const ps_rule *r, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < r->reference_count; i++) {
		const ps_reference *ref = r->references[i];
		*failed |= json_array_append_new(list, json_pack(
			"{s:s, s:s, s:s?}", "id", ref->id, "title", ref->title, "url", ref->url)) != 0;
	}
	return list;
}

static json_t *rule_json(const ps_rule *r, int *failed)
{
	return json_pack(
		"{s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o}",
		"id", r->id, "title", r->title, "category", ps_category_name(r->category),
		"severity", ps_severity_name(r->severity), "enabled", r->enabled, "pack", r->pack,
		"applies_to", kinds_json(r->kinds, failed), "rationale", r->rationale,
		"references", references_json(r, failed),
		"terms", terms_json(r->terms, r->term_count, failed),
		"combinations", combinations_json(r, failed),
		"exclusions", terms_json(r->exclusions, r->exclusion_count, failed),
		"unless_context", strings_json(r->unless_context, r->unless_context_count, failed));
}

/* Mark the concepts rule `r` reads, and those they imply. */
static void mark_concepts(const ps_ruleset *rules, const ps_rule *r, unsigned char *used)
{
	for (size_t i = 0; i < r->combination_count; i++) {
		const ps_combination *c = &r->combinations[i];
		for (size_t k = 0; k < c->concept_count; k++)
			used[c->concept_index[k]] = 1;
		for (size_t k = 0; k < c->context_count; k++)
			used[c->context_index[k]] = 1;
	}
	for (size_t k = 0; k < r->unless_context_count; k++)
		used[r->unless_context_index[k]] = 1;
	size_t count = ps_ruleset_concept_count(rules);
	for (int again = 1; again;) {
		again = 0;
		for (size_t k = 0; k < count; k++) {
			const ps_concept *c = ps_ruleset_concept(rules, k);
			/* Fillers join the words of every combination. */
			int wanted = used[k] || (c->filler && r->combination_count);
			if (wanted && !used[k])
				used[k] = again = 1;
			if (wanted && c->implies && !used[c->implied])
				used[c->implied] = again = 1;
		}
	}
}

/* The concepts the listed rules combine or look for, not every one
 * loaded: a project's own pack lists its own. */
static json_t *concepts_json(const ps_ruleset *rules, int *failed)
{
	size_t count = ps_ruleset_concept_count(rules);
	unsigned char *used = calloc(count + 1, 1);
	json_t *list = used ? json_array() : NULL;
	*failed |= list == NULL;
	for (size_t i = 0; used && i < ps_ruleset_rule_count(rules); i++)
		mark_concepts(rules, ps_ruleset_rule(rules, i), used);
	for (size_t i = 0; list && i < count; i++) {
		const ps_concept *c = ps_ruleset_concept(rules, i);
		if (!used[i])
			continue;
		*failed |= json_array_append_new(list, json_pack(
			"{s:s, s:s?, s:o, s:s?, s:I}", "id", c->id, "description", c->description,
			"terms", terms_json(c->terms, c->term_count, failed),
			"implies", c->implies, "siblings", (json_int_t)c->siblings)) != 0;
	}
	free(used);
	return list;
}

int ps_cli_list_rules_json(const ps_ruleset *rules, FILE *out, ps_error *err)
{
	int failed = 0;
	json_t *list = json_array();
	size_t count = ps_ruleset_rule_count(rules) + ps_builtin_rule_count();
	for (size_t i = 0; list && i < count; i++) {
		size_t own = ps_ruleset_rule_count(rules);
		const ps_rule *r = i < own ? ps_ruleset_rule(rules, i) : ps_builtin_rule(i - own);
		failed |= json_array_append_new(list, rule_json(r, &failed)) != 0;
	}
	json_t *root = json_pack("{s:{s:s, s:s}, s:o, s:o}", "tool", "name", "profilescan",
	                         "version", PS_VERSION, "rules", list,
	                         "concepts", concepts_json(rules, &failed));
	int rc = PS_OK;
	if (!root || failed)
		rc = PS_ENOMEM;
	else if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	         fputc('\n', out) == EOF)
		rc = PS_EIO;
	json_decref(root);
	if (rc != PS_OK && err) {
		err->code = rc;
		snprintf(err->message, sizeof err->message, "%s",
		         rc == PS_ENOMEM ? "out of memory listing the rules" : "cannot write the rules");
	}
	return rc;
}
