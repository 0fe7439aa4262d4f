/*
 * Loading rule packs and reference files from YAML (libyaml's document API,
 * which keeps the line and column of every node for error messages).
 *
 * The format is documented in docs/rule-packs.md.  Unknown keys are errors so
 * that a misspelt `exlcude:` cannot silently disable an exclusion.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "rules/rules.h"

typedef struct loader {
	ps_ruleset *rules;
	const char *file;
	yaml_document_t *doc;
	int references_only;
	ps_error *err;
} loader;

#define fail_at(ld, node, ...) psi_yaml_fail((ld)->err, (ld)->file, (node), __VA_ARGS__)

static int want_scalar(loader *ld, yaml_node_t *node, const char *key, const char **out)
{
	*out = psi_yaml_scalar(node);
	if (!*out || **out == '\0')
		return fail_at(ld, node, "'%s' must be a non-empty text", key);
	return PS_OK;
}

static int want_owned_scalar(loader *ld, yaml_node_t *node, const char *key, char **out)
{
	const char *text;
	int rc = want_scalar(ld, node, key, &text);
	if (rc != PS_OK)
		return rc;
	free(*out);
	/* Folded YAML (">") ends in a newline that no message wants. */
	size_t length = strlen(text);
	while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == ' '))
		length--;
	*out = psi_strndup(text, length);
	return *out ? PS_OK : psi_fail(ld->err, PS_ENOMEM, "out of memory");
}

static int read_flag(loader *ld, yaml_node_t *node, const char *key, int *out)
{
	const char *text = psi_yaml_scalar(node);
	if (!text || (strcmp(text, "true") != 0 && strcmp(text, "false") != 0))
		return fail_at(ld, node, "'%s' must be true or false", key);
	*out = strcmp(text, "true") == 0;
	return PS_OK;
}

/* Call `fn` for each element of a sequence, or for a lone scalar. */
typedef int (*item_fn)(loader *ld, yaml_node_t *item, void *context);

static int each_item(loader *ld, yaml_node_t *node, const char *key, int allow_scalar,
                     item_fn fn, void *context)
{
	if (allow_scalar && node->type == YAML_SCALAR_NODE)
		return fn(ld, node, context);
	if (node->type != YAML_SEQUENCE_NODE)
		return fail_at(ld, node, "'%s' must be a list", key);
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		int rc = fn(ld, yaml_document_get_node(ld->doc, *it), context);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

/* ---- terms ------------------------------------------------------------ */

typedef struct term_list {
	ps_term **terms;
	size_t *count;
	size_t capacity;
	ps_match_mode mode; /* while reading the values of one mode key */
	const char *lang;   /* of the entry being read, or NULL */
	int anywhere;       /* of the entry being read */
	int exclusions;     /* reading `exclude:`, where `anywhere` is allowed */
} term_list;

static int add_term(loader *ld, yaml_node_t *node, void *context)
{
	term_list *list = context;
	const char *text;
	int rc = want_scalar(ld, node, "term", &text);
	if (rc != PS_OK)
		return rc;
	char *joined = malloc(strlen(text) + 1);
	if (!joined)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	size_t length = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (isalnum(*p) || *p >= 0x80)
			joined[length++] = (char)tolower(*p);
		else if (*p != ' ' && *p != '_' && *p != '-') {
			free(joined);
			return fail_at(ld, node, "term '%s' may hold only letters, digits, "
			               "spaces, '_' and '-'", text);
		}
	}
	joined[length] = '\0';
	if (length < 2) {
		free(joined);
		return fail_at(ld, node, "term '%s' is shorter than two letters", text);
	}
	if (PSI_PUSH(*list->terms, *list->count, list->capacity) < 0) {
		free(joined);
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	}
	ps_term *term = &(*list->terms)[(*list->count)++];
	memset(term, 0, sizeof *term);
	term->mode = list->mode;
	term->anywhere = list->anywhere;
	term->joined = joined;
	term->length = length;
	term->text = psi_strdup(text);
	term->lang = list->lang ? psi_strdup(list->lang) : NULL;
	term->file = psi_strdup(ld->file);
	term->line = (unsigned)node->start_mark.line + 1;
	if (!term->text || !term->file || (list->lang && !term->lang))
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	return PS_OK;
}

/* One entry of `terms:` or `exclude:`: {word|prefix|stem: text or list, lang: xx}. */
static int add_term_group(loader *ld, yaml_node_t *node, void *context)
{
	term_list *list = context;
	if (node->type != YAML_MAPPING_NODE)
		return fail_at(ld, node, "a term entry must be a mapping such as "
		               "{stem: nationaliteit, lang: nl}");
	int modes = 0;
	list->lang = NULL;
	list->anywhere = 0;
	/* The entry's settings first, wherever they are written in it. */
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		if (name && strcmp(name, "lang") == 0) {
			if (!psi_yaml_scalar(value) || !*psi_yaml_scalar(value))
				return fail_at(ld, value, "'lang' must be a language code");
			list->lang = psi_yaml_scalar(value);
		} else if (name && strcmp(name, "anywhere") == 0) {
			if (!list->exclusions)
				return fail_at(ld, key, "'anywhere' belongs to exclusions, not terms");
			int rc = read_flag(ld, value, name, &list->anywhere);
			if (rc != PS_OK)
				return rc;
		}
	}
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		if (!name)
			return fail_at(ld, key, "keys must be plain text");
		if (strcmp(name, "lang") == 0 || strcmp(name, "anywhere") == 0)
			continue;
		if (strcmp(name, "word") == 0)
			list->mode = PS_MATCH_WORD;
		else if (strcmp(name, "prefix") == 0)
			list->mode = PS_MATCH_PREFIX;
		else if (strcmp(name, "stem") == 0)
			list->mode = PS_MATCH_STEM;
		else
			return fail_at(ld, key, "unknown key '%s' in a term entry "
			               "(expected %s)", name, list->exclusions
			               ? "word, prefix, stem, lang or anywhere"
			               : "word, prefix, stem or lang");
		int rc = each_item(ld, value, name, 1, add_term, list);
		if (rc != PS_OK)
			return rc;
		modes++;
	}
	if (modes == 0)
		return fail_at(ld, node, "a term entry needs one of word, prefix or stem");
	return PS_OK;
}

static int read_terms(loader *ld, yaml_node_t *node, const char *key,
                      ps_term **terms, size_t *count)
{
	term_list list = {terms, count, *count, PS_MATCH_WORD, NULL, 0,
	                  strcmp(key, "exclude") == 0};
	return each_item(ld, node, key, 0, add_term_group, &list);
}

static void free_terms(ps_term *terms, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(terms[i].text);
		free(terms[i].lang);
		free(terms[i].joined);
		free(terms[i].file);
	}
	free(terms);
}

/* ---- references ------------------------------------------------------- */

static int add_reference(loader *ld, yaml_node_t *node, void *context)
{
	(void)context;
	if (node->type != YAML_MAPPING_NODE)
		return fail_at(ld, node, "a reference must be a mapping with id, title and url");
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
			return fail_at(ld, key, "unknown key '%s' in a reference "
			               "(expected id, title, url)", name ? name : "?");
		int rc = want_owned_scalar(ld, value, name, field);
		if (rc != PS_OK)
			return rc;
	}
	if (!ref->id || !ref->title)
		return fail_at(ld, node, "a reference needs an id and a title");
	for (size_t i = 0; i + 1 < ld->rules->reference_count; i++)
		if (strcmp(ld->rules->references[i]->id, ref->id) == 0)
			return fail_at(ld, node, "reference '%s' is defined twice", ref->id);
	return PS_OK;
}

/* Call `fn` with each key of a mapping and its value; keys must be text. */
typedef int (*key_fn)(loader *ld, void *object, const char *name, yaml_node_t *key,
                      yaml_node_t *value);

static int each_key(loader *ld, yaml_node_t *node, key_fn fn, void *object)
{
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		const char *name = psi_yaml_scalar(key);
		if (!name)
			return fail_at(ld, key, "keys must be plain text");
		int rc = fn(ld, object, name, key, yaml_document_get_node(ld->doc, pair->value));
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

/* ---- concepts --------------------------------------------------------- */

static int valid_concept_id(const char *id)
{
	for (const char *p = id; *p; p++)
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
			return 0;
	return isupper((unsigned char)id[0]);
}

static int read_count(loader *ld, yaml_node_t *node, const char *key, unsigned max,
                      unsigned *out)
{
	const char *text = psi_yaml_scalar(node);
	char *end = NULL;
	unsigned long value = text ? strtoul(text, &end, 10) : 0;
	if (!text || !*text || *end || value > max)
		return fail_at(ld, node, "'%s' must be a whole number from 0 to %u", key, max);
	*out = (unsigned)value;
	return PS_OK;
}

static int read_concept_key(loader *ld, void *object, const char *name, yaml_node_t *key,
                            yaml_node_t *value)
{
	ps_concept *concept = object;
	if (strcmp(name, "id") == 0) {
		int rc = want_owned_scalar(ld, value, name, &concept->id);
		if (rc == PS_OK && !valid_concept_id(concept->id))
			rc = fail_at(ld, value, "concept id '%s' must be upper case letters, "
			             "digits and '-', like BIRTH", concept->id);
		return rc;
	}
	if (strcmp(name, "description") == 0)
		return want_owned_scalar(ld, value, name, &concept->description);
	if (strcmp(name, "implies") == 0)
		return want_owned_scalar(ld, value, name, &concept->implies);
	if (strcmp(name, "siblings") == 0)
		return read_count(ld, value, name, 64, &concept->siblings);
	if (strcmp(name, "filler") == 0)
		return read_flag(ld, value, name, &concept->filler);
	if (strcmp(name, "split") == 0) {
		int split = 1;
		int rc = read_flag(ld, value, name, &split);
		concept->no_split = !split;
		return rc;
	}
	if (strcmp(name, "scope-only") == 0)
		return read_flag(ld, value, name, &concept->scope_only);
	if (strcmp(name, "terms") == 0)
		return read_terms(ld, value, name, &concept->terms, &concept->term_count);
	return fail_at(ld, key, "unknown key '%s' in a concept (expected id, description, "
	               "terms, implies, siblings, filler, split, scope-only)", name);
}

static int add_concept(loader *ld, yaml_node_t *node, void *context)
{
	(void)context;
	ps_ruleset *set = ld->rules;
	if (node->type != YAML_MAPPING_NODE)
		return fail_at(ld, node, "a concept must be a mapping with id and terms");
	ps_concept *concept = calloc(1, sizeof *concept);
	if (!concept || PSI_PUSH(set->concepts, set->concept_count, set->concept_capacity) < 0) {
		free(concept);
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	}
	set->concepts[set->concept_count++] = concept;
	int rc = each_key(ld, node, read_concept_key, concept);
	if (rc != PS_OK)
		return rc;
	if (!concept->id || concept->term_count == 0)
		return fail_at(ld, node, "a concept needs an id and terms");
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
			return fail_at(ld, node, "concept '%s' is defined twice", concept->id);
	return PS_OK;
}

static void free_concept(ps_concept *concept)
{
	free(concept->id);
	free(concept->description);
	free(concept->implies);
	free_terms(concept->terms, concept->term_count);
	free(concept);
}

/* ---- combinations ------------------------------------------------------ */

static int add_name(loader *ld, yaml_node_t *node, void *context)
{
	psi_strings *names = context;
	const char *text;
	int rc = want_scalar(ld, node, "concept", &text);
	if (rc == PS_OK && !valid_concept_id(text))
		rc = fail_at(ld, node, "'%s' is not a concept id (upper case, like BIRTH)", text);
	if (rc == PS_OK && psi_strings_add(names, text) < 0)
		rc = psi_fail(ld->err, PS_ENOMEM, "out of memory");
	return rc;
}

static int read_names(loader *ld, yaml_node_t *node, const char *key, char ***out,
                      size_t *count)
{
	psi_strings names = {0};
	int rc = each_item(ld, node, key, 1, add_name, &names);
	*out = names.items;
	*count = names.count;
	return rc;
}

static int add_kind(loader *ld, yaml_node_t *node, void *context);

static int read_combination_key(loader *ld, void *object, const char *name,
                                yaml_node_t *key, yaml_node_t *value)
{
	ps_combination *c = object;
	const char *text;
	int rc;
	if (strcmp(name, "concepts") == 0)
		return read_names(ld, value, name, &c->concepts, &c->concept_count);
	if (strcmp(name, "context") == 0)
		return read_names(ld, value, name, &c->context, &c->context_count);
	if (strcmp(name, "gap") == 0)
		return read_count(ld, value, name, 8, &c->gap);
	if (strcmp(name, "applies-to") == 0)
		return each_item(ld, value, name, 0, add_kind, &c->kinds);
	if (strcmp(name, "severity") == 0) {
		rc = want_scalar(ld, value, name, &text);
		if (rc == PS_OK && (c->severity = ps_severity_from_name(text)) < 0)
			rc = fail_at(ld, value, "unknown severity '%s' (expected error, "
			             "warning or note)", text);
		return rc;
	}
	return fail_at(ld, key, "unknown key '%s' in a combination (expected concepts, "
	               "context, gap, applies-to, severity)", name);
}

/* "BIRTH + PLACE", "LANGUAGE in PERSON", "any name in ETHNICITY". */
static char *combination_text(const ps_combination *c)
{
	size_t length = 16;
	for (size_t i = 0; i < c->concept_count; i++)
		length += strlen(c->concepts[i]) + 3;
	for (size_t i = 0; i < c->context_count; i++)
		length += strlen(c->context[i]) + 5;
	char *text = malloc(length);
	if (!text)
		return NULL;
	text[0] = '\0';
	for (size_t i = 0; i < c->concept_count; i++)
		strcat(strcat(text, i ? " + " : ""), c->concepts[i]);
	if (c->concept_count == 0)
		strcat(text, "any name");
	for (size_t i = 0; i < c->context_count; i++)
		strcat(strcat(text, i ? " and " : " in "), c->context[i]);
	return text;
}

static int add_combination(loader *ld, yaml_node_t *node, void *context)
{
	ps_rule *rule = context;
	if (node->type != YAML_MAPPING_NODE)
		return fail_at(ld, node, "a combination must be a mapping such as "
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
	int rc = each_key(ld, node, read_combination_key, c);
	if (rc != PS_OK)
		return rc;
	if (c->concept_count > PS_MAX_COMBINED_CONCEPTS)
		return fail_at(ld, node, "a combination holds at most %d concepts",
		               PS_MAX_COMBINED_CONCEPTS);
	if (c->concept_count == 0 && c->context_count == 0)
		return fail_at(ld, node, "a combination needs concepts, context or both");
	c->text = combination_text(c);
	return c->text ? PS_OK : psi_fail(ld->err, PS_ENOMEM, "out of memory");
}

static void free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

static void free_combinations(ps_combination *combinations, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free_names(combinations[i].concepts, combinations[i].concept_count);
		free_names(combinations[i].context, combinations[i].context_count);
		free(combinations[i].concept_index);
		free(combinations[i].context_index);
		free(combinations[i].file);
		free(combinations[i].text);
	}
	free(combinations);
}

/* ---- rules ------------------------------------------------------------ */

typedef struct pack_context {
	const char *pack;
	int enabled;
	ps_term *exclusions; /* the pack's own, copied into each of its rules */
	size_t exclusion_count;
} pack_context;

static int copy_terms(ps_term **to, size_t *to_count, const ps_term *from, size_t count)
{
	if (count == 0)
		return 0;
	ps_term *grown = realloc(*to, (*to_count + count) * sizeof *grown);
	if (!grown)
		return -1;
	*to = grown;
	for (size_t i = 0; i < count; i++) {
		ps_term *t = &grown[*to_count + i];
		*t = from[i];
		t->text = psi_strdup(from[i].text);
		t->lang = from[i].lang ? psi_strdup(from[i].lang) : NULL;
		t->joined = psi_strdup(from[i].joined);
		t->file = psi_strdup(from[i].file);
		if (!t->text || !t->joined || !t->file || (from[i].lang && !t->lang))
			return -1;
	}
	*to_count += count;
	return 0;
}

static int add_reference_id(loader *ld, yaml_node_t *node, void *context)
{
	struct pending_refs *pending = context;
	const char *id;
	int rc = want_scalar(ld, node, "references", &id);
	if (rc != PS_OK)
		return rc;
	char **grown = realloc(pending->ids, (pending->count + 1) * sizeof *grown);
	if (!grown)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	pending->ids = grown;
	pending->ids[pending->count] = psi_strdup(id);
	return pending->ids[pending->count++] ? PS_OK : psi_fail(ld->err, PS_ENOMEM, "out of memory");
}

static int add_kind(loader *ld, yaml_node_t *node, void *context)
{
	unsigned *kinds = context;
	const char *name = psi_yaml_scalar(node);
	int kind = name ? ps_kind_from_name(name) : -1;
	if (kind < 0)
		return fail_at(ld, node, "unknown kind '%s' (expected variable, field, "
		               "parameter, function, type, enum-constant, macro, "
		               "namespace, string-literal or identifier)", name ? name : "?");
	*kinds |= 1u << kind;
	return PS_OK;
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
static int read_rule_key(loader *ld, ps_rule *rule, const char *name, yaml_node_t *value,
                         int *rc)
{
	if (strcmp(name, "title") == 0)
		*rc = want_owned_scalar(ld, value, name, &rule->title);
	else if (strcmp(name, "subject") == 0)
		*rc = want_owned_scalar(ld, value, name, &rule->subject);
	else if (strcmp(name, "rationale") == 0)
		*rc = want_owned_scalar(ld, value, name, &rule->rationale);
	else if (strcmp(name, "applies-to") == 0)
		*rc = each_item(ld, value, name, 0, add_kind, &rule->kinds);
	else if (strcmp(name, "terms") == 0)
		*rc = read_terms(ld, value, name, &rule->terms, &rule->term_count);
	else if (strcmp(name, "exclude") == 0)
		*rc = read_terms(ld, value, name, &rule->exclusions, &rule->exclusion_count);
	else if (strcmp(name, "combine") == 0)
		*rc = each_item(ld, value, name, 0, add_combination, rule);
	else if (strcmp(name, "unless-context") == 0)
		*rc = read_names(ld, value, name, &rule->unless_context, &rule->unless_context_count);
	else
		return 0;
	return 1;
}

static int add_rule(loader *ld, yaml_node_t *node, void *context)
{
	pack_context *pack = context;
	ps_ruleset *set = ld->rules;
	if (node->type != YAML_MAPPING_NODE)
		return fail_at(ld, node, "a rule must be a mapping");
	ps_rule *rule = calloc(1, sizeof *rule);
	if (!rule || PSI_PUSH(set->rules, set->rule_count, set->rule_capacity) < 0 ||
	    PSI_PUSH(set->pending, set->rule_count, set->pending_capacity) < 0) {
		free(rule);
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	}
	struct pending_refs *pending = &set->pending[set->rule_count];
	memset(pending, 0, sizeof *pending);
	set->rules[set->rule_count++] = rule;
	rule->pack = psi_strdup(pack->pack);
	rule->enabled = pack->enabled;
	if (!rule->pack)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	int category = -1, severity = -1;
	yaml_node_t *references_node = NULL, *id_node = NULL;
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		const char *text;
		int rc;
		if (!name)
			return fail_at(ld, key, "keys must be plain text");
		if (strcmp(name, "id") == 0) {
			id_node = value;
			rc = want_owned_scalar(ld, value, name, &rule->id);
			if (rc == PS_OK && !valid_rule_id(rule->id))
				rc = fail_at(ld, value, "rule id '%s' must be upper case "
				             "letters, digits and '-', like PS-NAT-001", rule->id);
		} else if (strcmp(name, "category") == 0) {
			rc = want_scalar(ld, value, name, &text);
			category = rc == PS_OK ? ps_category_from_name(text) : -1;
			/* Findings about exceptions and flows come from built-in rules. */
			if (rc == PS_OK && (category < 0 || category == PS_CATEGORY_EXCEPTION ||
			                    category == PS_CATEGORY_FLOW))
				rc = fail_at(ld, value, "unknown category '%s' (expected "
				             "nationality, ethnicity, origin, proxy, religion or sink)", text);
		} else if (strcmp(name, "severity") == 0) {
			rc = want_scalar(ld, value, name, &text);
			if (rc == PS_OK && (severity = ps_severity_from_name(text)) < 0)
				rc = fail_at(ld, value, "unknown severity '%s' (expected "
				             "error, warning or note)", text);
		} else if (strcmp(name, "references") == 0) {
			references_node = value;
			rc = each_item(ld, value, name, 0, add_reference_id, pending);
		} else if (!read_rule_key(ld, rule, name, value, &rc)) {
			rc = fail_at(ld, key, "unknown key '%s' in a rule (expected id, "
			             "category, severity, title, subject, rationale, "
			             "applies-to, references, terms, combine, exclude, "
			             "unless-context)", name);
		}
		if (rc != PS_OK)
			return rc;
	}
	static const char *const required[] = {"id", "category", "title", "subject",
	                                       "rationale", "references", "terms"};
	const int present[] = {rule->id != NULL, category >= 0, rule->title != NULL,
	                       rule->subject != NULL, rule->rationale != NULL,
	                       pending->count > 0,
	                       rule->term_count > 0 || rule->combination_count > 0};
	for (size_t i = 0; i < sizeof present / sizeof *present; i++)
		if (!present[i])
			return fail_at(ld, node, "rule %s has no '%s'",
			               rule->id ? rule->id : "(without id)", required[i]);
	rule->category = (ps_category)category;
	/* Protected grounds warn by default, proxies inform: a proxy is a finding
	 * to look at, not in itself a breach. */
	rule->severity = severity >= 0 ? (ps_severity)severity
	               : rule->category == PS_CATEGORY_PROXY ? PS_SEVERITY_NOTE
	               : PS_SEVERITY_WARNING;
	if (rule->kinds == 0)
		rule->kinds = (1u << PS_KIND_COMMENT) - 1; /* every kind of name */
	pending->where = psi_sprintf("%s:%lu:%lu", ld->file,
	                           (unsigned long)references_node->start_mark.line + 1,
	                           (unsigned long)references_node->start_mark.column + 1);
	pending->id_where = psi_sprintf("%s:%lu:%lu", ld->file,
	                              (unsigned long)id_node->start_mark.line + 1,
	                              (unsigned long)id_node->start_mark.column + 1);
	if (!pending->where || !pending->id_where || copy_terms(&rule->exclusions, &rule->exclusion_count,
	                                  pack->exclusions, pack->exclusion_count) < 0)
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	return PS_OK;
}

/* ---- documents -------------------------------------------------------- */

static int load_document(loader *ld, yaml_node_t *root)
{
	if (!root)
		return PS_OK; /* an empty file defines nothing */
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(ld, root, "a rule pack must be a mapping with 'pack' and "
		               "'rules', or 'references' or 'concepts'");
	pack_context pack = {NULL, 1, NULL, 0};
	yaml_node_t *rules_node = NULL, *pack_node = NULL;
	int rc = PS_OK;
	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     rc == PS_OK && pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		if (!name)
			rc = fail_at(ld, key, "keys must be plain text");
		else if (strcmp(name, "references") == 0)
			rc = each_item(ld, value, name, 0, add_reference, NULL);
		else if (strcmp(name, "concepts") == 0)
			rc = each_item(ld, value, name, 0, add_concept, NULL);
		else if (strcmp(name, "pack") == 0) {
			pack_node = key;
			rc = want_scalar(ld, value, name, &pack.pack);
		} else if (strcmp(name, "description") == 0)
			rc = psi_yaml_scalar(value) ? PS_OK : fail_at(ld, value, "'description' must be text");
		else if (strcmp(name, "enabled") == 0)
			rc = read_flag(ld, value, name, &pack.enabled);
		else if (strcmp(name, "exclude") == 0)
			rc = read_terms(ld, value, name, &pack.exclusions, &pack.exclusion_count);
		else if (strcmp(name, "rules") == 0)
			rules_node = value;
		else
			rc = fail_at(ld, key, "unknown key '%s' at the top of a rule pack "
			             "(expected pack, description, enabled, exclude, rules, "
			             "references, concepts)", name);
	}
	if (rc == PS_OK && rules_node && !ld->references_only) {
		if (!pack.pack)
			rc = fail_at(ld, root, "a file with 'rules' needs a 'pack' name");
		else
			rc = each_item(ld, rules_node, "rules", 0, add_rule, &pack);
	} else if (rc == PS_OK && pack_node && !rules_node) {
		rc = fail_at(ld, pack_node, "pack '%s' has no 'rules'", pack.pack);
	}
	free_terms(pack.exclusions, pack.exclusion_count);
	return rc;
}

static int load_text(ps_ruleset *rules, const char *name, const char *text,
                     size_t length, int references_only, ps_error *err)
{
	if (rules->finished)
		return psi_fail(err, PS_EUSAGE, "%s: the ruleset is already finished", name);
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser))
		return psi_fail(err, PS_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
	int rc = PS_OK;
	int documents = 0;
	for (;;) {
		if (!yaml_parser_load(&parser, &doc)) {
			rc = psi_fail(err, PS_ERULES, "%s:%lu:%lu: %s%s%s", name,
				      (unsigned long)parser.problem_mark.line + 1,
				      (unsigned long)parser.problem_mark.column + 1,
				      parser.problem ? parser.problem : "malformed YAML",
				      parser.context ? " " : "",
				      parser.context ? parser.context : "");
			break;
		}
		yaml_node_t *root = yaml_document_get_root_node(&doc);
		if (!root && documents > 0) {
			yaml_document_delete(&doc);
			break; /* end of stream */
		}
		if (documents++ > 0) {
			rc = psi_fail(err, PS_ERULES, "%s:%lu:1: a rule pack holds one YAML "
				      "document", name, (unsigned long)root->start_mark.line + 1);
		} else {
			loader ld = {rules, name, &doc, references_only, err};
			rc = load_document(&ld, root);
		}
		yaml_document_delete(&doc);
		if (rc != PS_OK || !root)
			break;
	}
	yaml_parser_delete(&parser);
	return rc;
}

int ps_ruleset_load_buffer(ps_ruleset *rules, const char *name, const char *text,
                           size_t length, ps_error *err)
{
	return load_text(rules, name, text, length, 0, err);
}

static int load_file(ps_ruleset *rules, const char *path, int references_only,
                     ps_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return psi_fail(err, PS_EIO, "%s: cannot read rule pack: %s", path, strerror(errno));
	char *text = NULL;
	size_t length = 0, capacity = 0;
	int rc = PS_OK;
	for (;;) {
		if (length + 4096 > capacity) {
			capacity = capacity ? capacity * 2 : 65536;
			char *bigger = realloc(text, capacity);
			if (!bigger) {
				rc = psi_fail(err, PS_ENOMEM, "out of memory");
				break;
			}
			text = bigger;
		}
		size_t got = fread(text + length, 1, capacity - length, f);
		length += got;
		if (got == 0) {
			if (ferror(f))
				rc = psi_fail(err, PS_EIO, "%s: read error", path);
			break;
		}
	}
	fclose(f);
	if (rc == PS_OK && memchr(text, '\0', length))
		rc = psi_fail(err, PS_ERULES, "%s: not a text file", path);
	if (rc == PS_OK)
		rc = load_text(rules, path, text, length, references_only, err);
	free(text);
	return rc;
}

static int is_yaml_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' &&
	       ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	        (n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_path(ps_ruleset *rules, const char *path, int references_only,
                     ps_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return psi_fail(err, PS_EIO, "%s: cannot read rules: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return load_file(rules, path, references_only, err);
	DIR *dir = opendir(path);
	if (!dir)
		return psi_fail(err, PS_EIO, "%s: cannot read rules: %s", path, strerror(errno));
	psi_strings names = {0};
	int rc = PS_OK;
	for (struct dirent *entry; (entry = readdir(dir)) != NULL;)
		if (is_yaml_name(entry->d_name) && psi_strings_add(&names, entry->d_name) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	closedir(dir);
	if (rc == PS_OK && names.count == 0)
		rc = psi_fail(err, PS_ERULES, "%s: no *.yaml rule packs in this directory", path);
	psi_sort(names.items, names.count, sizeof *names.items, compare_names);
	for (size_t i = 0; rc == PS_OK && i < names.count; i++) {
		char *file = psi_sprintf("%s/%s", path, names.items[i]);
		rc = file ? load_file(rules, file, references_only, err)
		          : psi_fail(err, PS_ENOMEM, "out of memory");
		free(file);
	}
	psi_strings_clear(&names);
	return rc;
}

int ps_ruleset_load_path(ps_ruleset *rules, const char *path, ps_error *err)
{
	return load_path(rules, path, 0, err);
}

/* Terms for an existing rule from a configuration file: one entry such as
 * {rule: PS-NAT-001, lang: nl, word: [natcd]}, the `rule` key already read. */
int psi_ruleset_add_terms(ps_ruleset *rules, const char *file, yaml_document_t *doc,
			  yaml_node_t *entry, ps_rule *rule, ps_error *err)
{
	loader ld = {rules, file, doc, 0, err};
	term_list list = {&rule->terms, &rule->term_count, rule->term_count,
	                  PS_MATCH_WORD, NULL, 0, 0};
	/* ps_ruleset_finish indexes the terms: adding after it would miss. */
	if (rules->finished)
		return psi_fail(err, PS_EUSAGE, "%s: the ruleset is already finished", file);
	return add_term_group(&ld, entry, &list);
}

/* ---- the bundled packs ------------------------------------------------ */

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running executable, for finding installed data. */
static char *executable_directory(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return psi_strdup(path);
}

int ps_ruleset_load_bundled(ps_ruleset *rules, int references_only,
                            const char **origin_out, ps_error *err)
{
	const char *from_env = getenv("PROFILESCAN_PATTERNS");
	if (from_env && *from_env) {
		if (origin_out)
			*origin_out = "$PROFILESCAN_PATTERNS";
		return load_path(rules, from_env, references_only, err);
	}
	char *exe_dir = executable_directory();
	if (exe_dir) {
		char *installed = psi_sprintf("%s/../%s", exe_dir, PS_INSTALL_PATTERNS_DIR);
		int found = installed && is_directory(installed);
		int rc = PS_OK;
		if (found) {
			if (origin_out)
				*origin_out = "installed patterns";
			rc = load_path(rules, installed, references_only, err);
		}
		free(installed);
		/* Run from the build folder: use the source tree, so edits to
		 * patterns/ take effect without a rebuild. */
		size_t build_len = strlen(PS_BUILD_DIR);
		if (!found && strncmp(exe_dir, PS_BUILD_DIR, build_len) == 0 &&
		    (exe_dir[build_len] == '/' || exe_dir[build_len] == '\0') &&
		    is_directory(PS_SOURCE_PATTERNS_DIR)) {
			found = 1;
			if (origin_out)
				*origin_out = "source tree patterns";
			rc = load_path(rules, PS_SOURCE_PATTERNS_DIR, references_only, err);
		}
		free(exe_dir);
		if (found)
			return rc;
	}
	if (origin_out)
		*origin_out = "built-in patterns";
	for (size_t i = 0; i < psi_bundled_pattern_count; i++) {
		const psi_bundled_pattern *p = &psi_bundled_patterns[i];
		int rc = load_text(rules, p->name, p->text, p->length, references_only, err);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

/* ---- the ruleset ------------------------------------------------------ */

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
		free_terms(rule->terms, rule->term_count);
		free_terms(rule->exclusions, rule->exclusion_count);
		free_combinations(rule->combinations, rule->combination_count);
		free_names(rule->unless_context, rule->unless_context_count);
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
		free_concept(rules->concepts[k]);
	free(rules->concepts);
	for (size_t b = 0; b < PSI_TERM_BUCKETS; b++) {
		free(rules->buckets[b].items);
		free(rules->concept_buckets[b].items);
	}
	free(rules);
}
