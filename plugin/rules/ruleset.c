/*
 * The ruleset: made, finished once every pack is loaded (references,
 * concepts and the term index resolved), selected from, and freed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/loader.h"

int ps_ruleset_new(ps_ruleset **out, ps_error *err)
{
	*out = calloc(1, sizeof **out);
	return *out ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
}

/* The index of concept `id`, or fail naming where it is asked for. */
static int resolve_concept(const ps_ruleset *rules, const char *id, const char *where,
                           const char *what, size_t *out, ps_error *err)
{
	for (size_t k = 0; k < rules->concept_count; k++)
		if (strcmp(rules->concepts[k]->id, id) == 0) {
			*out = k;
			return PS_OK;
		}
	return psi_fail(err, PS_ERULES, "%s: %s names unknown concept '%s'", where, what, id);
}

static int resolve_names(const ps_ruleset *rules, char **names, size_t count,
                         size_t **out, const char *where, const char *what, ps_error *err)
{
	if (count == 0)
		return PS_OK;
	*out = calloc(count, sizeof **out);
	if (!*out)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; i < count; i++) {
		int rc = resolve_concept(rules, names[i], where, what, &(*out)[i], err);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

/* Link the concept names of combinations, contexts and implications. */
static int resolve_concepts(ps_ruleset *rules, ps_error *err)
{
	int rc = PS_OK;
	for (size_t k = 0; rc == PS_OK && k < rules->concept_count; k++) {
		ps_concept *concept = rules->concepts[k];
		concept->implied = k;
		if (concept->implies)
			rc = resolve_concept(rules, concept->implies, concept->terms[0].file,
			                     concept->id, &concept->implied, err);
	}
	for (size_t r = 0; rc == PS_OK && r < rules->rule_count; r++) {
		ps_rule *rule = rules->rules[r];
		rc = resolve_names(rules, rule->unless_context, rule->unless_context_count,
		                   &rule->unless_context_index, rules->pending[r].id_where,
		                   rule->id, err);
		for (size_t c = 0; rc == PS_OK && c < rule->combination_count; c++) {
			ps_combination *combination = &rule->combinations[c];
			char where[512];
			snprintf(where, sizeof where, "%s:%u:%u", combination->file, combination->line,
			         combination->column);
			rc = resolve_names(rules, combination->concepts, combination->concept_count,
			                   &combination->concept_index, where, rule->id, err);
			if (rc == PS_OK)
				rc = resolve_names(rules, combination->context,
				                   combination->context_count,
				                   &combination->context_index, where, rule->id, err);
			if (rc == PS_OK)
				rc = resolve_names(rules, combination->unless, combination->unless_count,
				                   &combination->unless_index, where, rule->id, err);
			if (rule->enabled) {
				rules->has_combinations = 1;
				if (combination->concept_count == 0)
					rules->any_name_kinds |= combination->kinds ? combination->kinds
					                                            : rule->kinds;
				rules->has_context_rules |= combination->context_count > 0;
			}
		}
	}
	return rc;
}

static int index_concept_terms(ps_ruleset *rules, ps_error *err)
{
	for (size_t k = 0; k < rules->concept_count; k++) {
		const ps_concept *concept = rules->concepts[k];
		for (size_t t = 0; t < concept->term_count; t++) {
			psi_term_bucket *b =
				&rules->concept_buckets[psi_term_bucket_of(concept->terms[t].joined)];
			if (PSI_PUSH(b->items, b->count, b->capacity) < 0)
				return psi_fail(err, PS_ENOMEM, "out of memory");
			b->items[b->count++] = (psi_indexed_term){(uint32_t)k, &concept->terms[t]};
		}
	}
	return PS_OK;
}

static int index_terms(ps_ruleset *rules, ps_error *err)
{
	for (size_t r = 0; r < rules->rule_count; r++) {
		const ps_rule *rule = rules->rules[r];
		for (size_t t = 0; rule->enabled && t < rule->term_count; t++) {
			psi_term_bucket *b = &rules->buckets[psi_term_bucket_of(rule->terms[t].joined)];
			if (PSI_PUSH(b->items, b->count, b->capacity) < 0)
				return psi_fail(err, PS_ENOMEM, "out of memory");
			b->items[b->count++] = (psi_indexed_term){(uint32_t)r, &rule->terms[t]};
		}
	}
	return PS_OK;
}

int ps_ruleset_finish(ps_ruleset *rules, ps_error *err)
{
	if (rules->finished)
		return PS_OK;
	if (rules->rule_count == 0)
		return psi_fail(err, PS_ERULES, "no rules were loaded");
	for (size_t r = 0; r < rules->rule_count; r++) {
		ps_rule *rule = rules->rules[r];
		struct pending_refs *pending = &rules->pending[r];
		for (size_t k = 0; k < r; k++)
			if (strcmp(rules->rules[k]->id, rule->id) == 0)
				return psi_fail(err, PS_ERULES, "%s: rule id '%s' is defined twice",
						pending->id_where, rule->id);
		rule->references = calloc(pending->count, sizeof *rule->references);
		if (!rule->references)
			return psi_fail(err, PS_ENOMEM, "out of memory");
		for (size_t i = 0; i < pending->count; i++) {
			const ps_reference *found = NULL;
			for (size_t k = 0; k < rules->reference_count && !found; k++)
				if (strcmp(rules->references[k]->id, pending->ids[i]) == 0)
					found = rules->references[k];
			if (!found)
				return psi_fail(err, PS_ERULES, "%s: rule %s cites unknown reference '%s'",
						pending->where, rule->id, pending->ids[i]);
			rule->references[rule->reference_count++] = found;
		}
	}
	int rc = resolve_concepts(rules, err);
	if (rc == PS_OK)
		rc = index_terms(rules, err);
	if (rc == PS_OK)
		rc = index_concept_terms(rules, err);
	if (rc == PS_OK)
		rules->finished = 1;
	return rc;
}

static int selects(const ps_rule *rule, ps_selector selector, const char *name)
{
	switch (selector) {
	case PS_SELECT_RULE: return strcasecmp(rule->id, name) == 0;
	case PS_SELECT_CATEGORY: return strcmp(ps_category_name(rule->category), name) == 0;
	default: return strcmp(rule->pack, name) == 0;
	}
}

size_t ps_ruleset_enable(ps_ruleset *rules, ps_selector selector, const char *name,
                         int enabled)
{
	size_t selected = 0;
	for (size_t i = 0; i < rules->rule_count; i++)
		if (selects(rules->rules[i], selector, name)) {
			rules->rules[i]->enabled = enabled;
			selected++;
		}
	return selected;
}

size_t ps_ruleset_set_severity(ps_ruleset *rules, ps_selector selector, const char *name,
                               ps_severity severity)
{
	size_t selected = 0;
	for (size_t i = 0; i < rules->rule_count; i++)
		if (selects(rules->rules[i], selector, name)) {
			/* The configuration's severity holds for every way the rule
			 * matches, its combinations' own included. */
			rules->rules[i]->severity = severity;
			for (size_t c = 0; c < rules->rules[i]->combination_count; c++)
				rules->rules[i]->combinations[c].severity = (int)severity;
			selected++;
		}
	return selected;
}

size_t ps_ruleset_rule_count(const ps_ruleset *rules) { return rules->rule_count; }

size_t ps_ruleset_concept_count(const ps_ruleset *rules) { return rules->concept_count; }

const ps_concept *ps_ruleset_concept(const ps_ruleset *rules, size_t index)
{
	return index < rules->concept_count ? rules->concepts[index] : NULL;
}

const ps_rule *ps_ruleset_rule(const ps_ruleset *rules, size_t index)
{
	return index < rules->rule_count ? rules->rules[index] : NULL;
}

const ps_rule *ps_ruleset_find_rule(const ps_ruleset *rules, const char *id)
{
	for (size_t i = 0; i < rules->rule_count; i++)
		if (strcasecmp(rules->rules[i]->id, id) == 0)
			return rules->rules[i];
	return NULL;
}

void ps_ruleset_free(ps_ruleset *rules)
{
	if (!rules)
		return;
	for (size_t i = 0; i < rules->reference_count; i++) {
		free(rules->references[i]->id);
		free(rules->references[i]->title);
		free(rules->references[i]->url);
		free(rules->references[i]);
	}
	free(rules->references);
	for (size_t r = 0; r < rules->rule_count; r++) {
		ps_rule *rule = rules->rules[r];
		free(rule->id);
		free(rule->pack);
		free(rule->title);
		free(rule->subject);
		free(rule->rationale);
		psi_free_terms(rule->terms, rule->term_count);
		psi_free_terms(rule->exclusions, rule->exclusion_count);
		psi_free_combinations(rule->combinations, rule->combination_count);
		psi_free_names(rule->unless_context, rule->unless_context_count);
		free(rule->unless_context_index);
		free(rule->references);
		free(rule);
		for (size_t i = 0; i < rules->pending[r].count; i++)
			free(rules->pending[r].ids[i]);
		free(rules->pending[r].ids);
		free(rules->pending[r].where);
		free(rules->pending[r].id_where);
	}
	free(rules->rules);
	free(rules->pending);
	psi_strings_clear(&rules->sink_names);
	psi_strings_clear(&rules->not_sink_names);
	for (size_t k = 0; k < rules->concept_count; k++)
		psi_free_concept(rules->concepts[k]);
	free(rules->concepts);
	for (size_t b = 0; b < PSI_TERM_BUCKETS; b++) {
		free(rules->buckets[b].items);
		free(rules->concept_buckets[b].items);
	}
	free(rules);
}
