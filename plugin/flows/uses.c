/*
 * Uses: every reference to a flagged declaration in the function bodies of
 * a unit, whether or not its value reaches a sink, so that an inventory can
 * say where each flagged field is read and written, not only where it is
 * scored.  This is a walk of its own over each body, after the interpreter:
 * the interpreter follows values, and skips what carries none (the left
 * side of a plain assignment, an operand of sizeof, a designated
 * initializer's field), while a use is any mention.  Declarations are the
 * interpreter's (psi_flow_decl_of), so a use is flagged exactly when a
 * flow from it would be.
 */
#include <string.h>

#include "flows/tracer.h"

typedef struct use_walk {
	psi_tracer *t;
	uint32_t ruleset;
	const char *function;
} use_walk;

static uint64_t use_hash(const void *item)
{
	const psi_flow_use *u = item;
	unsigned place[2] = {u->line, u->column};
	uint64_t h = psi_hash(psi_flow_text_hash(u->file), place, sizeof place);
	return psi_hash(h, u->usr, strlen(u->usr));
}

static int same_use(const void *item, const void *key)
{
	const psi_flow_use *a = item, *b = key;
	return a->line == b->line && a->column == b->column && strcmp(a->file, b->file) == 0 &&
	       strcmp(a->usr, b->usr) == 0;
}

/* Hand `probe` over unless this unit did already: loop bodies and the
 * functions of a header are walked once per unit, but lambdas' bodies are
 * inside their function's. */
static void hand_over(psi_tracer *t, const psi_flow_use *probe)
{
	if (psi_table_find(&t->uses, use_hash(probe), probe))
		return;
	psi_flow_use *kept = psi_flow_alloc(t, sizeof *kept);
	if (!kept)
		return;
	*kept = *probe;
	if (psi_flow_table_add(t, &t->uses, kept) < 0)
		return;
	int rc = t->cb->use(t->cb->context, kept);
	if (rc != PS_OK)
		t->status = rc;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	use_walk *w = data;
	psi_tracer *t = w->t;
	if (t->status != PS_OK)
		return CXChildVisit_Break;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k != CXCursor_DeclRefExpr && k != CXCursor_MemberRefExpr && k != CXCursor_MemberRef)
		return CXChildVisit_Recurse;
	const psi_decl_info *d = psi_flow_decl_of(t, clang_getCursorReferenced(c), w->ruleset);
	unsigned line, column;
	const char *file = d && d->flagged && d->usr[0] ? psi_flow_place_of(t, c, &line, &column)
	                                                : NULL;
	if (file) {
		/* Its strings live in the tracer's arena, as long as the table. */
		psi_flow_use probe = {d->usr, file, line, column, w->function};
		hand_over(t, &probe);
	}
	return CXChildVisit_Recurse;
}

void psi_flow_list_uses(psi_tracer *t, const uint32_t *rulesets)
{
	if (!t->cb->use)
		return;
	t->uses = (psi_table){NULL, 0, 0, use_hash, same_use};
	for (size_t i = 0; t->status == PS_OK && i < t->body_count; i++) {
		if (rulesets[i] == UINT32_MAX)
			continue;
		use_walk w = {t, rulesets[i], psi_flow_scope_of(t, t->bodies[i])};
		clang_visitChildren(t->bodies[i], visit, &w);
	}
}

void psi_flow_uses_clear(psi_tracer *t)
{
	psi_table_clear(&t->uses);
}
