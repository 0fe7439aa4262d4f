/*
 * Flows across translation units: after the first pass, the units whose
 * callees turned out to return or sink more than they knew are traced again
 * with the summaries the other units produced.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

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

int psi_trace_across_units(const psi_work *first, psi_harvest *h, ps_error *err)
{
	int rc = PS_OK;
	psi_unit *rounds[MAX_FLOW_ROUNDS] = {0};
	for (int round = 0; rc == PS_OK && round < MAX_FLOW_ROUNDS; round++) {
		/* A unit calls for another round when what it calls returns more
		 * than it knew, or has parameters into sinks it did not know of and
		 * the unit passes it a flagged value, or a parameter of its own
		 * (whose summary then grows, for its callers' next round). */
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
			    ((call->tainted_arguments || call->parameter_arguments) &&
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
