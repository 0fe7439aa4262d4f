/*
 * The interpreter's calls: a callee with a summary carries its arguments
 * to its sinks and return value as the summary says; one without depends
 * on all its operands and writes them into its output parameters; a callee
 * defined in another unit is noted, for the scan to trace again when its
 * summary grows.
 */
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

/* A callee defined in another unit, for the scan to trace this one again
 * when the callee's summary grows. */
static void note_call(psi_tracer *t, const char *usr, int tainted_arguments,
                      int parameter_arguments)
{
	psi_external_callee *e = psi_table_find(&t->calls, psi_flow_text_hash(usr), usr);
	if (e) {
		e->tainted_arguments |= tainted_arguments;
		e->parameter_arguments |= parameter_arguments;
		return;
	}
	e = psi_flow_alloc(t, sizeof *e);
	if (!e || !(e->usr = psi_flow_intern(t, usr)))
		return;
	e->tainted_arguments = tainted_arguments;
	e->parameter_arguments = parameter_arguments;
	psi_flow_table_add(t, &t->calls, e);
}

/* Is a parameter of this type written through: a pointer or reference to
 * something not const (strcpy's destination, operator<<'s stream)? */
static int is_output_type(CXType type)
{
	if (type.kind != CXType_Pointer && type.kind != CXType_LValueReference)
		return 0;
	CXType pointee = clang_getPointeeType(type);
	return pointee.kind != CXType_Invalid && !clang_isConstQualifiedType(pointee) &&
	       clang_getCanonicalType(pointee).kind != CXType_FunctionProto;
}

/* What a call's operands carry: each argument's value, and the union of
 * all of them and of the others (the callee, the object of a method). */
typedef struct operands {
	int argc;
	const psi_taint *args[MAX_PARAMETERS];
	const psi_taint *all, *not_arguments;
} operands;

/* Is `child`, found by visiting a call's children, its argument `argument`?
 * Not clang_equalCursors: a cursor libclang makes for an argument names a
 * different parent than the visit does inside an initializer, so the two
 * never compare equal there; the same kind over the same source range is
 * the same expression. */
static int same_expression(CXCursor child, CXCursor argument)
{
	return clang_getCursorKind(child) == clang_getCursorKind(argument) &&
	       clang_equalRanges(clang_getCursorExtent(child), clang_getCursorExtent(argument));
}

static void walk_operands(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control,
                          operands *ops)
{
	psi_tracer *t = f->t;
	*ops = (operands){.argc = clang_Cursor_getNumArguments(c)};
	psi_kids k = psi_flow_children(c);
	for (unsigned i = 0; i < k.count; i++) {
		const psi_taint *v = psi_flow_walk(f, k.items[i], s, control);
		int argument = 0;
		ops->all = psi_taint_unite(t, ops->all, v);
		for (int a = 0; a < ops->argc && a < MAX_PARAMETERS; a++) {
			if (same_expression(k.items[i], clang_Cursor_getArgument(c, (unsigned)a))) {
				ops->args[a] = v;
				argument = 1;
			}
		}
		if (!argument)
			ops->not_arguments = psi_taint_unite(t, ops->not_arguments, v);
	}
	free(k.items);
}

/* The union of the arguments from `first` on. */
static const psi_taint *arguments_from(psi_tracer *t, const operands *ops, int first)
{
	const psi_taint *arguments = NULL;
	for (int a = first; a < ops->argc && a < MAX_PARAMETERS; a++)
		arguments = psi_taint_unite(t, arguments, ops->args[a]);
	return arguments;
}

/* A library function writes what it is given into its output parameters:
 * strcpy(buf, a->nationaliteit), snprintf(key, n, "%s", p->postcode),
 * out << p.nationality; and a library method that is not const into its
 * object: names.push_back(p.surname).  Not the project's own functions
 * defined in another unit: their pointer parameters are mostly the objects
 * they work on, and a setter writes one field; marking the whole object
 * made every other field a flow (base->setAlienRace(race) does not change
 * base->getLongitude(); create_city(player, tile, name, nationality) does
 * not make the tile a nationality). */
static void write_outputs(psi_frame *f, CXCursor c, CXCursor callee, const operands *ops,
                          psi_state *s, const psi_taint *control)
{
	psi_tracer *t = f->t;
	if (!arguments_from(t, ops, 0))
		return; /* nothing to write */
	CXType type = clang_getCursorType(callee);
	enum CXCursorKind kind = clang_getCursorKind(callee);
	int method = kind == CXCursor_CXXMethod && !clang_CXXMethod_isStatic(callee);
	CXString name = clang_getCursorSpelling(callee);
	int member_operator = method && strncmp(clang_getCString(name), "operator", 8) == 0;
	clang_disposeString(name);
	/* A member operator's object is its argument 0, which no parameter
	 * type describes. */
	int first = member_operator ? 1 : 0;
	for (int a = first; a < ops->argc && a < MAX_PARAMETERS; a++) {
		if (!is_output_type(clang_getArgType(type, (unsigned)(a - first))))
			continue;
		const psi_taint *others = NULL;
		for (int b = 0; b < ops->argc && b < MAX_PARAMETERS; b++)
			if (b != a)
				others = psi_taint_unite(t, others, ops->args[b]);
		CXCursor output = clang_Cursor_getArgument(c, (unsigned)a);
		if (others)
			psi_flow_assign(f, output, others, "", c, s, control);
	}
	if (!method || clang_CXXMethod_isConst(callee))
		return;
	const psi_taint *arguments = arguments_from(t, ops, first);
	if (!arguments)
		return;
	if (member_operator && ops->argc > 0) {
		psi_flow_assign(f, clang_Cursor_getArgument(c, 0), arguments, "", c, s, control);
		return;
	}
	/* obj.method(...): the object is what the member reference is read from. */
	psi_kids parts = psi_flow_children(c);
	CXCursor member = parts.count ? psi_flow_strip(parts.items[0]) : clang_getNullCursor();
	psi_kids object = clang_getCursorKind(member) == CXCursor_MemberRefExpr
	                  ? psi_flow_children(member)
	                  : (psi_kids){NULL, 0, 0};
	if (object.count)
		psi_flow_assign(f, object.items[0], arguments, "", c, s, control);
	free(object.items);
	free(parts.items);
}

/* A sink function: what each argument carries, with the conditions the
 * call is made under, reaches it. */
static void report_arguments(psi_frame *f, CXCursor c, const psi_decl_info *d, const operands *ops,
                             const psi_state *s, const psi_taint *control)
{
	psi_tracer *t = f->t;
	const char *message = NULL;
	for (int a = 0; a < ops->argc && a < MAX_PARAMETERS; a++) {
		const psi_taint *v = psi_taint_unite(t, psi_taint_unite(t, ops->args[a], control),
		                                     s->guard);
		if (v && !message)
			message = psi_flow_format(t, "passed to '%s'", d->name);
		if (v)
			psi_flow_report(f, v, d, PS_SINK_ARGUMENT, c, message);
	}
}

/* A project function this unit calls but does not define: the scan hears
 * of it in the reporting pass, with whether a flagged value or one of the
 * caller's parameters went in. */
static void note_if_external(psi_frame *f, const psi_decl_info *d, const psi_function_summary *fs,
                             const operands *ops, const psi_taint *control)
{
	psi_tracer *t = f->t;
	if ((fs && fs->defined_here) || !t->reporting || !d->usr[0] || !d->in_project)
		return;
	int tainted = 0, parameter = 0;
	for (int a = 0; a < ops->argc && a < MAX_PARAMETERS; a++) {
		const psi_taint *v = psi_taint_unite(t, ops->args[a], control);
		tainted |= psi_taint_carries_unreported(v);
		parameter |= psi_taint_carries_parameter(v);
	}
	note_call(t, d->usr, tainted, parameter);
}

/* A callee without a summary: its result depends on all its operands.  Out
 * of a sink function, its arguments have been reported as such; the object
 * of a method (race->retaliationWeights()) has not. */
static const psi_taint *unknown_callee(psi_frame *f, CXCursor c, CXCursor callee,
                                       const psi_decl_info *d, const operands *ops, psi_state *s,
                                       const psi_taint *control)
{
	psi_tracer *t = f->t;
	if (!d->in_project)
		write_outputs(f, c, callee, ops, s, control);
	if (!d->sink)
		return ops->all;
	const psi_taint *arguments = arguments_from(t, ops, 0);
	if (!arguments)
		return ops->not_arguments;
	return psi_taint_unite(t, ops->not_arguments,
	                       psi_taint_step_into(t, arguments, c,
	                                           psi_flow_format(t, "returned by '%s' here",
	                                                           d->name),
	                                           1));
}

/* One origin of an argument, through the call, into a sink inside the
 * callee: a flagged use is reported there; a parameter of the caller goes
 * into the caller's summary. */
static void reach_sink_inside(psi_frame *f, CXCursor c, const psi_decl_info *d,
                              const psi_parameter_sink *ps, const psi_origin *o)
{
	psi_tracer *t = f->t;
	const psi_step *at = psi_flow_add_step(t, o->last, c,
	                                       psi_flow_format(t, "passed to '%s'", d->name));
	if (!o->source) {
		if (f->info)
			psi_flow_note_parameter_sink(f, (unsigned)o->parameter, ps->sink, ps->kind,
			                             psi_flow_append_steps(t, at, ps->last));
	} else if (t->reporting && !psi_flow_already_reported(t, o->source, ps->sink, ps->kind)) {
		psi_flow_report_path(t, o->source, psi_flow_append_steps(t, at, ps->last), ps->sink,
		                     ps->kind);
	}
}

/* Arguments that reach a sink inside the callee, and the conditions the
 * call is made under (if (buitenlands) tel_op(t, 3.5)); not the early
 * returns before it, which would make every later call in the function
 * reach every sink its callees write. */
static void reach_callee_sinks(psi_frame *f, CXCursor c, const psi_decl_info *d,
                               const psi_function_summary *fs, const operands *ops,
                               const psi_taint *control)
{
	psi_tracer *t = f->t;
	for (unsigned i = 0; i < fs->sink_count; i++) {
		const psi_parameter_sink *ps = &fs->sinks[i];
		if (ps->parameter >= (unsigned)ops->argc || ps->parameter >= MAX_PARAMETERS)
			continue;
		const psi_taint *v = psi_taint_unite(t, ops->args[ps->parameter], control);
		for (unsigned j = 0; v && j < v->count; j++)
			if (!v->items[j]->past_sink)
				reach_sink_inside(f, c, d, ps, v->items[j]);
	}
}

/* What the callee's summary says it returns: flagged uses inside it, and
 * the arguments of the parameters that reach its return value. */
static const psi_taint *returned_value(psi_frame *f, CXCursor c, const psi_decl_info *d,
                                       const psi_function_summary *fs, const operands *ops)
{
	psi_tracer *t = f->t;
	const psi_taint *result = NULL;
	const char *back = fs->returns ? psi_flow_format(t, "returned by '%s' here", d->name)
	                               : NULL;
	for (unsigned i = 0; fs->returns && i < fs->returns->count; i++) {
		const psi_origin *o = fs->returns->items[i];
		if (o->source) {
			const psi_origin *one[] = {o};
			const psi_taint *inside = psi_taint_make(t, one, 1);
			result = psi_taint_unite(t, result, psi_taint_extend(t, inside, c, back));
		} else if (o->parameter < ops->argc && o->parameter < MAX_PARAMETERS) {
			/* Out of a sink function, the value has been reported there. */
			const char *through = psi_flow_format(t, "passes through '%s'", d->name);
			result = psi_taint_unite(t, result,
			                         psi_taint_step_into(t, ops->args[o->parameter], c,
			                                             through, d->sink));
		}
	}
	/* A flagged function whose body shows no flagged use inside, such as
	 * is_foreigner() over a look-up table, is itself the flagged use. */
	if (d->flagged && !psi_taint_carries_source(fs->returns))
		result = psi_taint_unite(t, result, ops->all);
	return result;
}

const psi_taint *psi_flow_call(psi_frame *f, CXCursor c, psi_state *s, const psi_taint *control)
{
	psi_tracer *t = f->t;
	operands ops;
	walk_operands(f, c, s, control, &ops);
	CXCursor callee = clang_getCursorReferenced(c);
	const psi_decl_info *d = psi_flow_decl_of(t, callee, f->ruleset);
	if (!d || !d->is_function)
		return ops.all;
	if (d->sink)
		report_arguments(f, c, d, &ops, s, control);
	psi_function_summary *fs = psi_flow_summary_of(t, d->usr, 0);
	if (!fs && d->usr[0])
		fs = psi_flow_imported_summary(t, d->usr);
	note_if_external(f, d, fs, &ops, control);
	if (!fs)
		return unknown_callee(f, c, callee, d, &ops, s, control);
	/* For a callee that is a sink itself, its arguments were reported
	 * above. */
	if (!d->sink)
		reach_callee_sinks(f, c, d, fs, &ops, control);
	return returned_value(f, c, d, fs, &ops);
}
