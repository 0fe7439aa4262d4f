/*
 * Places and declarations: which file a cursor is in, what a declaration
 * is for the rules (flagged, a sink, or neither, classified as extraction
 * classifies it), and one source object per flagged use.
 */
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

/* ---- places ------------------------------------------------------------- */

/* The file a cursor is in (NULL for none), with its line and column. */
static const psi_file_entry *file_of(psi_tracer *t, CXCursor c, unsigned *line, unsigned *column)
{
	int oom = 0;
	const psi_file_entry *e = psi_file_cache_lookup(&t->files, clang_getCursorLocation(c),
							line, column, &oom);
	if (oom)
		t->status = PS_ENOMEM;
	return e;
}

const char *psi_flow_place_of(psi_tracer *t, CXCursor c, unsigned *line, unsigned *column)
{
	const psi_file_entry *e = file_of(t, c, line, column);
	return e ? e->path : NULL;
}

int psi_flow_in_project(psi_tracer *t, CXCursor c)
{
	unsigned line, column;
	const psi_file_entry *e = file_of(t, c, &line, &column);
	return e && e->in_project;
}

/* ---- declarations: flagged, sink, or neither ----------------------------- */

uint64_t psi_flow_decl_hash(const void *item)
{
	const psi_decl_info *d = item;
	return clang_hashCursor(d->cursor) * 31u + d->ruleset;
}

int psi_flow_decl_matches(const void *item, const void *key)
{
	const psi_decl_info *a = item, *b = key;
	return a->ruleset == b->ruleset && clang_equalCursors(a->cursor, b->cursor);
}

static int trackable_kind(enum CXCursorKind k, ps_kind *kind)
{
	switch (k) {
	case CXCursor_VarDecl: *kind = PS_KIND_VARIABLE; return 1;
	case CXCursor_ParmDecl: *kind = PS_KIND_PARAMETER; return 1;
	case CXCursor_FieldDecl: *kind = PS_KIND_FIELD; return 1;
	default: return 0;
	}
}

int psi_flow_function_kind(enum CXCursorKind k)
{
	return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod ||
	       k == CXCursor_FunctionTemplate || k == CXCursor_ConversionFunction;
}

const char *psi_flow_scope_of(psi_tracer *t, CXCursor scope)
{
	char *name;
	if (psi_scope_of(scope, &name) != PS_OK) {
		t->status = PS_ENOMEM;
		return NULL;
	}
	const char *interned = name ? psi_flow_intern(t, name) : NULL;
	free(name);
	return interned;
}

static void classify_decl(psi_tracer *t, psi_decl_info *d, CXCursor ref)
{
	const ps_ruleset *rules = t->cb->ruleset_at(t->cb->context, d->ruleset);
	/* The same context as the declaration's own finding. */
	const char *scope = psi_flow_scope_of(t, psi_enclosing_scope(ref));
	ps_context context;
	if (psi_context_build(&t->contexts, ref, scope, &context) != PS_OK)
		t->status = PS_ENOMEM;
	psi_decl decl = {d->kind, d->name, NULL, 0, 0, scope, context.type, "", 0, 0, &context};
	psi_verdict verdict;
	if (psi_classify_decl(rules, &decl, &verdict, NULL) != PS_OK)
		t->status = PS_ENOMEM;
	d->sink = verdict.sink;
	for (size_t i = 0; i < verdict.finding_count && !d->flagged && d->in_project; i++) {
		const ps_match *m = &verdict.findings[i];
		if (m->rule->category >= PS_CATEGORY_EXCEPTION)
			continue;
		d->flagged = 1;
		uint32_t r = 0;
		while (rules->rules[r] != m->rule)
			r++;
		d->rule = r;
		d->term = psi_match_source_index(m->rule, m->term, m->combination);
		d->category = m->rule->category;
	}
}

const psi_decl_info *psi_flow_decl_of(psi_tracer *t, CXCursor ref, uint32_t ruleset)
{
	enum CXCursorKind k = clang_getCursorKind(ref);
	ps_kind kind = PS_KIND_FUNCTION;
	int trackable = trackable_kind(k, &kind);
	if (!trackable && !psi_flow_function_kind(k) && k != CXCursor_EnumConstantDecl)
		return NULL;
	if (k == CXCursor_EnumConstantDecl)
		kind = PS_KIND_ENUM_CONSTANT;
	psi_decl_info probe = {.cursor = ref, .ruleset = ruleset};
	psi_decl_info *d = psi_table_find(&t->decls, psi_flow_decl_hash(&probe), &probe);
	if (d)
		return d;
	d = psi_flow_alloc(t, sizeof *d);
	if (!d)
		return NULL;
	memset(d, 0, sizeof *d);
	d->cursor = ref;
	d->ruleset = ruleset;
	d->trackable = trackable;
	d->is_function = !trackable && kind == PS_KIND_FUNCTION;
	d->kind = kind;
	CXString name = clang_getCursorSpelling(ref);
	CXString usr = clang_getCursorUSR(ref);
	d->name = psi_flow_intern(t, clang_getCString(name));
	d->usr = psi_flow_intern(t, clang_getCString(usr));
	clang_disposeString(name);
	clang_disposeString(usr);
	unsigned column;
	const psi_file_entry *file = file_of(t, ref, &d->line, &column);
	d->file = file ? file->path : NULL;
	d->in_project = file && file->in_project;
	if (d->name && d->usr && d->name[0])
		classify_decl(t, d, ref);
	return psi_flow_table_add(t, &t->decls, d) < 0 ? NULL : d;
}

/* ---- sources: one per flagged use, the same object in every pass --------- */

uint64_t psi_flow_source_hash(const void *item)
{
	const psi_flow_source *s = item;
	uint64_t h = psi_flow_text_hash(s->file);
	unsigned place[2] = {s->line, s->column};
	h = psi_hash(h, place, sizeof place);
	return psi_hash(h, s->name, strlen(s->name));
}

int psi_flow_same_source(const void *item, const void *key)
{
	const psi_flow_source *a = item, *b = key;
	return a->line == b->line && a->column == b->column && strcmp(a->file, b->file) == 0 &&
	       strcmp(a->name, b->name) == 0;
}

const psi_flow_source *psi_flow_intern_source(psi_tracer *t, const psi_flow_source *probe)
{
	uint64_t hash = psi_flow_source_hash(probe);
	const psi_flow_source *known = psi_table_find(&t->sources, hash, probe);
	if (known)
		return known;
	psi_flow_source *copy = psi_flow_alloc(t, sizeof *copy);
	if (!copy)
		return NULL;
	*copy = *probe;
	copy->name = (char *)psi_flow_intern(t, probe->name);
	copy->file = (char *)psi_flow_intern(t, probe->file);
	copy->scope = probe->scope ? (char *)psi_flow_intern(t, probe->scope) : NULL;
	copy->usr = (char *)psi_flow_intern(t, probe->usr ? probe->usr : "");
	copy->decl_file = probe->decl_file ? (char *)psi_flow_intern(t, probe->decl_file) : NULL;
	return psi_flow_table_add(t, &t->sources, copy) < 0 ? NULL : copy;
}
