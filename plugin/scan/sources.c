/*
 * A flow names the declaration it starts from by that declaration's own
 * finding (its fingerprint, file and line), so that an inventory joins each
 * flow to the field or variable it uses without matching names.  Workers
 * know the USR of the declaration used; the merge knows which finding
 * reports each USR.  Where none does (a declaration no rule reports on its
 * own, or one only a lone header holds), the flow keeps the declaration's
 * place as the worker saw it and no fingerprint.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

/* A finding that a flow's source can be: a declaration, with a USR. */
static int reports_declaration(const psi_raw_finding *r)
{
	return !r->f.flow && r->usr && r->usr[0] != '\0';
}

static int compare_usr_rule(const psi_raw_finding *x, const char *usr, const ps_rule *rule)
{
	int c = strcmp(x->usr, usr);
	if (c) return c;
	return strcmp(x->f.rule->id, rule->id);
}

static int by_usr_then_rule(const void *a, const void *b, void *base)
{
	const psi_raw_finding *all = base;
	const psi_raw_finding *x = &all[*(const size_t *)a], *y = &all[*(const size_t *)b];
	int c = compare_usr_rule(x, y->usr, y->f.rule);
	if (c) return c;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	return (i > j) - (i < j); /* the first in sorted order wins */
}

/* The first position of `index` (sorted by usr and rule) at or after
 * `usr` and `rule`. */
static size_t lower_bound(const psi_raw_finding *all, const size_t *index, size_t n,
                          const char *usr, const ps_rule *rule)
{
	size_t low = 0, high = n;
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		if (compare_usr_rule(&all[index[mid]], usr, rule) < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

int psi_links_by_usr(const psi_raw_finding *r)
{
	return r->usr[0] != '\0' &&
	       (r->f.kind == PS_KIND_FUNCTION || r->f.kind == PS_KIND_VARIABLE ||
	        r->f.kind == PS_KIND_TYPE || r->f.kind == PS_KIND_NAMESPACE ||
	        r->f.kind == PS_KIND_ENUM_CONSTANT);
}

/* Is `d` at the place where the unit of `flow` saw its source declared? */
static int saw(const ps_flow *flow, const psi_raw_finding *d)
{
	return flow->source_file && strcmp(flow->source_file, d->f.file) == 0 &&
	       flow->source_line == d->f.line;
}

/* The finding of `index` that reports the declaration the flow of `r` uses
 * (with `reported`, only one outside the context), or NULL.  A USR names a
 * declaration within one program, and two programs under one root can each
 * have a `struct persoon` or a global `weight`: of the findings with the
 * source's USR and rule, the one used is the one at the place the flow's
 * unit saw.  Failing that, a declaration of the same entity elsewhere (a
 * function declared in a header, defined in the unit) where the kind links
 * by name, but never a second definition: that is another program's. */
static const psi_raw_finding *declaration_used(const psi_raw_finding *all, const size_t *index,
                                               size_t n, const psi_raw_finding *r, int reported)
{
	const ps_rule *rule = r->f.flow->source_rule;
	size_t first = lower_bound(all, index, n, r->source_usr, rule), end = first;
	const psi_raw_finding *seen = NULL;
	for (; end < n && compare_usr_rule(&all[index[end]], r->source_usr, rule) == 0; end++)
		if (!seen && saw(r->f.flow, &all[index[end]]))
			seen = &all[index[end]];
	if (seen && !(reported && seen->context_only))
		return seen;
	for (size_t k = first; k < end; k++) {
		const psi_raw_finding *d = &all[index[k]];
		if (d == seen || (reported && d->context_only))
			continue;
		if (!r->f.flow->source_file)
			return d; /* the unit named no place: the USR is all there is */
		if (psi_links_by_usr(d) && !(seen && seen->is_definition && d->is_definition))
			return d;
	}
	return NULL;
}

/* The findings of `all` that a flow's source can be and that are not
 * `dropped`: their indexes, sorted by USR and rule, in `*index`. */
static size_t index_declarations(psi_raw_finding *all, size_t total,
                                 const unsigned char *dropped, size_t **index)
{
	size_t n = 0;
	*index = malloc((total ? total : 1) * sizeof **index);
	if (!*index)
		return 0;
	for (size_t i = 0; i < total; i++)
		if (!dropped[i] && reports_declaration(&all[i]))
			(*index)[n++] = i;
	qsort_r(*index, n, sizeof **index, by_usr_then_rule, all);
	return n;
}

int psi_report_flows_from_reported(psi_raw_finding *all, size_t total,
                                   const unsigned char *dropped)
{
	size_t *index;
	size_t n = index_declarations(all, total, dropped, &index);
	if (!index)
		return -1;
	for (size_t i = 0; i < total; i++)
		if (!dropped[i] && all[i].f.flow && all[i].context_only && all[i].source_usr &&
		    declaration_used(all, index, n, &all[i], 1))
			all[i].context_only = 0;
	free(index);
	return 0;
}

int psi_link_flow_sources(psi_raw_finding *all, size_t total, const unsigned char *dropped)
{
	size_t *index;
	size_t n = index_declarations(all, total, dropped, &index);
	if (!index)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < total; i++) {
		ps_flow *flow = all[i].f.flow;
		if (dropped[i] || !flow || !all[i].source_usr || !all[i].source_usr[0])
			continue;
		const psi_raw_finding *d = declaration_used(all, index, n, &all[i], 0);
		if (!d)
			continue;
		char *file = psi_strdup(d->f.file);
		if (!file) {
			rc = -1;
			break;
		}
		free(flow->source_file);
		flow->source_file = file;
		flow->source_line = d->f.line;
		flow->source_column = d->f.column;
	}
	free(index);
	return rc;
}

static int by_place(const void *key, const void *item)
{
	const ps_flow *flow = key;
	const ps_finding *f = item;
	int c = strcmp(flow->source_file, f->file);
	if (c) return c;
	if (flow->source_line != f->line) return flow->source_line < f->line ? -1 : 1;
	return (flow->source_column > f->column) - (flow->source_column < f->column);
}

void psi_link_source_fingerprints(ps_result *result)
{
	ps_finding *all = result->findings;
	size_t n = result->finding_count;
	for (size_t i = 0; i < n; i++) {
		ps_flow *flow = all[i].flow;
		if (!flow || !flow->source_file || !flow->source_column)
			continue;
		const ps_finding *hit = psi_search(flow, all, n, sizeof *all, by_place);
		if (!hit)
			continue;
		/* The findings at that place are adjacent: the sort puts place first. */
		size_t k = (size_t)(hit - all);
		while (k > 0 && by_place(flow, &all[k - 1]) == 0)
			k--;
		for (; k < n && by_place(flow, &all[k]) == 0; k++)
			if (!all[k].flow && strcmp(all[k].rule->id, flow->source_rule->id) == 0 &&
			    strcmp(all[k].name, all[i].name) == 0) {
				memcpy(flow->source_fingerprint, all[k].fingerprint,
				       sizeof flow->source_fingerprint);
				break;
			}
	}
}
