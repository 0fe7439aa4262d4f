/*
 * A golden case's tree made a git repository with libgit2, the same way on
 * every run (repository.h).
 */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repository.h"

#define CHECK(call) \
	cr_assert_eq((call), 0, "%s: %s", #call, \
	             git_error_last() ? git_error_last()->message : "?")

static const char *next_line(const char *line)
{
	const char *end = strchr(line, '\n');
	return end ? end + 1 : NULL;
}

/* Stage every file but the uncommitted ones and commit them on HEAD. */
static void commit(git_repository *repo, const char *spec)
{
	git_index *index;
	git_oid tree_id, commit_id;
	CHECK(git_repository_index(&index, repo));
	CHECK(git_index_add_all(index, NULL, 0, NULL, NULL));
	char path[4096];
	for (const char *line = spec; line && *line; line = next_line(line))
		if (sscanf(line, "uncommitted %4095s", path) == 1)
			CHECK(git_index_remove_bypath(index, path));
	CHECK(git_index_write(index));
	CHECK(git_index_write_tree(&tree_id, index));
	git_index_free(index);
	git_tree *tree;
	CHECK(git_tree_lookup(&tree, repo, &tree_id));
	git_signature *who;
	CHECK(git_signature_new(&who, "profilescan golden", "golden@example.invalid", 1767225600, 0));
	CHECK(git_commit_create(&commit_id, repo, "HEAD", who, who, NULL, "golden\n", tree, 0, NULL));
	git_signature_free(who);
	git_tree_free(tree);
}

static void check_spec(const char *spec)
{
	char word[64];
	for (const char *line = spec; line && *line; line = next_line(line)) {
		cr_assert_eq(sscanf(line, "%63s", word), 1, "an empty line in a repository file");
		cr_assert(strcmp(word, "origin") == 0 || strcmp(word, "uncommitted") == 0 ||
		          strcmp(word, "damaged-config") == 0,
		          "unknown line in a repository file: %s", word);
	}
}

void golden_make_repository(const char *tree, const char *spec)
{
	check_spec(spec);
	git_libgit2_init();
	git_repository_init_options options;
	CHECK(git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION));
	options.initial_head = "main";
	git_repository *repo;
	CHECK(git_repository_init_ext(&repo, tree, &options));
	commit(repo, spec);
	char url[4096];
	int damaged = 0;
	for (const char *line = spec; line && *line; line = next_line(line)) {
		if (sscanf(line, "origin %4095s", url) == 1) {
			/* As `git remote add` writes it; not git_remote_create,
			 * which in libgit2 1.5 leaks a regular expression's
			 * match data per configuration entry it reads. */
			git_config *config;
			CHECK(git_repository_config(&config, repo));
			CHECK(git_config_set_string(config, "remote.origin.url", url));
			CHECK(git_config_set_string(config, "remote.origin.fetch",
			                            "+refs/heads/*:refs/remotes/origin/*"));
			git_config_free(config);
		}
		damaged |= strncmp(line, "damaged-config", 14) == 0;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	if (damaged) {
		char config[4096 + 16];
		snprintf(config, sizeof config, "%s/.git/config", tree);
		FILE *f = fopen(config, "a");
		cr_assert_not_null(f);
		fputs("[core\n", f);
		fclose(f);
	}
}
