/*
 * The scan's own stages beside its sequence (scan.c): the rounds of flows
 * across units, and the merge of what the workers found.
 */
#ifndef PSI_SCAN_H
#define PSI_SCAN_H

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
int psi_merge_harvest(psi_harvest *harvest, const psi_plan *plan, size_t units,
                      const char *cwd, const ps_scan_options *options, ps_result *result,
                      ps_error *err);

#endif
