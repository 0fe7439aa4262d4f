/*
 * The scan driver: builds the plan, has the workers (worker.c) parse,
 * extract and classify it, then merges what they found into one sorted,
 * de-duplicated result.
 *
 * Sources are scanned first; headers found on disk that no source included
 * are scanned on their own afterwards.  Everything is sorted once gathered,
 * which is why the output does not depend on the number of workers or on
 * which worker parsed what.
 */
#define _GNU_SOURCE /* qsort_r */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exceptions/exceptions.h"
#include "run/run.h"

/* ---- merging ------------------------------------------------------------ */

static int compare_ids(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* How many different values `ids` holds; sorts it. */
static size_t count_unique_ids(uint64_t *ids, size_t count)
{
	psi_sort(ids, count, sizeof *ids, compare_ids);
	size_t unique = 0;
	for (size_t i = 0; i < count; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			unique++;
	return unique;
}

/* Paths as the user sees them: relative to the working directory when below it. */
static char *display_path(const char *path, const char *cwd)
{
	size_t n = strlen(cwd);
	if (path && path[0] == '/' && strncmp(path, cwd, n) == 0 && path[n] == '/')
		return psi_strdup(path + n + 1);
	return path ? psi_strdup(path) : NULL;
}

static int shorten_path(char **path, const char *cwd);

/* Flows of one use into one sink are the same finding, whatever the path. */
static int compare_sinks(const ps_flow *x, const ps_flow *y)
{
	if (!x || !y) return (x != NULL) - (y != NULL);
	int c = strcmp(x->sink_file, y->sink_file);
	if (c) return c;
	if (x->sink_line != y->sink_line) return x->sink_line < y->sink_line ? -1 : 1;
	if (x->sink_kind != y->sink_kind) return x->sink_kind < y->sink_kind ? -1 : 1;
	return strcmp(x->sink_name, y->sink_name);
}

/* Of two paths of the same flow the shorter, then the first in order. */
static int compare_paths(const ps_flow *x, const ps_flow *y)
{
	if (!x || !y) return 0;
	if (x->step_count != y->step_count) return x->step_count < y->step_count ? -1 : 1;
	for (size_t i = 0; i < x->step_count; i++) {
		const ps_flow_step *p = &x->steps[i], *q = &y->steps[i];
		int c = strcmp(p->file, q->file);
		if (c) return c;
		if (p->line != q->line) return p->line < q->line ? -1 : 1;
		if (p->column != q->column) return p->column < q->column ? -1 : 1;
		if ((c = strcmp(p->message, q->message))) return c;
	}
	return 0;
}

static int compare_finding_keys(const ps_finding *x, const ps_finding *y)
{
	int c = strcmp(x->file, y->file);
	if (c) return c;
	if (x->line != y->line) return x->line < y->line ? -1 : 1;
	if (x->column != y->column) return x->column < y->column ? -1 : 1;
	if ((c = strcmp(x->rule->id, y->rule->id))) return c;
	if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->name, y->name))) return c;
	return compare_sinks(x->flow, y->flow);
}

static int shorten_path(char **path, const char *cwd)
{
	char *shown = display_path(*path, cwd);
	if (!shown)
		return -1;
	free(*path);
	*path = shown;
	return 0;
}

static int compare_public_findings(const void *a, const void *b)
{
	const ps_finding *x = a, *y = b;
	int c = compare_finding_keys(x, y);
	return c ? c : compare_paths(x->flow, y->flow);
}

static int compare_findings(const void *a, const void *b)
{
	return compare_public_findings(&((const psi_raw_finding *)a)->f,
	                               &((const psi_raw_finding *)b)->f);
}

/* A function or variable declared in a header and defined in a source file,
 * or a namespace opened in many files, is one entity (one USR): report it
 * once, at its definition, or at its first declaration when no definition
 * was seen. */
static int merges_by_usr(const psi_raw_finding *r)
{
	return r->usr[0] != '\0' &&
	       (r->f.kind == PS_KIND_FUNCTION || r->f.kind == PS_KIND_VARIABLE ||
	        r->f.kind == PS_KIND_TYPE || r->f.kind == PS_KIND_NAMESPACE ||
	        r->f.kind == PS_KIND_ENUM_CONSTANT);
}

static int compare_by_usr(const void *a, const void *b, void *base)
{
	const psi_raw_finding *all = base;
	const psi_raw_finding *x = &all[*(const size_t *)a], *y = &all[*(const size_t *)b];
	int c = strcmp(x->usr, y->usr);
	if (c) return c;
	if ((c = strcmp(x->f.rule->id, y->f.rule->id))) return c;
	if (x->is_definition != y->is_definition) return y->is_definition - x->is_definition;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	return (i > j) - (i < j); /* the earlier in sorted order */
}

/* Move the harvest's findings into `result`, sorted and de-duplicated. */
static int merge_findings(psi_harvest *h, const char *cwd, ps_result *result)
{
	size_t total = h->finding_count;
	psi_raw_finding *all = h->findings;
	unsigned char *dropped = calloc(total ? total : 1, 1);
	size_t *order = malloc((total ? total : 1) * sizeof *order);
	result->findings = calloc(total ? total : 1, sizeof *result->findings);
	if (!dropped || !order || !result->findings) {
		free(dropped);
		free(order);
		return PS_ENOMEM;
	}
	int rc = PS_OK;
	for (size_t i = 0; i < total; i++) {
		if (shorten_path(&all[i].f.file, cwd) < 0)
			return PS_ENOMEM;
		ps_flow *flow = all[i].f.flow;
		if (flow && shorten_path(&flow->sink_file, cwd) < 0)
			return PS_ENOMEM;
		for (size_t k = 0; flow && k < flow->step_count; k++)
			if (shorten_path(&flow->steps[k].file, cwd) < 0)
				return PS_ENOMEM;
	}
	psi_sort(all, total, sizeof *all, compare_findings);
	for (size_t i = 1; i < total; i++)
		if (compare_finding_keys(&all[i - 1].f, &all[i].f) == 0)
			dropped[i] = 1;
	size_t candidates = 0;
	for (size_t i = 0; i < total; i++)
		if (!dropped[i] && merges_by_usr(&all[i]))
			order[candidates++] = i;
	if (candidates > 1)
		qsort_r(order, candidates, sizeof *order, compare_by_usr, all);
	for (size_t k = 1; k < candidates; k++) {
		const psi_raw_finding *x = &all[order[k - 1]], *y = &all[order[k]];
		if (strcmp(x->usr, y->usr) == 0 && x->f.rule == y->f.rule)
			dropped[order[k]] = 1;
	}
	/* Ownership of the kept findings' strings moves to the result. */
	for (size_t i = 0; i < total; i++) {
		if (!dropped[i]) {
			result->findings[result->finding_count++] = all[i].f;
			result->stats.findings_by_category[all[i].f.rule->category]++;
			free(all[i].usr);
		} else {
			psi_raw_finding_clear(&all[i]);
		}
	}
	free(h->findings);
	h->findings = NULL;
	h->finding_count = h->finding_capacity = 0;
	free(dropped);
	free(order);
	return rc;
}

static uint64_t fingerprint_key(const ps_finding *f)
{
	const char *parts[] = {f->rule->id, f->file, ps_kind_name(f->kind), f->name,
	                       f->scope ? f->scope : ""};
	uint64_t h = 0;
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		h = psi_hash(h, parts[i], strlen(parts[i]) + 1);
	/* One use feeding two sinks is two findings. */
	if (f->flow)
		h = psi_hash(h, f->flow->sink_name, strlen(f->flow->sink_name) + 1);
	return h;
}

/* Findings are sorted by file, so the occurrence count only looks back
 * within the same file. */
static void add_fingerprints(ps_result *result)
{
	size_t file_start = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		ps_finding *f = &result->findings[i];
		if (i > 0 && strcmp(f->file, result->findings[i - 1].file) != 0)
			file_start = i;
		uint64_t key = fingerprint_key(f);
		unsigned occurrence = 0;
		for (size_t k = file_start; k < i; k++)
			occurrence += fingerprint_key(&result->findings[k]) == key;
		snprintf(f->fingerprint, sizeof f->fingerprint, "%016llx",
		         (unsigned long long)psi_hash(key, &occurrence, sizeof occurrence));
	}
}

static int compare_diagnostics(const void *a, const void *b)
{
	const ps_diagnostic *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c) return c;
	if (x->line != y->line) return x->line < y->line ? -1 : 1;
	if (x->column != y->column) return x->column < y->column ? -1 : 1;
	if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
	return strcmp(x->message, y->message);
}

static int merge_diagnostics(psi_diags *all, const char *cwd, ps_result *result)
{
	for (size_t i = 0; i < all->count; i++) {
		char *shown = display_path(all->items[i].file, cwd);
		free(all->items[i].file);
		all->items[i].file = shown;
	}
	psi_sort(all->items, all->count, sizeof *all->items, compare_diagnostics);
	size_t kept = 0;
	for (size_t i = 0; i < all->count; i++) {
		if (kept > 0 && compare_diagnostics(&all->items[kept - 1], &all->items[i]) == 0) {
			free(all->items[i].file);
			free(all->items[i].message);
			continue;
		}
		all->items[kept++] = all->items[i];
	}
	result->diagnostics = all->items;
	result->diagnostic_count = kept;
	memset(all, 0, sizeof *all);
	return PS_OK;
}

/* ---- flows across translation units ------------------------------------- */

/* Rounds after the first: a unit that calls a function whose summary grew
 * in the last round is traced again with the new summaries, until nothing
 * grows or the bound is reached (a chain of calls through more units than
 * rounds is followed as far as the bound). */
#define MAX_FLOW_ROUNDS 4

static int compare_pointers(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a, y = (uintptr_t)*(const void *const *)b;
	return (x > y) - (x < y);
}

static int trace_across_units(const psi_work *first, psi_harvest *h, ps_error *err)
{
	int rc = PS_OK;
	psi_unit *rounds[MAX_FLOW_ROUNDS] = {0};
	for (int round = 0; rc == PS_OK && round < MAX_FLOW_ROUNDS; round++) {
		/* A unit calls for another round when what it calls returns more
		 * than it knew, or has parameters into sinks it did not know of and
		 * the unit passes it a flagged value. */
		psi_strings returns = h->returns_changed, sinks = h->sinks_changed;
		memset(&h->returns_changed, 0, sizeof h->returns_changed);
		memset(&h->sinks_changed, 0, sizeof h->sinks_changed);
		psi_sort(returns.items, returns.count, sizeof *returns.items, psi_compare_strings);
		psi_sort(sinks.items, sinks.count, sizeof *sinks.items, psi_compare_strings);
		const psi_unit **units = calloc(h->external_call_count + 1, sizeof *units);
		size_t count = 0;
		if (!units)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		for (size_t i = 0; rc == PS_OK && i < h->external_call_count; i++) {
			const struct psi_external_call *call = &h->external_calls[i];
			if (psi_search(&call->usr, returns.items, returns.count, sizeof *returns.items,
				       psi_compare_strings) ||
			    (call->tainted_arguments &&
			     psi_search(&call->usr, sinks.items, sinks.count, sizeof *sinks.items,
					psi_compare_strings)))
				units[count++] = call->unit;
		}
		psi_strings_clear(&returns);
		psi_strings_clear(&sinks);
		psi_sort(units, count, sizeof *units, compare_pointers);
		size_t unique = 0;
		for (size_t i = 0; i < count; i++)
			if (unique == 0 || units[unique - 1] != units[i])
				units[unique++] = units[i];
		if (rc == PS_OK && unique > 0) {
			/* Kept until the end: calls recorded in this round point into it. */
			rounds[round] = calloc(unique, sizeof *rounds[round]);
			if (!rounds[round])
				rc = psi_fail(err, PS_ENOMEM, "out of memory");
			for (size_t i = 0; rc == PS_OK && i < unique; i++)
				rounds[round][i] = *units[i];
			psi_work again = *first;
			again.units = rounds[round];
			again.count = unique;
			again.flows_only = 1;
			again.summaries = &h->summaries;
			if (rc == PS_OK)
				rc = psi_run_workers(&again, h, err);
		}
		free(units);
		if (unique == 0)
			break;
	}
	for (int round = 0; round < MAX_FLOW_ROUNDS; round++)
		free(rounds[round]);
	return rc;
}

/* ---- the scan ----------------------------------------------------------- */

/* The headers that no unit of the first phase included, as units of their own. */
static int lone_headers(const psi_plan *plan, const ps_scan_options *options,
                        psi_strings *seen, psi_unit **units, size_t *count)
{
	*units = calloc(plan->headers.count + 1, sizeof **units);
	*count = 0;
	int rc = *units ? 0 : -1;
	for (size_t h = 0; rc == 0 && h < plan->headers.count; h++) {
		const char *header = plan->headers.items[h];
		if (psi_search(&header, seen->items, seen->count, sizeof *seen->items, psi_compare_strings))
			continue;
		rc = psi_unit_with_defaults(plan, header, options, &(*units)[*count]);
		(*count)++;
	}
	return rc;
}

/* Leave out the units and headers a configuration file excludes. */
static void drop_excluded(psi_plan *plan)
{
	size_t kept = 0;
	for (size_t i = 0; i < plan->unit_count; i++) {
		if (psi_project_contains(&plan->project, plan->units[i].file))
			plan->units[kept++] = plan->units[i];
		else
			psi_unit_clear(&plan->units[i]);
	}
	plan->unit_count = kept;
	kept = 0;
	for (size_t i = 0; i < plan->headers.count; i++) {
		if (psi_project_contains(&plan->project, plan->headers.items[i]))
			plan->headers.items[kept++] = plan->headers.items[i];
		else
			free(plan->headers.items[i]);
	}
	plan->headers.count = kept;
}

int ps_scan(const ps_scan_options *options, ps_result **out, ps_error *err)
{
	*out = NULL;
	if (!options->rules)
		return psi_fail(err, PS_EUSAGE, "ps_scan: no rules given");
	/* A malformed exceptions file is found before minutes of parsing. */
	if (options->exceptions_file) {
		int rc = psi_exceptions_file_check(options->exceptions_file, err);
		if (rc != PS_OK)
			return rc;
	}
	char *resource_dir = NULL;
	int rc = psi_resource_dir(&resource_dir, err);
	if (rc != PS_OK)
		return rc;
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		cwd[0] = '\0';

	ps_result *result = calloc(1, sizeof *result);
	psi_harvest harvest = {0};
	psi_plan plan;
	if (!result) {
		free(resource_dir);
		return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	rc = psi_plan_build(options, &plan, &harvest.diags, err);
	if (rc != PS_OK) {
		psi_harvest_clear(&harvest);
		free(result);
		free(resource_dir);
		return rc;
	}
	psi_config_set configs = {0};
	if (options->rule_source) {
		psi_strings files = {0};
		for (size_t i = 0; rc == PS_OK && i < plan.unit_count; i++)
			if (psi_strings_add(&files, plan.units[i].file) < 0)
				rc = psi_fail(err, PS_ENOMEM, "out of memory");
		for (size_t i = 0; rc == PS_OK && i < plan.headers.count; i++)
			if (psi_strings_add(&files, plan.headers.items[i]) < 0)
				rc = psi_fail(err, PS_ENOMEM, "out of memory");
		psi_sort(files.items, files.count, sizeof *files.items, psi_compare_strings);
		if (rc == PS_OK)
			rc = psi_config_set_find(&configs, &files, options->rule_source, err);
		psi_strings_clear(&files);
		if (rc == PS_OK) {
			plan.project.configs = &configs;
			drop_excluded(&plan);
		}
	}
	psi_work work = {plan.units, plan.unit_count, options->jobs, &plan.project,
	                options->rules, resource_dir, !options->no_flows, 0, NULL};
	if (rc == PS_OK)
		rc = psi_run_workers(&work, &harvest, err);

	psi_unit *headers = NULL;
	size_t header_count = 0;
	if (rc == PS_OK) {
		psi_strings_sort_unique(&harvest.seen_files);
		if (lone_headers(&plan, options, &harvest.seen_files, &headers, &header_count) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	if (rc == PS_OK) {
		work.units = headers;
		work.count = header_count;
		rc = psi_run_workers(&work, &harvest, err);
	}
	if (rc == PS_OK && work.trace_flows)
		rc = trace_across_units(&work, &harvest, err);
	for (size_t i = 0; i < header_count; i++)
		psi_unit_clear(&headers[i]);
	free(headers);

	if (rc == PS_OK) {
		ps_stats *s = &result->stats;
		psi_strings_sort_unique(&harvest.seen_files);
		s->files_discovered = plan.files_discovered;
		s->translation_units = plan.unit_count + header_count;
		s->translation_units_with_errors = harvest.units_with_errors;
		s->declarations = count_unique_ids(harvest.decl_ids, harvest.decl_count);
		s->string_literals = count_unique_ids(harvest.literal_ids, harvest.literal_count);
		s->files_scanned = harvest.seen_files.count;
		if (merge_findings(&harvest, cwd, result) != PS_OK)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		else {
			merge_diagnostics(&harvest.diags, cwd, result);
			rc = psi_apply_exceptions(result, harvest.directives, harvest.directive_count,
						  cwd, options, err);
			/* Findings about exception comments join the others in order. */
			psi_sort(result->findings, result->finding_count, sizeof *result->findings,
				 compare_public_findings);
			add_fingerprints(result);
		}
		/* Every error diagnostic is an input that was not scanned. */
		for (size_t i = 0; i < result->diagnostic_count; i++)
			s->files_failed += result->diagnostics[i].severity == PS_SEVERITY_ERROR;
	}
	/* The findings borrow rules from the configurations' rulesets. */
	if (rc == PS_OK && configs.count > 0) {
		result->rulesets = calloc(configs.count, sizeof *result->rulesets);
		if (!result->rulesets)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		for (size_t i = 0; rc == PS_OK && i < configs.count; i++)
			result->rulesets[result->ruleset_count++] = configs.entries[i].rules;
	}
	psi_config_set_clear(&configs, rc == PS_OK);
	psi_harvest_clear(&harvest);
	psi_plan_clear(&plan);
	free(resource_dir);
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
	for (size_t i = 0; i < result->finding_count; i++)
		psi_finding_clear(&result->findings[i]);
	free(result->findings);
	for (size_t i = 0; i < result->diagnostic_count; i++) {
		free(result->diagnostics[i].file);
		free(result->diagnostics[i].message);
	}
	free(result->diagnostics);
	for (size_t i = 0; i < result->ruleset_count; i++)
		ps_ruleset_free(result->rulesets[i]);
	free(result->rulesets);
	free(result);
}
