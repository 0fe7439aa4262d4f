/*
 * Parsing: a unit into a libclang translation unit (parse.c), and the files
 * of a translation unit, looked up once each (files.c).
 */
#ifndef PSI_PARSE_H
#define PSI_PARSE_H

#include <clang-c/Index.h>

#include "discover/discover.h"
#include "model/model.h"

/* The directory holding clang's builtin headers (stddef.h and friends). */
int psi_resource_dir(char **out, ps_error *err);

/* The absolute real path of a file of a TU whose working directory is
 * `directory`; NULL when it has no name (memory buffers) or memory runs out. */
char *psi_file_path(CXFile file, const char *directory);

typedef enum psi_parse_outcome {
	PSI_PARSED,            /* an AST, maybe with compiler errors */
	PSI_PARSE_FAILED       /* no AST at all: an error diagnostic was added */
} psi_parse_outcome;

psi_parse_outcome psi_parse(CXIndex index, const psi_unit *unit, const char *resource_dir,
			    CXTranslationUnit *tu, unsigned *error_count, psi_diags *diags);

/* ---- files of a translation unit --------------------------------------- */

/* A file of a TU: its real path and whether it belongs to the project. */
typedef struct psi_file_entry {
	CXFile file;
	char *path;        /* NULL for files without a name (memory buffers) */
	int in_project;
} psi_file_entry;

/* CXFile -> entry, for one TU: looking up a path costs a realpath(), and a
 * walk asks for the file of every cursor.  Each project file is added to
 * `seen` (when not NULL) the first time it is looked up. */
typedef struct psi_file_cache {
	const char *directory;      /* the unit's working directory */
	const psi_project *project;
	psi_strings *seen;
	psi_file_entry *slots;       /* open addressing on the CXFile pointer */
	size_t slot_count, count;
} psi_file_cache;

/* The entry of the file `location` is in (its line and column too), or NULL
 * for a location in no file; `*oom` is set when memory ran out. */
const psi_file_entry *psi_file_cache_lookup(psi_file_cache *cache, CXSourceLocation location,
					    unsigned *line, unsigned *column, int *oom);
void psi_file_cache_clear(psi_file_cache *cache);

#endif
