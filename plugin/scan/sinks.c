/*
 * The sinks a scan reports: those declared in a file it reports, each once
 * (a function or global declared in a header and defined in a source, at
 * its definition), and those its reported flows reach wherever they are
 * declared (a header of the context, a system header), so that every
 * flow's sink is listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

/* Move `raw` (its file absolute) into `*sink`, shown relative to `cwd`,
 * with its entity.  -1 when memory ran out. */
static int take(psi_raw_sink *raw, const char *cwd, ps_sink *sink)
{
	char *shown = psi_display_path(raw->s.file, cwd);
	if (!shown)
		return -1;
	free(raw->s.file);
	raw->s.file = shown;
	*sink = raw->s;
	memset(&raw->s, 0, sizeof raw->s);
	if (raw->usr[0])
		snprintf(sink->entity, sizeof sink->entity, "%016llx",
		         (unsigned long long)psi_hash(0, raw->usr, strlen(raw->usr)));
	sink->is_definition = raw->is_definition;
	return 0;
}

int psi_merge_sinks(psi_harvest *h, const psi_project *project, const char *cwd,
                    ps_result *result)
{
	psi_raw_sinks_settle(h->sinks, &h->sink_count);
	result->sinks = calloc(h->sink_count ? h->sink_count : 1, sizeof *result->sinks);
	size_t capacity = h->sink_count ? h->sink_count : 1;
	int rc = result->sinks ? 0 : -1;
	for (size_t i = 0; i < h->sink_count; i++) {
		psi_raw_sink *raw = &h->sinks[i];
		/* A definition in the context is not listed, and so leaves the
		 * header given to list the sink. */
		if (rc == 0 && psi_project_reports(project, raw->s.file)) {
			rc = take(raw, cwd, &result->sinks[result->sink_count]);
			result->sink_count += rc == 0;
		}
		psi_raw_sink_clear(raw);
	}
	free(h->sinks);
	h->sinks = NULL;
	h->sink_count = h->sink_capacity = h->settled_sinks = 0;
	if (rc < 0 || psi_sinks_keep_definitions(result->sinks, &result->sink_count) < 0)
		return -1;
	psi_sinks_settle(result->sinks, &result->sink_count);
	return psi_sinks_add_reached(&result->sinks, &result->sink_count, &capacity,
	                             result->findings, result->finding_count);
}
