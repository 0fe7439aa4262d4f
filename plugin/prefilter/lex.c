/*
 * Lexing a file for the prefilter: not libclang's lexer, which needs a
 * translation unit, but enough of C's to see every identifier and literal
 * the parser would, and the #include lines.  Where it could be wrong, it
 * errs towards seeing more: every branch of every #if counts, a literal
 * that does not end ends at its line, and what it does not know is lexed
 * as words.  Only comments are skipped, and a comment that holds
 * `profilescan:` (an exception, which can be a finding) counts.
 */
#include <stdlib.h>
#include <string.h>

#include "prefilter/prefilter.h"

/* ---- the memo of words ---------------------------------------------------- */

typedef struct memo_word {
	size_t length;
	uint64_t mask;
	char text[];
} memo_word;

typedef struct word_key {
	const char *text;
	size_t length;
} word_key;

uint64_t psi_word_hash(const char *word, size_t length)
{
	return psi_hash(0, word, length);
}

static uint64_t memo_hash(const void *item)
{
	const memo_word *w = item;
	return psi_word_hash(w->text, w->length);
}

static int memo_matches(const void *item, const void *key)
{
	const memo_word *w = item;
	const word_key *k = key;
	return w->length == k->length && memcmp(w->text, k->text, k->length) == 0;
}

void psi_word_memo_init(psi_word_memo *memo, const psi_vocabulary *vocabulary)
{
	*memo = (psi_word_memo){vocabulary, {.hash = memo_hash, .matches = memo_matches}, 0};
}

int psi_word_memo_mask(psi_word_memo *memo, const char *text, size_t length, uint64_t *mask)
{
	word_key key = {text, length};
	uint64_t hash = psi_word_hash(text, length);
	memo_word *w = psi_table_find(&memo->table, hash, &key);
	if (w) {
		*mask = w->mask;
		return 0;
	}
	if (psi_vocabulary_test(memo->vocabulary, text, length, mask) < 0 ||
	    !(w = malloc(sizeof *w + length)))
		return -1;
	w->length = length;
	w->mask = *mask;
	memcpy(w->text, text, length);
	memo->tested++;
	if (psi_table_add(&memo->table, w) < 0) {
		free(w);
		return -1;
	}
	return 0;
}

void psi_word_memo_clear(psi_word_memo *memo)
{
	for (size_t i = 0; i < memo->table.size; i++)
		free(memo->table.slots[i]);
	psi_table_clear(&memo->table);
}

/* ---- the lexer ------------------------------------------------------------ */

typedef struct lexer {
	const char *s;
	size_t n, i;
	psi_word_memo *memo;
	psi_lexed *out;
	int keep_words;
	int in_define;      /* the rest of the logical line is a #define's */
	uint64_t macro;     /* that #define's name */
	uint64_t define_mask; /* of its words */
	int line_start;     /* nothing but blanks since the line began */
	int status;         /* -1 once memory ran out */
	char *buffer;       /* a literal's text */
	size_t buffer_capacity;
	psi_groups groups;  /* brackets, for the contexts of names */
} lexer;

static int is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
	       c >= 0x80;
}

static int is_ident(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A name or literal: its mask counts where a context would see it. */
static void test(lexer *L, const char *text, size_t length)
{
	uint64_t mask = 0;
	if (psi_word_memo_mask(L->memo, text, length, &mask) < 0)
		L->status = -1;
	L->out->mask |= mask & PSI_VOCABULARY_ALONE;
	if (L->in_define)
		L->define_mask |= mask;
	else if (mask)
		psi_groups_name(&L->groups, mask);
}

/* The end of a #define: a group of its own, whose words count as those of
 * any group would (docs/prefilter.md says what that misses).  Outside the
 * project its name is kept when a word of it has a mask: what it expands
 * to is found where it is expanded. */
static void end_define(lexer *L)
{
	psi_lexed *out = L->out;
	if (L->in_define && L->define_mask) {
		if (psi_vocabulary_decides(L->memo->vocabulary, L->define_mask))
			out->mask |= PSI_VOCABULARY_ALONE;
		if (PSI_PUSH(out->flagged_macros, out->flagged_count, out->flagged_capacity) < 0)
			L->status = -1;
		else
			out->flagged_macros[out->flagged_count++] = L->macro;
	}
	L->in_define = 0;
	L->define_mask = 0;
}

static void word(lexer *L, const char *w, size_t length)
{
	psi_lexed *out = L->out;
	if (L->keep_words) {
		if (PSI_PUSH(out->words, out->word_count, out->word_capacity) < 0)
			L->status = -1;
		else
			out->words[out->word_count++] = psi_word_hash(w, length);
	}
	if (!L->in_define && ((length == 9 && memcmp(w, "namespace", 9) == 0) ||
	                      (length == 6 && memcmp(w, "extern", 6) == 0)))
		psi_groups_keyword(&L->groups, length == 9);
	if ((length == 8 && memcmp(w, "__FILE__", 8) == 0) ||
	    (length == 13 && memcmp(w, "__BASE_FILE__", 13) == 0) ||
	    (length == 13 && memcmp(w, "__FILE_NAME__", 13) == 0))
		out->spells_file = 1;
	test(L, w, length);
}

static int append(lexer *L, size_t *used, char c)
{
	if (*used + 1 >= L->buffer_capacity) {
		size_t capacity = L->buffer_capacity ? L->buffer_capacity * 2 : 256;
		char *grown = realloc(L->buffer, capacity);
		if (!grown)
			return -1;
		L->buffer = grown;
		L->buffer_capacity = capacity;
	}
	L->buffer[(*used)++] = c;
	return 0;
}

/* The length of the escape sequence at s[i] ('\\'), blanked out as
 * extraction blanks it. */
static size_t escape_length(const lexer *L, size_t i)
{
	size_t j = i + 1;
	if (j >= L->n)
		return 1;
	unsigned char c = (unsigned char)L->s[j];
	size_t digits = c == 'x' ? (size_t)-1 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
	if (digits) {
		j++;
		while (j < L->n && digits-- > 0 && is_hex((unsigned char)L->s[j]))
			j++;
		return j - i;
	}
	if (c >= '0' && c <= '7') {
		while (j < L->n && j < i + 4 && L->s[j] >= '0' && L->s[j] <= '7')
			j++;
		return j - i;
	}
	return 2;
}

/* A literal opening with `quote` at s[i]: its text, escapes blanked. */
static void literal(lexer *L, char quote)
{
	size_t used = 0;
	L->i++;
	while (L->status == 0 && L->i < L->n && L->s[L->i] != quote && L->s[L->i] != '\n') {
		if (L->s[L->i] == '\\') {
			L->i += escape_length(L, L->i);
			if (append(L, &used, ' ') < 0)
				L->status = -1;
			continue;
		}
		if (append(L, &used, L->s[L->i++]) < 0)
			L->status = -1;
	}
	if (L->i < L->n && L->s[L->i] == quote)
		L->i++;
	if (!L->in_define)
		psi_groups_literal(&L->groups);
	if (L->status == 0 && used > 0)
		test(L, L->buffer, used);
	/* Extraction closes up the brackets that mark an abbreviation
	 * ("[t]race" is trace): the text with them closed up counts too. */
	size_t closed = 0;
	for (size_t j = 0; L->status == 0 && j < used; j++)
		if (L->buffer[j] != '[' && L->buffer[j] != ']')
			L->buffer[closed++] = L->buffer[j];
	if (L->status == 0 && closed < used)
		test(L, L->buffer, closed);
}

/* A raw string R"delim( ... )delim" at s[i] ('"'); 0 when it is not one. */
static int raw_literal(lexer *L)
{
	size_t open = L->i + 1, paren = open;
	while (paren < L->n && paren - open <= 16 && L->s[paren] != '(' &&
	       L->s[paren] != '"' && L->s[paren] != '\n')
		paren++;
	if (paren >= L->n || L->s[paren] != '(')
		return 0;
	size_t delim = paren - open;
	for (size_t j = paren + 1; j < L->n; j++) {
		if (L->s[j] == ')' && j + delim + 1 < L->n &&
		    memcmp(L->s + j + 1, L->s + open, delim) == 0 && L->s[j + 1 + delim] == '"') {
			test(L, L->s + paren + 1, j - paren - 1);
			L->i = j + delim + 2;
			return 1;
		}
	}
	test(L, L->s + paren + 1, L->n - paren - 1);
	L->i = L->n;
	return 1;
}

static int is_literal_prefix(const char *w, size_t length, int *raw)
{
	static const char *const prefixes[] = {"L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R"};
	for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++)
		if (strlen(prefixes[p]) == length && memcmp(prefixes[p], w, length) == 0) {
			*raw = w[length - 1] == 'R';
			return 1;
		}
	return 0;
}

static void identifier(lexer *L)
{
	size_t start = L->i;
	while (L->i < L->n && is_ident((unsigned char)L->s[L->i]))
		L->i++;
	int raw = 0;
	if (L->i < L->n && (L->s[L->i] == '"' || L->s[L->i] == '\'') &&
	    is_literal_prefix(L->s + start, L->i - start, &raw)) {
		if (raw && L->s[L->i] == '"' && raw_literal(L))
			return;
		literal(L, L->s[L->i]);
		return;
	}
	word(L, L->s + start, L->i - start);
}

static void blanks(lexer *L)
{
	while (L->i < L->n && (L->s[L->i] == ' ' || L->s[L->i] == '\t'))
		L->i++;
}

/* After "#include", "#include_next" or "#import": the file it names. */
static void include(lexer *L)
{
	blanks(L);
	if (L->i >= L->n)
		return;
	char open = L->s[L->i];
	char close = open == '"' ? '"' : open == '<' ? '>' : 0;
	if (!close) {
		if (is_ident_start((unsigned char)open))
			L->out->computed_include = 1;
		return;
	}
	size_t start = ++L->i;
	while (L->i < L->n && L->s[L->i] != close && L->s[L->i] != '\n')
		L->i++;
	if (L->i >= L->n || L->s[L->i] != close) {
		L->out->computed_include = 1;   /* not a name libclang would read */
		return;
	}
	psi_lexed *out = L->out;
	char *name = psi_strndup(L->s + start, L->i - start);
	if (!name || PSI_PUSH(out->includes, out->include_count, out->include_capacity) < 0) {
		free(name);
		L->status = -1;
		return;
	}
	out->includes[out->include_count++] = (psi_include){name, open == '<'};
	L->i++;
	/* "patient.h" says what the file is about: a name at its top. */
	test(L, name, strlen(name));
}

static void directive(lexer *L)
{
	L->i++;
	blanks(L);
	size_t start = L->i;
	while (L->i < L->n && is_ident((unsigned char)L->s[L->i]))
		L->i++;
	size_t length = L->i - start;
	const char *name = L->s + start;
	if ((length == 7 && memcmp(name, "include", 7) == 0) ||
	    (length == 12 && memcmp(name, "include_next", 12) == 0) ||
	    (length == 6 && memcmp(name, "import", 6) == 0))
		include(L);
	else if (length == 6 && memcmp(name, "define", 6) == 0) {
		L->in_define = 1;
		blanks(L);
		size_t macro = L->i;
		while (L->i < L->n && is_ident((unsigned char)L->s[L->i]))
			L->i++;
		L->macro = psi_word_hash(L->s + macro, L->i - macro);
		word(L, L->s + macro, L->i - macro);
	}
	else if (length > 0)
		word(L, name, length);
}

static void number(lexer *L)
{
	L->i++;
	while (L->i < L->n) {
		unsigned char c = (unsigned char)L->s[L->i];
		unsigned char before = (unsigned char)L->s[L->i - 1];
		if (is_ident(c) || c == '.' ||
		    ((c == '+' || c == '-') && (before == 'e' || before == 'E' || before == 'p' ||
		                                before == 'P')) ||
		    (c == '\'' && L->i + 1 < L->n && is_ident((unsigned char)L->s[L->i + 1])))
			L->i++;
		else
			break;
	}
}

static void comment(lexer *L)
{
	if (L->s[L->i + 1] == '/') {
		const char *end = memchr(L->s + L->i, '\n', L->n - L->i);
		L->i = end ? (size_t)(end - L->s) : L->n;
		return;
	}
	for (size_t j = L->i + 2; j + 1 < L->n; j++)
		if (L->s[j] == '*' && L->s[j + 1] == '/') {
			L->i = j + 2;
			return;
		}
	L->i = L->n;
}

/* Brackets outside #define lines make the groups of contexts. */
static void punctuation(lexer *L, char c)
{
	L->i++;
	if (L->in_define)
		return;
	if (c == '(' || c == '[' || c == '{')
		psi_groups_open(&L->groups, c == '{');
	else if (c == ')' || c == ']' || c == '}')
		psi_groups_close(&L->groups);
	if (c == ';' || c == '{' || c == '}')
		psi_groups_end_statement(&L->groups);
}

static void token(lexer *L)
{
	unsigned char c = (unsigned char)L->s[L->i];
	unsigned char next = L->i + 1 < L->n ? (unsigned char)L->s[L->i + 1] : 0;
	if (c == '/' && (next == '/' || next == '*')) {
		comment(L);
		return;
	}
	if (c == '#' && L->line_start) {
		L->line_start = 0;
		directive(L);
		return;
	}
	L->line_start = 0;
	if (is_ident_start(c))
		identifier(L);
	else if (c == '"' || c == '\'')
		literal(L, (char)c);
	else if ((c >= '0' && c <= '9') || (c == '.' && next >= '0' && next <= '9'))
		number(L);
	else
		punctuation(L, (char)c);
}

/* The text with every backslash-newline removed, as translation phase 2
 * does before any token is seen; a copy, or NULL when memory ran out. */
static char *splice(const char *text, size_t length, size_t *out_length)
{
	char *copy = malloc(length + 1);
	if (!copy)
		return NULL;
	size_t used = 0;
	for (size_t i = 0; i < length; i++) {
		if (text[i] == '\\') {
			size_t j = i + 1;
			while (j < length && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
				j++;
			if (j < length && text[j] == '\n') {
				i = j;
				continue;
			}
		}
		copy[used++] = text[i];
	}
	copy[used] = '\0';
	*out_length = used;
	return copy;
}

static int has_directive_comment(const char *text, size_t length)
{
	static const char marker[] = "profilescan:";
	size_t n = sizeof marker - 1;
	for (const char *p = text; (p = memchr(p, 'p', length - (size_t)(p - text)));) {
		if ((size_t)(text + length - p) < n)
			return 0;
		if (memcmp(p, marker, n) == 0)
			return 1;
		p++;
	}
	return 0;
}

static int compare_words(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

int psi_lex(const char *text, size_t length, psi_word_memo *memo, int keep_words,
            psi_lexed *out)
{
	memset(out, 0, sizeof *out);
	size_t n = 0;
	char *spliced = splice(text, length, &n);
	if (!spliced)
		return -1;
	lexer L = {spliced, n, 0, memo, out, keep_words, 0, 0, 0, 1, 0, NULL, 0, {0}};
	psi_groups_init(&L.groups, memo->vocabulary);
	out->mask = has_directive_comment(spliced, n) ? PSI_VOCABULARY_ALONE : 0;
	while (L.status == 0 && L.i < L.n) {
		char c = L.s[L.i];
		if (c == '\n') {
			L.line_start = 1;
			end_define(&L);
			L.i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			L.i++;
		} else {
			token(&L);
		}
	}
	end_define(&L);
	int pairs = psi_groups_decide(&L.groups);
	if (pairs < 0)
		L.status = -1;
	else if (pairs)
		out->mask |= PSI_VOCABULARY_ALONE;
	psi_groups_clear(&L.groups);
	free(L.buffer);
	free(spliced);
	if (out->word_count > 1) {
		psi_sort(out->words, out->word_count, sizeof *out->words, compare_words);
		size_t unique = 1;
		for (size_t i = 1; i < out->word_count; i++)
			if (out->words[i] != out->words[unique - 1])
				out->words[unique++] = out->words[i];
		out->word_count = unique;
	}
	return L.status;
}

void psi_lexed_clear(psi_lexed *lexed)
{
	for (size_t i = 0; i < lexed->include_count; i++)
		free(lexed->includes[i].name);
	free(lexed->includes);
	free(lexed->words);
	free(lexed->flagged_macros);
	memset(lexed, 0, sizeof *lexed);
}
