/*
 * Discovery: turning the paths and compilation database the user gave into a
 * plan of translation units, plus the headers to cover if no unit includes
 * them.  Nothing here parses C; file names and the file system only.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/discover.h"

#define DEFAULT_MAX_FILE_SIZE (16u * 1024 * 1024)

/* ---- languages ---------------------------------------------------------- */

int psi_language_of(const char *path)
{
	static const struct {
		const char *extension;
		psi_language language;
	} table[] = {
		{".c", PSI_LANG_C},       {".cc", PSI_LANG_CXX},     {".cpp", PSI_LANG_CXX},
		{".cxx", PSI_LANG_CXX},   {".c++", PSI_LANG_CXX},    {".C", PSI_LANG_CXX},
		{".m", PSI_LANG_OBJC},    {".mm", PSI_LANG_OBJCXX},  {".h", PSI_LANG_HEADER},
		{".hh", PSI_LANG_CXX_HEADER},  {".hpp", PSI_LANG_CXX_HEADER},
		{".hxx", PSI_LANG_CXX_HEADER}, {".h++", PSI_LANG_CXX_HEADER},
		{".H", PSI_LANG_CXX_HEADER},   {".ipp", PSI_LANG_CXX_HEADER},
		{".tpp", PSI_LANG_CXX_HEADER}, {".inl", PSI_LANG_CXX_HEADER},
	};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (!dot)
		return -1;
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (strcmp(dot, table[i].extension) == 0)
			return (int)table[i].language;
	return -1;
}

static int is_header(int language)
{
	return language == PSI_LANG_HEADER || language == PSI_LANG_C_HEADER ||
	       language == PSI_LANG_CXX_HEADER;
}

static int is_cxx(int language)
{
	return language == PSI_LANG_CXX || language == PSI_LANG_OBJCXX ||
	       language == PSI_LANG_CXX_HEADER;
}

/* ---- the project -------------------------------------------------------- */

const char *psi_path_below(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (strncmp(path, root, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return path + n;
	if (path[n] == '/')
		return path + n + 1;
	if (n == 1 && root[0] == '/')
		return path + 1;
	return NULL;
}

int psi_project_contains(const psi_project *project, const char *path)
{
	if (project->context_root && psi_path_below(path, project->context_root))
		return 1;
	for (size_t r = 0; r < project->roots.count; r++)
		if (psi_path_below(path, project->roots.items[r]))
			return 1;
	return 0;
}

int psi_project_reports(const psi_project *project, const char *path)
{
	const psi_strings *shard = project->shard_files;
	if (shard && !psi_search(&path, shard->items, shard->count, sizeof *shard->items,
	                         psi_compare_strings))
		return 0;
	for (size_t r = 0; r < project->roots.count; r++) {
		const char *relative = psi_path_below(path, project->roots.items[r]);
		if (!relative || psi_path_excluded(relative, project->excludes, project->exclude_count))
			continue;
		int nearest = project->configs ? psi_config_set_nearest(project->configs, path) : -1;
		return nearest < 0 || !ps_config_excludes(project->configs->entries[nearest].config, path);
	}
	return 0;
}

/* ---- files -------------------------------------------------------------- */

int psi_file_scannable(const char *path, size_t max_size, psi_diags *diags)
{
	/* psi_diags_add's 0 is "not scannable", its -1 "out of memory". */
	size_t limit = max_size ? max_size : DEFAULT_MAX_FILE_SIZE;
	struct stat st;
	if (stat(path, &st) != 0)
		return psi_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0, "cannot read: %s",
		                     strerror(errno));
	/* Opening a FIFO waits for a writer, a device may never end. */
	if (!S_ISREG(st.st_mode))
		return psi_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0,
		                     "not scanned: not a regular file (%s)",
		                     S_ISFIFO(st.st_mode) ? "a FIFO"
		                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
		                     : S_ISSOCK(st.st_mode) ? "a socket" : "a directory");
	if ((size_t)st.st_size > limit)
		return psi_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0,
		                     "not scanned: %lld bytes is over the size limit of %zu bytes",
		                     (long long)st.st_size, limit);
	FILE *f = fopen(path, "rb");
	if (!f)
		return psi_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0, "cannot read: %s",
		                     strerror(errno));
	char head[8192];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (memchr(head, '\0', n))
		return psi_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0,
		                     "not scanned: binary file (it holds NUL bytes)");
	return 1;
}

void psi_unit_clear(psi_unit *unit)
{
	free(unit->file);
	free(unit->directory);
	psi_strings_clear(&unit->argv);
	memset(unit, 0, sizeof *unit);
}

int psi_unit_copy(const psi_unit *unit, psi_unit *copy)
{
	memset(copy, 0, sizeof *copy);
	copy->file = psi_strdup(unit->file);
	copy->directory = psi_strdup(unit->directory);
	copy->from_database = unit->from_database;
	if (!copy->file || !copy->directory)
		return -1;
	for (size_t a = 0; a < unit->argv.count; a++)
		if (psi_strings_add(&copy->argv, unit->argv.items[a]) < 0)
			return -1;
	return 0;
}

static size_t shared_directory_length(const char *a, const char *b)
{
	size_t n = 0, last_slash = 0;
	while (a[n] && a[n] == b[n]) {
		if (a[n] == '/')
			last_slash = n;
		n++;
	}
	return last_slash;
}

/* The neighbour's command with its source file replaced by `file`; a header
 * is parsed in the neighbour's language.  Returns 0, 1 when the command's
 * source file cannot be found in it, or -1 when memory runs out. */
static int unit_like(const psi_unit *neighbour, const char *file, psi_unit *unit)
{
	memset(unit, 0, sizeof *unit);
	unit->file = psi_strdup(file);
	unit->directory = psi_strdup(neighbour->directory);
	if (!unit->file || !unit->directory || psi_strings_add(&unit->argv, neighbour->argv.items[0]) < 0)
		return -1;
	if (is_header(psi_language_of(file))) {
		int cxx = is_cxx(psi_language_of(neighbour->file));
		if (psi_strings_add(&unit->argv, "-x") < 0 ||
		    psi_strings_add(&unit->argv, cxx ? "c++-header" : "c-header") < 0)
			return -1;
	}
	/* A source of the other language (a .cpp beside C files) takes the
	 * neighbour's paths and macros but not its language: `-x c` or
	 * `-std=c11` would make C++ unparsable. */
	int other_language = !is_header(psi_language_of(file)) &&
	                     is_cxx(psi_language_of(file)) != is_cxx(psi_language_of(neighbour->file));
	if (other_language &&
	    psi_strings_add(&unit->argv, is_cxx(psi_language_of(file)) ? "-std=gnu++17"
	                                                               : "-std=gnu17") < 0)
		return -1;
	int replaced = 0;
	for (size_t i = 1; i < neighbour->argv.count; i++) {
		const char *arg = neighbour->argv.items[i];
		if (other_language && (strncmp(arg, "-std=", 5) == 0 || strncmp(arg, "-x", 2) == 0)) {
			i += strcmp(arg, "-x") == 0; /* and the language after a lone -x */
			continue;
		}
		char *resolved = arg[0] == '/' ? psi_strdup(arg)
		                               : psi_sprintf("%s/%s", neighbour->directory, arg);
		char *real = resolved ? realpath(resolved, NULL) : NULL;
		int is_source = real && strcmp(real, neighbour->file) == 0;
		free(resolved);
		free(real);
		replaced |= is_source;
		if (psi_strings_add(&unit->argv, is_source ? file : arg) < 0)
			return -1;
	}
	/* A command whose source file does not resolve here cannot be reused:
	 * it would parse two files.  The caller falls back to defaults. */
	return replaced ? 0 : 1;
}

int psi_unit_with_defaults(const psi_plan *plan, const char *file,
			   const ps_scan_options *options, psi_unit *unit)
{
	const psi_unit *neighbour = NULL;
	size_t best = 0;
	for (size_t i = 0; i < plan->database_count; i++) {
		size_t shared = shared_directory_length(file, plan->database[i].file);
		if (!neighbour || shared > best) {
			neighbour = &plan->database[i];
			best = shared;
		}
	}
	if (neighbour) {
		int rc = unit_like(neighbour, file, unit);
		if (rc <= 0)
			return rc;
		psi_unit_clear(unit);
	}

	static const char *const language_flags[][2] = {
		[PSI_LANG_C] = {"c", "-std=gnu17"},
		[PSI_LANG_CXX] = {"c++", "-std=gnu++17"},
		[PSI_LANG_OBJC] = {"objective-c", NULL},
		[PSI_LANG_OBJCXX] = {"objective-c++", "-std=gnu++17"},
		[PSI_LANG_C_HEADER] = {"c-header", "-std=gnu17"},
		[PSI_LANG_CXX_HEADER] = {"c++-header", "-std=gnu++17"},
	};
	int language = psi_language_of(file);
	if (language == PSI_LANG_HEADER)
		language = plan->has_cxx || psi_header_looks_cxx(file) ? PSI_LANG_CXX_HEADER
		                                                       : PSI_LANG_C_HEADER;
	memset(unit, 0, sizeof *unit);
	unit->file = psi_strdup(file);
	const char *slash = strrchr(file, '/');
	unit->directory = psi_strndup(file, slash && slash != file ? (size_t)(slash - file) : 1);
	if (!unit->file || !unit->directory)
		return -1;
	int failed = psi_strings_add(&unit->argv, language >= PSI_LANG_CXX &&
				     language != PSI_LANG_C_HEADER ? "clang++" : "clang") < 0 ||
	             psi_strings_add(&unit->argv, "-x") < 0 ||
	             psi_strings_add(&unit->argv, language_flags[language][0]) < 0 ||
	             (language_flags[language][1] &&
	              psi_strings_add(&unit->argv, language_flags[language][1]) < 0) ||
	             psi_strings_take(&unit->argv, psi_sprintf("-I%s", unit->directory)) < 0;
	/* Without a compilation database, guess the include paths a project
	 * usually has: its roots, its root, and their include/ directories. */
	for (size_t r = 0; !failed && r <= plan->project.roots.count; r++) {
		const char *root = r < plan->project.roots.count ? plan->project.roots.items[r]
		                                                 : plan->project.context_root;
		failed = root && (psi_strings_take(&unit->argv, psi_sprintf("-I%s", root)) < 0 ||
		                  psi_strings_take(&unit->argv, psi_sprintf("-I%s/include", root)) < 0);
	}
	for (size_t i = 0; !failed && i < options->extra_arg_count; i++)
		failed = psi_strings_add(&unit->argv, options->extra_args[i]) < 0;
	if (failed || psi_strings_add(&unit->argv, file) < 0)
		return -1;
	return 0;
}

/* ---- walking ------------------------------------------------------------ */

/* Directories that hold build output or tool state, not the project's code. */
static int skipped_directory(const char *path, const char *name)
{
	if (name[0] == '.' || strcmp(name, "build") == 0 || strcmp(name, "_build") == 0 ||
	    strncmp(name, "build-", 6) == 0 || strncmp(name, "cmake-build-", 12) == 0 ||
	    strcmp(name, "CMakeFiles") == 0 || strcmp(name, "node_modules") == 0)
		return 1;
	char *cache = psi_sprintf("%s/CMakeCache.txt", path);
	int is_build_tree = cache && access(cache, F_OK) == 0;
	free(cache);
	return is_build_tree;
}

typedef struct walker {
	const ps_scan_options *options;
	size_t *discovered;
	psi_diags *diags;
	psi_strings *found; /* files found, absolute */
	const char *root;
	const char *const *excludes;
	size_t exclude_count;
	int sources_only;
} walker;

static int consider_file(walker *w, const char *path)
{
	int language = psi_language_of(path);
	if (language < 0 || (w->sources_only && is_header(language)))
		return 0;
	const char *relative = psi_path_below(path, w->root);
	if (relative && psi_path_excluded(relative, w->excludes, w->exclude_count))
		return 0;
	(*w->discovered)++;
	int scannable = psi_file_scannable(path, w->options->max_file_size, w->diags);
	return scannable > 0 ? psi_strings_add(w->found, path) : scannable;
}

static int walk(walker *w, const char *directory)
{
	DIR *dir = opendir(directory);
	if (!dir)
		return psi_diags_add(w->diags, PS_SEVERITY_ERROR, directory, 0, 0,
				     "cannot read directory: %s", strerror(errno));
	psi_strings names = {0};
	int rc = 0;
	for (struct dirent *entry; rc == 0 && (entry = readdir(dir)) != NULL;)
		if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, ".."))
			rc = psi_strings_add(&names, entry->d_name);
	closedir(dir);
	for (size_t i = 0; rc == 0 && i < names.count; i++) {
		char *path = psi_sprintf("%s/%s", strcmp(directory, "/") ? directory : "",
		                       names.items[i]);
		struct stat st;
		if (!path)
			rc = -1;
		/* Symbolic links to directories are not followed: they can loop
		 * and usually point outside the project. */
		else if (lstat(path, &st) != 0)
			rc = psi_diags_add(w->diags, PS_SEVERITY_ERROR, path, 0, 0,
					   "cannot read: %s", strerror(errno));
		else if (S_ISDIR(st.st_mode)) {
			const char *relative = psi_path_below(path, w->root);
			if (!skipped_directory(path, names.items[i]) &&
			    !(relative && psi_path_excluded(relative, w->excludes, w->exclude_count)))
				rc = walk(w, path);
		} else if (!S_ISLNK(st.st_mode) ||
		           (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))) {
			/* A FIFO or device named like a source is reported, not
			 * opened (psi_file_scannable); a dangling link is skipped. */
			rc = consider_file(w, path);
		}
		free(path);
	}
	psi_strings_clear(&names);
	return rc;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int psi_find_sources(const ps_scan_options *options, const char *root, psi_strings *found)
{
	size_t discovered = 0;
	psi_diags quiet = {0};
	walker w = {options, &discovered, &quiet, found, root, NULL, 0, 1};
	int rc = walk(&w, root);
	psi_diags_clear(&quiet);
	psi_sort(found->items, found->count, sizeof *found->items, compare_strings);
	return rc;
}

/* The project when only a compilation database is given: the working
 * directory when it holds every unit (profilescan run from the project's
 * root, so headers in include/ beside src/ belong to it), else the deepest
 * directory that holds them all. */
char *psi_database_root(const psi_unit *units, size_t count)
{
	char *cwd = realpath(".", NULL);
	int all_below_cwd = cwd != NULL;
	for (size_t i = 0; all_below_cwd && i < count; i++)
		all_below_cwd = psi_path_below(units[i].file, cwd) != NULL;
	if (all_below_cwd || count == 0)
		return cwd;
	free(cwd);
	size_t length = strlen(units[0].file);
	for (size_t i = 1; i < count; i++) {
		size_t k = 0;
		while (k < length && units[i].file[k] == units[0].file[k])
			k++;
		length = k;
	}
	while (length > 0 && units[0].file[length - 1] != '/')
		length--;
	return psi_strndup(units[0].file, length > 1 ? length - 1 : 1);
}

static int add_unit(psi_plan *plan, psi_unit *unit)
{
	if (PSI_PUSH(plan->units, plan->unit_count, plan->unit_capacity) < 0)
		return -1;
	plan->units[plan->unit_count++] = *unit;
	memset(unit, 0, sizeof *unit);
	return 0;
}

/* Where build systems usually leave it, as a pre-commit hook needs. */
static const char *database_path(const ps_scan_options *options)
{
	const char *database = options->compile_database;
	if (database && strcmp(database, "auto") == 0)
		database = access("build/compile_commands.json", R_OK) == 0
		               ? "build/compile_commands.json"
		           : access("compile_commands.json", R_OK) == 0 ? "compile_commands.json"
		                                                     : NULL;
	return database;
}

/* Walk the paths given (or the current directory) into `found`, sorted; each
 * becomes a root of the project. */
static int find_files(const ps_scan_options *options, psi_plan *plan, psi_diags *diags,
                      psi_strings *found, ps_error *err)
{
	static const char *const current[] = {"."};
	const char *const *paths = options->path_count ? options->paths : current;
	size_t path_count = options->path_count ? options->path_count : 1;
	int rc = PS_OK;
	for (size_t i = 0; rc == PS_OK && i < path_count; i++) {
		char *real = realpath(paths[i], NULL);
		struct stat st;
		if (!real || stat(real, &st) != 0) {
			free(real);
			if (psi_diags_add(diags, PS_SEVERITY_ERROR, paths[i], 0, 0,
			                  "cannot scan: %s", strerror(errno)) < 0)
				rc = PS_ENOMEM;
			continue;
		}
		walker w = {options, &plan->files_discovered, diags, found, real,
		            options->excludes, options->exclude_count, 0};
		if (S_ISDIR(st.st_mode))
			rc = walk(&w, real) == 0 ? PS_OK : PS_ENOMEM;
		else if (psi_language_of(real) < 0)
			rc = psi_diags_add(diags, PS_SEVERITY_ERROR, paths[i], 0, 0,
			                   "cannot scan: not a C, C++ or Objective-C file "
			                   "(by its extension)") == 0 ? PS_OK : PS_ENOMEM;
		else
			rc = consider_file(&w, real) == 0 ? PS_OK : PS_ENOMEM;
		if (psi_strings_take(&plan->project.roots, real) < 0)
			rc = PS_ENOMEM;
	}
	if (rc != PS_OK)
		return psi_fail(err, rc, "out of memory while listing files");
	psi_sort(found->items, found->count, sizeof *found->items, compare_strings);
	return PS_OK;
}

/* Every entry of the database, kept for psi_unit_with_defaults. */
static int keep_database(psi_plan *plan, const psi_unit *units, size_t count, ps_error *err)
{
	plan->database = calloc(count + 1, sizeof *plan->database);
	if (!plan->database)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; i < count; i++)
		if (psi_unit_copy(&units[i], &plan->database[plan->database_count++]) < 0)
			return psi_fail(err, PS_ENOMEM, "out of memory");
	return PS_OK;
}

/* Units from the compilation database, limited to the project; `covered`
 * marks the files found on disk that one of them is. */
static int plan_database(const char *database, const ps_scan_options *options, psi_plan *plan,
                         psi_diags *diags, const psi_strings *found, int explicit_paths,
                         int *covered, ps_error *err)
{
	psi_unit *units = NULL;
	size_t count = 0;
	int rc = psi_compdb_load(database, options, &units, &count, err);
	if (rc != PS_OK)
		return rc;
	if (!explicit_paths) {
		char *root = psi_database_root(units, count);
		if (root && psi_strings_take(&plan->project.roots, root) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	if (rc == PS_OK)
		rc = keep_database(plan, units, count, err);
	for (size_t i = 0; i < count; i++) {
		int wanted = rc == PS_OK && psi_project_reports(&plan->project, units[i].file);
		int scannable = wanted ? psi_file_scannable(units[i].file, options->max_file_size, diags)
		                       : 0;
		if (scannable < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		if (scannable > 0) {
			if (!explicit_paths)
				plan->files_discovered++;
			plan->has_cxx |= is_cxx(psi_language_of(units[i].file));
			char **hit = psi_search(&units[i].file, found->items, found->count,
			                        sizeof *found->items, compare_strings);
			if (hit)
				covered[hit - found->items] = 1;
			if (add_unit(plan, &units[i]) < 0)
				rc = psi_fail(err, PS_ENOMEM, "out of memory");
		}
		psi_unit_clear(&units[i]);
	}
	free(units);
	return rc;
}

/* Files found on disk and not in the database: sources get default flags,
 * headers wait to see whether a unit includes them. */
static int plan_found(const ps_scan_options *options, psi_plan *plan, psi_diags *diags,
                      const psi_strings *found, const int *covered, int with_database,
                      ps_error *err)
{
	for (size_t i = 0; i < found->count; i++)
		plan->has_cxx |= is_cxx(psi_language_of(found->items[i]));
	for (size_t i = 0; i < found->count; i++) {
		if (covered[i])
			continue;
		const char *file = found->items[i];
		if (is_header(psi_language_of(file))) {
			if (psi_strings_add(&plan->headers, file) < 0)
				return psi_fail(err, PS_ENOMEM, "out of memory");
			continue;
		}
		if (with_database &&
		    psi_diags_add(diags, PS_SEVERITY_NOTE, file, 0, 0,
		                  "not in the compilation database; parsed with the flags of "
		                  "its nearest neighbour there") < 0)
			return psi_fail(err, PS_ENOMEM, "out of memory");
		psi_unit unit;
		if (psi_unit_with_defaults(plan, file, options, &unit) < 0 ||
		    add_unit(plan, &unit) < 0) {
			psi_unit_clear(&unit);
			return psi_fail(err, PS_ENOMEM, "out of memory");
		}
	}
	return PS_OK;
}

int psi_plan_build(const ps_scan_options *options, psi_plan *plan, psi_diags *diags,
		   ps_error *err)
{
	memset(plan, 0, sizeof *plan);
	plan->project.excludes = options->excludes;
	plan->project.exclude_count = options->exclude_count;
	const char *database = database_path(options);
	int explicit_paths = options->path_count > 0 || !database;
	psi_strings found = {0};
	int rc = explicit_paths ? find_files(options, plan, diags, &found, err) : PS_OK;
	int *covered = rc == PS_OK ? calloc(found.count + 1, sizeof *covered) : NULL;
	if (rc == PS_OK && !covered)
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	if (rc == PS_OK && database)
		rc = plan_database(database, options, plan, diags, &found, explicit_paths, covered,
		                   err);
	if (rc == PS_OK)
		rc = psi_plan_context_root(options, plan, err);
	if (rc == PS_OK)
		rc = plan_found(options, plan, diags, &found, covered, database != NULL, err);
	if (rc == PS_OK)
		rc = psi_plan_context_units(options, plan, err);
	free(covered);
	psi_strings_clear(&found);
	/* The caller frees a plan only when it was built. */
	if (rc != PS_OK)
		psi_plan_clear(plan);
	return rc;
}

void psi_plan_clear(psi_plan *plan)
{
	for (size_t i = 0; i < plan->unit_count; i++)
		psi_unit_clear(&plan->units[i]);
	free(plan->units);
	psi_strings_clear(&plan->headers);
	psi_strings_clear(&plan->project.roots);
	for (size_t i = 0; i < plan->database_count; i++)
		psi_unit_clear(&plan->database[i]);
	free(plan->database);
	for (size_t i = 0; i < plan->context_count; i++)
		psi_unit_clear(&plan->context[i]);
	free(plan->context);
	free(plan->project.context_root);
	memset(plan, 0, sizeof *plan);
}
