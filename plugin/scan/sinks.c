/*
 * The sinks a scan reports: those declared in a file it reports, each once
 * (a function or global declared in a header and defined in a source, at
 * its definition), and those its reported flows reach wherever they are
 * declared (a header of the context, a system header), so that every
 * flow's sink is listed.
 */
#include <stdlib.h>

#include "scan/scan.h"

int psi_merge_sinks(psi_harvest *h, const psi_project *project, const char *cwd,
                    ps_result *result)
{
	size_t kept = 0, capacity = h->sink_capacity;
	int rc = 0;
	for (size_t i = 0; i < h->sink_count; i++) {
		ps_sink *sink = &h->sinks[i];
		/* A definition in the context is not listed, and so leaves the
		 * header given to list the sink. */
		char *shown = NULL;
		if (rc == 0 && psi_project_reports(project, sink->file) &&
		    !(shown = psi_display_path(sink->file, cwd)))
			rc = -1;
		if (!shown) {
			psi_sink_clear(sink);
			continue;
		}
		free(sink->file);
		sink->file = shown;
		h->sinks[kept++] = *sink;
	}
	result->sinks = h->sinks;
	result->sink_count = kept;
	h->sinks = NULL;
	h->sink_count = h->sink_capacity = h->settled_sinks = 0;
	if (rc < 0)
		return -1;
	return psi_sinks_finish(&result->sinks, &result->sink_count, &capacity,
	                        result->findings, result->finding_count);
}
