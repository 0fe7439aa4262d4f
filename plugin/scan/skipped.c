/*
 * The units the prefilter skipped (prefilter/, docs/prefilter.md).  None of
 * their words can be a finding, but a flow can still pass through one: a
 * parsed unit passes a flagged value to a function it defines, whose
 * parameter reaches a sink there, or it calls a function whose summary
 * returns a flagged value and passes the result on.  Either way the unit
 * spells the function's name, so after each round the skipped units that
 * spell one are parsed, as they would have been in the first round, but
 * with the summaries known so far; the functions they call are followed
 * too (their parameters may carry the value further), until none is added.
 */
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

/* A rule pack with many combinations that ask for a context (user packs
 * on top of the bundled ones) can use up the prefilter's bits: it stays
 * right, but skips fewer units or none, and the user should know why a
 * scan got slower. */
static int warn_short_of_bits(const psi_vocabulary *v, psi_diags *diags)
{
	if (v->short_of_bits == 0)
		return 0;
	return psi_diags_add(diags, PS_SEVERITY_WARNING, NULL, 0, 0,
	                     "the rule packs have more combinations with a context than the "
	                     "prefilter's %d bits hold: %zu of them count by their name alone, "
	                     "so %s (no finding is lost; fewer combinations or shared concepts "
	                     "would help)", PSI_VOCABULARY_BITS, v->short_of_bits,
	                     v->any_word ? "no unit is skipped" : "fewer units are skipped");
}

int psi_skipped_begin(psi_skipped *s, const ps_scan_options *options, const psi_plan *plan,
                      const psi_config_set *configs, const char *resource_dir,
                      psi_diags *diags, ps_error *err)
{
	memset(s, 0, sizeof *s);
	if (options->no_prefilter)
		return PS_OK;
	int rc = psi_prefilter_init(&s->prefilter, options->rules, configs, &plan->project,
	                            resource_dir, options->max_file_size, err);
	if (rc == PS_OK && warn_short_of_bits(s->prefilter.vocabulary, diags) < 0)
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	s->active = rc == PS_OK && psi_prefilter_useful(&s->prefilter);
	if (!s->active)
		psi_prefilter_clear(&s->prefilter);
	return rc;
}

int psi_skipped_partition(psi_skipped *s, psi_unit *units, size_t count, size_t *candidates,
                          ps_error *err)
{
	*candidates = count;
	if (!s->active || count == 0)
		return PS_OK;
	psi_unit *reordered = calloc(count, sizeof *reordered);
	size_t kept = 0, first = s->count;
	int rc = reordered ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; rc == PS_OK && i < count; i++) {
		int candidate = psi_prefilter_candidate(&s->prefilter, &units[i]);
		if (candidate < 0 || (candidate == 0 && PSI_PUSH(s->units, s->count, s->capacity) < 0))
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
		else if (candidate)
			reordered[kept++] = units[i];
		else
			s->units[s->count++] = units[i];
	}
	unsigned char *parsed = rc == PS_OK ? realloc(s->parsed, s->count + 1) : NULL;
	if (rc == PS_OK && !parsed)
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	if (rc == PS_OK) {
		/* The skipped ones stay in the array after the candidates, so that
		 * its owner still frees their strings. */
		for (size_t i = first; i < s->count; i++)
			reordered[kept + i - first] = s->units[i];
		memcpy(units, reordered, count * sizeof *units);
		s->parsed = parsed;
		memset(s->parsed + first, 0, s->count - first + 1);
		*candidates = kept;
	}
	free(reordered);
	return rc;
}

/* The names a skipped unit must spell to be parsed, as psi_word_hash; or
 * `all`, when a function has no plain name to look for. */
typedef struct wanted {
	psi_hashes hashes;
	int all;
} wanted;

static int want(wanted *w, const char *usr)
{
	size_t length = 0;
	const char *name = psi_callee_name(usr, &length);
	size_t n = name ? psi_plain_name_length(name, length) : 0;
	if (n == 0) {
		w->all = 1;
		return 0;
	}
	return psi_hashes_add(&w->hashes, psi_word_hash(name, n));
}

static int brought(const psi_skipped *s, const psi_unit *unit)
{
	for (size_t b = 0; b < s->batches.count; b++) {
		const struct psi_context_batch *batch = &s->batches.items[b];
		if (unit >= batch->units && unit < batch->units + batch->count)
			return 1;
	}
	return 0;
}

static int gather(psi_skipped *s, const psi_harvest *h, wanted *w)
{
	int rc = 0;
	for (size_t i = s->calls_seen; rc == 0 && i < h->external_call_count; i++) {
		const struct psi_external_call *call = &h->external_calls[i];
		if (call->tainted_arguments || brought(s, call->unit))
			rc = want(w, call->usr);
	}
	s->calls_seen = h->external_call_count;
	for (size_t i = 0; rc == 0 && i < h->summaries.count; i++)
		if (h->summaries.items[i].origin_count > 0)
			rc = want(w, h->summaries.items[i].usr);
	return rc;
}

/* The skipped units not parsed yet that spell one of `w`, into `batch`. */
static int choose(psi_skipped *s, wanted *w, psi_unit *batch, size_t *count)
{
	*count = 0;
	if (w->hashes.count == 0 && !w->all)
		return 0;
	psi_hashes_sort_unique(&w->hashes);
	for (size_t i = 0; i < s->count; i++) {
		if (s->parsed[i])
			continue;
		int spells = w->all ? 1 : psi_prefilter_spells(&s->prefilter, &s->units[i],
		                                               w->hashes.items, w->hashes.count);
		if (spells < 0)
			return -1;
		if (spells) {
			s->parsed[i] = 1;
			batch[(*count)++] = s->units[i];
		}
	}
	return 0;
}

int psi_skipped_parse(psi_skipped *s, const psi_work *first, psi_harvest *h, size_t *added,
                      ps_error *err)
{
	*added = 0;
	int rc = PS_OK;
	while (rc == PS_OK && s->active && first->trace_flows && s->parsed_count < s->count) {
		wanted w = {0};
		psi_unit *batch = calloc(s->count, sizeof *batch);
		size_t count = 0;
		if (!batch || gather(s, h, &w) < 0 || choose(s, &w, batch, &count) < 0 ||
		    (count > 0 && PSI_PUSH(s->batches.items, s->batches.count,
		                           s->batches.capacity) < 0)) {
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
			count = 0;
		}
		psi_hashes_clear(&w.hashes);
		if (count == 0) {
			free(batch);
			break;
		}
		s->batches.items[s->batches.count++] = (struct psi_context_batch){batch, count};
		s->parsed_count += count;
		*added += count;
		psi_work more = *first;
		more.units = batch;
		more.count = count;
		more.flows_only = 0;
		more.summaries = &h->summaries;
		rc = psi_run_workers(&more, h, err);
	}
	return rc;
}

size_t psi_skipped_left(const psi_skipped *s)
{
	return s->count - s->parsed_count;
}

void psi_skipped_clear(psi_skipped *s)
{
	if (s->active)
		psi_prefilter_clear(&s->prefilter);
	psi_context_batches_clear(&s->batches);
	free(s->units);
	free(s->parsed);
	memset(s, 0, sizeof *s);
}
