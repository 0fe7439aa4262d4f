/*
 * Parsing one translation unit with libclang, the way the compiler would.
 *
 * Two libclang 14 traps are handled here: it ignores a compile command's
 * working directory (so we pass -working-directory), and from Debian's
 * library path it does not find its builtin headers (so we pass
 * -resource-dir, checked to hold stddef.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/parse.h"

/* Compiler errors kept per unit: enough to see what went wrong, not a flood. */
#define MAX_NOTES_PER_UNIT 10

static int has_builtin_headers(const char *directory)
{
	char *probe = psi_sprintf("%s/include/stddef.h", directory);
	int ok = probe && access(probe, R_OK) == 0;
	free(probe);
	return ok;
}

int psi_resource_dir(char **out, ps_error *err)
{
	const char *from_env = getenv("PROFILESCAN_CLANG_RESOURCE_DIR");
	const char *candidate = from_env && *from_env ? from_env : PS_CLANG_RESOURCE_DIR;
	if (!has_builtin_headers(candidate))
		return psi_fail(err, PS_ECLANG,
				"clang's builtin headers (stddef.h) are not in %s/include; "
				"install libclang-common-%s-dev or set "
				"PROFILESCAN_CLANG_RESOURCE_DIR", candidate, PS_LLVM_MAJOR);
	*out = psi_strdup(candidate);
	return *out ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
}

static const char *describe(enum CXErrorCode code)
{
	switch (code) {
	case CXError_Crashed: return "libclang crashed while parsing it";
	case CXError_InvalidArguments: return "libclang rejected the command line";
	case CXError_ASTReadError: return "libclang could not build an AST";
	default: return "libclang could not parse it";
	}
}

/* A warning option (-Wall, -Wextra, -Werror=..., -pedantic): profilescan
 * keeps only errors, so warnings are not computed at all (-w).  Dropping
 * them also spares clang a "did you mean" search for each gcc-only one, and
 * keeps -Werror from making a project's warnings the errors that send a
 * file to the token reader.  -Wp, -Wl and -Wa pass options on and stay. */
static int is_warning_option(const char *arg)
{
	if (strncmp(arg, "-W", 2) == 0)
		return strncmp(arg, "-Wp,", 4) != 0 && strncmp(arg, "-Wl,", 4) != 0 &&
		       strncmp(arg, "-Wa,", 4) != 0;
	return strcmp(arg, "-pedantic") == 0 || strcmp(arg, "-pedantic-errors") == 0 ||
	       strcmp(arg, "-Wpedantic") == 0;
}

static int has_option(const psi_strings *argv, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < argv->count; i++)
		if (strncmp(argv->items[i], prefix, n) == 0)
			return 1;
	return 0;
}

char *psi_file_path(CXFile file, const char *directory)
{
	CXString real = clang_File_tryGetRealPathName(file);
	const char *text = clang_getCString(real);
	char *path = NULL;
	if (text && text[0] == '/') {
		path = psi_strdup(text);
	} else {
		CXString name = clang_getFileName(file);
		const char *given = clang_getCString(name);
		if (given && *given) {
			char *joined = given[0] == '/' ? psi_strdup(given)
			                               : psi_sprintf("%s/%s", directory, given);
			path = joined ? realpath(joined, NULL) : NULL;
			if (!path)
				path = joined;
			else
				free(joined);
		}
		clang_disposeString(name);
	}
	clang_disposeString(real);
	return path;
}

const char *ps_libclang_version(void)
{
	/* Asked once per process (for --version and reports); libclang's own
	 * string lives only until it is disposed of. */
	static char version[128];
	if (!version[0]) {
		CXString text = clang_getClangVersion();
		snprintf(version, sizeof version, "%s", clang_getCString(text));
		clang_disposeString(text);
	}
	return version;
}

psi_parse_outcome psi_parse(CXIndex index, const psi_unit *unit, const char *resource_dir,
			    CXTranslationUnit *tu, unsigned *error_count, psi_diags *diags)
{
	*tu = NULL;
	*error_count = 0;
	/* The compiler first, then our additions, then the unit's own flags, so
	 * that a project's -resource-dir or -working-directory wins. */
	size_t argc = 0;
	const char **argv = calloc(unit->argv.count + 5, sizeof *argv);
	char *working = psi_sprintf("-working-directory=%s", unit->directory);
	char *resource = psi_sprintf("-resource-dir=%s", resource_dir);
	if (!argv || !working || !resource || unit->argv.count == 0) {
		psi_diags_add(diags, PS_SEVERITY_ERROR, unit->file, 0, 0,
			      unit->argv.count ? "out of memory" : "empty compile command");
		free(argv);
		free(working);
		free(resource);
		return PSI_PARSE_FAILED;
	}
	argv[argc++] = unit->argv.items[0];
	if (!has_option(&unit->argv, "-working-directory"))
		argv[argc++] = working;
	if (!has_option(&unit->argv, "-resource-dir"))
		argv[argc++] = resource;
	/* Flags from other compilers (gcc) must not stop the parse. */
	argv[argc++] = "-Qunused-arguments";
	argv[argc++] = "-w";
	for (size_t i = 1; i < unit->argv.count; i++)
		if (!is_warning_option(unit->argv.items[i]))
			argv[argc++] = unit->argv.items[i];

	unsigned flags = CXTranslationUnit_DetailedPreprocessingRecord |
	                 CXTranslationUnit_KeepGoing |
	                 CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
	enum CXErrorCode code = clang_parseTranslationUnit2FullArgv(
		index, NULL, argv, (int)argc, NULL, 0, flags, tu);
	free(argv);
	free(working);
	free(resource);
	if (code != CXError_Success || !*tu) {
		/* libclang says no more than that; the command line usually shows
		 * why (an unknown -x language or -std=). */
		char command[512] = "";
		for (size_t i = 0; i < unit->argv.count; i++) {
			size_t used = strlen(command);
			snprintf(command + used, sizeof command - used, "%s%s", i ? " " : "",
			         unit->argv.items[i]);
		}
		psi_diags_add(diags, PS_SEVERITY_ERROR, unit->file, 0, 0,
			      "not scanned: %s; the compile command was: %s", describe(code), command);
		*tu = NULL;
		return PSI_PARSE_FAILED;
	}

	unsigned count = clang_getNumDiagnostics(*tu);
	for (unsigned i = 0; i < count; i++) {
		CXDiagnostic d = clang_getDiagnostic(*tu, i);
		enum CXDiagnosticSeverity severity = clang_getDiagnosticSeverity(d);
		if (severity >= CXDiagnostic_Error && (*error_count)++ < MAX_NOTES_PER_UNIT) {
			CXFile file;
			unsigned line, column;
			clang_getFileLocation(clang_getDiagnosticLocation(d), &file, &line, &column, NULL);
			char *file_name = file ? psi_file_path(file, unit->directory) : NULL;
			CXString text = clang_getDiagnosticSpelling(d);
			psi_diags_add(diags, PS_SEVERITY_NOTE, file_name ? file_name : unit->file,
				      line, column, "%s (the declarations that parsed are still "
				      "scanned)", clang_getCString(text));
			free(file_name);
			clang_disposeString(text);
		}
		clang_disposeDiagnostic(d);
	}
	return PSI_PARSED;
}
