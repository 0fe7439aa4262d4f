/* Discovery: languages by file name, and what belongs to the project. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "leakcheck.h"
#include "discover/discover.h"

TestSuite(discover, .fini = ps_test_check_leaks);

Test(discover, languages_by_extension)
{
	cr_expect_eq(psi_language_of("/src/a.c"), PSI_LANG_C);
	cr_expect_eq(psi_language_of("/src/a.cpp"), PSI_LANG_CXX);
	cr_expect_eq(psi_language_of("/src/a.cc"), PSI_LANG_CXX);
	cr_expect_eq(psi_language_of("/src/a.C"), PSI_LANG_CXX);
	cr_expect_eq(psi_language_of("/src/a.m"), PSI_LANG_OBJC);
	cr_expect_eq(psi_language_of("/src/a.mm"), PSI_LANG_OBJCXX);
	cr_expect_eq(psi_language_of("/src/a.h"), PSI_LANG_HEADER);
	cr_expect_eq(psi_language_of("/src/a.hpp"), PSI_LANG_CXX_HEADER);
	cr_expect_eq(psi_language_of("/src/a.txt"), -1);
	cr_expect_eq(psi_language_of("/src.c/Makefile"), -1);
	cr_expect_eq(psi_language_of("/src/.c"), PSI_LANG_C);
}

/* Are the findings of `path` reported in a scan of `root`, less `globs`? */
static int contains(const char *root, const char *path, const char *const *globs, size_t count)
{
	psi_project project = {{0}, globs, count, NULL, NULL};
	cr_assert_eq(psi_strings_add(&project.roots, root), 0);
	int result = psi_project_reports(&project, path);
	psi_strings_clear(&project.roots);
	return result;
}

/* A scan of one file of a project under /p, less third_party: every file of
 * the project is read, excluded or not, and only the file is reported. */
Test(discover, project_root_is_read_not_reported)
{
	static const char *const globs[] = {"third_party"};
	psi_project project = {{0}, globs, 1, NULL, (char *)"/p"};
	cr_assert_eq(psi_strings_add(&project.roots, "/p/src/a.c"), 0);
	cr_expect(psi_project_contains(&project, "/p/include/model.h"));
	cr_expect(!psi_project_reports(&project, "/p/include/model.h"));
	cr_expect(psi_project_contains(&project, "/p/third_party/x.h"));
	cr_expect(psi_project_reports(&project, "/p/src/a.c"));
	cr_expect(!psi_project_contains(&project, "/pq/a.h"), "a sibling sharing a prefix");
	cr_expect(!psi_project_contains(&project, "/usr/include/stdio.h"));
	project.context_root = NULL;
	cr_expect(!psi_project_contains(&project, "/p/include/model.h"));
	psi_strings_clear(&project.roots);
}

Test(discover, paths_below_a_root)
{
	cr_expect(contains("/p", "/p/src/a.c", NULL, 0));
	cr_expect(contains("/p", "/p", NULL, 0));
	cr_expect(!contains("/p", "/pq/a.c", NULL, 0), "a sibling sharing a prefix");
	cr_expect(!contains("/p", "/usr/include/stdio.h", NULL, 0));
	cr_expect(contains("/", "/usr/include/stdio.h", NULL, 0));
	cr_expect(contains("/p/a.c", "/p/a.c", NULL, 0), "a root may be one file");
	cr_expect(!contains("/p/a.c", "/p/a.h", NULL, 0));
}

Test(discover, globs_without_a_slash_match_any_component)
{
	const char *globs[] = {"third_party", "*_test.c"};
	cr_expect(!contains("/p", "/p/third_party/x.h", globs, 2));
	cr_expect(!contains("/p", "/p/src/third_party/deep/x.h", globs, 2));
	cr_expect(!contains("/p", "/p/src/risk_test.c", globs, 2));
	cr_expect(contains("/p", "/p/src/risk.c", globs, 2));
	cr_expect(contains("/p", "/p/third_party_docs/x.c", globs, 2));
}

Test(discover, globs_with_a_slash_match_from_the_root)
{
	const char *globs[] = {"src/gen", "tests/*.c"};
	cr_expect(!contains("/p", "/p/src/gen/a.c", globs, 2));
	cr_expect(contains("/p", "/p/lib/src/gen/a.c", globs, 2));
	cr_expect(!contains("/p", "/p/tests/a.c", globs, 2));
	cr_expect(contains("/p", "/p/src/a.c", globs, 2));
}

/* A broken compilation database stops the plan, and the plan it leaves
 * holds nothing: the caller has no plan to free. */
static void expect_plan_fails_empty(const char *database_text)
{
	char dir[] = "/tmp/profilescan-discover-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[sizeof dir + 32];
	snprintf(path, sizeof path, "%s/compile_commands.json", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(database_text, f);
	fclose(f);

	const char *paths[] = {dir};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.compile_database = path;
	psi_plan plan;
	psi_diags diags = {0};
	ps_error err = {0};
	cr_expect_eq(psi_plan_build(&options, &plan, &diags, &err), PS_ECOMPDB, "%s", err.message);
	cr_expect_eq(plan.project.roots.count, 0, "the roots were kept");
	cr_expect_eq(plan.unit_count, 0);
	psi_diags_clear(&diags);
	remove(path);
	rmdir(dir);
}

Test(discover, a_compile_database_that_is_not_json_leaves_no_plan)
{
	expect_plan_fails_empty("[\n  {\"directory\": \"/tmp\", \"file\": \"a.c\",\n");
}

Test(discover, a_compile_database_entry_without_a_file_leaves_no_plan)
{
	expect_plan_fails_empty("[{\"directory\": \"/tmp\", \"command\": \"cc -c a.c\"}]\n");
}
