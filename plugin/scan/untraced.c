/*
 * The units whose flows the first round did not trace (run/unit.c): no
 * declaration they see is flagged, so nothing of their own flows into a
 * sink.  A flow can still pass through one: a traced unit passes a flagged
 * value to a function it defines (whose parameter may reach a sink there,
 * or be passed on), or it calls a function whose summary returns a flagged
 * value.  So after each round the untraced units that define such a
 * callee, or call such a function, are traced with the summaries known
 * so far, as a later round of flows traces a unit (run/run.h's
 * flows_only); the functions they call are followed too, flagged value or
 * not, since their parameters may carry one once a caller passes it.
 * Names are compared, not USRs, as for the skipped units (skipped.c): a
 * superset, since overloads and methods of other classes share a name.
 */
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

/* The names a flow can reach: as callees (a unit that defines one is
 * traced) and as functions returning a flagged value (one that calls one
 * is); `all` when a function has no plain name to compare. */
typedef struct wanted {
	psi_hashes callees, returning;
	int all;
} wanted;

static int want(wanted *w, psi_hashes *set, const char *usr)
{
	size_t length = 0;
	const char *name = psi_callee_name(usr, &length);
	uint64_t hash = name ? psi_plain_name_hash(name, length) : 0;
	if (hash == 0) {
		w->all = 1;
		return 0;
	}
	return psi_hashes_add(set, hash);
}

static int brought(const psi_untraced *u, const psi_unit *unit)
{
	for (size_t b = 0; b < u->batches.count; b++) {
		const struct psi_context_batch *batch = &u->batches.items[b];
		if (unit >= batch->units && unit < batch->units + batch->count)
			return 1;
	}
	return 0;
}

/* The calls since the last look that pass a flagged value or come from a
 * unit traced here, and every function whose summary returns one. */
static int gather(psi_untraced *u, const psi_harvest *h, wanted *w)
{
	int rc = 0;
	for (size_t i = u->calls_seen; rc == 0 && i < h->external_call_count; i++) {
		const struct psi_external_call *call = &h->external_calls[i];
		if (call->tainted_arguments || brought(u, call->unit))
			rc = want(w, &w->callees, call->usr);
	}
	u->calls_seen = h->external_call_count;
	for (size_t i = 0; rc == 0 && i < h->summaries.count; i++)
		if (h->summaries.items[i].origin_count > 0)
			rc = want(w, &w->returning, h->summaries.items[i].usr);
	psi_hashes_sort_unique(&w->callees);
	psi_hashes_sort_unique(&w->returning);
	return rc;
}

static int shares_one(const psi_hashes *unit_has, const psi_hashes *wanted)
{
	for (size_t i = 0; i < wanted->count; i++)
		if (psi_hashes_contain(unit_has, wanted->items[i]))
			return 1;
	return 0;
}

/* The untraced units not traced yet that a flow can reach, into `batch`. */
static void choose(psi_untraced *u, const psi_harvest *h, const wanted *w, psi_unit *batch,
                   size_t *count)
{
	*count = 0;
	for (size_t i = 0; i < h->untraced_count; i++) {
		const struct psi_untraced_unit *x = &h->untraced[i];
		if (u->traced[i] || !(w->all || shares_one(&x->defined, &w->callees) ||
		                      shares_one(&x->called, &w->returning)))
			continue;
		u->traced[i] = 1;
		batch[(*count)++] = *x->unit;
	}
}

int psi_untraced_trace(psi_untraced *u, const psi_work *first, psi_harvest *h, size_t *added,
                       ps_error *err)
{
	*added = 0;
	if (h->untraced_count > u->traced_size) {
		unsigned char *traced = realloc(u->traced, h->untraced_count);
		if (!traced)
			return psi_fail(err, PS_ENOMEM, "out of memory");
		memset(traced + u->traced_size, 0, h->untraced_count - u->traced_size);
		u->traced = traced;
		u->traced_size = h->untraced_count;
	}
	int rc = PS_OK;
	while (rc == PS_OK && first->trace_flows && h->untraced_count > 0) {
		wanted w = {0};
		psi_unit *batch = calloc(h->untraced_count, sizeof *batch);
		size_t count = 0;
		if (!batch || gather(u, h, &w) < 0 ||
		    PSI_PUSH(u->batches.items, u->batches.count, u->batches.capacity) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		else
			choose(u, h, &w, batch, &count);
		psi_hashes_clear(&w.callees);
		psi_hashes_clear(&w.returning);
		if (count == 0) {
			free(batch);
			break;
		}
		/* Kept until the scan ends: calls recorded now point into it. */
		u->batches.items[u->batches.count++] = (struct psi_context_batch){batch, count};
		*added += count;
		psi_work again = *first;
		again.units = batch;
		again.count = count;
		again.flows_only = 1;
		again.defer_unflagged = 0;
		again.summaries = &h->summaries;
		rc = psi_run_workers(&again, h, err);
	}
	return rc;
}

void psi_untraced_clear(psi_untraced *u)
{
	psi_context_batches_clear(&u->batches);
	free(u->traced);
	memset(u, 0, sizeof *u);
}
