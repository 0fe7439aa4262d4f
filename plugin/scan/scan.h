/*
 * The scan's own stages beside its sequence (scan.c): the rounds of flows
 * across units, and the merge of what the workers found.
 */
#ifndef PSI_SCAN_H
#define PSI_SCAN_H

#include "config/config.h"
#include "exceptions/exceptions.h"
#include "run/run.h"

/* After every unit was traced once (`first`, with its workers, project and
 * rules): trace again, in rounds, the units that call a function whose
 * summary grew, until no summary grows or a bound is reached. */
int psi_trace_across_units(const psi_work *first, psi_harvest *harvest, ps_error *err);

/* Move what the workers found into `result`: its statistics (`units` is how
 * many translation units were parsed), its findings and diagnostics sorted,
 * de-duplicated and with paths shown relative to `cwd`, the exceptions of
 * `options` and of the directives applied, and fingerprints. */
/* `path` relative to `cwd` when below it, as results show paths; a copy,
 * NULL for NULL or when memory ran out (merge.c). */
char *psi_display_path(const char *path, const char *cwd);

/* Provenance and coverage (provenance.c): begun before the plan, ended
 * after the merge; psi_provenance_clear frees what they hold. */
int psi_provenance_begin(ps_provenance *p, const ps_scan_options *options, ps_error *err);
int psi_provenance_end(ps_provenance *p, psi_harvest *harvest, const psi_config_set *configs,
                       const char *cwd, ps_error *err);
void psi_provenance_clear(ps_provenance *p);
/* The state of each git repository that holds a root of `project` (vcs.c),
 * recorded in `p`; one libgit2 cannot read is a warning in `diags`.  Fails
 * only when memory runs out. */
int psi_provenance_vcs(ps_provenance *p, const psi_project *project, psi_diags *diags,
                       ps_error *err);

/* Does `path` (absolute) fall in shard `index` of `count`?  By a hash of the
 * path relative to `cwd`, so that it does not depend on where the tree is
 * checked out (shard.c). */
int psi_in_shard(const char *path, const char *cwd, unsigned index, unsigned count);

/* Sources (sources.c).  Point each kept flow at the finding that reports
 * the declaration it uses, found by USR among `all` (those not `dropped`):
 * its file, line and column.  Run on display paths, before the findings
 * move into the result. */
int psi_link_flow_sources(psi_raw_finding *all, size_t total, const unsigned char *dropped);
/* Once fingerprints are final: copy each flow's source's into it. */
void psi_link_source_fingerprints(ps_result *result);

int psi_merge_harvest(psi_harvest *harvest, const psi_plan *plan, size_t units,
                      const char *cwd, const ps_scan_options *options, ps_result *result,
                      ps_error *err);

#endif
