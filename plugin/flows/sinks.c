/*
 * Sinks and reports: a flagged value that reaches a sink is handed to the
 * caller once per (use, sink) pair; a parameter that reaches one goes into
 * its function's summary.
 */
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

uint64_t psi_flow_reported_hash(const void *item)
{
	return *(const uint64_t *)item;
}

int psi_flow_reported_matches(const void *item, const void *key)
{
	return *(const uint64_t *)item == *(const uint64_t *)key;
}

int psi_flow_already_reported(psi_tracer *t, const psi_flow_source *source,
                              const psi_decl_info *sink, ps_sink_kind kind)
{
	const ps_ruleset *rules = t->cb->ruleset_at(t->cb->context, source->ruleset);
	int proxy = rules->rules[source->rule]->category == PS_CATEGORY_PROXY;
	uint64_t h = psi_flow_text_hash(source->file);
	uintptr_t parts[4] = {(uintptr_t)source->line, (uintptr_t)sink, (uintptr_t)kind,
	                      (uintptr_t)proxy};
	h = psi_hash(h, parts, sizeof parts);
	if (psi_table_find(&t->reported, h, &h))
		return 1;
	uint64_t *pair = psi_flow_alloc(t, sizeof *pair);
	if (!pair)
		return 1;
	*pair = h;
	return psi_flow_table_add(t, &t->reported, pair) < 0;
}

void psi_flow_note_parameter_sink(psi_frame *f, unsigned parameter, const psi_decl_info *sink,
                                  ps_sink_kind kind, const psi_step *last)
{
	for (unsigned i = 0; i < f->sink_count; i++)
		if (f->sinks[i].parameter == parameter && f->sinks[i].sink == sink &&
		    f->sinks[i].kind == kind)
			return;
	if (f->sink_count == f->sink_capacity) {
		unsigned capacity = f->sink_capacity ? f->sink_capacity * 2 : 4;
		psi_parameter_sink *grown = psi_flow_alloc(f->t, capacity * sizeof *grown);
		if (!grown)
			return;
		if (f->sink_count)
			memcpy(grown, f->sinks, f->sink_count * sizeof *grown);
		f->sinks = grown;
		f->sink_capacity = capacity;
	}
	f->sinks[f->sink_count++] = (psi_parameter_sink){parameter, sink, kind, last};
}

ps_flow_step *psi_flow_steps_of(const psi_step *last, size_t *count)
{
	size_t n = last ? last->length : 0, k = n;
	ps_flow_step *steps = calloc(n ? n : 1, sizeof *steps);
	if (!steps)
		return NULL;
	for (const psi_step *s = last; s && k > 0; s = s->prev) {
		k--;
		steps[k] = (ps_flow_step){(char *)s->file, s->line, s->column, (char *)s->message,
		                          (char *)s->function};
	}
	memmove(steps, steps + k, (n - k) * sizeof *steps);
	*count = n - k;
	return steps;
}

void psi_flow_report_path(psi_tracer *t, const psi_flow_source *source, const psi_step *last,
                          const psi_decl_info *sink, ps_sink_kind kind)
{
	size_t n;
	ps_flow_step *steps = psi_flow_steps_of(last, &n);
	if (!steps) {
		t->status = PS_ENOMEM;
		return;
	}
	psi_flow_sink flow = {source, sink->name, kind, sink->file, sink->line, steps, n};
	int rc = t->cb->flow(t->cb->context, &flow);
	free(steps);
	if (rc != PS_OK)
		t->status = rc;
}

void psi_flow_report(psi_frame *f, const psi_taint *v, const psi_decl_info *sink, ps_sink_kind kind,
                     CXCursor at, const char *message)
{
	psi_tracer *t = f->t;
	if (!v || t->status != PS_OK)
		return;
	for (unsigned i = 0; i < v->count; i++) {
		const psi_origin *o = v->items[i];
		if (o->past_sink)
			continue;
		if (!o->source) {
			if (f->info) /* a parameter: its callers' arguments reach the sink */
				psi_flow_note_parameter_sink(f, (unsigned)o->parameter, sink, kind,
				                             psi_flow_add_step(t, o->last, at, message));
			continue;
		}
		if (!t->reporting || psi_flow_already_reported(t, o->source, sink, kind))
			continue;
		psi_flow_report_path(t, o->source, psi_flow_add_step(t, o->last, at, message), sink,
		                     kind);
		if (t->status != PS_OK)
			return;
	}
}
