/*
 * Rules: the inside of a ruleset, shared by the loader (load.c and the files
 * that read each part of a pack, see loader.h), the ruleset (ruleset.c) and
 * the matcher (classify/); the rule packs compiled in, and the built-in rules.
 */
#ifndef PSI_RULES_H
#define PSI_RULES_H

#include <stdint.h>
#include <yaml.h>

#include "profilescan/rules.h"
#include "util/util.h"

/* Terms are indexed by their first two bytes so that matching a name costs
 * one bucket look-up per byte of the name, not one comparison per term. */
#define PSI_TERM_BUCKETS 4096

typedef struct psi_indexed_term {
	uint32_t rule;          /* index into ps_ruleset.rules, or .concepts */
	const ps_term *term;
} psi_indexed_term;

typedef struct psi_term_bucket {
	psi_indexed_term *items;
	size_t count;
	size_t capacity;
} psi_term_bucket;

struct ps_ruleset {
	ps_reference **references;
	size_t reference_count, reference_capacity;
	ps_rule **rules;
	size_t rule_count, rule_capacity;
	/* Reference ids each rule cites, resolved by ps_ruleset_finish. */
	struct pending_refs {
		char **ids;
		size_t count;
		char *where;    /* "file:line:column" of the references list */
		char *id_where; /* and of the rule's id */
	} *pending;
	size_t pending_capacity;
	int finished;
	/* Exact names that are sinks, or are not, whatever the vocabulary says
	 * (`sinks:` of a configuration). */
	psi_strings sink_names, not_sink_names;
	psi_term_bucket buckets[PSI_TERM_BUCKETS];
	ps_concept **concepts;
	size_t concept_count, concept_capacity;
	int has_combinations;   /* some enabled rule has one: names need concepts */
	unsigned any_name_kinds; /* kinds a combination of any name applies to */
	int has_context_rules;  /* some enabled combination asks for context concepts */
	/* The terms of every concept, indexed as the rules' are: for finding
	 * concepts in names and contexts, and for splitting run-together
	 * words (geboortestad) into them. */
	psi_term_bucket concept_buckets[PSI_TERM_BUCKETS];
};

/* A rule as a report names it, for results read back from a report
 * (report/read.c): its id, category, severity and title, the texts of
 * `terms` (those its findings matched, which findings point into), and the
 * subject and rationale of `known`, the rule of that id the reader knows,
 * or its title.  Added to `set` before anything can fail, so that freeing
 * the set frees it; NULL when memory ran out. */
ps_rule *psi_ruleset_add_stub(ps_ruleset *set, const char *id, ps_category category,
                              ps_severity severity, const char *title, const ps_rule *known,
                              const psi_strings *terms);
/* A reference the stub cites, made once per id in `set`; -1 out of memory. */
int psi_ruleset_add_stub_reference(ps_ruleset *set, ps_rule *rule, const char *id,
                                   const char *title, const char *url);

int psi_ruleset_add_terms(ps_ruleset *rules, const char *file, yaml_document_t *doc,
			  yaml_node_t *entry, ps_rule *rule, ps_error *err);

/* Terms and combinations are numbered together across processes: terms
 * first, then combinations. */
static inline uint32_t psi_match_source_index(const ps_rule *rule, const ps_term *term,
					      const ps_combination *combination)
{
	return term ? (uint32_t)(term - rule->terms)
	            : (uint32_t)(rule->term_count + (size_t)(combination - rule->combinations));
}

static inline size_t psi_rule_source_count(const ps_rule *rule)
{
	return rule->term_count + rule->combination_count;
}

/* The text of term or combination `index`, as reports show it. */
static inline const char *psi_rule_source_text(const ps_rule *rule, size_t index)
{
	return index < rule->term_count ? rule->terms[index].text
	                                : rule->combinations[index - rule->term_count].text;
}

static inline unsigned psi_term_bucket_of(const char *two_bytes)
{
	return (((unsigned char)two_bytes[0] << 5) ^ (unsigned char)two_bytes[1]) %
	       PSI_TERM_BUCKETS;
}

/* ---- the rule packs of patterns/, compiled in (bundled_patterns.c) --------
 * Built at build time by cmake/embed-patterns.cmake, so that profilescan
 * works even when it cannot find the packs on disk. */

typedef struct psi_bundled_pattern {
	const char *name;   /* "patterns/nationality.yaml", for messages */
	const char *text;
	size_t length;
} psi_bundled_pattern;

extern const psi_bundled_pattern psi_bundled_patterns[];
extern const size_t psi_bundled_pattern_count;

/* ---- built-in rules (builtin.c) -------------------------------------------- */

enum {
	PSI_BUILTIN_MALFORMED_EXCEPTION = 0,
	PSI_BUILTIN_EXPIRED_EXCEPTION,
	PSI_BUILTIN_UNUSED_EXCEPTION,
	PSI_BUILTIN_PROTECTED_FLOW,
	PSI_BUILTIN_PROXY_FLOW,
	PSI_BUILTIN_COUNT
};

#endif
