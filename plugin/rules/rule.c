/*
 * One rule of a pack, and the references that rules cite.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rules/loader.h"

int psi_add_reference(psi_loader *ld, yaml_node_t *node, void *context)
{
	(void)context;
	if (node->type != YAML_MAPPING_NODE)
		return psi_fail_at(ld, node, "a reference must be a mapping with id, title and url");
	ps_reference *ref = calloc(1, sizeof *ref);
	if (!ref || PSI_PUSH(ld->rules->references, ld->rules->reference_count,
			     ld->rules->reference_capacity) < 0) {
		free(ref);
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	}
	ld->rules->references[ld->rules->reference_count++] = ref;
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		char **field = !name ? NULL
		             : strcmp(name, "id") == 0 ? &ref->id
		             : strcmp(name, "title") == 0 ? &ref->title
		             : strcmp(name, "url") == 0 ? &ref->url : NULL;
		if (!field)
			return psi_fail_at(ld, key, "unknown key '%s' in a reference "
			                   "(expected id, title, url)", name ? name : "?");
		int rc = psi_want_owned_scalar(ld, value, name, field);
		if (rc != PS_OK)
			return rc;
	}
	if (!ref->id || !ref->title)
		return psi_fail_at(ld, node, "a reference needs an id and a title");
	for (size_t i = 0; i + 1 < ld->rules->reference_count; i++)
		if (strcmp(ld->rules->references[i]->id, ref->id) == 0)
			return psi_fail_at(ld, node, "reference '%s' is defined twice", ref->id);
	return PS_OK;
}

static int add_reference_id(psi_loader *ld, yaml_node_t *node, void *context)
{
	struct pending_refs *pending = context;
	const char *id;
	int rc = psi_want_scalar(ld, node, "references", &id);
	if (rc != PS_OK)
		return rc;
	char **grown = realloc(pending->ids, (pending->count + 1) * sizeof *grown);
	if (!grown)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	pending->ids = grown;
	pending->ids[pending->count] = psi_strdup(id);
	return pending->ids[pending->count++] ? PS_OK : psi_fail(ld->err, PS_ENOMEM, "out of memory");
}

static int valid_rule_id(const char *id)
{
	if (!isupper((unsigned char)id[0]))
		return 0;
	for (const char *p = id; *p; p++)
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
			return 0;
	return 1;
}

/* The keys of a rule that are read into it alone: texts, kinds and its
 * vocabulary.  Returns 0 for any other key. */
static int read_rule_field(psi_loader *ld, ps_rule *rule, const char *name, yaml_node_t *value,
                           int *rc)
{
	if (strcmp(name, "title") == 0)
		*rc = psi_want_owned_scalar(ld, value, name, &rule->title);
	else if (strcmp(name, "subject") == 0)
		*rc = psi_want_owned_scalar(ld, value, name, &rule->subject);
	else if (strcmp(name, "rationale") == 0)
		*rc = psi_want_owned_scalar(ld, value, name, &rule->rationale);
	else if (strcmp(name, "applies-to") == 0)
		*rc = psi_each_item(ld, value, name, 0, psi_add_kind, &rule->kinds);
	else if (strcmp(name, "terms") == 0)
		*rc = psi_read_terms(ld, value, name, &rule->terms, &rule->term_count);
	else if (strcmp(name, "exclude") == 0)
		*rc = psi_read_terms(ld, value, name, &rule->exclusions, &rule->exclusion_count);
	else if (strcmp(name, "combine") == 0)
		*rc = psi_each_item(ld, value, name, 0, psi_add_combination, rule);
	else if (strcmp(name, "unless-context") == 0)
		*rc = psi_read_concept_names(ld, value, name, &rule->unless_context,
		                             &rule->unless_context_count);
	else
		return 0;
	return 1;
}

/* A rule while its keys are read: what the checks after them need. */
typedef struct rule_reading {
	ps_rule *rule;
	struct pending_refs *pending;
	int category, severity;         /* -1 until read */
	yaml_node_t *id, *references;   /* their values, where messages point */
} rule_reading;

static int read_category(psi_loader *ld, yaml_node_t *value, int *category)
{
	const char *text;
	int rc = psi_want_scalar(ld, value, "category", &text);
	*category = rc == PS_OK ? ps_category_from_name(text) : -1;
	/* Findings about exceptions and flows come from built-in rules. */
	if (rc == PS_OK && (*category < 0 || *category == PS_CATEGORY_EXCEPTION ||
	                    *category == PS_CATEGORY_FLOW))
		rc = psi_fail_at(ld, value, "unknown category '%s' (expected "
		                 "nationality, ethnicity, origin, proxy, religion or sink)", text);
	return rc;
}

static int read_rule_key(psi_loader *ld, void *object, const char *name, yaml_node_t *key,
                         yaml_node_t *value)
{
	rule_reading *r = object;
	const char *text;
	int rc;
	if (strcmp(name, "id") == 0) {
		r->id = value;
		rc = psi_want_owned_scalar(ld, value, name, &r->rule->id);
		if (rc == PS_OK && !valid_rule_id(r->rule->id))
			rc = psi_fail_at(ld, value, "rule id '%s' must be upper case "
			                 "letters, digits and '-', like PS-NAT-001", r->rule->id);
	} else if (strcmp(name, "category") == 0) {
		rc = read_category(ld, value, &r->category);
	} else if (strcmp(name, "severity") == 0) {
		rc = psi_want_scalar(ld, value, name, &text);
		if (rc == PS_OK && (r->severity = ps_severity_from_name(text)) < 0)
			rc = psi_fail_at(ld, value, "unknown severity '%s' (expected "
			                 "error, warning or note)", text);
	} else if (strcmp(name, "references") == 0) {
		r->references = value;
		rc = psi_each_item(ld, value, name, 0, add_reference_id, r->pending);
	} else if (!read_rule_field(ld, r->rule, name, value, &rc)) {
		rc = psi_fail_at(ld, key, "unknown key '%s' in a rule (expected id, "
		                 "category, severity, title, subject, rationale, "
		                 "applies-to, references, terms, combine, exclude, "
		                 "unless-context)", name);
	}
	return rc;
}

static int check_required(psi_loader *ld, yaml_node_t *node, const rule_reading *r)
{
	const ps_rule *rule = r->rule;
	static const char *const required[] = {"id", "category", "title", "subject",
	                                       "rationale", "references", "terms"};
	const int present[] = {rule->id != NULL, r->category >= 0, rule->title != NULL,
	                       rule->subject != NULL, rule->rationale != NULL,
	                       r->pending->count > 0,
	                       rule->term_count > 0 || rule->combination_count > 0};
	for (size_t i = 0; i < sizeof present / sizeof *present; i++)
		if (!present[i])
			return psi_fail_at(ld, node, "rule %s has no '%s'",
			                   rule->id ? rule->id : "(without id)", required[i]);
	return PS_OK;
}

/* A new rule of `pack`, added to the ruleset with its pending references
 * (so that freeing the ruleset frees it, whatever fails next). */
static int new_rule(psi_loader *ld, const psi_pack *pack, rule_reading *r)
{
	ps_ruleset *set = ld->rules;
	ps_rule *rule = calloc(1, sizeof *rule);
	if (!rule || PSI_PUSH(set->rules, set->rule_count, set->rule_capacity) < 0 ||
	    PSI_PUSH(set->pending, set->rule_count, set->pending_capacity) < 0) {
		free(rule);
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	}
	r->rule = rule;
	r->pending = &set->pending[set->rule_count];
	memset(r->pending, 0, sizeof *r->pending);
	set->rules[set->rule_count++] = rule;
	rule->pack = psi_strdup(pack->pack);
	rule->enabled = pack->enabled;
	return rule->pack ? PS_OK : psi_fail(ld->err, PS_ENOMEM, "out of memory");
}

static char *where_of(const psi_loader *ld, const yaml_node_t *node)
{
	return psi_sprintf("%s:%lu:%lu", ld->file, (unsigned long)node->start_mark.line + 1,
	                   (unsigned long)node->start_mark.column + 1);
}

int psi_add_rule(psi_loader *ld, yaml_node_t *node, void *context)
{
	const psi_pack *pack = context;
	if (node->type != YAML_MAPPING_NODE)
		return psi_fail_at(ld, node, "a rule must be a mapping");
	rule_reading r = {NULL, NULL, -1, -1, NULL, NULL};
	int rc = new_rule(ld, pack, &r);
	if (rc == PS_OK)
		rc = psi_each_key(ld, node, read_rule_key, &r);
	if (rc == PS_OK)
		rc = check_required(ld, node, &r);
	if (rc != PS_OK)
		return rc;
	ps_rule *rule = r.rule;
	rule->category = (ps_category)r.category;
	/* Protected grounds warn by default, proxies inform: a proxy is a finding
	 * to look at, not in itself a breach. */
	rule->severity = r.severity >= 0 ? (ps_severity)r.severity
	               : rule->category == PS_CATEGORY_PROXY ? PS_SEVERITY_NOTE
	               : PS_SEVERITY_WARNING;
	if (rule->kinds == 0)
		rule->kinds = (1u << PS_KIND_COMMENT) - 1; /* every kind of name */
	r.pending->where = where_of(ld, r.references);
	r.pending->id_where = where_of(ld, r.id);
	if (!r.pending->where || !r.pending->id_where ||
	    psi_copy_terms(&rule->exclusions, &rule->exclusion_count, pack->exclusions,
	                   pack->exclusion_count) < 0)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	return PS_OK;
}

ps_rule *psi_ruleset_add_stub(ps_ruleset *set, const char *id, ps_category category,
                              ps_severity severity, const char *title, const ps_rule *known,
                              const psi_strings *terms)
{
	ps_rule *rule = calloc(1, sizeof *rule);
	if (!rule || PSI_PUSH(set->rules, set->rule_count, set->rule_capacity) < 0 ||
	    PSI_PUSH(set->pending, set->rule_count, set->pending_capacity) < 0) {
		free(rule);
		return NULL;
	}
	memset(&set->pending[set->rule_count], 0, sizeof *set->pending);
	set->rules[set->rule_count++] = rule;
	rule->id = psi_strdup(id);
	rule->pack = psi_strdup("report");
	rule->category = category;
	rule->severity = severity;
	rule->title = psi_strdup(title);
	rule->subject = psi_strdup(known ? known->subject : title);
	rule->rationale = psi_strdup(known ? known->rationale : title);
	rule->enabled = 1;
	rule->terms = calloc(terms->count + 1, sizeof *rule->terms);
	int failed = !rule->id || !rule->pack || !rule->title || !rule->subject ||
	             !rule->rationale || !rule->terms;
	for (size_t i = 0; !failed && i < terms->count; i++) {
		rule->terms[i].text = psi_strdup(terms->items[i]);
		failed = !rule->terms[rule->term_count++].text;
	}
	return failed ? NULL : rule;
}

int psi_ruleset_add_stub_reference(ps_ruleset *set, ps_rule *rule, const char *id,
                                   const char *title, const char *url)
{
	const ps_reference *ref = NULL;
	for (size_t i = 0; !ref && i < set->reference_count; i++)
		if (strcmp(set->references[i]->id, id) == 0)
			ref = set->references[i];
	if (!ref) {
		ps_reference *made = calloc(1, sizeof *made);
		if (!made || PSI_PUSH(set->references, set->reference_count, set->reference_capacity) < 0) {
			free(made);
			return -1;
		}
		set->references[set->reference_count++] = made;
		made->id = psi_strdup(id);
		made->title = psi_strdup(title);
		made->url = url ? psi_strdup(url) : NULL;
		if (!made->id || !made->title || (url && !made->url))
			return -1;
		ref = made;
	}
	const ps_reference **grown = realloc(rule->references,
	                                     (rule->reference_count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	grown[rule->reference_count++] = ref;
	rule->references = grown;
	return 0;
}
