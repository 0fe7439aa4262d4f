/*
 * The prefilter: which units can hold a finding, decided without libclang's
 * parse (docs/prefilter.md).  A unit is a candidate when a word of its
 * include closure could be part of a finding by the vocabulary
 * (classify/vocabulary.c); the others are skipped, and parsed later only
 * when a flow can pass through them (scan/skipped.c).  Files are read and
 * lexed once per scan (lex.c, files.c); each unit's search path comes from
 * its command and libclang's own defaults (search.c); closures are walked
 * once per file and search path, the answers kept (closure.c).
 */
#ifndef PSI_PREFILTER_H
#define PSI_PREFILTER_H

#include <stdint.h>

#include "classify/classify.h"
#include "discover/discover.h"

/* ---- one file, lexed (lex.c) -------------------------------------------- */

typedef struct psi_include {
	char *name;             /* as written between the quotes or brackets */
	int angled;
} psi_include;

/* Whether a word of a text may be a finding, memoised per distinct word. */
typedef struct psi_word_memo {
	const psi_vocabulary *vocabulary;
	psi_table table;
	size_t tested;          /* distinct words tested */
} psi_word_memo;

void psi_word_memo_init(psi_word_memo *memo, const psi_vocabulary *vocabulary);
/* The vocabulary's mask of a text (psi_vocabulary_test); -1 when memory ran
 * out. */
int psi_word_memo_mask(psi_word_memo *memo, const char *text, size_t length, uint64_t *mask);
void psi_word_memo_clear(psi_word_memo *memo);

/* Brackets, for where a name and its context can meet (groups.c). */
typedef struct psi_groups {
	const psi_vocabulary *vocabulary;
	struct psi_group {
		uint64_t direct;    /* the masks of the names directly in it */
		uint64_t scope;     /* of those before it: its record's, function's */
		uint64_t outer;     /* of the scopes around it */
		uint64_t statement; /* the statement it opened in, so far */
		int transparent;    /* a namespace's or extern "C" block's */
	} *stack;
	size_t depth, capacity;
	uint64_t statement;     /* names since the last ; { or } at this depth */
	uint64_t file_names;    /* names at the top of the file */
	uint64_t all;
	uint64_t *closed;       /* each closed group's context, once */
	size_t closed_count, closed_capacity;
	int unbalanced;
	int transparent_next;   /* `namespace` or `extern "C"` was seen */
	int extern_next;        /* `extern` was */
	int status;             /* -1 once memory ran out */
} psi_groups;

void psi_groups_init(psi_groups *g, const psi_vocabulary *vocabulary);
void psi_groups_name(psi_groups *g, uint64_t mask);
/* `namespace` (1) or `extern` (0), and a literal (after extern: "C"). */
void psi_groups_keyword(psi_groups *g, int namespace_like);
void psi_groups_literal(psi_groups *g);
void psi_groups_open(psi_groups *g, int brace);
void psi_groups_close(psi_groups *g);
void psi_groups_end_statement(psi_groups *g);
/* At the end of the file: can a pair of the vocabulary meet in a context?
 * 1 or 0, -1 when memory ran out. */
int psi_groups_decide(psi_groups *g);
void psi_groups_clear(psi_groups *g);

typedef struct psi_lexed {
	uint64_t mask;          /* of its names and literals; ALONE for a directive comment */
	/* Macros whose definition holds a word with a mask: outside the
	 * project, what they expand to is still found where they are
	 * expanded.  Their names, as psi_word_hash. */
	uint64_t *flagged_macros;
	size_t flagged_count, flagged_capacity;
	int computed_include;   /* an #include of a macro: its file cannot be known */
	int spells_file;        /* __FILE__ or its kin: the path becomes a literal */
	psi_include *includes;
	size_t include_count, include_capacity;
	uint64_t *words;        /* hashes of its identifiers, sorted, each once */
	size_t word_count, word_capacity;
} psi_lexed;

/* Lex `text` (C, C++ or Objective-C) for the prefilter: comments skipped
 * (but for `profilescan:`), lines spliced, every identifier and literal
 * tested, #include and #import lines listed.  With `keep_words`, the
 * hashes of its identifiers are kept.  -1 when memory ran out. */
int psi_lex(const char *text, size_t length, psi_word_memo *memo, int keep_words,
            psi_lexed *out);
void psi_lexed_clear(psi_lexed *lexed);
/* The hash psi_lexed.words holds for an identifier. */
uint64_t psi_word_hash(const char *word, size_t length);

/* In a closure's mask: a file outside the project defines a flagged macro. */
#define PSI_PREFILTER_MACRO ((uint64_t)1 << 62)

/* ---- a unit's search path (search.c) ------------------------------------- */

typedef struct psi_search_path {
	psi_strings quote;      /* -iquote: for "..." only */
	psi_strings angled;     /* -I, -isystem, -idirafter and libclang's defaults */
	psi_strings forced;     /* -include, -imacros: as written */
	int unsure;             /* a flag whose search rules are not followed here */
	uint64_t defines_mask;  /* of the words of its -D macros */
} psi_search_path;

/* libclang's default directories, asked once per distinct command (less
 * its own directories and macros) with -v on an empty file. */
typedef struct psi_defaults {
	const char *resource_dir;
	struct psi_defaults_entry {
		char *key;
		psi_strings dirs;
		int unsure;
	} *items;
	size_t count, capacity;
	size_t probes;
} psi_defaults;

/* The search path of `unit`.  -1 when memory ran out. */
int psi_search_path_of(const psi_unit *unit, psi_defaults *defaults, psi_word_memo *memo,
                       psi_search_path *out);
void psi_search_path_clear(psi_search_path *path);
void psi_defaults_clear(psi_defaults *defaults);

/* ---- the prefilter of a scan (files.c, closure.c) ------------------------- */

typedef struct psi_pf_file psi_pf_file;

typedef struct psi_prefilter {
	psi_vocabulary *vocabulary;
	psi_word_memo memo;
	psi_defaults defaults;
	const psi_project *project;
	size_t limit;               /* the largest file read */
	psi_table files;            /* by path as found */
	psi_table texts;            /* by real path */
	psi_pf_file **all;          /* by id */
	size_t file_count, file_capacity;
	psi_table resolutions;      /* (search path, directory, name) -> files */
	psi_table paths;            /* search paths, interned */
	size_t path_count;
	unsigned generation;        /* of the walk under way */
	size_t bytes_lexed, units_decided;
} psi_prefilter;

/* A prefilter over the vocabulary of `rules` and of every configuration's
 * ruleset (which must outlive it).  `resource_dir` is libclang's. */
int psi_prefilter_init(psi_prefilter *pf, const ps_ruleset *rules,
                       const psi_config_set *configs, const psi_project *project,
                       const char *resource_dir, size_t max_file_size, ps_error *err);
/* Does the vocabulary leave anything to skip?  A rule of any name does not. */
int psi_prefilter_useful(const psi_prefilter *pf);
/* Is `unit` a candidate: could its include closure hold a finding?  1 or 0;
 * -1 when memory ran out.  A file or search path that cannot be followed
 * makes it one. */
int psi_prefilter_candidate(psi_prefilter *pf, const psi_unit *unit);
/* Does the unit's own file (or a source file it includes, not a header)
 * spell one of `hashes` (psi_word_hash, sorted) as an identifier? */
int psi_prefilter_spells(psi_prefilter *pf, const psi_unit *unit, const uint64_t *hashes,
                         size_t count);
/* Add the project files of the unit's closure (real paths) to `files`. */
int psi_prefilter_closure(psi_prefilter *pf, const psi_unit *unit, psi_strings *files);
void psi_prefilter_clear(psi_prefilter *pf);

/* Internal to the folder (files.c): a file's text, read and lexed once per
 * real path, and a file as an include found it, whose directory is where
 * its own "..." includes are looked for first. */
typedef struct psi_pf_text {
	char *real;
	uint64_t content_hash;
	int readable;               /* read and lexed */
	int in_project;
	psi_lexed lexed;            /* words kept for project files */
} psi_pf_text;

struct psi_pf_file {
	char *path;                 /* as found */
	size_t id;
	psi_pf_text *text;          /* NULL when it does not exist */
	/* Per interned search path: whether the mask of its closure is known,
	 * and that mask. */
	unsigned char *known;
	uint64_t *mask;
	size_t slot_count;
	/* The walk under way (closure.c). */
	unsigned walk, index, low;
	int on_stack;
	uint64_t acc;
};

/* The file at `path` (absolute), read and lexed on first need; NULL when
 * memory ran out. */
psi_pf_file *psi_pf_file_get(psi_prefilter *pf, const char *path);
void psi_pf_files_init(psi_prefilter *pf);
void psi_pf_files_clear(psi_prefilter *pf);
/* Closures (closure.c): a search path's id, the same for the same
 * directories; the mask of the closure of `roots` (0 or -1 out of memory);
 * and every readable file of the closure of `root`, a new array the caller
 * frees. */
void psi_pf_closure_init(psi_prefilter *pf);
void psi_pf_closure_clear(psi_prefilter *pf);
int psi_pf_intern(psi_prefilter *pf, const psi_search_path *sp, size_t *id);
int psi_pf_closure_mask(psi_prefilter *pf, size_t id, const psi_search_path *sp,
                        psi_pf_file **roots, size_t count, uint64_t *mask);
int psi_pf_closure_files(psi_prefilter *pf, size_t id, const psi_search_path *sp,
                         psi_pf_file *root, psi_pf_file ***files, size_t *count);
/* Is it a header by its name (.h, .hh, .hpp, .hxx, .inl, .tcc, or none)? */
int psi_pf_is_header(const char *path);

#endif
