/*
 * The scan: the sequence of its stages.  Build the plan (discover/), find
 * the configuration files that apply to it (config/), have the workers
 * parse, extract and classify it (run/), sources first and then the headers
 * no source included, trace flows across units in rounds (rounds.c), and
 * merge what the workers found into one result (merge.c).
 */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "scan/scan.h"

int ps_scan_options_init(ps_scan_options *options, unsigned version, ps_error *err)
{
	if (version != PS_SCAN_OPTIONS_VERSION)
		return psi_fail(err, PS_EUSAGE, "ps_scan_options_init: unknown options version %u "
		                "(this library knows %d)", version, PS_SCAN_OPTIONS_VERSION);
	*options = (ps_scan_options)PS_SCAN_OPTIONS_INIT;
	return PS_OK;
}

/* What fails before any work: a caller's struct of another version has
 * another layout, so none of it is read; a malformed exceptions file is
 * found before minutes of parsing. */
static int check_options(const ps_scan_options *options, ps_error *err)
{
	if (options->version != PS_SCAN_OPTIONS_VERSION)
		return psi_fail(err, PS_EUSAGE, "ps_scan: ps_scan_options version %u is not %d: set "
		                "it with PS_SCAN_OPTIONS_INIT or ps_scan_options_init",
		                options->version, PS_SCAN_OPTIONS_VERSION);
	if (!options->rules)
		return psi_fail(err, PS_EUSAGE, "ps_scan: no rules given");
	if (options->shard_count > 0 ?
	    options->shard_index < 1 || options->shard_index > options->shard_count :
	    options->shard_index != 0)
		return psi_fail(err, PS_EUSAGE, "ps_scan: shard %u of %u does not exist",
		                options->shard_index, options->shard_count);
	if (options->exceptions_file)
		return psi_exceptions_file_check(options->exceptions_file, err);
	return PS_OK;
}

/* What one scan holds while it runs. */
typedef struct scan_state {
	char *resource_dir;
	char cwd[PATH_MAX];
	psi_plan plan;
	int planned;             /* `plan` was built and must be cleared */
	psi_config_set configs;
	psi_harvest harvest;
	psi_unit *headers;       /* the lone headers, units of their own */
	size_t header_count;
	psi_context_batches context;
	psi_strings shard_files; /* with --shard: what its own units showed */
	psi_skipped skipped;     /* what the prefilter left out */
	psi_untraced untraced;   /* units with nothing flagged, traced when reached */
	size_t parsed;           /* units given to libclang, context's included */
} scan_state;

/* The headers that no unit of the first phase included, as units of their
 * own; `covered` (sorted) are those the skipped units include, which a parse
 * of them would have seen. */
static int lone_headers(const psi_plan *plan, const ps_scan_options *options,
                        psi_strings *seen, const psi_strings *covered, psi_unit **units,
                        size_t *count)
{
	*units = calloc(plan->headers.count + 1, sizeof **units);
	*count = 0;
	int rc = *units ? 0 : -1;
	for (size_t h = 0; rc == 0 && h < plan->headers.count; h++) {
		const char *header = plan->headers.items[h];
		if (psi_search(&header, seen->items, seen->count, sizeof *seen->items, psi_compare_strings) ||
		    psi_search(&header, covered->items, covered->count, sizeof *covered->items,
		               psi_compare_strings))
			continue;
		rc = psi_unit_with_defaults(plan, header, options, &(*units)[*count]);
		(*count)++;
	}
	return rc;
}

/* Leave out the units and headers a configuration file excludes; its
 * units join the context (what they declare still seeds flows). */
static int drop_excluded(psi_plan *plan)
{
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < plan->unit_count; i++) {
		if (psi_project_reports(&plan->project, plan->units[i].file)) {
			plan->units[kept++] = plan->units[i];
			continue;
		}
		if (rc == 0 && PSI_PUSH(plan->context, plan->context_count, plan->context_capacity) == 0)
			plan->context[plan->context_count++] = plan->units[i];
		else {
			rc = -1;
			psi_unit_clear(&plan->units[i]);
		}
	}
	plan->unit_count = kept;
	kept = 0;
	for (size_t i = 0; i < plan->headers.count; i++) {
		if (psi_project_reports(&plan->project, plan->headers.items[i]))
			plan->headers.items[kept++] = plan->headers.items[i];
		else
			free(plan->headers.items[i]);
	}
	plan->headers.count = kept;
	return rc;
}

/* Only the units and headers of this shard: the others are counted, as the
 * coverage says what this scan left to other shards, and join the context,
 * so that a flow through a function another shard defines is still found
 * (those of their units that can matter are parsed, their findings not
 * reported: scan/context.c). */
static int keep_shard(psi_plan *plan, const char *cwd, const ps_scan_options *options,
                      ps_provenance *provenance)
{
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < plan->unit_count; i++) {
		if (psi_in_shard(plan->units[i].file, cwd, options->shard_index, options->shard_count)) {
			plan->units[kept++] = plan->units[i];
			continue;
		}
		provenance->units_in_other_shards++;
		if (rc == 0 && PSI_PUSH(plan->context, plan->context_count, plan->context_capacity) == 0)
			plan->context[plan->context_count++] = plan->units[i];
		else {
			rc = -1;
			psi_unit_clear(&plan->units[i]);
		}
	}
	plan->unit_count = kept;
	kept = 0;
	for (size_t i = 0; i < plan->headers.count; i++) {
		/* A header no unit includes is parsed alone by the shard it hashes
		 * to; one that a unit includes is read through that unit. */
		if (psi_in_shard(plan->headers.items[i], cwd, options->shard_index,
		                 options->shard_count))
			plan->headers.items[kept++] = plan->headers.items[i];
		else
			free(plan->headers.items[i]);
	}
	plan->headers.count = kept;
	return rc;
}

/* The plan, without what the configuration files exclude. */
static int plan(scan_state *s, const ps_scan_options *options, ps_provenance *provenance,
                ps_error *err)
{
	if (!getcwd(s->cwd, sizeof s->cwd))
		s->cwd[0] = '\0';
	int rc = psi_plan_build(options, &s->plan, &s->harvest.diags, err);
	s->planned = rc == PS_OK;
	if (rc == PS_OK && options->shard_count &&
	    keep_shard(&s->plan, s->cwd, options, provenance) < 0)
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	if (rc != PS_OK || !options->rule_source)
		return rc;
	psi_strings files = {0};
	for (size_t i = 0; rc == PS_OK && i < s->plan.unit_count; i++)
		if (psi_strings_add(&files, s->plan.units[i].file) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; rc == PS_OK && i < s->plan.headers.count; i++)
		if (psi_strings_add(&files, s->plan.headers.items[i]) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	psi_sort(files.items, files.count, sizeof *files.items, psi_compare_strings);
	if (rc == PS_OK)
		rc = psi_config_set_find(&s->configs, &files, options->rule_source, err);
	psi_strings_clear(&files);
	if (rc == PS_OK) {
		s->plan.project.configs = &s->configs;
		if (drop_excluded(&s->plan) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	return rc;
}

/* A shard reports what its own units and headers showed, as when it
 * parsed nothing else: not the files only other shards' units show. */
static int shard_files(scan_state *s)
{
	psi_strings_sort_unique(&s->harvest.seen_files);
	for (size_t i = 0; i < s->harvest.seen_files.count; i++)
		if (psi_strings_add(&s->shard_files, s->harvest.seen_files.items[i]) < 0)
			return -1;
	/* A unit skipped now may be parsed later, for a flow through it. */
	for (size_t i = 0; i < s->skipped.count; i++)
		if (psi_strings_add(&s->shard_files, s->skipped.units[i].file) < 0)
			return -1;
	psi_strings_sort_unique(&s->shard_files);
	s->plan.project.shard_files = &s->shard_files;
	return 0;
}

/* The project files the skipped units include (sorted): no parse saw them,
 * but one would have, so they are not lone headers. */
static int skipped_closures(scan_state *s, psi_strings *covered)
{
	for (size_t i = 0; i < s->skipped.count; i++)
		if (psi_prefilter_closure(&s->skipped.prefilter, &s->skipped.units[i], covered) < 0)
			return -1;
	psi_strings_sort_unique(covered);
	return 0;
}

/* The sources the prefilter keeps, then the headers they did not include. */
static int first_round(scan_state *s, const ps_scan_options *options, psi_work *work,
                       ps_error *err)
{
	int rc = psi_skipped_begin(&s->skipped, options, &s->plan, &s->configs, s->resource_dir,
	                           &s->harvest.diags, err);
	if (rc == PS_OK)
		rc = psi_skipped_partition(&s->skipped, s->plan.units, s->plan.unit_count,
		                           &work->count, err);
	s->parsed = work->count;
	if (rc == PS_OK)
		rc = psi_run_workers(work, &s->harvest, err);
	if (rc != PS_OK)
		return rc;
	psi_strings_sort_unique(&s->harvest.seen_files);
	psi_strings covered = {0};
	if (skipped_closures(s, &covered) < 0 ||
	    lone_headers(&s->plan, options, &s->harvest.seen_files, &covered, &s->headers,
	                 &s->header_count) < 0)
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	psi_strings_clear(&covered);
	work->units = s->headers;
	work->count = s->header_count;
	if (rc == PS_OK)
		rc = psi_skipped_partition(&s->skipped, s->headers, s->header_count, &work->count,
		                           err);
	s->parsed += work->count;
	if (rc == PS_OK)
		rc = psi_run_workers(work, &s->harvest, err);
	return rc;
}

/* The units a flow can reach that the first round left: the untraced
 * ones and those the prefilter skipped, each of which can call into more of
 * the other. */
static int follow_flows(scan_state *s, const psi_work *work, size_t *added, ps_error *err)
{
	*added = 0;
	int rc = PS_OK;
	for (size_t more = 1; rc == PS_OK && more > 0;) {
		size_t traced = 0, parsed = 0;
		rc = psi_untraced_trace(&s->untraced, work, &s->harvest, &traced, err);
		if (rc == PS_OK)
			rc = psi_skipped_parse(&s->skipped, work, &s->harvest, &parsed, err);
		s->parsed += parsed;
		more = traced + parsed;
		*added += more;
	}
	return rc;
}

/* The workers' passes: the first round, then the units of the project's
 * context that can matter to it, then the rounds of flows across units,
 * with the untraced and skipped units a flow can pass through traced or
 * parsed between them. */
static int run(scan_state *s, const ps_scan_options *options, ps_error *err)
{
	psi_work work = {s->plan.units, s->plan.unit_count, options->jobs, &s->plan.project,
	                 options->rules, s->resource_dir, !options->no_flows, 0, 1, NULL,
	                 options->unit_timeout ? options->unit_timeout : 300,
	                 options->max_memory ? options->max_memory : (size_t)4 << 30};
	int rc = first_round(s, options, &work, err);
	work.defer_unflagged = 0;
	if (rc == PS_OK && options->shard_count && shard_files(s) < 0)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	size_t added = 0;
	if (rc == PS_OK)
		rc = follow_flows(s, &work, &added, err);
	if (rc == PS_OK)
		rc = psi_scan_context(&work, &s->plan, &s->harvest, options->max_file_size,
		                      &s->context, err);
	while (rc == PS_OK && work.trace_flows) {
		rc = psi_trace_across_units(&work, &s->harvest, err);
		if (rc == PS_OK)
			rc = follow_flows(s, &work, &added, err);
		if (added == 0)
			break;
	}
	return rc;
}

/* The findings borrow rules from the configurations' rulesets. */
static int keep_rulesets(const psi_config_set *configs, ps_result *result, ps_error *err)
{
	if (configs->count == 0)
		return PS_OK;
	result->rulesets = calloc(configs->count, sizeof *result->rulesets);
	if (!result->rulesets)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; i < configs->count; i++)
		result->rulesets[result->ruleset_count++] = configs->entries[i].rules;
	return PS_OK;
}

/* `kept`: the result owns the configurations' rulesets. */
static void scan_clear(scan_state *s, int kept)
{
	for (size_t i = 0; i < s->header_count; i++)
		psi_unit_clear(&s->headers[i]);
	free(s->headers);
	psi_context_batches_clear(&s->context);
	psi_skipped_clear(&s->skipped);
	psi_untraced_clear(&s->untraced);
	psi_strings_clear(&s->shard_files);
	psi_config_set_clear(&s->configs, kept);
	psi_harvest_clear(&s->harvest);
	if (s->planned)
		psi_plan_clear(&s->plan);
	free(s->resource_dir);
}

int ps_scan(const ps_scan_options *options, ps_result **out, ps_error *err)
{
	*out = NULL;
	scan_state s = {0};
	ps_result *result = NULL;
	int rc = check_options(options, err);
	if (rc == PS_OK)
		rc = psi_resource_dir(&s.resource_dir, err);
	if (rc == PS_OK && !(result = calloc(1, sizeof *result)))
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	if (rc == PS_OK)
		rc = psi_provenance_begin(&result->provenance, options, err);
	if (rc == PS_OK)
		rc = plan(&s, options, &result->provenance, err);
	/* Before the workers: the state of the tree as the scan starts to read it. */
	if (rc == PS_OK)
		rc = psi_provenance_vcs(&result->provenance, &s.plan.project, &s.harvest.diags, err);
	if (rc == PS_OK)
		rc = run(&s, options, err);
	if (rc == PS_OK)
		rc = psi_merge_harvest(&s.harvest, &s.plan, s.parsed + s.context.parsed,
		                       s.context.parsed, s.cwd, options, result, err);
	if (rc == PS_OK)
		result->stats.units_skipped = psi_skipped_left(&s.skipped);
	if (rc == PS_OK)
		rc = psi_provenance_end(&result->provenance, &s.harvest, &s.configs, s.cwd, err);
	if (rc == PS_OK)
		rc = keep_rulesets(&s.configs, result, err);
	scan_clear(&s, rc == PS_OK);
	if (rc != PS_OK) {
		ps_result_free(result);
		return rc;
	}
	*out = result;
	return PS_OK;
}

void ps_result_free(ps_result *result)
{
	if (!result)
		return;
	/* A merged result's findings and diagnostics are its sources', but for
	 * the arrays of their uses (report/merge_uses.c). */
	for (size_t i = 0; !result->sources && i < result->finding_count; i++)
		psi_finding_clear(&result->findings[i]);
	for (size_t i = 0; result->sources && i < result->finding_count; i++)
		free(result->findings[i].uses);
	free(result->findings);
	for (size_t i = 0; !result->sources && i < result->diagnostic_count; i++) {
		free(result->diagnostics[i].file);
		free(result->diagnostics[i].message);
	}
	free(result->diagnostics);
	for (size_t i = 0; i < result->source_count; i++)
		ps_result_free(result->sources[i]);
	free(result->sources);
	free(result->report_path);
	psi_sinks_free(result->sinks, result->sink_count);
	for (size_t i = 0; i < result->ruleset_count; i++)
		ps_ruleset_free(result->rulesets[i]);
	free(result->rulesets);
	psi_provenance_clear(&result->provenance);
	free(result);
}
