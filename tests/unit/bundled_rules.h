/*
 * A Criterion suite fixture: the bundled rule packs, loaded before each test
 * of the suite and freed (with a leak check) after it.
 */
#ifndef PS_TEST_BUNDLED_RULES_H
#define PS_TEST_BUNDLED_RULES_H

#include <criterion/criterion.h>

#include "leakcheck.h"
#include "profilescan/profilescan.h"

static ps_ruleset *rules;

static void load_bundled_rules(void)
{
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&rules, &err), PS_OK);
	cr_assert_eq(ps_ruleset_load_bundled(rules, 0, NULL, &err), PS_OK, "%s", err.message);
	cr_assert_eq(ps_ruleset_finish(rules, &err), PS_OK, "%s", err.message);
}

static void free_bundled_rules(void)
{
	ps_ruleset_free(rules);
	ps_test_check_leaks();
}

#endif
