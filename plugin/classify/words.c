/*
 * Splitting identifiers into lower-cased words.
 *
 * Boundaries are what programmers use to separate words: any byte that is not
 * an ASCII letter or digit (snake_case, kebab-case, SCREAMING_CASE), a lower
 * case letter followed by an upper case one (camelCase), the last capital of
 * an acronym followed by a lower case letter (XMLHttp -> XML, Http), and a
 * change between letters and digits.  Member and Hungarian prefixes (m_, g_,
 * strName, bIsX) fall out of these rules as separate short words, which no
 * rule matches, so they need no list of their own.
 *
 * Bytes of UTF-8 sequences count as lower case letters: they never split a
 * word.  Upper case Latin-1 letters (U+00C0..U+00DE, two bytes) are folded.
 */
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

enum char_class { SEPARATOR, LOWER, UPPER, DIGIT };

static enum char_class classify_byte(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return LOWER;
	if (c >= 'A' && c <= 'Z')
		return UPPER;
	if (c >= '0' && c <= '9')
		return DIGIT;
	if (c >= 0x80)
		return LOWER;
	return SEPARATOR;
}

/* Does a new word start at name[i], given the classes around it? */
static int starts_word(const char *name, size_t i)
{
	enum char_class here = classify_byte((unsigned char)name[i]);
	if (i == 0 || here == SEPARATOR)
		return here != SEPARATOR;
	enum char_class before = classify_byte((unsigned char)name[i - 1]);
	if (before == SEPARATOR)
		return 1;
	if ((before == DIGIT) != (here == DIGIT))
		return 1;
	if (before == LOWER && here == UPPER)
		return 1;
	if (before == UPPER && here == UPPER && name[i + 1] != '\0' &&
	    classify_byte((unsigned char)name[i + 1]) == LOWER &&
	    (unsigned char)name[i + 1] < 0x80)
		return 1;
	return 0;
}

static char *lower_copy(const char *text, size_t length)
{
	char *copy = psi_strndup(text, length);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)copy[i];
		if (c >= 'A' && c <= 'Z')
			copy[i] = (char)(c - 'A' + 'a');
		else if (c == 0xC3 && i + 1 < length) {
			unsigned char next = (unsigned char)copy[i + 1];
			if (next >= 0x80 && next <= 0x9E && next != 0x97) /* not U+00D7 (x sign) */
				copy[i + 1] = (char)(next + 0x20);
			i++;
		}
	}
	return copy;
}

int ps_words_split(const char *name, ps_words *out, ps_error *err)
{
	memset(out, 0, sizeof *out);
	size_t capacity = 0, offset_capacity = 0;
	size_t i = 0;
	while (name[i] != '\0') {
		if (!starts_word(name, i)) {
			i++;
			continue;
		}
		size_t end = i + 1;
		while (name[end] != '\0' && !starts_word(name, end) &&
		       classify_byte((unsigned char)name[end]) != SEPARATOR)
			end++;
		if (PSI_PUSH(out->word, out->count, capacity) < 0 ||
		    PSI_PUSH(out->offset, out->count, offset_capacity) < 0)
			goto nomem;
		out->word[out->count] = lower_copy(name + i, end - i);
		if (!out->word[out->count])
			goto nomem;
		out->offset[out->count++] = i;
		i = end;
	}
	return PS_OK;
nomem:
	ps_words_clear(out);
	return psi_fail(err, PS_ENOMEM, "out of memory splitting '%s'", name);
}

void ps_words_clear(ps_words *words)
{
	for (size_t i = 0; i < words->count; i++)
		free(words->word[i]);
	free(words->word);
	free(words->offset);
	memset(words, 0, sizeof *words);
}
