/*
 * The sinks of a result: every score, risk, weight, selection or decision
 * of the code scanned, whether or not a flagged value reaches it.  Workers
 * list the sink declarations of each unit; a scan and a merge keep each
 * once and add those that only a flow names (declared where the scan does
 * not report), so that the list and the flows agree.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

void psi_sink_clear(ps_sink *sink)
{
	free(sink->name);
	free(sink->file);
	free(sink->scope);
	memset(sink, 0, sizeof *sink);
}

void psi_sinks_free(ps_sink *sinks, size_t count)
{
	for (size_t i = 0; i < count; i++)
		psi_sink_clear(&sinks[i]);
	free(sinks);
}

int psi_sink_copy(ps_sink *to, const ps_sink *from)
{
	*to = *from;
	to->name = psi_strdup(from->name);
	to->file = psi_strdup(from->file);
	to->scope = from->scope ? psi_strdup(from->scope) : NULL;
	if (!to->name || !to->file || (from->scope && !to->scope)) {
		psi_sink_clear(to);
		return -1;
	}
	return 0;
}

/* By place, then name: a flow names its sink by file, line and name, so
 * these three decide; the column only orders two on one line. */
static int compare_place(const ps_sink *x, const char *file, unsigned line, const char *name)
{
	int c = strcmp(x->file, file);
	if (c) return c;
	if (x->line != line) return x->line < line ? -1 : 1;
	return strcmp(x->name, name);
}

static int compare_sinks(const void *a, const void *b)
{
	const ps_sink *x = a, *y = b;
	int c = compare_place(x, y->file, y->line, y->name);
	if (c) return c;
	return (x->column > y->column) - (x->column < y->column);
}

void psi_sinks_settle(ps_sink *sinks, size_t *count)
{
	psi_sort(sinks, *count, sizeof *sinks, compare_sinks);
	size_t kept = 0;
	for (size_t i = 0; i < *count; i++) {
		/* One sink seen by several units, or named by a flow alone (column
		 * 0, sorted first): the declaration's own, with its kind and scope,
		 * wins over the flow's. */
		if (kept && compare_place(&sinks[kept - 1], sinks[i].file, sinks[i].line,
		                          sinks[i].name) == 0) {
			if (sinks[kept - 1].column == 0 && sinks[i].column != 0) {
				ps_sink named_by_flow = sinks[kept - 1];
				sinks[kept - 1] = sinks[i];
				sinks[i] = named_by_flow;
			}
			psi_sink_clear(&sinks[i]);
			continue;
		}
		sinks[kept++] = sinks[i];
	}
	*count = kept;
}

static int by_flow_sink(const void *key, const void *item)
{
	const ps_flow *flow = key;
	return -compare_place(item, flow->sink_file, flow->sink_line, flow->sink_name);
}

const ps_sink *psi_sink_of_flow(const ps_sink *sinks, size_t count, const ps_flow *flow)
{
	if (!flow->sink_name || !flow->sink_file)
		return NULL;
	/* Settled sinks have no two of one place and name, so the column,
	 * which the search cannot know, never decides. */
	return psi_search(flow, sinks, count, sizeof *sinks, by_flow_sink);
}

static int by_entity(const void *a, const void *b, void *base)
{
	const ps_sink *all = base;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(all[i].entity, all[j].entity);
	if (c) return c;
	if (all[i].is_definition != all[j].is_definition)
		return all[j].is_definition - all[i].is_definition;
	return (i > j) - (i < j);
}

/* Of the sinks of one entity, keep the definitions when there is one; the
 * others are freed.  Keeps the order. */
static int keep_definitions(ps_sink *sinks, size_t *count)
{
	size_t *order = malloc((*count ? *count : 1) * sizeof *order), n = 0;
	unsigned char *dropped = calloc(*count ? *count : 1, 1);
	if (!order || !dropped) {
		free(order);
		free(dropped);
		return -1;
	}
	for (size_t i = 0; i < *count; i++)
		if (sinks[i].entity[0])
			order[n++] = i;
	qsort_r(order, n, sizeof *order, by_entity, sinks);
	/* Definitions sort first within an entity: the first of each group
	 * says whether it has one. */
	for (size_t k = 0, group = 0; k < n; k++) {
		if (strcmp(sinks[order[group]].entity, sinks[order[k]].entity) != 0)
			group = k;
		dropped[order[k]] = sinks[order[group]].is_definition && !sinks[order[k]].is_definition;
	}
	size_t kept = 0;
	for (size_t i = 0; i < *count; i++) {
		if (dropped[i])
			psi_sink_clear(&sinks[i]);
		else
			sinks[kept++] = sinks[i];
	}
	*count = kept;
	free(order);
	free(dropped);
	return 0;
}

/* Add to settled `*sinks` the sink of each flow of `findings` that none of
 * them is, and settle again. */
static int add_reached(ps_sink **sinks, size_t *count, size_t *capacity,
                       const ps_finding *findings, size_t finding_count)
{
	size_t listed = *count;
	for (size_t i = 0; i < finding_count; i++) {
		const ps_flow *flow = findings[i].flow;
		if (!flow || !flow->sink_name || !flow->sink_file ||
		    psi_sink_of_flow(*sinks, listed, flow))
			continue;
		if (PSI_PUSH(*sinks, *count, *capacity) < 0)
			return -1;
		ps_sink named = {flow->sink_name, flow->sink_kind, flow->sink_file,
		                 flow->sink_line, 0, NULL, "", 0};
		if (psi_sink_copy(&(*sinks)[*count], &named) < 0)
			return -1;
		(*count)++;
	}
	psi_sinks_settle(*sinks, count);
	return 0;
}

int psi_sinks_finish(ps_sink **sinks, size_t *count, size_t *capacity,
                     const ps_finding *findings, size_t finding_count)
{
	psi_sinks_settle(*sinks, count);
	if (keep_definitions(*sinks, count) < 0)
		return -1;
	return add_reached(sinks, count, capacity, findings, finding_count);
}
