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
#include <unistd.h>

#include "discover/discover.h"

/* What is wrong with entry `i`, or NULL. */
static const char *entry_problem(json_t *entry)
{
	json_t *arguments = json_object_get(entry, "arguments");
	if (!json_is_object(entry))
		return "is not an object";
	if (!json_is_string(json_object_get(entry, "directory")))
		return "has no \"directory\" string";
	if (!json_is_string(json_object_get(entry, "file")))
		return "has no \"file\" string";
	if (!json_is_string(json_object_get(entry, "command")) &&
	    !(json_is_array(arguments) && json_array_size(arguments) > 0))
		return "has neither a \"command\" string nor an \"arguments\" list";
	return NULL;
}

/* Spell the entry's directory and file one way (see util/path.c). */
static int normalise_entry(json_t *entry)
{
	static const char *const keys[] = {"directory", "file"};
	for (size_t k = 0; k < 2; k++) {
		char *path = psi_path_normalise(json_string_value(json_object_get(entry, keys[k])));
		int failed = !path || json_object_set_new(entry, keys[k], json_string(path)) != 0;
		free(path);
		if (failed)
			return -1;
	}
	return 0;
}

/* Check the database with jansson and return it with its paths normalised:
 * libclang's loader is given only what was checked. */
static int checked_database(const char *file, json_t **out, ps_error *err)
{
	char *text;
	size_t length;
	int rc = psi_read_file(file, "compilation database", (size_t)1 << 30, &text, &length, err);
	if (rc != PS_OK) {
		if (err && rc != PS_ENOMEM)
			err->code = PS_ECOMPDB;
		return rc == PS_ENOMEM ? rc : PS_ECOMPDB;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text, length, 0, &jerr);
	free(text);
	if (!root)
		return psi_fail(err, PS_ECOMPDB, "%s:%d:%d: malformed compilation database: %s",
				file, jerr.line, jerr.column > 0 ? jerr.column : 1, jerr.text);
	if (!json_is_array(root))
		rc = psi_fail(err, PS_ECOMPDB, "%s: a compilation database must be a JSON array",
			      file);
	else if (json_array_size(root) == 0)
		rc = psi_fail(err, PS_ECOMPDB, "%s: the compilation database has no entries (CMake "
		              "writes them with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON; bear -- make "
		              "records a make build's)", file);
	size_t i;
	json_t *entry;
	json_array_foreach(root, i, entry) {
		const char *problem = rc == PS_OK ? entry_problem(entry) : NULL;
		if (problem)
			rc = psi_fail(err, PS_ECOMPDB, "%s: entry %zu %s", file, i + 1, problem);
		else if (rc == PS_OK && normalise_entry(entry) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		if (rc != PS_OK)
			break;
	}
	if (rc != PS_OK)
		json_decref(root);
	else
		*out = root;
	return rc;
}

/* Load `root` with libclang, from a private copy in a temporary directory
 * of $TMPDIR (never in the scanned tree); the copy is removed at once.
 * SIGINT, SIGTERM and SIGHUP wait while it exists, so that one arriving
 * then ends the process only once the copy is gone. */
static int load_checked(json_t *root, const char *file, CXCompilationDatabase *db,
                        ps_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char *directory = psi_sprintf("%s/profilescan-compdb-XXXXXX",
	                              tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!directory)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	psi_signals_hold();
	int rc = PS_OK;
	char *copy = NULL;
	if (!mkdtemp(directory))
		rc = psi_fail(err, PS_EIO, "cannot make a temporary directory %s: %s", directory,
		              strerror(errno));
	else if (!(copy = psi_sprintf("%s/compile_commands.json", directory)))
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	else if (json_dump_file(root, copy, JSON_COMPACT) != 0)
		rc = psi_fail(err, PS_EIO, "cannot write a temporary copy of %s", file);
	CXCompilationDatabase_Error dberr = CXCompilationDatabase_CanNotLoadDatabase;
	if (rc == PS_OK)
		*db = clang_CompilationDatabase_fromDirectory(directory, &dberr);
	if (copy)
		unlink(copy);
	rmdir(directory); /* fails harmlessly when mkdtemp did */
	psi_signals_release();
	free(directory);
	free(copy);
	if (rc == PS_OK && (dberr != CXCompilationDatabase_NoError || !*db))
		rc = psi_fail(err, PS_ECOMPDB, "%s: libclang cannot load this compilation database",
		              file);
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

static uint64_t file_hash(const void *item)
{
	return psi_hash(0, item, strlen(item));
}

static int same_file(const void *item, const void *key)
{
	return strcmp(item, key) == 0;
}

static int read_commands(CXCompileCommands commands, const ps_scan_options *options,
                         psi_unit **units_out, size_t *count_out, ps_error *err)
{
	unsigned n = clang_CompileCommands_getSize(commands);
	psi_unit *units = calloc(n ? n : 1, sizeof *units);
	size_t count = 0;
	/* The files kept so far, so that a database of 50,000 entries is not
	 * compared pairwise. */
	psi_table kept = {NULL, 0, 0, file_hash, same_file};
	int rc = units ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
	for (unsigned i = 0; rc == PS_OK && i < n; i++) {
		psi_unit unit;
		if (unit_of(clang_CompileCommands_getCommand(commands, i), options, &unit) < 0) {
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
			break;
		}
		/* A file compiled in several configurations is parsed once, with
		 * the first command, as clang tools do. */
		if (psi_table_find(&kept, file_hash(unit.file), unit.file)) {
			psi_unit_clear(&unit);
			continue;
		}
		units[count++] = unit;
		if (psi_table_add(&kept, units[count - 1].file) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	psi_table_clear(&kept);
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
	json_t *root = NULL;
	rc = file ? checked_database(file, &root, err) : psi_fail(err, PS_ENOMEM, "out of memory");
	CXCompilationDatabase db = NULL;
	CXCompileCommands commands = NULL;
	if (rc == PS_OK)
		rc = load_checked(root, file, &db, err);
	json_decref(root);
	if (rc == PS_OK && !(commands = clang_CompilationDatabase_getAllCompileCommands(db)))
		rc = psi_fail(err, PS_ECOMPDB, "%s: libclang cannot load this compilation database",
		              file);
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
