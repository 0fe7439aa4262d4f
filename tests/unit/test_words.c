/* Splitting identifiers into words, in every naming style. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "leakcheck.h"
#include "classify/classify.h"
#include "profilescan/classify.h"

TestSuite(words, .fini = ps_test_check_leaks);

static void expect_words(const char *name, const char *expected)
{
	ps_words words;
	ps_error err = {0};
	cr_assert_eq(ps_words_split(name, &words, &err), PS_OK, "%s", err.message);
	char joined[256] = "";
	for (size_t i = 0; i < words.count; i++) {
		if (i)
			strcat(joined, " ");
		strcat(joined, words.word[i]);
	}
	ps_words_clear(&words);
	cr_expect_str_eq(joined, expected, "split of '%s'", name);
}

Test(words, snake_case) { expect_words("dubbele_nationaliteit", "dubbele nationaliteit"); }
Test(words, screaming_case) { expect_words("COUNTRY_OF_BIRTH", "country of birth"); }
Test(words, camel_case) { expect_words("isDualNational", "is dual national"); }
Test(words, pascal_case) { expect_words("CountryOfBirth", "country of birth"); }
Test(words, acronyms) { expect_words("XMLHttpRequest", "xml http request"); }
Test(words, acronym_at_end) { expect_words("parseNLD", "parse nld"); }
Test(words, digits) { expect_words("nationaliteit2Code", "nationaliteit 2 code"); }
Test(words, member_prefix) { expect_words("m_strNationality", "m str nationality"); }
Test(words, hungarian_bool) { expect_words("bIsForeigner", "b is foreigner"); }
Test(words, kebab_and_spaces) { expect_words("  country-of birth ", "country of birth"); }
Test(words, empty) { expect_words("__", ""); }
Test(words, utf8_stays_in_word) { expect_words("nationalité_code", "nationalité code"); }
Test(words, latin1_capitals_fold) { expect_words("NATIONALITÉ", "nationalité"); }

Test(words, offsets_point_into_the_name)
{
	ps_words words;
	cr_assert_eq(ps_words_split("m_countryOfBirth", &words, NULL), PS_OK);
	cr_assert_eq(words.count, 4);
	cr_expect_eq(words.offset[0], 0);
	cr_expect_eq(words.offset[1], 2);
	cr_expect_eq(words.offset[2], 9);
	cr_expect_eq(words.offset[3], 11);
	ps_words_clear(&words);
}

/* The scope that names an enum whose own name is a placeholder. */
Test(words, an_enum_named_e_takes_the_name_of_its_namespace)
{
	cr_expect(psi_is_placeholder_name("e"));
	cr_expect(psi_is_placeholder_name("Type"));
	cr_expect_not(psi_is_placeholder_name("AISuperPower"));
	char *outer = psi_outer_scope_name("fred::Race::e", "e");
	cr_assert_not_null(outer);
	cr_expect_str_eq(outer, "Race");
	free(outer);
	outer = psi_outer_scope_name("Race::e", "e");
	cr_assert_not_null(outer);
	cr_expect_str_eq(outer, "Race");
	free(outer);
	cr_expect_null(psi_outer_scope_name("e", "e"));
	cr_expect_null(psi_outer_scope_name(NULL, "e"));
	cr_expect_null(psi_outer_scope_name("Race::type", "e"));
}
