/*
 * The vocabulary as a whole, for the prefilter (prefilter/): could a word
 * be part of a finding, by any rule, in any context?  A superset of what
 * classification finds, computed by the classifier's own pieces (the words
 * a name is cut into, the terms' modes, concepts found in run-together
 * words), so that the rule packs stay the one source of truth.
 *
 * What a name must hold to match, whatever its context says: one of an
 * enabled rule's terms where its mode allows, or all the concepts of one
 * of its combinations (in any order, at any distance: a superset of the
 * combination's gap).  A combination that also asks for context concepts
 * (ORIGIN in PERSON) can match only where the unit spells those concepts
 * too, since a context (a scope, a type, the names beside a name) is made
 * of the unit's names: so such concepts are bits of a mask, and a unit
 * counts when its names' masks together hold a combination's name concept
 * and all of its context concepts, a concept also standing for those it
 * implies (PERSON-FIELD names make a PERSON).  A combination of any name
 * (the constants of an enum named Race) needs only its context's.
 * Exclusions and `unless-context` only veto, and a rule's kinds and an
 * implication's count of siblings only narrow, so they are left out; sinks
 * make no finding of their own.
 */
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

static int new_bit(psi_vocabulary *v, uint64_t *bit)
{
	if (v->bit_count >= PSI_VOCABULARY_BITS)
		return -1;
	*bit = (uint64_t)1 << v->bit_count++;
	return 0;
}

/* The bit of concept `k` of `set` as a context's, made on first need, or
 * that of a concept of the same id in an earlier set. */
static int context_bit(psi_vocabulary *v, struct psi_vocabulary_set *set, size_t k,
                       uint64_t *bit)
{
	if (set->concept_bits[k]) {
		*bit = set->concept_bits[k];
		return 0;
	}
	const char *id = set->rules->concepts[k]->id;
	*bit = 0;
	for (size_t i = 0; !*bit && i < v->context_bit_count; i++)
		if (strcmp(v->context_bits[i].id, id) == 0)
			*bit = v->context_bits[i].bit;
	if (!*bit) {
		if (new_bit(v, bit) < 0 ||
		    PSI_PUSH(v->context_bits, v->context_bit_count, v->context_bit_capacity) < 0)
			return -1;
		v->context_bits[v->context_bit_count++] = (struct psi_vocabulary_concept_bit){id, *bit};
	}
	set->concept_bits[k] = *bit;
	return 0;
}

static int add_combination(struct psi_vocabulary_set *set, const ps_combination *combo,
                           uint64_t bit)
{
	if (PSI_PUSH(set->combinations, set->combination_count, set->combination_capacity) < 0)
		return -1;
	set->combinations[set->combination_count++] =
		(struct psi_vocabulary_combination){combo->concept_index, combo->concept_count, bit};
	return 0;
}

/* Does `c` of `other` name the concepts of `combo` of `set`, by id? */
static int same_concepts(const struct psi_vocabulary_set *other,
                         const struct psi_vocabulary_combination *c,
                         const struct psi_vocabulary_set *set, const ps_combination *combo)
{
	if (c->count != combo->concept_count)
		return 0;
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(other->rules->concepts[c->concepts[i]]->id,
		           set->rules->concepts[combo->concept_index[i]]->id) != 0)
			return 0;
	return 1;
}

/* The name bit of an earlier combination with the same concepts in its
 * name (ZIP in PERSON, ZIP in ADDRESS, or ZIP in PERSON again in a
 * configuration's ruleset): a name holds both or neither, so they share
 * one of the few bits.  0 when there is none. */
static uint64_t shared_name_bit(const psi_vocabulary *v, const struct psi_vocabulary_set *set,
                                const ps_combination *combo)
{
	for (size_t s = 0; s < v->count; s++)
		for (size_t i = 0; i < v->sets[s].combination_count; i++) {
			const struct psi_vocabulary_combination *c = &v->sets[s].combinations[i];
			if (c->bit != PSI_VOCABULARY_ALONE && same_concepts(&v->sets[s], c, set, combo))
				return c->bit;
		}
	return 0;
}

/* A combination with context concepts: a pair of its name's bit and its
 * context's.  When the bits run out, its name alone counts (or, for any
 * name, every word). */
static int add_pair(psi_vocabulary *v, struct psi_vocabulary_set *set,
                    const ps_combination *combo)
{
	struct psi_vocabulary_pair pair = {0, {0}, combo->context_count};
	pair.name = combo->concept_count ? shared_name_bit(v, set, combo) : 0;
	int room = combo->concept_count == 0 || pair.name || new_bit(v, &pair.name) == 0;
	for (size_t i = 0; room && i < combo->context_count; i++)
		room = context_bit(v, set, combo->context_index[i], &pair.context[i]) == 0;
	if (!room) {
		v->short_of_bits++;
		v->any_word |= combo->concept_count == 0;
		return combo->concept_count ? add_combination(set, combo, PSI_VOCABULARY_ALONE) : 0;
	}
	if ((combo->concept_count && add_combination(set, combo, pair.name) < 0) ||
	    PSI_PUSH(v->pairs, v->pair_count, v->pair_capacity) < 0)
		return -1;
	v->pairs[v->pair_count++] = pair;
	return 0;
}

static int need_rule(psi_vocabulary *v, struct psi_vocabulary_set *set, const ps_rule *rule)
{
	int rc = 0;
	for (size_t c = 0; rc == 0 && c < rule->combination_count; c++) {
		const ps_combination *combo = &rule->combinations[c];
		if (combo->context_count > 0)
			rc = add_pair(v, set, combo);
		else if (combo->concept_count > 0)
			rc = add_combination(set, combo, PSI_VOCABULARY_ALONE);
		else
			v->any_word = 1;   /* any name, anywhere: nothing can be skipped */
	}
	return rc;
}

/* A concept stands for those it implies: their bits are set with its own. */
static void add_implied(struct psi_vocabulary_set *set)
{
	const ps_ruleset *rules = set->rules;
	uint64_t *own = malloc((rules->concept_count + 1) * sizeof *own);
	if (!own)
		return;   /* the caller sees the bits unchanged: a smaller superset */
	memcpy(own, set->concept_bits, rules->concept_count * sizeof *own);
	for (size_t d = 0; d < rules->concept_count; d++) {
		size_t k = d;
		for (size_t depth = 0; depth < rules->concept_count && rules->concepts[k]->implies;
		     depth++) {
			k = rules->concepts[k]->implied;
			set->concept_bits[d] |= own[k];
		}
	}
	free(own);
}

int psi_vocabulary_add(psi_vocabulary *v, const ps_ruleset *rules, ps_error *err)
{
	if (!rules->finished)
		return psi_fail(err, PS_EUSAGE, "the vocabulary of an unfinished ruleset");
	uint64_t *bits = calloc(rules->concept_count + 1, sizeof *bits);
	if (!bits || PSI_PUSH(v->sets, v->count, v->capacity) < 0) {
		free(bits);
		return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	struct psi_vocabulary_set *set = &v->sets[v->count++];
	*set = (struct psi_vocabulary_set){rules, bits, NULL, 0, 0};
	int rc = 0;
	for (size_t r = 0; rc == 0 && r < rules->rule_count; r++) {
		const ps_rule *rule = rules->rules[r];
		if (rule->enabled && rule->category != PS_CATEGORY_SINK)
			rc = need_rule(v, set, rule);
	}
	add_implied(set);
	return rc == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
}

/* A term of an enabled rule that makes findings, where its mode allows. */
static int holds_term(const psi_subject *s)
{
	const ps_ruleset *rules = s->rules;
	const psi_prepared *p = &s->name;
	for (size_t at = 0; at + 1 < p->length; at++) {
		const psi_term_bucket *b = &rules->buckets[psi_term_bucket_of(p->text + at)];
		for (size_t i = 0; i < b->count; i++) {
			const ps_rule *rule = rules->rules[b->items[i].rule];
			size_t first, last;
			if (rule->enabled && rule->category != PS_CATEGORY_SINK &&
			    psi_occurs_at(p, b->items[i].term, at, &first, &last))
				return 1;
		}
	}
	return 0;
}

typedef struct concept_search {
	const struct psi_vocabulary_set *set;
	unsigned char *held;        /* per concept */
} concept_search;

static void note_concept(void *context, const ps_concept *concept, int in_context,
                         const char *where)
{
	concept_search *q = context;
	(void)where;
	for (size_t k = 0; !in_context && k < q->set->rules->concept_count; k++)
		if (q->set->rules->concepts[k] == concept)
			q->held[k] = 1;
}

/* The mask of a name by one set's rules. */
static int test_set(const struct psi_vocabulary_set *set, const char *name, uint64_t *mask)
{
	psi_subject s;
	if (psi_subject_prepare(&s, set->rules, name, NULL, PS_KIND_VARIABLE, NULL) != PS_OK)
		return -1;
	int rc = 0;
	if (holds_term(&s)) {
		*mask |= PSI_VOCABULARY_ALONE;
	} else if (psi_subject_holds_any_concept(&s)) {
		concept_search q = {set, calloc(set->rules->concept_count + 1, 1)};
		if (q.held)
			psi_subject_each_concept(&s, note_concept, &q);
		rc = !q.held || s.status == PS_ENOMEM ? -1 : 0;
		for (size_t k = 0; rc == 0 && k < set->rules->concept_count; k++)
			if (q.held[k])
				*mask |= set->concept_bits[k];
		for (size_t c = 0; rc == 0 && c < set->combination_count; c++) {
			const struct psi_vocabulary_combination *combo = &set->combinations[c];
			size_t held = 0;
			while (held < combo->count && q.held[combo->concepts[held]])
				held++;
			if (held == combo->count)
				*mask |= combo->bit;
		}
		free(q.held);
	}
	psi_subject_clear(&s);
	return rc;
}

int psi_vocabulary_test(const psi_vocabulary *v, const char *text, size_t length,
                        uint64_t *mask)
{
	*mask = v->any_word ? PSI_VOCABULARY_ALONE : 0;
	char small[256];
	char *name = length < sizeof small ? small : malloc(length + 1);
	if (!name)
		return -1;
	memcpy(name, text, length);
	name[length] = '\0';
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < v->count; i++)
		rc = test_set(&v->sets[i], name, mask);
	if (name != small)
		free(name);
	return rc;
}

int psi_vocabulary_decides(const psi_vocabulary *v, uint64_t mask)
{
	if (v->any_word || (mask & PSI_VOCABULARY_ALONE))
		return 1;
	for (size_t p = 0; p < v->pair_count; p++) {
		const struct psi_vocabulary_pair *pair = &v->pairs[p];
		int holds = !pair->name || (mask & pair->name);
		for (size_t i = 0; holds && i < pair->context_count; i++)
			holds = (mask & pair->context[i]) != 0;
		if (holds)
			return 1;
	}
	return 0;
}

uint64_t psi_vocabulary_names(const psi_vocabulary *v)
{
	uint64_t names = 0;
	for (size_t p = 0; p < v->pair_count; p++)
		names |= v->pairs[p].name;
	return names;
}

void psi_vocabulary_clear(psi_vocabulary *v)
{
	for (size_t i = 0; i < v->count; i++) {
		free(v->sets[i].concept_bits);
		free(v->sets[i].combinations);
	}
	free(v->sets);
	free(v->pairs);
	free(v->context_bits);
	memset(v, 0, sizeof *v);
}
