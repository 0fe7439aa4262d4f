/*
 * The project around a scan of some of its files.  A pre-commit hook passes
 * the files that changed; the fields and variables they use are often
 * declared in headers it did not pass, and a flagged field of an unchanged
 * header feeding a changed file's score is the very finding a hook must not
 * miss.  So the project root is found as git finds a repository, and what
 * lies under it is the scan's context: its files' declarations are read
 * wherever the units include them, and its other units are candidates that
 * scan/context.c parses when they can carry a flagged value into the files
 * given.  Only the files given are reported (psi_project_reports).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/discover.h"

/* What makes a directory a project's root: a repository, a configuration,
 * a compilation database (docs/partial-scans.md). */
static const char *const markers[] = {".git", ".profilescan.yaml", "compile_commands.json"};

static int holds_marker(const char *directory)
{
	int found = 0;
	for (size_t i = 0; !found && i < sizeof markers / sizeof *markers; i++) {
		char *path = psi_sprintf("%s/%s", strcmp(directory, "/") ? directory : "", markers[i]);
		found = path && access(path, F_OK) == 0;
		free(path);
	}
	return found;
}

/* GIT_CEILING_DIRECTORIES as git reads it: the search for a root does not
 * go up into a directory it lists, so that a tree nested in another
 * project's (a fixture, a copy in a build tree) can be a project of its own. */
static int is_ceiling(const char *directory)
{
	const char *list = getenv("GIT_CEILING_DIRECTORIES");
	char *copy = list ? psi_strdup(list) : NULL;
	int hit = 0;
	char *save = NULL;
	for (char *entry = copy ? strtok_r(copy, ":", &save) : NULL; entry && !hit;
	     entry = strtok_r(NULL, ":", &save)) {
		char *real = realpath(entry, NULL);
		hit = strcmp(real ? real : entry, directory) == 0;
		free(real);
	}
	free(copy);
	return hit;
}

/* The directory `path` is in, or `path` itself when it is one. */
static char *directory_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return psi_strdup(path);
	const char *slash = strrchr(path, '/');
	return psi_strndup(path, slash && slash != path ? (size_t)(slash - path) : 1);
}

/* The deepest directory that holds every root. */
static char *common_directory(const psi_strings *roots)
{
	char *common = directory_of(roots->items[0]);
	for (size_t r = 1; common && r < roots->count; r++) {
		while (!psi_path_below(roots->items[r], common)) {
			char *slash = strrchr(common, '/');
			if (!slash || slash == common) {
				common[1] = '\0';
				break;
			}
			*slash = '\0';
		}
	}
	return common;
}

/* The nearest directory at or above `start` (which it takes) holding a
 * marker, never going up into a ceiling; NULL when there is none. */
static char *marked_directory(char *start)
{
	char *directory = start;
	while (directory && !holds_marker(directory)) {
		char *slash = strrchr(directory, '/');
		if (!slash || directory[1] == '\0') {
			free(directory);
			return NULL;
		}
		char *parent = psi_strndup(directory, slash == directory ? 1 : (size_t)(slash - directory));
		free(directory);
		directory = parent;
		if (directory && is_ceiling(directory)) {
			free(directory);
			return NULL;
		}
	}
	return directory;
}

static int holds_every_root(const char *root, const psi_strings *roots)
{
	for (size_t r = 0; r < roots->count; r++)
		if (!psi_path_below(roots->items[r], root))
			return 0;
	return 1;
}

/* A project root that a root holds already adds nothing to the scan. */
static int adds_to_roots(const char *root, const psi_strings *roots)
{
	for (size_t r = 0; r < roots->count; r++)
		if (psi_path_below(root, roots->items[r]))
			return 0;
	return 1;
}

int psi_plan_context_root(const ps_scan_options *options, psi_plan *plan, ps_error *err)
{
	const char *given = options->project_root;
	const psi_strings *roots = &plan->project.roots;
	if ((given && !*given) || roots->count == 0)
		return PS_OK;
	char *root = NULL;
	if (given) {
		struct stat st;
		root = realpath(given, NULL);
		if (!root || stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
			free(root);
			return psi_fail(err, PS_EUSAGE, "--project-root %s: %s", given,
			                errno ? strerror(errno) : "not a directory");
		}
		if (!holds_every_root(root, roots)) {
			free(root);
			return psi_fail(err, PS_EUSAGE, "--project-root %s does not hold every path "
			                "to scan", given);
		}
	} else {
		root = marked_directory(common_directory(roots));
		if (!root && plan->database_count)
			root = psi_database_root(plan->database, plan->database_count);
		/* Paths of two projects have no one project around them. */
		if (root && !holds_every_root(root, roots)) {
			free(root);
			root = NULL;
		}
	}
	if (root && !adds_to_roots(root, roots)) {
		free(root);
		root = NULL;
	}
	plan->project.context_root = root;
	return PS_OK;
}

static int add_context_unit(psi_plan *plan, psi_unit *unit)
{
	if (PSI_PUSH(plan->context, plan->context_count, plan->context_capacity) < 0)
		return -1;
	plan->context[plan->context_count++] = *unit;
	memset(unit, 0, sizeof *unit);
	return 0;
}

/* The database's entries under the project that the plan does not parse. */
static int context_from_database(const ps_scan_options *options, psi_plan *plan,
                                 const psi_strings *own)
{
	psi_diags quiet = {0};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < plan->database_count; i++) {
		const psi_unit *entry = &plan->database[i];
		if (!psi_project_contains(&plan->project, entry->file) ||
		    psi_search(&entry->file, own->items, own->count, sizeof *own->items,
		               psi_compare_strings))
			continue;
		int scannable = psi_file_scannable(entry->file, options->max_file_size, &quiet);
		psi_unit unit;
		if (scannable > 0 && (rc = psi_unit_copy(entry, &unit)) == 0)
			rc = add_context_unit(plan, &unit);
		if (scannable < 0)
			rc = -1;
	}
	psi_diags_clear(&quiet);
	return rc;
}

/* The sources under the project (or under the roots, whose excluded files
 * are context too) that the plan does not parse. */
static int context_from_disk(const ps_scan_options *options, psi_plan *plan,
                             const psi_strings *own)
{
	psi_strings found = {0};
	const psi_strings *roots = &plan->project.roots;
	int rc = 0;
	if (plan->project.context_root)
		rc = psi_find_sources(options, plan->project.context_root, &found);
	/* Without a project root, the only sources the walk of the roots left
	 * out are those an --exclude matched. */
	int excluded_only = !plan->project.context_root && options->exclude_count > 0;
	for (size_t r = 0; rc == 0 && excluded_only && r < roots->count; r++) {
		struct stat st;
		if (stat(roots->items[r], &st) == 0 && S_ISDIR(st.st_mode))
			rc = psi_find_sources(options, roots->items[r], &found);
	}
	psi_strings_sort_unique(&found);
	for (size_t i = 0; rc == 0 && i < found.count; i++) {
		if (psi_search(&found.items[i], own->items, own->count, sizeof *own->items,
		               psi_compare_strings))
			continue;
		psi_unit unit;
		rc = psi_unit_with_defaults(plan, found.items[i], options, &unit);
		if (rc == 0)
			rc = add_context_unit(plan, &unit);
		else
			psi_unit_clear(&unit);
	}
	psi_strings_clear(&found);
	return rc;
}

int psi_plan_context_units(const ps_scan_options *options, psi_plan *plan, ps_error *err)
{
	if (options->project_root && !*options->project_root)
		return PS_OK;
	psi_strings own = {0};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < plan->unit_count; i++)
		rc = psi_strings_add(&own, plan->units[i].file);
	psi_strings_sort_unique(&own);
	if (rc == 0)
		rc = plan->database_count ? context_from_database(options, plan, &own)
		                          : context_from_disk(options, plan, &own);
	psi_strings_clear(&own);
	return rc == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
}
