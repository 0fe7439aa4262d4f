/*
 * The result model every stage shares: declarations as extraction hands
 * them on, findings and flows as workers report them, function summaries,
 * and the lifetimes and spellings of all of them.  Stages include this and
 * util/util.h, never a later stage.
 */
#ifndef PSI_MODEL_H
#define PSI_MODEL_H

#include <stdint.h>

#include "profilescan/classify.h"
#include "profilescan/scan.h"
#include "util/util.h"

/* ---- declarations (handed from extract/ to classify/) --------------------- */

/* A declaration, macro or string literal; valid during the callback.  For a
 * literal, `name` is its text with escape sequences blanked out and the
 * position is that of its first character after the opening quote. */
typedef struct psi_decl {
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
} psi_decl;

/* ---- flows across processes ---------------------------------------------- */

/* A flagged declaration as flows name it across processes: the rule that
 * flags it by its ruleset, rule and term index (see run/records.c). */
typedef struct psi_flow_source {
	uint32_t ruleset, rule, term;
	ps_kind kind;
	char *name;
	char *file;        /* absolute: where the declaration is used */
	unsigned line, column;
	char *scope;       /* the function the use is in */
	/* The declaration used, so that the merge finds the finding that
	 * reports it (flows name their source by its fingerprint): its USR
	 * ("" when it has none), and its place (absolute file, or NULL). */
	char *usr;
	char *decl_file;
	unsigned decl_line;
} psi_flow_source;

/* What a function does, as far as flows care: the flagged values that
 * reach its return value and no sink on the way (each with the steps from
 * its use to the return), which of its parameters reach its return value,
 * and which reach a sink inside it.  Keyed by USR, so that a call in one
 * translation unit finds the summary of a function defined in another. */
typedef struct psi_summary_origin {
	psi_flow_source source;
	ps_flow_step *steps;
	size_t step_count;
} psi_summary_origin;

/* A parameter whose value reaches a sink inside the function. */
typedef struct psi_summary_sink {
	uint32_t parameter;
	char *sink_name;
	ps_sink_kind sink_kind;
	char *sink_file;
	unsigned sink_line;
	ps_flow_step *steps;        /* from the parameter to the sink */
	size_t step_count;
} psi_summary_sink;

typedef struct psi_summary {
	char *usr;
	uint32_t parameters;        /* bit i: parameter i reaches the return value */
	psi_summary_origin *origins;
	size_t origin_count;
	psi_summary_sink *sinks;
	size_t sink_count;
} psi_summary;

typedef struct psi_summaries {
	psi_summary *items;          /* sorted by usr once merged */
	size_t count, capacity;
} psi_summaries;

/* What a merge taught: something about the return value, about sinks. */
enum { PSI_SUMMARY_RETURNS = 1, PSI_SUMMARY_SINKS = 2 };

/* ---- findings before the merge -------------------------------------------- */

/* A finding as a worker reports it, before the merge. */
typedef struct psi_raw_finding {
	ps_finding f;       /* file is absolute until the merge */
	char *usr;
	int is_definition;
	char *source_usr;   /* a flow's: the USR of the declaration used, or NULL */
	int context_only;   /* in a file of the project's context, not reported */
	int usr_shared;     /* another definition has this USR: another program's */
} psi_raw_finding;

/* A comment holding a directive, as a worker found it. */
typedef struct psi_directive {
	char *file;            /* absolute */
	unsigned line, column, end_line;
	char *text;
} psi_directive;

/* ---- uses of flagged declarations (uses.c) -------------------------------- */

/* The uses of one declaration as the harvest gathers them: each once, the
 * first PS_USES_MAX in order of file (absolute), line and column, and of
 * the others only a hash, to count each of them once (16 bytes a use
 * beyond the bound, against a use's strings). */
typedef struct psi_use_list {
	char *usr;             /* first: the table of lists reads it so */
	ps_use *items;         /* sorted by psi_use_compare */
	size_t count, capacity;
	uint64_t *omitted;     /* open addressing; 0 is an empty slot */
	size_t omitted_count, omitted_size;
} psi_use_list;

typedef struct psi_uses {
	psi_table lists;       /* psi_use_list, by USR; all zero: empty */
} psi_uses;

/* A use of the declaration `usr` (not ""): `use`'s strings are taken, and
 * freed at once when it is a repeat or beyond the bound.  -1 when memory
 * ran out (the strings are freed then too). */
int psi_uses_add(psi_uses *uses, const char *usr, ps_use *use);
/* The uses of `usr`, or NULL when none was added. */
const psi_use_list *psi_uses_of(const psi_uses *uses, const char *usr);
void psi_uses_clear(psi_uses *uses);
/* The order of uses, for psi_sort: file, line, column, then function (NULL
 * first); 0 for the same use. */
int psi_use_compare(const void *a, const void *b);
void psi_use_clear(ps_use *use);

/* ---- lifetimes (result.c) ------------------------------------------------- */

/* The `entity` of a declaration with USR `usr` (ps_finding, ps_sink): 16
 * hex digits of a hash of it. */
void psi_entity_of(const char *usr, char out[24]);
/* Free the strings a finding owns, and its flow. */
void psi_finding_clear(ps_finding *finding);
void psi_raw_finding_clear(psi_raw_finding *r);
void psi_flow_free(ps_flow *flow);

/* Keep the findings whose `keep` entry is set, freeing the others and
 * recounting the statistics. */
void psi_result_keep(ps_result *result, const unsigned char *keep);

/* ---- sinks (sinks.c) ----------------------------------------------------- */

void psi_sink_clear(ps_sink *sink);
void psi_sinks_free(ps_sink *sinks, size_t count);
/* A copy of `from` in `to`; -1 when memory ran out (`to` then cleared). */
int psi_sink_copy(ps_sink *to, const ps_sink *from);
/* Sort by file, line, column and name, and keep one sink per file, line
 * and name (freeing the others). */
void psi_sinks_settle(ps_sink *sinks, size_t *count);
/* The sink of settled `sinks` that `flow` reaches, or NULL. */
const ps_sink *psi_sink_of_flow(const ps_sink *sinks, size_t count, const ps_flow *flow);
/* The sinks a result lists, from those its scan or its inputs declared
 * (`*sinks`, `*capacity` allocated): each place once, each entity once at
 * its definition when there is one (two definitions are two programs', and
 * both stay), and the sink of each flow of `findings` that none of them is;
 * settled.  -1 when memory ran out. */
int psi_sinks_finish(ps_sink **sinks, size_t *count, size_t *capacity,
                     const ps_finding *findings, size_t finding_count);

/* A repository's state (ps_vcs): its strings freed; a copy of one (-1 when
 * memory ran out, `to` then cleared); their order, for psi_sort, by root,
 * then commit, branch, dirty and origin, 0 for the same state. */
void psi_vcs_clear(ps_vcs *vcs);
int psi_vcs_copy(ps_vcs *to, const ps_vcs *from);
int psi_vcs_compare(const void *a, const void *b);

/* The order of a result's diagnostics, for psi_sort: by file, line,
 * column, the more severe first, then message; 0 for the same one. */
int psi_diagnostic_compare(const void *a, const void *b);

/* ---- words for messages (names.c) ----------------------------------------- */

/* "enum constant", "an element of", "the value returned by". */
const char *psi_kind_noun(ps_kind kind);
const char *psi_sink_phrase(ps_sink_kind kind);

#endif
