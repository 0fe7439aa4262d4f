/*
 * Matching a name against the rules.
 *
 * The name's words are run together into one lower-case string, remembering
 * where each word starts.  A term matches where its own run-together text
 * occurs in that string and the occurrence respects the term's mode: whole
 * words (word), from the start of a word (prefix), or anywhere (stem).  So
 * "country of birth" matches country_of_birth, CountryOfBirth and
 * countryofbirth alike, and "race" matches race_code but not trace_id.
 *
 * An exclusion of the same rule that matches words overlapping the term's
 * occurrence vetoes that occurrence: race_condition is not about race.  An
 * exclusion marked `anywhere` vetoes wherever it occurs in the name: the
 * race in race_lap_time is settled by "lap".
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "profilescan/classify.h"
#include "ruleset.h"

/* A name made ready for matching. */
typedef struct prepared {
	char *text;        /* the words run together */
	size_t length;
	size_t *start;     /* start[i]: offset of word i in text; start[count] = length */
	size_t count;
} prepared;

static int prepare(const ps_words *words, prepared *out)
{
	out->count = words->count;
	out->start = malloc((words->count + 1) * sizeof *out->start);
	size_t length = 0;
	for (size_t i = 0; i < words->count; i++)
		length += strlen(words->word[i]);
	out->text = malloc(length + 1);
	if (!out->start || !out->text)
		return -1;
	size_t at = 0;
	for (size_t i = 0; i < words->count; i++) {
		size_t n = strlen(words->word[i]);
		out->start[i] = at;
		memcpy(out->text + at, words->word[i], n);
		at += n;
	}
	out->start[words->count] = at;
	out->text[at] = '\0';
	out->length = at;
	return 0;
}

/* The word holding byte `offset` of the run-together text. */
static size_t word_at(const prepared *p, size_t offset)
{
	size_t lo = 0, hi = p->count;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (p->start[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int is_word_start(const prepared *p, size_t offset)
{
	return p->start[word_at(p, offset)] == offset;
}

/* Does `term` occur at `offset` in a way its mode allows?  Sets the span. */
static int occurs_at(const prepared *p, const ps_term *term, size_t offset,
                     size_t *first, size_t *last)
{
	size_t end = offset + term->length;
	if (end > p->length || memcmp(p->text + offset, term->joined, term->length) != 0)
		return 0;
	if (term->mode != PS_MATCH_STEM && !is_word_start(p, offset))
		return 0;
	if (term->mode == PS_MATCH_WORD && end != p->length && !is_word_start(p, end))
		return 0;
	*first = word_at(p, offset);
	*last = word_at(p, end - 1);
	/* Across words only whole words count: geboorte_land is geboorteland,
	 * but national_item does not hold "nationalit". */
	if (*first != *last &&
	    (!is_word_start(p, offset) || (end != p->length && !is_word_start(p, end))))
		return 0;
	return 1;
}

static int occurs_anywhere(const prepared *p, const ps_term *term)
{
	size_t first, last;
	for (size_t at = 0; at + term->length <= p->length; at++)
		if (occurs_at(p, term, at, &first, &last))
			return 1;
	return 0;
}

/* The exclusion of `rule` that overlaps words first..last of `p`, or that
 * may veto from anywhere and occurs in `p` or in the `context`; or NULL. */
static const ps_term *vetoed(const prepared *p, const prepared *context, const ps_rule *rule,
                             size_t first, size_t last)
{
	for (size_t e = 0; e < rule->exclusion_count; e++) {
		const ps_term *ex = &rule->exclusions[e];
		if (ex->anywhere) {
			if (occurs_anywhere(p, ex) || (context && occurs_anywhere(context, ex)))
				return ex;
			continue;
		}
		for (size_t at = 0; at + ex->length <= p->length; at++) {
			size_t ex_first, ex_last;
			if (occurs_at(p, ex, at, &ex_first, &ex_last) &&
			    ex_first <= last && first <= ex_last)
				return ex;
		}
	}
	return NULL;
}

typedef struct subject {
	ps_words words, context_words;
	prepared name, context;
	int has_context;
} subject;

static void subject_clear(subject *s)
{
	free(s->name.text);
	free(s->name.start);
	free(s->context.text);
	free(s->context.start);
	ps_words_clear(&s->words);
	ps_words_clear(&s->context_words);
}

static int subject_prepare(subject *s, const char *name, const char *context, ps_error *err)
{
	memset(s, 0, sizeof *s);
	s->has_context = context != NULL;
	int rc = ps_words_split(name, &s->words, err);
	if (rc == PS_OK && context)
		rc = ps_words_split(context, &s->context_words, err);
	if (rc == PS_OK && (prepare(&s->words, &s->name) < 0 ||
	                    (context && prepare(&s->context_words, &s->context) < 0)))
		rc = ps_fail(err, PS_ENOMEM, "out of memory");
	if (rc != PS_OK)
		subject_clear(s);
	return rc;
}

int ps_explain(const ps_ruleset *rules, const char *name, const char *scope, ps_kind kind,
               ps_explain_fn fn, void *context, ps_error *err)
{
	if (!rules->finished)
		return ps_fail(err, PS_EUSAGE, "ps_explain: call ps_ruleset_finish first");
	subject s;
	int rc = subject_prepare(&s, name, scope, err);
	if (rc != PS_OK)
		return rc;
	const prepared *p = &s.name;
	for (size_t r = 0; r < rules->rule_count; r++) {
		const ps_rule *rule = rules->rules[r];
		for (size_t t = 0; t < rule->term_count; t++) {
			for (size_t at = 0; at + rule->terms[t].length <= p->length; at++) {
				ps_explanation e = {rule, &rule->terms[t], 0, 0, NULL, 0, !rule->enabled};
				if (!occurs_at(p, e.term, at, &e.first_word, &e.last_word))
					continue;
				e.vetoed_by = vetoed(p, s.has_context ? &s.context : NULL, rule,
				                     e.first_word, e.last_word);
				e.wrong_kind = !(rule->kinds & (1u << kind));
				fn(context, &e);
			}
		}
	}
	subject_clear(&s);
	return PS_OK;
}

int ps_classify(const ps_ruleset *rules, const char *name, const char *context, ps_kind kind,
                ps_match *matches, size_t capacity, size_t *count, ps_error *err)
{
	*count = 0;
	if (!rules->finished)
		return ps_fail(err, PS_EUSAGE, "ps_classify: call ps_ruleset_finish first");
	subject s;
	int rc = subject_prepare(&s, name, context, err);
	if (rc != PS_OK)
		return rc;
	const prepared *p = &s.name;
	const ps_words *words = &s.words;
	/* Scan left to right so that each rule keeps its leftmost occurrence;
	 * `order` holds each match's rule index, to report in ruleset order. */
	uint32_t order[capacity ? capacity : 1];
	for (size_t at = 0; at + 1 < p->length; at++) {
		const ps_term_bucket *b = &rules->buckets[ps_term_bucket_of(p->text + at)];
		for (size_t i = 0; i < b->count; i++) {
			const ps_rule *rule = rules->rules[b->items[i].rule];
			const ps_term *term = b->items[i].term;
			size_t first, last;
			if (!(rule->kinds & (1u << kind)) ||
			    !occurs_at(p, term, at, &first, &last) ||
			    vetoed(p, s.has_context ? &s.context : NULL, rule, first, last))
				continue;
			size_t k = 0;
			while (k < *count && matches[k].rule != rule)
				k++;
			if (k < *count || k >= capacity)
				continue;
			size_t offset = words->offset[first];
			size_t end = words->offset[last] + strlen(words->word[last]);
			/* Insert in ruleset order. */
			size_t slot = *count;
			while (slot > 0 && order[slot - 1] > b->items[i].rule) {
				matches[slot] = matches[slot - 1];
				order[slot] = order[slot - 1];
				slot--;
			}
			matches[slot] = (ps_match){rule, term, first, last, offset, end - offset};
			order[slot] = b->items[i].rule;
			(*count)++;
		}
	}
	subject_clear(&s);
	return rc;
}
