/*
 * Parsing: a unit into a libclang translation unit (parse.c), and the files
 * of a translation unit, looked up once each (files.c).
 */
#ifndef PS_PARSE_H
#define PS_PARSE_H

#include <clang-c/Index.h>

#include "discover/discover.h"
#include "model/model.h"

/* The directory holding clang's builtin headers (stddef.h and friends). */
int ps_resource_dir(char **out, ps_error *err);

/* The absolute real path of a file of a TU whose working directory is
 * `directory`; NULL when it has no name (memory buffers) or memory runs out. */
char *ps_file_path(CXFile file, const char *directory);

typedef enum ps_parse_outcome {
	PS_PARSED,            /* an AST, maybe with compiler errors */
	PS_PARSE_FAILED       /* no AST at all: an error diagnostic was added */
} ps_parse_outcome;

ps_parse_outcome ps_parse(CXIndex index, const ps_unit *unit, const char *resource_dir,
                          CXTranslationUnit *tu, unsigned *error_count, ps_diags *diags);

/* ---- files of a translation unit --------------------------------------- */

/* A file of a TU: its real path and whether it belongs to the project. */
typedef struct ps_file_entry {
	CXFile file;
	char *path;        /* NULL for files without a name (memory buffers) */
	int in_project;
} ps_file_entry;

/* CXFile -> entry, for one TU: looking up a path costs a realpath(), and a
 * walk asks for the file of every cursor.  Each project file is added to
 * `seen` (when not NULL) the first time it is looked up. */
typedef struct ps_file_cache {
	const char *directory;      /* the unit's working directory */
	const ps_project *project;
	ps_strings *seen;
	ps_file_entry *slots;       /* open addressing on the CXFile pointer */
	size_t slot_count, count;
} ps_file_cache;

/* The entry of the file `location` is in (its line and column too), or NULL
 * for a location in no file; `*oom` is set when memory ran out. */
const ps_file_entry *ps_file_cache_lookup(ps_file_cache *cache, CXSourceLocation location,
                                          unsigned *line, unsigned *column, int *oom);
void ps_file_cache_clear(ps_file_cache *cache);

#endif
