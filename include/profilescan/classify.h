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

int ps_words_split(const char *name, ps_words *out, ps_error *err);
void ps_words_clear(ps_words *words);

/* One rule that a name matches, and why. */
typedef struct ps_match {
	const ps_rule *rule;  /* borrowed from the ruleset */
	const ps_term *term;  /* the term that fired */
	size_t first_word;    /* the words it covers, inclusive */
	size_t last_word;
	size_t offset;        /* the same words as bytes of the name */
	size_t length;
} ps_match;

/* Match `name`, used as a `kind`, against every rule.  `context`, which may
 * be NULL, is the name of the enclosing scope (the enum of an enum constant,
 * the record of a field): exclusions marked `anywhere` look there too, so
 * that TURKISH in `enum Language` is a language, not a nationality.  At most
 * one match per rule, in ruleset order; `*count` receives how many were
 * written (never more than `capacity`). */
int ps_classify(const ps_ruleset *rules, const char *name, const char *context, ps_kind kind,
                ps_match *matches, size_t capacity, size_t *count, ps_error *err);

/* Why a name matches or does not: every occurrence of every term in it. */
typedef struct ps_explanation {
	const ps_rule *rule;
	const ps_term *term;
	size_t first_word, last_word;
	const ps_term *vetoed_by;  /* the exclusion that cancels it, or NULL */
	int wrong_kind;            /* the rule does not apply to this kind */
	int rule_off;              /* the rule is switched off */
} ps_explanation;

typedef void (*ps_explain_fn)(void *context, const ps_explanation *explanation);

/* Call `fn` for each occurrence of a term in `name`, in ruleset order, with
 * what became of it.  ps_classify reports the first that stands per rule. */
int ps_explain(const ps_ruleset *rules, const char *name, const char *scope, ps_kind kind,
               ps_explain_fn fn, void *context, ps_error *err);

#ifdef __cplusplus
}
#endif

#endif
