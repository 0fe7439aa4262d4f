/*
 * Loading rule packs, shared by the files of rules/ only: the state of one
 * YAML document being read, the helpers its keys are read with (load.c),
 * and the parts of a pack, each read by its own file.
 */
#ifndef PSI_RULES_LOADER_H
#define PSI_RULES_LOADER_H

#include <yaml.h>

#include "rules/rules.h"

typedef struct psi_loader {
	ps_ruleset *rules;
	const char *file;
	yaml_document_t *doc;
	int references_only;
	ps_error *err;
} psi_loader;

/* Fail with "file:line:column: what" at a node of the document. */
#define psi_fail_at(ld, node, ...) psi_yaml_fail((ld)->err, (ld)->file, (node), __VA_ARGS__)

/* ---- keys (load.c) ------------------------------------------------------- */

int psi_want_scalar(psi_loader *ld, yaml_node_t *node, const char *key, const char **out);
/* The text, without the newline that folded YAML (">") ends in. */
int psi_want_owned_scalar(psi_loader *ld, yaml_node_t *node, const char *key, char **out);
int psi_read_flag(psi_loader *ld, yaml_node_t *node, const char *key, int *out);
int psi_read_count(psi_loader *ld, yaml_node_t *node, const char *key, unsigned max,
                   unsigned *out);

/* Call `fn` for each element of a sequence, or for a lone scalar. */
typedef int (*psi_item_fn)(psi_loader *ld, yaml_node_t *item, void *context);
int psi_each_item(psi_loader *ld, yaml_node_t *node, const char *key, int allow_scalar,
                  psi_item_fn fn, void *context);

/* Call `fn` with each key of a mapping and its value; keys must be text. */
typedef int (*psi_key_fn)(psi_loader *ld, void *object, const char *name, yaml_node_t *key,
                          yaml_node_t *value);
int psi_each_key(psi_loader *ld, yaml_node_t *node, psi_key_fn fn, void *object);

/* An item of `applies-to:`, into the bit set of kinds at `context`. */
int psi_add_kind(psi_loader *ld, yaml_node_t *node, void *context);

/* ---- documents (load.c) -------------------------------------------------- */

int psi_load_text(ps_ruleset *rules, const char *name, const char *text,
                  size_t length, int references_only, ps_error *err);
/* A rule pack, or every *.yaml and *.yml of a directory in name order. */
int psi_load_path(ps_ruleset *rules, const char *path, int references_only,
                  ps_error *err);

/* ---- terms (terms.c) ----------------------------------------------------- */

int psi_read_terms(psi_loader *ld, yaml_node_t *node, const char *key,
                   ps_term **terms, size_t *count);
/* Append copies of `count` terms; returns 0, or -1 when memory runs out. */
int psi_copy_terms(ps_term **to, size_t *to_count, const ps_term *from, size_t count);
void psi_free_terms(ps_term *terms, size_t count);

/* ---- concepts and combinations (concepts.c) ----------------------------- */

/* An item of `concepts:`. */
int psi_add_concept(psi_loader *ld, yaml_node_t *node, void *context);
void psi_free_concept(ps_concept *concept);
/* A list of concept ids, or one. */
int psi_read_concept_names(psi_loader *ld, yaml_node_t *node, const char *key, char ***out,
                           size_t *count);
void psi_free_names(char **names, size_t count);
/* An item of a rule's `combine:`, into the ps_rule at `context`. */
int psi_add_combination(psi_loader *ld, yaml_node_t *node, void *context);
void psi_free_combinations(ps_combination *combinations, size_t count);

/* ---- rules and references (rule.c) --------------------------------------- */

/* What a pack gives each of its rules. */
typedef struct psi_pack {
	const char *pack;
	int enabled;
	ps_term *exclusions; /* the pack's own, copied into each of its rules */
	size_t exclusion_count;
} psi_pack;

/* An item of `references:`. */
int psi_add_reference(psi_loader *ld, yaml_node_t *node, void *context);
/* An item of `rules:`, with the psi_pack at `context`. */
int psi_add_rule(psi_loader *ld, yaml_node_t *node, void *context);

#endif
