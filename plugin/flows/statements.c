/*
 * The interpreter's statements: branches and loops on copies of the state,
 * conditions as they decide what runs, returns, declarations and lambdas,
 * and the dispatch over cursor kinds (psi_flow_walk).
 */
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

#define MAX_LOOP_DEPTH 3     /* deeper loops are interpreted once */

/* The condition of an if, while or switch, and where the rest begins: the
 * first child that is an expression (an init statement or a condition
 * variable may come before it). */
static unsigned condition_index(const psi_kids *k)
{
	for (unsigned i = 0; i < k->count; i++)
		if (clang_isExpression(clang_getCursorKind(k->items[i])))
			return i;
	return 0;
}

static int is_pointer(CXCursor e)
{
	enum CXTypeKind k = clang_getCanonicalType(clang_getCursorType(e)).kind;
	return k == CXType_Pointer || k == CXType_NullPtr;
}

static int is_null_constant(CXCursor e)
{
	enum CXCursorKind k = clang_getCursorKind(psi_flow_strip(e));
	return k == CXCursor_IntegerLiteral || k == CXCursor_CXXNullPtrLiteralExpr ||
	       k == CXCursor_GNUNullExpr;
}

/* p == NULL, nullptr != p */
static int compares_with_null(const char *op, CXCursor left, CXCursor right)
{
	if (strcmp(op, "==") != 0 && strcmp(op, "!=") != 0)
		return 0;
	return (is_pointer(psi_flow_strip(left)) && is_null_constant(right)) ||
	       (is_pointer(psi_flow_strip(right)) && is_null_constant(left));
}

/* A condition as it decides a branch.  A test that a pointer is null,
 * `if (race)`, `if (!p->nationaliteit) return -1;`, `p == NULL`, decides on
 * whether there is a value, not on what it is, and decides nothing here
 * (docs/flows.md); `!`, `&&` and `||` are looked through to find such tests. */
static const psi_taint *walk_condition(psi_frame *f, CXCursor c, psi_state *s,
                                       const psi_taint *control)
{
	CXCursor e = psi_flow_strip(c);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (is_pointer(e)) {
		psi_flow_walk(f, c, s, control); /* for what it does, a call or an assignment */
		return NULL;
	}
	if (k != CXCursor_BinaryOperator && k != CXCursor_UnaryOperator)
		return psi_flow_walk(f, c, s, control);
	psi_kids parts = psi_flow_children(e);
	char op[8] = "";
	const psi_taint *result;
	if (k == CXCursor_UnaryOperator && parts.count == 1) {
		psi_flow_operator(f->t, e, parts.items[0], 1, op, sizeof op);
		result = strcmp(op, "!") == 0 ? walk_condition(f, parts.items[0], s, control)
		                               : psi_flow_walk(f, c, s, control);
	} else if (k == CXCursor_BinaryOperator && parts.count == 2) {
		psi_flow_operator(f->t, e, parts.items[0], 0, op, sizeof op);
		if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
			result = psi_taint_unite(f->t, walk_condition(f, parts.items[0], s, control),
			                         walk_condition(f, parts.items[1], s, control));
		} else if (compares_with_null(op, parts.items[0], parts.items[1])) {
			psi_flow_walk(f, c, s, control);
			result = NULL;
		} else {
			result = psi_flow_walk(f, c, s, control);
		}
	} else {
		result = psi_flow_walk(f, c, s, control);
	}
	free(parts.items);
	return result;
}

static const psi_taint *deciding(psi_frame *f, const psi_taint *condition, CXCursor at,
                                 const char *what)
{
	if (!condition)
		return NULL;
	const char *message = psi_flow_format(f->t, "decides this %s", what);
	return psi_taint_extend(f->t, condition, at, message);
}

/* After a branch that returned, what follows runs only when the condition
 * allowed it. */
static void guard_rest(psi_frame *f, psi_state *s, unsigned returns_before,
                       const psi_taint *condition, CXCursor at)
{
	if (f->return_count > returns_before && condition)
		s->guard = psi_taint_unite(f->t, s->guard,
		                           psi_taint_extend(f->t, condition, at,
		                                            "decides a return before this point"));
}

/* The head of an if or switch: init statements, then the condition, whose
 * taint is returned; the branches are the children after `*condition_at`. */
static const psi_taint *walk_head(psi_frame *f, const psi_kids *k, psi_state *s,
                                  const psi_taint *control, unsigned *condition_at)
{
	unsigned ci = condition_index(k);
	for (unsigned i = 0; i < ci; i++)
		psi_flow_walk(f, k->items[i], s, control);
	*condition_at = ci;
	return k->count ? walk_condition(f, k->items[ci], s, control) : NULL;
}

static const psi_taint *walk_if(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control)
{
	psi_tracer *t = f->t;
	psi_kids k = psi_flow_children(c);
	unsigned ci;
	const psi_taint *condition = walk_head(f, &k, s, control, &ci);
	const psi_taint *inner = psi_taint_unite(t, control, deciding(f, condition, c, "'if'"));
	unsigned returns_before = f->return_count;
	psi_state then = psi_state_copy(t, s);
	if (ci + 1 < k.count)
		psi_flow_walk(f, k.items[ci + 1], &then, inner);
	if (ci + 2 < k.count)
		psi_flow_walk(f, k.items[ci + 2], s, inner);
	psi_state_join(t, s, &then);
	guard_rest(f, s, returns_before, condition, c);
	free(k.items);
	return NULL;
}

static const psi_taint *walk_loop(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control)
{
	psi_tracer *t = f->t;
	enum CXCursorKind kind = clang_getCursorKind(c);
	psi_kids k = psi_flow_children(c);
	if (k.count == 0)
		return NULL;
	/* The body is last, except in do-while; the rest decides the loop.  A
	 * range-for's variable holds an element of the range. */
	unsigned body = kind == CXCursor_DoStmt ? 0 : k.count - 1;
	unsigned returns_before = f->return_count;
	int iterations = f->loop_depth < MAX_LOOP_DEPTH ? 2 : 1;
	const psi_taint *condition = NULL;
	f->loop_depth++;
	for (int round = 0; round < iterations; round++) {
		psi_state pass = psi_state_copy(t, s);
		CXCursor range_variable = clang_getNullCursor();
		for (unsigned i = 0; i < k.count; i++) {
			if (i == body)
				continue;
			CXCursor part = k.items[i];
			if (kind == CXCursor_CXXForRangeStmt &&
			    clang_getCursorKind(part) == CXCursor_VarDecl) {
				range_variable = part;
				continue;
			}
			const psi_taint *part_decides = walk_condition(f, part, &pass, control);
			condition = psi_taint_unite(t, condition, part_decides);
		}
		if (!clang_Cursor_isNull(range_variable))
			psi_flow_assign_declared(f, range_variable, condition, &pass, control);
		const psi_taint *decides = deciding(f, condition, c, "loop");
		const psi_taint *inner = psi_taint_unite(t, control, decides);
		psi_flow_walk(f, k.items[body], &pass, inner);
		psi_state_join(t, s, &pass);
	}
	f->loop_depth--;
	guard_rest(f, s, returns_before, condition, c);
	free(k.items);
	return NULL;
}

static const psi_taint *walk_switch(psi_frame *f, CXCursor c, psi_state *s,
                                    const psi_taint *control)
{
	psi_tracer *t = f->t;
	psi_kids k = psi_flow_children(c);
	unsigned ci;
	const psi_taint *condition = walk_head(f, &k, s, control, &ci);
	const psi_taint *inner = psi_taint_unite(t, control, deciding(f, condition, c, "'switch'"));
	unsigned returns_before = f->return_count;
	const psi_state *outer_entry = f->switch_entry;
	psi_state entry = psi_state_copy(t, s);
	f->switch_entry = &entry;
	psi_state body = psi_state_copy(t, s);
	for (unsigned i = ci + 1; i < k.count; i++)
		psi_flow_walk(f, k.items[i], &body, inner);
	f->switch_entry = outer_entry;
	psi_state_join(t, s, &body);
	guard_rest(f, s, returns_before, condition, c);
	free(k.items);
	return NULL;
}

/* A case label is a way into the switch's body from its start. */
static const psi_taint *walk_case(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control)
{
	if (f->switch_entry)
		psi_state_join(f->t, s, f->switch_entry);
	psi_kids k = psi_flow_children(c);
	if (k.count)
		psi_flow_walk(f, k.items[k.count - 1], s, control);
	free(k.items);
	return NULL;
}

static const psi_taint *walk_return(psi_frame *f, CXCursor c, psi_state *s,
                                    const psi_taint *control)
{
	psi_tracer *t = f->t;
	psi_kids k = psi_flow_children(c);
	const psi_taint *value = NULL;
	for (unsigned i = 0; i < k.count; i++)
		value = psi_taint_unite(t, value, psi_flow_walk(f, k.items[i], s, control));
	free(k.items);
	const psi_taint *carried = psi_taint_unite(t, psi_taint_unite(t, value, control), s->guard);
	f->return_count++;
	if (f->info && f->info->sink && carried)
		psi_flow_report(f, carried, f->info, PS_SINK_RETURN, c,
		                psi_flow_format(t, "returned as the value of '%s'", f->info->name));
	if (!carried)
		return NULL;
	const char *message = f->info ? psi_flow_format(t, "returned by '%s'", f->info->name)
	                              : "returned by a lambda";
	f->returns = psi_taint_unite(t, f->returns,
	                             psi_taint_step_into(t, carried, c, message,
	                                                 f->info && f->info->sink));
	return NULL;
}

static const psi_taint *walk_variable(psi_frame *f, CXCursor c, psi_state *s,
                                      const psi_taint *control)
{
	psi_kids k = psi_flow_children(c);
	const psi_taint *value = NULL;
	int holds_lambda = 0;
	for (unsigned i = 0; i < k.count; i++) {
		value = psi_taint_unite(f->t, value, psi_flow_walk(f, k.items[i], s, control));
		CXCursor initializer = psi_flow_strip(k.items[i]);
		holds_lambda |= clang_getCursorKind(initializer) == CXCursor_LambdaExpr;
	}
	free(k.items);
	if (holds_lambda) {
		/* A function, not a value: what it returns flows where it is called. */
		psi_state_declare(f->t, s, c, value, control);
		return NULL;
	}
	psi_flow_assign_declared(f, c, value, s, control);
	return NULL;
}

/* A lambda's body runs with the enclosing function's variables (captured
 * by reference or by copy, the values are the same); its value is what it
 * returns, so that a call through it, or an algorithm given it, carries
 * that on. */
static const psi_taint *walk_lambda(psi_frame *f, CXCursor c, psi_state *s,
                                    const psi_taint *control)
{
	psi_frame inner = *f;
	inner.info = NULL;
	inner.parameter_count = 0;
	inner.returns = NULL;
	inner.switch_entry = NULL;
	psi_kids k = psi_flow_children(c);
	psi_state body = psi_state_copy(f->t, s);
	for (unsigned i = 0; i < k.count; i++)
		if (clang_getCursorKind(k.items[i]) == CXCursor_CompoundStmt)
			psi_flow_walk(&inner, k.items[i], &body, control);
	free(k.items);
	body.guard = s->guard;
	psi_state_join(f->t, s, &body);
	return inner.returns;
}

/* The parts in order; the value is the union of theirs. */
static const psi_taint *walk_parts(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control)
{
	psi_kids k = psi_flow_children(c);
	const psi_taint *all = NULL;
	for (unsigned i = 0; i < k.count && f->t->status == PS_OK; i++)
		all = psi_taint_unite(f->t, all, psi_flow_walk(f, k.items[i], s, control));
	free(k.items);
	return all;
}

const psi_taint *psi_flow_walk(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control)
{
	if (f->t->status != PS_OK)
		return NULL;
	switch (clang_getCursorKind(c)) {
	case CXCursor_IfStmt:
		return walk_if(f, c, s, control);
	case CXCursor_WhileStmt:
	case CXCursor_DoStmt:
	case CXCursor_ForStmt:
	case CXCursor_CXXForRangeStmt:
		return walk_loop(f, c, s, control);
	case CXCursor_SwitchStmt:
		return walk_switch(f, c, s, control);
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		return walk_case(f, c, s, control);
	case CXCursor_ReturnStmt:
		return walk_return(f, c, s, control);
	case CXCursor_VarDecl:
		return walk_variable(f, c, s, control);
	case CXCursor_LambdaExpr:
		return walk_lambda(f, c, s, control);
	case CXCursor_BinaryOperator:
		return psi_flow_walk_binary(f, c, s, control, 0);
	case CXCursor_CompoundAssignOperator:
		return psi_flow_walk_binary(f, c, s, control, 1);
	case CXCursor_UnaryOperator:
		return psi_flow_walk_unary(f, c, s, control);
	case CXCursor_CallExpr:
		return psi_flow_call(f, c, s, control);
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr: {
		const psi_taint *value = psi_flow_reference(f, c, s);
		/* The object a member is read from: p->nationaliteit depends on p. */
		return psi_taint_unite(f->t, value, walk_parts(f, c, s, control));
	}
	case CXCursor_UnaryExpr:        /* sizeof, alignof: a property of the type */
	case CXCursor_TypeRef:
	case CXCursor_TemplateRef:
	case CXCursor_NamespaceRef:
	case CXCursor_StructDecl:
	case CXCursor_ClassDecl:
	case CXCursor_UnionDecl:
	case CXCursor_EnumDecl:
	case CXCursor_TypedefDecl:
		return NULL;
	default:
		/* Blocks, expression statements, casts, operators on classes, ?:,
		 * subscripts, initializer lists: in order, the union of the parts. */
		return walk_parts(f, c, s, control);
	}
}
