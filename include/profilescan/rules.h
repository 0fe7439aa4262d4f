/*
 * profilescan - rule packs: the vocabulary, loaded from YAML.
 *
 * A ruleset holds references (laws and policies, each defined once) and rules.
 * A rule names a category, a default severity, the terms that make an
 * identifier match it and the exclusions that veto a match.  The format is
 * described in docs/rule-packs.md.
 */
#ifndef PROFILESCAN_RULES_H
#define PROFILESCAN_RULES_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_reference {
	char *id;     /* e.g. "gdpr-9" */
	char *title;  /* e.g. "AVG/GDPR art. 9(1): special categories of personal data" */
	char *url;    /* may be NULL */
} ps_reference;

/* How a term is compared with the words of a name (see ps_words).  A term
 * may have several words ("country of birth"): it is then compared with
 * consecutive words of the name, which may also be run together in one word
 * ("countryofbirth", "country_of_birth", "CountryOfBirth" all match). */
typedef enum ps_match_mode {
	PS_MATCH_WORD = 0, /* whole words: "race" in race_code, not in trace */
	PS_MATCH_PREFIX,   /* starts at a word: "nationalit" in nationaliteitcode */
	PS_MATCH_STEM      /* anywhere: "geboorteland" in landgeboortelandmoeder */
} ps_match_mode;

typedef struct ps_term {
	char *text;        /* as written in the pack */
	char *lang;        /* language code from the pack ("nl", "en"), or NULL */
	ps_match_mode mode;
	int anywhere;      /* an exclusion that vetoes wherever it occurs in the name */
	int after;         /* an exclusion that vetoes only as the words right after
	                    * the term's: the name's head (postal_code_matcher) */
	char *joined;      /* lower-cased, letters and digits only: "countryofbirth" */
	size_t length;     /* of `joined` */
	char *file;        /* where the term is defined, for explanations */
	unsigned line;
} ps_term;

/* A concept: one idea (BIRTH, PLACE, LANGUAGE, PERSON, ...) with its words
 * in each language.  Rules combine concepts in a name, and ask for them in a
 * declaration's context; see docs/rule-packs.md. */
typedef struct ps_concept {
	char *id;              /* upper case, e.g. "BIRTH" */
	char *description;     /* may be NULL */
	ps_term *terms;
	size_t term_count;
	/* A concept that siblings imply: PERSON-FIELD (date of birth, gender,
	 * BSN) beside a field makes its record a PERSON's when `siblings` of
	 * them are there. */
	char *implies;         /* a concept id, or NULL */
	unsigned siblings;     /* how many siblings it takes (1 when not set) */
	size_t implied;        /* index of `implies`, set by ps_ruleset_finish */
	int filler;            /* words such as "of", "de", "van" that join others */
	int no_split;          /* not a piece when splitting a run-together word */
	/* Only a scope or a type holds it as context, not the name or the
	 * names beside it: a record named Address is a postal address, a field
	 * address_size beside a pin is not. */
	int scope_only;
} ps_concept;

/* The most concepts one combination may combine. */
#define PS_MAX_COMBINED_CONCEPTS 8

/* One way a rule matches by concepts: every concept of `concepts` occurs in
 * the name (in any order and naming style, run together or not), with at
 * most `gap` other words between them; and every concept of `context`
 * occurs in the declaration's context.  No concepts means any name. */
typedef struct ps_combination {
	char **concepts;       /* concept ids as written */
	size_t concept_count;
	char **context;
	size_t context_count;
	size_t *concept_index; /* resolved by ps_ruleset_finish */
	size_t *context_index;
	unsigned gap;
	unsigned kinds;        /* bit per kind; 0 means the rule's */
	int severity;          /* -1: the rule's, one lower when context decides */
	char *file;            /* where it is written, for explanations */
	unsigned line, column;
	char *text;            /* as reports name it: "BIRTH + PLACE", "LANGUAGE in PERSON" */
	/* Concepts that veto this combination alone when the name or its
	 * context holds them (`unless:`), as unless_context does for a rule:
	 * the origin of a passenger beside its destination is the flight's. */
	char **unless;
	size_t unless_count;
	size_t *unless_index;  /* resolved by ps_ruleset_finish */
	/* `alone: true`: the name holds no concept but these, fillers aside
	 * (a person's land, not the land of geboorteland). */
	int alone;
} ps_combination;

typedef struct ps_rule {
	char *id;          /* stable, e.g. "PS-NAT-001" */
	char *pack;        /* name of the pack that defined it */
	ps_category category;
	ps_severity severity;
	char *title;       /* one line: "Named for nationality" */
	char *subject;     /* completes "... is named for <subject>" */
	char *rationale;
	unsigned kinds;    /* bit (1u << ps_kind) per kind the rule applies to */
	ps_term *terms;
	size_t term_count;
	ps_term *exclusions; /* the rule's own and its pack's */
	size_t exclusion_count;
	ps_combination *combinations;
	size_t combination_count;
	/* Concepts whose presence in the context vetoes every match of the rule:
	 * GAME for race, GEO for postcode. */
	char **unless_context;
	size_t unless_context_count;
	size_t *unless_context_index; /* resolved by ps_ruleset_finish */
	const ps_reference **references; /* borrowed from the ruleset */
	size_t reference_count;
	int enabled;       /* off for packs marked `enabled: false`, or by a configuration */
} ps_rule;

typedef struct ps_ruleset ps_ruleset;

PS_EXTERN int ps_ruleset_new(ps_ruleset **out, ps_error *err);
PS_EXTERN void ps_ruleset_free(ps_ruleset *rules);

/* Load one YAML file, or every *.yaml / *.yml file of a directory in name
 * order.  A file may define `references:`, `rules:` or both.  Loading stops at
 * the first malformed entry with "file:line:column: what is wrong". */
PS_EXTERN int ps_ruleset_load_path(ps_ruleset *rules, const char *path, ps_error *err);

/* Load YAML text held in memory; `name` stands for its file in messages. */
PS_EXTERN int ps_ruleset_load_buffer(ps_ruleset *rules, const char *name,
                                     const char *text, size_t length, ps_error *err);

/* Check that every rule's references exist and ids are unique, and link them.
 * Must be called once after the last load and before the ruleset is used. */
PS_EXTERN int ps_ruleset_finish(ps_ruleset *rules, ps_error *err);

/* Load the bundled packs: from the directory named by $PROFILESCAN_PATTERNS,
 * else the installed share/profilescan/patterns next to the binary, else the
 * source tree when run from the build folder, else the copy compiled into the
 * library.  With `references_only`, only reference definitions are taken (for
 * custom packs given with --rules that cite the bundled references).
 * `origin_out`, if not NULL, receives a static description of where the packs
 * came from. */
PS_EXTERN int ps_ruleset_load_bundled(ps_ruleset *rules, int references_only,
                                      const char **origin_out, ps_error *err);

/* A digest of the vocabulary the ruleset holds now (rules, terms,
 * exclusions, combinations, concepts, switches, severities, sinks): 16 hex
 * digits and a NUL.  The same vocabulary gives the same digest whatever
 * files it was read from; it says which rules produced a report. */
#define PS_DIGEST_SIZE 17
PS_EXTERN void ps_ruleset_digest(const ps_ruleset *rules, char out[PS_DIGEST_SIZE]);

PS_EXTERN size_t ps_ruleset_rule_count(const ps_ruleset *rules);
PS_EXTERN size_t ps_ruleset_concept_count(const ps_ruleset *rules);
PS_EXTERN const ps_concept *ps_ruleset_concept(const ps_ruleset *rules, size_t index);
PS_EXTERN const ps_rule *ps_ruleset_rule(const ps_ruleset *rules, size_t index);
PS_EXTERN const ps_rule *ps_ruleset_find_rule(const ps_ruleset *rules, const char *id);

/* Which rules a name selects: one rule by id, a category, or a pack. */
typedef enum ps_selector {
	PS_SELECT_RULE = 0,
	PS_SELECT_CATEGORY,
	PS_SELECT_PACK
} ps_selector;

/* Switch the selected rules on or off, or change their severity; before
 * ps_ruleset_finish.  Returns how many rules were selected. */
PS_EXTERN size_t ps_ruleset_enable(ps_ruleset *rules, ps_selector selector, const char *name,
                                   int enabled);
PS_EXTERN size_t ps_ruleset_set_severity(ps_ruleset *rules, ps_selector selector, const char *name,
                                         ps_severity severity);

#ifdef __cplusplus
}
#endif

#endif
