/*
 * The stages of a scan and the data that flows between them:
 *
 *   discover.c / compdb.c   paths or compile_commands.json  -> ps_plan (units)
 *   parse.c                 ps_unit                         -> CXTranslationUnit
 *   extract.c               CXTranslationUnit               -> ps_decl, one by one
 *   classify.c              ps_decl name                    -> ps_match
 *   scan.c                  drives the stages on worker threads, merges,
 *                           de-duplicates and sorts         -> ps_result
 *   report_*.c              ps_result                       -> text, JSON
 */
#ifndef PS_PIPELINE_H
#define PS_PIPELINE_H

#include <clang-c/Index.h>
#include <stdint.h>

#include "internal.h"
#include "profilescan/classify.h"
#include "profilescan/config.h"
#include "profilescan/scan.h"

/* ---- diagnostics about the scan --------------------------------------- */

typedef struct ps_diags {
	ps_diagnostic *items;
	size_t count, capacity;
} ps_diags;

int ps_diags_add(ps_diags *diags, ps_severity severity, const char *file,
                 unsigned line, unsigned column, const char *format, ...)
	__attribute__((format(printf, 6, 7)));
void ps_diags_clear(ps_diags *diags);

/* ---- configuration files ------------------------------------------------ */

/* The .profilescan.yaml files that apply to a scan, each with the ruleset it
 * asks for. */
typedef struct ps_config_entry {
	ps_config *config;
	ps_ruleset *rules;       /* built from the configuration */
} ps_config_entry;

typedef struct ps_config_set {
	ps_config_entry *entries;
	size_t count, capacity;
} ps_config_set;

/* Find and load the configurations that apply to `files` (absolute, sorted):
 * those in their directories and above, up to the directory holding .git. */
int ps_config_set_find(ps_config_set *set, const ps_strings *files,
                       const ps_rule_source *source, ps_error *err);

/* The configuration nearest to `path` (absolute), or -1. */
int ps_config_set_nearest(const ps_config_set *set, const char *path);

/* Free the configurations; the rulesets too unless `keep_rulesets`. */
void ps_config_set_clear(ps_config_set *set, int keep_rulesets);

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



/* Does a glob exclude `relative`?  Without '/', a glob names a file or
 * directory anywhere ("third_party", "*_test.c"); with '/', the path itself
 * or one of its parent directories ("tests/fixtures", "src/gen_*.c"). */
int ps_path_excluded(const char *relative, const char *const *globs, size_t count);

/* Is `path` (absolute, real) under a root and not excluded? */
int ps_project_contains(const ps_project *project, const char *path);

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

/* ---- discovery ---------------------------------------------------------- */

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

/* ---- parsing ------------------------------------------------------------ */

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

/* ---- extraction --------------------------------------------------------- */

/* A declaration, macro or string literal; valid during the callback.  For a
 * literal, `name` is its text with escape sequences blanked out and the
 * position is that of its first character after the opening quote. */
typedef struct ps_decl {
	ps_kind kind;
	const char *name;
	const char *file;   /* absolute, real */
	unsigned line, column;
	const char *scope;  /* enclosing function or type, qualified; may be NULL */
	const char *type;   /* of a variable, field or parameter; else NULL */
	const char *usr;    /* libclang's unified symbol resolution; may be "" */
	int is_definition;
	uint64_t identity;  /* the same for the same declaration in any TU */
	const ps_context *context; /* for classification; NULL for literals */
} ps_decl;

typedef int (*ps_decl_fn)(void *context, const ps_decl *decl);

/* Walk the TU and call `fn` for every declaration, macro and string literal
 * located in a project file.  Each project file seen is added to
 * `seen_files` (real paths, duplicates allowed).  Stops when `fn` fails. */
int ps_extract(CXTranslationUnit tu, const ps_unit *unit, const ps_project *project,
               ps_decl_fn fn, void *context, ps_strings *seen_files, ps_error *err);

/* Call `fn` with kind PS_KIND_IDENTIFIER for each name in the project files
 * with compiler errors that libclang made no declaration or resolved
 * reference of, and that is not among the unit's `declared` names (sorted
 * here): once per name and file (extract_tokens.c). */
int ps_extract_unparsed(CXTranslationUnit tu, const ps_unit *unit, const ps_project *project,
                        ps_strings *declared, ps_decl_fn fn, void *context, ps_error *err);

/* A comment that holds a profilescan directive ("profilescan:allow ..."). */
typedef int (*ps_directive_fn)(void *context, const char *file, unsigned line,
                               unsigned column, unsigned end_line, const char *text);

/* Call `fn` for each comment of `file` (absolute, part of the TU) that holds
 * "profilescan:", as the compiler's lexer sees comments. */
int ps_extract_directives(CXTranslationUnit tu, const char *file, ps_directive_fn fn,
                          void *context);

uint64_t ps_hash(uint64_t seed, const void *data, size_t length);

/* Unnamed records and enums are spelt "(anonymous struct at ...)" or
 * "(unnamed ...)" by libclang 14; they have no name to report. */
int ps_is_unnamed(const char *name);

/* Builds the ps_context of declarations (context.c); it keeps the members
 * of the last record, enum or function it listed. */
typedef struct ps_context_builder {
	CXCursor owner;
	int has_owner;
	ps_strings members;
	ps_siblings_summary *summary; /* of `members`, kept while they stay */
	char *type;
	char *scope_name;
} ps_context_builder;

/* What a cursor of this kind is as a scope ("record", "enum", "function",
 * "namespace", "class"), or NULL when it is none. */
const char *ps_scope_noun(enum CXCursorKind kind);

/* The context of the declaration at `cursor`, whose qualified scope is
 * `scope` (may be NULL): valid until the next call or the builder's clear. */
int ps_context_build(ps_context_builder *b, CXCursor cursor, const char *scope,
                     ps_context *out);
void ps_context_builder_clear(ps_context_builder *b);

/* Make the content of a (non-raw) string literal ready for matching, in
 * place and without moving any word: escape sequences become blanks and
 * help-text abbreviation marks are closed up ("[t]race" reads "trace"). */
void ps_literal_normalize(char *text, size_t length);

/* ---- built-in rules ----------------------------------------------------- */

enum {
	PS_BUILTIN_MALFORMED_EXCEPTION = 0,
	PS_BUILTIN_EXPIRED_EXCEPTION,
	PS_BUILTIN_UNUSED_EXCEPTION,
	PS_BUILTIN_PROTECTED_FLOW,
	PS_BUILTIN_PROXY_FLOW,
	PS_BUILTIN_COUNT
};

/* ---- flows -------------------------------------------------------------- */

/* A flagged declaration as flows name it across processes: the rule that
 * flags it by its ruleset, rule and term index (see worker.c). */
typedef struct ps_flow_source {
	uint32_t ruleset, rule, term;
	ps_kind kind;
	char *name;
	char *file;        /* absolute: where the declaration is used */
	unsigned line, column;
	char *scope;       /* the function the use is in */
} ps_flow_source;

/* What a function does, as far as flows care: the flagged values that
 * reach its return value and no sink on the way (each with the steps from
 * its use to the return), which of its parameters reach its return value,
 * and which reach a sink inside it.  Keyed by USR, so that a call in one
 * translation unit finds the summary of a function defined in another. */
typedef struct ps_summary_origin {
	ps_flow_source source;
	ps_flow_step *steps;
	size_t step_count;
} ps_summary_origin;

/* A parameter whose value reaches a sink inside the function. */
typedef struct ps_summary_sink {
	uint32_t parameter;
	char *sink_name;
	ps_sink_kind sink_kind;
	char *sink_file;
	unsigned sink_line;
	ps_flow_step *steps;        /* from the parameter to the sink */
	size_t step_count;
} ps_summary_sink;

typedef struct ps_summary {
	char *usr;
	uint32_t parameters;        /* bit i: parameter i reaches the return value */
	ps_summary_origin *origins;
	size_t origin_count;
	ps_summary_sink *sinks;
	size_t sink_count;
} ps_summary;

typedef struct ps_summaries {
	ps_summary *items;          /* sorted by usr once merged */
	size_t count, capacity;
} ps_summaries;

const ps_summary *ps_summaries_find(const ps_summaries *summaries, const char *usr);
/* What a merge taught: something about the return value, about sinks. */
enum { PS_SUMMARY_RETURNS = 1, PS_SUMMARY_SINKS = 2 };

/* Add `summary` (taking its strings) to `into`, uniting it with one of the
 * same USR; the bits of `*changed` say what `into` learnt that is new.
 * `into` stays sorted. */
int ps_summaries_merge(ps_summaries *into, ps_summary *summary, int *changed);
void ps_summary_clear(ps_summary *summary);
void ps_summaries_clear(ps_summaries *summaries);

/* What the flow tracer hands back, one call per item. */
typedef struct ps_flow_sink {
	const ps_flow_source *source;
	const char *sink_name;
	ps_sink_kind sink_kind;
	const char *sink_file;
	unsigned sink_line;
	const ps_flow_step *steps;  /* from the use to the sink */
	size_t step_count;
} ps_flow_sink;

typedef struct ps_flow_callbacks {
	void *context;
	/* The ruleset index for a file (absolute): the configuration nearest to
	 * it, or 0; UINT32_MAX when a configuration excludes the file. */
	uint32_t (*ruleset_for)(void *context, const char *file);
	const ps_ruleset *(*ruleset_at)(void *context, uint32_t index);
	int (*flow)(void *context, const ps_flow_sink *flow);
	/* A function defined in this TU whose return value carries something. */
	int (*summary)(void *context, const ps_summary *summary);
	/* A function called here but defined elsewhere, by USR, and whether a
	 * flagged value was passed to it: if what its summary says of its return
	 * value grows, this TU is traced again; if what it says of its
	 * parameters' sinks grows, only when a flagged value was passed. */
	int (*external_call)(void *context, const char *usr, int tainted_arguments);
} ps_flow_callbacks;

/* Trace, in every function defined in a project file of `tu`, the values of
 * flagged declarations into sinks.  `known` holds the summaries of other
 * TUs' functions (may be NULL). */
int ps_trace_flows(CXTranslationUnit tu, const ps_unit *unit, const ps_project *project,
                   const ps_summaries *known, const ps_flow_callbacks *callbacks,
                   ps_error *err);

/* Free what a flow owns. */
void ps_flow_free(ps_flow *flow);

/* Words for messages: "enum constant", "an element of", "the value
 * returned by". */
const char *ps_kind_noun(ps_kind kind);
const char *ps_sink_phrase(ps_sink_kind kind);

/* ---- workers ------------------------------------------------------------ */

/* A finding as a worker reports it, before the merge. */
typedef struct ps_raw_finding {
	ps_finding f;       /* file is absolute until the merge */
	char *usr;
	int is_definition;
} ps_raw_finding;

void ps_raw_finding_clear(ps_raw_finding *r);

/* A comment holding a directive, as a worker found it. */
typedef struct ps_directive {
	char *file;            /* absolute */
	unsigned line, column, end_line;
	char *text;
} ps_directive;

/* Everything the workers of a scan found, gathered in the calling process. */
typedef struct ps_harvest {
	ps_raw_finding *findings;
	size_t finding_count, finding_capacity;
	uint64_t *decl_ids, *literal_ids;   /* ps_decl.identity of each one seen */
	size_t decl_count, decl_capacity, literal_count, literal_capacity;
	ps_strings seen_files;              /* project files seen, with repeats */
	ps_directive *directives;           /* with repeats */
	size_t directive_count, directive_capacity;
	ps_diags diags;
	size_t units_with_errors;
	ps_summaries summaries;             /* merged as they arrive */
	ps_strings returns_changed;         /* USRs whose summary grew, of returns */
	ps_strings sinks_changed;           /* of parameters into sinks */
	struct ps_external_call {
		const ps_unit *unit;
		char *usr;
		int tainted_arguments;
	} *external_calls;
	size_t external_call_count, external_call_capacity;
} ps_harvest;

void ps_harvest_clear(ps_harvest *harvest);

typedef struct ps_work {
	const ps_unit *units;
	size_t count;
	unsigned jobs;
	const ps_project *project;
	const ps_ruleset *rules;        /* for files no configuration applies to */
	const char *resource_dir;
	int trace_flows;
	/* A later round: only trace flows again (with `summaries`, which earlier
	 * rounds found); declarations were already reported. */
	int flows_only;
	const ps_summaries *summaries;
} ps_work;

/* Parse, extract and classify `work->units` in `work->jobs` worker processes
 * and add what they find to `harvest`.  A worker that dies (libclang crashing
 * beyond its own recovery) costs only the unit it was parsing, which becomes
 * an error diagnostic; the other units are still scanned. */
int ps_run_workers(const ps_work *work, ps_harvest *harvest, ps_error *err);

/* ---- exceptions --------------------------------------------------------- */

/* Mark the findings that exceptions accept (profilescan:allow comments found
 * in `directives`, and the options' exceptions file), and add findings about
 * malformed, expired and unused exception comments.  Paths in the result are
 * display paths; `cwd` turns the directives' absolute ones into the same. */
int ps_apply_exceptions(ps_result *result, const ps_directive *directives, size_t count,
                        const char *cwd, const ps_scan_options *options, ps_error *err);

/* Read an exceptions file only to report what is wrong with it, before the
 * scan rather than after. */
int ps_exceptions_file_check(const char *path, ps_error *err);

/* ---- filters ------------------------------------------------------------ */

/* Free the strings a finding owns. */
void ps_finding_clear(ps_finding *finding);

/* Keep the findings whose `keep` entry is set, freeing the others and
 * recounting the statistics. */
void ps_result_keep(ps_result *result, const unsigned char *keep);

#endif
