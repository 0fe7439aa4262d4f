/*
 * Classification: words (words.c), run-together words split into concept
 * words (split.c), a name made ready for matching
 * (subject.c: its words run together, the concepts its words hold, and,
 * read only when a rule asks, the concepts of its context), and matching it
 * against the rules (classify.c).  Needs no AST: classify/ ranks before
 * parse/ and extract/, which build the contexts it reads.
 */
#ifndef PSI_CLASSIFY_H
#define PSI_CLASSIFY_H

#include <stdint.h>

#include "profilescan/classify.h"
#include "model/model.h"
#include "rules/rules.h"

/* Words run together into one lower-case string. */
typedef struct psi_prepared {
	char *text;
	size_t length;
	size_t *start;     /* start[i]: offset of word i in text; start[count] = length */
	size_t count;
} psi_prepared;

/* Does `term` occur at `offset` of `p` in a way its mode allows?  Sets the
 * words it covers. */
int psi_occurs_at(const psi_prepared *p, const ps_term *term, size_t offset, size_t *first,
		  size_t *last);
int psi_occurs_anywhere(const psi_prepared *p, const ps_term *term);

/* Longer words are not split: no identifier of concept words is that long. */
#define PSI_MAX_SPLIT_WORD 48

/* Split `word` into concept words (split.c): the boundaries of its n pieces
 * in cut[0] = 0 ... cut[n] = length; returns n, or 0 to keep it whole. */
size_t psi_split_word(const ps_ruleset *rules, const char *word, size_t *cut);
/* The length of a getter's or setter's verb that starts `word`, or 0. */
size_t psi_accessor_verb(const char *word);

/* A concept found in a text: the pieces it covers. */
typedef struct psi_concept_hit {
	uint32_t concept;
	uint32_t first, last;
} psi_concept_hit;

/* A text seen through concepts: its words, with a run-together word split
 * into concept words where it is made of them entirely (geboortestad:
 * geboorte, stad), and the concepts found in those pieces. */
typedef struct psi_view {
	ps_words pieces;
	size_t *piece_word;  /* the word of the text each piece comes from */
	psi_prepared prepared;
	psi_concept_hit *hits;
	size_t hit_count, hit_capacity;
} psi_view;

/* How many of the siblings holding a concept are remembered by name. */
#define SUMMARY_NAMES 3

struct ps_siblings_summary {
	const ps_ruleset *rules;     /* made for these rules; NULL when empty */
	uint32_t *holders;           /* per concept: how many siblings hold it */
	uint32_t *last;              /* per concept: the last sibling counted */
	uint32_t (*first)[SUMMARY_NAMES]; /* per concept: the first that hold it */
};

typedef struct psi_subject {
	const ps_ruleset *rules;
	const ps_context *context;  /* may be NULL */
	const char *original;       /* the name as given */
	/* The siblings only veto: an identifier's are every name of its file,
	 * not a record whose fields make a person. */
	int siblings_veto_only;
	/* An identifier's file names are every name its file's tokens hold,
	 * not the few declarations at the top of a file: they only veto. */
	int file_names_veto_only;
	ps_words words;
	psi_prepared name;
	int status;                 /* PS_ENOMEM once memory ran out */
	/* The rest is built when first needed. */
	int view_ready;
	psi_view view;
	int context_text_ready;
	ps_words context_words;
	psi_prepared context_text;   /* scope and type, for `anywhere` exclusions */
	int context_views_ready;
	psi_view scope_view, type_view;
	int scope_name_ready;
	psi_view scope_name_view;    /* the innermost scope's own name, or the one around it */
	char *scope_name_read;       /* which of the two: NULL for the own */
	ps_siblings_summary *siblings; /* the context's, or own_summary */
	ps_siblings_summary own_summary;
	ps_siblings_summary *file_names; /* the context's file_summary, or own_file_summary */
	ps_siblings_summary own_file_summary;
	unsigned char *context_state; /* per concept and `any_number`: 0 not looked
	                                 for, 1 absent, 2 present */
	char **context_where;         /* for each present: what in the context holds it */
} psi_subject;

/* scopes.c: a name that only says it is an enum or a type (e, T, type,
 * kind), leaving the naming to the scope around it, not one of its own such
 * as AISuperPower in a RaceManager; and that scope's own name, a copy (Race
 * of "Race::e" whose inner name is "e"), NULL when there is none or memory
 * runs out. */
int psi_is_placeholder_name(const char *name);
char *psi_outer_scope_name(const char *scope, const char *inner_name);

/* Fails unless the ruleset is finished; `kind` is the name's. */
int psi_subject_prepare(psi_subject *s, const ps_ruleset *rules, const char *name,
			const ps_context *context, ps_kind kind, ps_error *err);
void psi_subject_clear(psi_subject *s);

/* Scope and type run together, or NULL when there is no context. */
const psi_prepared *psi_subject_context_text(psi_subject *s);

/* Does the name hold a concept at all? */
int psi_subject_holds_any_concept(psi_subject *s);

/* Does the name hold every concept of `concepts`, each at its own words,
 * with at most `gap` words that are neither those nor fillers between them?
 * Sets the words of the name they cover (the whole name when `count` is 0). */
int psi_subject_has_concepts(psi_subject *s, const size_t *concepts, size_t count,
			     unsigned gap, size_t *first, size_t *last);

/* Does the name hold a concept other than `concepts` and the fillers, on
 * words none of `concepts` holds?  A word may hold two concepts at once
 * (land is a NATION and a PLACE): only the others' own words count. */
int psi_subject_holds_other_concept(psi_subject *s, const size_t *concepts, size_t count);

/* Does the context hold concept `k`: in the scope, the type, a sibling, or
 * through enough siblings of a concept that implies it?  Writes what holds
 * it into `where` when not NULL.  Siblings count only when they are few
 * (those of a record, not of a whole header), unless `any_number`: a veto
 * (GAME, GEO) may come from all the names of a file.  Both answers are
 * kept per concept, for the next question. */
int psi_subject_context_has(psi_subject *s, size_t k, int any_number, char *where,
			    size_t size);

/* Does the innermost scope's own name hold concept `k`?  For combinations
 * of any name: the constants of an enum named Race, not every enum of a
 * class RaceManager. */
int psi_subject_scope_name_has(psi_subject *s, size_t k, char *where, size_t size);

/* Each concept of the name (in_context 0), then of the context (1). */
void psi_subject_each_concept(psi_subject *s, ps_concept_fn fn, void *context);

/* ---- one declaration (decl.c) -------------------------------------------- */

#define PSI_MAX_MATCHES 16

/* What a declaration is: the matches that make findings (every rule but
 * the sinks'), and whether it is a sink (a sink rule matches it, or the
 * configuration's `sinks:` names it; `not_sinks` wins). */
typedef struct psi_verdict {
	ps_match findings[PSI_MAX_MATCHES];
	size_t finding_count;
	int sink;
} psi_verdict;

int psi_classify_decl(const ps_ruleset *rules, const psi_decl *d, psi_verdict *v,
                      ps_error *err);

/* ---- the vocabulary as a whole (vocabulary.c) ----------------------------- */

/* What the rules of some rulesets could make a finding of, for the
 * prefilter, as a mask per text: PSI_VOCABULARY_ALONE when the text alone
 * may be one, and a bit per concept that counts only with another (a name
 * holding ORIGIN and a context holding PERSON).  The rulesets must outlive
 * it. */
#define PSI_VOCABULARY_ALONE ((uint64_t)1 << 63)
#define PSI_VOCABULARY_BITS 62  /* bits 0 to 61; 62 is the prefilter's */

typedef struct psi_vocabulary {
	struct psi_vocabulary_set {
		const ps_ruleset *rules;
		uint64_t *concept_bits;     /* per concept: as a context's, with those
		                               it implies */
		/* What a name holding all `concepts` sets: ALONE, or the bit of
		 * a pair's name. */
		struct psi_vocabulary_combination {
			const size_t *concepts;
			size_t count;
			uint64_t bit;
		} *combinations;
		size_t combination_count, combination_capacity;
	} *sets;
	size_t count, capacity;
	/* A combination with context concepts, whose name and context are
	 * different names of a unit: `name` (0: any name) and each of
	 * `context`. */
	struct psi_vocabulary_pair {
		uint64_t name;
		uint64_t context[PS_MAX_COMBINED_CONCEPTS];
		size_t context_count;
	} *pairs;
	size_t pair_count, pair_capacity;
	/* The context bit of each concept id, shared by every set: a
	 * configuration's ruleset holds the bundled concepts again, and a bit
	 * that stands for a concept of either set only makes a superset. */
	struct psi_vocabulary_concept_bit {
		const char *id;
		uint64_t bit;
	} *context_bits;
	size_t context_bit_count, context_bit_capacity;
	size_t bit_count;
	/* Combinations with a context that found no bit left: their name
	 * alone counts, so the prefilter skips fewer units (nothing is lost). */
	size_t short_of_bits;
	int any_word;               /* a rule matches any name: every word may matter */
} psi_vocabulary;

/* Add what the enabled rules of `rules` (finished) could match. */
int psi_vocabulary_add(psi_vocabulary *v, const ps_ruleset *rules, ps_error *err);
/* What `text` (a name, or a string literal's text) could be part of, by
 * any rule in any context: a mask, 0 when nothing (a superset of
 * classification).  -1 when memory ran out. */
int psi_vocabulary_test(const psi_vocabulary *v, const char *text, size_t length,
                        uint64_t *mask);
/* Could names whose masks together are `mask` hold a finding: one alone,
 * or a pair's name and context? */
int psi_vocabulary_decides(const psi_vocabulary *v, uint64_t mask);
/* The bits of every pair's name. */
uint64_t psi_vocabulary_names(const psi_vocabulary *v);
void psi_vocabulary_clear(psi_vocabulary *v);

#endif
