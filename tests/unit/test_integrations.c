/*
 * The integration files at the top of the repository (.pre-commit-hooks.yaml,
 * action.yml, ci/profilescan.gitlab-ci.yml) are YAML that other tools read:
 * check that they parse and hold what those tools need, and that the hook
 * runs profilescan the way the golden case precommit-hook tests it.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "leakcheck.h"

TestSuite(integrations, .fini = ps_test_check_leaks);

typedef struct document {
	yaml_document_t doc;
	yaml_node_t *root;
} document;

static void load(document *d, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", PS_SOURCE_DIR, name);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot read %s", path);
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	cr_assert(yaml_parser_load(&parser, &d->doc), "%s: %s at line %zu", name,
	          parser.problem ? parser.problem : "?", parser.problem_mark.line + 1);
	yaml_parser_delete(&parser);
	fclose(f);
	d->root = yaml_document_get_root_node(&d->doc);
	cr_assert_not_null(d->root, "%s is empty", name);
}

/* The value at a path of mapping keys, e.g. get(d, node, "runs", "using", NULL). */
static yaml_node_t *get(document *d, yaml_node_t *node, ...)
{
	va_list keys;
	va_start(keys, node);
	for (const char *key; node && (key = va_arg(keys, const char *));) {
		yaml_node_t *found = NULL;
		if (node->type == YAML_MAPPING_NODE)
			for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
			     p < node->data.mapping.pairs.top; p++) {
				yaml_node_t *k = yaml_document_get_node(&d->doc, p->key);
				if (k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
					found = yaml_document_get_node(&d->doc, p->value);
			}
		node = found;
	}
	va_end(keys);
	return node;
}

static const char *text(yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

/* The scalars of a sequence, joined by spaces. */
static const char *joined(document *d, yaml_node_t *node)
{
	static char out[256];
	out[0] = '\0';
	cr_assert(node && node->type == YAML_SEQUENCE_NODE);
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		if (out[0])
			strcat(out, " ");
		strcat(out, text(yaml_document_get_node(&d->doc, *it)));
	}
	return out;
}

Test(integrations, pre_commit_hook)
{
	document d;
	load(&d, ".pre-commit-hooks.yaml");
	cr_assert_eq(d.root->type, YAML_SEQUENCE_NODE, "a list of hooks");
	yaml_node_t *hook = yaml_document_get_node(&d.doc, *d.root->data.sequence.items.start);
	cr_expect_str_eq(text(get(&d, hook, "id", NULL)), "profilescan");
	/* A script of the repository, which says how to install profilescan
	 * when it is not on PATH (ctest pre_commit_entry runs it). */
	cr_expect_str_eq(text(get(&d, hook, "entry", NULL)), "packaging/pre-commit.sh");
	cr_expect_str_eq(text(get(&d, hook, "language", NULL)), "script");
	/* The golden case precommit-hook runs exactly these arguments. */
	cr_expect_str_eq(joined(&d, get(&d, hook, "args", NULL)), "-p auto");
	cr_expect_str_eq(joined(&d, get(&d, hook, "types_or", NULL)), "c c++ objective-c");
	cr_expect_str_eq(text(get(&d, hook, "require_serial", NULL)), "true");
	yaml_document_delete(&d.doc);
}

Test(integrations, github_action)
{
	document d;
	load(&d, "action.yml");
	cr_expect_str_eq(text(get(&d, d.root, "runs", "using", NULL)), "composite");
	cr_expect_not_null(text(get(&d, d.root, "name", NULL)));
	cr_expect_str_eq(text(get(&d, d.root, "inputs", "sarif-file", "default", NULL)),
	                 "profilescan.sarif");
	cr_expect_str_eq(text(get(&d, d.root, "inputs", "compile-commands", "default", NULL)), "auto");
	yaml_node_t *steps = get(&d, d.root, "runs", "steps", NULL);
	cr_assert(steps && steps->type == YAML_SEQUENCE_NODE);
	int writes_sarif = 0;
	for (yaml_node_item_t *it = steps->data.sequence.items.start;
	     it < steps->data.sequence.items.top; it++) {
		const char *run = text(get(&d, yaml_document_get_node(&d.doc, *it), "run", NULL));
		writes_sarif |= run && strstr(run, "--format sarif -o") != NULL;
		/* Inputs and contexts reach a script as environment variables:
		 * pasted into it, a path holding `$(...)` would run. */
		cr_expect(!run || !strstr(run, "${{"), "an expression pasted into a script:\n%s", run);
		/* A container job runs as root, often without sudo. */
		cr_expect(!run || (strncmp(run, "sudo ", 5) != 0 && !strstr(run, "\nsudo ")),
		          "sudo without a check for root:\n%s", run);
	}
	cr_expect(writes_sarif, "a step writes the SARIF report");
	yaml_document_delete(&d.doc);
}

Test(integrations, gitlab_template)
{
	document d;
	load(&d, "ci/profilescan.gitlab-ci.yml");
	cr_expect_str_eq(text(get(&d, d.root, "profilescan", "artifacts", "reports", "codequality",
	                          NULL)), "gl-code-quality-report.json");
	yaml_node_t *script = get(&d, d.root, "profilescan", "script", NULL);
	cr_assert(script && script->type == YAML_SEQUENCE_NODE);
	const char *last = text(yaml_document_get_node(&d.doc, script->data.sequence.items.top[-1]));
	cr_expect(strstr(last, "--format gitlab -o gl-code-quality-report.json") != NULL, "%s", last);
	/* profilescan is fetched at a pinned ref, not whatever main is today. */
	int pinned = 0;
	for (yaml_node_item_t *it = script->data.sequence.items.start;
	     it < script->data.sequence.items.top; it++)
		pinned |= strstr(text(yaml_document_get_node(&d.doc, *it)), "${PROFILESCAN_REF:?") != NULL;
	cr_expect(pinned, "the job fetches PROFILESCAN_REF");
	yaml_document_delete(&d.doc);
}
