/*
 * The version-control state of the scanned tree, part of a result's
 * provenance: for each git repository that holds a root of the scan, its
 * working tree's root, HEAD's commit and branch, whether the files under
 * the roots differ from that commit, and origin's URL.  An inventory that
 * names a commit can be checked against the code; one that says "dirty"
 * says that it cannot.
 *
 * Read with libgit2, never by running git, and read only: `git status`
 * writes the index back when it refreshes its cache of file times, and
 * libgit2 does the same only when asked (GIT_STATUS_OPT_UPDATE_INDEX, which
 * is never set here; git_status_list_new otherwise only reads the index).
 * A repository that cannot be read is a warning, never a failed scan.
 */
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/scan.h"

/* A repository found from one or more roots, and those roots relative to
 * its working tree ("" for the whole of it). */
typedef struct found_repo {
	git_repository *repo;
	char *root;
	psi_strings paths;
} found_repo;

typedef struct found_repos {
	found_repo *items;
	size_t count, capacity;
} found_repos;

static const char *git_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/* -1 when memory ran out, else 0: the warning is added. */
static int warn(psi_diags *diags, const char *path, const char *what)
{
	return psi_diags_add(diags, PS_SEVERITY_WARNING, path, 0, 0,
	                     "%s: %s; its version-control state is not recorded", what,
	                     git_message());
}

/* Where to look from: the root, or for a root that is a file its directory. */
static char *start_of(const char *root)
{
	struct stat st;
	if (stat(root, &st) == 0 && S_ISDIR(st.st_mode))
		return psi_strdup(root);
	char *start = psi_strdup(root);
	char *slash = start ? strrchr(start, '/') : NULL;
	if (slash)
		*(slash == start ? slash + 1 : slash) = '\0';
	return start;
}

/* `root` relative to the working tree `top`, or "" when it is the tree or
 * (through a link) not below it: then the whole tree is looked at. */
static const char *relative_to(const char *root, const char *top)
{
	size_t n = strlen(top);
	if (strncmp(root, top, n) == 0 && root[n] == '/')
		return root + n + 1;
	return "";
}

/* Add `root` to the repository `repo` is, which this takes. */
static int add_root(found_repos *found, git_repository *repo, const char *root)
{
	char *top = psi_strdup(git_repository_workdir(repo));
	size_t n = top ? strlen(top) : 0;
	if (n > 1 && top[n - 1] == '/')
		top[n - 1] = '\0';
	for (size_t i = 0; top && i < found->count; i++)
		if (strcmp(found->items[i].root, top) == 0) {
			free(top);
			git_repository_free(repo);
			return psi_strings_add(&found->items[i].paths, relative_to(root, found->items[i].root));
		}
	if (!top || PSI_PUSH(found->items, found->count, found->capacity) < 0) {
		free(top);
		git_repository_free(repo);
		return -1;
	}
	found_repo *f = &found->items[found->count++];
	*f = (found_repo){repo, top, {0}};
	return psi_strings_add(&f->paths, relative_to(root, top));
}

/* The repositories that hold the roots; a root outside any is left out. */
static int find_repos(const psi_project *project, psi_diags *diags, found_repos *found)
{
	const char *ceiling = getenv("GIT_CEILING_DIRECTORIES");
	for (size_t i = 0; i < project->roots.count; i++) {
		const char *root = project->roots.items[i];
		char *start = start_of(root);
		git_repository *repo = NULL;
		int rc = start ? git_repository_open_ext(&repo, start, 0, ceiling) : -1;
		free(start);
		if (!start)
			return -1;
		if (rc == GIT_ENOTFOUND)
			continue;
		if (rc < 0) {
			if (warn(diags, root, "cannot open the git repository that holds it") < 0)
				return -1;
			continue;
		}
		if (git_repository_is_bare(repo)) {
			git_repository_free(repo);   /* a root inside a .git directory */
			continue;
		}
		if (add_root(found, repo, root) < 0)
			return -1;
	}
	return 0;
}

/* Does `status_path` (a file, or an untracked directory ending in '/')
 * concern the tree under `path`? */
static int concerns(const char *status_path, const char *path)
{
	size_t n = strlen(path), s = strlen(status_path);
	if (n == 0)
		return 1;
	if (strncmp(status_path, path, n) == 0 && (status_path[n] == '\0' || status_path[n] == '/'))
		return 1;
	/* An untracked directory that holds the root. */
	return s > 0 && status_path[s - 1] == '/' && strncmp(path, status_path, s) == 0;
}

/* May the walk be kept to `path`?  When libgit2 can be given it as a
 * pathspec, matched literally, and it holds tracked files.  libgit2 parses a
 * pathspec even then (a wildcard turns off its match of the files below a
 * directory, a leading '!' or '#' and trailing blanks change it), and,
 * unlike git, it does not report an untracked directory that holds the
 * pathspec: a root in a new directory needs the walk of the whole tree,
 * which reports that directory. */
static int narrows(git_index *index, const char *path)
{
	if (!path[0] || path[0] == '!' || path[0] == '#')
		return 0;
	for (const char *p = path; *p; p++)
		if (strchr("*?[\\ \t\r\n\v\f", *p))
			return 0;
	if (git_index_get_bypath(index, path, 0))
		return 1;
	char *below = psi_sprintf("%s/", path);
	size_t at;
	int tracked = below && git_index_find_prefix(&at, index, below) == 0;
	free(below);
	return tracked;
}

static int status_concerns(const git_status_entry *e, const psi_strings *paths)
{
	if (e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED))
		return 0;
	const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
	const char *path = d ? (d->new_file.path ? d->new_file.path : d->old_file.path) : NULL;
	for (size_t i = 0; path && i < paths->count; i++)
		if (concerns(path, paths->items[i]))
			return 1;
	return 0;
}

/* Is any file under `paths` modified, staged, or untracked and not
 * ignored?  Cheap: ignored files are not listed and untracked directories
 * are not walked into (one that holds a file is one entry); the walk is
 * kept to the roots when it can be (narrows). */
static int tree_dirty(git_repository *repo, const psi_strings *paths, int *dirty)
{
	git_status_options options;
	/* The function, not GIT_STATUS_OPTIONS_INIT, which -Wextra finds short. */
	if (git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION) < 0)
		return -1;
	options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	git_index *index = NULL;
	if (git_repository_index(&index, repo) < 0)
		return -1;
	int narrow = 1;
	for (size_t i = 0; i < paths->count; i++)
		narrow &= narrows(index, paths->items[i]);
	git_index_free(index);
	if (narrow) {
		options.pathspec.strings = paths->items;
		options.pathspec.count = paths->count;
	}
	git_status_list *list = NULL;
	if (git_status_list_new(&list, repo, &options) < 0)
		return -1;
	*dirty = 0;
	for (size_t i = 0; !*dirty && i < git_status_list_entrycount(list); i++)
		*dirty = status_concerns(git_status_byindex(list, i), paths);
	git_status_list_free(list);
	return 0;
}

/* HEAD: the branch it is on, or detached, and its commit ("" when the
 * branch has none yet). */
static int read_head(git_repository *repo, ps_vcs *vcs, int *out_of_memory)
{
	git_reference *head = NULL;
	git_oid oid;
	if (git_reference_lookup(&head, repo, "HEAD") < 0)
		return -1;
	int rc = 0;
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *target = git_reference_symbolic_target(head);
		const char *branch = strncmp(target, "refs/heads/", 11) == 0 ? target + 11 : target;
		int resolved = git_reference_name_to_id(&oid, repo, "HEAD");
		if (resolved == 0)
			git_oid_tostr(vcs->commit, sizeof vcs->commit, &oid);
		if (resolved < 0 && resolved != GIT_ENOTFOUND)
			rc = -1;
		else if (!(vcs->branch = psi_strdup(branch)))
			*out_of_memory = 1;
	} else {
		vcs->detached = 1;
		git_oid_tostr(vcs->commit, sizeof vcs->commit, git_reference_target(head));
	}
	git_reference_free(head);
	return rc;
}

/* origin's URL as the configuration gives it, without its userinfo, or
 * none.  Read from the configuration, not with git_remote_lookup: libgit2
 * 1.5 leaks a regular expression's match data for each configuration
 * entry that lookup matches against "url.*.insteadof" and misses. */
static int read_origin(git_repository *repo, ps_vcs *vcs, int *out_of_memory)
{
	git_config *config = NULL;
	const char *url = NULL;
	if (git_repository_config_snapshot(&config, repo) < 0)
		return -1;
	int rc = git_config_get_string(&url, config, "remote.origin.url");
	if (rc == 0 && !(vcs->origin_url = psi_url_without_userinfo(url)))
		*out_of_memory = 1;
	git_config_free(config);
	return rc == 0 || rc == GIT_ENOTFOUND ? 0 : -1;
}

/* One repository's state; a warning, and nothing recorded, when libgit2
 * cannot read part of it: a state half read would claim what it does not
 * know.  -1 only when memory ran out. */
static int record(ps_provenance *p, size_t *capacity, found_repo *f, psi_diags *diags)
{
	ps_vcs vcs = {0};
	int out_of_memory = 0;
	const char *failed = NULL;
	if (!(vcs.root = psi_strdup(f->root)))
		return -1;
	if (read_head(f->repo, &vcs, &out_of_memory) < 0)
		failed = "cannot read the HEAD of the git repository here";
	else if (!out_of_memory && tree_dirty(f->repo, &f->paths, &vcs.dirty) < 0)
		failed = "cannot read the status of the git repository here";
	else if (!out_of_memory && read_origin(f->repo, &vcs, &out_of_memory) < 0)
		failed = "cannot read the remote 'origin' of the git repository here";
	if (failed || out_of_memory) {
		psi_vcs_clear(&vcs);
		return out_of_memory || warn(diags, f->root, failed) < 0 ? -1 : 0;
	}
	if (PSI_PUSH(p->repositories, p->repository_count, *capacity) < 0) {
		psi_vcs_clear(&vcs);
		return -1;
	}
	p->repositories[p->repository_count++] = vcs;
	return 0;
}

int psi_provenance_vcs(ps_provenance *p, const psi_project *project, psi_diags *diags,
                       ps_error *err)
{
	found_repos found = {0};
	size_t capacity = 0;
	git_libgit2_init();
	int rc = find_repos(project, diags, &found);
	for (size_t i = 0; i < found.count; i++) {
		if (rc == 0)
			rc = record(p, &capacity, &found.items[i], diags);
		git_repository_free(found.items[i].repo);
		free(found.items[i].root);
		psi_strings_clear(&found.items[i].paths);
	}
	free(found.items);
	git_libgit2_shutdown();
	psi_sort(p->repositories, p->repository_count, sizeof *p->repositories, psi_vcs_compare);
	return rc == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
}
