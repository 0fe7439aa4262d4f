/* Loading rule packs: what is accepted, and the file:line:column of what is
 * not. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leakcheck.h"
#include "profilescan/rules.h"

TestSuite(rules, .fini = ps_test_check_leaks);

static const char header[] =
	"references:\n"
	"  - {id: ref, title: A reference, url: https://example.org}\n"
	"pack: test\n"
	"rules:\n";

/* Load `rules_text` after the common header; return the error message, or
 * "" when the ruleset loaded and finished. */
static const char *load(const char *rules_text)
{
	static ps_error err;
	char text[4096];
	snprintf(text, sizeof text, "%s%s", header, rules_text);
	ps_ruleset *rules;
	memset(&err, 0, sizeof err);
	cr_assert_eq(ps_ruleset_new(&rules, &err), PS_OK);
	int rc = ps_ruleset_load_buffer(rules, "pack.yaml", text, strlen(text), &err);
	if (rc == PS_OK)
		rc = ps_ruleset_finish(rules, &err);
	ps_ruleset_free(rules);
	if (rc == PS_OK)
		return "";
	cr_expect_eq(rc, PS_ERULES, "%s", err.message);
	return err.message;
}

#define RULE(extra) \
	"  - id: T-001\n" \
	"    category: proxy\n" \
	"    title: T\n" \
	"    subject: t\n" \
	"    rationale: R.\n" \
	"    references: [ref]\n" \
	"    terms: [{word: postcode}]\n" extra

Test(rules, a_valid_rule_loads) { cr_expect_str_eq(load(RULE("")), ""); }

Test(rules, default_severity_follows_category)
{
	const char *text = "references: [{id: ref, title: R}]\npack: p\nrules:\n" RULE("");
	ps_ruleset *rules;
	cr_assert_eq(ps_ruleset_new(&rules, NULL), PS_OK);
	cr_assert_eq(ps_ruleset_load_buffer(rules, "p.yaml", text, strlen(text), NULL), PS_OK);
	cr_assert_eq(ps_ruleset_finish(rules, NULL), PS_OK);
	const ps_rule *rule = ps_ruleset_find_rule(rules, "T-001");
	cr_assert_not_null(rule);
	cr_expect_eq(rule->severity, PS_SEVERITY_NOTE);
	cr_expect_eq(rule->reference_count, 1);
	cr_expect_str_eq(rule->references[0]->title, "R");
	ps_ruleset_free(rules);
}

Test(rules, yaml_syntax_error_has_position)
{
	cr_expect_str_eq(load("  - id: [unclosed\n"),
	                 "pack.yaml:6:1: did not find expected ',' or ']' while parsing a flow sequence");
}

Test(rules, unknown_key)
{
	cr_expect_str_eq(load(RULE("    exlcude: [{word: x}]\n")),
	                 "pack.yaml:12:5: unknown key 'exlcude' in a rule (expected id, category, "
	                 "severity, title, subject, rationale, applies-to, references, terms, combine, "
	                 "exclude, unless-context)");
}

Test(rules, unknown_category)
{
	cr_expect_str_eq(load("  - id: T-001\n    category: caste\n"),
	                 "pack.yaml:6:15: unknown category 'caste' (expected nationality, "
	                 "ethnicity, origin, proxy, religion or sink)");
}

Test(rules, missing_field)
{
	cr_expect_str_eq(load("  - id: T-001\n    category: proxy\n"),
	                 "pack.yaml:5:5: rule T-001 has no 'title'");
}

Test(rules, unknown_match_mode)
{
	cr_expect_str_eq(load("  - id: T-001\n    terms: [{regex: x.*}]\n"),
	                 "pack.yaml:6:14: unknown key 'regex' in a term entry (expected word, "
	                 "prefix, stem or lang)");
}

Test(rules, unknown_reference)
{
	const char *text = "pack: p\nrules:\n"
	                   "  - id: T-001\n    category: proxy\n    title: T\n    subject: t\n"
	                   "    rationale: R.\n    references: [nowhere]\n    terms: [{word: wijk}]\n";
	ps_ruleset *rules;
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&rules, NULL), PS_OK);
	cr_assert_eq(ps_ruleset_load_buffer(rules, "p.yaml", text, strlen(text), &err), PS_OK);
	cr_expect_eq(ps_ruleset_finish(rules, &err), PS_ERULES);
	cr_expect_str_eq(err.message, "p.yaml:8:17: rule T-001 cites unknown reference 'nowhere'");
	ps_ruleset_free(rules);
}

Test(rules, duplicate_rule_id)
{
	cr_expect_str_eq(load(RULE("") RULE("")),
	                 "pack.yaml:12:9: rule id 'T-001' is defined twice");
}

Test(rules, bad_rule_id)
{
	cr_expect_str_eq(load("  - id: nat-1\n"),
	                 "pack.yaml:5:9: rule id 'nat-1' must be upper case letters, digits "
	                 "and '-', like PS-NAT-001");
}

Test(rules, term_too_short)
{
	cr_expect_str_eq(load("  - id: T-001\n    terms: [{word: x}]\n"),
	                 "pack.yaml:6:20: term 'x' is shorter than two letters");
}

Test(rules, a_term_of_a_megabyte_is_refused_by_its_length)
{
	size_t letters = (size_t)1 << 20;
	char *text = malloc(sizeof header + letters + 64);
	cr_assert_not_null(text);
	char *end = text + sprintf(text, "%s  - id: T-001\n    terms: [{word: ", header);
	memset(end, 'a', letters);
	strcpy(end + letters, "}]\n");
	ps_ruleset *rules;
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&rules, &err), PS_OK);
	cr_expect_eq(ps_ruleset_load_buffer(rules, "pack.yaml", text, strlen(text), &err),
	             PS_ERULES);
	cr_expect_str_eq(err.message, "pack.yaml:6:20: a term of 1048576 letters is longer "
	                 "than the 64 a term may have");
	ps_ruleset_free(rules);
	free(text);
}

/* 64 Cyrillic letters are 128 bytes: the limit is in letters. */
Test(rules, a_term_of_64_cyrillic_letters_loads)
{
	char rule[1024] = "  - id: T-001\n    category: proxy\n    title: T\n    subject: t\n"
	                  "    rationale: R.\n    references: [ref]\n    terms: [{word: ";
	for (int i = 0; i < 64; i++)
		strcat(rule, "\xd0\xb4"); /* д */
	strcat(rule, "}]\n");
	cr_expect_str_eq(load(rule), "");
	char *close = strstr(rule, "}]");
	memmove(close + 2, close, strlen(close) + 1);
	memcpy(close, "\xd0\xb4", 2); /* one letter more is refused */
	cr_expect_str_eq(load(rule), "pack.yaml:11:20: a term of 65 letters is longer than the "
	                 "64 a term may have");
}

Test(rules, term_with_punctuation)
{
	cr_expect_str_eq(load("  - id: T-001\n    terms: [{word: 'a.b'}]\n"),
	                 "pack.yaml:6:20: term 'a.b' may hold only letters, digits, spaces, "
	                 "'_' and '-'");
}

Test(rules, missing_file)
{
	ps_ruleset *rules;
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&rules, NULL), PS_OK);
	cr_expect_eq(ps_ruleset_load_path(rules, "/nonexistent/pack.yaml", &err), PS_EIO);
	cr_expect_str_eq(err.message, "/nonexistent/pack.yaml: cannot read rules: "
	                 "No such file or directory");
	ps_ruleset_free(rules);
}

Test(rules, no_rules_at_all)
{
	ps_ruleset *rules;
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&rules, NULL), PS_OK);
	cr_expect_eq(ps_ruleset_finish(rules, &err), PS_ERULES);
	cr_expect_str_eq(err.message, "no rules were loaded");
	ps_ruleset_free(rules);
}

Test(rules, bundled_packs_load_and_cite_known_references)
{
	ps_ruleset *rules;
	ps_error err = {0};
	const char *origin = NULL;
	cr_assert_eq(ps_ruleset_new(&rules, NULL), PS_OK);
	cr_assert_eq(ps_ruleset_load_bundled(rules, 0, &origin, &err), PS_OK, "%s", err.message);
	cr_assert_eq(ps_ruleset_finish(rules, &err), PS_OK, "%s", err.message);
	cr_expect_gt(ps_ruleset_rule_count(rules), 10);
	for (size_t i = 0; i < ps_ruleset_rule_count(rules); i++)
		cr_expect_gt(ps_ruleset_rule(rules, i)->reference_count, 0);
	ps_ruleset_free(rules);
}

Test(rules, anywhere_belongs_to_exclusions)
{
	cr_expect_str_eq(load("  - id: T-001\n    terms: [{anywhere: true, word: lap}]\n"),
	                 "pack.yaml:6:14: 'anywhere' belongs to exclusions, not terms");
}

/* Concepts are defined at the top of a pack, combinations name them. */
static const char concepts[] =
	"concepts:\n"
	"  - {id: BIRTH, terms: [{word: [birth, geboorte]}]}\n"
	"  - {id: PLACE, terms: [{word: [place, stad]}]}\n";

static const char *load_with_concepts(const char *rules_text)
{
	char text[4096];
	snprintf(text, sizeof text, "%s%s", rules_text, concepts);
	return load(text);
}

Test(rules, a_combination_of_known_concepts_loads)
{
	cr_expect_str_eq(load_with_concepts(RULE("    combine: [{concepts: [BIRTH, PLACE], gap: 1}]\n")),
	                 "");
}

Test(rules, alone_is_true_or_false)
{
	cr_expect_str_eq(load_with_concepts(RULE("    combine: [{concepts: [PLACE], alone: true}]\n")),
	                 "");
	cr_expect_str_eq(load_with_concepts(RULE("    combine: [{concepts: [PLACE], alone: yes}]\n")),
	                 "pack.yaml:12:42: 'alone' must be true or false");
}

Test(rules, a_combination_naming_an_unknown_concept_fails)
{
	cr_expect_str_eq(load_with_concepts(RULE("    combine: [{concepts: [BIRTH, PALCE]}]\n")),
	                 "pack.yaml:12:15: T-001 names unknown concept 'PALCE'");
}

Test(rules, a_combination_needs_concepts_or_context)
{
	cr_expect_str_eq(load_with_concepts(RULE("    combine: [{gap: 1}]\n")),
	                 "pack.yaml:12:15: a combination needs concepts, context or both");
}

Test(rules, a_concept_needs_terms)
{
	cr_expect_str_eq(load("  []\nconcepts:\n  - {id: EMPTY}\n"),
	                 "pack.yaml:7:5: a concept needs an id and terms");
}

Test(rules, a_combination_of_more_than_eight_concepts_fails)
{
	cr_expect_str_eq(load_with_concepts(RULE("    combine: [{concepts: [BIRTH, PLACE, BIRTH, PLACE, "
	                                         "BIRTH, PLACE, BIRTH, PLACE, BIRTH]}]\n")),
	                 "pack.yaml:12:15: a combination holds at most 8 concepts");
}

Test(rules, concept_terms_are_words)
{
	cr_expect_str_eq(load("  []\nconcepts:\n  - {id: STEMMED, terms: [{stem: [geboorte]}]}\n"),
	                 "pack.yaml:7: the terms of concept STEMMED are words (word:), not "
	                 "prefixes or stems");
}

/* The digest of a pack's vocabulary, after loading and finishing it. */
static void digest_of(const char *pack, char out[PS_DIGEST_SIZE], const char *disable)
{
	ps_ruleset *rules;
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&rules, &err), PS_OK);
	cr_assert_eq(ps_ruleset_load_buffer(rules, "p.yaml", pack, strlen(pack), &err), PS_OK,
	             "%s", err.message);
	cr_assert_eq(ps_ruleset_finish(rules, &err), PS_OK, "%s", err.message);
	if (disable)
		cr_assert_eq(ps_ruleset_enable(rules, PS_SELECT_RULE, disable, 0), 1);
	ps_ruleset_digest(rules, out);
	ps_ruleset_free(rules);
}

#define DIGEST_PACK(term) \
	"references:\n  - {id: ref, title: A reference}\n" \
	"pack: test\nrules:\n  - id: T-001\n    category: proxy\n    severity: note\n" \
	"    title: T\n    subject: t\n    rationale: r\n    references: [ref]\n" \
	"    terms: [{word: " term "}]\n"

Test(rules, digest_says_which_vocabulary_not_which_layout)
{
	char plain[PS_DIGEST_SIZE], relaid[PS_DIGEST_SIZE], other[PS_DIGEST_SIZE],
	     off[PS_DIGEST_SIZE];
	digest_of(DIGEST_PACK("watchlist"), plain, NULL);
	/* The same rule, written in block style with a comment. */
	digest_of("# the same pack\nreferences:\n  - id: ref\n    title: A reference\n"
	          "pack: test\nrules:\n  - id: T-001\n    category: proxy\n    severity: note\n"
	          "    title: T\n    subject: t\n    rationale: r\n    references: [ref]\n"
	          "    terms:\n      - word: watchlist\n", relaid, NULL);
	digest_of(DIGEST_PACK("watchlists"), other, NULL);
	digest_of(DIGEST_PACK("watchlist"), off, "T-001");
	cr_expect_eq(strlen(plain), 16);
	cr_expect_str_eq(plain, relaid);
	cr_expect_str_neq(plain, other, "another term, the same digest");
	cr_expect_str_neq(plain, off, "a rule switched off, the same digest");
	char gap0[PS_DIGEST_SIZE], gap2[PS_DIGEST_SIZE];
	const char *combined =
		"references:\n  - {id: ref, title: A reference}\n"
		"concepts:\n  - {id: A, terms: [{word: aa}]}\n  - {id: B, terms: [{word: bb}]}\n"
		"pack: test\nrules:\n  - id: T-001\n    category: proxy\n    severity: note\n"
		"    title: T\n    subject: t\n    rationale: r\n    references: [ref]\n"
		"    combine: [{concepts: [A, B], gap: %d}]\n";
	char pack[1024];
	snprintf(pack, sizeof pack, combined, 0);
	digest_of(pack, gap0, NULL);
	snprintf(pack, sizeof pack, combined, 2);
	digest_of(pack, gap2, NULL);
	cr_expect_str_neq(gap0, gap2, "another gap, the same digest");
}
