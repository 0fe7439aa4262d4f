/*
 * Flows: the values of flagged declarations traced into sinks, inside a
 * translation unit (flows.c, the driver, and the files beside it, which
 * share flows/tracer.h) and across units through function summaries merged
 * on the parent side (summaries.c).
 */
#ifndef PSI_FLOWS_H
#define PSI_FLOWS_H

#include <clang-c/Index.h>

#include "extract/extract.h"
#include "model/model.h"

const psi_summary *psi_summaries_find(const psi_summaries *summaries, const char *usr);
/* Add `summary` (taking its strings) to `into`, uniting it with one of the
 * same USR; the bits of `*changed` say what `into` learnt that is new.
 * `into` stays sorted. */
int psi_summaries_merge(psi_summaries *into, psi_summary *summary, int *changed);
void psi_summary_clear(psi_summary *summary);
void psi_summaries_clear(psi_summaries *summaries);

/* What the flow tracer hands back, one call per item. */
typedef struct psi_flow_sink {
	const psi_flow_source *source;
	const char *sink_name;
	ps_sink_kind sink_kind;
	const char *sink_file;
	unsigned sink_line;
	const ps_flow_step *steps;  /* from the use to the sink */
	size_t step_count;
} psi_flow_sink;

/* A reference to a flagged declaration inside a function body, whether or
 * not its value goes anywhere: the auditor's list of where it is used. */
typedef struct psi_flow_use {
	const char *usr;            /* of the declaration used, never "" */
	const char *file;           /* absolute */
	unsigned line, column;
	const char *function;       /* the function traced, as scopes are spelt */
} psi_flow_use;

typedef struct psi_flow_callbacks {
	void *context;
	/* The ruleset index for a file (absolute): the configuration nearest to
	 * it, or 0; UINT32_MAX when a configuration excludes the file. */
	uint32_t (*ruleset_for)(void *context, const char *file);
	const ps_ruleset *(*ruleset_at)(void *context, uint32_t index);
	int (*flow)(void *context, const psi_flow_sink *flow);
	/* A function defined in this TU whose return value carries something. */
	int (*summary)(void *context, const psi_summary *summary);
	/* A function called here but defined elsewhere, by USR, and whether a
	 * flagged value or a parameter of the caller was passed to it: if what
	 * its summary says of its return value grows, this TU is traced again;
	 * if what it says of its parameters' sinks grows, only when one of the
	 * two was passed (a parameter, because the caller's own summary then
	 * grows: its parameter reaches the sink too). */
	int (*external_call)(void *context, const char *usr, int tainted_arguments,
	                     int parameter_arguments);
	/* Each use of a flagged declaration, once per unit (flows/uses.c). */
	int (*use)(void *context, const psi_flow_use *use);
} psi_flow_callbacks;

/* Trace, in every function defined in a project file of `tu`, the values of
 * flagged declarations into sinks.  `known` holds the summaries of other
 * TUs' functions (may be NULL). */
int psi_trace_flows(CXTranslationUnit tu, const psi_unit *unit, const psi_project *project,
		    const psi_summaries *known, const psi_flow_callbacks *callbacks,
		    ps_error *err);

#endif
