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
 *
 * Combinations match by concepts instead of spellings (subject.c finds
 * them): BIRTH and PLACE anywhere in the name, a few words apart at most,
 * give place of birth in town_of_birth, birthTown and geboortestad alike.  A
 * combination may also ask for concepts in the declaration's context (a
 * PERSON for `language`); a match that needs its context says what in the
 * context decided, and is one severity lower unless the pack says otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

/* Does an exclusion over words ex_first..ex_last veto a match over
 * first..last: overlapping it, or, for an `after` exclusion, right after it? */
static int veto_covers(int after, size_t ex_first, size_t ex_last, size_t first, size_t last)
{
	return after ? ex_first == last + 1 : ex_first <= last && first <= ex_last;
}

/* The exclusion of `rule` that overlaps words first..last of `p`, that
 * follows them right after (an `after` exclusion: the head of the name, as in
 * postal_code_matcher), or that may veto from anywhere and occurs in `p` or
 * in the `context`; or NULL. */
static const ps_term *vetoed(const psi_prepared *p, const psi_prepared *context,
                             const ps_rule *rule, size_t first, size_t last)
{
	for (size_t e = 0; e < rule->exclusion_count; e++) {
		const ps_term *ex = &rule->exclusions[e];
		if (ex->anywhere) {
			if (psi_occurs_anywhere(p, ex) || (context && psi_occurs_anywhere(context, ex)))
				return ex;
			continue;
		}
		for (size_t at = 0; at + ex->length <= p->length; at++) {
			size_t ex_first, ex_last;
			if (!psi_occurs_at(p, ex, at, &ex_first, &ex_last))
				continue;
			if (veto_covers(ex->after, ex_first, ex_last, first, last))
				return ex;
		}
	}
	return NULL;
}

/* The first of the concepts `index` that the name or its context holds. */
static const ps_concept *first_held(psi_subject *s, const size_t *index, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t k = index[i];
		size_t first, last;
		if (psi_subject_has_concepts(s, &k, 1, 0, &first, &last) ||
		    psi_subject_context_has(s, k, 1, NULL, 0))
			return s->rules->concepts[k];
	}
	return NULL;
}

/* The first `unless-context` concept of `rule` that the name or its
 * context holds: RACE_ELF is as much a game's as `race` beside `hit_points`. */
static const ps_concept *vetoed_by_context(psi_subject *s, const ps_rule *rule)
{
	return first_held(s, rule->unless_context_index, rule->unless_context_count);
}

/* An identifier read from tokens may have been any kind of declaration,
 * but not one that a combination with kinds of its own is for: that needs
 * to know what the name declares. */
static int applies(const ps_rule *rule, const ps_combination *c, ps_kind kind)
{
	if (c && c->kinds && kind == PS_KIND_IDENTIFIER && !(c->kinds & (1u << kind)))
		return 0;
	unsigned kinds = c && c->kinds ? c->kinds : rule->kinds;
	unsigned wanted = kind == PS_KIND_IDENTIFIER
	                      ? ((1u << PS_KIND_STRING_LITERAL) - 1) | (1u << PS_KIND_IDENTIFIER)
	                      : 1u << kind;
	return (kinds & wanted) != 0;
}

/* The severity of a match: a combination's own, else the rule's, one lower
 * when the context made it (`by_context`: something outside the name
 * decided). */
static ps_severity severity_of(const ps_rule *rule, const ps_combination *c, int by_context)
{
	if (c && c->severity >= 0)
		return (ps_severity)c->severity;
	if (by_context && rule->severity > PS_SEVERITY_NOTE)
		return (ps_severity)(rule->severity - 1);
	return rule->severity;
}

/* Does combination `c` stand for `s`?  Sets the words it covers in the name
 * and, when it needs context, what in the context decided.  `missing`
 * receives a context concept that is not there, when that is what fails. */
static int combination_holds(psi_subject *s, const ps_combination *c, size_t *first,
                             size_t *last, char *because, size_t size,
                             const ps_concept **missing)
{
	*missing = NULL;
	if (!psi_subject_has_concepts(s, c->concept_index, c->concept_count, c->gap, first, last) ||
	    (c->alone && psi_subject_holds_other_concept(s, c->concept_index, c->concept_count)))
		return 0;
	if (because && size)
		because[0] = '\0';
	for (size_t i = 0; i < c->context_count; i++) {
		size_t k = c->context_index[i], from, to;
		/* The name may be its own context (applicant_race), in words
		 * other than those it matches (citizen is a PERSON itself). */
		if (c->concept_count > 0 && !s->rules->concepts[k]->scope_only &&
		    psi_subject_has_concepts(s, &k, 1, 0, &from, &to) && (to < *first || from > *last))
			continue;
		/* The first context concept says why; the others only must hold.
		 * Any name at all takes its meaning from its own scope only. */
		char *why = because && because[0] == '\0' ? because : NULL;
		if (c->concept_count == 0 ? !psi_subject_scope_name_has(s, k, why, size)
		                          : !psi_subject_context_has(s, k, 0, why, size)) {
			*missing = s->rules->concepts[k];
			return 0;
		}
	}
	/* Its own veto: what makes the name mean something else here. */
	return first_held(s, c->unless_index, c->unless_count) == NULL;
}

static int rule_matched(const ps_match *matches, size_t count, const ps_rule *rule)
{
	for (size_t k = 0; k < count; k++)
		if (matches[k].rule == rule)
			return 1;
	return 0;
}

/* Put `m` into `matches`, kept in ruleset order (`order` holds each
 * match's rule index); at most one match per rule. */
static void add_match(ps_match *matches, uint32_t *order, size_t *count, size_t capacity,
                      uint32_t rule_index, const ps_match *m)
{
	if (rule_matched(matches, *count, m->rule) || *count >= capacity)
		return;
	size_t slot = *count;
	while (slot > 0 && order[slot - 1] > rule_index) {
		matches[slot] = matches[slot - 1];
		order[slot] = order[slot - 1];
		slot--;
	}
	matches[slot] = *m;
	order[slot] = rule_index;
	(*count)++;
}

static int category_matched(const ps_match *matches, size_t count, ps_category category)
{
	for (size_t i = 0; i < count; i++)
		if (matches[i].rule->category == category)
			return 1;
	return 0;
}

/* A match over words first..last; `because`, when not empty, is what in the
 * context decided it. */
static ps_match match_of(const psi_subject *s, const ps_rule *rule, const ps_term *term,
                         const ps_combination *c, size_t first, size_t last,
                         const char *because)
{
	int by_context = because && because[0];
	ps_match m = {rule, term, c, first, last, 0, 0, severity_of(rule, c, by_context),
	              by_context ? PS_EVIDENCE_CONTEXT : PS_EVIDENCE_NAME, ""};
	if (by_context)
		snprintf(m.context, sizeof m.context, "%s", because);
	if (s->words.count > 0) {
		m.offset = s->words.offset[first];
		m.length = s->words.offset[last] + strlen(s->words.word[last]) - m.offset;
	}
	return m;
}

/* Where a rule's exclusions occur in the name, found once per rule: a long
 * literal repeating a term ("etnia ..." two thousand times) would otherwise
 * look for every exclusion across the whole text at every occurrence. */
typedef struct rule_vetoes {
	int known;
	int everywhere;      /* an `anywhere` exclusion or the rule's unless-context holds */
	struct veto_span {
		size_t first, last;
		int after;
	} *spans;
	size_t count, capacity;
} rule_vetoes;

static int find_vetoes(psi_subject *s, const ps_rule *rule, rule_vetoes *v)
{
	const psi_prepared *p = &s->name, *context = psi_subject_context_text(s);
	v->known = 1;
	v->everywhere = vetoed_by_context(s, rule) != NULL;
	for (size_t e = 0; !v->everywhere && e < rule->exclusion_count; e++) {
		const ps_term *ex = &rule->exclusions[e];
		if (ex->anywhere) {
			v->everywhere = psi_occurs_anywhere(p, ex) ||
			                (context && psi_occurs_anywhere(context, ex));
			continue;
		}
		for (size_t at = 0; at + ex->length <= p->length; at++) {
			size_t first, last;
			if (!psi_occurs_at(p, ex, at, &first, &last))
				continue;
			if (PSI_PUSH(v->spans, v->count, v->capacity) < 0)
				return -1;
			v->spans[v->count++] = (struct veto_span){first, last, ex->after};
		}
	}
	return 0;
}

/* vetoed() or vetoed_by_context() for rule `r` over words first..last, from
 * the spans found the first time the rule is asked about; also 1 once
 * memory ran out (the subject's status says so). */
static int rule_vetoed(psi_subject *s, rule_vetoes *vetoes, size_t r, size_t first, size_t last)
{
	rule_vetoes *v = &vetoes[r];
	if (!v->known && find_vetoes(s, s->rules->rules[r], v) < 0) {
		s->status = PS_ENOMEM;
		return 1;
	}
	if (v->everywhere)
		return 1;
	for (size_t i = 0; i < v->count; i++) {
		const struct veto_span *x = &v->spans[i];
		if (veto_covers(x->after, x->first, x->last, first, last))
			return 1;
	}
	return 0;
}

/* The rules' own terms, left to right, so that each rule keeps its leftmost
 * occurrence: once a rule has matched, its later occurrences are not tried. */
static void match_terms(psi_subject *s, ps_kind kind, rule_vetoes *vetoes, ps_match *matches,
                        uint32_t *order, size_t *count, size_t capacity)
{
	const ps_ruleset *rules = s->rules;
	const psi_prepared *p = &s->name;
	for (size_t at = 0; at + 1 < p->length && s->status == PS_OK; at++) {
		const psi_term_bucket *b = &rules->buckets[psi_term_bucket_of(p->text + at)];
		for (size_t i = 0; i < b->count; i++) {
			const ps_rule *rule = rules->rules[b->items[i].rule];
			const ps_term *term = b->items[i].term;
			size_t first, last;
			if (!applies(rule, NULL, kind) || rule_matched(matches, *count, rule) ||
			    !psi_occurs_at(p, term, at, &first, &last) ||
			    rule_vetoed(s, vetoes, b->items[i].rule, first, last))
				continue;
			ps_match m = match_of(s, rule, term, NULL, first, last, NULL);
			add_match(matches, order, count, capacity, b->items[i].rule, &m);
		}
	}
}

/* Combinations that need no context (`with_context` 0), or those that do:
 * the context only settles a category that nothing in the name settled
 * (herkomst is migration background by name, not also origin by context). */
static void match_combinations(psi_subject *s, ps_kind kind, int with_context,
                               rule_vetoes *vetoes, ps_match *matches, uint32_t *order,
                               size_t *count, size_t capacity)
{
	const ps_ruleset *rules = s->rules;
	/* Most names hold no concept: only combinations of any name apply,
	 * and to few kinds. */
	int any_concept = psi_subject_holds_any_concept(s);
	if (!any_concept && !(rules->any_name_kinds & (1u << kind)))
		return;
	for (size_t r = 0; r < rules->rule_count; r++) {
		const ps_rule *rule = rules->rules[r];
		for (size_t c = 0; rule->enabled && c < rule->combination_count; c++) {
			const ps_combination *combination = &rule->combinations[c];
			size_t first, last;
			const ps_concept *missing;
			char because[sizeof matches->context];
			if ((combination->concept_count > 0 && !any_concept) ||
			    (combination->context_count > 0) != with_context ||
			    (with_context && category_matched(matches, *count, rule->category)) ||
			    !applies(rule, combination, kind) ||
			    !combination_holds(s, combination, &first, &last, because,
			                       sizeof because, &missing) ||
			    rule_vetoed(s, vetoes, r, first, last))
				continue;
			ps_match m = match_of(s, rule, NULL, combination, first, last, because);
			add_match(matches, order, count, capacity, (uint32_t)r, &m);
			break;
		}
	}
}

int ps_classify_in(const ps_ruleset *rules, const char *name, const ps_context *context,
                   ps_kind kind, ps_match *matches, size_t capacity, size_t *count,
                   ps_error *err)
{
	*count = 0;
	psi_subject s;
	int rc = psi_subject_prepare(&s, rules, name, context, kind, err);
	if (rc != PS_OK)
		return rc;
	uint32_t order[capacity ? capacity : 1];
	/* On the stack, as `order` is: this runs for every declaration, and a
	 * ruleset has tens of rules. */
	size_t rule_count = rules->rule_count ? rules->rule_count : 1;
	rule_vetoes vetoes[rule_count];
	memset(vetoes, 0, sizeof vetoes);
	match_terms(&s, kind, vetoes, matches, order, count, capacity);
	if (rules->has_combinations)
		match_combinations(&s, kind, 0, vetoes, matches, order, count, capacity);
	if (rules->has_context_rules)
		match_combinations(&s, kind, 1, vetoes, matches, order, count, capacity);
	for (size_t r = 0; r < rules->rule_count; r++)
		free(vetoes[r].spans);
	rc = s.status == PS_OK ? PS_OK : psi_fail(err, s.status, "out of memory classifying '%s'", name);
	psi_subject_clear(&s);
	return rc;
}

int ps_classify(const ps_ruleset *rules, const char *name, const char *context, ps_kind kind,
                ps_match *matches, size_t capacity, size_t *count, ps_error *err)
{
	ps_context around = {context, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	return ps_classify_in(rules, name, context ? &around : NULL, kind, matches, capacity,
	                      count, err);
}

/* ---- explanations ------------------------------------------------------- */

static void explain_terms(psi_subject *s, ps_kind kind, ps_explain_fn fn, void *context)
{
	const ps_ruleset *rules = s->rules;
	const psi_prepared *p = &s->name;
	for (size_t r = 0; r < rules->rule_count; r++) {
		const ps_rule *rule = rules->rules[r];
		for (size_t t = 0; t < rule->term_count; t++) {
			for (size_t at = 0; at + rule->terms[t].length <= p->length; at++) {
				ps_explanation e = {rule, &rule->terms[t], NULL, 0, 0, NULL, NULL, NULL,
				                    NULL, 0, !rule->enabled, severity_of(rule, NULL, 0)};
				if (!psi_occurs_at(p, e.term, at, &e.first_word, &e.last_word))
					continue;
				e.vetoed_by = vetoed(p, psi_subject_context_text(s), rule,
				                     e.first_word, e.last_word);
				e.vetoed_by_context = vetoed_by_context(s, rule);
				e.wrong_kind = !applies(rule, NULL, kind);
				fn(context, &e);
			}
		}
	}
}

static void explain_combinations(psi_subject *s, ps_kind kind, ps_explain_fn fn,
                                 void *context)
{
	const ps_ruleset *rules = s->rules;
	for (size_t r = 0; r < rules->rule_count; r++) {
		const ps_rule *rule = rules->rules[r];
		for (size_t c = 0; c < rule->combination_count; c++) {
			const ps_combination *combination = &rule->combinations[c];
			char because[160];
			ps_explanation e = {rule, NULL, combination, 0, 0, NULL, NULL, NULL, NULL,
			                    0, !rule->enabled, rule->severity};
			/* Nothing to say when the name lacks the concepts, or when any
			 * name would do and the context lacks them. */
			if (!combination_holds(s, combination, &e.first_word, &e.last_word, because,
			                       sizeof because, &e.missing_context) &&
			    (!e.missing_context || combination->concept_count == 0))
				continue;
			e.context = because[0] ? because : NULL;
			e.severity = severity_of(rule, combination, e.context != NULL);
			e.vetoed_by = vetoed(&s->name, psi_subject_context_text(s), rule,
			                     e.first_word, e.last_word);
			e.vetoed_by_context = vetoed_by_context(s, rule);
			e.wrong_kind = !applies(rule, combination, kind);
			fn(context, &e);
		}
	}
}

int ps_explain(const ps_ruleset *rules, const char *name, const ps_context *scope,
               ps_kind kind, ps_concept_fn concept_fn, ps_explain_fn fn, void *context,
               ps_error *err)
{
	psi_subject s;
	int rc = psi_subject_prepare(&s, rules, name, scope, kind, err);
	if (rc != PS_OK)
		return rc;
	if (concept_fn)
		psi_subject_each_concept(&s, concept_fn, context);
	explain_terms(&s, kind, fn, context);
	explain_combinations(&s, kind, fn, context);
	rc = s.status == PS_OK ? PS_OK : psi_fail(err, s.status, "out of memory explaining '%s'", name);
	psi_subject_clear(&s);
	return rc;
}
