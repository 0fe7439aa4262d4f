/* Matching names against a small rule pack written for these tests, so that
 * what is tested is the matcher, not the vocabulary of patterns/. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leakcheck.h"
#include "profilescan/classify.h"

static const char pack[] =
	"references:\n"
	"  - {id: ref, title: A reference}\n"
	"pack: test\n"
	"exclude:\n"
	"  - {word: [national average]}\n"
	"rules:\n"
	"  - id: T-NAT\n"
	"    category: nationality\n"
	"    title: Nationality\n"
	"    subject: nationality\n"
	"    rationale: Test.\n"
	"    references: [ref]\n"
	"    terms:\n"
	"      - {lang: nl, prefix: nationaliteit}\n"
	"      - {lang: en, prefix: nationalit}\n"
	"  - id: T-ORI\n"
	"    category: origin\n"
	"    title: Birth\n"
	"    subject: country of birth\n"
	"    rationale: Test.\n"
	"    references: [ref]\n"
	"    terms:\n"
	"      - {stem: geboorteland}\n"
	"      - {word: country of birth}\n"
	"  - id: T-ETH\n"
	"    category: ethnicity\n"
	"    title: Race\n"
	"    subject: race\n"
	"    rationale: Test.\n"
	"    references: [ref]\n"
	"    applies-to: [field, variable, string-literal]\n"
	"    terms:\n"
	"      - {word: race}\n"
	"    exclude:\n"
	"      - {word: race condition}\n"
	"      - {anywhere: true, word: [lap]}\n"
	"  - id: T-PRX\n"
	"    category: proxy\n"
	"    title: National\n"
	"    subject: something national\n"
	"    rationale: Test.\n"
	"    references: [ref]\n"
	"    terms:\n"
	"      - {word: national}\n";

static ps_ruleset *rules;

static void setup(void)
{
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&rules, &err), PS_OK);
	cr_assert_eq(ps_ruleset_load_buffer(rules, "test.yaml", pack, strlen(pack), &err),
	             PS_OK, "%s", err.message);
	cr_assert_eq(ps_ruleset_finish(rules, &err), PS_OK, "%s", err.message);
}

static void teardown(void)
{
	ps_ruleset_free(rules);
	ps_test_check_leaks();
}

TestSuite(classify, .init = setup, .fini = teardown);

/* The ids of the rules `name` matches as `kind`, space-separated. */
static const char *matched(const char *name, ps_kind kind)
{
	static char ids[128];
	ps_match matches[8];
	size_t n;
	ps_error err = {0};
	cr_assert_eq(ps_classify(rules, name, NULL, kind, matches, 8, &n, &err), PS_OK, "%s", err.message);
	ids[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(ids, " ");
		strcat(ids, matches[i].rule->id);
	}
	return ids;
}

#define EXPECT(name, kind, ids) cr_expect_str_eq(matched(name, kind), ids, "%s", name)

Test(classify, prefix_matches_at_word_start)
{
	EXPECT("nationaliteit", PS_KIND_FIELD, "T-NAT");
	EXPECT("nationaliteitcode", PS_KIND_FIELD, "T-NAT");
	EXPECT("nationalityCode", PS_KIND_FIELD, "T-NAT");
	EXPECT("dubbele_nationaliteit", PS_KIND_FIELD, "T-NAT");
	EXPECT("internationality", PS_KIND_FIELD, "");
}

Test(classify, prefix_does_not_run_across_words)
{
	/* "nationalit" would end inside "item": only the word rule fires. */
	EXPECT("national_item", PS_KIND_FIELD, "T-PRX");
	EXPECT("nationalItem", PS_KIND_FIELD, "T-PRX");
}

Test(classify, stem_matches_inside_compounds)
{
	EXPECT("geboortelandmoeder", PS_KIND_FIELD, "T-ORI");
	EXPECT("landgeboorteland", PS_KIND_FIELD, "T-ORI");
	EXPECT("geboorte_land", PS_KIND_FIELD, "T-ORI");
}

Test(classify, phrase_in_every_style)
{
	EXPECT("country_of_birth", PS_KIND_FIELD, "T-ORI");
	EXPECT("CountryOfBirth", PS_KIND_FIELD, "T-ORI");
	EXPECT("countryofbirth", PS_KIND_FIELD, "T-ORI");
	EXPECT("COUNTRY_OF_BIRTH_MOTHER", PS_KIND_FIELD, "T-ORI");
	EXPECT("country_of_birthday", PS_KIND_FIELD, "");
}

Test(classify, whole_word_only)
{
	EXPECT("race_code", PS_KIND_FIELD, "T-ETH");
	EXPECT("trace_id", PS_KIND_FIELD, "");
	EXPECT("embrace", PS_KIND_FIELD, "");
}

Test(classify, rule_exclusion_vetoes_overlapping_words)
{
	EXPECT("race_condition_retries", PS_KIND_VARIABLE, "");
	EXPECT("raceCondition", PS_KIND_VARIABLE, "");
	/* The veto is for the words it covers, not the whole name. */
	EXPECT("race_condition_or_race", PS_KIND_VARIABLE, "T-ETH");
}

/* A long literal that repeats a term costs its length, not its length times
 * the occurrences: each exclusion is looked for once.  (16,000 vetoed
 * occurrences took over a minute before; the bound is a hang guard, a hundred
 * times what it takes now.) */
static char *repeated(const char *piece, size_t times, const char *tail)
{
	size_t n = strlen(piece);
	char *text = malloc(n * times + strlen(tail) + 1);
	cr_assert_not_null(text);
	for (size_t i = 0; i < times; i++)
		memcpy(text + i * n, piece, n);
	strcpy(text + n * times, tail);
	return text;
}

Test(classify, a_long_literal_repeating_vetoed_terms_is_read_once, .timeout = 20)
{
	char *text = repeated("race condition, ", 16000, "race");
	EXPECT(text, PS_KIND_STRING_LITERAL, "T-ETH"); /* the last race is no condition */
	free(text);
	text = repeated("race lap ", 16000, "");
	EXPECT(text, PS_KIND_STRING_LITERAL, "");
	free(text);
}

Test(classify, pack_exclusion_applies_to_every_rule)
{
	EXPECT("national_average_income", PS_KIND_VARIABLE, "");
	EXPECT("NationalAverage", PS_KIND_VARIABLE, "");
	EXPECT("national_id", PS_KIND_VARIABLE, "T-PRX");
}

Test(classify, applies_to_limits_kinds)
{
	EXPECT("race", PS_KIND_FUNCTION, "");
	EXPECT("race", PS_KIND_STRING_LITERAL, "T-ETH");
}

Test(classify, several_rules_in_ruleset_order)
{
	EXPECT("race_geboorteland_nationaliteit", PS_KIND_FIELD, "T-NAT T-ORI T-ETH");
}

Test(classify, match_reports_the_words_it_covers)
{
	ps_match m[4];
	size_t n;
	cr_assert_eq(ps_classify(rules, "SELECT bsn, country of birth FROM x", NULL,
	                         PS_KIND_STRING_LITERAL, m, 4, &n, NULL), PS_OK);
	cr_assert_eq(n, 1);
	cr_expect_eq(m[0].offset, 12);
	cr_expect_eq(m[0].length, strlen("country of birth"));
	cr_expect_eq(m[0].first_word, 2);
	cr_expect_eq(m[0].last_word, 4);
	cr_expect_str_eq(m[0].term->text, "country of birth");
}

Test(classify, capacity_is_respected)
{
	ps_match m[1];
	size_t n;
	cr_assert_eq(ps_classify(rules, "race_geboorteland_nationaliteit", NULL, PS_KIND_FIELD,
	                         m, 1, &n, NULL), PS_OK);
	cr_expect_eq(n, 1);
}

Test(classify, anywhere_exclusion_vetoes_without_overlap)
{
	EXPECT("race_lap_time", PS_KIND_FIELD, "");
	EXPECT("lapRace", PS_KIND_FIELD, "");
	EXPECT("race_time", PS_KIND_FIELD, "T-ETH");
}

typedef struct seen {
	char text[512];
} seen;

static void record(void *context, const ps_explanation *e)
{
	seen *s = context;
	size_t used = strlen(s->text);
	snprintf(s->text + used, sizeof s->text - used, "%s:%s:%zu-%zu:%s:%d;", e->rule->id,
	         e->term->text, e->first_word, e->last_word,
	         e->vetoed_by ? e->vetoed_by->text : "-", e->wrong_kind);
}

Test(classify, explain_reports_every_occurrence_and_its_fate)
{
	seen s = {""};
	cr_assert_eq(ps_explain(rules, "race_condition_or_race", NULL, PS_KIND_VARIABLE, NULL, record, &s,
	                        NULL), PS_OK);
	cr_expect_str_eq(s.text, "T-ETH:race:0-0:race condition:0;T-ETH:race:3-3:-:0;");
	s.text[0] = '\0';
	cr_assert_eq(ps_explain(rules, "race", NULL, PS_KIND_FUNCTION, NULL, record, &s, NULL), PS_OK);
	cr_expect_str_eq(s.text, "T-ETH:race:0-0:-:1;");
}

Test(classify, anywhere_exclusion_looks_into_the_context)
{
	ps_match m[4];
	size_t n;
	cr_assert_eq(ps_classify(rules, "race_time", "lap_table", PS_KIND_FIELD, m, 4, &n, NULL), PS_OK);
	cr_expect_eq(n, 0, "'lap' in the enclosing scope settles it");
	cr_assert_eq(ps_classify(rules, "race_time", "race_condition", PS_KIND_FIELD, m, 4, &n, NULL), PS_OK);
	cr_expect_eq(n, 1, "an ordinary exclusion does not look at the context");
}
