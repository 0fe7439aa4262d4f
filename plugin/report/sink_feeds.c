/*
 * What feeds each sink of a result: the flows that reach it, grouped by
 * sink, for the reports that list sinks (JSON, HTML).  One sort of the
 * flows by sink, so that a large result costs n log n, not sinks x flows.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

typedef struct reach {
	size_t sink;
	const ps_finding *flow;
} reach;

static const char *source_key(const ps_finding *f)
{
	return f->flow->source_fingerprint;
}

static int compare_reaches(const void *a, const void *b)
{
	const reach *x = a, *y = b;
	if (x->sink != y->sink) return x->sink < y->sink ? -1 : 1;
	int c = strcmp(source_key(x->flow), source_key(y->flow));
	if (c) return c;
	if ((c = strcmp(x->flow->name, y->flow->name))) return c;
	return strcmp(x->flow->fingerprint, y->flow->fingerprint);
}

int psi_sink_feeds_of(const ps_result *result, psi_sink_feeds *out)
{
	size_t n = 0, total = result->finding_count ? result->finding_count : 1;
	reach *reaches = malloc(total * sizeof *reaches);
	out->feeds = calloc(result->sink_count ? result->sink_count : 1, sizeof *out->feeds);
	out->flows = malloc(total * sizeof *out->flows);
	if (!reaches || !out->feeds || !out->flows) {
		free(reaches);
		psi_sink_feeds_free(out);
		return -1;
	}
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		const ps_sink *sink = f->flow ? psi_sink_of_flow(result->sinks, result->sink_count,
		                                                 f->flow) : NULL;
		if (sink)
			reaches[n++] = (reach){(size_t)(sink - result->sinks), f};
	}
	psi_sort(reaches, n, sizeof *reaches, compare_reaches);
	for (size_t i = 0; i < n; i++) {
		psi_sink_feed *feed = &out->feeds[reaches[i].sink];
		const ps_finding *f = reaches[i].flow;
		out->flows[i] = f;
		if (feed->count == 0)
			feed->flows = &out->flows[i];
		feed->count++;
		feed->protected_count += f->flow->source_rule->category != PS_CATEGORY_PROXY;
	}
	free(reaches);
	return 0;
}

void psi_sink_feeds_free(psi_sink_feeds *feeds)
{
	free(feeds->feeds);
	free(feeds->flows);
	feeds->feeds = NULL;
	feeds->flows = NULL;
}
