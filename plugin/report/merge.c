/*
 * Results of several scans as one (profilescan merge): the shards of a CI
 * matrix, or the codebases an auditor inspected.  What one scan does for
 * its units the merge does for the scans: a finding several of them hold
 * (a header two shards both read) is kept once, and an entity declared in
 * one scan's header and defined in another's source is kept once, at its
 * definition; a flow whose source was such a declaration then names the
 * definition's finding, and the finding kept lists the uses of all of them
 * (merge_uses.c).  So merging the reports of the N shards of a tree
 * gives the findings of one scan of it.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static int compare_places(const ps_finding *x, const ps_finding *y)
{
	int c = strcmp(x->file, y->file);
	if (c) return c;
	if (x->line != y->line) return x->line < y->line ? -1 : 1;
	if (x->column != y->column) return x->column < y->column ? -1 : 1;
	if ((c = strcmp(x->rule->id, y->rule->id))) return c;
	return strcmp(x->fingerprint, y->fingerprint);
}

static int by_place(const void *a, const void *b)
{
	return compare_places(a, b);
}

typedef struct entity_ref {
	const ps_finding *f;
	size_t index;
} entity_ref;

static int by_entity(const void *a, const void *b)
{
	const entity_ref *x = a, *y = b;
	int c = strcmp(x->f->entity, y->f->entity);
	if (c) return c;
	if ((c = strcmp(x->f->rule->id, y->f->rule->id))) return c;
	if (x->f->is_definition != y->f->is_definition)
		return y->f->is_definition - x->f->is_definition;
	return (x->index > y->index) - (x->index < y->index);
}

/* Drop the declarations of an entity another kept finding defines; their
 * uses go to it (`keeper`). */
static int keep_definitions(ps_finding *all, size_t n, unsigned char *dropped, size_t *keeper)
{
	entity_ref *refs = malloc((n + 1) * sizeof *refs);
	size_t count = 0;
	if (!refs)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!dropped[i] && all[i].entity[0] && !all[i].flow)
			refs[count++] = (entity_ref){&all[i], i};
	psi_sort(refs, count, sizeof *refs, by_entity);
	size_t first = 0;
	for (size_t k = 1; k < count; k++) {
		if (strcmp(refs[k].f->entity, refs[k - 1].f->entity) != 0 ||
		    strcmp(refs[k].f->rule->id, refs[k - 1].f->rule->id) != 0) {
			first = k;
			continue;
		}
		dropped[refs[k].index] = 1;
		keeper[refs[k].index] = refs[first].index;
	}
	free(refs);
	return 0;
}

/* Is `d` the declaration `flow` (of `f`) starts from?  By entity, or, for
 * a flow whose report held no finding of its source (a parameter of a
 * function in a shard's context), by the place the flow gives and name. */
static int is_source(const ps_finding *d, const ps_finding *f, const ps_flow *flow)
{
	if (d->flow || strcmp(d->rule->id, flow->source_rule->id) != 0)
		return 0;
	if (flow->source_entity[0])
		return strcmp(d->entity, flow->source_entity) == 0;
	return !flow->source_fingerprint[0] && flow->source_file && d->line == flow->source_line &&
	       strcmp(d->file, flow->source_file) == 0 && strcmp(d->name, f->name) == 0;
}

/* A flow names its source's finding: after the merge, the one kept. */
static int relink(ps_finding *kept, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ps_flow *flow = kept[i].flow;
		int wanted = flow && (flow->source_entity[0] || !flow->source_fingerprint[0]);
		for (size_t k = 0; wanted && k < n; k++) {
			const ps_finding *d = &kept[k];
			if (!is_source(d, &kept[i], flow))
				continue;
			char *file = psi_strdup(d->file);
			if (!file)
				return -1;
			free(flow->source_file);
			flow->source_file = file;
			flow->source_line = d->line;
			memcpy(flow->source_fingerprint, d->fingerprint, sizeof flow->source_fingerprint);
			break;
		}
	}
	return 0;
}

static int merge_findings(ps_result *merged, ps_result *const *results, size_t count)
{
	size_t total = 0, kept = 0;
	for (size_t i = 0; i < count; i++)
		total += results[i]->finding_count;
	ps_finding *all = malloc((total + 1) * sizeof *all);
	unsigned char *dropped = calloc(total + 1, 1);
	size_t *keeper = malloc((total + 1) * sizeof *keeper);
	int rc = all && dropped && keeper ? 0 : -1;
	for (size_t i = 0, at = 0; rc == 0 && i < count; i++)
		for (size_t k = 0; k < results[i]->finding_count; k++)
			all[at++] = results[i]->findings[k];
	if (rc == 0) {
		psi_sort(all, total, sizeof *all, by_place);
		for (size_t i = 0; i < total; i++) {
			dropped[i] = i > 0 && compare_places(&all[i - 1], &all[i]) == 0;
			keeper[i] = dropped[i] ? keeper[i - 1] : i;
		}
		rc = keep_definitions(all, total, dropped, keeper);
	}
	if (rc == 0)
		rc = psi_merge_uses(all, total, keeper);
	for (size_t i = 0; rc == 0 && i < total; i++)
		if (!dropped[i]) {
			all[kept++] = all[i];
			merged->stats.findings_by_category[all[i].rule->category]++;
		}
	if (rc == 0)
		rc = relink(all, kept);
	free(dropped);
	free(keeper);
	merged->findings = all;
	/* What was kept, even when relinking failed: its uses are freed with it. */
	merged->finding_count = kept;
	return rc;
}

static int merge_diagnostics(ps_result *merged, ps_result *const *results, size_t count)
{
	size_t total = 0, kept = 0;
	for (size_t i = 0; i < count; i++)
		total += results[i]->diagnostic_count;
	ps_diagnostic *all = malloc((total + 1) * sizeof *all);
	if (!all)
		return -1;
	for (size_t i = 0, at = 0; i < count; i++)
		for (size_t k = 0; k < results[i]->diagnostic_count; k++)
			all[at++] = results[i]->diagnostics[k];
	psi_sort(all, total, sizeof *all, psi_diagnostic_compare);
	for (size_t i = 0; i < total; i++)
		if (kept == 0 || psi_diagnostic_compare(&all[kept - 1], &all[i]) != 0)
			all[kept++] = all[i];
	merged->diagnostics = all;
	merged->diagnostic_count = kept;
	return 0;
}

static void sum_stats(ps_stats *to, const ps_stats *from)
{
	to->files_discovered += from->files_discovered;
	to->translation_units += from->translation_units;
	to->context_units += from->context_units;
	to->units_skipped += from->units_skipped;
	to->translation_units_with_errors += from->translation_units_with_errors;
	to->files_failed += from->files_failed;
	to->files_scanned += from->files_scanned;
	to->declarations += from->declarations;
	to->string_literals += from->string_literals;
}

/* Units a merge of shards still lacks: none once every shard of N is
 * there, else what the inputs say they left to others. */
static size_t units_missing(ps_result *const *results, size_t count)
{
	size_t sum = 0;
	unsigned n = count ? results[0]->provenance.shard_count : 0;
	unsigned char seen[4097] = {0};
	size_t distinct = 0;
	for (size_t i = 0; i < count; i++) {
		const ps_provenance *p = &results[i]->provenance;
		sum += p->units_in_other_shards;
		if (p->shard_count != n || p->shard_index > 4096)
			n = 0;
		else if (n && !seen[p->shard_index]++)
			distinct++;
	}
	return n && distinct == n ? 0 : sum;
}

/* Each different state of a repository the inputs recorded, once: the
 * shards of one checkout name one commit, and inputs that disagree (two
 * commits of one repository, or two repositories) are all named. */
static int merge_repositories(ps_provenance *to, ps_result *const *results, size_t count)
{
	size_t total = 0;
	for (size_t i = 0; i < count; i++)
		total += results[i]->provenance.repository_count;
	to->repositories = calloc(total + 1, sizeof *to->repositories);
	if (!to->repositories)
		return -1;
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < results[i]->provenance.repository_count; k++) {
			const ps_vcs *v = &results[i]->provenance.repositories[k];
			int seen = 0;
			for (size_t j = 0; !seen && j < to->repository_count; j++)
				seen = psi_vcs_compare(&to->repositories[j], v) == 0;
			if (!seen && psi_vcs_copy(&to->repositories[to->repository_count++], v) < 0)
				return -1;
		}
	psi_sort(to->repositories, to->repository_count, sizeof *to->repositories, psi_vcs_compare);
	return 0;
}

/* The earliest start, the latest end, the digest when all agree, and the
 * units with errors of every input. */
static int merge_provenance(ps_provenance *to, ps_result *const *results, size_t count)
{
	size_t total = 0;
	for (size_t i = 0; i < count; i++) {
		const ps_provenance *p = &results[i]->provenance;
		if (i == 0 || strcmp(p->started, to->started) < 0)
			strcpy(to->started, p->started);
		if (i == 0 || strcmp(p->finished, to->finished) > 0)
			strcpy(to->finished, p->finished);
		if (i == 0 || strcmp(p->rules_digest, to->rules_digest) == 0)
			strcpy(to->rules_digest, p->rules_digest);
		else
			to->rules_digest[0] = '\0';
		total += p->units_with_errors_count;
	}
	to->units_in_other_shards = units_missing(results, count);
	to->units_with_errors = calloc(total + 1, sizeof *to->units_with_errors);
	if (!to->units_with_errors)
		return -1;
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < results[i]->provenance.units_with_errors_count; k++) {
			const ps_unit_errors *u = &results[i]->provenance.units_with_errors[k];
			ps_unit_errors *copy = &to->units_with_errors[to->units_with_errors_count++];
			copy->file = psi_strdup(u->file);
			copy->errors = u->errors;
			copy->first_error = u->first_error ? psi_strdup(u->first_error) : NULL;
			if (!copy->file || (u->first_error && !copy->first_error))
				return -1;
		}
	return merge_repositories(to, results, count);
}

/* Each input's sinks, each sink once, and those the merged flows reach
 * that no input listed (a report of schema 1.4 or earlier lists none). */
static int merge_sinks(ps_result *merged, ps_result *const *results, size_t count)
{
	size_t capacity = 0;
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < results[i]->sink_count; k++) {
			if (PSI_PUSH(merged->sinks, merged->sink_count, capacity) < 0 ||
			    psi_sink_copy(&merged->sinks[merged->sink_count], &results[i]->sinks[k]) < 0)
				return -1;
			merged->sink_count++;
		}
	return psi_sinks_finish(&merged->sinks, &merged->sink_count, &capacity,
	                        merged->findings, merged->finding_count);
}

int ps_result_merge(ps_result **results, size_t count, ps_result **out, ps_error *err)
{
	*out = NULL;
	ps_result *merged = calloc(1, sizeof *merged);
	if (!merged || !(merged->sources = calloc(count + 1, sizeof *merged->sources))) {
		free(merged);
		for (size_t i = 0; i < count; i++) {
			ps_result_free(results[i]);
			results[i] = NULL;
		}
		return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	/* Owned from here on, so that freeing the merged result frees them. */
	for (size_t i = 0; i < count; i++) {
		merged->sources[merged->source_count++] = results[i];
		sum_stats(&merged->stats, &results[i]->stats);
		results[i] = NULL;
	}
	if (merge_findings(merged, merged->sources, count) < 0 ||
	    merge_diagnostics(merged, merged->sources, count) < 0 ||
	    merge_sinks(merged, merged->sources, count) < 0 ||
	    merge_provenance(&merged->provenance, merged->sources, count) < 0) {
		ps_result_free(merged);
		return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	*out = merged;
	return PS_OK;
}
