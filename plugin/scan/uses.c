/*
 * The uses of a flagged declaration, on its finding.  Workers name the
 * declaration a use refers to by its USR, as they name a flow's source;
 * the harvest gathered them by USR, each once and bounded (model/uses.c).
 * Every finding of the declaration that is kept gets them: a declaration
 * in a header and its definition in a source are one USR, reported once,
 * and a declaration two rules flag is two findings, each with its uses.
 * Uses in files the scan does not report (the context of a partial scan,
 * the units of other shards) are listed too: they are where a reported
 * declaration is used.
 */
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

/* A finding that uses can refer to: a declaration, not a flow or a literal. */
static int has_uses(const psi_raw_finding *r)
{
	return !r->f.flow && r->usr && r->usr[0] && r->f.kind != PS_KIND_STRING_LITERAL &&
	       r->f.kind != PS_KIND_IDENTIFIER && r->f.kind != PS_KIND_COMMENT;
}

static int copy_use(ps_use *to, const ps_use *from, const char *cwd)
{
	to->file = psi_display_path(from->file, cwd);
	to->line = from->line;
	to->column = from->column;
	to->function = from->function ? psi_strdup(from->function) : NULL;
	if (!to->file || (from->function && !to->function)) {
		psi_use_clear(to);
		return -1;
	}
	return 0;
}

int psi_attach_uses(psi_raw_finding *r, const psi_uses *uses, const char *cwd)
{
	const psi_use_list *list = has_uses(r) ? psi_uses_of(uses, r->usr) : NULL;
	if (!list || list->count == 0)
		return 0;
	ps_finding *f = &r->f;
	f->uses = calloc(list->count, sizeof *f->uses);
	if (!f->uses)
		return -1;
	for (size_t i = 0; i < list->count; i++) {
		if (copy_use(&f->uses[i], &list->items[i], cwd) < 0)
			return -1;
		f->use_count++;
	}
	/* Display paths may sort otherwise than absolute ones ("/usr/..." and
	 * "src/..."); the result's order is by what it shows. */
	psi_sort(f->uses, f->use_count, sizeof *f->uses, psi_use_compare);
	f->uses_omitted = list->omitted_count;
	return 0;
}
