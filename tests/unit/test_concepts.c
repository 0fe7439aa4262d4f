/*
 * Concepts and contexts with the bundled packs: which rule a name matches,
 * on what evidence, with which severity, and what the context string says.
 * The corpus measures categories over many names; these pin down the
 * details of single matches.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bundled_rules.h"
#include "profilescan/classify.h"

TestSuite(concepts, .init = load_bundled_rules, .fini = free_bundled_rules);

/* The one match of `name` in `context`, which must exist. */
static ps_match only_match(const char *name, const ps_context *context, ps_kind kind)
{
	ps_match matches[4];
	size_t n = 0;
	ps_error err = {0};
	cr_assert_eq(ps_classify_in(rules, name, context, kind, matches, 4, &n, &err), PS_OK, "%s",
	             err.message);
	cr_assert_eq(n, 1, "%s: %zu matches", name, n);
	return matches[0];
}

static size_t match_count(const char *name, const ps_context *context, ps_kind kind)
{
	ps_match matches[4];
	size_t n = 0;
	cr_assert_eq(ps_classify_in(rules, name, context, kind, matches, 4, &n, NULL), PS_OK);
	return n;
}

Test(concepts, a_run_together_place_of_birth_is_name_evidence)
{
	ps_match m = only_match("geboortestad", NULL, PS_KIND_FIELD);
	cr_expect_str_eq(m.rule->id, "PS-ORI-001");
	cr_expect_null(m.term);
	cr_expect_str_eq(m.combination->text, "BIRTH + PLACE");
	cr_expect_eq(m.evidence, PS_EVIDENCE_NAME);
	cr_expect_eq(m.severity, PS_SEVERITY_WARNING);
	cr_expect_str_eq(m.context, "");
}

Test(concepts, the_words_a_combination_covers_are_its_span)
{
	ps_match m = only_match("m_town_of_birth_code", NULL, PS_KIND_FIELD);
	cr_expect_eq(m.first_word, 1);
	cr_expect_eq(m.last_word, 3);
	cr_expect_eq(m.offset, 2);
	cr_expect_eq(m.length, strlen("town_of_birth"));
}

Test(concepts, a_record_makes_an_ambiguous_word_a_persons)
{
	ps_context context = {"Patient", "record", "Patient", NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	ps_match m = only_match("language", &context, PS_KIND_FIELD);
	cr_expect_str_eq(m.rule->id, "PS-PRX-001");
	cr_expect_eq(m.evidence, PS_EVIDENCE_CONTEXT);
	cr_expect_str_eq(m.context, "record 'Patient'");
	cr_expect_eq(m.severity, PS_SEVERITY_NOTE);
	cr_expect_eq(match_count("language", NULL, PS_KIND_FIELD), 0);
}

Test(concepts, a_protected_ground_from_context_is_one_severity_lower)
{
	ps_context context = {"Person", "record", "Person", NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	ps_match m = only_match("origin", &context, PS_KIND_FIELD);
	cr_expect_str_eq(m.rule->id, "PS-ORI-001");
	cr_expect_eq(m.severity, PS_SEVERITY_NOTE);
}

Test(concepts, siblings_that_make_a_person_record_are_named)
{
	const char *siblings[] = {"language", "first_name", "gender", "birth_date"};
	ps_context context = {"Record", "record", "Record", NULL, siblings, 4, NULL, NULL, 0, NULL, 0};
	ps_match m = only_match("language", &context, PS_KIND_FIELD);
	cr_expect_str_eq(m.context, "the names beside it ('first_name', 'gender')");
}

Test(concepts, a_persons_race_stays_a_warning_and_the_name_can_be_its_own_context)
{
	ps_match m = only_match("applicant_race", NULL, PS_KIND_FIELD);
	cr_expect_str_eq(m.rule->id, "PS-ETH-001");
	cr_expect_eq(m.evidence, PS_EVIDENCE_NAME);
	cr_expect_eq(m.severity, PS_SEVERITY_WARNING);
	cr_expect_eq(match_count("race", NULL, PS_KIND_FIELD), 0);
}

Test(concepts, a_game_in_the_siblings_vetoes)
{
	const char *siblings[] = {"race", "hit_points", "mana"};
	ps_context context = {"Character", "record", "Character", NULL, siblings, 3, NULL, NULL, 0, NULL, 0};
	cr_expect_eq(match_count("race", &context, PS_KIND_FIELD), 0);
	ps_context person = {"Patient", "record", "Patient", NULL, siblings, 1, NULL, NULL, 0, NULL, 0};
	cr_expect_eq(match_count("race", &person, PS_KIND_FIELD), 1);
}

Test(concepts, a_summary_gives_the_same_answer_as_reading_the_siblings)
{
	const char *siblings[] = {"language", "voornaam", "geboortedatum", "bsn"};
	ps_siblings_summary *summary = ps_siblings_summary_new();
	cr_assert_not_null(summary);
	ps_context with = {"Rec", "record", "Rec", NULL, siblings, 4, summary, NULL, 0, NULL, 0};
	ps_context without = {"Rec", "record", "Rec", NULL, siblings, 4, NULL, NULL, 0, NULL, 0};
	for (int round = 0; round < 2; round++) {
		ps_match a = only_match("language", &with, PS_KIND_FIELD);
		ps_match b = only_match("language", &without, PS_KIND_FIELD);
		cr_expect_str_eq(a.context, b.context);
	}
	ps_siblings_summary_free(summary);
}

Test(concepts, an_enum_named_for_race_spells_groups_but_not_an_enum_inside_a_race_manager)
{
	ps_context race = {"Race", "enum", "Race", NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	ps_match m = only_match("WHITE", &race, PS_KIND_ENUM_CONSTANT);
	cr_expect_str_eq(m.rule->id, "PS-ETH-003");
	cr_expect_str_eq(m.context, "enum 'Race'");
	ps_context manager = {"RaceManager::Difficulty", "enum", "Difficulty", NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	cr_expect_eq(match_count("EASY", &manager, PS_KIND_ENUM_CONSTANT), 0);
}

Test(concepts, identifiers_take_no_combination_meant_for_other_kinds)
{
	ps_context race = {"Race", "enum", "Race", NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	cr_expect_eq(match_count("OTHER", &race, PS_KIND_IDENTIFIER), 0);
	cr_expect_eq(match_count("nationality", NULL, PS_KIND_IDENTIFIER), 1);
}

/* A group is a value of the race or nationality whose scope it is read in,
 * whatever its kind: Nacionalidad::Peruano used in code that did not parse. */
Test(concepts, a_group_in_the_scope_of_a_nationality_is_one_of_any_kind)
{
	ps_context nationality = {"Nacionalidad", "record", "Nacionalidad", NULL, NULL, 0,
	                          NULL, NULL, 0, NULL, 0};
	ps_match m = only_match("Peruano", &nationality, PS_KIND_IDENTIFIER);
	cr_expect_str_eq(m.rule->id, "PS-ETH-003");
	cr_expect_str_eq(m.combination->text, "GROUP in NATIONALITY");
	cr_expect_eq(m.evidence, PS_EVIDENCE_CONTEXT);
	cr_expect_str_eq(m.context, "record 'Nacionalidad'");
	ps_context race = {"Race", "enum", "Race", NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	cr_expect_eq(match_count("WHITE", &race, PS_KIND_IDENTIFIER), 1);
}

static void keep_standing(void *context, const ps_explanation *e)
{
	ps_explanation *last = context;
	if (!e->vetoed_by && !e->vetoed_by_context && !e->missing_context && !e->wrong_kind &&
	    !e->rule_off)
		*last = *e;
}

Test(concepts, explain_gives_the_severity_a_scan_reports)
{
	ps_match m = only_match("patient_origin", NULL, PS_KIND_VARIABLE);
	ps_explanation e = {0};
	cr_assert_eq(ps_explain(rules, "patient_origin", NULL, PS_KIND_VARIABLE, NULL,
	                        keep_standing, &e, NULL), PS_OK);
	cr_assert_not_null(e.rule);
	cr_expect_str_eq(e.rule->id, m.rule->id);
	cr_expect_eq(e.severity, m.severity);
	cr_expect_eq(m.severity, PS_SEVERITY_WARNING, "the name is its own context");
}

Test(concepts, a_configured_severity_holds_for_combinations)
{
	ps_ruleset *configured;
	cr_assert_eq(ps_ruleset_new(&configured, NULL), PS_OK);
	cr_assert_eq(ps_ruleset_load_bundled(configured, 0, NULL, NULL), PS_OK);
	cr_expect_gt(ps_ruleset_set_severity(configured, PS_SELECT_CATEGORY, "ethnicity",
	                                     PS_SEVERITY_NOTE), 0);
	cr_assert_eq(ps_ruleset_finish(configured, NULL), PS_OK);
	ps_match m[4];
	size_t n = 0;
	cr_assert_eq(ps_classify(configured, "applicant_race", NULL, PS_KIND_FIELD, m, 4, &n, NULL),
	             PS_OK);
	cr_assert_eq(n, 1);
	cr_expect_eq(m[0].severity, PS_SEVERITY_NOTE);
	ps_ruleset_free(configured);
}

/* A person's land alone is the country they belong to; the land of their
 * geboorteland is the birth's, and only the origin rule reports it. */
Test(concepts, a_nation_counts_only_alone)
{
	ps_context context = {"Klant", "record", "Klant", NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	ps_match m = only_match("land", &context, PS_KIND_FIELD);
	cr_expect_str_eq(m.rule->id, "PS-NAT-001");
	cr_expect_str_eq(m.combination->text,
	                 "NATION alone in PERSON unless ADDRESS or ADDRESS-WORD or TRAVEL or "
	                 "NATIONALITY or RESIDENCE or TERRAIN");
	cr_expect_str_eq(m.context, "record 'Klant'");
	m = only_match("geboorteland", &context, PS_KIND_FIELD);
	cr_expect_str_eq(m.rule->id, "PS-ORI-001");
	ps_match matches[4];
	size_t n = 0;
	cr_assert_eq(ps_classify_in(rules, "herkomst_van_geboorteland", &context, PS_KIND_FIELD,
	                            matches, 4, &n, NULL), PS_OK);
	cr_assert_eq(n, 2, "origin for geboorteland, descent for herkomst");
	cr_expect_str_eq(matches[0].rule->id, "PS-ORI-001");
	cr_expect_str_eq(matches[1].rule->id, "PS-ORI-002");
}
