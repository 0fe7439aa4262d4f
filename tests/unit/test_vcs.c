/* The version-control state a scan records in its provenance: repositories
 * made here with libgit2, scanned through the API, with the commit, branch
 * and dirty state each must give; a tree outside any repository records
 * none; a repository libgit2 cannot read is a warning; the index is never
 * written; origin's URL loses its user name and password. */
#define _XOPEN_SOURCE 700   /* nftw */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundled_rules.h"
#include "model/model.h"
#include "profilescan/profilescan.h"
#include "written.h"

static char top[PATH_MAX];     /* a fresh directory for each test, real path */

static void set_up(void)
{
	load_bundled_rules();
	char pattern[] = "/tmp/profilescan-vcs-XXXXXX";
	cr_assert_not_null(mkdtemp(pattern));
	cr_assert_not_null(realpath(pattern, top));
	/* Whatever holds /tmp, no repository above the test's directory counts. */
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	git_libgit2_init();
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void tear_down(void)
{
	git_libgit2_shutdown();
	nftw(top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free_bundled_rules();
}

TestSuite(vcs, .init = set_up, .fini = tear_down);

static void write_file(const char *relative, const char *text)
{
	char path[PATH_MAX + 256];
	snprintf(path, sizeof path, "%s/%s", top, relative);
	for (char *slash = strchr(path + strlen(top) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* A repository at `top` (or below it) whose first branch is "main". */
static git_repository *init_repo(const char *below)
{
	char path[PATH_MAX + 256];
	snprintf(path, sizeof path, "%s%s%s", top, below[0] ? "/" : "", below);
	git_repository_init_options options;
	git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	options.flags = GIT_REPOSITORY_INIT_MKPATH;
	options.initial_head = "main";
	git_repository *repo = NULL;
	cr_assert_eq(git_repository_init_ext(&repo, path, &options), 0, "%s",
	             git_error_last()->message);
	return repo;
}

/* Stage every file and commit the index on HEAD; the commit's id. */
static git_oid commit_all(git_repository *repo, const char *message)
{
	git_index *index;
	git_oid tree_id, commit_id, parent_id;
	cr_assert_eq(git_repository_index(&index, repo), 0);
	cr_assert_eq(git_index_add_all(index, NULL, 0, NULL, NULL), 0);
	cr_assert_eq(git_index_write(index), 0);
	cr_assert_eq(git_index_write_tree(&tree_id, index), 0);
	git_index_free(index);
	git_tree *tree;
	cr_assert_eq(git_tree_lookup(&tree, repo, &tree_id), 0);
	git_signature *who;
	cr_assert_eq(git_signature_new(&who, "test", "test@example.invalid", 1767225600, 0), 0);
	git_commit *parent = NULL;
	if (git_reference_name_to_id(&parent_id, repo, "HEAD") == 0)
		cr_assert_eq(git_commit_lookup(&parent, repo, &parent_id), 0);
	const git_commit *parents[] = {parent};
	cr_assert_eq(git_commit_create(&commit_id, repo, "HEAD", who, who, NULL, message, tree,
	                               parent ? 1 : 0, parents), 0, "%s", git_error_last()->message);
	git_commit_free(parent);
	git_signature_free(who);
	git_tree_free(tree);
	return commit_id;
}

/* origin at `url`, as `git remote add` writes it.  Not git_remote_create,
 * which in libgit2 1.5 leaks a regular expression's match data per
 * configuration entry it reads. */
static void set_origin(git_repository *repo, const char *url)
{
	git_config *config;
	cr_assert_eq(git_repository_config(&config, repo), 0);
	cr_assert_eq(git_config_set_string(config, "remote.origin.url", url), 0);
	cr_assert_eq(git_config_set_string(config, "remote.origin.fetch",
	                                   "+refs/heads/*:refs/remotes/origin/*"), 0);
	git_config_free(config);
}

static char *hex(const git_oid *id)
{
	static char text[GIT_OID_HEXSZ + 1];
	return git_oid_tostr(text, sizeof text, id);
}

/* Scan `relative` paths below `top` (none: `top` itself). */
static ps_result *scan_paths(const char *const *relative, size_t count)
{
	char paths[4][PATH_MAX + 256];
	const char *list[4];
	for (size_t i = 0; i < (count ? count : 1); i++) {
		snprintf(paths[i], sizeof paths[i], "%s%s%s", top, count ? "/" : "",
		         count ? relative[i] : "");
		list[i] = paths[i];
	}
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = list;
	options.path_count = count ? count : 1;
	options.jobs = 1;
	options.rules = rules;
	ps_result *result;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_OK, "%s", err.message);
	return result;
}

static ps_result *scan_top(void)
{
	return scan_paths(NULL, 0);
}

/* The one repository a result records. */
static const ps_vcs *only_repository(const ps_result *result)
{
	cr_assert_eq(result->provenance.repository_count, 1, "%zu repositories recorded",
	             result->provenance.repository_count);
	return &result->provenance.repositories[0];
}

static int dirty_after_scan(const char *const *relative, size_t count)
{
	ps_result *result = scan_paths(relative, count);
	int dirty = only_repository(result)->dirty;
	ps_result_free(result);
	return dirty;
}

Test(vcs, a_committed_tree_records_its_commit_and_branch_and_is_clean_until_a_file_changes)
{
	git_repository *repo = init_repo("");
	write_file("src/person.c", "struct person { int nationality; };\n");
	git_oid id = commit_all(repo, "a person\n");
	git_repository_free(repo);

	ps_result *result = scan_top();
	const ps_vcs *v = only_repository(result);
	cr_expect_str_eq(v->root, top);
	cr_expect_str_eq(v->commit, hex(&id));
	cr_expect_eq(strlen(v->commit), 40);
	cr_expect_str_eq(v->branch, "main");
	cr_expect_not(v->detached);
	cr_expect_not(v->dirty, "nothing changed since the commit");
	cr_expect_null(v->origin_url, "no origin");
	cr_expect_eq(result->finding_count, 1, "the nationality field is still found");
	cr_expect_eq(result->diagnostic_count, 0);
	ps_result_free(result);

	write_file("src/person.c", "struct person { int nationality; int age; };\n");
	result = scan_top();
	v = only_repository(result);
	cr_expect(v->dirty, "a modified file makes the tree dirty");
	cr_expect_str_eq(v->commit, hex(&id), "still HEAD's commit");
	ps_result_free(result);
}

Test(vcs, staged_and_untracked_files_make_it_dirty_ignored_ones_do_not)
{
	git_repository *repo = init_repo("");
	write_file("a.c", "int nationality;\n");
	write_file(".gitignore", "generated.c\nscratch/\n");
	commit_all(repo, "one\n");
	cr_expect_not(dirty_after_scan(NULL, 0));

	write_file("generated.c", "int ethnicity;\n");
	write_file("scratch/x.c", "int x;\n");
	cr_expect_not(dirty_after_scan(NULL, 0), "ignored files and directories do not count");

	write_file("new.c", "int y;\n");
	cr_expect(dirty_after_scan(NULL, 0), "an untracked file counts");
	unlink(strcat(strcpy((char[PATH_MAX + 16]){0}, top), "/new.c"));
	cr_expect_not(dirty_after_scan(NULL, 0));

	write_file("a.c", "int nationality;\nint y;\n");
	git_index *index;
	cr_assert_eq(git_repository_index(&index, repo), 0);
	cr_assert_eq(git_index_add_bypath(index, "a.c"), 0);
	cr_assert_eq(git_index_write(index), 0);
	git_index_free(index);
	write_file("a.c", "int nationality;\n");
	cr_expect(dirty_after_scan(NULL, 0), "a change staged, then undone in the file, counts");
	git_repository_free(repo);
}

Test(vcs, only_files_under_the_scanned_roots_count)
{
	git_repository *repo = init_repo("");
	write_file("src/a.c", "int nationality;\n");
	write_file("docs/notes.c", "int x;\n");
	git_oid id = commit_all(repo, "one\n");
	git_repository_free(repo);
	const char *src[] = {"src"}, *file[] = {"src/a.c"}, *both[] = {"src", "docs"};

	write_file("docs/notes.c", "int x, y;\n");
	write_file("docs/new/y.c", "int y;\n");
	cr_expect_not(dirty_after_scan(src, 1), "changes outside src do not count");
	cr_expect_not(dirty_after_scan(file, 1), "nor for a root that is a file");
	cr_expect(dirty_after_scan(both, 2), "with docs among the roots they do");

	ps_result *result = scan_paths(both, 2);
	cr_expect_str_eq(only_repository(result)->commit, hex(&id), "two roots, one repository");
	ps_result_free(result);

	write_file("src/fresh/b.c", "int b;\n");
	const char *fresh[] = {"src/fresh"};
	cr_expect(dirty_after_scan(fresh, 1), "a root in a directory git does not know is dirty");
	cr_expect(dirty_after_scan(src, 1));
}

Test(vcs, a_detached_head_has_a_commit_and_no_branch)
{
	git_repository *repo = init_repo("");
	write_file("a.c", "int nationality;\n");
	git_oid first = commit_all(repo, "one\n");
	write_file("b.c", "int b;\n");
	commit_all(repo, "two\n");
	cr_assert_eq(git_repository_set_head_detached(repo, &first), 0);
	git_object *commit;
	cr_assert_eq(git_object_lookup(&commit, repo, &first, GIT_OBJECT_COMMIT), 0);
	cr_assert_eq(git_reset(repo, commit, GIT_RESET_HARD, NULL), 0);  /* b.c goes */
	git_object_free(commit);
	git_repository_free(repo);

	ps_result *result = scan_top();
	const ps_vcs *v = only_repository(result);
	cr_expect_str_eq(v->commit, hex(&first));
	cr_expect_null(v->branch);
	cr_expect(v->detached);
	cr_expect_not(v->dirty, "the tree is the first commit's");
	ps_result_free(result);
}

Test(vcs, a_branch_without_a_commit_has_a_branch_and_no_commit)
{
	git_repository *repo = init_repo("");
	write_file("a.c", "int nationality;\n");
	git_repository_free(repo);

	ps_result *result = scan_top();
	const ps_vcs *v = only_repository(result);
	cr_expect_str_eq(v->commit, "");
	cr_expect_str_eq(v->branch, "main");
	cr_expect_not(v->detached);
	cr_expect(v->dirty, "a.c is not committed");
	cr_expect_eq(result->diagnostic_count, 0);
	ps_result_free(result);
}

Test(vcs, outside_a_repository_nothing_is_recorded)
{
	write_file("a.c", "int nationality;\n");
	/* The ceiling is the test's directory's parent: the test's directory is
	 * looked at, and nothing above it. */
	ps_result *result = scan_top();
	cr_expect_eq(result->provenance.repository_count, 0);
	cr_expect_eq(result->diagnostic_count, 0, "no warning either");
	cr_expect_eq(result->finding_count, 1);
	ps_result_free(result);
}

Test(vcs, a_repository_beside_the_root_and_one_below_another_are_told_apart)
{
	git_repository *one = init_repo("one");
	write_file("one/a.c", "int nationality;\n");
	commit_all(one, "one\n");
	git_repository_free(one);
	git_repository *two = init_repo("two");
	write_file("two/b.c", "int ethnicity;\n");
	commit_all(two, "two\n");
	git_repository_free(two);
	write_file("plain/c.c", "int c;\n");

	const char *roots[] = {"two", "plain", "one"};
	ps_result *result = scan_paths(roots, 3);
	cr_assert_eq(result->provenance.repository_count, 2, "plain/ is in no repository");
	char expected[PATH_MAX + 8];
	snprintf(expected, sizeof expected, "%s/one", top);
	cr_expect_str_eq(result->provenance.repositories[0].root, expected, "sorted by root");
	snprintf(expected, sizeof expected, "%s/two", top);
	cr_expect_str_eq(result->provenance.repositories[1].root, expected);
	ps_result_free(result);
}

Test(vcs, a_linked_worktree_is_its_own_tree_on_its_own_branch)
{
	git_repository *repo = init_repo("main");
	write_file("main/a.c", "int nationality;\n");
	git_oid id = commit_all(repo, "one\n");
	char path[PATH_MAX + 8];
	snprintf(path, sizeof path, "%s/linked", top);
	git_worktree *worktree;
	cr_assert_eq(git_worktree_add(&worktree, repo, "linked", path, NULL), 0, "%s",
	             git_error_last()->message);
	git_worktree_free(worktree);
	git_repository_free(repo);

	const char *roots[] = {"linked"};
	ps_result *result = scan_paths(roots, 1);
	const ps_vcs *v = only_repository(result);
	cr_expect_str_eq(v->root, path);
	cr_expect_str_eq(v->branch, "linked");
	cr_expect_str_eq(v->commit, hex(&id));
	cr_expect_not(v->dirty);
	ps_result_free(result);
}

/* ---- what libgit2 cannot read ------------------------------------------- */

static void expect_warning_only(const char *damage, const char *file, const char *text)
{
	git_repository *repo = init_repo("");
	write_file("a.c", "int nationality;\n");
	commit_all(repo, "one\n");
	git_repository_free(repo);
	write_file(file, text);

	ps_result *result = scan_top();
	cr_expect_eq(result->provenance.repository_count, 0, "%s: nothing recorded", damage);
	cr_assert_eq(result->diagnostic_count, 1, "%s: one diagnostic", damage);
	const ps_diagnostic *d = &result->diagnostics[0];
	cr_expect_eq(d->severity, PS_SEVERITY_WARNING, "%s: a warning", damage);
	cr_expect_str_eq(d->file, top);
	const char *end = "; its version-control state is not recorded";
	cr_expect(strlen(d->message) > strlen(end) &&
	          strcmp(d->message + strlen(d->message) - strlen(end), end) == 0,
	          "%s: %s", damage, d->message);
	cr_expect_not(ps_result_incomplete(result), "%s: the scan is complete", damage);
	cr_expect_eq(result->finding_count, 1, "%s: the code is still scanned", damage);
	ps_result_free(result);
}

Test(vcs, a_configuration_libgit2_cannot_parse_is_a_warning)
{
	expect_warning_only("config", ".git/config", "[core\nbare = false\n");
}

Test(vcs, a_head_that_names_nothing_is_a_warning)
{
	expect_warning_only("HEAD", ".git/HEAD", "not a reference\n");
}

Test(vcs, a_damaged_index_is_a_warning)
{
	expect_warning_only("index", ".git/index", "DIRC but not an index at all\n");
}

/* ---- the repository is only read ----------------------------------------- */

static char *slurp(const char *path, size_t *length)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot read %s", path);
	char *data = malloc(1 << 20);
	*length = fread(data, 1, 1 << 20, f);
	fclose(f);
	return data;
}

/* The index's bytes and time, to compare before and after. */
typedef struct index_state {
	char *bytes;
	size_t length;
	struct timespec mtime;
} index_state;

static index_state read_index_state(void)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/.git/index", top);
	index_state s;
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	s.mtime = st.st_mtim;
	s.bytes = slurp(path, &s.length);
	return s;
}

static int same_index(const index_state *a, const index_state *b)
{
	return a->length == b->length && memcmp(a->bytes, b->bytes, a->length) == 0 &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

Test(vcs, the_index_is_not_written_even_when_its_cache_of_file_times_is_stale)
{
	git_repository *repo = init_repo("");
	write_file("a.c", "int nationality;\n");
	commit_all(repo, "one\n");
	/* a.c's time no longer matches the index's entry while its content does:
	 * the cache `git status` refreshes and writes back. */
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/a.c", top);
	struct timespec times[2] = {{1700000000, 0}, {1700000000, 0}};
	cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
	index_state before = read_index_state();

	ps_result *result = scan_top();
	cr_expect_not(only_repository(result)->dirty, "only the time changed");
	ps_result_free(result);
	index_state after = read_index_state();
	cr_expect(same_index(&before, &after), "the scan wrote the index");

	/* The check can fail: a status that refreshes the index writes it here. */
	git_status_options options;
	git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
	options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_UPDATE_INDEX;
	git_status_list *list;
	cr_assert_eq(git_status_list_new(&list, repo, &options), 0);
	git_status_list_free(list);
	index_state refreshed = read_index_state();
	cr_expect_not(same_index(&after, &refreshed), "a refreshing status did not write it");
	free(before.bytes);
	free(after.bytes);
	free(refreshed.bytes);
	git_repository_free(repo);
}

/* ---- origin's URL ------------------------------------------------------- */

Test(vcs, a_url_loses_its_user_name_and_password)
{
	static const char *const cases[][2] = {
		{"https://user:secret@example.com/org/repo.git", "https://example.com/org/repo.git"},
		{"https://x-access-token:ghs_abc@github.com/org/repo", "https://github.com/org/repo"},
		{"https://token@example.com/repo.git", "https://example.com/repo.git"},
		{"https://us%40er:p@ss@example.com:8443/r.git", "https://example.com:8443/r.git"},
		{"ssh://git@example.com:22/org/repo.git", "ssh://example.com:22/org/repo.git"},
		{"git+ssh://me@example.com/repo", "git+ssh://example.com/repo"},
		{"https://example.com/org/repo.git", "https://example.com/org/repo.git"},
		{"https://example.com/@scope/repo", "https://example.com/@scope/repo"},
		{"https://example.com?u=a@b", "https://example.com?u=a@b"},
		{"git@example.com:org/repo.git", "example.com:org/repo.git"},
		{"user:secret@example.com:org/repo.git", "example.com:org/repo.git"},
		{"example.com:org/a@b.git", "example.com:org/a@b.git"},
		{"/srv/git/a@b.git", "/srv/git/a@b.git"},
		{"../sibling@2", "../sibling@2"},
		{"file:///srv/git/repo.git", "file:///srv/git/repo.git"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *stripped = psi_url_without_userinfo(cases[i][0]);
		cr_expect_str_eq(stripped, cases[i][1], "%s", cases[i][0]);
		free(stripped);
	}
}

Test(vcs, origin_is_recorded_without_its_credentials)
{
	git_repository *repo = init_repo("");
	write_file("a.c", "int nationality;\n");
	commit_all(repo, "one\n");
	set_origin(repo, "https://user:secret@example.com/org/repo.git");
	git_repository_free(repo);

	ps_result *result = scan_top();
	cr_expect_str_eq(only_repository(result)->origin_url, "https://example.com/org/repo.git");
	ps_result_free(result);
}

/* ---- reports ------------------------------------------------------------ */

/* A repository at `top`/`below` with a committed a.c and origin at `url`
 * (NULL: none), scanned; the caller frees the result. */
static ps_result *scanned_repository(const char *below, const char *url)
{
	git_repository *repo = init_repo(below);
	char file[PATH_MAX];
	snprintf(file, sizeof file, "%s%sa.c", below, below[0] ? "/" : "");
	write_file(file, "int nationality;\n");
	commit_all(repo, "one\n");
	if (url)
		set_origin(repo, url);
	git_repository_free(repo);
	const char *roots[] = {below};
	return below[0] ? scan_paths(roots, 1) : scan_top();
}

/* `result` as a JSON report in `top`, read back. */
static ps_result *read_back(const ps_result *result, const char *name)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/%s", top, name);
	ps_report_options options = PS_REPORT_OPTIONS_INIT;
	options.format = PS_FORMAT_JSON;
	ps_error err = {0};
	cr_assert_eq(ps_report_write_file(result, &options, path, &err), PS_OK, "%s", err.message);
	ps_result *read;
	cr_assert_eq(ps_report_read(path, NULL, &read, &err), PS_OK, "%s", err.message);
	return read;
}

static void expect_same_vcs(const ps_vcs *a, const ps_vcs *b)
{
	cr_expect_str_eq(a->root, b->root);
	cr_expect_str_eq(a->commit, b->commit);
	cr_expect_str_eq(a->branch ? a->branch : "(none)", b->branch ? b->branch : "(none)");
	cr_expect_eq(a->detached, b->detached);
	cr_expect_eq(a->dirty, b->dirty);
	cr_expect_str_eq(a->origin_url ? a->origin_url : "(none)",
	                 b->origin_url ? b->origin_url : "(none)");
}

Test(vcs, a_json_report_holds_the_state_and_reads_back_with_it)
{
	ps_result *result = scanned_repository("", "https://user:secret@example.com/org/repo.git");
	char *json = written(result, PS_FORMAT_JSON);
	cr_expect_null(strstr(json, "secret"), "the password is in the report");
	cr_expect_null(strstr(json, "user@"), "the user name is in the report");
	cr_expect_not_null(strstr(json, "\"origin_url\": \"https://example.com/org/repo.git\""));
	cr_expect_not_null(strstr(json, "\"schema_version\": \"1.6\""));
	free(json);

	ps_result *read = read_back(result, "report.json");
	cr_assert_eq(read->provenance.repository_count, 1);
	expect_same_vcs(&read->provenance.repositories[0], &result->provenance.repositories[0]);
	ps_result_free(read);
	ps_result_free(result);
}

Test(vcs, a_merge_keeps_each_sources_state_and_names_each_different_one_once)
{
	ps_result *one = scanned_repository("one", NULL);
	ps_result *two = scanned_repository("two", "git@example.com:org/two.git");
	ps_result *inputs[] = {read_back(one, "one.json"), read_back(two, "two.json"),
	                       read_back(one, "again.json")};
	ps_result *merged;
	ps_error err = {0};
	cr_assert_eq(ps_result_merge(inputs, 3, &merged, &err), PS_OK, "%s", err.message);
	cr_assert_eq(merged->source_count, 3);
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(merged->sources[i]->provenance.repository_count, 1);
	expect_same_vcs(&merged->sources[0]->provenance.repositories[0],
	                &one->provenance.repositories[0]);
	expect_same_vcs(&merged->sources[1]->provenance.repositories[0],
	                &two->provenance.repositories[0]);
	cr_assert_eq(merged->provenance.repository_count, 2, "one and two, one once");
	expect_same_vcs(&merged->provenance.repositories[0], &one->provenance.repositories[0]);
	expect_same_vcs(&merged->provenance.repositories[1], &two->provenance.repositories[0]);
	cr_expect_str_eq(merged->provenance.repositories[1].origin_url, "example.com:org/two.git");

	ps_result *again = read_back(merged, "merged.json");
	cr_expect_eq(again->provenance.repository_count, 2, "a merged report reads back with both");
	ps_result_free(again);
	ps_result_free(merged);
	ps_result_free(one);
	ps_result_free(two);
}

/* A report is input from elsewhere: a state of the wrong shape is refused,
 * credentials in one are dropped. */
Test(vcs, a_report_with_a_malformed_state_is_an_error)
{
	static const char *const states[] = {
		"[{\"root\": 1, \"commit\": null, \"branch\": null, \"detached\": false, "
		"\"dirty\": false, \"origin_url\": null}]",
		"[{\"root\": \"/r\", \"commit\": \"<b>\", \"branch\": null, \"detached\": false, "
		"\"dirty\": false, \"origin_url\": null}]",
		"[{\"root\": \"/r\", \"commit\": null, \"branch\": null, \"detached\": false, "
		"\"dirty\": \"no\", \"origin_url\": null}]",
		"{\"root\": \"/r\"}",
	};
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/bad.json", top);
	for (size_t i = 0; i < sizeof states / sizeof *states; i++) {
		FILE *f = fopen(path, "w");
		fprintf(f, "{\"tool\": {\"name\": \"profilescan\"}, \"schema_version\": \"1.3\", "
		        "\"findings\": [], \"diagnostics\": [], \"provenance\": "
		        "{\"version_control\": %s}}\n", states[i]);
		fclose(f);
		ps_result *read = NULL;
		ps_error err = {0};
		cr_expect_eq(ps_report_read(path, NULL, &read, &err), PS_EREPORT, "%s", states[i]);
		cr_expect_null(read);
	}
	FILE *f = fopen(path, "w");
	fputs("{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [], \"diagnostics\": [], "
	      "\"provenance\": {\"version_control\": [{\"root\": \"/r\", \"commit\": null, "
	      "\"branch\": \"main\", \"detached\": false, \"dirty\": true, "
	      "\"origin_url\": \"https://u:p@example.com/r\"}]}}\n", f);
	fclose(f);
	ps_result *read;
	ps_error err = {0};
	cr_assert_eq(ps_report_read(path, NULL, &read, &err), PS_OK, "%s", err.message);
	cr_assert_eq(read->provenance.repository_count, 1);
	cr_expect_str_eq(read->provenance.repositories[0].origin_url, "https://example.com/r");
	cr_expect_str_eq(read->provenance.repositories[0].commit, "");
	ps_result_free(read);
}

/* The SARIF report of `result`, written in `top`, parsed. */
static json_t *sarif_of(const ps_result *result)
{
	cr_assert_eq(chdir(top), 0);
	char *text = written(result, PS_FORMAT_SARIF);
	json_error_t error;
	json_t *sarif = json_loads(text, 0, &error);
	cr_assert_not_null(sarif, "%s", error.text);
	cr_expect_null(strstr(text, "secret"), "the password is in the SARIF report");
	free(text);
	return sarif;
}

static json_t *details_of(json_t *sarif, size_t run)
{
	json_t *list = json_object_get(json_array_get(json_object_get(sarif, "runs"), run),
	                               "versionControlProvenance");
	cr_assert_eq(json_array_size(list), 1, "one versionControlDetails in run %zu", run);
	return json_array_get(list, 0);
}

static const char *member(json_t *object, const char *key)
{
	const char *value = json_string_value(json_object_get(object, key));
	return value ? value : "(none)";
}

Test(vcs, sarif_names_the_repository_its_revision_branch_and_where_it_is)
{
	ps_result *result = scanned_repository("", "https://user:secret@example.com/org/repo.git");
	json_t *sarif = sarif_of(result);
	json_t *d = details_of(sarif, 0);
	cr_expect_str_eq(member(d, "repositoryUri"), "https://example.com/org/repo.git");
	cr_expect_str_eq(member(d, "revisionId"), result->provenance.repositories[0].commit);
	cr_expect_str_eq(member(d, "branch"), "main");
	json_t *mapped = json_object_get(d, "mappedTo");
	cr_expect_eq(json_object_size(mapped), 1, "no uri: the repository root is %%SRCROOT%%");
	cr_expect_str_eq(member(mapped, "uriBaseId"), "%SRCROOT%");
	cr_expect(json_is_false(json_object_get(json_object_get(d, "properties"), "dirty")));
	json_decref(sarif);
	ps_result_free(result);
}

Test(vcs, sarif_of_a_repository_below_the_working_directory_without_origin)
{
	ps_result *result = scanned_repository("below", NULL);
	json_t *sarif = sarif_of(result);
	json_t *d = details_of(sarif, 0);
	char uri[PATH_MAX + 32];
	snprintf(uri, sizeof uri, "file://%s/below/", top);
	cr_expect_str_eq(member(d, "repositoryUri"), uri, "the working tree, without an origin");
	json_t *mapped = json_object_get(d, "mappedTo");
	cr_expect_str_eq(member(mapped, "uri"), "below/");
	cr_expect_str_eq(member(mapped, "uriBaseId"), "%SRCROOT%");
	json_decref(sarif);
	ps_result_free(result);
}

Test(vcs, sarif_of_a_detached_head_has_no_branch_and_scp_origin_is_an_ssh_uri)
{
	git_repository *repo = init_repo("");
	write_file("a.c", "int nationality;\n");
	git_oid id = commit_all(repo, "one\n");
	cr_assert_eq(git_repository_set_head_detached(repo, &id), 0);
	set_origin(repo, "git@example.com:org/repo.git");
	git_repository_free(repo);
	ps_result *result = scan_top();
	json_t *sarif = sarif_of(result);
	json_t *d = details_of(sarif, 0);
	cr_expect_str_eq(member(d, "repositoryUri"), "ssh://example.com/org/repo.git");
	cr_expect_str_eq(member(d, "revisionId"), hex(&id));
	cr_expect_null(json_object_get(d, "branch"));
	json_decref(sarif);
	ps_result_free(result);
}

Test(vcs, each_run_of_a_merged_sarif_report_has_its_own_scans_state)
{
	ps_result *one = scanned_repository("one", NULL);
	ps_result *two = scanned_repository("two", NULL);
	ps_result *inputs[] = {read_back(one, "one.json"), read_back(two, "two.json")};
	ps_result *merged;
	ps_error err = {0};
	cr_assert_eq(ps_result_merge(inputs, 2, &merged, &err), PS_OK, "%s", err.message);
	json_t *sarif = sarif_of(merged);
	cr_expect_str_eq(member(details_of(sarif, 0), "revisionId"),
	                 one->provenance.repositories[0].commit);
	cr_expect_str_eq(member(json_object_get(details_of(sarif, 1), "mappedTo"), "uri"), "two/");
	json_decref(sarif);
	ps_result_free(merged);
	ps_result_free(one);
	ps_result_free(two);
}

Test(vcs, html_shows_the_repository_and_escapes_what_git_allows_in_names)
{
	git_repository_init_options options;
	git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	options.initial_head = "a<b>&c";    /* a valid branch name */
	git_repository *repo;
	cr_assert_eq(git_repository_init_ext(&repo, top, &options), 0);
	write_file("a.c", "int nationality;\n");
	git_oid id = commit_all(repo, "one\n");
	set_origin(repo, "https://u:secret@example.com/<script>.git");
	git_repository_free(repo);
	ps_result *result = scan_top();
	char *html = written(result, PS_FORMAT_HTML);
	char expected[PATH_MAX + 512];
	snprintf(expected, sizeof expected,
	         "<dt>repository</dt><dd><code>%s</code> at commit <code>%s</code> on branch "
	         "<code>a&lt;b&gt;&amp;c</code>, origin <code>https://example.com/&lt;script&gt;.git"
	         "</code>; the scanned files are the commit's</dd>\n", top, hex(&id));
	cr_expect_not_null(strstr(html, expected), "no such line in:\n%s", strstr(html, "<dt>"));
	cr_expect_null(strstr(html, "secret"));
	cr_expect_null(strstr(html, "<script>."));
	free(html);
	ps_result_free(result);
}
