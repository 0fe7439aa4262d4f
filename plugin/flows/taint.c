/*
 * The taint domain: an arena for everything a TU's tracing makes, paths of
 * steps shared by their tails, and taint sets, the flagged uses and
 * parameters a value depends on, each with the path it took.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

#define MAX_STEPS 40         /* longer paths stop growing */

/* ---- memory ------------------------------------------------------------- */

typedef struct psi_block {
	struct psi_block *next;
	size_t used, size;
	_Alignas(max_align_t) char data[];
} psi_block;

static void *arena_alloc(psi_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!a->head || a->head->used + n > a->head->size) {
		size_t size = n > 65536 ? n : 65536;
		psi_block *b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	void *p = a->head->data + a->head->used;
	a->head->used += n;
	return p;
}

void psi_arena_clear(psi_arena *a)
{
	while (a->head) {
		psi_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}

void *psi_flow_alloc(psi_tracer *t, size_t n)
{
	void *p = arena_alloc(&t->mem, n);
	if (!p)
		t->status = PS_ENOMEM;
	return p;
}

int psi_flow_table_add(psi_tracer *t, psi_table *table, void *item)
{
	int rc = psi_table_add(table, item);
	if (rc < 0)
		t->status = PS_ENOMEM;
	return rc;
}

const char *psi_flow_intern(psi_tracer *t, const char *text)
{
	size_t n = strlen(text) + 1;
	char *copy = psi_flow_alloc(t, n);
	if (copy)
		memcpy(copy, text, n);
	return copy;
}

const char *psi_flow_format(psi_tracer *t, const char *fmt, ...)
{
	char buffer[512];
	va_list args;
	va_start(args, fmt);
	vsnprintf(buffer, sizeof buffer, fmt, args);
	va_end(args);
	return psi_flow_intern(t, buffer);
}

uint64_t psi_flow_text_hash(const char *text)
{
	return psi_hash(0, text, strlen(text));
}

/* ---- paths ------------------------------------------------------------- */

const psi_step *psi_flow_add_step(psi_tracer *t, const psi_step *prev, CXCursor at,
                                  const char *message)
{
	if (prev && prev->length >= MAX_STEPS)
		return prev;
	psi_step *s = psi_flow_alloc(t, sizeof *s);
	if (!s)
		return prev;
	s->prev = prev;
	s->file = psi_flow_place_of(t, at, &s->line, &s->column);
	s->message = message;
	s->function = t->scope;
	s->length = prev ? prev->length + 1 : 1;
	if (!s->file)
		return prev; /* a place in no file (a built-in) says nothing */
	return s;
}

const psi_step *psi_flow_append_steps(psi_tracer *t, const psi_step *head, const psi_step *tail)
{
	if (!tail)
		return head;
	const psi_step *before = psi_flow_append_steps(t, head, tail->prev);
	psi_step *s = psi_flow_alloc(t, sizeof *s);
	if (!s)
		return before;
	*s = *tail;
	s->prev = before;
	s->length = before ? before->length + 1 : 1;
	return s;
}

/* ---- taint sets --------------------------------------------------------- */

static int same_origin(const psi_origin *a, const psi_origin *b)
{
	return a->source == b->source && a->parameter == b->parameter;
}

const psi_taint *psi_taint_make(psi_tracer *t, const psi_origin *const *items, unsigned count)
{
	if (count == 0)
		return NULL;
	psi_taint *v = psi_flow_alloc(t, sizeof *v + count * sizeof *v->items);
	if (!v)
		return NULL;
	v->count = count;
	memcpy(v->items, items, count * sizeof *items);
	return v;
}

static int holds(const psi_taint *v, const psi_origin *o)
{
	for (unsigned i = 0; v && i < v->count; i++)
		if (same_origin(v->items[i], o))
			return 1;
	return 0;
}

const psi_taint *psi_taint_unite(psi_tracer *t, const psi_taint *a, const psi_taint *b)
{
	if (!b || a == b)
		return a;
	if (!a)
		return b;
	const psi_origin *items[MAX_ORIGINS];
	unsigned n = a->count < MAX_ORIGINS ? a->count : MAX_ORIGINS;
	memcpy(items, a->items, n * sizeof *items);
	int grew = 0;
	for (unsigned i = 0; i < b->count && n < MAX_ORIGINS; i++) {
		if (!holds(a, b->items[i])) {
			items[n++] = b->items[i];
			grew = 1;
		}
	}
	return grew ? psi_taint_make(t, items, n) : a;
}

const psi_taint *psi_taint_without(psi_tracer *t, const psi_taint *a, const psi_taint *b)
{
	if (!a || !b)
		return a;
	const psi_origin *items[MAX_ORIGINS];
	unsigned n = 0;
	for (unsigned i = 0; i < a->count; i++)
		if (!holds(b, a->items[i]))
			items[n++] = a->items[i];
	return n == a->count ? a : psi_taint_make(t, items, n);
}

const psi_taint *psi_taint_step_into(psi_tracer *t, const psi_taint *v, CXCursor at,
                                     const char *message, int into_sink)
{
	if (!v)
		return NULL;
	const psi_origin *items[MAX_ORIGINS];
	for (unsigned i = 0; i < v->count; i++) {
		psi_origin *o = psi_flow_alloc(t, sizeof *o);
		if (!o)
			return v;
		*o = *v->items[i];
		o->last = psi_flow_add_step(t, o->last, at, message);
		o->past_sink |= into_sink;
		items[i] = o;
	}
	return psi_taint_make(t, items, v->count);
}

const psi_taint *psi_taint_extend(psi_tracer *t, const psi_taint *v, CXCursor at,
                                  const char *message)
{
	return psi_taint_step_into(t, v, at, message, 0);
}

int psi_taint_carries_source(const psi_taint *v)
{
	for (unsigned i = 0; v && i < v->count; i++)
		if (v->items[i]->source)
			return 1;
	return 0;
}

int psi_taint_carries_unreported(const psi_taint *v)
{
	for (unsigned i = 0; v && i < v->count; i++)
		if (v->items[i]->source && !v->items[i]->past_sink)
			return 1;
	return 0;
}

int psi_taint_carries_parameter(const psi_taint *v)
{
	for (unsigned i = 0; v && i < v->count; i++)
		if (!v->items[i]->source && v->items[i]->parameter >= 0 && !v->items[i]->past_sink)
			return 1;
	return 0;
}

int psi_taint_same(const psi_taint *a, const psi_taint *b)
{
	unsigned na = a ? a->count : 0, nb = b ? b->count : 0;
	if (na != nb)
		return 0;
	for (unsigned i = 0; i < na; i++)
		if (!holds(b, a->items[i]))
			return 0;
	return 1;
}
