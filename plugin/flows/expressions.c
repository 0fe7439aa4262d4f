/*
 * The interpreter's expressions: references (where flows start), writes
 * to variables, fields and elements, and binary and unary operators.
 */
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

typedef struct target {
	const psi_decl_info *decl; /* NULL when the written place has no name we know */
	ps_sink_kind kind;
	int strong;                /* the write replaces the whole value */
} target;

/* What an assignment writes to. */
static target target_of(psi_frame *f, CXCursor lhs)
{
	target none = {NULL, PS_SINK_VARIABLE, 0};
	lhs = psi_flow_strip(lhs);
	enum CXCursorKind k = clang_getCursorKind(lhs);
	if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
		CXCursor written = clang_getCursorReferenced(lhs);
		const psi_decl_info *d = psi_flow_decl_of(f->t, written, f->ruleset);
		if (!d || !d->trackable)
			return none;
		return (target){d, d->kind == PS_KIND_FIELD ? PS_SINK_FIELD : PS_SINK_VARIABLE, 1};
	}
	/* An element, *pointer, or container[key]: a write to part of it. */
	if (k == CXCursor_ArraySubscriptExpr || k == CXCursor_UnaryOperator ||
	    (k == CXCursor_CallExpr && clang_Cursor_getNumArguments(lhs) >= 1)) {
		if (k == CXCursor_CallExpr) {
			/* operator[] of a container: the object is the first operand. */
			CXString name = clang_getCursorSpelling(lhs);
			int subscript = strcmp(clang_getCString(name), "operator[]") == 0;
			clang_disposeString(name);
			if (!subscript)
				return none;
			target inner = target_of(f, clang_Cursor_getArgument(lhs, 0));
			inner.kind = PS_SINK_ELEMENT;
			inner.strong = 0;
			return inner;
		}
		psi_kids children = psi_flow_children(lhs);
		target inner = children.count ? target_of(f, children.items[0]) : none;
		free(children.items);
		if (k == CXCursor_ArraySubscriptExpr)
			inner.kind = PS_SINK_ELEMENT;
		inner.strong = 0;
		return inner;
	}
	return none;
}

void psi_flow_assign(psi_frame *f, CXCursor lhs, const psi_taint *value, const char *op,
                     CXCursor at, psi_state *s, const psi_taint *control)
{
	psi_tracer *t = f->t;
	target to = target_of(f, lhs);
	if (!to.decl)
		return;
	/* A variable declared inside the branch exists only there: the branch's
	 * condition does not decide what it holds. */
	const psi_binding *existing = to.decl->trackable ? psi_state_binding(s, to.decl->cursor)
	                                                 : NULL;
	if (existing)
		control = psi_taint_without(t, control, existing->declared_under);
	const psi_taint *carried = psi_taint_unite(t, psi_taint_unite(t, value, control), s->guard);
	/* Messages are written only for a value that carries something. */
	if (to.decl->sink && carried) {
		const char *noun = psi_sink_phrase(to.kind), *name = to.decl->name;
		const char *message =
			strcmp(op, "=") == 0 ? psi_flow_format(t, "assigned to %s '%s'", noun, name)
			: op[0] ? psi_flow_format(t, "changes %s '%s' ('%s')", noun, name, op)
			        : psi_flow_format(t, "changes %s '%s'", noun, name);
		psi_flow_report(f, carried, to.decl, to.kind, at, message);
	}
	if (!to.decl->trackable)
		return;
	const psi_taint *incoming = psi_taint_unite(t, value, control);
	const psi_taint *moved = NULL;
	if (incoming)
		moved = psi_taint_step_into(t, incoming, at,
		                            psi_flow_format(t, "stored in '%s'", to.decl->name),
		                            to.decl->sink);
	if (!to.strong || strcmp(op, "=") != 0)
		moved = psi_taint_unite(t, psi_state_lookup(s, to.decl->cursor), moved);
	psi_state_bind(t, s, to.decl->cursor, moved);
}

const psi_taint *psi_flow_reference(psi_frame *f, CXCursor c, psi_state *s)
{
	psi_tracer *t = f->t;
	CXCursor ref = clang_getCursorReferenced(c);
	const psi_decl_info *d = psi_flow_decl_of(t, ref, f->ruleset);
	if (!d)
		return NULL;
	const psi_taint *stored = d->trackable ? psi_state_lookup(s, ref) : NULL;
	for (unsigned i = 0; i < f->parameter_count; i++)
		if (clang_equalCursors(f->parameters[i], ref))
			stored = psi_taint_unite(t, stored, f->parameter_taints[i]);
	if (!d->flagged || (stored && stored->items[0]->source))
		return stored;
	/* A function with a summary stands for what it returns; only a flagged
	 * function whose body says nothing more is a flagged use itself. */
	if (d->is_function) {
		const psi_function_summary *fs = psi_flow_summary_of(t, d->usr, 0);
		if (fs && psi_taint_carries_source(fs->returns))
			return stored;
	}
	unsigned line, column;
	const char *file = psi_flow_place_of(t, c, &line, &column);
	if (!file)
		return stored;
	const ps_rule *rule = t->cb->ruleset_at(t->cb->context, d->ruleset)->rules[d->rule];
	psi_flow_source probe = {d->ruleset, d->rule, d->term, d->kind, (char *)d->name,
	                        (char *)file, line, column, (char *)f->scope, (char *)d->usr,
	                        (char *)d->file, d->line};
	const psi_flow_source *source = psi_flow_intern_source(t, &probe);
	psi_origin *o = psi_flow_alloc(t, sizeof *o);
	if (!source || !o)
		return stored;
	t->saw_source = 1;
	o->source = source;
	o->parameter = -1;
	o->past_sink = 0;
	const char *message = psi_flow_format(t, "%s '%s', named for %s, is used here",
	                                      psi_kind_noun(d->kind), d->name, rule->subject);
	o->last = psi_flow_add_step(t, NULL, c, message);
	const psi_origin *one[] = {o};
	return psi_taint_unite(t, stored, psi_taint_make(t, one, 1));
}

void psi_flow_assign_declared(psi_frame *f, CXCursor variable, const psi_taint *value, psi_state *s,
                              const psi_taint *control)
{
	psi_tracer *t = f->t;
	const psi_decl_info *d = psi_flow_decl_of(t, variable, f->ruleset);
	if (!d || !d->trackable)
		return;
	/* What exists only under a condition holds what it is given there: the
	 * condition decides whether it exists, not its value. */
	if (d->sink && value)
		psi_flow_report(f, value, d, PS_SINK_VARIABLE, variable,
		                psi_flow_format(t, "initialises variable '%s'", d->name));
	const psi_taint *stored = NULL;
	if (value)
		stored = psi_taint_step_into(t, value, variable,
		                             psi_flow_format(t, "stored in '%s'", d->name),
		                             d->sink);
	psi_state_declare(t, s, variable, stored, control);
}

const psi_taint *psi_flow_walk_binary(psi_frame *f, CXCursor c, psi_state *s,
                                      const psi_taint *control, int compound)
{
	psi_tracer *t = f->t;
	psi_kids k = psi_flow_children(c);
	if (k.count != 2) {
		const psi_taint *all = NULL;
		for (unsigned i = 0; i < k.count; i++)
			all = psi_taint_unite(t, all, psi_flow_walk(f, k.items[i], s, control));
		free(k.items);
		return all;
	}
	char op[8];
	psi_flow_operator(t, c, k.items[0], 0, op, sizeof op);

	if (compound && !psi_flow_is_assignment(op))
		op[0] = '\0'; /* an operator a macro's body wrote: unknown, but not '=' */
	const psi_taint *right = psi_flow_walk(f, k.items[1], s, control);
	const psi_taint *result;
	if (compound || psi_flow_is_assignment(op)) {
		const psi_taint *left = compound ? psi_flow_walk(f, k.items[0], s, control) : NULL;
		psi_flow_assign(f, k.items[0], right, op, c, s, control);
		result = psi_taint_unite(t, left, right);
	} else if (strcmp(op, ",") == 0) {
		psi_flow_walk(f, k.items[0], s, control);
		result = right;
	} else {
		result = psi_taint_unite(t, psi_flow_walk(f, k.items[0], s, control), right);
	}
	free(k.items);
	return result;
}

const psi_taint *psi_flow_walk_unary(psi_frame *f, CXCursor c, psi_state *s,
                                     const psi_taint *control)
{
	psi_kids k = psi_flow_children(c);
	const psi_taint *value = k.count ? psi_flow_walk(f, k.items[0], s, control) : NULL;
	char op[8] = "";
	if (k.count) {
		psi_flow_operator(f->t, c, k.items[0], 1, op, sizeof op);
		if (strcmp(op, "++") != 0 && strcmp(op, "--") != 0)
			psi_flow_operator(f->t, c, k.items[0], 0, op, sizeof op);
	}
	if (strcmp(op, "++") == 0 || strcmp(op, "--") == 0)
		psi_flow_assign(f, k.items[0], NULL, op, c, s, control);
	free(k.items);
	return value;
}
