/*
 * profilescan - splitting names into words and matching them against rules.
 */
#ifndef PROFILESCAN_CLASSIFY_H
#define PROFILESCAN_CLASSIFY_H

#include "common.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The lower-cased words of an identifier.  `m_strNationaliteitCode2` gives
 * m, str, nationaliteit, code, 2; `COUNTRY_OF_BIRTH` gives country, of, birth;
 * `XMLHttpRequest` gives xml, http, request.  Bytes of UTF-8 sequences are kept
 * inside words. */
typedef struct ps_words {
	size_t count;
	char **word;
	size_t *offset; /* byte offset of each word in the original name */
} ps_words;

PS_EXTERN int ps_words_split(const char *name, ps_words *out, ps_error *err);
PS_EXTERN void ps_words_clear(ps_words *words);

/* What the names beside a declaration hold, worked out once for all the
 * declarations that share those names (the fields of one record come one
 * after another).  Owned by whoever builds the contexts: created with
 * ps_siblings_summary_new, emptied with ps_siblings_summary_reset whenever
 * the siblings change, freed with ps_siblings_summary_free. */
typedef struct ps_siblings_summary ps_siblings_summary;

PS_EXTERN ps_siblings_summary *ps_siblings_summary_new(void);
PS_EXTERN void ps_siblings_summary_reset(ps_siblings_summary *summary);
PS_EXTERN void ps_siblings_summary_free(ps_siblings_summary *summary);

/* Siblings make context only when a record, function or enum has at most
 * this many: past it, a list of names says little about any one of them. */
#define PS_MAX_CONTEXT_SIBLINGS 64

/* Where a declaration stands, which decides what an ambiguous word means:
 * `language` in record Patient is a person's; `race` beside `hit_points` is
 * a species.  Every member may be NULL or empty. */
typedef struct ps_context {
	const char *scope;       /* enclosing scopes, qualified: "ns::Patient" */
	const char *scope_noun;  /* what the innermost scope is: "record", "enum",
	                            "function", "namespace" */
	const char *scope_name;  /* the innermost scope's own name */
	const char *type;        /* the declaration's type: "struct person *" */
	/* The names declared beside it: the other fields of its record, the
	 * other parameters of its function, the other constants of its enum;
	 * for a record or enum, its members. */
	const char *const *siblings;
	size_t sibling_count;
	/* Optional: where classification keeps what the siblings hold, for
	 * the next declaration with the same siblings.  Without it the
	 * siblings are read again for every name. */
	ps_siblings_summary *summary;
	/* Optional: for a declaration no record or enum holds (a function, a
	 * global, a function's parameters and locals), the names declared at
	 * the top of its file: its records, types, functions and globals, and
	 * the files it includes as written ("game/tutorial.h").  A
	 * concept one of them names is context too, a PERSON for GetRace in a
	 * file of GetHouseholdNumber, a GAME for `race` in a file of monsters;
	 * implied concepts (PERSON-FIELD) do not count here.  `file_summary`
	 * is to the file's names what `summary` is to the siblings. */
	const char *const *file_names;
	size_t file_name_count;
	ps_siblings_summary *file_summary;
	/* For a name of kind PS_KIND_IDENTIFIER (read from tokens), whose
	 * siblings are only a veto when they are all of its file's names:
	 * non-zero when they are the names inside the same brackets
	 * (DECLARE_FIELDS(Person, Nationality, BirthPlace)), which count as
	 * context like a record's fields. */
	int siblings_bracketed;
} ps_context;

/* What a match rests on. */
typedef enum ps_evidence {
	PS_EVIDENCE_NAME = 0,  /* the name alone spells it */
	PS_EVIDENCE_CONTEXT    /* an ambiguous name, made specific by its context */
} ps_evidence;

/* One rule that a name matches, and why. */
typedef struct ps_match {
	const ps_rule *rule;  /* borrowed from the ruleset */
	const ps_term *term;  /* the term that fired, or NULL for a combination */
	const ps_combination *combination; /* the combination that fired, or NULL */
	size_t first_word;    /* the words it covers, inclusive */
	size_t last_word;
	size_t offset;        /* the same words as bytes of the name */
	size_t length;
	ps_severity severity; /* the rule's, or the combination's */
	ps_evidence evidence;
	/* With PS_EVIDENCE_CONTEXT, what in the context decided, for messages:
	 * "record 'Patient'", "type 'struct person *'", "'patient_id' beside
	 * it", "the names beside it ('gender', 'birth_date')". */
	char context[160];
} ps_match;

/* Match `name`, used as a `kind`, against every rule.  `context`, which may
 * be NULL, is the name of the enclosing scope (the enum of an enum constant,
 * the record of a field): exclusions marked `anywhere` look there too, so
 * that TURKISH in `enum Language` is a language, not a nationality.  At most
 * one match per rule, in ruleset order; `*count` receives how many were
 * written (never more than `capacity`). */
PS_EXTERN int ps_classify(const ps_ruleset *rules, const char *name, const char *context,
                          ps_kind kind, ps_match *matches, size_t capacity, size_t *count,
                          ps_error *err);

/* The same with the whole context of a declaration (NULL for none): terms
 * and combinations that need no context match as with ps_classify (its text
 * `context` is a ps_context with only `scope`); combinations that ask for
 * context concepts look in the scope, the type and the siblings; a rule's
 * `unless-context` concepts found there veto its matches. */
PS_EXTERN int ps_classify_in(const ps_ruleset *rules, const char *name, const ps_context *context,
                             ps_kind kind, ps_match *matches, size_t capacity, size_t *count,
                             ps_error *err);

/* Why a name matches or does not: every occurrence of every term in it. */
typedef struct ps_explanation {
	const ps_rule *rule;
	const ps_term *term;       /* NULL for a combination */
	const ps_combination *combination; /* NULL for a term */
	size_t first_word, last_word;
	const ps_term *vetoed_by;  /* the exclusion that cancels it, or NULL */
	const ps_concept *vetoed_by_context; /* an `unless-context` concept found in the
	                                        name or its context, or NULL */
	const ps_concept *missing_context;   /* a context concept not found, or NULL */
	const char *context;       /* what in the context decided, or NULL */
	int wrong_kind;            /* the rule does not apply to this kind */
	int rule_off;              /* the rule is switched off */
	ps_severity severity;      /* of the match, were it to stand */
} ps_explanation;

/* A concept found in the name (`in_context` 0) or in the context (1). */
typedef void (*ps_concept_fn)(void *context, const ps_concept *concept, int in_context,
                              const char *where);
typedef void (*ps_explain_fn)(void *context, const ps_explanation *explanation);

/* Call `concept_fn` (may be NULL) for each concept of the name and the
 * context, then `fn` for each occurrence of a term and each combination
 * whose concepts the name holds, in ruleset order, with what became of it.
 * ps_classify_in reports the first that stands per rule. */
PS_EXTERN int ps_explain(const ps_ruleset *rules, const char *name, const ps_context *scope,
                         ps_kind kind, ps_concept_fn concept_fn, ps_explain_fn fn, void *context,
                         ps_error *err);

#ifdef __cplusplus
}
#endif

#endif
