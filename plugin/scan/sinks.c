/*
 * The sinks a scan reports: those declared in a file it reports, each once,
 * and those its reported flows reach wherever they are declared (a header
 * of the context, a system header), so that every flow's sink is listed.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

static int by_usr(const void *a, const void *b, void *base)
{
	const psi_raw_sink *all = base;
	const psi_raw_sink *x = &all[*(const size_t *)a], *y = &all[*(const size_t *)b];
	int c = strcmp(x->usr, y->usr);
	if (c) return c;
	if (x->is_definition != y->is_definition) return y->is_definition - x->is_definition;
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

/* A function or global declared in a header and defined in a source is one
 * sink, at its definition: mark in `dropped` each declaration of a USR that
 * one of `sinks` defines.  Two definitions of one USR are two programs'
 * (scan/sources.c), and both stay.  -1 when memory ran out. */
static int drop_declarations_of_defined(const psi_raw_sink *sinks, size_t count,
                                        unsigned char *dropped)
{
	size_t *order = malloc((count ? count : 1) * sizeof *order), n = 0;
	if (!order)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (sinks[i].usr[0])
			order[n++] = i;
	qsort_r(order, n, sizeof *order, by_usr, (void *)sinks);
	/* Definitions sort first within a USR, so the first of each group
	 * says whether it has one. */
	for (size_t k = 0, group = 0; k < n; k++) {
		if (strcmp(sinks[order[group]].usr, sinks[order[k]].usr) != 0)
			group = k;
		if (sinks[order[group]].is_definition && !sinks[order[k]].is_definition)
			dropped[order[k]] = 1;
	}
	free(order);
	return 0;
}

int psi_merge_sinks(psi_harvest *h, const psi_project *project, const char *cwd,
                    ps_result *result)
{
	psi_raw_sinks_settle(h->sinks, &h->sink_count);
	unsigned char *dropped = calloc(h->sink_count ? h->sink_count : 1, 1);
	result->sinks = calloc(h->sink_count ? h->sink_count : 1, sizeof *result->sinks);
	size_t capacity = h->sink_count ? h->sink_count : 1;
	int rc = dropped && result->sinks ? drop_declarations_of_defined(h->sinks, h->sink_count,
	                                                                 dropped)
	                                  : -1;
	for (size_t i = 0; i < h->sink_count; i++) {
		psi_raw_sink *raw = &h->sinks[i];
		char *shown = NULL;
		if (rc == 0 && !dropped[i] && psi_project_reports(project, raw->s.file) &&
		    !(shown = psi_display_path(raw->s.file, cwd)))
			rc = -1;
		if (shown) {
			free(raw->s.file);
			raw->s.file = shown;
			result->sinks[result->sink_count++] = raw->s;
			memset(&raw->s, 0, sizeof raw->s);
		}
		psi_raw_sink_clear(raw);
	}
	free(h->sinks);
	free(dropped);
	h->sinks = NULL;
	h->sink_count = h->sink_capacity = h->settled_sinks = 0;
	if (rc < 0 || !result->sinks)
		return -1;
	psi_sinks_settle(result->sinks, &result->sink_count);
	return psi_sinks_add_reached(&result->sinks, &result->sink_count, &capacity,
	                             result->findings, result->finding_count);
}
