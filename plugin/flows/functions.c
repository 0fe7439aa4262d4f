/*
 * Functions and the state of one being interpreted: the summaries of this
 * TU's functions and of other TUs' (as origins of this one), and the
 * bindings of variables to taints, copied for branches and joined after.
 */
#include <string.h>

#include "flows/tracer.h"

/* ---- functions and their summaries -------------------------------------- */

uint64_t psi_flow_usr_hash(const void *item)
{
	return psi_flow_text_hash(*(const char *const *)item);
}

int psi_flow_usr_matches(const void *item, const void *key)
{
	return strcmp(*(const char *const *)item, key) == 0;
}

psi_function_summary *psi_flow_summary_of(psi_tracer *t, const char *usr, int create)
{
	if (!usr || !*usr)
		return NULL;
	psi_function_summary *f = psi_table_find(&t->functions, psi_flow_text_hash(usr), usr);
	if (f || !create)
		return f;
	f = psi_flow_alloc(t, sizeof *f);
	if (!f || !(f->usr = psi_flow_intern(t, usr)))
		return NULL;
	f->returns = NULL;
	f->sinks = NULL;
	f->sink_count = 0;
	f->defined_here = 0;
	return psi_flow_table_add(t, &t->functions, f) < 0 ? NULL : f;
}

/* Steps another TU found, as a path of this one. */
static const psi_step *imported_steps(psi_tracer *t, const ps_flow_step *steps, size_t count)
{
	const psi_step *last = NULL;
	for (size_t j = 0; j < count; j++) {
		psi_step *s = psi_flow_alloc(t, sizeof *s);
		if (!s)
			return last;
		s->prev = last;
		s->file = psi_flow_intern(t, steps[j].file);
		s->line = steps[j].line;
		s->column = steps[j].column;
		s->message = psi_flow_intern(t, steps[j].message);
		s->function = steps[j].function ? psi_flow_intern(t, steps[j].function) : NULL;
		s->length = last ? last->length + 1 : 1;
		last = s;
	}
	return last;
}

/* What another TU found a function to return, as origins of this one. */
static const psi_taint *imported_returns(psi_tracer *t, const psi_summary *known)
{
	const psi_taint *v = NULL;
	for (size_t i = 0; i < known->origin_count; i++) {
		const psi_summary_origin *k = &known->origins[i];
		const psi_flow_source *source = psi_flow_intern_source(t, &k->source);
		psi_origin *o = psi_flow_alloc(t, sizeof *o);
		if (!source || !o)
			return v;
		*o = (psi_origin){source, -1, imported_steps(t, k->steps, k->step_count), 0};
		const psi_origin *one[] = {o};
		v = psi_taint_unite(t, v, psi_taint_make(t, one, 1));
	}
	for (unsigned p = 0; p < MAX_PARAMETERS; p++) {
		if (!(known->parameters & (1u << p)))
			continue;
		psi_origin *o = psi_flow_alloc(t, sizeof *o);
		if (!o)
			return v;
		*o = (psi_origin){NULL, (int)p, NULL, 0};
		const psi_origin *one[] = {o};
		v = psi_taint_unite(t, v, psi_taint_make(t, one, 1));
	}
	return v;
}

/* The parameters another TU found to reach a sink inside a function; the
 * sink is known by its name and place only. */
static void import_sinks(psi_tracer *t, const psi_summary *known, psi_function_summary *f)
{
	psi_parameter_sink *sinks = known->sink_count
	                            ? psi_flow_alloc(t, known->sink_count * sizeof *sinks)
	                            : NULL;
	for (size_t i = 0; sinks && i < known->sink_count; i++) {
		const psi_summary_sink *k = &known->sinks[i];
		psi_decl_info *d = psi_flow_alloc(t, sizeof *d);
		if (!d)
			return;
		memset(d, 0, sizeof *d);
		d->cursor = clang_getNullCursor();
		d->name = psi_flow_intern(t, k->sink_name);
		d->file = psi_flow_intern(t, k->sink_file);
		d->line = k->sink_line;
		d->sink = 1;
		sinks[i] = (psi_parameter_sink){k->parameter, d, k->sink_kind,
		                                imported_steps(t, k->steps, k->step_count)};
	}
	f->sinks = sinks;
	f->sink_count = sinks ? (unsigned)known->sink_count : 0;
}

psi_function_summary *psi_flow_imported_summary(psi_tracer *t, const char *usr)
{
	const psi_summary *known = t->known ? psi_summaries_find(t->known, usr) : NULL;
	if (!known)
		return NULL;
	psi_function_summary *f = psi_flow_summary_of(t, usr, 1);
	if (!f)
		return NULL;
	if (known->origin_count > 0)
		t->saw_source = 1; /* so that the unit's own summaries settle with it */
	f->returns = imported_returns(t, known);
	import_sinks(t, known, f);
	return f;
}

/* ---- the state of a function being interpreted -------------------------- */

const psi_taint *psi_state_lookup(const psi_state *s, CXCursor decl)
{
	for (unsigned i = 0; i < s->count; i++)
		if (clang_equalCursors(s->items[i].decl, decl))
			return s->items[i].value;
	return NULL;
}

psi_binding *psi_state_binding(const psi_state *s, CXCursor decl)
{
	for (unsigned i = 0; i < s->count; i++)
		if (clang_equalCursors(s->items[i].decl, decl))
			return &s->items[i];
	return NULL;
}

void psi_state_bind(psi_tracer *t, psi_state *s, CXCursor decl, const psi_taint *value)
{
	psi_binding *b = psi_state_binding(s, decl);
	if (b) {
		b->value = value;
		return;
	}
	if (!value)
		return;
	if (s->count == s->capacity) {
		unsigned capacity = s->capacity ? s->capacity * 2 : 16;
		psi_binding *items = psi_flow_alloc(t, capacity * sizeof *items);
		if (!items)
			return;
		if (s->count)
			memcpy(items, s->items, s->count * sizeof *items);
		s->items = items;
		s->capacity = capacity;
	}
	s->items[s->count++] = (psi_binding){decl, value, NULL};
}

void psi_state_declare(psi_tracer *t, psi_state *s, CXCursor decl, const psi_taint *value,
                       const psi_taint *control)
{
	psi_binding *b = psi_state_binding(s, decl);
	if (!b && control) {
		psi_state_bind(t, s, decl, control); /* make room, then set the value */
		b = psi_state_binding(s, decl);
	}
	psi_state_bind(t, s, decl, value);
	if (b)
		b->declared_under = control;
}

psi_state psi_state_copy(psi_tracer *t, const psi_state *s)
{
	psi_state c = {NULL, s->count, s->count, s->guard};
	if (s->count && (c.items = psi_flow_alloc(t, s->count * sizeof *c.items)))
		memcpy(c.items, s->items, s->count * sizeof *c.items);
	else
		c.count = c.capacity = 0;
	return c;
}

void psi_state_join(psi_tracer *t, psi_state *into, const psi_state *other)
{
	for (unsigned i = 0; i < other->count; i++) {
		const psi_binding *b = &other->items[i];
		if (!psi_state_binding(into, b->decl))
			psi_state_declare(t, into, b->decl, b->value, b->declared_under);
		else
			psi_state_bind(t, into, b->decl,
			               psi_taint_unite(t, psi_state_lookup(into, b->decl),
			                               b->value));
	}
	into->guard = psi_taint_unite(t, into->guard, other->guard);
}
