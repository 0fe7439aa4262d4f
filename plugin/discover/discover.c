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

int ps_language_of(const char *path)
{
	static const struct {
		const char *extension;
		ps_language language;
	} table[] = {
		{".c", PS_LANG_C},       {".cc", PS_LANG_CXX},     {".cpp", PS_LANG_CXX},
		{".cxx", PS_LANG_CXX},   {".c++", PS_LANG_CXX},    {".C", PS_LANG_CXX},
		{".m", PS_LANG_OBJC},    {".mm", PS_LANG_OBJCXX},  {".h", PS_LANG_HEADER},
		{".hh", PS_LANG_CXX_HEADER},  {".hpp", PS_LANG_CXX_HEADER},
		{".hxx", PS_LANG_CXX_HEADER}, {".h++", PS_LANG_CXX_HEADER},
		{".H", PS_LANG_CXX_HEADER},   {".ipp", PS_LANG_CXX_HEADER},
		{".tpp", PS_LANG_CXX_HEADER}, {".inl", PS_LANG_CXX_HEADER},
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
	return language == PS_LANG_HEADER || language == PS_LANG_C_HEADER ||
	       language == PS_LANG_CXX_HEADER;
}

static int is_cxx(int language)
{
	return language == PS_LANG_CXX || language == PS_LANG_OBJCXX ||
	       language == PS_LANG_CXX_HEADER;
}

/* ---- the project -------------------------------------------------------- */

static const char *below(const char *path, const char *root)
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

int ps_project_contains(const ps_project *project, const char *path)
{
	for (size_t r = 0; r < project->roots.count; r++) {
		const char *relative = below(path, project->roots.items[r]);
		if (!relative || ps_path_excluded(relative, project->excludes, project->exclude_count))
			continue;
		int nearest = project->configs ? ps_config_set_nearest(project->configs, path) : -1;
		return nearest < 0 || !ps_config_excludes(project->configs->entries[nearest].config, path);
	}
	return 0;
}

/* ---- files -------------------------------------------------------------- */

int ps_file_scannable(const char *path, size_t max_size, ps_diags *diags)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		ps_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		return 0;
	}
	if ((size_t)st.st_size > (max_size ? max_size : DEFAULT_MAX_FILE_SIZE)) {
		ps_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0,
		             "not scanned: %lld bytes is over the size limit of %zu bytes",
		             (long long)st.st_size, max_size ? max_size : DEFAULT_MAX_FILE_SIZE);
		return 0;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		ps_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		return 0;
	}
	char head[8192];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (memchr(head, '\0', n)) {
		ps_diags_add(diags, PS_SEVERITY_ERROR, path, 0, 0,
		             "not scanned: binary file (it holds NUL bytes)");
		return 0;
	}
	return 1;
}

void ps_unit_clear(ps_unit *unit)
{
	free(unit->file);
	free(unit->directory);
	ps_strings_clear(&unit->argv);
	memset(unit, 0, sizeof *unit);
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
static int unit_like(const ps_unit *neighbour, const char *file, ps_unit *unit)
{
	memset(unit, 0, sizeof *unit);
	unit->file = ps_strdup(file);
	unit->directory = ps_strdup(neighbour->directory);
	if (!unit->file || !unit->directory || ps_strings_add(&unit->argv, neighbour->argv.items[0]) < 0)
		return -1;
	if (is_header(ps_language_of(file))) {
		int cxx = is_cxx(ps_language_of(neighbour->file));
		if (ps_strings_add(&unit->argv, "-x") < 0 ||
		    ps_strings_add(&unit->argv, cxx ? "c++-header" : "c-header") < 0)
			return -1;
	}
	int replaced = 0;
	for (size_t i = 1; i < neighbour->argv.count; i++) {
		const char *arg = neighbour->argv.items[i];
		char *resolved = arg[0] == '/' ? ps_strdup(arg)
		                               : ps_sprintf("%s/%s", neighbour->directory, arg);
		char *real = resolved ? realpath(resolved, NULL) : NULL;
		int is_source = real && strcmp(real, neighbour->file) == 0;
		free(resolved);
		free(real);
		replaced |= is_source;
		if (ps_strings_add(&unit->argv, is_source ? file : arg) < 0)
			return -1;
	}
	/* A command whose source file does not resolve here cannot be reused:
	 * it would parse two files.  The caller falls back to defaults. */
	return replaced ? 0 : 1;
}

int ps_unit_with_defaults(const ps_plan *plan, const char *file,
                          const ps_scan_options *options, ps_unit *unit)
{
	const ps_unit *neighbour = NULL;
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
		ps_unit_clear(unit);
	}

	static const char *const language_flags[][2] = {
		[PS_LANG_C] = {"c", "-std=gnu17"},
		[PS_LANG_CXX] = {"c++", "-std=gnu++17"},
		[PS_LANG_OBJC] = {"objective-c", NULL},
		[PS_LANG_OBJCXX] = {"objective-c++", "-std=gnu++17"},
		[PS_LANG_C_HEADER] = {"c-header", "-std=gnu17"},
		[PS_LANG_CXX_HEADER] = {"c++-header", "-std=gnu++17"},
	};
	int language = ps_language_of(file);
	if (language == PS_LANG_HEADER)
		language = plan->has_cxx ? PS_LANG_CXX_HEADER : PS_LANG_C_HEADER;
	memset(unit, 0, sizeof *unit);
	unit->file = ps_strdup(file);
	const char *slash = strrchr(file, '/');
	unit->directory = ps_strndup(file, slash && slash != file ? (size_t)(slash - file) : 1);
	if (!unit->file || !unit->directory)
		return -1;
	int failed = ps_strings_add(&unit->argv, language >= PS_LANG_CXX &&
	                            language != PS_LANG_C_HEADER ? "clang++" : "clang") < 0 ||
	             ps_strings_add(&unit->argv, "-x") < 0 ||
	             ps_strings_add(&unit->argv, language_flags[language][0]) < 0 ||
	             (language_flags[language][1] &&
	              ps_strings_add(&unit->argv, language_flags[language][1]) < 0) ||
	             ps_strings_take(&unit->argv, ps_sprintf("-I%s", unit->directory)) < 0;
	/* Without a compilation database, guess the include paths a project
	 * usually has: its roots and their include/ directories. */
	for (size_t r = 0; !failed && r < plan->project.roots.count; r++) {
		const char *root = plan->project.roots.items[r];
		failed = ps_strings_take(&unit->argv, ps_sprintf("-I%s", root)) < 0 ||
		         ps_strings_take(&unit->argv, ps_sprintf("-I%s/include", root)) < 0;
	}
	for (size_t i = 0; !failed && i < options->extra_arg_count; i++)
		failed = ps_strings_add(&unit->argv, options->extra_args[i]) < 0;
	if (failed || ps_strings_add(&unit->argv, file) < 0)
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
	char *cache = ps_sprintf("%s/CMakeCache.txt", path);
	int is_build_tree = cache && access(cache, F_OK) == 0;
	free(cache);
	return is_build_tree;
}

typedef struct walker {
	const ps_scan_options *options;
	ps_plan *plan;
	ps_diags *diags;
	ps_strings *found; /* files found, absolute */
	const char *root;
} walker;

static int consider_file(walker *w, const char *path)
{
	if (ps_language_of(path) < 0)
		return 0;
	const char *relative = below(path, w->root);
	if (relative && ps_path_excluded(relative, w->options->excludes, w->options->exclude_count))
		return 0;
	w->plan->files_discovered++;
	if (!ps_file_scannable(path, w->options->max_file_size, w->diags))
		return 0;
	return ps_strings_add(w->found, path);
}

static int walk(walker *w, const char *directory)
{
	DIR *dir = opendir(directory);
	if (!dir)
		return ps_diags_add(w->diags, PS_SEVERITY_ERROR, directory, 0, 0,
		                    "cannot read directory: %s", strerror(errno));
	ps_strings names = {0};
	int rc = 0;
	for (struct dirent *entry; rc == 0 && (entry = readdir(dir)) != NULL;)
		if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, ".."))
			rc = ps_strings_add(&names, entry->d_name);
	closedir(dir);
	for (size_t i = 0; rc == 0 && i < names.count; i++) {
		char *path = ps_sprintf("%s/%s", strcmp(directory, "/") ? directory : "",
		                       names.items[i]);
		struct stat st;
		if (!path)
			rc = -1;
		/* Symbolic links to directories are not followed: they can loop
		 * and usually point outside the project. */
		else if (lstat(path, &st) != 0)
			rc = ps_diags_add(w->diags, PS_SEVERITY_ERROR, path, 0, 0,
			                  "cannot read: %s", strerror(errno));
		else if (S_ISDIR(st.st_mode)) {
			const char *relative = below(path, w->root);
			if (!skipped_directory(path, names.items[i]) &&
			    !(relative && ps_path_excluded(relative, w->options->excludes,
			                                   w->options->exclude_count)))
				rc = walk(w, path);
		} else if (S_ISREG(st.st_mode) ||
		           (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode)))
			rc = consider_file(w, path);
		free(path);
	}
	ps_strings_clear(&names);
	return rc;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The project when only a compilation database is given: the working
 * directory when it holds every unit (profilescan run from the project's
 * root, so headers in include/ beside src/ belong to it), else the deepest
 * directory that holds them all. */
static char *database_root(const ps_unit *units, size_t count)
{
	char *cwd = realpath(".", NULL);
	int all_below_cwd = cwd != NULL;
	for (size_t i = 0; all_below_cwd && i < count; i++)
		all_below_cwd = below(units[i].file, cwd) != NULL;
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
	return ps_strndup(units[0].file, length > 1 ? length - 1 : 1);
}

static int add_unit(ps_plan *plan, ps_unit *unit)
{
	if (PS_PUSH(plan->units, plan->unit_count, plan->unit_capacity) < 0)
		return -1;
	plan->units[plan->unit_count++] = *unit;
	memset(unit, 0, sizeof *unit);
	return 0;
}

int ps_plan_build(const ps_scan_options *options, ps_plan *plan, ps_diags *diags,
                  ps_error *err)
{
	memset(plan, 0, sizeof *plan);
	plan->project.excludes = options->excludes;
	plan->project.exclude_count = options->exclude_count;
	static const char *const current[] = {"."};
	const char *const *paths = options->path_count ? options->paths : current;
	size_t path_count = options->path_count ? options->path_count : 1;
	const char *database = options->compile_database;
	if (database && strcmp(database, "auto") == 0) {
		/* Where build systems usually leave it, as a pre-commit hook needs. */
		database = access("build/compile_commands.json", R_OK) == 0
		               ? "build/compile_commands.json"
		           : access("compile_commands.json", R_OK) == 0 ? "compile_commands.json"
		                                                         : NULL;
	}
	int explicit_paths = options->path_count > 0 || !database;
	ps_strings found = {0};
	int rc = PS_OK;

	if (explicit_paths) {
		for (size_t i = 0; rc == PS_OK && i < path_count; i++) {
			char *real = realpath(paths[i], NULL);
			struct stat st;
			if (!real || stat(real, &st) != 0) {
				ps_diags_add(diags, PS_SEVERITY_ERROR, paths[i], 0, 0,
				             "cannot scan: %s", strerror(errno));
				free(real);
				continue;
			}
			walker w = {options, plan, diags, &found, real};
			if (S_ISDIR(st.st_mode))
				rc = walk(&w, real) == 0 ? PS_OK : PS_ENOMEM;
			else if (ps_language_of(real) < 0)
				ps_diags_add(diags, PS_SEVERITY_ERROR, paths[i], 0, 0,
				             "cannot scan: not a C, C++ or Objective-C file "
				             "(by its extension)");
			else
				rc = consider_file(&w, real) == 0 ? PS_OK : PS_ENOMEM;
			if (ps_strings_take(&plan->project.roots, real) < 0)
				rc = PS_ENOMEM;
		}
		if (rc != PS_OK) {
			ps_strings_clear(&found);
			return ps_fail(err, rc, "out of memory while listing files");
		}
		ps_sort(found.items, found.count, sizeof *found.items, compare_strings);
	}

	/* Units from the compilation database, limited to the paths given. */
	int *covered = NULL;
	if (database) {
		ps_unit *units = NULL;
		size_t count = 0;
		rc = ps_compdb_load(database, options, &units, &count, err);
		if (rc != PS_OK) {
			ps_strings_clear(&found);
			return rc;
		}
		if (!explicit_paths) {
			char *root = database_root(units, count);
			if (root && ps_strings_take(&plan->project.roots, root) < 0)
				rc = ps_fail(err, PS_ENOMEM, "out of memory");
		}
		covered = calloc(found.count + 1, sizeof *covered);
		plan->database = calloc(count + 1, sizeof *plan->database);
		if (!plan->database)
			rc = ps_fail(err, PS_ENOMEM, "out of memory");
		for (size_t i = 0; rc == PS_OK && i < count; i++) {
			ps_unit *copy = &plan->database[plan->database_count++];
			copy->file = ps_strdup(units[i].file);
			copy->directory = ps_strdup(units[i].directory);
			for (size_t a = 0; copy->file && a < units[i].argv.count; a++)
				if (ps_strings_add(&copy->argv, units[i].argv.items[a]) < 0)
					rc = ps_fail(err, PS_ENOMEM, "out of memory");
			if (!copy->file || !copy->directory)
				rc = ps_fail(err, PS_ENOMEM, "out of memory");
		}
		for (size_t i = 0; i < count; i++) {
			int wanted = rc == PS_OK && ps_project_contains(&plan->project, units[i].file);
			if (wanted && ps_file_scannable(units[i].file, options->max_file_size, diags)) {
				if (!explicit_paths)
					plan->files_discovered++;
				plan->has_cxx |= is_cxx(ps_language_of(units[i].file));
				char **hit = ps_search(&units[i].file, found.items, found.count,
				                     sizeof *found.items, compare_strings);
				if (hit && covered)
					covered[hit - found.items] = 1;
				if (add_unit(plan, &units[i]) < 0)
					rc = ps_fail(err, PS_ENOMEM, "out of memory");
			}
			ps_unit_clear(&units[i]);
		}
		free(units);
		if (!covered && rc == PS_OK)
			rc = ps_fail(err, PS_ENOMEM, "out of memory");
	}

	/* Files found on disk and not in the database: sources get default
	 * flags, headers wait to see whether a unit includes them. */
	for (size_t i = 0; i < found.count; i++)
		plan->has_cxx |= is_cxx(ps_language_of(found.items[i]));
	for (size_t i = 0; rc == PS_OK && i < found.count; i++) {
		if (covered && covered[i])
			continue;
		const char *file = found.items[i];
		if (is_header(ps_language_of(file))) {
			if (ps_strings_add(&plan->headers, file) < 0)
				rc = ps_fail(err, PS_ENOMEM, "out of memory");
			continue;
		}
		if (database)
			ps_diags_add(diags, PS_SEVERITY_NOTE, file, 0, 0,
			             "not in the compilation database; parsed with the flags of "
			             "its nearest neighbour there");
		ps_unit unit;
		if (ps_unit_with_defaults(plan, file, options, &unit) < 0 ||
		    add_unit(plan, &unit) < 0) {
			ps_unit_clear(&unit);
			rc = ps_fail(err, PS_ENOMEM, "out of memory");
		}
	}
	free(covered);
	ps_strings_clear(&found);
	return rc;
}

void ps_plan_clear(ps_plan *plan)
{
	for (size_t i = 0; i < plan->unit_count; i++)
		ps_unit_clear(&plan->units[i]);
	free(plan->units);
	ps_strings_clear(&plan->headers);
	ps_strings_clear(&plan->project.roots);
	for (size_t i = 0; i < plan->database_count; i++)
		ps_unit_clear(&plan->database[i]);
	free(plan->database);
	memset(plan, 0, sizeof *plan);
}
