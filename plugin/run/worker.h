/*
 * The insides of run/, shared by its files only: the records a worker
 * writes and the caller reads back (records.c), and one worker's job
 * (unit.c), which the pool (pool.c) starts in each worker process.
 */
#ifndef PSI_RUN_WORKER_H
#define PSI_RUN_WORKER_H

#include <stdatomic.h>
#include <stdio.h>

#include "run/run.h"

/* Index 0 is the scan's own ruleset; i + 1 is configuration i's.  Records
 * name rulesets, rules and terms by index: the ruleset was built before the
 * fork, but an address means nothing to the process reading the record. */
const ps_ruleset *psi_work_ruleset(const psi_work *work, uint32_t index);

/* ---- writing records (in the worker) ------------------------------------ */

/* A worker's results file.  `error` is the errno of the first write that
 * failed, or 0: once one has failed the records are cut short, so nothing
 * more is written and every record function returns PS_EIO. */
typedef struct psi_record_out {
	FILE *out;
	int error;
} psi_record_out;

/* A finding as the worker reports it, before the caller turns the indexes
 * back into rules. */
typedef struct psi_finding_record {
	uint32_t ruleset, rule, source;  /* source: psi_match_source_index */
	ps_severity severity;
	ps_kind kind;
	unsigned line, column;
	int is_definition;
	const char *name, *file, *scope, *message, *usr;
	const char *context;             /* or NULL */
} psi_finding_record;

/* Each returns PS_OK, or PS_EIO when the file could not be written. */
int psi_record_begin(psi_record_out *o, size_t unit);
int psi_record_end(psi_record_out *o, size_t unit, unsigned compiler_errors);
int psi_record_declaration(psi_record_out *o, int is_literal, uint64_t identity);
int psi_record_finding(psi_record_out *o, const psi_finding_record *f);
int psi_record_seen(psi_record_out *o, const char *path);
int psi_record_directive(psi_record_out *o, const char *file, unsigned line,
                         unsigned column, unsigned end_line, const char *text);
int psi_record_diagnostics(psi_record_out *o, const psi_diags *diags);
int psi_record_flow(psi_record_out *o, const psi_flow_sink *flow);
int psi_record_summary(psi_record_out *o, const psi_summary *summary);
int psi_record_call(psi_record_out *o, const char *usr, int tainted_arguments,
                    int parameter_arguments);
int psi_record_use(psi_record_out *o, const psi_flow_use *use);
/* The unit was not traced (psi_work's defer_unflagged); the hashes are
 * sorted and unique. */
int psi_record_untraced(psi_record_out *o, const psi_hashes *defined, const psi_hashes *called);
/* A declaration that is a sink: a variable, field or function (`d->kind`). */
int psi_record_sink(psi_record_out *o, const psi_decl *d);

/* ---- reading records (in the caller) ------------------------------------ */

/* Read one worker's file into `h`.  `*open_unit` receives the unit it began
 * and did not finish, or SIZE_MAX. */
int psi_read_worker(FILE *in, const psi_work *work, psi_harvest *h, size_t *open_unit,
                    ps_error *err);

/* ---- a worker's job (unit.c) --------------------------------------------- */

/* Take units from `next` until none is left, writing what they hold to
 * `out`.  A worker that gives up says why in `failure`, which the pool
 * shares with the caller: the failure may be that `out` cannot be written. */
void psi_worker_main(const psi_work *work, atomic_size_t *next, FILE *out, ps_error *failure);

#endif
