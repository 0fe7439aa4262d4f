/*
 * The scan's own stages beside its sequence (scan.c): the rounds of flows
 * across units, and the merge of what the workers found.
 */
#ifndef PSI_SCAN_H
#define PSI_SCAN_H

#include "config/config.h"
#include "exceptions/exceptions.h"
#include "prefilter/prefilter.h"
#include "run/run.h"

/* After every unit was traced once (`first`, with its workers, project and
 * rules): trace again, in rounds, the units that call a function whose
 * summary grew, until no summary grows or a bound is reached. */
int psi_trace_across_units(const psi_work *first, psi_harvest *harvest, ps_error *err);

/* The units of the project's context a scan parsed (context.c), in the
 * batches of the rounds that chose them: kept until the scan ends, since
 * the calls recorded in the harvest point into them. */
typedef struct psi_context_batches {
	struct psi_context_batch {
		psi_unit *units;   /* shallow copies: the plan owns their strings */
		size_t count;
	} *items;
	size_t count, capacity;
	size_t parsed;
} psi_context_batches;

/* After the units of the paths given were parsed: parse, in rounds, the
 * plan's context units that spell a name the harvest's flagged
 * declarations or tainted callees have, until none is chosen. */
int psi_scan_context(const psi_work *first, const psi_plan *plan, psi_harvest *harvest,
                     size_t max_file_size, psi_context_batches *batches, ps_error *err);
void psi_context_batches_clear(psi_context_batches *batches);
/* A function's name from its USR ("c:@F@name", "c:@N@ns@S@Cls@F@name#I#"),
 * or NULL for what has no plain name (templates, Objective-C methods). */
const char *psi_callee_name(const char *usr, size_t *length);

/* The units the prefilter skipped (skipped.c): shallow copies (the plan and
 * the lone headers own their strings), and those of them parsed later
 * because a flow can pass through a function one defines, in the batches
 * of the rounds that chose them (kept: calls recorded point into them). */
typedef struct psi_skipped {
	psi_prefilter prefilter;
	int active;                 /* the prefilter is in use */
	psi_unit *units;
	size_t count, capacity;
	unsigned char *parsed;      /* per unit */
	size_t parsed_count;
	psi_context_batches batches;
	size_t calls_seen;          /* of the harvest's external calls */
} psi_skipped;

/* Make the prefilter of a scan, unless options turn it off or it cannot
 * skip anything; `resource_dir` and the plan must outlive it.  A warning
 * in `diags` when the rule packs need more of its bits than it has. */
int psi_skipped_begin(psi_skipped *s, const ps_scan_options *options, const psi_plan *plan,
                      const psi_config_set *configs, const char *resource_dir,
                      psi_diags *diags, ps_error *err);
/* Decide each of `units`: the candidates first (in their order, their
 * number in `*candidates`), then the skipped ones, also copied to `s`.  The
 * array's owner keeps owning all of them. */
int psi_skipped_partition(psi_skipped *s, psi_unit *units, size_t count, size_t *candidates,
                          ps_error *err);
/* Parse the skipped units a flow can pass through: those spelling the name
 * of a function a parsed unit passes a flagged value to, whose summary
 * returns one, or that a unit parsed this way calls; in rounds until none
 * is added.  `*added` is how many were parsed. */
int psi_skipped_parse(psi_skipped *s, const psi_work *first, psi_harvest *harvest,
                      size_t *added, ps_error *err);
/* How many were skipped and never parsed. */
size_t psi_skipped_left(const psi_skipped *s);
void psi_skipped_clear(psi_skipped *s);

/* The units the first round did not trace, having nothing flagged
 * (untraced.c): which of the harvest's untraced units were traced later,
 * in the batches of the rounds that chose them (kept: calls recorded point
 * into them). */
typedef struct psi_untraced {
	unsigned char *traced;      /* per harvest untraced unit */
	size_t traced_size;
	psi_context_batches batches;
	size_t calls_seen;          /* of the harvest's external calls */
} psi_untraced;

/* Trace the untraced units a flow can reach: those defining a function a
 * traced unit passes a flagged value to, or that a unit traced here calls,
 * and those calling a function whose summary returns one; in rounds until
 * none is added.  `*added` is how many were traced. */
int psi_untraced_trace(psi_untraced *u, const psi_work *first, psi_harvest *harvest,
                       size_t *added, ps_error *err);
void psi_untraced_clear(psi_untraced *u);

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

/* Does `r` report an entity that other units name by the same USR (a
 * function, global, type, namespace or enum constant), as opposed to a
 * field or local, which is only ever the declaration at its place? */
int psi_links_by_usr(const psi_raw_finding *r);
/* Sources (sources.c).  Point each kept flow at the finding that reports
 * the declaration it uses, found by USR among `all` (those not `dropped`):
 * its file, line and column.  Run on display paths, before the findings
 * move into the result. */
int psi_link_flow_sources(psi_raw_finding *all, size_t total, const unsigned char *dropped);
/* A flow found in a file of the context is reported when the declaration
 * it uses is: a header given, whose field an unchanged source's score uses.
 * Clears `context_only` of those flows among `all`. */
int psi_report_flows_from_reported(psi_raw_finding *all, size_t total,
                                   const unsigned char *dropped);
/* Sinks (sinks.c): move the harvest's sinks into `result`, those of the
 * files `project` reports, with paths shown relative to `cwd`, each once,
 * and add the sink of each flow of `result` that none of them is.  -1 when
 * memory ran out. */
int psi_merge_sinks(psi_harvest *h, const psi_project *project, const char *cwd,
                    ps_result *result);
/* Uses (uses.c): give `r`, a kept finding of a flagged declaration, the
 * uses of its USR in `uses`, with paths shown relative to `cwd`; nothing
 * for other findings.  -1 when memory ran out. */
int psi_attach_uses(psi_raw_finding *r, const psi_uses *uses, const char *cwd);
/* Once fingerprints are final: copy each flow's source's into it. */
void psi_link_source_fingerprints(ps_result *result);

/* Move what the workers found into `result`: its statistics (`units` is how
 * many translation units were parsed, `context_units` how many of them for
 * the context), its findings in reported files (and flows from a declaration
 * there) and diagnostics sorted, de-duplicated and with paths shown
 * relative to `cwd`, the exceptions of `options` and of the directives
 * applied, and fingerprints. */
int psi_merge_harvest(psi_harvest *harvest, const psi_plan *plan, size_t units,
                      size_t context_units, const char *cwd, const ps_scan_options *options, ps_result *result,
                      ps_error *err);

#endif
