/*
 * The merge: what the workers of a scan reported, made into its result.
 * Findings and diagnostics are sorted and de-duplicated once everything is
 * gathered, which is why the output does not depend on the number of
 * workers or on which worker parsed what; the statistics are counted here
 * for the same reason.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

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
char *psi_display_path(const char *path, const char *cwd)
{
	size_t n = strlen(cwd);
	if (path && n > 0 && path[0] == '/' && strncmp(path, cwd, n) == 0 && path[n] == '/')
		return psi_strdup(path + n + 1);
	return path ? psi_strdup(path) : NULL;
}

static int shorten_path(char **path, const char *cwd)
{
	char *shown = psi_display_path(*path, cwd);
	if (!shown)
		return -1;
	free(*path);
	*path = shown;
	return 0;
}

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
/* Entities by a hash of their USR, which reports do not show; by the USR
 * and the file where two programs define one (`usr_shared`). */
static int name_entities(psi_raw_finding *r)
{
	if (psi_links_by_usr(r)) {
		char *key = r->usr_shared ? psi_sprintf("%s\n%s", r->usr, r->f.file) : NULL;
		if (r->usr_shared && !key)
			return -1;
		psi_entity_of(key ? key : r->usr, r->f.entity);
		free(key);
		r->f.is_definition = r->is_definition;
	}
	if (r->f.flow && r->source_usr && r->source_usr[0] &&
	    (r->f.kind == PS_KIND_FUNCTION || r->f.kind == PS_KIND_VARIABLE))
		psi_entity_of(r->source_usr, r->f.flow->source_entity);
	return 0;
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

/* Is a finding in a file the scan reports, or a flow whose path goes
 * through one (a changed function that carries a flagged value of the
 * context into a score)? */
static int reported(const psi_project *project, const psi_raw_finding *r)
{
	if (psi_project_reports(project, r->f.file))
		return 1;
	const ps_flow *flow = r->f.flow;
	for (size_t k = 0; flow && k < flow->step_count; k++)
		if (psi_project_reports(project, flow->steps[k].file))
			return 1;
	return 0;
}

/* Move the harvest's findings into `result`, sorted and de-duplicated. */
static int merge_findings(psi_harvest *h, const psi_project *project, const char *cwd,
                          ps_result *result)
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
		all[i].context_only = !reported(project, &all[i]);
		if (shorten_path(&all[i].f.file, cwd) < 0)
			return PS_ENOMEM;
		ps_flow *flow = all[i].f.flow;
		if (flow && (shorten_path(&flow->sink_file, cwd) < 0 ||
		             (flow->source_file && shorten_path(&flow->source_file, cwd) < 0)))
			return PS_ENOMEM;
		for (size_t k = 0; flow && k < flow->step_count; k++)
			if (shorten_path(&flow->steps[k].file, cwd) < 0)
				return PS_ENOMEM;
	}
	psi_sort(all, total, sizeof *all, compare_findings);
	for (size_t i = 1; i < total; i++)
		if (compare_finding_keys(&all[i - 1].f, &all[i].f) == 0)
			dropped[i] = 1;
	/* Before entities merge: a function declared in a header given and
	 * defined in a source of the context is reported where it is given. */
	if (psi_report_flows_from_reported(all, total, dropped) < 0)
		rc = PS_ENOMEM;
	for (size_t i = 0; i < total; i++)
		dropped[i] |= all[i].context_only;
	size_t candidates = 0;
	for (size_t i = 0; i < total; i++)
		if (!dropped[i] && psi_links_by_usr(&all[i]))
			order[candidates++] = i;
	if (candidates > 1)
		qsort_r(order, candidates, sizeof *order, compare_by_usr, all);
	/* One entity is reported once, at its definition if any (they sort
	 * first).  Two definitions are two programs' declarations that share a
	 * USR, as a global of the same name in each: both are reported. */
	for (size_t k = 1; k < candidates; k++) {
		psi_raw_finding *x = &all[order[k - 1]], *y = &all[order[k]];
		if (strcmp(x->usr, y->usr) != 0 || x->f.rule != y->f.rule)
			continue;
		if (x->is_definition && y->is_definition)
			x->usr_shared = y->usr_shared = 1;
		else
			dropped[order[k]] = 1;
	}
	if (psi_link_flow_sources(all, total, dropped) < 0)
		rc = PS_ENOMEM;
	/* Ownership of the kept findings' strings moves to the result. */
	for (size_t i = 0; i < total; i++) {
		if (!dropped[i]) {
			if (name_entities(&all[i]) < 0 || psi_attach_uses(&all[i], &h->uses, cwd) < 0)
				rc = PS_ENOMEM;
			result->findings[result->finding_count++] = all[i].f;
			result->stats.findings_by_category[all[i].f.rule->category]++;
			free(all[i].usr);
			free(all[i].source_usr);
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
	/* One use feeding two sinks is two findings.  A sink is its name, and
	 * its file when that is not the use's (already in the key): a function
	 * whose parameter feeds a `score` in each of its callers' files has a
	 * flow into each, and each must keep its fingerprint in a shard that
	 * reports only some of them (scan.c, keep_shard). */
	if (f->flow) {
		h = psi_hash(h, f->flow->sink_name, strlen(f->flow->sink_name) + 1);
		if (strcmp(f->flow->sink_file, f->file) != 0)
			h = psi_hash(h, f->flow->sink_file, strlen(f->flow->sink_file) + 1);
	}
	return h;
}

typedef struct keyed {
	uint64_t key;
	size_t index;
} keyed;

static int by_key_then_position(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* A finding's fingerprint is its key and which of the findings sharing that
 * key it is, in the order of the result.  Sorting (key, position) pairs
 * numbers them in O(n log n): counting the earlier ones of each finding
 * took 78 s for 40,000 findings in one file. */
static int add_fingerprints(ps_result *result)
{
	keyed *keys = malloc((result->finding_count + 1) * sizeof *keys);
	if (!keys)
		return -1;
	for (size_t i = 0; i < result->finding_count; i++)
		keys[i] = (keyed){fingerprint_key(&result->findings[i]), i};
	psi_sort(keys, result->finding_count, sizeof *keys, by_key_then_position);
	unsigned occurrence = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		occurrence = i > 0 && keys[i].key == keys[i - 1].key ? occurrence + 1 : 0;
		ps_finding *f = &result->findings[keys[i].index];
		snprintf(f->fingerprint, sizeof f->fingerprint, "%016llx",
		         (unsigned long long)psi_hash(keys[i].key, &occurrence, sizeof occurrence));
	}
	free(keys);
	return 0;
}

static int merge_diagnostics(psi_diags *all, const char *cwd, ps_result *result)
{
	for (size_t i = 0; i < all->count; i++) {
		char *shown = psi_display_path(all->items[i].file, cwd);
		free(all->items[i].file);
		all->items[i].file = shown;
	}
	psi_sort(all->items, all->count, sizeof *all->items, psi_diagnostic_compare);
	size_t kept = 0;
	for (size_t i = 0; i < all->count; i++) {
		if (kept > 0 && psi_diagnostic_compare(&all->items[kept - 1], &all->items[i]) == 0) {
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

/* Exception comments are read where findings are reported: one in a file
 * of the context would be reported as unused, its findings being dropped. */
static void keep_reported_directives(psi_harvest *h, const psi_project *project)
{
	size_t kept = 0;
	for (size_t i = 0; i < h->directive_count; i++) {
		if (psi_project_reports(project, h->directives[i].file)) {
			h->directives[kept++] = h->directives[i];
			continue;
		}
		free(h->directives[i].file);
		free(h->directives[i].text);
	}
	h->directive_count = kept;
}

int psi_merge_harvest(psi_harvest *harvest, const psi_plan *plan, size_t units,
                      size_t context_units, const char *cwd, const ps_scan_options *options,
                      ps_result *result, ps_error *err)
{
	ps_stats *s = &result->stats;
	s->context_units = context_units;
	psi_strings_sort_unique(&harvest->seen_files);
	s->files_discovered = plan->files_discovered;
	s->translation_units = units;
	s->translation_units_with_errors = harvest->units_with_errors;
	s->declarations = count_unique_ids(harvest->decl_ids, harvest->decl_count);
	s->string_literals = count_unique_ids(harvest->literal_ids, harvest->literal_count);
	s->files_scanned = harvest->seen_files.count;
	int rc;
	keep_reported_directives(harvest, &plan->project);
	if (merge_findings(harvest, &plan->project, cwd, result) != PS_OK) {
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	} else {
		merge_diagnostics(&harvest->diags, cwd, result);
		/* Fingerprints first: an exceptions file may name a finding by
		 * its fingerprint. */
		rc = add_fingerprints(result) == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
		if (rc == PS_OK)
			rc = psi_apply_exceptions(result, harvest->directives,
			                          harvest->directive_count, cwd, options, err);
		/* Findings about exception comments join the others in order, and
		 * get fingerprints of their own; the others keep theirs, since
		 * their keys and order do not change. */
		psi_sort(result->findings, result->finding_count, sizeof *result->findings,
		         compare_public_findings);
		if (rc == PS_OK && add_fingerprints(result) != 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		if (rc == PS_OK)
			psi_link_source_fingerprints(result);
		if (rc == PS_OK && psi_merge_sinks(harvest, &plan->project, cwd, result) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	/* Every error diagnostic is an input that was not scanned. */
	for (size_t i = 0; i < result->diagnostic_count; i++)
		s->files_failed += result->diagnostics[i].severity == PS_SEVERITY_ERROR;
	return rc;
}
