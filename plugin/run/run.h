/*
 * Running units: worker processes that parse, extract, classify and trace
 * one unit at a time, and the harvest of what they report.
 */
#ifndef PSI_RUN_H
#define PSI_RUN_H

#include "discover/discover.h"
#include "flows/flows.h"
#include "model/model.h"

/* A unit of a first round whose flows were not traced (psi_work's
 * defer_unflagged): no declaration it sees is flagged.  The functions it
 * defines and those it calls, by psi_plain_name_hash of their names, say
 * when a flow can reach it after all (scan/untraced.c). */
struct psi_untraced_unit {
	const psi_unit *unit;
	psi_hashes defined, called;
};

/* Everything the workers of a scan found, gathered in the calling process. */
typedef struct psi_harvest {
	psi_raw_finding *findings;
	size_t finding_count, finding_capacity;
	uint64_t *decl_ids, *literal_ids;   /* psi_decl.identity of each one seen */
	size_t decl_count, decl_capacity, literal_count, literal_capacity;
	psi_strings seen_files;              /* project files seen, with repeats */
	psi_directive *directives;           /* with repeats */
	size_t directive_count, directive_capacity;
	psi_diags diags;
	size_t units_with_errors;
	/* Each unit of a first round that had compiler errors: its file, how
	 * many, and the first; `first_error` is the first of the unit being
	 * read. */
	struct psi_unit_outcome {
		char *unit;
		unsigned errors;
		ps_diagnostic first;
	} *outcomes;
	size_t outcome_count, outcome_capacity;
	ps_diagnostic first_error;
	psi_summaries summaries;             /* merged as they arrive */
	psi_strings returns_changed;         /* USRs whose summary grew, of returns */
	psi_strings sinks_changed;           /* of parameters into sinks */
	struct psi_external_call {
		const psi_unit *unit;
		char *usr;
		int tainted_arguments;   /* a flagged value was passed */
		int parameter_arguments; /* a parameter of the caller was */
	} *external_calls;
	size_t external_call_count, external_call_capacity;
	/* The uses of flagged declarations, by USR, each once and bounded. */
	psi_uses uses;
	/* The sink declarations of the units (absolute files), with repeats
	 * settled now and then so that a header's sinks seen by every unit do
	 * not grow with the units; settled_sinks is how many the last left. */
	ps_sink *sinks;
	size_t sink_count, sink_capacity, settled_sinks;
	struct psi_untraced_unit *untraced;
	size_t untraced_count, untraced_capacity;
} psi_harvest;

void psi_harvest_clear(psi_harvest *harvest);

typedef struct psi_work {
	const psi_unit *units;
	size_t count;
	unsigned jobs;
	const psi_project *project;
	const ps_ruleset *rules;        /* for files no configuration applies to */
	const char *resource_dir;
	int trace_flows;
	/* A later round: only trace flows again (with `summaries`, which earlier
	 * rounds found); declarations were already reported. */
	int flows_only;
	/* A first round: a unit in which no declaration is flagged is not
	 * traced, for nothing flows from it; the worker says which functions
	 * it defines and calls instead (struct psi_untraced_unit).  Tracing
	 * costs a fifth of a scan, and most units of most code bases hold
	 * nothing flagged. */
	int defer_unflagged;
	const psi_summaries *summaries;
	unsigned unit_timeout;          /* seconds, per unit */
	size_t max_memory;              /* bytes of address space, per worker */
} psi_work;

/* Parse, extract and classify `work->units` in `work->jobs` worker processes
 * and add what they find to `harvest`.  A worker that dies (libclang crashing
 * beyond its own recovery) costs only the unit it was parsing, which becomes
 * an error diagnostic; the other units are still scanned. */
int psi_run_workers(const psi_work *work, psi_harvest *harvest, ps_error *err);

#endif
