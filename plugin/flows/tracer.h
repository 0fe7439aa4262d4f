/*
 * The flow tracer's insides, shared by the files of flows/ (flows.c tells
 * how it works): the taint domain (taint.c), declarations and sources
 * (decls.c), function summaries and the state of a function (functions.c),
 * the syntax it reads (syntax.c), the interpreter by construct
 * (statements.c, expressions.c, calls.c) and sinks and reports (sinks.c).
 * Included only by flows/.
 */
#ifndef PSI_FLOWS_TRACER_H
#define PSI_FLOWS_TRACER_H

#include <stdint.h>

#include "flows/flows.h"

#define MAX_ORIGINS 12       /* per value: a bound, not a promise */
#define MAX_PARAMETERS 32

/* ---- values: paths, origins, taint -------------------------------------- */

typedef struct psi_step {
	const struct psi_step *prev;
	const char *file;
	unsigned line, column;
	const char *message;
	const char *function;      /* the function it is in, as scopes are spelt */
	unsigned length;           /* steps up to and including this one */
} psi_step;

/* A flagged use (source != NULL) or, while summarising a function, one of
 * its parameters (source == NULL), with the steps taken since. */
typedef struct psi_origin {
	const psi_flow_source *source;
	int parameter;
	const psi_step *last;
	int past_sink;             /* has gone through a sink: reported there */
} psi_origin;

typedef struct psi_taint {
	unsigned count;
	const psi_origin *items[];
} psi_taint;

/* ---- the tracer --------------------------------------------------------- */

typedef struct psi_decl_info {
	CXCursor cursor;
	uint32_t ruleset;
	int trackable;             /* a variable, parameter or field */
	int is_function;
	ps_kind kind;
	const char *name;
	const char *usr;
	int flagged;               /* a source: declared in the project, named for a ground */
	uint32_t rule, term;
	ps_category category;
	int sink;
	const char *file;          /* declaration */
	unsigned line;
	int in_project;            /* declared in a project file */
} psi_decl_info;

/* A parameter whose value reaches a sink inside the function:
 * void add_points(struct ctx *c, int v) { c->score += v; }. */
typedef struct psi_parameter_sink {
	unsigned parameter;
	const struct psi_decl_info *sink;
	ps_sink_kind kind;
	const psi_step *last;      /* the steps from the parameter to the sink */
} psi_parameter_sink;

typedef struct psi_function_summary {
	const char *usr;           /* first: the table of functions reads it so */
	const psi_taint *returns;
	const psi_parameter_sink *sinks; /* arena; replaced whole when it grows */
	unsigned sink_count;
	int defined_here;          /* else converted from `known` */
} psi_function_summary;

/* Every step, origin and taint of a TU, freed at once when it is done. */
typedef struct psi_arena {
	struct psi_block *head;
} psi_arena;

typedef struct psi_tracer {
	CXTranslationUnit tu;
	const psi_summaries *known;
	const psi_flow_callbacks *cb;
	psi_file_cache files;
	psi_arena mem;
	int status;
	int reporting;             /* the last pass: flows are reported */
	int changed;               /* a summary grew in this pass */
	int saw_source;
	const char *scope;         /* of the function being interpreted: its steps' */
	psi_table decls;           /* psi_decl_info, by cursor and ruleset */
	psi_table sources;         /* psi_flow_source, by place and name */
	psi_table functions;       /* psi_function_summary, by USR */
	psi_table reported;        /* uint64_t, a hash of (use, sink) pairs */
	psi_table calls;           /* psi_external_callee, by USR */
	psi_table uses;            /* psi_flow_use handed over, by place and USR */
	CXCursor *bodies;          /* the function definitions to interpret */
	size_t body_count, body_capacity;
	psi_context_builder contexts; /* classifies as extraction does */
} psi_tracer;

/* ---- the state of a function being interpreted -------------------------- */

typedef struct psi_binding {
	CXCursor decl;
	const psi_taint *value;
	/* The conditions in force where the variable was declared: they decide
	 * whether it exists, not what it holds. */
	const psi_taint *declared_under;
} psi_binding;

typedef struct psi_state {
	psi_binding *items;
	unsigned count, capacity;
	const psi_taint *guard;    /* conditions of early returns taken so far */
} psi_state;

typedef struct psi_frame {
	psi_tracer *t;
	CXCursor function;
	const char *scope;         /* its qualified name, as declaration findings spell it */
	const psi_decl_info *info; /* of the function; NULL for a lambda */
	uint32_t ruleset;
	CXCursor parameters[MAX_PARAMETERS];
	const psi_taint *parameter_taints[MAX_PARAMETERS]; /* "parameter i", for summaries */
	unsigned parameter_count;
	const psi_taint *returns;
	psi_parameter_sink *sinks; /* parameters that reached a sink, this pass */
	unsigned sink_count, sink_capacity;
	unsigned return_count;     /* return statements met so far */
	unsigned loop_depth;
	const psi_state *switch_entry;
} psi_frame;

/* ---- children and tokens ------------------------------------------------ */

typedef struct psi_kids {
	CXCursor *items;
	unsigned count, capacity;
} psi_kids;

/* A function called here and defined in another unit, and whether a
 * flagged value was passed to it: if its summary grows in a later round,
 * this unit is traced again. */
typedef struct psi_external_callee {
	const char *usr;           /* first, as in psi_function_summary */
	int tainted_arguments;
	int parameter_arguments;   /* a parameter of the caller was passed */
} psi_external_callee;

/* ---- the taint domain (taint.c) ----------------------------------------- */

/* Memory from the tracer's arena; NULL (and the tracer's status set) when
 * none is left. */
void *psi_flow_alloc(psi_tracer *t, size_t n);
const char *psi_flow_intern(psi_tracer *t, const char *text);
const char *psi_flow_format(psi_tracer *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void psi_arena_clear(psi_arena *a);
/* psi_table_add, noting in the tracer when memory runs out. */
int psi_flow_table_add(psi_tracer *t, psi_table *table, void *item);
uint64_t psi_flow_text_hash(const char *text);

/* `prev` one step further, at `at`; `prev` itself for a place in no file
 * or a path as long as paths get. */
const psi_step *psi_flow_add_step(psi_tracer *t, const psi_step *prev, CXCursor at,
                                  const char *message);
/* The steps of `tail` (a path inside a callee) after `head`. */
const psi_step *psi_flow_append_steps(psi_tracer *t, const psi_step *head, const psi_step *tail);

/* NULL is the empty taint; a taint is never changed once made. */
const psi_taint *psi_taint_make(psi_tracer *t, const psi_origin *const *items, unsigned count);
const psi_taint *psi_taint_unite(psi_tracer *t, const psi_taint *a, const psi_taint *b);
/* The origins of `a` that `b` does not hold. */
const psi_taint *psi_taint_without(psi_tracer *t, const psi_taint *a, const psi_taint *b);
/* Every origin of `v`, one step further; through a sink when `into_sink`. */
const psi_taint *psi_taint_step_into(psi_tracer *t, const psi_taint *v, CXCursor at,
                                     const char *message, int into_sink);
const psi_taint *psi_taint_extend(psi_tracer *t, const psi_taint *v, CXCursor at,
                                  const char *message);
int psi_taint_carries_source(const psi_taint *v);
/* Does `v` carry a flagged use that no sink has reported yet? */
int psi_taint_carries_unreported(const psi_taint *v);
/* Does `v` carry a parameter of the function it is in, not yet past a sink? */
int psi_taint_carries_parameter(const psi_taint *v);
int psi_taint_same(const psi_taint *a, const psi_taint *b);

/* ---- places, declarations and sources (decls.c) ------------------------- */

const char *psi_flow_place_of(psi_tracer *t, CXCursor c, unsigned *line, unsigned *column);
int psi_flow_in_project(psi_tracer *t, CXCursor c);
int psi_flow_function_kind(enum CXCursorKind k);
/* psi_scope_of, as extraction names scopes, in the arena. */
const char *psi_flow_scope_of(psi_tracer *t, CXCursor scope);
/* What the declaration a reference names is, for the rules of `ruleset`;
 * NULL for what flows do not follow (types, namespaces, labels). */
const psi_decl_info *psi_flow_decl_of(psi_tracer *t, CXCursor ref, uint32_t ruleset);
/* The one source object of a use, the same in every pass. */
const psi_flow_source *psi_flow_intern_source(psi_tracer *t, const psi_flow_source *probe);
/* The same use: a place and a name. */
int psi_flow_same_source(const void *item, const void *key);
/* For the tables of declarations and of sources. */
uint64_t psi_flow_decl_hash(const void *item);
int psi_flow_decl_matches(const void *item, const void *key);
uint64_t psi_flow_source_hash(const void *item);

/* ---- functions and the state of one (functions.c) ----------------------- */

/* For the tables of items with a USR first (psi_function_summary,
 * psi_external_callee), by USR. */
uint64_t psi_flow_usr_hash(const void *item);
int psi_flow_usr_matches(const void *item, const void *key);
/* The summary of the function `usr` names, made empty when `create`. */
psi_function_summary *psi_flow_summary_of(psi_tracer *t, const char *usr, int create);
/* The summary another TU found for `usr`, as origins of this one. */
psi_function_summary *psi_flow_imported_summary(psi_tracer *t, const char *usr);

const psi_taint *psi_state_lookup(const psi_state *s, CXCursor decl);
psi_binding *psi_state_binding(const psi_state *s, CXCursor decl);
void psi_state_bind(psi_tracer *t, psi_state *s, CXCursor decl, const psi_taint *value);
/* A declaration: the variable holds `value`, and exists under `control`. */
void psi_state_declare(psi_tracer *t, psi_state *s, CXCursor decl, const psi_taint *value,
                       const psi_taint *control);
psi_state psi_state_copy(psi_tracer *t, const psi_state *s);
/* `into` becomes what holds after either `into` or `other`. */
void psi_state_join(psi_tracer *t, psi_state *into, const psi_state *other);

/* ---- syntax (syntax.c) -------------------------------------------------- */

/* The children of `c`; the caller frees `items`. */
psi_kids psi_flow_children(CXCursor c);
/* The operator of a binary (`prefix` 0, read after `operand`) or unary
 * expression, into `out`; empty when none is found. */
void psi_flow_operator(psi_tracer *t, CXCursor c, CXCursor operand, int prefix, char *out,
                       size_t size);
/* "=", "+=", "<<=" and the like, not comparisons. */
int psi_flow_is_assignment(const char *op);
/* The expression under parentheses, casts and implicit conversions. */
CXCursor psi_flow_strip(CXCursor c);

/* ---- the interpreter (statements.c, expressions.c, calls.c) ------------- */

/* The taint of what `c` computes, under the conditions `control`, with
 * its effects on `s`. */
const psi_taint *psi_flow_walk(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control);

/* A reference to a declaration: a flagged use starts a flow; a variable or
 * field carries what was stored in it. */
const psi_taint *psi_flow_reference(psi_frame *f, CXCursor c, psi_state *s);
/* A write of `value` to `lhs` at `at`, with operator `op` ("=" replaces). */
void psi_flow_assign(psi_frame *f, CXCursor lhs, const psi_taint *value, const char *op,
                     CXCursor at, psi_state *s, const psi_taint *control);
/* A variable declared (or a range-for's variable) holding `value`. */
void psi_flow_assign_declared(psi_frame *f, CXCursor variable, const psi_taint *value,
                              psi_state *s, const psi_taint *control);
const psi_taint *psi_flow_walk_binary(psi_frame *f, CXCursor c, psi_state *s,
                                      const psi_taint *control, int compound);
const psi_taint *psi_flow_walk_unary(psi_frame *f, CXCursor c, psi_state *s,
                                     const psi_taint *control);

const psi_taint *psi_flow_call(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control);

/* ---- sinks and reports (sinks.c) ---------------------------------------- */

/* `v` reaches `sink` at `at`: each flagged use in it is reported once, each
 * parameter noted in the function's summary. */
void psi_flow_report(psi_frame *f, const psi_taint *v, const psi_decl_info *sink,
                     ps_sink_kind kind, CXCursor at, const char *message);
/* Hand one flow, whose steps end at `last`, to the caller. */
void psi_flow_report_path(psi_tracer *t, const psi_flow_source *source, const psi_step *last,
                          const psi_decl_info *sink, ps_sink_kind kind);
/* Has this (use, sink) pair been reported?  Marks it if not.  A use is a
 * line: p->wijk && p->wijk[0], or a->herkomst == HERKOMST_NIET_WESTERS, is
 * one decision, reported once, at its first flagged name; but a protected
 * ground and a proxy on one line are two findings of two rules. */
int psi_flow_already_reported(psi_tracer *t, const psi_flow_source *source,
                              const psi_decl_info *sink, ps_sink_kind kind);
/* Remember that parameter `parameter` reaches `sink`, once per pair. */
void psi_flow_note_parameter_sink(psi_frame *f, unsigned parameter, const psi_decl_info *sink,
                                  ps_sink_kind kind, const psi_step *last);
/* The steps that end at `last`, first to last, in a new array whose
 * strings are borrowed from the arena; NULL when memory runs out. */
ps_flow_step *psi_flow_steps_of(const psi_step *last, size_t *count);
/* For the table of reported pairs. */
uint64_t psi_flow_reported_hash(const void *item);
int psi_flow_reported_matches(const void *item, const void *key);

/* ---- uses (uses.c) ------------------------------------------------------ */

/* Hand every reference to a flagged declaration in the bodies (those whose
 * ruleset is not UINT32_MAX) to the callbacks' `use`, once each. */
void psi_flow_list_uses(psi_tracer *t, const uint32_t *rulesets);
void psi_flow_uses_clear(psi_tracer *t);

#endif
