/*
 * The terms of rules and concepts, and the exclusions of rules and packs:
 * `terms:` and `exclude:` entries such as {stem: nationaliteit, lang: nl}.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rules/loader.h"

enum { PSI_TERM_MAX_LETTERS = 64 };

typedef struct term_list {
	ps_term **terms;
	size_t *count;
	size_t capacity;
	ps_match_mode mode; /* while reading the values of one mode key */
	const char *lang;   /* of the entry being read, or NULL */
	int anywhere, after; /* of the entry being read */
	int exclusions;     /* reading `exclude:`, where `anywhere` and `after` are allowed */
} term_list;

static int add_term(psi_loader *ld, yaml_node_t *node, void *context)
{
	term_list *list = context;
	const char *text;
	int rc = psi_want_scalar(ld, node, "term", &text);
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
			return psi_fail_at(ld, node, "term '%s' may hold only letters, digits, "
			                   "spaces, '_' and '-'", text);
		}
	}
	joined[length] = '\0';
	if (length < 2) {
		free(joined);
		return psi_fail_at(ld, node, "term '%s' is shorter than two letters", text);
	}
	/* A term is a word or a few; one longer than any name a person writes is
	 * a pack gone wrong (a pasted file, a missing line break), and its text
	 * would flood the message, so only its length is told. */
	size_t letters = 0;
	for (const unsigned char *p = (const unsigned char *)joined; *p; p++)
		letters += (*p & 0xC0) != 0x80; /* UTF-8 continuation bytes are no letters */
	if (letters > PSI_TERM_MAX_LETTERS) {
		free(joined);
		return psi_fail_at(ld, node, "a term of %zu letters is longer than the %d a term "
		                   "may have", letters, PSI_TERM_MAX_LETTERS);
	}
	if (PSI_PUSH(*list->terms, *list->count, list->capacity) < 0) {
		free(joined);
		return psi_fail(ld->err, PS_ENOMEM, "out of memory");
	}
	ps_term *term = &(*list->terms)[(*list->count)++];
	memset(term, 0, sizeof *term);
	term->mode = list->mode;
	term->anywhere = list->anywhere;
	term->after = list->after;
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
static int add_term_group(psi_loader *ld, yaml_node_t *node, void *context)
{
	term_list *list = context;
	if (node->type != YAML_MAPPING_NODE)
		return psi_fail_at(ld, node, "a term entry must be a mapping such as "
		                   "{stem: nationaliteit, lang: nl}");
	int modes = 0;
	list->lang = NULL;
	list->anywhere = list->after = 0;
	/* The entry's settings first, wherever they are written in it. */
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		if (name && strcmp(name, "lang") == 0) {
			if (!psi_yaml_scalar(value) || !*psi_yaml_scalar(value))
				return psi_fail_at(ld, value, "'lang' must be a language code");
			list->lang = psi_yaml_scalar(value);
		} else if (name && (strcmp(name, "anywhere") == 0 || strcmp(name, "after") == 0)) {
			if (!list->exclusions)
				return psi_fail_at(ld, key, "'%s' belongs to exclusions, not terms", name);
			int rc = psi_read_flag(ld, value, name,
			                       strcmp(name, "anywhere") == 0 ? &list->anywhere : &list->after);
			if (rc != PS_OK)
				return rc;
		}
	}
	if (list->anywhere && list->after)
		return psi_fail_at(ld, node, "an exclusion is 'anywhere' or 'after', not both");
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		if (!name)
			return psi_fail_at(ld, key, "keys must be plain text");
		if (strcmp(name, "lang") == 0 || strcmp(name, "anywhere") == 0 ||
		    strcmp(name, "after") == 0)
			continue;
		if (strcmp(name, "word") == 0)
			list->mode = PS_MATCH_WORD;
		else if (strcmp(name, "prefix") == 0)
			list->mode = PS_MATCH_PREFIX;
		else if (strcmp(name, "stem") == 0)
			list->mode = PS_MATCH_STEM;
		else
			return psi_fail_at(ld, key, "unknown key '%s' in a term entry "
			                   "(expected %s)", name, list->exclusions
			                   ? "word, prefix, stem, lang, anywhere or after"
			                   : "word, prefix, stem or lang");
		int rc = psi_each_item(ld, value, name, 1, add_term, list);
		if (rc != PS_OK)
			return rc;
		modes++;
	}
	if (modes == 0)
		return psi_fail_at(ld, node, "a term entry needs one of word, prefix or stem");
	return PS_OK;
}

int psi_read_terms(psi_loader *ld, yaml_node_t *node, const char *key,
                   ps_term **terms, size_t *count)
{
	term_list list = {terms, count, *count, PS_MATCH_WORD, NULL, 0, 0,
	                  strcmp(key, "exclude") == 0};
	return psi_each_item(ld, node, key, 0, add_term_group, &list);
}

void psi_free_terms(ps_term *terms, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(terms[i].text);
		free(terms[i].lang);
		free(terms[i].joined);
		free(terms[i].file);
	}
	free(terms);
}

int psi_copy_terms(ps_term **to, size_t *to_count, const ps_term *from, size_t count)
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

/* Terms for an existing rule from a configuration file: one entry such as
 * {rule: PS-NAT-001, lang: nl, word: [natcd]}, the `rule` key already read. */
int psi_ruleset_add_terms(ps_ruleset *rules, const char *file, yaml_document_t *doc,
			  yaml_node_t *entry, ps_rule *rule, ps_error *err)
{
	psi_loader ld = {rules, file, doc, 0, err};
	term_list list = {&rule->terms, &rule->term_count, rule->term_count,
	                  PS_MATCH_WORD, NULL, 0, 0, 0};
	/* ps_ruleset_finish indexes the terms: adding after it would miss. */
	if (rules->finished)
		return psi_fail(err, PS_EUSAGE, "%s: the ruleset is already finished", file);
	return add_term_group(&ld, entry, &list);
}
