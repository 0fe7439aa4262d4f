/* Discovery: languages by file name, and what belongs to the project. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Does a header holding `text` read as C++? */
static int header_is_cxx(const char *text)
{
	char path[] = "/tmp/ps-header-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	int cxx = psi_header_looks_cxx(path);
	unlink(path);
	return cxx;
}

Test(discover, a_header_reads_as_cxx_by_its_code_not_its_comments)
{
	cr_expect(header_is_cxx("#pragma once\nclass Patient;\n"));
	cr_expect(header_is_cxx("namespace records {\n}\n"));
	cr_expect(header_is_cxx("template <typename T> struct box { T v; };\n"));
	cr_expect(header_is_cxx("struct s {\npublic :\n\tint a;\n};\n"));
	cr_expect(header_is_cxx("int f(std::string s);\n"));
	cr_expect_not(header_is_cxx("struct seat { int class; };\n"));
	cr_expect_not(header_is_cxx("/* class Patient, namespace x */\n// template <T>\nint a;\n"));
	cr_expect_not(header_is_cxx("const char *s = \"class Patient::x\";\nchar c = ':';\n"));
	cr_expect_not(header_is_cxx("int public_count; int x = a ? b : c;\n"));
	cr_expect_not(psi_header_looks_cxx("/nonexistent/dir/a.h"));
}

/* Are the findings of `path` reported in a scan of `root`, less `globs`? */
static int contains(const char *root, const char *path, const char *const *globs, size_t count)
{
	psi_project project = {{0}, globs, count, NULL, NULL, NULL};
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
	psi_project project = {{0}, globs, 1, NULL, (char *)"/p", NULL};
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

/* A compile_commands.json, open for writing, in a new folder made from the
 * template `dir`; its path in `path`. */
static FILE *new_database(char *dir, char *path, size_t size)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, size, "%s/compile_commands.json", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	return f;
}

/* A broken compilation database stops the plan, and the plan it leaves
 * holds nothing: the caller has no plan to free. */
static void expect_plan_fails_empty(const char *database_text)
{
	char dir[] = "/tmp/profilescan-discover-XXXXXX";
	char path[sizeof dir + 32];
	FILE *f = new_database(dir, path, sizeof path);
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

/* The project root of `root` (a path below `base`), as a scan with
 * `project_root` finds it: below `base`, or "-" for none, or "error". */
static char *context_root_of(const char *base, const char *root, const char *project_root)
{
	psi_plan plan = {0};
	cr_assert_eq(psi_strings_add(&plan.project.roots, root), 0);
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.project_root = project_root;
	ps_error err = {0};
	char *found;
	if (psi_plan_context_root(&options, &plan, &err) != PS_OK)
		found = strdup("error");
	else if (!plan.project.context_root)
		found = strdup("-");
	else
		found = strdup(plan.project.context_root + strlen(base));
	free(plan.project.context_root);
	psi_strings_clear(&plan.project.roots);
	return found;
}

static void expect_root(const char *base, const char *root, const char *project_root,
                        const char *expected)
{
	char *found = context_root_of(base, root, project_root);
	cr_expect_str_eq(found, expected, "root %s, --project-root %s", root,
	                 project_root ? project_root : "(none)");
	free(found);
}

/* base/repo/.git, base/repo/src/deep/a.c: a scan of deep/ or of a.c reads
 * the repository, unless a ceiling or the options say otherwise. */
Test(discover, the_project_root_is_the_nearest_marked_directory)
{
	char made[] = "/tmp/ps-context-XXXXXX";
	cr_assert_not_null(mkdtemp(made));
	char *base = realpath(made, NULL);
	char repo[256], git[sizeof repo + 8], src[sizeof repo + 8], deep[sizeof src + 8],
	     file[sizeof deep + 8];
	snprintf(repo, sizeof repo, "%s/repo", base);
	snprintf(git, sizeof git, "%s/.git", repo);
	snprintf(src, sizeof src, "%s/src", repo);
	snprintf(deep, sizeof deep, "%s/deep", src);
	snprintf(file, sizeof file, "%s/a.c", deep);
	cr_assert_eq(mkdir(repo, 0700) | mkdir(git, 0700) | mkdir(src, 0700) | mkdir(deep, 0700), 0);
	FILE *f = fopen(file, "w");
	cr_assert_not_null(f);
	fclose(f);
	unsetenv("GIT_CEILING_DIRECTORIES");

	expect_root(base, deep, NULL, "/repo");
	expect_root(base, file, NULL, "/repo");
	expect_root(base, repo, NULL, "-");       /* the whole repository: nothing to add */
	expect_root(base, deep, "", "-");         /* --no-context */
	expect_root(base, file, base, "");        /* --project-root */
	expect_root(base, file, "/usr", "error"); /* it does not hold the paths */
	expect_root(base, file, file, "error");   /* not a directory */
	setenv("GIT_CEILING_DIRECTORIES", src, 1);
	expect_root(base, file, NULL, "-");       /* the search does not go up into src */
	unsetenv("GIT_CEILING_DIRECTORIES");

	cr_expect_eq(unlink(file) | rmdir(deep) | rmdir(src) | rmdir(git) | rmdir(repo) | rmdir(base), 0);
	free(base);
}

/* A file compiled in several configurations is one unit, with its first
 * command, as clang tools take it; the others keep their order. */
Test(discover, a_file_compiled_twice_is_one_unit_with_its_first_command)
{
	char dir[] = "/tmp/profilescan-discover-XXXXXX";
	char path[sizeof dir + 32];
	FILE *f = new_database(dir, path, sizeof path);
	fprintf(f, "[{\"directory\": \"%s\", \"file\": \"a.c\", \"command\": \"cc -DFIRST -c a.c\"},\n"
	           " {\"directory\": \"%s\", \"file\": \"b.c\", \"command\": \"cc -c b.c\"},\n"
	           " {\"directory\": \"%s\", \"file\": \"a.c\", \"command\": \"cc -DSECOND -c a.c\"}]\n",
	        dir, dir, dir);
	fclose(f);
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	psi_unit *units = NULL;
	size_t count = 0;
	ps_error err = {0};
	cr_assert_eq(psi_compdb_load(path, &options, &units, &count, &err), PS_OK, "%s", err.message);
	cr_assert_eq(count, 2);
	cr_expect(strstr(units[0].file, "/a.c") != NULL, "%s", units[0].file);
	cr_expect(strstr(units[1].file, "/b.c") != NULL, "%s", units[1].file);
	int first = 0, second = 0;
	for (size_t i = 0; i < units[0].argv.count; i++) {
		first |= strcmp(units[0].argv.items[i], "-DFIRST") == 0;
		second |= strcmp(units[0].argv.items[i], "-DSECOND") == 0;
	}
	cr_expect(first && !second, "a.c keeps its first command");
	for (size_t i = 0; i < count; i++)
		psi_unit_clear(&units[i]);
	free(units);
	remove(path);
	rmdir(dir);
}
