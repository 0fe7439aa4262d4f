/*
 * Discovery: what belongs to the project, and the plan of translation units
 * to parse, from paths (discover.c) or a compilation database (compdb.c).
 */
#ifndef PS_DISCOVER_H
#define PS_DISCOVER_H

#include "config/config.h"
#include "profilescan/scan.h"
#include "util/util.h"

/* ---- what belongs to the project ---------------------------------------- */

/* The roots the user asked to scan (absolute, real paths; a root may be a
 * single file), the exclude globs and the configuration files with their
 * own.  Read-only once built, so shared by all workers. */
typedef struct ps_project {
	ps_strings roots;
	const char *const *excludes;
	size_t exclude_count;
	const ps_config_set *configs;   /* may be NULL */
} ps_project;



/* Is `path` (absolute, real) under a root and not excluded? */
int ps_project_contains(const ps_project *project, const char *path);

/* ---- the plan ----------------------------------------------------------- */

typedef enum ps_language {
	PS_LANG_C, PS_LANG_CXX, PS_LANG_OBJC, PS_LANG_OBJCXX,
	PS_LANG_C_HEADER, PS_LANG_CXX_HEADER, PS_LANG_HEADER /* .h: C or C++ */
} ps_language;

/* The language a file name implies, or -1 when it is not a C-family file. */
int ps_language_of(const char *path);

/* One translation unit to parse. */
typedef struct ps_unit {
	char *file;        /* absolute */
	char *directory;   /* the compile command's working directory */
	ps_strings argv;   /* full command line, compiler first, file included */
	int from_database;
} ps_unit;

typedef struct ps_plan {
	ps_unit *units;
	size_t unit_count, unit_capacity;
	/* Headers found on disk: parsed on their own only when no unit
	 * includes them. */
	ps_strings headers;
	ps_project project;
	int has_cxx;       /* a C++ source was seen: parse lone .h files as C++ */
	size_t files_discovered;
	/* Every entry of the compilation database, scanned or not: a file that
	 * is not in it borrows the flags of its nearest neighbour there. */
	ps_unit *database;
	size_t database_count;
} ps_plan;

/* Build the plan.  Bad paths and unreadable files become error diagnostics;
 * only a problem that stops the whole scan is returned as an error. */
int ps_plan_build(const ps_scan_options *options, ps_plan *plan, ps_diags *diags,
                  ps_error *err);
void ps_plan_clear(ps_plan *plan);

/* A unit for a header, or a source not in the compilation database: with the
 * flags of the database entry nearest to it (the same directory, else the
 * longest shared path), else with default flags for its language. */
int ps_unit_with_defaults(const ps_plan *plan, const char *file,
                          const ps_scan_options *options, ps_unit *unit);
void ps_unit_clear(ps_unit *unit);

/* Is the file small enough and text?  Adds an error diagnostic when not. */
int ps_file_scannable(const char *path, size_t max_size, ps_diags *diags);

/* Load compile_commands.json (or the directory holding it) into units, one
 * per file, in database order; `--extra-arg`s are appended to each. */
int ps_compdb_load(const char *path, const ps_scan_options *options,
                   ps_unit **units, size_t *count, ps_error *err);

#endif
