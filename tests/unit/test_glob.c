/* Globs of the exceptions file (util/glob.c), read as .gitignore reads a
 * pattern with a slash. */
#include <criterion/criterion.h>
#include <stdlib.h>

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
	cr_expect(psi_glob_match("/src/*.c", "src/a.c"));
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

static void expect_normal(const char *path, const char *expected)
{
	char *normal = psi_path_normalise(path);
	cr_assert_not_null(normal);
	cr_expect_str_eq(normal, expected);
	free(normal);
}

Test(glob, paths_are_spelt_one_way)
{
	expect_normal("/a//c.c", "/a/c.c");
	expect_normal("/a/./b/.//c.c", "/a/b/c.c");
	expect_normal("/tmp/dir//.", "/tmp/dir");
	expect_normal("b//c.c", "b/c.c");
	expect_normal("./c.c", "./c.c");
	expect_normal("/a/../b/c.c", "/a/../b/c.c");
	expect_normal("/", "/");
	expect_normal("//", "/");
}
