/*
 * A name made ready for matching, and the concepts in it and around it.
 *
 * Concepts are found in pieces, not only in words: programmers run words
 * together (birthtown, townofbirth, geboortestad, lugarnacimiento), so a word
 * made entirely of concept words (and fillers such as "of", "de", "van") is
 * split into them (split.c), with the fewest pieces, and a remainder of two to four
 * letters may follow them (birthlocationlen).  A word that holds fewer than
 * two concept words (birthday, placebo) stays whole, so no concept is read
 * into part of an unrelated word.
 *
 * The context (scope, type, siblings) is read only when a rule asks for one
 * of its concepts, and each concept once per name: most names match nothing
 * and never pay for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

/* ---- prepared text ----------------------------------------------------- */

static int prepare(const ps_words *words, psi_prepared *out)
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

static void prepared_clear(psi_prepared *p)
{
	free(p->text);
	free(p->start);
	memset(p, 0, sizeof *p);
}

/* The word holding byte `offset` of the run-together text. */
static size_t word_at(const psi_prepared *p, size_t offset)
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

static int is_word_start(const psi_prepared *p, size_t offset)
{
	return p->start[word_at(p, offset)] == offset;
}

int psi_occurs_at(const psi_prepared *p, const ps_term *term, size_t offset, size_t *first,
		  size_t *last)
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

int psi_occurs_anywhere(const psi_prepared *p, const ps_term *term)
{
	size_t first, last;
	for (size_t at = 0; at + term->length <= p->length; at++)
		if (psi_occurs_at(p, term, at, &first, &last))
			return 1;
	return 0;
}

/* ---- views: words split into concept pieces ---------------------------- */

static int is_filler(const ps_ruleset *rules, uint32_t concept)
{
	return rules->concepts[concept]->filler;
}

typedef struct piece_room {
	size_t words, offsets, sources;
} piece_room;

static int add_piece(psi_view *v, piece_room *room, const char *text, size_t length,
                     size_t offset, size_t word)
{
	size_t n = v->pieces.count;
	if (PSI_PUSH(v->pieces.word, n, room->words) < 0 ||
	    PSI_PUSH(v->pieces.offset, n, room->offsets) < 0 ||
	    PSI_PUSH(v->piece_word, n, room->sources) < 0)
		return -1;
	v->pieces.word[n] = psi_strndup(text, length);
	if (!v->pieces.word[n])
		return -1;
	v->pieces.offset[n] = offset;
	v->piece_word[n] = word;
	v->pieces.count++;
	return 0;
}

static int find_hits(const ps_ruleset *rules, psi_view *v)
{
	const psi_prepared *p = &v->prepared;
	for (size_t at = 0; at + 1 < p->length; at++) {
		const psi_term_bucket *b = &rules->concept_buckets[psi_term_bucket_of(p->text + at)];
		for (size_t i = 0; i < b->count; i++) {
			size_t first, last;
			if (!psi_occurs_at(p, b->items[i].term, at, &first, &last))
				continue;
			if (PSI_PUSH(v->hits, v->hit_count, v->hit_capacity) < 0)
				return -1;
			v->hits[v->hit_count++] =
				(psi_concept_hit){b->items[i].rule, (uint32_t)first, (uint32_t)last};
		}
	}
	return 0;
}

static void view_clear(psi_view *v)
{
	ps_words_clear(&v->pieces);
	free(v->piece_word);
	prepared_clear(&v->prepared);
	free(v->hits);
	memset(v, 0, sizeof *v);
}

/* The view of `words`; -1 when memory runs out. */
static int view_build(const ps_ruleset *rules, const ps_words *words, psi_view *v)
{
	memset(v, 0, sizeof *v);
	piece_room room = {0, 0, 0};
	size_t cut[PSI_MAX_SPLIT_WORD + 1];
	for (size_t w = 0; w < words->count; w++) {
		const char *word = words->word[w];
		size_t n = psi_split_word(rules, word, cut);
		int rc = 0;
		if (n == 0)
			rc = add_piece(v, &room, word, strlen(word), words->offset[w], w);
		for (size_t k = 0; rc == 0 && k < n; k++)
			rc = add_piece(v, &room, word + cut[k], cut[k + 1] - cut[k],
			               words->offset[w] + cut[k], w);
		if (rc < 0)
			return -1;
	}
	if (prepare(&v->pieces, &v->prepared) < 0 || find_hits(rules, v) < 0)
		return -1;
	return 0;
}

/* The view of a text such as a scope or a sibling's name. */
static int view_of_text(const ps_ruleset *rules, const char *text, psi_view *v)
{
	memset(v, 0, sizeof *v);
	if (!text)
		return 0;
	ps_words words;
	if (ps_words_split(text, &words, NULL) != PS_OK)
		return -1;
	int rc = view_build(rules, &words, v);
	ps_words_clear(&words);
	return rc;
}

static const psi_concept_hit *hit_of(const psi_view *v, size_t k)
{
	for (size_t i = 0; i < v->hit_count; i++)
		if (v->hits[i].concept == k)
			return &v->hits[i];
	return NULL;
}

/* ---- the subject ------------------------------------------------------- */

int psi_subject_prepare(psi_subject *s, const ps_ruleset *rules, const char *name,
			const ps_context *context, ps_kind kind, ps_error *err)
{
	memset(s, 0, sizeof *s);
	if (!rules->finished)
		return psi_fail(err, PS_EUSAGE, "call ps_ruleset_finish before classifying");
	s->siblings_veto_only = kind == PS_KIND_IDENTIFIER && !(context && context->siblings_bracketed);
	s->file_names_veto_only = kind == PS_KIND_IDENTIFIER;
	s->rules = rules;
	s->context = context;
	s->original = name;
	int rc = ps_words_split(name, &s->words, err);
	if (rc == PS_OK && prepare(&s->words, &s->name) < 0)
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	if (rc != PS_OK)
		psi_subject_clear(s);
	return rc;
}

void psi_subject_clear(psi_subject *s)
{
	prepared_clear(&s->name);
	ps_words_clear(&s->words);
	view_clear(&s->view);
	ps_words_clear(&s->context_words);
	prepared_clear(&s->context_text);
	view_clear(&s->scope_view);
	view_clear(&s->type_view);
	view_clear(&s->scope_name_view);
	free(s->scope_name_read);
	s->scope_name_read = NULL;
	ps_siblings_summary_reset(&s->own_summary);
	ps_siblings_summary_reset(&s->own_file_summary);
	s->file_names = NULL;
	if (s->context_where)
		for (size_t k = 0; k < 2 * s->rules->concept_count; k++)
			free(s->context_where[k]);
	free(s->context_where);
	free(s->context_state);
	s->siblings = NULL;
	s->context_where = NULL;
	s->context_state = NULL;
}

const psi_prepared *psi_subject_context_text(psi_subject *s)
{
	const ps_context *c = s->context;
	if (!c || (!c->scope && !c->type))
		return NULL;
	if (!s->context_text_ready) {
		s->context_text_ready = 1;
		char *text = psi_sprintf("%s %s", c->scope ? c->scope : "", c->type ? c->type : "");
		if (!text || ps_words_split(text, &s->context_words, NULL) != PS_OK ||
		    prepare(&s->context_words, &s->context_text) < 0)
			s->status = PS_ENOMEM;
		free(text);
	}
	return s->context_text.text ? &s->context_text : NULL;
}

static int concept_term_at(const ps_ruleset *rules, const psi_prepared *p, size_t at)
{
	if (at + 1 >= p->length)
		return 0;
	const psi_term_bucket *b = &rules->concept_buckets[psi_term_bucket_of(p->text + at)];
	for (size_t i = 0; i < b->count; i++) {
		const ps_term *term = b->items[i].term;
		if (at + term->length <= p->length &&
		    memcmp(p->text + at, term->joined, term->length) == 0)
			return 1;
	}
	return 0;
}

/* Does a concept term start a word of the text, or follow its first letter
 * (the letter of Hungarian notation split_word allows) or a getter's verb?  Every concept a
 * view can find does, or follows another concept word that does in a split
 * word; most names have none and are left with an empty view, at the cost
 * of two bucket look-ups per word. */
static int starts_with_concept(const ps_ruleset *rules, const psi_prepared *p)
{
	for (size_t w = 0; w < p->count; w++) {
		size_t at = p->start[w];
		size_t verb = psi_accessor_verb(p->text + at);
		if (concept_term_at(rules, p, at) ||
		    (p->text[at] >= 'a' && p->text[at] <= 'z' && concept_term_at(rules, p, at + 1)) ||
		    (verb && concept_term_at(rules, p, at + verb)))
			return 1;
	}
	return 0;
}

static psi_view *name_view(psi_subject *s)
{
	if (!s->view_ready) {
		s->view_ready = 1;
		if (starts_with_concept(s->rules, &s->name) &&
		    view_build(s->rules, &s->words, &s->view) < 0)
			s->status = PS_ENOMEM;
	}
	return &s->view;
}

/* ---- concepts of the name ---------------------------------------------- */

typedef struct search {
	const psi_view *view;
	const ps_ruleset *rules;
	const size_t *concepts;
	size_t count;
	unsigned gap;
	const psi_concept_hit *chosen[PS_MAX_COMBINED_CONCEPTS];
	size_t best_first, best_last;
	int found;
} search;

static int overlaps(const psi_concept_hit *a, const psi_concept_hit *b)
{
	return a->first <= b->last && b->first <= a->last;
}

/* Words of the span first..last that are neither a chosen concept nor a
 * filler. */
static size_t loose_words(const search *q, size_t first, size_t last)
{
	size_t loose = 0;
	for (size_t w = first; w <= last; w++) {
		int covered = 0;
		for (size_t i = 0; i < q->count && !covered; i++)
			covered = q->chosen[i]->first <= w && w <= q->chosen[i]->last;
		for (size_t h = 0; h < q->view->hit_count && !covered; h++)
			covered = is_filler(q->rules, q->view->hits[h].concept) &&
			          q->view->hits[h].first == w && q->view->hits[h].last == w;
		loose += !covered;
	}
	return loose;
}

/* Choose a hit for concept `depth` and on; keep the narrowest choice. */
static void choose(search *q, size_t depth)
{
	if (depth == q->count) {
		size_t first = SIZE_MAX, last = 0;
		for (size_t i = 0; i < q->count; i++) {
			if (q->chosen[i]->first < first)
				first = q->chosen[i]->first;
			if (q->chosen[i]->last > last)
				last = q->chosen[i]->last;
		}
		if (loose_words(q, first, last) > q->gap)
			return;
		if (!q->found || last - first < q->best_last - q->best_first) {
			q->found = 1;
			q->best_first = first;
			q->best_last = last;
		}
		return;
	}
	for (size_t h = 0; h < q->view->hit_count; h++) {
		const psi_concept_hit *hit = &q->view->hits[h];
		if (hit->concept != q->concepts[depth])
			continue;
		int clash = 0;
		for (size_t i = 0; i < depth && !clash; i++)
			clash = overlaps(q->chosen[i], hit);
		if (clash)
			continue;
		q->chosen[depth] = hit;
		choose(q, depth + 1);
	}
}

int psi_subject_holds_any_concept(psi_subject *s)
{
	return name_view(s)->hit_count > 0;
}

int psi_subject_has_concepts(psi_subject *s, const size_t *concepts, size_t count,
			     unsigned gap, size_t *first, size_t *last)
{
	if (s->words.count == 0)
		return 0;
	if (count == 0) {
		*first = 0;
		*last = s->words.count - 1;
		return 1;
	}
	const psi_view *v = name_view(s);
	if (s->status != PS_OK || count > PS_MAX_COMBINED_CONCEPTS)
		return 0;
	for (size_t i = 0; i < count; i++)
		if (!hit_of(v, concepts[i]))
			return 0;
	search q = {v, s->rules, concepts, count, gap, {0}, 0, 0, 0};
	choose(&q, 0);
	if (!q.found)
		return 0;
	*first = v->piece_word[q.best_first];
	*last = v->piece_word[q.best_last];
	return 1;
}

static int one_of(const size_t *concepts, size_t count, uint32_t k)
{
	for (size_t i = 0; i < count; i++)
		if (concepts[i] == k)
			return 1;
	return 0;
}

int psi_subject_holds_other_concept(psi_subject *s, const size_t *concepts, size_t count)
{
	const psi_view *v = name_view(s);
	for (size_t i = 0; i < v->hit_count; i++) {
		const psi_concept_hit *other = &v->hits[i];
		if (is_filler(s->rules, other->concept) || one_of(concepts, count, other->concept))
			continue;
		int shared = 0;
		for (size_t j = 0; j < v->hit_count && !shared; j++)
			shared = one_of(concepts, count, v->hits[j].concept) &&
			         overlaps(&v->hits[j], other);
		if (!shared)
			return 1;
	}
	return 0;
}

/* ---- what the siblings hold ------------------------------------------- */

ps_siblings_summary *ps_siblings_summary_new(void)
{
	return calloc(1, sizeof(ps_siblings_summary));
}

void ps_siblings_summary_reset(ps_siblings_summary *summary)
{
	if (!summary)
		return;
	free(summary->holders);
	free(summary->last);
	free(summary->first);
	memset(summary, 0, sizeof *summary);
}

void ps_siblings_summary_free(ps_siblings_summary *summary)
{
	ps_siblings_summary_reset(summary);
	free(summary);
}

/* Count, per concept, the siblings that hold it and keep the first few,
 * unless the summary was made for these rules already. */
static int summarize(const ps_ruleset *rules, const char *const *names, size_t count,
                     ps_siblings_summary *sum)
{
	if (sum->rules == rules)
		return 0;
	ps_siblings_summary_reset(sum);
	size_t concepts = rules->concept_count ? rules->concept_count : 1;
	sum->holders = calloc(concepts, sizeof *sum->holders);
	sum->last = malloc(concepts * sizeof *sum->last);
	sum->first = malloc(concepts * sizeof *sum->first);
	if (!sum->holders || !sum->last || !sum->first)
		return -1;
	memset(sum->last, 0xff, concepts * sizeof *sum->last);
	memset(sum->first, 0xff, concepts * sizeof *sum->first);
	for (size_t i = 0; i < count; i++) {
		psi_view v;
		if (!names[i])
			continue;
		if (view_of_text(rules, names[i], &v) < 0) {
			view_clear(&v);
			return -1;
		}
		for (size_t h = 0; h < v.hit_count; h++) {
			uint32_t k = v.hits[h].concept;
			if (sum->last[k] == (uint32_t)i)
				continue; /* this sibling is counted for k already */
			if (sum->holders[k] < SUMMARY_NAMES)
				sum->first[k][sum->holders[k]] = (uint32_t)i;
			sum->holders[k]++;
			sum->last[k] = (uint32_t)i;
		}
		view_clear(&v);
	}
	sum->rules = rules;
	return 0;
}

/* ---- concepts of the context ------------------------------------------- */

static int context_views(psi_subject *s)
{
	if (s->context_views_ready)
		return s->status == PS_OK;
	s->context_views_ready = 1;
	const ps_context *c = s->context;
	size_t concepts = s->rules->concept_count;
	/* Two answers per concept: with every sibling, and with few only. */
	s->context_state = calloc(2 * concepts + 1, 1);
	s->context_where = calloc(2 * concepts + 1, sizeof *s->context_where);
	if (!s->context_state || !s->context_where)
		goto nomem;
	if (!c)
		return 1;
	if (view_of_text(s->rules, c->scope, &s->scope_view) < 0 ||
	    view_of_text(s->rules, c->type, &s->type_view) < 0)
		goto nomem;
	if (c->sibling_count > 0) {
		s->siblings = c->summary ? c->summary : &s->own_summary;
		if (summarize(s->rules, c->siblings, c->sibling_count, s->siblings) < 0)
			goto nomem;
	}
	if (c->file_name_count > 0) {
		s->file_names = c->file_summary ? c->file_summary : &s->own_file_summary;
		if (summarize(s->rules, c->file_names, c->file_name_count, s->file_names) < 0)
			goto nomem;
	}
	return 1;
nomem:
	s->status = PS_ENOMEM;
	return 0;
}

/* Is concept `k` in the scope?  Says where: the innermost scope by its
 * noun, an outer one as "scope". */
static int in_scope(psi_subject *s, size_t k, char *where, size_t size)
{
	const ps_context *c = s->context;
	const psi_concept_hit *hit = hit_of(&s->scope_view, k);
	if (!hit)
		return 0;
	size_t at = s->scope_view.pieces.offset[hit->first];
	size_t inner = c->scope_name && strlen(c->scope) >= strlen(c->scope_name)
	                   ? strlen(c->scope) - strlen(c->scope_name) : SIZE_MAX;
	if (at >= inner && c->scope_noun)
		snprintf(where, size, "%s '%s'", c->scope_noun, c->scope_name);
	else
		snprintf(where, size, "scope '%s'", c->scope);
	return 1;
}

/* The first names of `all` that hold concept `k` according to `sum`, other
 * than the name itself: the siblings, or the file's names, a context
 * finding shows. */
static size_t holders_other_than(const psi_subject *s, const ps_siblings_summary *sum,
                                 const char *const *all, size_t k, const char **names,
                                 size_t room)
{
	size_t n = 0;
	for (size_t i = 0; i < SUMMARY_NAMES && n < room; i++) {
		uint32_t at = sum->first[k][i];
		if (at != UINT32_MAX && strcmp(all[at], s->original) != 0)
			names[n++] = all[at];
	}
	return n;
}

static int is_sibling(const psi_subject *s)
{
	for (size_t i = 0; i < s->context->sibling_count; i++)
		if (s->context->siblings[i] && strcmp(s->context->siblings[i], s->original) == 0)
			return 1;
	return 0;
}

/* Is concept `k` among the siblings, itself or through enough siblings of
 * a concept that implies it?  Only among the few names of a record,
 * function or enum: one of the thousand GL_ macros of a header is no
 * context for the next. */
static int in_siblings(psi_subject *s, size_t k, int any_number, char *where, size_t size)
{
	const ps_context *c = s->context;
	if (!s->siblings ||
	    (!any_number && (s->siblings_veto_only || c->sibling_count > PS_MAX_CONTEXT_SIBLINGS)))
		return 0;
	const char *names[2];
	if (holders_other_than(s, s->siblings, c->siblings, k, names, 1) == 1) {
		snprintf(where, size, "'%s' beside it", names[0]);
		return 1;
	}
	for (size_t d = 0; d < s->rules->concept_count; d++) {
		const ps_concept *implying = s->rules->concepts[d];
		if (d == k || implying->implied != k || !implying->implies)
			continue;
		/* A name among its siblings does not count for itself. */
		size_t first, last;
		size_t self = is_sibling(s) && psi_subject_has_concepts(s, &d, 1, 0, &first, &last);
		size_t others = s->siblings->holders[d] - (s->siblings->holders[d] ? self : 0);
		if (others < implying->siblings)
			continue;
		size_t shown = holders_other_than(s, s->siblings, c->siblings, d, names, 2);
		char list[128];
		snprintf(list, sizeof list, "'%s'%s%s%s", shown ? names[0] : "?",
		         shown > 1 ? ", '" : "", shown > 1 ? names[1] : "", shown > 1 ? "'" : "");
		snprintf(where, size, "the names beside it (%s)", list);
		return 1;
	}
	return 0;
}

/* Is concept `k` named by one of the names at the top of the file, other
 * than the name itself?  For a combination only in a file of a few hundred
 * names: one `patient_t` among a generated header's thousands of
 * declarations is no context for the rest (a veto reads them all). */
#define PSI_MAX_FILE_NAMES 256

static int in_file(psi_subject *s, size_t k, int any_number, char *where, size_t size)
{
	const ps_siblings_summary *sum = s->file_names;
	if (!sum || (!any_number && (s->file_names_veto_only ||
	                             s->context->file_name_count > PSI_MAX_FILE_NAMES)))
		return 0;
	const char *name;
	if (holders_other_than(s, sum, s->context->file_names, k, &name, 1) != 1)
		return 0;
	snprintf(where, size, "'%s' in its file", name);
	return 1;
}

int psi_subject_context_has(psi_subject *s, size_t k, int any_number, char *where, size_t size)
{
	if (!context_views(s) || !s->context)
		return 0;
	size_t slot = 2 * k + (any_number != 0);
	if (s->context_state[slot] == 0) {
		char found[160] = "";
		const ps_context *c = s->context;
		int present = in_scope(s, k, found, sizeof found);
		if (!present && hit_of(&s->type_view, k)) {
			snprintf(found, sizeof found, "type '%s'", c->type);
			present = 1;
		}
		if (!present && !s->rules->concepts[k]->scope_only)
			present = in_siblings(s, k, any_number, found, sizeof found);
		if (!present && !s->rules->concepts[k]->scope_only)
			present = in_file(s, k, any_number, found, sizeof found);
		if (present && !(s->context_where[slot] = psi_strdup(found))) {
			s->status = PS_ENOMEM;
			present = 0;
		}
		s->context_state[slot] = present ? 2 : 1;
	}
	if (s->context_state[slot] == 2 && where && size)
		snprintf(where, size, "%s", s->context_where[slot]);
	return s->context_state[slot] == 2;
}

/* The innermost scope's own name, which the constants of an enum named for
 * race read; where it is a placeholder, the scope around it, as C++ code
 * names an enum by its namespace (namespace Race { enum e { WHITE, ... } }). */
static int read_scope_name(psi_subject *s, const ps_context *c)
{
	if (view_of_text(s->rules, c->scope_name, &s->scope_name_view) < 0)
		return -1;
	if (s->scope_name_view.hit_count > 0 || !psi_is_placeholder_name(c->scope_name))
		return 0;
	char *outer = psi_outer_scope_name(c->scope, c->scope_name);
	if (!outer)
		return 0;
	view_clear(&s->scope_name_view);
	s->scope_name_read = outer;
	return view_of_text(s->rules, outer, &s->scope_name_view);
}

int psi_subject_scope_name_has(psi_subject *s, size_t k, char *where, size_t size)
{
	const ps_context *c = s->context;
	if (!c || !c->scope_name || !c->scope_noun)
		return 0;
	if (!s->scope_name_ready) {
		s->scope_name_ready = 1;
		if (read_scope_name(s, c) < 0)
			s->status = PS_ENOMEM;
	}
	int found = hit_of(&s->scope_name_view, k) != NULL;
	if (found && where && size) {
		if (s->scope_name_read)
			snprintf(where, size, "scope '%s'", s->scope_name_read);
		else
			snprintf(where, size, "%s '%s'", c->scope_noun, c->scope_name);
	}
	return found;
}

void psi_subject_each_concept(psi_subject *s, ps_concept_fn fn, void *context)
{
	const psi_view *v = name_view(s);
	for (size_t k = 0; k < s->rules->concept_count; k++) {
		const psi_concept_hit *hit = hit_of(v, k);
		if (hit)
			fn(context, s->rules->concepts[k], 0, v->pieces.word[hit->first]);
	}
	for (size_t k = 0; s->context && k < s->rules->concept_count; k++) {
		char where[160];
		if (psi_subject_context_has(s, k, 0, where, sizeof where))
			fn(context, s->rules->concepts[k], 1, where);
	}
}

