/*
 * Concepts (named groups of words such as BIRTH or PLACE) and the
 * combinations of them that rules match ("BIRTH + PLACE", "LANGUAGE in
 * PERSON").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rules/loader.h"

static int valid_concept_id(const char *id)
{
	for (const char *p = id; *p; p++)
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
			return 0;
	return isupper((unsigned char)id[0]);
}

static int read_concept_key(psi_loader *ld, void *object, const char *name, yaml_node_t *key,
                            yaml_node_t *value)
{
	ps_concept *concept = object;
	if (strcmp(name, "id") == 0) {
		int rc = psi_want_owned_scalar(ld, value, name, &concept->id);
		if (rc == PS_OK && !valid_concept_id(concept->id))
			rc = psi_fail_at(ld, value, "concept id '%s' must be upper case letters, "
			                 "digits and '-', like BIRTH", concept->id);
		return rc;
	}
	if (strcmp(name, "description") == 0)
		return psi_want_owned_scalar(ld, value, name, &concept->description);
	if (strcmp(name, "implies") == 0)
		return psi_want_owned_scalar(ld, value, name, &concept->implies);
	if (strcmp(name, "siblings") == 0)
		return psi_read_count(ld, value, name, 64, &concept->siblings);
	if (strcmp(name, "filler") == 0)
		return psi_read_flag(ld, value, name, &concept->filler);
	if (strcmp(name, "split") == 0) {
		int split = 1;
		int rc = psi_read_flag(ld, value, name, &split);
		concept->no_split = !split;
		return rc;
	}
	if (strcmp(name, "scope-only") == 0)
		return psi_read_flag(ld, value, name, &concept->scope_only);
	if (strcmp(name, "terms") == 0)
		return psi_read_terms(ld, value, name, &concept->terms, &concept->term_count);
	return psi_fail_at(ld, key, "unknown key '%s' in a concept (expected id, description, "
	                   "terms, implies, siblings, filler, split, scope-only)", name);
}

int psi_add_concept(psi_loader *ld, yaml_node_t *node, void *context)
{
	(void)context;
	ps_ruleset *set = ld->rules;
	if (node->type != YAML_MAPPING_NODE)
		return psi_fail_at(ld, node, "a concept must be a mapping with id and terms");
	ps_concept *concept = calloc(1, sizeof *concept);
	if (!concept || PSI_PUSH(set->concepts, set->concept_count, set->concept_capacity) < 0) {
		free(concept);
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	}
	set->concepts[set->concept_count++] = concept;
	int rc = psi_each_key(ld, node, read_concept_key, concept);
	if (rc != PS_OK)
		return rc;
	if (!concept->id || concept->term_count == 0)
		return psi_fail_at(ld, node, "a concept needs an id and terms");
	/* Concepts are words: splitting run-together words makes prefixes
	 * and stems of them. */
	for (size_t t = 0; t < concept->term_count; t++)
		if (concept->terms[t].mode != PS_MATCH_WORD)
			return psi_fail(ld->err, PS_ERULES, "%s:%u: the terms of concept %s are words "
					"(word:), not prefixes or stems", concept->terms[t].file,
					concept->terms[t].line, concept->id);
	if (concept->implies && concept->siblings == 0)
		concept->siblings = 1;
	for (size_t i = 0; i + 1 < set->concept_count; i++)
		if (strcmp(set->concepts[i]->id, concept->id) == 0)
			return psi_fail_at(ld, node, "concept '%s' is defined twice", concept->id);
	return PS_OK;
}

void psi_free_concept(ps_concept *concept)
{
	free(concept->id);
	free(concept->description);
	free(concept->implies);
	psi_free_terms(concept->terms, concept->term_count);
	free(concept);
}

/* ---- combinations ------------------------------------------------------ */

static int add_name(psi_loader *ld, yaml_node_t *node, void *context)
{
	psi_strings *names = context;
	const char *text;
	int rc = psi_want_scalar(ld, node, "concept", &text);
	if (rc == PS_OK && !valid_concept_id(text))
		rc = psi_fail_at(ld, node, "'%s' is not a concept id (upper case, like BIRTH)", text);
	if (rc == PS_OK && psi_strings_add(names, text) < 0)
		rc = psi_fail(ld->err, PS_ENOMEM, "out of memory");
	return rc;
}

int psi_read_concept_names(psi_loader *ld, yaml_node_t *node, const char *key, char ***out,
                           size_t *count)
{
	psi_strings names = {0};
	int rc = psi_each_item(ld, node, key, 1, add_name, &names);
	*out = names.items;
	*count = names.count;
	return rc;
}

static int read_combination_key(psi_loader *ld, void *object, const char *name,
                                yaml_node_t *key, yaml_node_t *value)
{
	ps_combination *c = object;
	const char *text;
	int rc;
	if (strcmp(name, "concepts") == 0)
		return psi_read_concept_names(ld, value, name, &c->concepts, &c->concept_count);
	if (strcmp(name, "context") == 0)
		return psi_read_concept_names(ld, value, name, &c->context, &c->context_count);
	if (strcmp(name, "unless") == 0)
		return psi_read_concept_names(ld, value, name, &c->unless, &c->unless_count);
	if (strcmp(name, "gap") == 0)
		return psi_read_count(ld, value, name, 8, &c->gap);
	if (strcmp(name, "alone") == 0)
		return psi_read_flag(ld, value, name, &c->alone);
	if (strcmp(name, "applies-to") == 0)
		return psi_each_item(ld, value, name, 0, psi_add_kind, &c->kinds);
	if (strcmp(name, "severity") == 0) {
		rc = psi_want_scalar(ld, value, name, &text);
		if (rc == PS_OK && (c->severity = ps_severity_from_name(text)) < 0)
			rc = psi_fail_at(ld, value, "unknown severity '%s' (expected error, "
			                 "warning or note)", text);
		return rc;
	}
	return psi_fail_at(ld, key, "unknown key '%s' in a combination (expected concepts, "
	                   "context, unless, gap, alone, applies-to, severity)", name);
}

/* "BIRTH + PLACE", "LANGUAGE in PERSON", "any name in ETHNICITY",
 * "ORIGIN in PERSON unless TRAVEL", "NATION alone in PERSON". */
static char *combination_text(const ps_combination *c)
{
	size_t length = 22;
	for (size_t i = 0; i < c->concept_count; i++)
		length += strlen(c->concepts[i]) + 3;
	for (size_t i = 0; i < c->context_count; i++)
		length += strlen(c->context[i]) + 5;
	for (size_t i = 0; i < c->unless_count; i++)
		length += strlen(c->unless[i]) + 8;
	char *text = malloc(length);
	if (!text)
		return NULL;
	text[0] = '\0';
	for (size_t i = 0; i < c->concept_count; i++)
		strcat(strcat(text, i ? " + " : ""), c->concepts[i]);
	if (c->concept_count == 0)
		strcat(text, "any name");
	if (c->alone)
		strcat(text, " alone");
	for (size_t i = 0; i < c->context_count; i++)
		strcat(strcat(text, i ? " and " : " in "), c->context[i]);
	for (size_t i = 0; i < c->unless_count; i++)
		strcat(strcat(text, i ? " or " : " unless "), c->unless[i]);
	return text;
}

int psi_add_combination(psi_loader *ld, yaml_node_t *node, void *context)
{
	ps_rule *rule = context;
	if (node->type != YAML_MAPPING_NODE)
		return psi_fail_at(ld, node, "a combination must be a mapping such as "
		                   "{concepts: [BIRTH, PLACE]}");
	ps_combination *grown = realloc(rule->combinations,
	                                (rule->combination_count + 1) * sizeof *grown);
	if (!grown)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	rule->combinations = grown;
	ps_combination *c = &grown[rule->combination_count++];
	memset(c, 0, sizeof *c);
	c->gap = 2;
	c->severity = -1;
	c->line = (unsigned)node->start_mark.line + 1;
	c->column = (unsigned)node->start_mark.column + 1;
	c->file = psi_strdup(ld->file);
	if (!c->file)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	int rc = psi_each_key(ld, node, read_combination_key, c);
	if (rc != PS_OK)
		return rc;
	if (c->concept_count > PS_MAX_COMBINED_CONCEPTS)
		return psi_fail_at(ld, node, "a combination holds at most %d concepts",
		                   PS_MAX_COMBINED_CONCEPTS);
	if (c->concept_count == 0 && c->context_count == 0)
		return psi_fail_at(ld, node, "a combination needs concepts, context or both");
	c->text = combination_text(c);
	return c->text ? PS_OK : psi_fail(ld->err, PS_ENOMEM, "out of memory");
}

void psi_free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

void psi_free_combinations(ps_combination *combinations, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		psi_free_names(combinations[i].concepts, combinations[i].concept_count);
		psi_free_names(combinations[i].context, combinations[i].context_count);
		psi_free_names(combinations[i].unless, combinations[i].unless_count);
		free(combinations[i].unless_index);
		free(combinations[i].concept_index);
		free(combinations[i].context_index);
		free(combinations[i].file);
		free(combinations[i].text);
	}
	free(combinations);
}
