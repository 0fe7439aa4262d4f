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
 * own, and the project root around them (context.c).  Read-only once
 * built, so shared by all workers. */
typedef struct psi_project {
	psi_strings roots;
	const char *const *excludes;
	size_t exclude_count;
	const psi_config_set *configs;   /* may be NULL */
	char *context_root;              /* absolute, real; NULL: the roots alone */
	/* With --shard, once the shard's own units and headers are parsed: the
	 * files they showed, sorted.  The other shards' units are then parsed
	 * as context, and only these files are reported.  NULL otherwise. */
	const psi_strings *shard_files;
} psi_project;

/* Are the declarations of `path` (absolute, real) read?  Those of every
 * file under the project root or a root, excluded or not: an excluded file
 * is not reported, but what it declares still seeds flows. */
int psi_project_contains(const psi_project *project, const char *path);
/* Are the findings in `path` reported: is it under a root and not excluded
 * (and, in a shard, one of `shard_files`)? */
int psi_project_reports(const psi_project *project, const char *path);

/* ---- the plan ----------------------------------------------------------- */

typedef enum psi_language {
	PSI_LANG_C, PSI_LANG_CXX, PSI_LANG_OBJC, PSI_LANG_OBJCXX,
	PSI_LANG_C_HEADER, PSI_LANG_CXX_HEADER, PSI_LANG_HEADER /* .h: C or C++ */
} psi_language;

/* The language a file name implies, or -1 when it is not a C-family file. */
int psi_language_of(const char *path);

/* Does a `.h` file read as C++ (header_language.c)?  Decides the language
 * of a header that neither a compile command nor a C++ source beside it
 * does. */
int psi_header_looks_cxx(const char *path);

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
	/* The project's other sources (its database's entries, else the files
	 * under its root): parsed only when they can matter (scan/context.c). */
	psi_unit *context;
	size_t context_count, context_capacity;
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
/* A copy of `unit` (-1 when memory runs out; clear it either way). */
int psi_unit_copy(const psi_unit *unit, psi_unit *copy);

/* The project root around the roots (context.c): the option's, else the
 * nearest directory holding a project's marker, else the database's
 * project; NULL when it adds nothing to the roots.  And the units of the
 * project that are not the plan's own, as plan->context. */
int psi_plan_context_root(const ps_scan_options *options, psi_plan *plan, ps_error *err);
int psi_plan_context_units(const ps_scan_options *options, psi_plan *plan, ps_error *err);

/* The C, C++ and Objective-C sources (not headers) under `root`, sorted,
 * skipping what a walk of the project skips but no --exclude: quietly, as
 * files of the project's context, not inputs (a file that cannot be read
 * is left out, not reported). */
int psi_find_sources(const ps_scan_options *options, const char *root, psi_strings *found);

/* The project of a database's units: the working directory when it holds
 * them all, else the deepest directory that does. */
char *psi_database_root(const psi_unit *units, size_t count);

/* Is `path` `root` or below it?  The rest of the path, or NULL. */
const char *psi_path_below(const char *path, const char *root);

/* Is the file small enough and text?  Returns 1, or 0 after adding an error
 * diagnostic, or -1 when memory ran out. */
int psi_file_scannable(const char *path, size_t max_size, psi_diags *diags);

/* Load compile_commands.json (or the directory holding it) into units, one
 * per file, in database order; `--extra-arg`s are appended to each. */
int psi_compdb_load(const char *path, const ps_scan_options *options,
		    psi_unit **units, size_t *count, ps_error *err);

#endif
