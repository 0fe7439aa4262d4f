/*
 * Discovery: what belongs to the project, and the plan of translation units
 * to parse, from paths (discover.c) or a compilation database (compdb.c).
 */
#ifndef PSI_DISCOVER_H
#define PSI_DISCOVER_H

#include "config/config.h"
#include "profilescan/scan.h"
#include "util/util.h"

/* ---- what belongs to the project ---------------------------------------- */

/* The roots the user asked to scan (absolute, real paths; a root may be a
 * single file), the exclude globs and the configuration files with their
 * own.  Read-only once built, so shared by all workers. */
typedef struct psi_project {
	psi_strings roots;
	const char *const *excludes;
	size_t exclude_count;
	const psi_config_set *configs;   /* may be NULL */
} psi_project;



/* Is `path` (absolute, real) under a root and not excluded? */
int psi_project_contains(const psi_project *project, const char *path);

/* ---- the plan ----------------------------------------------------------- */

typedef enum psi_language {
	PSI_LANG_C, PSI_LANG_CXX, PSI_LANG_OBJC, PSI_LANG_OBJCXX,
	PSI_LANG_C_HEADER, PSI_LANG_CXX_HEADER, PSI_LANG_HEADER /* .h: C or C++ */
} psi_language;

/* The language a file name implies, or -1 when it is not a C-family file. */
int psi_language_of(const char *path);

/* One translation unit to parse. */
typedef struct psi_unit {
	char *file;        /* absolute */
	char *directory;   /* the compile command's working directory */
	psi_strings argv;   /* full command line, compiler first, file included */
	int from_database;
} psi_unit;

typedef struct psi_plan {
	psi_unit *units;
	size_t unit_count, unit_capacity;
	/* Headers found on disk: parsed on their own only when no unit
	 * includes them. */
	psi_strings headers;
	psi_project project;
	int has_cxx;       /* a C++ source was seen: parse lone .h files as C++ */
	size_t files_discovered;
	/* Every entry of the compilation database, scanned or not: a file that
	 * is not in it borrows the flags of its nearest neighbour there. */
	psi_unit *database;
	size_t database_count;
} psi_plan;

/* Build the plan.  Bad paths and unreadable files become error diagnostics;
 * only a problem that stops the whole scan is returned as an error, and then
 * the plan holds nothing (psi_plan_clear is not needed). */
int psi_plan_build(const ps_scan_options *options, psi_plan *plan, psi_diags *diags,
		   ps_error *err);
void psi_plan_clear(psi_plan *plan);

/* A unit for a header, or a source not in the compilation database: with the
 * flags of the database entry nearest to it (the same directory, else the
 * longest shared path), else with default flags for its language. */
int psi_unit_with_defaults(const psi_plan *plan, const char *file,
			   const ps_scan_options *options, psi_unit *unit);
void psi_unit_clear(psi_unit *unit);

/* Is the file small enough and text?  Returns 1, or 0 after adding an error
 * diagnostic, or -1 when memory ran out. */
int psi_file_scannable(const char *path, size_t max_size, psi_diags *diags);

/* Load compile_commands.json (or the directory holding it) into units, one
 * per file, in database order; `--extra-arg`s are appended to each. */
int psi_compdb_load(const char *path, const ps_scan_options *options,
		    psi_unit **units, size_t *count, ps_error *err);

#endif
