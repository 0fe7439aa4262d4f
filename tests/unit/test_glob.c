/* Globs of the exceptions file (util/glob.c), read as .gitignore reads a
 * pattern with a slash. */
#include <criterion/criterion.h>

#include "leakcheck.h"
#include "util/util.h"

TestSuite(glob, .fini = ps_test_check_leaks);

Test(glob, a_star_stays_in_its_component)
{
	cr_expect(psi_glob_match("src/*.c", "src/a.c"));
	cr_expect_not(psi_glob_match("src/*.c", "src/legacy/deep/x.c"));
	cr_expect_not(psi_glob_match("*.c", "src/a.c"));
	cr_expect(psi_glob_match("src/?.c", "src/a.c"));
	cr_expect(psi_glob_match("src/[ab].c", "src/b.c"));
	cr_expect_not(psi_glob_match("src/a.c", "src/a.cpp"));
}

Test(glob, two_stars_cross_components)
{
	cr_expect(psi_glob_match("src/**", "src/a.c"));
	cr_expect(psi_glob_match("src/**", "src/legacy/deep/x.c"));
	cr_expect_not(psi_glob_match("src/**", "lib/a.c"));
	cr_expect(psi_glob_match("src/**/x.c", "src/x.c"));
	cr_expect(psi_glob_match("src/**/x.c", "src/legacy/deep/x.c"));
	cr_expect_not(psi_glob_match("src/**/x.c", "src/legacy/deep/y.c"));
	cr_expect(psi_glob_match("**/gen_*.c", "gen_a.c"));
	cr_expect(psi_glob_match("**/gen_*.c", "a/b/gen_a.c"));
	cr_expect_not(psi_glob_match("**/gen_*.c", "a/b/gen/a.c"));
	cr_expect(psi_glob_match("a/**/b/**/c.c", "a/x/b/y/z/c.c"));
}
