/*
 * Reading compile_commands.json.
 *
 * jansson checks the file first, because libclang's loader only says "cannot
 * load" while jansson names the line and column of a syntax error, and we can
 * name the entry that lacks a field.  The commands themselves are then taken
 * from libclang's own loader, so that a "command" string is split into
 * arguments exactly as clang's tools split it.
 */
#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "discover/discover.h"

static int validate(const char *file, ps_error *err)
{
	json_error_t jerr;
	json_t *root = json_load_file(file, 0, &jerr);
	if (!root)
		return psi_fail(err, PS_ECOMPDB, "%s:%d:%d: malformed compilation database: %s",
				file, jerr.line, jerr.column > 0 ? jerr.column : 1, jerr.text);
	int rc = PS_OK;
	if (!json_is_array(root))
		rc = psi_fail(err, PS_ECOMPDB, "%s: a compilation database must be a JSON array",
			      file);
	size_t i;
	json_t *entry;
	json_array_foreach(root, i, entry) {
		if (rc != PS_OK)
			break;
		const char *missing = NULL;
		json_t *arguments = json_object_get(entry, "arguments");
		if (!json_is_object(entry))
			missing = "is not an object";
		else if (!json_is_string(json_object_get(entry, "directory")))
			missing = "has no \"directory\" string";
		else if (!json_is_string(json_object_get(entry, "file")))
			missing = "has no \"file\" string";
		else if (!json_is_string(json_object_get(entry, "command")) &&
		         !(json_is_array(arguments) && json_array_size(arguments) > 0))
			missing = "has neither a \"command\" string nor an \"arguments\" list";
		if (missing)
			rc = psi_fail(err, PS_ECOMPDB, "%s: entry %zu %s", file, i + 1, missing);
	}
	json_decref(root);
	return rc;
}

static char *absolute_in(const char *directory, const char *path)
{
	char *joined = path[0] == '/' ? psi_strdup(path) : psi_sprintf("%s/%s", directory, path);
	if (!joined)
		return NULL;
	char *real = realpath(joined, NULL);
	if (real) {
		free(joined);
		return real;
	}
	return joined; /* reported as unreadable when the plan checks it */
}

/* The directory holding the database `path` names (it or its directory). */
static int database_directory(const char *path, char **directory, ps_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return psi_fail(err, PS_ECOMPDB, "%s: cannot read compilation database: %s",
				path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		*directory = realpath(path, NULL);
	} else {
		const char *slash = strrchr(path, '/');
		if (strcmp(slash ? slash + 1 : path, "compile_commands.json") != 0)
			return psi_fail(err, PS_ECOMPDB, "%s: a compilation database must be "
					"named compile_commands.json", path);
		char *parent = slash ? psi_strndup(path, slash == path ? 1 : (size_t)(slash - path))
		                     : psi_strdup(".");
		*directory = parent ? realpath(parent, NULL) : NULL;
		free(parent);
	}
	if (!*directory)
		return psi_fail(err, PS_ECOMPDB, "%s: cannot resolve: %s", path, strerror(errno));
	return PS_OK;
}

/* One command as a unit; returns 0, or -1 when memory runs out. */
static int unit_of(CXCompileCommand command, const ps_scan_options *options, psi_unit *unit)
{
	CXString dir = clang_CompileCommand_getDirectory(command);
	CXString name = clang_CompileCommand_getFilename(command);
	memset(unit, 0, sizeof *unit);
	unit->from_database = 1;
	unit->directory = psi_strdup(clang_getCString(dir));
	unit->file = unit->directory ? absolute_in(unit->directory, clang_getCString(name)) : NULL;
	clang_disposeString(dir);
	clang_disposeString(name);
	int failed = !unit->file;
	unsigned argc = clang_CompileCommand_getNumArgs(command);
	for (unsigned a = 0; !failed && a < argc; a++) {
		CXString arg = clang_CompileCommand_getArg(command, a);
		failed = psi_strings_add(&unit->argv, clang_getCString(arg)) < 0;
		clang_disposeString(arg);
	}
	for (size_t a = 0; !failed && a < options->extra_arg_count; a++)
		failed = psi_strings_add(&unit->argv, options->extra_args[a]) < 0;
	if (failed)
		psi_unit_clear(unit);
	return failed ? -1 : 0;
}

static int read_commands(CXCompileCommands commands, const ps_scan_options *options,
                         psi_unit **units_out, size_t *count_out, ps_error *err)
{
	unsigned n = clang_CompileCommands_getSize(commands);
	psi_unit *units = calloc(n ? n : 1, sizeof *units);
	size_t count = 0;
	int rc = units ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
	for (unsigned i = 0; rc == PS_OK && i < n; i++) {
		psi_unit unit;
		if (unit_of(clang_CompileCommands_getCommand(commands, i), options, &unit) < 0) {
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
			break;
		}
		/* A file compiled in several configurations is parsed once, with
		 * the first command, as clang tools do. */
		int duplicate = 0;
		for (size_t k = 0; k < count && !duplicate; k++)
			duplicate = strcmp(units[k].file, unit.file) == 0;
		if (duplicate)
			psi_unit_clear(&unit);
		else
			units[count++] = unit;
	}
	if (rc != PS_OK) {
		for (size_t k = 0; k < count; k++)
			psi_unit_clear(&units[k]);
		free(units);
		return rc;
	}
	*units_out = units;
	*count_out = count;
	return PS_OK;
}

int psi_compdb_load(const char *path, const ps_scan_options *options,
		    psi_unit **units_out, size_t *count_out, ps_error *err)
{
	*units_out = NULL;
	*count_out = 0;
	char *directory = NULL;
	int rc = database_directory(path, &directory, err);
	if (rc != PS_OK)
		return rc;
	char *file = psi_sprintf("%s/compile_commands.json", directory);
	rc = file ? validate(file, err) : psi_fail(err, PS_ENOMEM, "out of memory");
	CXCompilationDatabase db = NULL;
	CXCompileCommands commands = NULL;
	if (rc == PS_OK) {
		CXCompilationDatabase_Error dberr;
		db = clang_CompilationDatabase_fromDirectory(directory, &dberr);
		commands = db ? clang_CompilationDatabase_getAllCompileCommands(db) : NULL;
		if (dberr != CXCompilationDatabase_NoError || !commands)
			rc = psi_fail(err, PS_ECOMPDB, "%s: libclang cannot load this compilation "
			              "database", file);
	}
	if (rc == PS_OK)
		rc = read_commands(commands, options, units_out, count_out, err);
	if (commands)
		clang_CompileCommands_dispose(commands);
	if (db)
		clang_CompilationDatabase_dispose(db);
	free(file);
	free(directory);
	return rc;
}
