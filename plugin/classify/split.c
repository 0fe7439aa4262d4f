/*
 * Run-together words split into concept words (birthtown, townofbirth,
 * geboortestad, lugarnacimiento): the fewest pieces that cover the word,
 * so that no concept is read into part of an unrelated word.  The view of
 * a name (subject.c) is made of these pieces.
 */
#include <string.h>

#include "classify/classify.h"

/* The fewest concept words covering word[start..i) for each i: best[i]
 * pieces, real[i] of them not fillers, the last one starting at from[i];
 * pieces shorter than `shortest` are not taken. */
typedef struct cover {
	unsigned best[PSI_MAX_SPLIT_WORD + 1], real[PSI_MAX_SPLIT_WORD + 1];
	size_t from[PSI_MAX_SPLIT_WORD + 1];
} cover;

static void cover_word(const ps_ruleset *rules, const char *word, size_t length, size_t start,
                       size_t shortest, cover *c)
{
	for (size_t i = 0; i <= length; i++)
		c->best[i] = UINT32_MAX, c->real[i] = 0, c->from[i] = 0;
	c->best[start] = start > 0; /* the letter before it is a piece of its own */
	for (size_t i = start; i + 1 < length; i++) {
		if (c->best[i] == UINT32_MAX)
			continue;
		const psi_term_bucket *b = &rules->concept_buckets[psi_term_bucket_of(word + i)];
		for (size_t t = 0; t < b->count; t++) {
			const ps_term *term = b->items[t].term;
			size_t end = i + term->length;
			if (end > length || term->length < shortest ||
			    rules->concepts[b->items[t].rule]->no_split ||
			    memcmp(word + i, term->joined, term->length) != 0)
				continue;
			unsigned pieces = c->best[i] + 1;
			unsigned counted = c->real[i] + !rules->concepts[b->items[t].rule]->filler;
			if (pieces < c->best[end] || (pieces == c->best[end] && counted > c->real[end])) {
				c->best[end] = pieces;
				c->real[end] = counted;
				c->from[end] = i;
			}
		}
	}
}

/* The length of `get` or `set` before the rest of a run-together word
 * (getnom), or 0.  Not `is` or `has`: island and hash would split. */
size_t psi_accessor_verb(const char *word)
{
	return strncmp(word, "get", 3) == 0 || strncmp(word, "set", 3) == 0 ? 3 : 0;
}

/* Is text[0..length) one concept word of three letters or more, even one
 * that is never a piece (nom after a getter's verb is the whole rest)? */
static int is_concept_word(const ps_ruleset *rules, const char *text, size_t length)
{
	if (length < 3)
		return 0;
	const psi_term_bucket *b = &rules->concept_buckets[psi_term_bucket_of(text)];
	for (size_t t = 0; t < b->count; t++)
		if (b->items[t].term->length == length &&
		    memcmp(text, b->items[t].term->joined, length) == 0)
			return 1;
	return 0;
}

/* How much of `word` concept words of three letters or more cover from
 * `start` on, the letters before it a piece of their own: all of it with
 * two that are not fillers, or nothing. */
static size_t cover_rest(const ps_ruleset *rules, const char *word, size_t length, size_t start,
                         cover *c)
{
	cover_word(rules, word, length, start, 3, c);
	return c->best[length] != UINT32_MAX && c->real[length] >= 2 ? length : 0;
}

/* Split `word` into concept words, the fewest that cover it entirely, with
 * at least two that are not fillers; `cut` receives the piece boundaries
 * (cut[0] = 0 ... cut[n] = length).  Returns n, or 0 to keep it whole.
 * Failing that, a getter's or setter's verb, or a letter of Hungarian
 * notation, and then concept words of three letters or more that cover the
 * rest entirely (nciudnacim: a new value's ciud + nacim; not export, e + xp
 * + ort). */
size_t psi_split_word(const ps_ruleset *rules, const char *word, size_t *cut)
{
	size_t length = strlen(word);
	if (length < 4 || length > PSI_MAX_SPLIT_WORD)
		return 0;
	cover c;
	cover_word(rules, word, length, 0, 1, &c);
	/* A concept word of its own stays whole: nacimiento is not nac, imie
	 * (a Polish given name) and a remainder. */
	if (c.best[length] == 1)
		return 0;
	/* Or concept words and then a short remainder that is not one:
	 * birthlocationlen is birth, location, len. */
	size_t covered = length;
	while (covered + 4 >= length && covered > 0 &&
	       (c.best[covered] == UINT32_MAX || c.real[covered] < 2 || length - covered == 1))
		covered--;
	size_t verb = psi_accessor_verb(word);
	if ((covered + 4 < length || covered == 0) && verb) {
		/* A lowercase getter or setter: getnom, setlieunaiss. */
		if (is_concept_word(rules, word + verb, length - verb)) {
			cut[0] = 0, cut[1] = verb, cut[2] = length;
			return 2;
		}
		covered = cover_rest(rules, word, length, verb, &c);
	}
	if ((covered + 4 < length || covered == 0) && word[0] >= 'a' && word[0] <= 'z')
		covered = cover_rest(rules, word, length, 1, &c);
	if (covered + 4 < length || covered == 0)
		return 0;
	size_t n = c.best[covered] + (covered < length);
	cut[n] = length;
	if (covered < length)
		cut[n - 1] = covered;
	for (size_t k = c.best[covered], at = covered; k > 0; k--) {
		at = c.from[at];
		cut[k - 1] = at;
	}
	return n;
}

