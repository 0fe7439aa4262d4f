/*
 * Classifying one declaration, the same way for every stage that asks:
 * extraction's findings (run/unit.c) and the flagged and sink declarations
 * flows trace (flows/decls.c) come from this one function, so that a name
 * flows treat as flagged is the name a finding reports, with the same
 * context, and a sink is what the sink rules and the configuration say.
 */
#include <string.h>

#include "classify/classify.h"

static int listed(const psi_strings *names, const char *name)
{
	for (size_t i = 0; i < names->count; i++)
		if (strcmp(names->items[i], name) == 0)
			return 1;
	return 0;
}

int psi_classify_decl(const ps_ruleset *rules, const psi_decl *d, psi_verdict *v,
                      ps_error *err)
{
	memset(v, 0, sizeof *v);
	ps_match matches[PSI_MAX_MATCHES];
	size_t n = 0;
	/* Without a context of its own, its scope and type are its context. */
	ps_context around = {d->scope, NULL, NULL, d->type, NULL, 0, NULL, NULL, 0, NULL, 0};
	int rc = ps_classify_in(rules, d->name, d->context ? d->context : &around, d->kind,
	                        matches, PSI_MAX_MATCHES, &n, err);
	for (size_t i = 0; rc == PS_OK && i < n; i++) {
		if (matches[i].rule->category == PS_CATEGORY_SINK)
			v->sink = 1;           /* a sink is not a finding */
		else
			v->findings[v->finding_count++] = matches[i];
	}
	if (listed(&rules->sink_names, d->name))
		v->sink = 1;
	if (listed(&rules->not_sink_names, d->name))
		v->sink = 0;
	return rc;
}
