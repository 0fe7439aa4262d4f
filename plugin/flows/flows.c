/*
 * Flows: where the value of a flagged declaration goes, inside the code of a
 * translation unit, and whether it reaches a sink (a variable, field, array,
 * return value or argument named for a score, risk, selection or decision).
 *
 * The tracer interprets each function body over the AST, in source order,
 * with a small abstract state: for every variable and field written in the
 * function, the set of flagged uses its value depends on ("taint").
 *
 *  - Data: an assignment, compound assignment or initializer binds the
 *    target to the taint of its right-hand side (and of the conditions that
 *    control it); any other expression carries the union of its operands'.
 *  - Control: inside an if, switch or loop whose condition is tainted, every
 *    write to a variable declared outside it carries the condition's taint
 *    too; so does every write after a branch that returned early.  A test
 *    that a pointer is null decides nothing.
 *  - Branches are interpreted on copies of the state and joined; loop bodies
 *    twice, so that a value computed in one iteration reaches the next.
 *  - Calls: a function defined in the TU has a summary (which flagged uses
 *    and which of its parameters reach its return value, and which of its
 *    parameters reach a sink inside it), computed to a fixed point over the
 *    TU's functions; summaries of other TUs come from `known`, which earlier
 *    rounds of the scan gathered.  A call to a function without a summary
 *    (the C library, strcmp) depends on all its operands and writes them
 *    into its output parameters.
 *  - A flow is reported at the first sink on its path, once per line of use,
 *    sink and rule.
 *
 * Paths are lists of steps shared by their tails, allocated in one arena per
 * TU: every step taken is kept until the TU is done.  The analysis is
 * path-insensitive (a sink overwritten after a flagged write keeps the
 * flow, since the flagged value was used in computing it) and field writes
 * are keyed by the field, not by the object.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

#define MAX_PASSES 4         /* over the TU's functions, to settle summaries */

static int interpret(psi_tracer *t, CXCursor function, uint32_t ruleset)
{
	psi_frame f;
	memset(&f, 0, sizeof f);
	f.t = t;
	f.function = function;
	f.scope = psi_flow_scope_of(t, function);
	t->scope = f.scope;
	f.ruleset = ruleset;
	f.info = psi_flow_decl_of(t, function, ruleset);
	int parameters = clang_Cursor_getNumArguments(function);
	for (int i = 0; i < parameters && i < MAX_PARAMETERS; i++) {
		psi_origin *o = psi_flow_alloc(t, sizeof *o);
		if (!o)
			return t->status;
		*o = (psi_origin){NULL, i, NULL, 0};
		const psi_origin *one[] = {o};
		f.parameters[f.parameter_count] = clang_Cursor_getArgument(function, (unsigned)i);
		f.parameter_taints[f.parameter_count++] = psi_taint_make(t, one, 1);
	}
	psi_kids k = psi_flow_children(function);
	psi_state s = {NULL, 0, 0, NULL};
	for (unsigned i = 0; i < k.count; i++)
		if (clang_getCursorKind(k.items[i]) == CXCursor_CompoundStmt)
			psi_flow_walk(&f, k.items[i], &s, NULL);
	free(k.items);
	if (!f.info || !f.info->usr[0])
		return t->status;
	psi_function_summary *fs = psi_flow_summary_of(t, f.info->usr, 1);
	const psi_taint *grown = fs ? psi_taint_unite(t, fs->returns, f.returns) : NULL;
	if (fs && !psi_taint_same(fs->returns, grown)) {
		fs->returns = grown;
		t->changed = 1;
	}
	/* Parameters into sinks only ever grow in number from pass to pass. */
	if (fs && f.sink_count > fs->sink_count) {
		fs->sinks = f.sinks;
		fs->sink_count = f.sink_count;
		t->changed = 1;
	}
	return t->status;
}

static int is_function_definition(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	int function = psi_flow_function_kind(k) || k == CXCursor_Constructor ||
	               k == CXCursor_Destructor;
	return function && clang_isCursorDefinition(c);
}

static enum CXChildVisitResult find_bodies(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	psi_tracer *t = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (!clang_isDeclaration(k) || !psi_flow_in_project(t, c))
		return CXChildVisit_Continue;
	if (is_function_definition(c)) {
		if (PSI_PUSH(t->bodies, t->body_count, t->body_capacity) < 0) {
			t->status = PS_ENOMEM;
			return CXChildVisit_Break;
		}
		t->bodies[t->body_count++] = c;
		return CXChildVisit_Continue;
	}
	switch (k) {
	case CXCursor_Namespace: case CXCursor_StructDecl: case CXCursor_ClassDecl:
	case CXCursor_UnionDecl: case CXCursor_ClassTemplate: case CXCursor_LinkageSpec:
	case CXCursor_ClassTemplatePartialSpecialization:
		return CXChildVisit_Recurse;
	default:
		return CXChildVisit_Continue;
	}
}

/* The origins of what `fs` returns, as another unit reads them: the
 * flagged uses no sink has reported, and the parameters. */
static void summarise_returns(psi_tracer *t, const psi_function_summary *fs, psi_summary *out)
{
	unsigned origin_count = fs->returns ? fs->returns->count : 0;
	for (unsigned k = 0; t->status == PS_OK && k < origin_count; k++) {
		const psi_origin *o = fs->returns->items[k];
		if (!o->source) {
			if (o->parameter < MAX_PARAMETERS)
				out->parameters |= 1u << o->parameter;
			continue;
		}
		if (o->past_sink)
			continue;
		psi_summary_origin *so = &out->origins[out->origin_count];
		so->source = *o->source;
		if (!(so->steps = psi_flow_steps_of(o->last, &so->step_count)))
			t->status = PS_ENOMEM;
		else
			out->origin_count++;
	}
}

static void summarise_sinks(psi_tracer *t, const psi_function_summary *fs, psi_summary *out)
{
	for (unsigned k = 0; t->status == PS_OK && k < fs->sink_count; k++) {
		const psi_parameter_sink *ps = &fs->sinks[k];
		psi_summary_sink *ss = &out->sinks[out->sink_count];
		*ss = (psi_summary_sink){ps->parameter, (char *)ps->sink->name, ps->kind,
		                         (char *)ps->sink->file, ps->sink->line, NULL, 0};
		if (!ps->sink->file)
			continue; /* a sink in no file says nothing to other units */
		if (!(ss->steps = psi_flow_steps_of(ps->last, &ss->step_count)))
			t->status = PS_ENOMEM;
		else
			out->sink_count++;
	}
}

static void hand_over_summary(psi_tracer *t, const psi_function_summary *fs)
{
	unsigned origin_count = fs->returns ? fs->returns->count : 0;
	psi_summary out = {(char *)fs->usr, 0, NULL, 0, NULL, 0};
	out.origins = calloc(origin_count + 1, sizeof *out.origins);
	out.sinks = calloc(fs->sink_count + 1, sizeof *out.sinks);
	if (!out.origins || !out.sinks)
		t->status = PS_ENOMEM;
	summarise_returns(t, fs, &out);
	summarise_sinks(t, fs, &out);
	if (t->status == PS_OK) {
		int rc = t->cb->summary(t->cb->context, &out);
		if (rc != PS_OK)
			t->status = rc;
	}
	for (size_t k = 0; k < out.origin_count; k++)
		free(out.origins[k].steps);
	for (size_t k = 0; k < out.sink_count; k++)
		free(out.sinks[k].steps);
	free(out.origins);
	free(out.sinks);
}

/* Hand the summaries of this TU's functions to the caller.  Only a summary
 * that carries a flagged value no sink has reported, or a parameter into a
 * sink, is worth sending: a call to a function without one depends on all
 * its arguments, which is already as much as parameters that reach the
 * return, and a value past its sink is reported no further. */
static void hand_over_summaries(psi_tracer *t)
{
	for (size_t i = 0; i < t->functions.size && t->status == PS_OK; i++) {
		const psi_function_summary *fs = t->functions.slots[i];
		if (fs && fs->defined_here &&
		    (psi_taint_carries_unreported(fs->returns) || fs->sink_count))
			hand_over_summary(t, fs);
	}
}

static void hand_over_calls(psi_tracer *t)
{
	for (size_t i = 0; t->status == PS_OK && i < t->calls.size; i++) {
		const psi_external_callee *e = t->calls.slots[i];
		if (!e)
			continue;
		int rc = t->cb->external_call(t->cb->context, e->usr, e->tainted_arguments,
		                              e->parameter_arguments);
		if (rc != PS_OK)
			t->status = rc;
	}
}

/* The ruleset of each function body, UINT32_MAX for none; each body's
 * function gets a summary of its own, defined here. */
static uint32_t *rulesets_of_bodies(psi_tracer *t)
{
	uint32_t *rulesets = calloc(t->body_count + 1, sizeof *rulesets);
	if (!rulesets)
		t->status = PS_ENOMEM;
	/* Functions come file by file: ask for a file's ruleset once per run. */
	const char *last_file = NULL;
	uint32_t last_ruleset = UINT32_MAX;
	for (size_t i = 0; t->status == PS_OK && i < t->body_count; i++) {
		unsigned line, column;
		const char *file = psi_flow_place_of(t, t->bodies[i], &line, &column);
		if (file && file != last_file) {
			last_file = file;
			last_ruleset = t->cb->ruleset_for(t->cb->context, file);
		}
		rulesets[i] = file ? last_ruleset : UINT32_MAX;
		const psi_decl_info *d = rulesets[i] == UINT32_MAX
		                         ? NULL
		                         : psi_flow_decl_of(t, t->bodies[i], rulesets[i]);
		psi_function_summary *fs = d ? psi_flow_summary_of(t, d->usr, 1) : NULL;
		if (fs)
			fs->defined_here = 1;
	}
	return rulesets;
}

/* Summaries first, to a fixed point (or a bound); then the pass that
 * reports, with every summary as good as it gets. */
static void interpret_to_fixed_point(psi_tracer *t, const uint32_t *rulesets)
{
	for (int pass = 0; pass <= MAX_PASSES && t->status == PS_OK; pass++) {
		t->changed = 0;
		t->reporting = pass == MAX_PASSES;
		for (size_t i = 0; i < t->body_count && t->status == PS_OK; i++)
			if (rulesets[i] != UINT32_MAX)
				interpret(t, t->bodies[i], rulesets[i]);
		if (t->reporting)
			break;
		if (!t->changed || !t->saw_source)
			pass = MAX_PASSES - 1; /* settled: the next pass reports */
	}
}

static void tracer_clear(psi_tracer *t)
{
	free(t->bodies);
	psi_context_builder_clear(&t->contexts);
	psi_table_clear(&t->decls);
	psi_table_clear(&t->sources);
	psi_table_clear(&t->functions);
	psi_table_clear(&t->reported);
	psi_table_clear(&t->calls);
	psi_flow_uses_clear(t);
	psi_file_cache_clear(&t->files);
	psi_arena_clear(&t->mem);
}

int psi_trace_flows(CXTranslationUnit tu, const psi_unit *unit, const psi_project *project,
                    const psi_summaries *known, const psi_flow_callbacks *callbacks, ps_error *err)
{
	psi_tracer t;
	memset(&t, 0, sizeof t);
	t.tu = tu;
	t.known = known;
	t.cb = callbacks;
	t.files = (psi_file_cache){unit->directory, project, NULL, NULL, 0, 0};
	t.decls = (psi_table){NULL, 0, 0, psi_flow_decl_hash, psi_flow_decl_matches};
	t.sources = (psi_table){NULL, 0, 0, psi_flow_source_hash, psi_flow_same_source};
	t.functions = (psi_table){NULL, 0, 0, psi_flow_usr_hash, psi_flow_usr_matches};
	t.reported = (psi_table){NULL, 0, 0, psi_flow_reported_hash, psi_flow_reported_matches};
	t.calls = (psi_table){NULL, 0, 0, psi_flow_usr_hash, psi_flow_usr_matches};
	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_bodies, &t);
	uint32_t *rulesets = rulesets_of_bodies(&t);
	interpret_to_fixed_point(&t, rulesets);
	psi_flow_list_uses(&t, rulesets);
	if (t.status == PS_OK)
		hand_over_summaries(&t);
	hand_over_calls(&t);
	free(rulesets);
	tracer_clear(&t);
	if (t.status == PS_ENOMEM)
		return psi_fail(err, PS_ENOMEM, "out of memory tracing flows");
	return t.status;
}
