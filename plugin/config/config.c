/*
 * .profilescan.yaml: reading one, finding the ones that apply to a scan, and
 * building the ruleset each one asks for.
 *
 * Names a configuration uses (packs, rules, categories) are checked against
 * the rules when its ruleset is built, and an unknown one is an error at its
 * line and column: a misspelt rule id must not leave a rule switched on.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "config/config.h"

typedef struct named {
	char *name;
	unsigned line, column;
	ps_severity severity; /* for severity overrides */
} named;

typedef struct named_list {
	named *items;
	size_t count, capacity;
} named_list;

/* The lists a configuration holds, in the order they are applied. */
enum {
	ENABLE_PACKS, DISABLE_PACKS, ENABLE_CATEGORIES, DISABLE_CATEGORIES,
	ENABLE_RULES, DISABLE_RULES, SEVERITIES, ADD_PACKS, EXCLUDES, ADD_SINKS, REMOVE_SINKS,
	LIST_COUNT
};

struct ps_config {
	char *path;
	char *directory;
	named_list lists[LIST_COUNT];
	yaml_document_t doc;       /* kept for the `terms` entries */
	yaml_node_item_t *terms;   /* node ids of the `terms` entries */
	size_t term_count;
	int has_doc;
};

typedef struct reader {
	ps_config *config;
	ps_error *err;
} reader;

#define fail_at(r, node, ...) psi_yaml_fail((r)->err, (r)->config->path, (node), __VA_ARGS__)

static int add_named(reader *r, named_list *list, yaml_node_t *node, const char *name,
                     ps_severity severity)
{
	if (PSI_PUSH(list->items, list->count, list->capacity) < 0)
		return psi_fail(r->err, PS_ENOMEM, "out of memory");
	named *n = &list->items[list->count];
	n->name = psi_strdup(name);
	n->line = (unsigned)node->start_mark.line + 1;
	n->column = (unsigned)node->start_mark.column + 1;
	n->severity = severity;
	if (!n->name)
		return psi_fail(r->err, PS_ENOMEM, "out of memory");
	list->count++;
	return PS_OK;
}

/* A list of names, or one name. */
static int read_names(reader *r, yaml_node_t *node, const char *key, named_list *list)
{
	if (psi_yaml_scalar(node))
		return add_named(r, list, node, psi_yaml_scalar(node), 0);
	if (node->type != YAML_SEQUENCE_NODE)
		return fail_at(r, node, "'%s' must be a name or a list of names", key);
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(&r->config->doc, *it);
		if (!psi_yaml_scalar(item) || !*psi_yaml_scalar(item))
			return fail_at(r, item, "'%s' must list names", key);
		int rc = add_named(r, list, item, psi_yaml_scalar(item), 0);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

/* A mapping whose keys each hold a list of names: {enable: [...], disable:
 * [...]} for packs, categories and rules, {add: [...], remove: [...]} for
 * sinks.  `keys` maps each key to the list it fills. */
typedef struct list_key {
	const char *name;
	int list;
} list_key;

static int read_lists(reader *r, yaml_node_t *node, const char *section,
                      const list_key *keys, size_t count)
{
	/* "enable, add and disable" and "enable, add, disable", for messages. */
	char with[64] = "", expected[64] = "";
	for (size_t i = 0; i < count; i++) {
		const char *before = i == 0 ? "" : i + 1 == count ? " and " : ", ";
		snprintf(with + strlen(with), sizeof with - strlen(with), "%s%s", before, keys[i].name);
		snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%s",
		         i == 0 ? "" : ", ", keys[i].name);
	}
	if (node->type != YAML_MAPPING_NODE)
		return fail_at(r, node, "'%s' must be a mapping with %s", section, with);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
	     p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(&r->config->doc, p->key);
		yaml_node_t *value = yaml_document_get_node(&r->config->doc, p->value);
		const char *name = psi_yaml_scalar(key);
		int list = -1;
		for (size_t i = 0; name && i < count && list < 0; i++)
			if (strcmp(name, keys[i].name) == 0)
				list = keys[i].list;
		if (list < 0)
			return fail_at(r, key, "unknown key '%s' in '%s' (expected %s)",
			               name ? name : "?", section, expected);
		int rc = read_names(r, value, name, &r->config->lists[list]);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

static int read_severities(reader *r, yaml_node_t *node)
{
	if (node->type != YAML_MAPPING_NODE)
		return fail_at(r, node, "'severity' must map rule ids or categories to a severity");
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
	     p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(&r->config->doc, p->key);
		yaml_node_t *value = yaml_document_get_node(&r->config->doc, p->value);
		int severity = psi_yaml_scalar(value) ? ps_severity_from_name(psi_yaml_scalar(value)) : -1;
		if (!psi_yaml_scalar(key))
			return fail_at(r, key, "keys must be plain text");
		if (severity < 0)
			return fail_at(r, value, "unknown severity '%s' (expected error, warning or note)",
			               psi_yaml_scalar(value) ? psi_yaml_scalar(value) : "?");
		int rc = add_named(r, &r->config->lists[SEVERITIES], key, psi_yaml_scalar(key),
		                   (ps_severity)severity);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

/* Is the pair's key `rule`?  A key that is no plain text (a tagged or
 * nested one) is not: the pack reader refuses it. */
static int is_rule_key(yaml_document_t *doc, const yaml_node_pair_t *pair)
{
	const char *key = psi_yaml_scalar(yaml_document_get_node(doc, pair->key));
	return key && strcmp(key, "rule") == 0;
}

static int read_terms(reader *r, yaml_node_t *node)
{
	if (node->type != YAML_SEQUENCE_NODE)
		return fail_at(r, node, "'terms' must be a list of entries such as "
		               "{rule: PS-NAT-001, word: [natcd]}");
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		yaml_node_t *entry = yaml_document_get_node(&r->config->doc, *it);
		int has_rule = 0;
		if (entry->type == YAML_MAPPING_NODE)
			for (yaml_node_pair_t *p = entry->data.mapping.pairs.start;
			     p < entry->data.mapping.pairs.top; p++)
				has_rule |= is_rule_key(&r->config->doc, p);
		if (!has_rule)
			return fail_at(r, entry, "a terms entry needs the rule it adds to, as "
			               "{rule: PS-NAT-001, word: [natcd]}");
	}
	r->config->terms = node->data.sequence.items.start;
	r->config->term_count = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
	return PS_OK;
}

#define KEYS(table) (table), sizeof(table) / sizeof *(table)

static const list_key pack_keys[] = {
	{"enable", ENABLE_PACKS}, {"add", ADD_PACKS}, {"disable", DISABLE_PACKS}};
static const list_key category_keys[] = {
	{"enable", ENABLE_CATEGORIES}, {"disable", DISABLE_CATEGORIES}};
static const list_key rule_keys[] = {{"enable", ENABLE_RULES}, {"disable", DISABLE_RULES}};
static const list_key sink_keys[] = {{"add", ADD_SINKS}, {"remove", REMOVE_SINKS}};

static int read_document(reader *r, yaml_node_t *root)
{
	if (!root)
		return PS_OK;
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(r, root, "a configuration must be a mapping");
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(&r->config->doc, p->key);
		yaml_node_t *value = yaml_document_get_node(&r->config->doc, p->value);
		const char *name = psi_yaml_scalar(key);
		int rc;
		if (!name)
			rc = fail_at(r, key, "keys must be plain text");
		else if (strcmp(name, "packs") == 0)
			rc = read_lists(r, value, name, KEYS(pack_keys));
		else if (strcmp(name, "categories") == 0)
			rc = read_lists(r, value, name, KEYS(category_keys));
		else if (strcmp(name, "rules") == 0)
			rc = read_lists(r, value, name, KEYS(rule_keys));
		else if (strcmp(name, "severity") == 0)
			rc = read_severities(r, value);
		else if (strcmp(name, "terms") == 0)
			rc = read_terms(r, value);
		else if (strcmp(name, "exclude") == 0)
			rc = read_names(r, value, name, &r->config->lists[EXCLUDES]);
		else if (strcmp(name, "sinks") == 0)
			rc = read_lists(r, value, name, KEYS(sink_keys));
		else
			rc = fail_at(r, key, "unknown key '%s' (expected packs, categories, rules, "
			             "severity, terms, exclude, sinks)", name);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

int ps_config_load(const char *path, ps_config **out, ps_error *err)
{
	*out = NULL;
	ps_config *config = calloc(1, sizeof *config);
	if (!config)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	config->path = psi_strdup(path);
	/* Messages name the file as given; matching needs the real directory. */
	const char *slash = strrchr(path, '/');
	char *given = slash ? psi_strndup(path, slash == path ? 1 : (size_t)(slash - path))
	                    : psi_strdup(".");
	config->directory = given ? realpath(given, NULL) : NULL;
	free(given);
	if (!config->path || !config->directory) {
		ps_config_free(config);
		return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	char *text;
	size_t length;
	int rc = psi_read_file(path, "configuration", PSI_TEXT_FILE_LIMIT, &text, &length, err);
	if (rc != PS_OK) {
		ps_config_free(config);
		return rc;
	}
	yaml_parser_t parser;
	if ((rc = psi_yaml_check_depth(path, text, length, err)) != PS_OK ||
	    !yaml_parser_initialize(&parser)) {
		free(text);
		ps_config_free(config);
		return rc != PS_OK ? rc : psi_fail(err, PS_ENOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
	if (!yaml_parser_load(&parser, &config->doc)) {
		rc = psi_fail(err, PS_ERULES, "%s:%lu:%lu: %s", path,
			      (unsigned long)parser.problem_mark.line + 1,
			      (unsigned long)parser.problem_mark.column + 1,
			      parser.problem ? parser.problem : "malformed YAML");
	} else {
		config->has_doc = 1;
		reader r = {config, err};
		rc = read_document(&r, yaml_document_get_root_node(&config->doc));
	}
	yaml_parser_delete(&parser);
	free(text);
	if (rc != PS_OK) {
		ps_config_free(config);
		return rc;
	}
	*out = config;
	return PS_OK;
}

void ps_config_free(ps_config *config)
{
	if (!config)
		return;
	for (int l = 0; l < LIST_COUNT; l++) {
		for (size_t i = 0; i < config->lists[l].count; i++)
			free(config->lists[l].items[i].name);
		free(config->lists[l].items);
	}
	if (config->has_doc)
		yaml_document_delete(&config->doc);
	free(config->path);
	free(config->directory);
	free(config);
}

const char *ps_config_directory(const ps_config *config)
{
	return config->directory;
}

int ps_config_excludes(const ps_config *config, const char *path)
{
	size_t n = strlen(config->directory);
	if (strncmp(path, config->directory, n) != 0 || path[n] != '/')
		return 0;
	const named_list *globs = &config->lists[EXCLUDES];
	const char *patterns[globs->count + 1];
	for (size_t g = 0; g < globs->count; g++)
		patterns[g] = globs->items[g].name;
	return psi_path_excluded(path + n + 1, patterns, globs->count);
}

/* ---- building a ruleset --------------------------------------------------- */

static int config_error(const ps_config *config, const named *n, ps_error *err,
                        const char *what)
{
	return psi_fail(err, PS_ERULES, "%s:%u:%u: %s '%s'", config->path, n->line, n->column,
			what, n->name);
}

static int apply(const ps_config *config, ps_ruleset *rules, ps_error *err)
{
	/* Broad to narrow: a rule named on its own wins over its pack. */
	static const struct {
		int list;
		int enable;
		ps_selector selector;
		const char *what;
	} switches[] = {
		{ENABLE_PACKS, 1, PS_SELECT_PACK, "no pack is named"},
		{DISABLE_PACKS, 0, PS_SELECT_PACK, "no pack is named"},
		{ENABLE_CATEGORIES, 1, PS_SELECT_CATEGORY, "no rule has the category"},
		{DISABLE_CATEGORIES, 0, PS_SELECT_CATEGORY, "no rule has the category"},
		{ENABLE_RULES, 1, PS_SELECT_RULE, "no rule is named"},
		{DISABLE_RULES, 0, PS_SELECT_RULE, "no rule is named"},
	};
	for (size_t s = 0; s < sizeof switches / sizeof *switches; s++) {
		const named_list *list = &config->lists[switches[s].list];
		for (size_t i = 0; i < list->count; i++)
			if (ps_ruleset_enable(rules, switches[s].selector, list->items[i].name,
			                      switches[s].enable) == 0)
				return config_error(config, &list->items[i], err, switches[s].what);
	}
	const named_list *severities = &config->lists[SEVERITIES];
	/* Categories first, so that a rule of its own wins over its category. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < severities->count; i++) {
			const named *n = &severities->items[i];
			int is_category = ps_category_from_name(n->name) >= 0;
			if (is_category != (pass == 0))
				continue;
			if (ps_ruleset_set_severity(rules, is_category ? PS_SELECT_CATEGORY : PS_SELECT_RULE,
			                            n->name, n->severity) == 0)
				return config_error(config, n, err, "no rule or category is named");
		}
	return PS_OK;
}

static int add_terms(const ps_config *config, ps_ruleset *rules, ps_error *err)
{
	ps_config *c = (ps_config *)config; /* libyaml's accessors are not const */
	for (size_t i = 0; i < config->term_count; i++) {
		yaml_node_t *entry = yaml_document_get_node(&c->doc, config->terms[i]);
		/* Take the rule id out, hand the rest to the pack reader. */
		yaml_node_t *rule_node = NULL;
		yaml_node_pair_t *pairs = entry->data.mapping.pairs.start;
		size_t count = (size_t)(entry->data.mapping.pairs.top - pairs);
		yaml_node_pair_t kept[count];
		size_t kept_count = 0;
		for (size_t k = 0; k < count; k++) {
			if (is_rule_key(&c->doc, &pairs[k]))
				rule_node = yaml_document_get_node(&c->doc, pairs[k].value);
			else
				kept[kept_count++] = pairs[k];
		}
		const char *id = psi_yaml_scalar(rule_node);
		ps_rule *rule = id ? (ps_rule *)ps_ruleset_find_rule(rules, id) : NULL;
		if (!rule)
			return psi_fail(err, PS_ERULES, "%s:%lu:%lu: no rule is named '%s'", config->path,
					(unsigned long)rule_node->start_mark.line + 1,
					(unsigned long)rule_node->start_mark.column + 1, id ? id : "?");
		yaml_node_t without_rule = *entry;
		without_rule.data.mapping.pairs.start = kept;
		without_rule.data.mapping.pairs.top = kept + kept_count;
		int rc = psi_ruleset_add_terms(rules, config->path, &c->doc, &without_rule, rule, err);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

int ps_ruleset_load_configured(const ps_rule_source *source, const ps_config *config,
                               ps_ruleset **out, ps_error *err)
{
	ps_ruleset *rules;
	int rc = ps_ruleset_new(&rules, err);
	if (rc != PS_OK)
		return rc;
	rc = ps_ruleset_load_bundled(rules, source && source->replace_path_count > 0, NULL, err);
	for (size_t i = 0; rc == PS_OK && source && i < source->replace_path_count; i++)
		rc = ps_ruleset_load_path(rules, source->replace_paths[i], err);
	for (size_t i = 0; rc == PS_OK && source && i < source->add_path_count; i++)
		rc = ps_ruleset_load_path(rules, source->add_paths[i], err);
	if (config) {
		const named_list *packs = &config->lists[ADD_PACKS];
		for (size_t i = 0; rc == PS_OK && i < packs->count; i++) {
			char *path = packs->items[i].name[0] == '/'
			                 ? psi_strdup(packs->items[i].name)
			                 : psi_sprintf("%s/%s", config->directory, packs->items[i].name);
			rc = path ? ps_ruleset_load_path(rules, path, err) : psi_fail(err, PS_ENOMEM, "out of memory");
			free(path);
		}
		if (rc == PS_OK)
			rc = add_terms(config, rules, err);
		if (rc == PS_OK)
			rc = apply(config, rules, err);
		const named_list *added = &config->lists[ADD_SINKS], *removed = &config->lists[REMOVE_SINKS];
		for (size_t i = 0; rc == PS_OK && i < added->count; i++)
			if (psi_strings_add(&rules->sink_names, added->items[i].name) < 0)
				rc = psi_fail(err, PS_ENOMEM, "out of memory");
		for (size_t i = 0; rc == PS_OK && i < removed->count; i++)
			if (psi_strings_add(&rules->not_sink_names, removed->items[i].name) < 0)
				rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	if (rc == PS_OK)
		rc = ps_ruleset_finish(rules, err);
	if (rc != PS_OK) {
		ps_ruleset_free(rules);
		return rc;
	}
	*out = rules;
	return PS_OK;
}
