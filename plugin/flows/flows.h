/*
 * Flows: the values of flagged declarations traced into sinks, inside a
 * translation unit (flows.c) and across units through function summaries
 * merged on the parent side.
 */
#ifndef PS_FLOWS_H
#define PS_FLOWS_H

#include <clang-c/Index.h>

#include "extract/extract.h"
#include "model/model.h"

const ps_summary *ps_summaries_find(const ps_summaries *summaries, const char *usr);
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

#endif
