/*
 * Function summaries on the parent side: what the units found of their
 * functions, kept sorted by USR and merged as units report them, for the
 * next round of tracing.
 */
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

static int compare_usr(const void *key, const void *item)
{
	return strcmp((const char *)key, ((const psi_summary *)item)->usr);
}

const psi_summary *psi_summaries_find(const psi_summaries *summaries, const char *usr)
{
	return psi_search(usr, summaries->items, summaries->count, sizeof *summaries->items,
			  compare_usr);
}

void psi_summary_clear(psi_summary *summary)
{
	for (size_t i = 0; i < summary->origin_count; i++) {
		psi_summary_origin *o = &summary->origins[i];
		free(o->source.name);
		free(o->source.file);
		free(o->source.scope);
		free(o->source.usr);
		free(o->source.decl_file);
		for (size_t j = 0; j < o->step_count; j++) {
			free(o->steps[j].file);
			free(o->steps[j].message);
			free(o->steps[j].function);
		}
		free(o->steps);
	}
	free(summary->origins);
	for (size_t i = 0; i < summary->sink_count; i++) {
		psi_summary_sink *k = &summary->sinks[i];
		free(k->sink_name);
		free(k->sink_file);
		for (size_t j = 0; j < k->step_count; j++) {
			free(k->steps[j].file);
			free(k->steps[j].message);
			free(k->steps[j].function);
		}
		free(k->steps);
	}
	free(summary->sinks);
	free(summary->usr);
	memset(summary, 0, sizeof *summary);
}

/* The origins of `summary` that `old` lacks, moved into it. */
static int take_new_origins(psi_summary *old, psi_summary *summary, int *changed)
{
	for (size_t i = 0; i < summary->origin_count; i++) {
		const psi_flow_source *source = &summary->origins[i].source;
		int known = 0;
		for (size_t j = 0; j < old->origin_count && !known; j++)
			known = psi_flow_same_source(&old->origins[j].source, source);
		if (known || old->origin_count >= MAX_ORIGINS)
			continue;
		psi_summary_origin *grown = realloc(old->origins,
						    (old->origin_count + 1) * sizeof *grown);
		if (!grown)
			return -1;
		old->origins = grown;
		old->origins[old->origin_count++] = summary->origins[i];
		memset(&summary->origins[i], 0, sizeof summary->origins[i]);
		*changed |= PSI_SUMMARY_RETURNS;
	}
	return 0;
}

static int same_sink(const psi_summary_sink *a, const psi_summary_sink *b)
{
	return a->parameter == b->parameter && a->sink_kind == b->sink_kind &&
	       a->sink_line == b->sink_line && strcmp(a->sink_name, b->sink_name) == 0 &&
	       strcmp(a->sink_file, b->sink_file) == 0;
}

/* The parameter sinks of `summary` that `old` lacks, moved into it. */
static int take_new_sinks(psi_summary *old, psi_summary *summary, int *changed)
{
	for (size_t i = 0; i < summary->sink_count; i++) {
		int known = 0;
		for (size_t j = 0; j < old->sink_count && !known; j++)
			known = same_sink(&old->sinks[j], &summary->sinks[i]);
		if (known || old->sink_count >= MAX_ORIGINS)
			continue;
		psi_summary_sink *grown = realloc(old->sinks,
						  (old->sink_count + 1) * sizeof *grown);
		if (!grown)
			return -1;
		old->sinks = grown;
		old->sinks[old->sink_count++] = summary->sinks[i];
		memset(&summary->sinks[i], 0, sizeof summary->sinks[i]);
		*changed |= PSI_SUMMARY_SINKS;
	}
	return 0;
}

int psi_summaries_merge(psi_summaries *into, psi_summary *summary, int *changed)
{
	size_t lo = 0, hi = into->count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(into->items[mid].usr, summary->usr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == into->count || strcmp(into->items[lo].usr, summary->usr) != 0) {
		if (PSI_PUSH(into->items, into->count, into->capacity) < 0)
			return PS_ENOMEM;
		memmove(&into->items[lo + 1], &into->items[lo],
		        (into->count - lo) * sizeof *into->items);
		into->items[lo] = *summary;
		into->count++;
		/* Parameters that reach the return value say less than a call to an
		 * unknown function already assumes: no news on their own. */
		*changed = (summary->origin_count ? PSI_SUMMARY_RETURNS : 0) |
		           (summary->sink_count ? PSI_SUMMARY_SINKS : 0);
		memset(summary, 0, sizeof *summary);
		return PS_OK;
	}
	psi_summary *old = &into->items[lo];
	old->parameters |= summary->parameters;
	if (take_new_origins(old, summary, changed) < 0 ||
	    take_new_sinks(old, summary, changed) < 0)
		return PS_ENOMEM;
	psi_summary_clear(summary);
	return PS_OK;
}

void psi_summaries_clear(psi_summaries *summaries)
{
	for (size_t i = 0; i < summaries->count; i++)
		psi_summary_clear(&summaries->items[i]);
	free(summaries->items);
	memset(summaries, 0, sizeof *summaries);
}
