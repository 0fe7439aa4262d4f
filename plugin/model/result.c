/*
 * The lifetimes of findings (their uses too), flows, repositories' states
 * and results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

int ps_result_incomplete(const ps_result *result)
{
	for (size_t i = 0; i < result->diagnostic_count; i++)
		if (result->diagnostics[i].severity == PS_SEVERITY_ERROR)
			return 1;
	return 0;
}

ps_failure ps_result_fails(const ps_result *result, ps_severity level)
{
	if (ps_result_incomplete(result))
		return PS_FAILS_INCOMPLETE;
	for (size_t i = 0; i < result->finding_count; i++)
		if (!result->findings[i].suppression && result->findings[i].severity >= level)
			return PS_FAILS_FINDINGS;
	return PS_PASSES;
}

void psi_entity_of(const char *usr, char out[24])
{
	snprintf(out, 24, "%016llx", (unsigned long long)psi_hash(0, usr, strlen(usr)));
}

void psi_finding_clear(ps_finding *f)
{
	free(f->name);
	free(f->file);
	free(f->scope);
	free(f->context);
	free(f->message);
	free(f->justification);
	free(f->suppressed_at);
	free(f->suppressed_by);
	free(f->suppressed_until);
	psi_flow_free(f->flow);
	for (size_t i = 0; i < f->use_count; i++)
		psi_use_clear(&f->uses[i]);
	free(f->uses);
	memset(f, 0, sizeof *f);
}

void psi_result_keep(ps_result *result, const unsigned char *keep)
{
	size_t kept = 0;
	memset(result->stats.findings_by_category, 0, sizeof result->stats.findings_by_category);
	for (size_t i = 0; i < result->finding_count; i++) {
		ps_finding *f = &result->findings[i];
		if (!keep[i]) {
			psi_finding_clear(f);
			continue;
		}
		result->stats.findings_by_category[f->rule->category]++;
		result->findings[kept++] = *f;
	}
	result->finding_count = kept;
}

void psi_flow_free(ps_flow *flow)
{
	if (!flow)
		return;
	free(flow->sink_name);
	free(flow->sink_file);
	free(flow->source_file);
	for (size_t i = 0; i < flow->step_count; i++) {
		free(flow->steps[i].file);
		free(flow->steps[i].message);
		free(flow->steps[i].function);
	}
	free(flow->steps);
	free(flow);
}

void psi_raw_finding_clear(psi_raw_finding *r)
{
	psi_finding_clear(&r->f);
	free(r->usr);
	free(r->source_usr);
	r->usr = r->source_usr = NULL;
}

int psi_diagnostic_compare(const void *a, const void *b)
{
	const ps_diagnostic *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c) return c;
	if (x->line != y->line) return x->line < y->line ? -1 : 1;
	if (x->column != y->column) return x->column < y->column ? -1 : 1;
	if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
	return strcmp(x->message, y->message);
}

void psi_vcs_clear(ps_vcs *vcs)
{
	free(vcs->root);
	free(vcs->branch);
	free(vcs->origin_url);
	memset(vcs, 0, sizeof *vcs);
}

int psi_vcs_copy(ps_vcs *to, const ps_vcs *from)
{
	*to = *from;
	to->root = psi_strdup(from->root);
	to->branch = from->branch ? psi_strdup(from->branch) : NULL;
	to->origin_url = from->origin_url ? psi_strdup(from->origin_url) : NULL;
	if (!to->root || (from->branch && !to->branch) || (from->origin_url && !to->origin_url)) {
		psi_vcs_clear(to);
		return -1;
	}
	return 0;
}

static int compare_optional(const char *x, const char *y)
{
	if (!x || !y)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

int psi_vcs_compare(const void *a, const void *b)
{
	const ps_vcs *x = a, *y = b;
	int c = strcmp(x->root, y->root);
	if (c) return c;
	if ((c = strcmp(x->commit, y->commit))) return c;
	if ((c = compare_optional(x->branch, y->branch))) return c;
	if (x->detached != y->detached) return x->detached - y->detached;
	if (x->dirty != y->dirty) return x->dirty - y->dirty;
	return compare_optional(x->origin_url, y->origin_url);
}
