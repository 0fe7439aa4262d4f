/*
 * Extraction: the declarations, macros and string literals of a translation
 * unit (extract.c), the names of regions libclang could not parse (tokens.c),
 * the context of each declaration (context.c) and directive comments.
 */
#ifndef PSI_EXTRACT_H
#define PSI_EXTRACT_H

#include <clang-c/Index.h>

#include "classify/classify.h"
#include "model/model.h"
#include "parse/parse.h"

typedef int (*psi_decl_fn)(void *context, const psi_decl *decl);

/* Walk the TU and call `fn` for every declaration, macro and string literal
 * located in a project file.  Each project file seen is added to
 * `seen_files` (real paths, duplicates allowed).  Unless `calls` is NULL,
 * the name of each function the TU calls is added to it as
 * psi_plain_name_hash, also one declared implicitly (a call in C that no
 * declaration precedes, which libclang lists no declaration of).  Stops
 * when `fn` fails. */
int psi_extract(CXTranslationUnit tu, const psi_unit *unit, const psi_project *project,
		psi_decl_fn fn, void *context, psi_strings *seen_files, psi_hashes *calls,
		ps_error *err);

/* Call `fn` with kind PS_KIND_IDENTIFIER for each name in the project files
 * with compiler errors that libclang made no declaration or resolved
 * reference of, and that is not among the unit's `declared` names (sorted
 * here): once per name and file (extract_tokens.c). */
int psi_extract_unparsed(CXTranslationUnit tu, const psi_unit *unit, const psi_project *project,
			 psi_strings *declared, psi_decl_fn fn, void *context, ps_error *err);

/* A comment that holds a profilescan directive ("profilescan:allow ..."). */
typedef int (*psi_directive_fn)(void *context, const char *file, unsigned line,
				unsigned column, unsigned end_line, const char *text);

/* Call `fn` for each comment of `file` (absolute, part of the TU) that holds
 * "profilescan:", as the compiler's lexer sees comments. */
int psi_extract_directives(CXTranslationUnit tu, const char *file, psi_directive_fn fn,
			   void *context);

/* Unnamed records and enums are spelt "(anonymous struct at ...)" or
 * "(unnamed ...)" by libclang 14; they have no name to report. */
int psi_is_unnamed(const char *name);

/* Scopes, as extraction and flows both name them.  The qualified name of
 * `scope` as the scope of what is declared in it, "ns::Record::method": it
 * and its enclosing scopes that are namespaces, records, enums or
 * functions, leaving out unnamed ones and the call operator of a lambda.
 * `*name` is malloc'd, NULL at file scope; PS_ENOMEM when memory ran out. */
int psi_scope_of(CXCursor scope, char **name);

/* The scope a declaration is in: its semantic parent (the class of
 * A::f() defined outside it), but for a record nested in a record in C,
 * which C puts at file scope, the record around it. */
CXCursor psi_enclosing_scope(CXCursor declaration);

/* Builds the ps_context of declarations (context.c); it keeps the members
 * of the last record, enum or function it listed. */
/* The names declared at the top of one file of a unit. */
typedef struct psi_file_names {
	CXFile file;
	psi_strings names;            /* sorted, once each */
	ps_siblings_summary *summary;
} psi_file_names;

typedef struct psi_context_builder {
	CXCursor owner;
	int has_owner;
	/* The declaration statement of the local being built, set by the
	 * walk (libclang gives no way up from a VarDecl to it); else null. */
	CXCursor statement;
	CXCursor listed_statement; /* the one `members` holds */
	int listed_methods;        /* whether `members` holds its record's methods */
	psi_strings members;
	ps_siblings_summary *summary; /* of `members`, kept while they stay */
	char *type;
	char *scope_name;
	/* Per file of the unit outside system headers, read once on first need. */
	psi_file_names *files;
	size_t file_count, file_capacity;
	int files_read;
} psi_context_builder;

/* What a cursor of this kind is as a scope ("record", "enum", "function",
 * "namespace", "class"), or NULL when it is none. */
const char *psi_scope_noun(enum CXCursorKind kind);

/* The context of the declaration at `cursor`, whose qualified scope is
 * `scope` (may be NULL): valid until the next call or the builder's clear. */
int psi_context_build(psi_context_builder *b, CXCursor cursor, const char *scope,
		      ps_context *out);
void psi_context_builder_clear(psi_context_builder *b);

/* Make the content of a (non-raw) string literal ready for matching, in
 * place and without moving any word: escape sequences become blanks and
 * help-text abbreviation marks are closed up ("[t]race" reads "trace"). */
void psi_literal_normalize(char *text, size_t length);

#endif
