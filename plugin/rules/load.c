/*
 * Reading rule packs and reference files: the YAML documents and the helpers
 * every key of them is read with (libyaml's document API, which keeps the
 * line and column of every node for error messages).
 *
 * The format is documented in docs/rule-packs.md.  Unknown keys are errors so
 * that a misspelt `exlcude:` cannot silently disable an exclusion.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "rules/loader.h"

/* ---- keys ------------------------------------------------------------- */

int psi_want_scalar(psi_loader *ld, yaml_node_t *node, const char *key, const char **out)
{
	*out = psi_yaml_scalar(node);
	if (!*out || **out == '\0')
		return psi_fail_at(ld, node, "'%s' must be a non-empty text", key);
	return PS_OK;
}

int psi_want_owned_scalar(psi_loader *ld, yaml_node_t *node, const char *key, char **out)
{
	const char *text;
	int rc = psi_want_scalar(ld, node, key, &text);
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

int psi_read_flag(psi_loader *ld, yaml_node_t *node, const char *key, int *out)
{
	const char *text = psi_yaml_scalar(node);
	if (!text || (strcmp(text, "true") != 0 && strcmp(text, "false") != 0))
		return psi_fail_at(ld, node, "'%s' must be true or false", key);
	*out = strcmp(text, "true") == 0;
	return PS_OK;
}

int psi_each_item(psi_loader *ld, yaml_node_t *node, const char *key, int allow_scalar,
                  psi_item_fn fn, void *context)
{
	if (allow_scalar && node->type == YAML_SCALAR_NODE)
		return fn(ld, node, context);
	if (node->type != YAML_SEQUENCE_NODE)
		return psi_fail_at(ld, node, "'%s' must be a list", key);
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		int rc = fn(ld, yaml_document_get_node(ld->doc, *it), context);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

int psi_each_key(psi_loader *ld, yaml_node_t *node, psi_key_fn fn, void *object)
{
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		const char *name = psi_yaml_scalar(key);
		if (!name)
			return psi_fail_at(ld, key, "keys must be plain text");
		int rc = fn(ld, object, name, key, yaml_document_get_node(ld->doc, pair->value));
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

int psi_read_count(psi_loader *ld, yaml_node_t *node, const char *key, unsigned max,
                   unsigned *out)
{
	const char *text = psi_yaml_scalar(node);
	char *end = NULL;
	unsigned long value = text ? strtoul(text, &end, 10) : 0;
	if (!text || !*text || *end || value > max)
		return psi_fail_at(ld, node, "'%s' must be a whole number from 0 to %u", key, max);
	*out = (unsigned)value;
	return PS_OK;
}

int psi_add_kind(psi_loader *ld, yaml_node_t *node, void *context)
{
	unsigned *kinds = context;
	const char *name = psi_yaml_scalar(node);
	int kind = name ? ps_kind_from_name(name) : -1;
	if (kind < 0)
		return psi_fail_at(ld, node, "unknown kind '%s' (expected variable, field, "
		                   "parameter, function, type, enum-constant, macro, "
		                   "namespace, string-literal or identifier)", name ? name : "?");
	*kinds |= 1u << kind;
	return PS_OK;
}

/* ---- documents -------------------------------------------------------- */

static int load_document(psi_loader *ld, yaml_node_t *root)
{
	if (!root)
		return PS_OK; /* an empty file defines nothing */
	if (root->type != YAML_MAPPING_NODE)
		return psi_fail_at(ld, root, "a rule pack must be a mapping with 'pack' and "
		                   "'rules', or 'references' or 'concepts'");
	psi_pack pack = {NULL, 1, NULL, 0};
	yaml_node_t *rules_node = NULL, *pack_node = NULL;
	int rc = PS_OK;
	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     rc == PS_OK && pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ld->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(ld->doc, pair->value);
		const char *name = psi_yaml_scalar(key);
		if (!name)
			rc = psi_fail_at(ld, key, "keys must be plain text");
		else if (strcmp(name, "references") == 0)
			rc = psi_each_item(ld, value, name, 0, psi_add_reference, NULL);
		else if (strcmp(name, "concepts") == 0)
			rc = psi_each_item(ld, value, name, 0, psi_add_concept, NULL);
		else if (strcmp(name, "pack") == 0) {
			pack_node = key;
			rc = psi_want_scalar(ld, value, name, &pack.pack);
		} else if (strcmp(name, "description") == 0)
			rc = psi_yaml_scalar(value) ? PS_OK : psi_fail_at(ld, value, "'description' must be text");
		else if (strcmp(name, "enabled") == 0)
			rc = psi_read_flag(ld, value, name, &pack.enabled);
		else if (strcmp(name, "exclude") == 0)
			rc = psi_read_terms(ld, value, name, &pack.exclusions, &pack.exclusion_count);
		else if (strcmp(name, "rules") == 0)
			rules_node = value;
		else
			rc = psi_fail_at(ld, key, "unknown key '%s' at the top of a rule pack "
			                 "(expected pack, description, enabled, exclude, rules, "
			                 "references, concepts)", name);
	}
	if (rc == PS_OK && rules_node && !ld->references_only) {
		if (!pack.pack)
			rc = psi_fail_at(ld, root, "a file with 'rules' needs a 'pack' name");
		else
			rc = psi_each_item(ld, rules_node, "rules", 0, psi_add_rule, &pack);
	} else if (rc == PS_OK && pack_node && !rules_node) {
		rc = psi_fail_at(ld, pack_node, "pack '%s' has no 'rules'", pack.pack);
	}
	psi_free_terms(pack.exclusions, pack.exclusion_count);
	return rc;
}

int psi_load_text(ps_ruleset *rules, const char *name, const char *text,
                  size_t length, int references_only, ps_error *err)
{
	if (rules->finished)
		return psi_fail(err, PS_EUSAGE, "%s: the ruleset is already finished", name);
	int rc = psi_yaml_check_depth(name, text, length, err);
	if (rc != PS_OK)
		return rc;
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser))
		return psi_fail(err, PS_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
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
			psi_loader ld = {rules, name, &doc, references_only, err};
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
	return psi_load_text(rules, name, text, length, 0, err);
}

static int load_file(ps_ruleset *rules, const char *path, int references_only,
                     ps_error *err)
{
	char *text;
	size_t length;
	int rc = psi_read_file(path, "rule pack", PSI_TEXT_FILE_LIMIT, &text, &length, err);
	if (rc == PS_OK && memchr(text, '\0', length))
		rc = psi_fail(err, PS_ERULES, "%s: not a text file", path);
	if (rc == PS_OK)
		rc = psi_load_text(rules, path, text, length, references_only, err);
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

int psi_load_path(ps_ruleset *rules, const char *path, int references_only,
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
	return psi_load_path(rules, path, 0, err);
}
