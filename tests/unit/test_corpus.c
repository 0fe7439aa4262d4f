/*
 * Detection quality on the labelled corpus in tests/corpus/: precision and
 * recall per category of the bundled rule packs.  The bar is what was
 * measured: every mistake must be one of known-mistakes.txt, and every
 * known mistake must still happen (a fix updates the list), so a single row
 * that goes wrong fails the test.
 *
 * identifiers.tsv: name, kind, expected categories ("-" for none), comment
 * literals.tsv:    text of a string literal, expected categories, comment
 * sinks.tsv:       name, kind, "sink" or "-", comment: the vocabulary of scores
 *                  and decisions, which is not a finding category and is
 *                  measured on its own
 * contexts.tsv:    name, kind, scope, scope noun, type, siblings, expected,
 *                  comment: names whose context decides what they mean
 *
 * A miss or a false alarm is listed in the failure message, with its row.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundled_rules.h"
#include "extract/extract.h"
#include "profilescan/classify.h"


TestSuite(corpus, .init = load_bundled_rules, .fini = free_bundled_rules);

typedef struct tally {
	size_t true_positive[PS_CATEGORY_COUNT];
	size_t false_positive[PS_CATEGORY_COUNT];
	size_t false_negative[PS_CATEGORY_COUNT];
	size_t rows;
	char mistakes[8192];
} tally;

/* The categories a comma-separated label names, as a bit set. */
static unsigned parse_label(const char *label, const char *where)
{
	if (strcmp(label, "-") == 0)
		return 0;
	unsigned set = 0;
	char copy[128];
	snprintf(copy, sizeof copy, "%s", label);
	for (char *part = strtok(copy, ","); part; part = strtok(NULL, ",")) {
		int category = ps_category_from_name(part);
		cr_assert_geq(category, 0, "%s: unknown category '%s'", where, part);
		set |= 1u << category;
	}
	return set;
}

static void count(tally *t, unsigned expected, unsigned found, const char *where,
                  const char *text)
{
	t->rows++;
	for (int c = 0; c < PS_CATEGORY_COUNT; c++) {
		int want = (expected >> c) & 1, got = (found >> c) & 1;
		t->true_positive[c] += want && got;
		t->false_positive[c] += !want && got;
		t->false_negative[c] += want && !got;
		if (want != got) {
			size_t used = strlen(t->mistakes);
			snprintf(t->mistakes + used, sizeof t->mistakes - used, "  %s %s %s: %s\n",
			         where, got ? "false alarm" : "missed",
			         ps_category_name((ps_category)c), text);
		}
	}
}

static unsigned classify(const char *text, ps_kind kind)
{
	ps_match matches[16];
	size_t n;
	ps_error err = {0};
	cr_assert_eq(ps_classify(rules, text, NULL, kind, matches, 16, &n, &err), PS_OK, "%s", err.message);
	unsigned set = 0;
	for (size_t i = 0; i < n; i++)
		set |= 1u << matches[i].rule->category;
	return set;
}

/* The categories of findings a name gives: sinks are not findings. */
static unsigned classify_findings(const char *text, ps_kind kind)
{
	return classify(text, kind) & ~(1u << PS_CATEGORY_SINK);
}

/* Read a TSV file, calling `row` with its fields. */
static void each_row(const char *file, size_t want_fields, tally *t,
                     void (*row)(tally *, char **fields, const char *where))
{
	FILE *f = fopen(file, "r");
	cr_assert_not_null(f, "cannot read %s", file);
	char line[2048];
	unsigned number = 0;
	while (fgets(line, sizeof line, f)) {
		number++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *fields[8] = {0};
		size_t n = 0;
		for (char *p = line; p && n < 8; n++) {
			fields[n] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		char where[256];
		snprintf(where, sizeof where, "%s:%u", strrchr(file, '/') + 1, number);
		cr_assert_eq(n, want_fields, "%s: %zu fields, expected %zu", where, n, want_fields);
		row(t, fields, where);
	}
	fclose(f);
}

static void identifier_row(tally *t, char **fields, const char *where)
{
	int kind = ps_kind_from_name(fields[1]);
	cr_assert_geq(kind, 0, "%s: unknown kind '%s'", where, fields[1]);
	count(t, parse_label(fields[2], where), classify_findings(fields[0], (ps_kind)kind), where,
	      fields[0]);
}

static void literal_row(tally *t, char **fields, const char *where)
{
	char text[2048];
	snprintf(text, sizeof text, "%s", fields[0]);
	psi_literal_normalize(text, strlen(text));
	count(t, parse_label(fields[1], where), classify_findings(text, PS_KIND_STRING_LITERAL), where,
	      fields[0]);
}

static void sink_row(tally *t, char **fields, const char *where)
{
	int kind = ps_kind_from_name(fields[1]);
	cr_assert_geq(kind, 0, "%s: unknown kind '%s'", where, fields[1]);
	count(t, parse_label(fields[2], where),
	      classify(fields[0], (ps_kind)kind) & (1u << PS_CATEGORY_SINK), where, fields[0]);
}

static void context_row(tally *t, char **fields, const char *where)
{
	int kind = ps_kind_from_name(fields[1]);
	cr_assert_geq(kind, 0, "%s: unknown kind '%s'", where, fields[1]);
	const char *siblings[32];
	size_t sibling_count = 0;
	char list[1024];
	snprintf(list, sizeof list, "%s", fields[5]);
	for (char *name = strtok(list, ","); name && sibling_count < 32; name = strtok(NULL, ","))
		if (strcmp(name, "-") != 0)
			siblings[sibling_count++] = name;
	const char *scope = strcmp(fields[2], "-") ? fields[2] : NULL;
	const char *inner = scope && strrchr(scope, ':') ? strrchr(scope, ':') + 1 : scope;
	ps_context context = {scope, strcmp(fields[3], "-") ? fields[3] : NULL, inner,
	                      strcmp(fields[4], "-") ? fields[4] : NULL, siblings, sibling_count,
	                      NULL, NULL, 0, NULL, 0};
	ps_match matches[16];
	size_t n;
	ps_error err = {0};
	cr_assert_eq(ps_classify_in(rules, fields[0], &context, (ps_kind)kind, matches, 16, &n, &err),
	             PS_OK, "%s", err.message);
	unsigned found = 0;
	for (size_t i = 0; i < n; i++)
		found |= 1u << matches[i].rule->category;
	count(t, parse_label(fields[6], where), found & ~(1u << PS_CATEGORY_SINK), where, fields[0]);
}

/* The lines of known-mistakes.txt for one corpus file, as `count` writes
 * them. */
static void known_mistakes(const char *file, char *out, size_t size)
{
	FILE *f = fopen(PS_CORPUS_DIR "/known-mistakes.txt", "r");
	cr_assert_not_null(f, "cannot read known-mistakes.txt");
	out[0] = '\0';
	char line[512];
	size_t used = 0;
	while (fgets(line, sizeof line, f))
		if (line[0] != '#' && strncmp(line + 2, file, strlen(file)) == 0 &&
		    line[2 + strlen(file)] == ':') {
			snprintf(out + used, size - used, "%s", line);
			used += strlen(out + used);
		}
	fclose(f);
}

static double ratio(size_t good, size_t bad)
{
	return good + bad == 0 ? 1.0 : (double)good / (double)(good + bad);
}

static void check(const tally *t, const char *name, const char *file, size_t minimum_rows,
                  int first, int last)
{
	for (int c = first; c <= last; c++)
		cr_expect_gt(t->true_positive[c], 0, "%s: no positives for %s", name,
		             ps_category_name((ps_category)c));
	cr_expect_geq(t->rows, minimum_rows, "%s: only %zu rows", name, t->rows);
	fprintf(stderr, "%s (%zu rows)\n%-12s %9s %9s %6s %6s %6s\n", name, t->rows,
	        "category", "precision", "recall", "tp", "fp", "fn");
	for (int c = 0; c < PS_CATEGORY_COUNT; c++) {
		if (t->true_positive[c] + t->false_positive[c] + t->false_negative[c] == 0)
			continue; /* a category the corpus does not label (an optional pack) */
		fprintf(stderr, "%-12s %9.3f %9.3f %6zu %6zu %6zu\n",
		        ps_category_name((ps_category)c),
		        ratio(t->true_positive[c], t->false_positive[c]),
		        ratio(t->true_positive[c], t->false_negative[c]),
		        t->true_positive[c], t->false_positive[c], t->false_negative[c]);
	}
	char known[8192];
	known_mistakes(file, known, sizeof known);
	cr_expect_str_eq(t->mistakes, known, "%s: the mistakes differ from known-mistakes.txt; "
	                 "they are now:\n%s", name, t->mistakes);
}

Test(corpus, identifiers)
{
	static tally t;
	each_row(PS_CORPUS_DIR "/identifiers.tsv", 4, &t, identifier_row);
	check(&t, "identifiers", "identifiers.tsv", 700, PS_CATEGORY_NATIONALITY, PS_CATEGORY_PROXY);
}

Test(corpus, string_literals)
{
	static tally t;
	each_row(PS_CORPUS_DIR "/literals.tsv", 3, &t, literal_row);
	check(&t, "string literals", "literals.tsv", 189, PS_CATEGORY_NATIONALITY,
	      PS_CATEGORY_PROXY);
}

Test(corpus, sinks)
{
	static tally t;
	each_row(PS_CORPUS_DIR "/sinks.tsv", 4, &t, sink_row);
	check(&t, "sinks", "sinks.tsv", 86, PS_CATEGORY_SINK, PS_CATEGORY_SINK);
}

Test(corpus, contexts)
{
	static tally t;
	each_row(PS_CORPUS_DIR "/contexts.tsv", 8, &t, context_row);
	check(&t, "contexts", "contexts.tsv", 35, PS_CATEGORY_NATIONALITY, PS_CATEGORY_PROXY);
}
