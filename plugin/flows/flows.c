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

#include "flows/flows.h"

#define MAX_ORIGINS 12       /* per value: a bound, not a promise */
#define MAX_STEPS 40         /* longer paths stop growing */
#define MAX_PASSES 4         /* over the TU's functions, to settle summaries */
#define MAX_LOOP_DEPTH 3     /* deeper loops are interpreted once */
#define MAX_PARAMETERS 32

/* ---- memory ------------------------------------------------------------- */

typedef struct block {
	struct block *next;
	size_t used, size;
	_Alignas(max_align_t) char data[];
} block;

typedef struct arena {
	block *head;
} arena;

static void *arena_alloc(arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!a->head || a->head->used + n > a->head->size) {
		size_t size = n > 65536 ? n : 65536;
		block *b = malloc(sizeof *b + size);
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

static void arena_clear(arena *a)
{
	while (a->head) {
		block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}

/* ---- values: paths, origins, taint -------------------------------------- */

typedef struct step {
	const struct step *prev;
	const char *file;
	unsigned line, column;
	const char *message;
	unsigned length;           /* steps up to and including this one */
} step;

/* A flagged use (source != NULL) or, while summarising a function, one of
 * its parameters (source == NULL), with the steps taken since. */
typedef struct origin {
	const psi_flow_source *source;
	int parameter;
	const step *last;
	int past_sink;             /* has gone through a sink: reported there */
} origin;

typedef struct taint {
	unsigned count;
	const origin *items[];
} taint;

static int same_origin(const origin *a, const origin *b)
{
	return a->source == b->source && a->parameter == b->parameter;
}

/* ---- the tracer --------------------------------------------------------- */

typedef struct decl_info {
	CXCursor cursor;
	uint32_t ruleset;
	int trackable;             /* a variable, parameter or field */
	int is_function;
	ps_kind kind;
	const char *name;
	const char *usr;
	int flagged;               /* a source: declared in the project, named for a ground */
	uint32_t rule, term;
	ps_category category;
	int sink;
	const char *file;          /* declaration */
	unsigned line;
	int in_project;            /* declared in a project file */
} decl_info;

/* A parameter whose value reaches a sink inside the function:
 * void add_points(struct ctx *c, int v) { c->score += v; }. */
typedef struct parameter_sink {
	unsigned parameter;
	const struct decl_info *sink;
	ps_sink_kind kind;
	const step *last;          /* the steps from the parameter to the sink */
} parameter_sink;

typedef struct function_summary {
	const char *usr;           /* first: the table of functions reads it so */
	const taint *returns;
	const parameter_sink *sinks; /* arena; replaced whole when it grows */
	unsigned sink_count;
	int defined_here;          /* else converted from `known` */
} function_summary;

/* An open-addressing table of pointers to items in the arena. */
typedef struct table {
	void **slots;
	size_t size, count;        /* size: a power of two, or 0 */
	uint64_t (*hash)(const void *item);
	int (*matches)(const void *item, const void *key);
} table;

typedef struct tracer {
	CXTranslationUnit tu;
	const psi_summaries *known;
	const psi_flow_callbacks *cb;
	psi_file_cache files;
	arena mem;
	int status;
	int reporting;             /* the last pass: flows are reported */
	int changed;               /* a summary grew in this pass */
	int saw_source;
	table decls;               /* decl_info, by cursor and ruleset */
	table sources;             /* psi_flow_source, by place and name */
	table functions;           /* function_summary, by USR */
	table reported;            /* uint64_t, a hash of (use, sink) pairs */
	table calls;               /* external_call, by USR */
	CXCursor *bodies;          /* the function definitions to interpret */
	size_t body_count, body_capacity;
	psi_context_builder contexts; /* classifies as extraction does */
} tracer;

static void *alloc(tracer *t, size_t n)
{
	void *p = arena_alloc(&t->mem, n);
	if (!p)
		t->status = PS_ENOMEM;
	return p;
}

static const char *intern_text(tracer *t, const char *text)
{
	size_t n = strlen(text) + 1;
	char *copy = alloc(t, n);
	if (copy)
		memcpy(copy, text, n);
	return copy;
}

static const char *format(tracer *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *format(tracer *t, const char *fmt, ...)
{
	char buffer[512];
	va_list args;
	va_start(args, fmt);
	vsnprintf(buffer, sizeof buffer, fmt, args);
	va_end(args);
	return intern_text(t, buffer);
}

/* The item whose hash is `h` and that matches `key`, or NULL. */
static void *table_find(const table *tb, uint64_t h, const void *key)
{
	if (!tb->size)
		return NULL;
	for (size_t s = h & (tb->size - 1); tb->slots[s]; s = (s + 1) & (tb->size - 1))
		if (tb->matches(tb->slots[s], key))
			return tb->slots[s];
	return NULL;
}

/* Add `item` (not in the table yet), growing the table when half full. */
static int table_add(tracer *t, table *tb, void *item)
{
	if ((tb->count + 1) * 2 > tb->size) {
		size_t n = tb->size ? tb->size * 2 : 256;
		void **fresh = calloc(n, sizeof *fresh);
		if (!fresh) {
			t->status = PS_ENOMEM;
			return -1;
		}
		for (size_t i = 0; i < tb->size; i++) {
			if (!tb->slots[i])
				continue;
			size_t s = tb->hash(tb->slots[i]) & (n - 1);
			while (fresh[s])
				s = (s + 1) & (n - 1);
			fresh[s] = tb->slots[i];
		}
		free(tb->slots);
		tb->slots = fresh;
		tb->size = n;
	}
	size_t s = tb->hash(item) & (tb->size - 1);
	while (tb->slots[s])
		s = (s + 1) & (tb->size - 1);
	tb->slots[s] = item;
	tb->count++;
	return 0;
}

static uint64_t text_hash(const char *text)
{
	return psi_hash(0, text, strlen(text));
}

/* ---- places ------------------------------------------------------------- */

/* The file a cursor is in (NULL for none), with its line and column. */
static const psi_file_entry *file_of(tracer *t, CXCursor c, unsigned *line, unsigned *column)
{
	int oom = 0;
	const psi_file_entry *e = psi_file_cache_lookup(&t->files, clang_getCursorLocation(c),
							line, column, &oom);
	if (oom)
		t->status = PS_ENOMEM;
	return e;
}

static const char *place_of(tracer *t, CXCursor c, unsigned *line, unsigned *column)
{
	const psi_file_entry *e = file_of(t, c, line, column);
	return e ? e->path : NULL;
}

static int in_project(tracer *t, CXCursor c)
{
	unsigned line, column;
	const psi_file_entry *e = file_of(t, c, &line, &column);
	return e && e->in_project;
}

static const step *add_step(tracer *t, const step *prev, CXCursor at, const char *message)
{
	if (prev && prev->length >= MAX_STEPS)
		return prev;
	step *s = alloc(t, sizeof *s);
	if (!s)
		return prev;
	s->prev = prev;
	s->file = place_of(t, at, &s->line, &s->column);
	s->message = message;
	s->length = prev ? prev->length + 1 : 1;
	if (!s->file)
		return prev; /* a place in no file (a built-in) says nothing */
	return s;
}

/* ---- taint sets --------------------------------------------------------- */

static const taint *make_taint(tracer *t, const origin *const *items, unsigned count)
{
	if (count == 0)
		return NULL;
	taint *v = alloc(t, sizeof *v + count * sizeof *v->items);
	if (!v)
		return NULL;
	v->count = count;
	memcpy(v->items, items, count * sizeof *items);
	return v;
}

static int holds(const taint *v, const origin *o)
{
	for (unsigned i = 0; v && i < v->count; i++)
		if (same_origin(v->items[i], o))
			return 1;
	return 0;
}

static const taint *unite(tracer *t, const taint *a, const taint *b)
{
	if (!b || a == b)
		return a;
	if (!a)
		return b;
	const origin *items[MAX_ORIGINS];
	unsigned n = a->count < MAX_ORIGINS ? a->count : MAX_ORIGINS;
	memcpy(items, a->items, n * sizeof *items);
	int grew = 0;
	for (unsigned i = 0; i < b->count && n < MAX_ORIGINS; i++) {
		if (!holds(a, b->items[i])) {
			items[n++] = b->items[i];
			grew = 1;
		}
	}
	return grew ? make_taint(t, items, n) : a;
}

/* The origins of `a` that `b` does not hold. */
static const taint *without(tracer *t, const taint *a, const taint *b)
{
	if (!a || !b)
		return a;
	const origin *items[MAX_ORIGINS];
	unsigned n = 0;
	for (unsigned i = 0; i < a->count; i++)
		if (!holds(b, a->items[i]))
			items[n++] = a->items[i];
	return n == a->count ? a : make_taint(t, items, n);
}

/* Every origin of `v`, one step further; through a sink when `into_sink`. */
static const taint *step_into(tracer *t, const taint *v, CXCursor at, const char *message,
                              int into_sink)
{
	if (!v)
		return NULL;
	const origin *items[MAX_ORIGINS];
	for (unsigned i = 0; i < v->count; i++) {
		origin *o = alloc(t, sizeof *o);
		if (!o)
			return v;
		*o = *v->items[i];
		o->last = add_step(t, o->last, at, message);
		o->past_sink |= into_sink;
		items[i] = o;
	}
	return make_taint(t, items, v->count);
}

static const taint *extend(tracer *t, const taint *v, CXCursor at, const char *message)
{
	return step_into(t, v, at, message, 0);
}

static int carries_source(const taint *v)
{
	for (unsigned i = 0; v && i < v->count; i++)
		if (v->items[i]->source)
			return 1;
	return 0;
}

/* Does `v` carry a flagged use that no sink has reported yet? */
static int carries_unreported(const taint *v)
{
	for (unsigned i = 0; v && i < v->count; i++)
		if (v->items[i]->source && !v->items[i]->past_sink)
			return 1;
	return 0;
}

static int same_taint(const taint *a, const taint *b)
{
	unsigned na = a ? a->count : 0, nb = b ? b->count : 0;
	if (na != nb)
		return 0;
	for (unsigned i = 0; i < na; i++)
		if (!holds(b, a->items[i]))
			return 0;
	return 1;
}

/* ---- declarations: flagged, sink, or neither ----------------------------- */

static uint64_t decl_hash(const void *p)
{
	const decl_info *d = p;
	return clang_hashCursor(d->cursor) * 31u + d->ruleset;
}

static int decl_matches(const void *item, const void *key)
{
	const decl_info *a = item, *b = key;
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

static int function_kind(enum CXCursorKind k)
{
	return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod ||
	       k == CXCursor_FunctionTemplate || k == CXCursor_ConversionFunction;
}

static int listed(const psi_strings *names, const char *name)
{
	for (size_t i = 0; i < names->count; i++)
		if (strcmp(names->items[i], name) == 0)
			return 1;
	return 0;
}

/* "ns::Record::method", as extraction names the scope of a declaration:
 * the named enclosing namespaces, records and functions. */
static const char *qualified_name(tracer *t, CXCursor c)
{
	char buffer[512] = "";
	for (; !clang_Cursor_isNull(c) && clang_getCursorKind(c) != CXCursor_TranslationUnit;
	     c = clang_getCursorSemanticParent(c)) {
		CXString name = clang_getCursorSpelling(c);
		const char *text = clang_getCString(name);
		if (!psi_is_unnamed(text)) {
			char inner[512];
			snprintf(inner, sizeof inner, "%s%s%s", text, buffer[0] ? "::" : "", buffer);
			memcpy(buffer, inner, sizeof buffer);
		}
		clang_disposeString(name);
	}
	return intern_text(t, buffer);
}

static void classify_decl(tracer *t, decl_info *d, CXCursor ref)
{
	const ps_ruleset *rules = t->cb->ruleset_at(t->cb->context, d->ruleset);
	/* The same context as the declaration's own finding. */
	const char *scope = qualified_name(t, clang_getCursorSemanticParent(ref));
	ps_context context;
	if (psi_context_build(&t->contexts, ref, scope, &context) != PS_OK)
		t->status = PS_ENOMEM;
	ps_match matches[16];
	size_t n = 0;
	ps_classify_in(rules, d->name, &context, d->kind, matches,
	               sizeof matches / sizeof *matches, &n, NULL);
	for (size_t i = 0; i < n; i++) {
		const ps_rule *rule = matches[i].rule;
		if (rule->category == PS_CATEGORY_SINK) {
			d->sink = 1;
		} else if (!d->flagged && d->in_project && rule->category < PS_CATEGORY_EXCEPTION) {
			d->flagged = 1;
			uint32_t r = 0;
			while (rules->rules[r] != rule)
				r++;
			d->rule = r;
			d->term = psi_match_source_index(rule, matches[i].term, matches[i].combination);
			d->category = rule->category;
		}
	}
	if (listed(&rules->sink_names, d->name))
		d->sink = 1;
	if (listed(&rules->not_sink_names, d->name))
		d->sink = 0;
}

/* What the declaration a reference names is, for the rules of `ruleset`;
 * NULL for what flows do not follow (types, namespaces, labels). */
static const decl_info *info_of(tracer *t, CXCursor ref, uint32_t ruleset)
{
	enum CXCursorKind k = clang_getCursorKind(ref);
	ps_kind kind = PS_KIND_FUNCTION;
	int trackable = trackable_kind(k, &kind);
	if (!trackable && !function_kind(k) && k != CXCursor_EnumConstantDecl)
		return NULL;
	if (k == CXCursor_EnumConstantDecl)
		kind = PS_KIND_ENUM_CONSTANT;
	decl_info probe = {.cursor = ref, .ruleset = ruleset};
	decl_info *d = table_find(&t->decls, decl_hash(&probe), &probe);
	if (d)
		return d;
	d = alloc(t, sizeof *d);
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
	d->name = intern_text(t, clang_getCString(name));
	d->usr = intern_text(t, clang_getCString(usr));
	clang_disposeString(name);
	clang_disposeString(usr);
	unsigned column;
	const psi_file_entry *file = file_of(t, ref, &d->line, &column);
	d->file = file ? file->path : NULL;
	d->in_project = file && file->in_project;
	if (d->name && d->usr && d->name[0])
		classify_decl(t, d, ref);
	return table_add(t, &t->decls, d) < 0 ? NULL : d;
}

/* ---- sources: one per flagged use, the same object in every pass --------- */

static uint64_t source_hash(const void *p)
{
	const psi_flow_source *s = p;
	uint64_t h = text_hash(s->file);
	unsigned place[2] = {s->line, s->column};
	h = psi_hash(h, place, sizeof place);
	return psi_hash(h, s->name, strlen(s->name));
}

/* The same use: a place and a name. */
static int same_source(const void *item, const void *key)
{
	const psi_flow_source *a = item, *b = key;
	return a->line == b->line && a->column == b->column && strcmp(a->file, b->file) == 0 &&
	       strcmp(a->name, b->name) == 0;
}

static const psi_flow_source *intern_source(tracer *t, const psi_flow_source *probe)
{
	const psi_flow_source *known = table_find(&t->sources, source_hash(probe), probe);
	if (known)
		return known;
	psi_flow_source *copy = alloc(t, sizeof *copy);
	if (!copy)
		return NULL;
	*copy = *probe;
	copy->name = (char *)intern_text(t, probe->name);
	copy->file = (char *)intern_text(t, probe->file);
	copy->scope = probe->scope ? (char *)intern_text(t, probe->scope) : NULL;
	return table_add(t, &t->sources, copy) < 0 ? NULL : copy;
}

/* ---- functions and their summaries -------------------------------------- */


/* Items with a USR first (function_summary, external_call), by USR. */
static int usr_matches(const void *item, const void *key)
{
	return strcmp(*(const char *const *)item, key) == 0;
}

static function_summary *summary_of(tracer *t, const char *usr, int create)
{
	if (!usr || !*usr)
		return NULL;
	function_summary *f = table_find(&t->functions, text_hash(usr), usr);
	if (f || !create)
		return f;
	f = alloc(t, sizeof *f);
	if (!f || !(f->usr = intern_text(t, usr)))
		return NULL;
	f->returns = NULL;
	f->sinks = NULL;
	f->sink_count = 0;
	f->defined_here = 0;
	return table_add(t, &t->functions, f) < 0 ? NULL : f;
}

/* Steps another TU found, as a path of this one. */
static const step *imported_steps(tracer *t, const ps_flow_step *steps, size_t count)
{
	const step *last = NULL;
	for (size_t j = 0; j < count; j++) {
		step *s = alloc(t, sizeof *s);
		if (!s)
			return last;
		s->prev = last;
		s->file = intern_text(t, steps[j].file);
		s->line = steps[j].line;
		s->column = steps[j].column;
		s->message = intern_text(t, steps[j].message);
		s->length = last ? last->length + 1 : 1;
		last = s;
	}
	return last;
}

/* The summary another TU found for `usr`, as origins of this one. */
static function_summary *imported_summary(tracer *t, const char *usr)
{
	const psi_summary *known = t->known ? psi_summaries_find(t->known, usr) : NULL;
	if (!known)
		return NULL;
	function_summary *f = summary_of(t, usr, 1);
	if (!f)
		return NULL;
	if (known->origin_count > 0)
		t->saw_source = 1; /* so that the unit's own summaries settle with it */
	const taint *v = NULL;
	for (size_t i = 0; i < known->origin_count; i++) {
		const psi_summary_origin *k = &known->origins[i];
		const psi_flow_source *source = intern_source(t, &k->source);
		origin *o = alloc(t, sizeof *o);
		if (!source || !o)
			return f;
		o->source = source;
		o->parameter = -1;
		o->last = NULL;
		o->past_sink = 0;
		o->last = imported_steps(t, k->steps, k->step_count);
		const origin *one[] = {o};
		v = unite(t, v, make_taint(t, one, 1));
	}
	for (unsigned p = 0; p < MAX_PARAMETERS; p++) {
		if (!(known->parameters & (1u << p)))
			continue;
		origin *o = alloc(t, sizeof *o);
		if (!o)
			return f;
		*o = (origin){NULL, (int)p, NULL, 0};
		const origin *one[] = {o};
		v = unite(t, v, make_taint(t, one, 1));
	}
	f->returns = v;
	parameter_sink *sinks = known->sink_count ? alloc(t, known->sink_count * sizeof *sinks) : NULL;
	for (size_t i = 0; sinks && i < known->sink_count; i++) {
		const psi_summary_sink *k = &known->sinks[i];
		decl_info *d = alloc(t, sizeof *d);
		if (!d)
			return f;
		memset(d, 0, sizeof *d);
		d->cursor = clang_getNullCursor();
		d->name = intern_text(t, k->sink_name);
		d->file = intern_text(t, k->sink_file);
		d->line = k->sink_line;
		d->sink = 1;
		sinks[i] = (parameter_sink){k->parameter, d, k->sink_kind,
		                            imported_steps(t, k->steps, k->step_count)};
	}
	f->sinks = sinks;
	f->sink_count = sinks ? (unsigned)known->sink_count : 0;
	return f;
}

/* ---- the state of a function being interpreted -------------------------- */

typedef struct binding {
	CXCursor decl;
	const taint *value;
	/* The conditions in force where the variable was declared: they decide
	 * whether it exists, not what it holds. */
	const taint *declared_under;
} binding;

typedef struct state {
	binding *items;
	unsigned count, capacity;
	const taint *guard;     /* conditions of early returns taken so far */
} state;

typedef struct frame {
	tracer *t;
	CXCursor function;
	const char *scope;      /* its qualified name, as declaration findings spell it */
	const decl_info *info;  /* of the function; NULL for a lambda */
	uint32_t ruleset;
	CXCursor parameters[MAX_PARAMETERS];
	const taint *parameter_taints[MAX_PARAMETERS]; /* "parameter i", for summaries */
	unsigned parameter_count;
	const taint *returns;
	parameter_sink *sinks;  /* parameters that reached a sink, this pass */
	unsigned sink_count, sink_capacity;
	unsigned return_count;  /* return statements met so far */
	unsigned loop_depth;
	const state *switch_entry;
} frame;

static const taint *lookup(const state *s, CXCursor decl)
{
	for (unsigned i = 0; i < s->count; i++)
		if (clang_equalCursors(s->items[i].decl, decl))
			return s->items[i].value;
	return NULL;
}

static binding *binding_of(const state *s, CXCursor decl)
{
	for (unsigned i = 0; i < s->count; i++)
		if (clang_equalCursors(s->items[i].decl, decl))
			return &s->items[i];
	return NULL;
}

static void bind(tracer *t, state *s, CXCursor decl, const taint *value)
{
	binding *b = binding_of(s, decl);
	if (b) {
		b->value = value;
		return;
	}
	if (!value)
		return;
	if (s->count == s->capacity) {
		unsigned capacity = s->capacity ? s->capacity * 2 : 16;
		binding *items = alloc(t, capacity * sizeof *items);
		if (!items)
			return;
		if (s->count)
			memcpy(items, s->items, s->count * sizeof *items);
		s->items = items;
		s->capacity = capacity;
	}
	s->items[s->count++] = (binding){decl, value, NULL};
}

/* A declaration: the variable holds `value`, and exists under `control`. */
static void declare(tracer *t, state *s, CXCursor decl, const taint *value, const taint *control)
{
	binding *b = binding_of(s, decl);
	if (!b && control) {
		bind(t, s, decl, control); /* make room, then set the value */
		b = binding_of(s, decl);
	}
	bind(t, s, decl, value);
	if (b)
		b->declared_under = control;
}

static state copy_state(tracer *t, const state *s)
{
	state c = {NULL, s->count, s->count, s->guard};
	if (s->count && (c.items = alloc(t, s->count * sizeof *c.items)))
		memcpy(c.items, s->items, s->count * sizeof *c.items);
	else
		c.count = c.capacity = 0;
	return c;
}

/* `into` becomes what holds after either `into` or `other`. */
static void join(tracer *t, state *into, const state *other)
{
	for (unsigned i = 0; i < other->count; i++) {
		const binding *b = &other->items[i];
		if (!binding_of(into, b->decl))
			declare(t, into, b->decl, b->value, b->declared_under);
		else
			bind(t, into, b->decl, unite(t, lookup(into, b->decl), b->value));
	}
	into->guard = unite(t, into->guard, other->guard);
}

/* ---- children and tokens ------------------------------------------------ */

typedef struct kids {
	CXCursor *items;
	unsigned count, capacity;
} kids;

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	kids *k = data;
	if (k->count == k->capacity) {
		unsigned capacity = k->capacity ? k->capacity * 2 : 8;
		CXCursor *items = realloc(k->items, capacity * sizeof *items);
		if (!items)
			return CXChildVisit_Break;
		k->items = items;
		k->capacity = capacity;
	}
	k->items[k->count++] = c;
	return CXChildVisit_Continue;
}

static kids children_of(CXCursor c)
{
	kids k = {NULL, 0, 0};
	clang_visitChildren(c, collect, &k);
	return k;
}

/* The punctuation token at byte `offset` of `file`, after blanks and
 * comments, into `out`; empty when there is none. */
static void punctuation_at(tracer *t, CXFile file, unsigned offset, char *out, size_t size)
{
	size_t length = 0;
	const char *text = clang_getFileContents(t->tu, file, &length);
	while (text && offset < length) {
		if (text[offset] == ' ' || text[offset] == '\t' || text[offset] == '\n' ||
		    text[offset] == '\r') {
			offset++;
		} else if (text[offset] == '/' && offset + 1 < length && text[offset + 1] == '*') {
			const char *close = strstr(text + offset + 2, "*/");
			offset = close ? (unsigned)(close - text) + 2 : (unsigned)length;
		} else {
			break;
		}
	}
	if (!text || offset >= length)
		return;
	CXToken *token = clang_getToken(t->tu, clang_getLocationForOffset(t->tu, file, offset));
	if (!token)
		return;
	if (clang_getTokenKind(*token) == CXToken_Punctuation) {
		CXString spelling = clang_getTokenSpelling(t->tu, *token);
		snprintf(out, size, "%s", clang_getCString(spelling));
		clang_disposeString(spelling);
	}
	clang_disposeTokens(t->tu, token, 1);
}

/* The operator of a binary or unary expression.  libclang 14 has no API for
 * it, and an operator expression's location is where it begins: read the
 * token that follows the first operand (a binary or postfix operator), or
 * that begins the expression (a prefix one).  An '=' written inside a
 * macro's body, #define SET(s, v) ((s) = (v)), is not found: libclang 14
 * gives only the places of the macro's use, never of its body (compound
 * assignments are found all the same, by their cursor kind). */
static void operator_of(tracer *t, CXCursor c, CXCursor operand, int prefix, char *out,
                        size_t size)
{
	out[0] = '\0';
	CXSourceRange range = clang_getCursorExtent(prefix ? c : operand);
	CXSourceLocation at = prefix ? clang_getRangeStart(range) : clang_getRangeEnd(range);
	CXFile file;
	unsigned offset;
	clang_getFileLocation(at, &file, NULL, NULL, &offset);
	if (file)
		punctuation_at(t, file, offset, out, size);
}

static int is_assignment_operator(const char *op)
{
	size_t n = strlen(op);
	return n > 0 && op[n - 1] == '=' && strcmp(op, "==") != 0 && strcmp(op, "!=") != 0 &&
	       strcmp(op, "<=") != 0 && strcmp(op, ">=") != 0;
}

/* ---- sinks and reports -------------------------------------------------- */

typedef struct target {
	const decl_info *decl;  /* NULL when the written place has no name we know */
	ps_sink_kind kind;
	int strong;             /* the write replaces the whole value */
} target;

static uint64_t reported_hash(const void *p)
{
	return *(const uint64_t *)p;
}

static int reported_matches(const void *item, const void *key)
{
	return *(const uint64_t *)item == *(const uint64_t *)key;
}

/* Has this (use, sink) pair been reported?  Marks it if not.  A use is a
 * line: p->wijk && p->wijk[0], or a->herkomst == HERKOMST_NIET_WESTERS, is
 * one decision, reported once, at its first flagged name; but a protected
 * ground and a proxy on one line are two findings of two rules. */
static int already_reported(tracer *t, const psi_flow_source *source, const decl_info *sink,
                            ps_sink_kind kind)
{
	const ps_ruleset *rules = t->cb->ruleset_at(t->cb->context, source->ruleset);
	int proxy = rules->rules[source->rule]->category == PS_CATEGORY_PROXY;
	uint64_t h = text_hash(source->file);
	uintptr_t parts[4] = {(uintptr_t)source->line, (uintptr_t)sink, (uintptr_t)kind,
	                      (uintptr_t)proxy};
	h = psi_hash(h, parts, sizeof parts);
	if (table_find(&t->reported, h, &h))
		return 1;
	uint64_t *pair = alloc(t, sizeof *pair);
	if (!pair)
		return 1;
	*pair = h;
	return table_add(t, &t->reported, pair) < 0;
}

/* Remember that parameter `parameter` reaches `sink`, once per pair. */
static void note_parameter_sink(frame *f, unsigned parameter, const decl_info *sink,
                                ps_sink_kind kind, const step *last)
{
	for (unsigned i = 0; i < f->sink_count; i++)
		if (f->sinks[i].parameter == parameter && f->sinks[i].sink == sink &&
		    f->sinks[i].kind == kind)
			return;
	if (f->sink_count == f->sink_capacity) {
		unsigned capacity = f->sink_capacity ? f->sink_capacity * 2 : 4;
		parameter_sink *grown = alloc(f->t, capacity * sizeof *grown);
		if (!grown)
			return;
		if (f->sink_count)
			memcpy(grown, f->sinks, f->sink_count * sizeof *grown);
		f->sinks = grown;
		f->sink_capacity = capacity;
	}
	f->sinks[f->sink_count++] = (parameter_sink){parameter, sink, kind, last};
}

/* The steps that end at `last`, first to last, in a new array whose
 * strings are borrowed from the arena; NULL when memory runs out. */
static ps_flow_step *steps_of(const step *last, size_t *count)
{
	size_t n = last ? last->length : 0, k = n;
	ps_flow_step *steps = calloc(n ? n : 1, sizeof *steps);
	if (!steps)
		return NULL;
	for (const step *s = last; s && k > 0; s = s->prev) {
		k--;
		steps[k] = (ps_flow_step){(char *)s->file, s->line, s->column, (char *)s->message};
	}
	memmove(steps, steps + k, (n - k) * sizeof *steps);
	*count = n - k;
	return steps;
}

/* Hand one flow, whose steps end at `last`, to the caller. */
static void report_path(tracer *t, const psi_flow_source *source, const step *last,
                        const decl_info *sink, ps_sink_kind kind)
{
	size_t n;
	ps_flow_step *steps = steps_of(last, &n);
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

static void report(frame *f, const taint *v, const decl_info *sink, ps_sink_kind kind,
                   CXCursor at, const char *message)
{
	tracer *t = f->t;
	if (!v || t->status != PS_OK)
		return;
	for (unsigned i = 0; i < v->count; i++) {
		const origin *o = v->items[i];
		if (o->past_sink)
			continue;
		if (!o->source) {
			if (f->info) /* a parameter: its callers' arguments reach the sink */
				note_parameter_sink(f, (unsigned)o->parameter, sink, kind,
				                    add_step(t, o->last, at, message));
			continue;
		}
		if (!t->reporting || already_reported(t, o->source, sink, kind))
			continue;
		report_path(t, o->source, add_step(t, o->last, at, message), sink, kind);
		if (t->status != PS_OK)
			return;
	}
}

/* The steps of `tail` (a path inside a callee) after `head`. */
static const step *append_steps(tracer *t, const step *head, const step *tail)
{
	if (!tail)
		return head;
	const step *before = append_steps(t, head, tail->prev);
	step *s = alloc(t, sizeof *s);
	if (!s)
		return before;
	*s = *tail;
	s->prev = before;
	s->length = before ? before->length + 1 : 1;
	return s;
}

/* ---- interpretation ----------------------------------------------------- */

static const taint *walk(frame *f, CXCursor c, state *s, const taint *control);
static void assign_declared(frame *f, CXCursor variable, const taint *value, state *s,
                            const taint *control);

static int is_transparent(enum CXCursorKind k)
{
	return k == CXCursor_UnexposedExpr || k == CXCursor_ParenExpr ||
	       k == CXCursor_CStyleCastExpr || k == CXCursor_CXXStaticCastExpr ||
	       k == CXCursor_CXXFunctionalCastExpr || k == CXCursor_CXXConstCastExpr ||
	       k == CXCursor_CXXReinterpretCastExpr;
}

/* The last child that is an expression, or a null cursor. */
static CXCursor last_expression(CXCursor c)
{
	kids k = children_of(c);
	CXCursor found = clang_getNullCursor();
	for (unsigned i = 0; i < k.count; i++)
		if (clang_isExpression(clang_getCursorKind(k.items[i])))
			found = k.items[i];
	free(k.items);
	return found;
}

static CXCursor strip(CXCursor c)
{
	for (int depth = 0; depth < 16 && is_transparent(clang_getCursorKind(c)); depth++) {
		CXCursor inner = last_expression(c);
		if (clang_Cursor_isNull(inner))
			break;
		c = inner;
	}
	return c;
}

/* What an assignment writes to. */
static target target_of(frame *f, CXCursor lhs)
{
	target none = {NULL, PS_SINK_VARIABLE, 0};
	lhs = strip(lhs);
	enum CXCursorKind k = clang_getCursorKind(lhs);
	if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
		const decl_info *d = info_of(f->t, clang_getCursorReferenced(lhs), f->ruleset);
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
		kids children = children_of(lhs);
		target inner = children.count ? target_of(f, children.items[0]) : none;
		free(children.items);
		if (k == CXCursor_ArraySubscriptExpr)
			inner.kind = PS_SINK_ELEMENT;
		inner.strong = 0;
		return inner;
	}
	return none;
}

/* A write of `value` to `lhs` at `at`, with operator `op` ("=" replaces). */
static void assign(frame *f, CXCursor lhs, const taint *value, const char *op, CXCursor at,
                   state *s, const taint *control)
{
	tracer *t = f->t;
	target to = target_of(f, lhs);
	if (!to.decl)
		return;
	/* A variable declared inside the branch exists only there: the branch's
	 * condition does not decide what it holds. */
	const binding *existing = to.decl->trackable ? binding_of(s, to.decl->cursor) : NULL;
	if (existing)
		control = without(t, control, existing->declared_under);
	const taint *carried = unite(t, unite(t, value, control), s->guard);
	/* Messages are written only for a value that carries something. */
	if (to.decl->sink && carried) {
		const char *noun = psi_sink_phrase(to.kind), *name = to.decl->name;
		const char *message =
			strcmp(op, "=") == 0 ? format(t, "assigned to %s '%s'", noun, name)
			: op[0] ? format(t, "changes %s '%s' ('%s')", noun, name, op)
			        : format(t, "changes %s '%s'", noun, name);
		report(f, carried, to.decl, to.kind, at, message);
	}
	if (!to.decl->trackable)
		return;
	const taint *incoming = unite(t, value, control);
	const taint *moved = incoming ? step_into(t, incoming, at,
	                                          format(t, "stored in '%s'", to.decl->name),
	                                          to.decl->sink)
	                              : NULL;
	if (!to.strong || strcmp(op, "=") != 0)
		moved = unite(t, lookup(s, to.decl->cursor), moved);
	bind(t, s, to.decl->cursor, moved);
}

/* A reference to a declaration: a flagged use starts a flow; a variable or
 * field carries what was stored in it. */
static const taint *reference(frame *f, CXCursor c, state *s)
{
	tracer *t = f->t;
	CXCursor ref = clang_getCursorReferenced(c);
	const decl_info *d = info_of(t, ref, f->ruleset);
	if (!d)
		return NULL;
	const taint *stored = d->trackable ? lookup(s, ref) : NULL;
	for (unsigned i = 0; i < f->parameter_count; i++)
		if (clang_equalCursors(f->parameters[i], ref))
			stored = unite(t, stored, f->parameter_taints[i]);
	if (!d->flagged || (stored && stored->items[0]->source))
		return stored;
	/* A function with a summary stands for what it returns; only a flagged
	 * function whose body says nothing more is a flagged use itself. */
	if (d->is_function) {
		const function_summary *fs = summary_of(t, d->usr, 0);
		if (fs && carries_source(fs->returns))
			return stored;
	}
	unsigned line, column;
	const char *file = place_of(t, c, &line, &column);
	if (!file)
		return stored;
	const ps_rule *rule = t->cb->ruleset_at(t->cb->context, d->ruleset)->rules[d->rule];
	psi_flow_source probe = {d->ruleset, d->rule, d->term, d->kind, (char *)d->name,
	                        (char *)file, line, column, (char *)f->scope};
	const psi_flow_source *source = intern_source(t, &probe);
	origin *o = alloc(t, sizeof *o);
	if (!source || !o)
		return stored;
	t->saw_source = 1;
	o->source = source;
	o->parameter = -1;
	o->past_sink = 0;
	o->last = add_step(t, NULL, c, format(t, "%s '%s', named for %s, is used here",
	                                         psi_kind_noun(d->kind), d->name, rule->subject));
	const origin *one[] = {o};
	return unite(t, stored, make_taint(t, one, 1));
}

/* A function called here and defined in another unit, and whether a
 * flagged value was passed to it: if its summary grows in a later round,
 * this unit is traced again. */
typedef struct external_call {
	const char *usr;           /* first, as in function_summary */
	int tainted_arguments;
} external_call;

static uint64_t usr_hash(const void *item)
{
	return text_hash(*(const char *const *)item);
}

static void note_call(tracer *t, const char *usr, int tainted_arguments)
{
	external_call *e = table_find(&t->calls, text_hash(usr), usr);
	if (e) {
		e->tainted_arguments |= tainted_arguments;
		return;
	}
	e = alloc(t, sizeof *e);
	if (!e || !(e->usr = intern_text(t, usr)))
		return;
	e->tainted_arguments = tainted_arguments;
	table_add(t, &t->calls, e);
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

/* A library function writes what it is given into its output parameters:
 * strcpy(buf, a->nationaliteit), snprintf(key, n, "%s", p->postcode),
 * out << p.nationality; and a library method that is not const into its
 * object: names.push_back(p.surname).  Not the project's own functions
 * defined in another unit: their pointer parameters are mostly the objects
 * they work on, and a setter writes one field; marking the whole object
 * made every other field a flow (base->setAlienRace(race) does not change
 * base->getLongitude(); create_city(player, tile, name, nationality) does
 * not make the tile a nationality). */
static void write_outputs(frame *f, CXCursor c, CXCursor callee, const taint *const *args,
                          int argc, state *s, const taint *control)
{
	tracer *t = f->t;
	int given = 0;
	for (int a = 0; a < argc && a < MAX_PARAMETERS && !given; a++)
		given = args[a] != NULL;
	if (!given)
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
	for (int a = first; a < argc && a < MAX_PARAMETERS; a++) {
		if (!is_output_type(clang_getArgType(type, (unsigned)(a - first))))
			continue;
		const taint *others = NULL;
		for (int b = 0; b < argc && b < MAX_PARAMETERS; b++)
			if (b != a)
				others = unite(t, others, args[b]);
		if (others)
			assign(f, clang_Cursor_getArgument(c, (unsigned)a), others, "", c, s, control);
	}
	if (!method || clang_CXXMethod_isConst(callee))
		return;
	const taint *arguments = NULL;
	for (int a = first; a < argc && a < MAX_PARAMETERS; a++)
		arguments = unite(t, arguments, args[a]);
	if (!arguments)
		return;
	if (member_operator && argc > 0) {
		assign(f, clang_Cursor_getArgument(c, 0), arguments, "", c, s, control);
		return;
	}
	/* obj.method(...): the object is what the member reference is read from. */
	kids parts = children_of(c);
	CXCursor member = parts.count ? strip(parts.items[0]) : clang_getNullCursor();
	kids object = clang_getCursorKind(member) == CXCursor_MemberRefExpr ? children_of(member)
	                                                                    : (kids){NULL, 0, 0};
	if (object.count)
		assign(f, object.items[0], arguments, "", c, s, control);
	free(object.items);
	free(parts.items);
}

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

static const taint *call(frame *f, CXCursor c, state *s, const taint *control)
{
	tracer *t = f->t;
	kids k = children_of(c);
	int argc = clang_Cursor_getNumArguments(c);
	const taint *args[MAX_PARAMETERS] = {0};
	const taint *all = NULL, *not_arguments = NULL; /* the callee, the object */
	for (unsigned i = 0; i < k.count; i++) {
		const taint *v = walk(f, k.items[i], s, control);
		int argument = 0;
		all = unite(t, all, v);
		for (int a = 0; a < argc && a < MAX_PARAMETERS; a++) {
			if (same_expression(k.items[i], clang_Cursor_getArgument(c, (unsigned)a))) {
				args[a] = v;
				argument = 1;
			}
		}
		if (!argument)
			not_arguments = unite(t, not_arguments, v);
	}
	free(k.items);
	CXCursor callee = clang_getCursorReferenced(c);
	const decl_info *d = info_of(t, callee, f->ruleset);
	if (!d || !d->is_function)
		return all;
	if (d->sink) {
		const char *message = NULL;
		for (int a = 0; a < argc && a < MAX_PARAMETERS; a++) {
			const taint *v = unite(t, unite(t, args[a], control), s->guard);
			if (v && !message)
				message = format(t, "passed to '%s'", d->name);
			if (v)
				report(f, v, d, PS_SINK_ARGUMENT, c, message);
		}
	}
	function_summary *fs = summary_of(t, d->usr, 0);
	if (!fs && d->usr[0])
		fs = imported_summary(t, d->usr);
	if ((!fs || !fs->defined_here) && t->reporting && d->usr[0] && d->in_project) {
		int tainted = 0;
		for (int a = 0; a < argc && a < MAX_PARAMETERS && !tainted; a++)
			tainted = carries_unreported(unite(t, args[a], control));
		note_call(t, d->usr, tainted);
	}
	if (!fs) {
		/* Unknown: its result depends on all its operands.  Out of a sink
		 * function, its arguments have been reported as such; the object
		 * of a method (race->retaliationWeights()) has not. */
		if (!d->in_project)
			write_outputs(f, c, callee, args, argc, s, control);
		if (!d->sink)
			return all;
		const taint *arguments = NULL;
		for (int a = 0; a < argc && a < MAX_PARAMETERS; a++)
			arguments = unite(t, arguments, args[a]);
		if (!arguments)
			return not_arguments;
		return unite(t, not_arguments,
		             step_into(t, arguments, c, format(t, "returned by '%s' here", d->name), 1));
	}
	/* Arguments that reach a sink inside the callee, and the conditions the
	 * call is made under (if (buitenlands) tel_op(t, 3.5)); not the early
	 * returns before it, which would make every later call in the function
	 * reach every sink its callees write.  For a callee that is a sink
	 * itself, its arguments were reported above. */
	for (unsigned i = 0; !d->sink && i < fs->sink_count; i++) {
		const parameter_sink *ps = &fs->sinks[i];
		if (ps->parameter >= (unsigned)argc || ps->parameter >= MAX_PARAMETERS)
			continue;
		const taint *v = unite(t, args[ps->parameter], control);
		for (unsigned k = 0; v && k < v->count; k++) {
			const origin *o = v->items[k];
			if (o->past_sink)
				continue;
			const step *at = add_step(t, o->last, c, format(t, "passed to '%s'", d->name));
			if (!o->source) {
				if (f->info)
					note_parameter_sink(f, (unsigned)o->parameter, ps->sink, ps->kind,
					                    append_steps(t, at, ps->last));
			} else if (t->reporting && !already_reported(t, o->source, ps->sink, ps->kind)) {
				report_path(t, o->source, append_steps(t, at, ps->last), ps->sink, ps->kind);
			}
		}
	}
	const taint *result = NULL;
	const char *back = fs->returns ? format(t, "returned by '%s' here", d->name) : NULL;
	for (unsigned i = 0; fs->returns && i < fs->returns->count; i++) {
		const origin *o = fs->returns->items[i];
		if (o->source) {
			const origin *one[] = {o};
			result = unite(t, result, extend(t, make_taint(t, one, 1), c, back));
		} else if (o->parameter < argc && o->parameter < MAX_PARAMETERS) {
			/* Out of a sink function, the value has been reported there. */
			result = unite(t, result,
			               step_into(t, args[o->parameter], c,
			                         format(t, "passes through '%s'", d->name), d->sink));
		}
	}
	/* A flagged function whose body shows no flagged use inside, such as
	 * is_foreigner() over a look-up table, is itself the flagged use. */
	if (d->flagged && !carries_source(fs->returns))
		result = unite(t, result, all);
	return result;
}

/* The condition of an if, while or switch, and where the rest begins: the
 * first child that is an expression (an init statement or a condition
 * variable may come before it). */
static unsigned condition_index(const kids *k)
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
	enum CXCursorKind k = clang_getCursorKind(strip(e));
	return k == CXCursor_IntegerLiteral || k == CXCursor_CXXNullPtrLiteralExpr ||
	       k == CXCursor_GNUNullExpr;
}

/* A condition as it decides a branch.  A test that a pointer is null,
 * `if (race)`, `if (!p->nationaliteit) return -1;`, `p == NULL`, decides on
 * whether there is a value, not on what it is, and decides nothing here
 * (docs/flows.md); `!`, `&&` and `||` are looked through to find such tests. */
static const taint *walk_condition(frame *f, CXCursor c, state *s, const taint *control)
{
	CXCursor e = strip(c);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (is_pointer(e)) {
		walk(f, c, s, control); /* for what it does, a call or an assignment */
		return NULL;
	}
	if (k != CXCursor_BinaryOperator && k != CXCursor_UnaryOperator)
		return walk(f, c, s, control);
	kids parts = children_of(e);
	char op[8] = "";
	const taint *result;
	if (k == CXCursor_UnaryOperator && parts.count == 1) {
		operator_of(f->t, e, parts.items[0], 1, op, sizeof op);
		result = strcmp(op, "!") == 0 ? walk_condition(f, parts.items[0], s, control)
		                               : walk(f, c, s, control);
	} else if (k == CXCursor_BinaryOperator && parts.count == 2) {
		operator_of(f->t, e, parts.items[0], 0, op, sizeof op);
		if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
			result = unite(f->t, walk_condition(f, parts.items[0], s, control),
			               walk_condition(f, parts.items[1], s, control));
		} else if ((strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) &&
		           ((is_pointer(strip(parts.items[0])) && is_null_constant(parts.items[1])) ||
		            (is_pointer(strip(parts.items[1])) && is_null_constant(parts.items[0])))) {
			walk(f, c, s, control);
			result = NULL;
		} else {
			result = walk(f, c, s, control);
		}
	} else {
		result = walk(f, c, s, control);
	}
	free(parts.items);
	return result;
}

static const taint *deciding(frame *f, const taint *condition, CXCursor at, const char *what)
{
	return condition ? extend(f->t, condition, at, format(f->t, "decides this %s", what)) : NULL;
}

/* After a branch that returned, what follows runs only when the condition
 * allowed it. */
static void guard_rest(frame *f, state *s, unsigned returns_before, const taint *condition,
                       CXCursor at)
{
	if (f->return_count > returns_before && condition)
		s->guard = unite(f->t, s->guard,
		                 extend(f->t, condition, at, "decides a return before this point"));
}

/* The head of an if or switch: init statements, then the condition, whose
 * taint is returned; the branches are the children after `*condition_at`. */
static const taint *walk_head(frame *f, const kids *k, state *s, const taint *control,
                              unsigned *condition_at)
{
	unsigned ci = condition_index(k);
	for (unsigned i = 0; i < ci; i++)
		walk(f, k->items[i], s, control);
	*condition_at = ci;
	return k->count ? walk_condition(f, k->items[ci], s, control) : NULL;
}

static const taint *walk_if(frame *f, CXCursor c, state *s, const taint *control)
{
	tracer *t = f->t;
	kids k = children_of(c);
	unsigned ci;
	const taint *condition = walk_head(f, &k, s, control, &ci);
	const taint *inner = unite(t, control, deciding(f, condition, c, "'if'"));
	unsigned returns_before = f->return_count;
	state then = copy_state(t, s);
	if (ci + 1 < k.count)
		walk(f, k.items[ci + 1], &then, inner);
	if (ci + 2 < k.count)
		walk(f, k.items[ci + 2], s, inner);
	join(t, s, &then);
	guard_rest(f, s, returns_before, condition, c);
	free(k.items);
	return NULL;
}

static const taint *walk_loop(frame *f, CXCursor c, state *s, const taint *control)
{
	tracer *t = f->t;
	enum CXCursorKind kind = clang_getCursorKind(c);
	kids k = children_of(c);
	if (k.count == 0)
		return NULL;
	/* The body is last, except in do-while; the rest decides the loop.  A
	 * range-for's variable holds an element of the range. */
	unsigned body = kind == CXCursor_DoStmt ? 0 : k.count - 1;
	unsigned returns_before = f->return_count;
	int iterations = f->loop_depth < MAX_LOOP_DEPTH ? 2 : 1;
	const taint *condition = NULL;
	f->loop_depth++;
	for (int round = 0; round < iterations; round++) {
		state pass = copy_state(t, s);
		CXCursor range_variable = clang_getNullCursor();
		for (unsigned i = 0; i < k.count; i++) {
			if (i == body)
				continue;
			CXCursor part = k.items[i];
			if (kind == CXCursor_CXXForRangeStmt && clang_getCursorKind(part) == CXCursor_VarDecl) {
				range_variable = part;
				continue;
			}
			condition = unite(t, condition, walk_condition(f, part, &pass, control));
		}
		if (!clang_Cursor_isNull(range_variable))
			assign_declared(f, range_variable, condition, &pass, control);
		const taint *inner = unite(t, control, deciding(f, condition, c, "loop"));
		walk(f, k.items[body], &pass, inner);
		join(t, s, &pass);
	}
	f->loop_depth--;
	guard_rest(f, s, returns_before, condition, c);
	free(k.items);
	return NULL;
}

static const taint *walk_switch(frame *f, CXCursor c, state *s, const taint *control)
{
	tracer *t = f->t;
	kids k = children_of(c);
	unsigned ci;
	const taint *condition = walk_head(f, &k, s, control, &ci);
	const taint *inner = unite(t, control, deciding(f, condition, c, "'switch'"));
	unsigned returns_before = f->return_count;
	const state *outer_entry = f->switch_entry;
	state entry = copy_state(t, s);
	f->switch_entry = &entry;
	state body = copy_state(t, s);
	for (unsigned i = ci + 1; i < k.count; i++)
		walk(f, k.items[i], &body, inner);
	f->switch_entry = outer_entry;
	join(t, s, &body);
	guard_rest(f, s, returns_before, condition, c);
	free(k.items);
	return NULL;
}

/* A case label is a way into the switch's body from its start. */
static const taint *walk_case(frame *f, CXCursor c, state *s, const taint *control)
{
	if (f->switch_entry)
		join(f->t, s, f->switch_entry);
	kids k = children_of(c);
	if (k.count)
		walk(f, k.items[k.count - 1], s, control);
	free(k.items);
	return NULL;
}

static const taint *walk_return(frame *f, CXCursor c, state *s, const taint *control)
{
	tracer *t = f->t;
	kids k = children_of(c);
	const taint *value = NULL;
	for (unsigned i = 0; i < k.count; i++)
		value = unite(t, value, walk(f, k.items[i], s, control));
	free(k.items);
	const taint *carried = unite(t, unite(t, value, control), s->guard);
	f->return_count++;
	if (f->info && f->info->sink && carried)
		report(f, carried, f->info, PS_SINK_RETURN, c,
		       format(t, "returned as the value of '%s'", f->info->name));
	if (carried)
		f->returns = unite(t, f->returns,
		                   step_into(t, carried, c,
		                             f->info ? format(t, "returned by '%s'", f->info->name)
		                                     : "returned by a lambda",
		                             f->info && f->info->sink));
	return NULL;
}

static void assign_declared(frame *f, CXCursor variable, const taint *value, state *s,
                            const taint *control)
{
	tracer *t = f->t;
	const decl_info *d = info_of(t, variable, f->ruleset);
	if (!d || !d->trackable)
		return;
	/* What exists only under a condition holds what it is given there: the
	 * condition decides whether it exists, not its value. */
	if (d->sink && value)
		report(f, value, d, PS_SINK_VARIABLE, variable,
		       format(t, "initialises variable '%s'", d->name));
	declare(t, s, variable,
	        value ? step_into(t, value, variable, format(t, "stored in '%s'", d->name), d->sink)
	              : NULL,
	        control);
}

static const taint *walk_variable(frame *f, CXCursor c, state *s, const taint *control)
{
	kids k = children_of(c);
	const taint *value = NULL;
	int holds_lambda = 0;
	for (unsigned i = 0; i < k.count; i++) {
		value = unite(f->t, value, walk(f, k.items[i], s, control));
		holds_lambda |= clang_getCursorKind(strip(k.items[i])) == CXCursor_LambdaExpr;
	}
	free(k.items);
	if (holds_lambda) {
		/* A function, not a value: what it returns flows where it is called. */
		declare(f->t, s, c, value, control);
		return NULL;
	}
	assign_declared(f, c, value, s, control);
	return NULL;
}

/* A lambda's body runs with the enclosing function's variables (captured
 * by reference or by copy, the values are the same); its value is what it
 * returns, so that a call through it, or an algorithm given it, carries
 * that on. */
static const taint *walk_lambda(frame *f, CXCursor c, state *s, const taint *control)
{
	frame inner = *f;
	inner.info = NULL;
	inner.parameter_count = 0;
	inner.returns = NULL;
	inner.switch_entry = NULL;
	kids k = children_of(c);
	state body = copy_state(f->t, s);
	for (unsigned i = 0; i < k.count; i++)
		if (clang_getCursorKind(k.items[i]) == CXCursor_CompoundStmt)
			walk(&inner, k.items[i], &body, control);
	free(k.items);
	body.guard = s->guard;
	join(f->t, s, &body);
	return inner.returns;
}

static const taint *walk_binary(frame *f, CXCursor c, state *s, const taint *control,
                                int compound)
{
	tracer *t = f->t;
	kids k = children_of(c);
	if (k.count != 2) {
		const taint *all = NULL;
		for (unsigned i = 0; i < k.count; i++)
			all = unite(t, all, walk(f, k.items[i], s, control));
		free(k.items);
		return all;
	}
	char op[8];
	operator_of(t, c, k.items[0], 0, op, sizeof op);

	if (compound && !is_assignment_operator(op))
		op[0] = '\0'; /* an operator a macro's body wrote: unknown, but not '=' */
	const taint *right = walk(f, k.items[1], s, control);
	const taint *result;
	if (compound || is_assignment_operator(op)) {
		const taint *left = compound ? walk(f, k.items[0], s, control) : NULL;
		assign(f, k.items[0], right, op, c, s, control);
		result = unite(t, left, right);
	} else if (strcmp(op, ",") == 0) {
		walk(f, k.items[0], s, control);
		result = right;
	} else {
		result = unite(t, walk(f, k.items[0], s, control), right);
	}
	free(k.items);
	return result;
}

static const taint *walk_unary(frame *f, CXCursor c, state *s, const taint *control)
{
	kids k = children_of(c);
	const taint *value = k.count ? walk(f, k.items[0], s, control) : NULL;
	char op[8] = "";
	if (k.count) {
		operator_of(f->t, c, k.items[0], 1, op, sizeof op);
		if (strcmp(op, "++") != 0 && strcmp(op, "--") != 0)
			operator_of(f->t, c, k.items[0], 0, op, sizeof op);
	}
	if (strcmp(op, "++") == 0 || strcmp(op, "--") == 0)
		assign(f, k.items[0], NULL, op, c, s, control);
	free(k.items);
	return value;
}

/* The parts in order; the value is the union of theirs. */
static const taint *walk_parts(frame *f, CXCursor c, state *s, const taint *control)
{
	kids k = children_of(c);
	const taint *all = NULL;
	for (unsigned i = 0; i < k.count && f->t->status == PS_OK; i++)
		all = unite(f->t, all, walk(f, k.items[i], s, control));
	free(k.items);
	return all;
}

static const taint *walk(frame *f, CXCursor c, state *s, const taint *control)
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
		return walk_binary(f, c, s, control, 0);
	case CXCursor_CompoundAssignOperator:
		return walk_binary(f, c, s, control, 1);
	case CXCursor_UnaryOperator:
		return walk_unary(f, c, s, control);
	case CXCursor_CallExpr:
		return call(f, c, s, control);
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr: {
		const taint *value = reference(f, c, s);
		/* The object a member is read from: p->nationaliteit depends on p. */
		return unite(f->t, value, walk_parts(f, c, s, control));
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

/* ---- functions ---------------------------------------------------------- */

static int interpret(tracer *t, CXCursor function, uint32_t ruleset)
{
	frame f;
	memset(&f, 0, sizeof f);
	f.t = t;
	f.function = function;
	f.scope = qualified_name(t, function);
	f.ruleset = ruleset;
	f.info = info_of(t, function, ruleset);
	int parameters = clang_Cursor_getNumArguments(function);
	for (int i = 0; i < parameters && i < MAX_PARAMETERS; i++) {
		origin *o = alloc(t, sizeof *o);
		if (!o)
			return t->status;
		*o = (origin){NULL, i, NULL, 0};
		const origin *one[] = {o};
		f.parameters[f.parameter_count] = clang_Cursor_getArgument(function, (unsigned)i);
		f.parameter_taints[f.parameter_count++] = make_taint(t, one, 1);
	}
	kids k = children_of(function);
	state s = {NULL, 0, 0, NULL};
	for (unsigned i = 0; i < k.count; i++)
		if (clang_getCursorKind(k.items[i]) == CXCursor_CompoundStmt)
			walk(&f, k.items[i], &s, NULL);
	free(k.items);
	if (!f.info || !f.info->usr[0])
		return t->status;
	function_summary *fs = summary_of(t, f.info->usr, 1);
	const taint *grown = fs ? unite(t, fs->returns, f.returns) : NULL;
	if (fs && !same_taint(fs->returns, grown)) {
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
	return (function_kind(k) || k == CXCursor_Constructor || k == CXCursor_Destructor) &&
	       clang_isCursorDefinition(c);
}

static enum CXChildVisitResult find_bodies(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	tracer *t = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (!clang_isDeclaration(k) || !in_project(t, c))
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

/* Hand the summaries of this TU's functions to the caller. */
static int hand_over_summaries(tracer *t)
{
	for (size_t i = 0; i < t->functions.size && t->status == PS_OK; i++) {
		/* Only a summary that carries a flagged value no sink has reported,
		 * or a parameter into a sink, is worth sending: a call to a function
		 * without one depends on all its arguments, which is already as much
		 * as parameters that reach the return, and a value past its sink is
		 * reported no further. */
		const function_summary *fs = t->functions.slots[i];
		if (!fs || !fs->defined_here || (!carries_unreported(fs->returns) && !fs->sink_count))
			continue;
		unsigned origin_count = fs->returns ? fs->returns->count : 0;
		psi_summary out = {(char *)fs->usr, 0, NULL, 0, NULL, 0};
		out.origins = calloc(origin_count + 1, sizeof *out.origins);
		out.sinks = calloc(fs->sink_count + 1, sizeof *out.sinks);
		if (!out.origins || !out.sinks)
			t->status = PS_ENOMEM;
		for (unsigned k = 0; t->status == PS_OK && k < origin_count; k++) {
			const origin *o = fs->returns->items[k];
			if (!o->source) {
				if (o->parameter < MAX_PARAMETERS)
					out.parameters |= 1u << o->parameter;
				continue;
			}
			if (o->past_sink)
				continue;
			psi_summary_origin *so = &out.origins[out.origin_count];
			so->source = *o->source;
			if (!(so->steps = steps_of(o->last, &so->step_count)))
				t->status = PS_ENOMEM;
			else
				out.origin_count++;
		}
		for (unsigned k = 0; t->status == PS_OK && k < fs->sink_count; k++) {
			const parameter_sink *ps = &fs->sinks[k];
			psi_summary_sink *ss = &out.sinks[out.sink_count];
			*ss = (psi_summary_sink){ps->parameter, (char *)ps->sink->name, ps->kind,
			                        (char *)ps->sink->file, ps->sink->line, NULL, 0};
			if (!ps->sink->file)
				continue; /* a sink in no file says nothing to other units */
			if (!(ss->steps = steps_of(ps->last, &ss->step_count)))
				t->status = PS_ENOMEM;
			else
				out.sink_count++;
		}
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
	return t->status;
}

int psi_trace_flows(CXTranslationUnit tu, const psi_unit *unit, const psi_project *project,
		    const psi_summaries *known, const psi_flow_callbacks *callbacks,
		    ps_error *err)
{
	tracer t;
	memset(&t, 0, sizeof t);
	t.tu = tu;
	t.known = known;
	t.cb = callbacks;
	t.files = (psi_file_cache){unit->directory, project, NULL, NULL, 0, 0};
	t.decls = (table){NULL, 0, 0, decl_hash, decl_matches};
	t.sources = (table){NULL, 0, 0, source_hash, same_source};
	t.functions = (table){NULL, 0, 0, usr_hash, usr_matches};
	t.reported = (table){NULL, 0, 0, reported_hash, reported_matches};
	t.calls = (table){NULL, 0, 0, usr_hash, usr_matches};
	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_bodies, &t);
	uint32_t *rulesets = calloc(t.body_count + 1, sizeof *rulesets);
	if (!rulesets)
		t.status = PS_ENOMEM;
	/* Functions come file by file: ask for a file's ruleset once per run. */
	const char *last_file = NULL;
	uint32_t last_ruleset = UINT32_MAX;
	for (size_t i = 0; t.status == PS_OK && i < t.body_count; i++) {
		unsigned line, column;
		const char *file = place_of(&t, t.bodies[i], &line, &column);
		if (file && file != last_file) {
			last_file = file;
			last_ruleset = callbacks->ruleset_for(callbacks->context, file);
		}
		rulesets[i] = file ? last_ruleset : UINT32_MAX;
		const decl_info *d = rulesets[i] == UINT32_MAX ? NULL
		                   : info_of(&t, t.bodies[i], rulesets[i]);
		function_summary *fs = d ? summary_of(&t, d->usr, 1) : NULL;
		if (fs)
			fs->defined_here = 1;
	}
	/* Summaries first, to a fixed point (or a bound); then the pass that
	 * reports, with every summary as good as it gets. */
	for (int pass = 0; pass <= MAX_PASSES && t.status == PS_OK; pass++) {
		t.changed = 0;
		t.reporting = pass == MAX_PASSES;
		for (size_t i = 0; i < t.body_count && t.status == PS_OK; i++)
			if (rulesets[i] != UINT32_MAX)
				interpret(&t, t.bodies[i], rulesets[i]);
		if (t.reporting)
			break;
		if (!t.changed || !t.saw_source)
			pass = MAX_PASSES - 1; /* settled: the next pass reports */
	}
	if (t.status == PS_OK)
		hand_over_summaries(&t);
	for (size_t i = 0; t.status == PS_OK && i < t.calls.size; i++) {
		const external_call *e = t.calls.slots[i];
		if (!e)
			continue;
		int rc = callbacks->external_call(callbacks->context, e->usr, e->tainted_arguments);
		if (rc != PS_OK)
			t.status = rc;
	}
	free(rulesets);
	free(t.bodies);
	psi_context_builder_clear(&t.contexts);
	free(t.decls.slots);
	free(t.sources.slots);
	free(t.functions.slots);
	free(t.reported.slots);
	free(t.calls.slots);
	psi_file_cache_clear(&t.files);
	arena_clear(&t.mem);
	if (t.status == PS_ENOMEM)
		return psi_fail(err, PS_ENOMEM, "out of memory tracing flows");
	return t.status;
}

/* ---- summaries across translation units --------------------------------- */

static int compare_usr(const void *key, const void *item)
{
	return strcmp((const char *)key, ((const psi_summary *)item)->usr);
}

const psi_summary *psi_summaries_find(const psi_summaries *summaries, const char *usr)
{
	return psi_search(usr, summaries->items, summaries->count, sizeof *summaries->items,
			  compare_usr);
}

void psi_summary_clear(psi_summary *summary)
{
	for (size_t i = 0; i < summary->origin_count; i++) {
		psi_summary_origin *o = &summary->origins[i];
		free(o->source.name);
		free(o->source.file);
		free(o->source.scope);
		for (size_t j = 0; j < o->step_count; j++) {
			free(o->steps[j].file);
			free(o->steps[j].message);
		}
		free(o->steps);
	}
	free(summary->origins);
	for (size_t i = 0; i < summary->sink_count; i++) {
		psi_summary_sink *k = &summary->sinks[i];
		free(k->sink_name);
		free(k->sink_file);
		for (size_t j = 0; j < k->step_count; j++) {
			free(k->steps[j].file);
			free(k->steps[j].message);
		}
		free(k->steps);
	}
	free(summary->sinks);
	free(summary->usr);
	memset(summary, 0, sizeof *summary);
}

int psi_summaries_merge(psi_summaries *into, psi_summary *summary, int *changed)
{
	size_t lo = 0, hi = into->count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(into->items[mid].usr, summary->usr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == into->count || strcmp(into->items[lo].usr, summary->usr) != 0) {
		if (PSI_PUSH(into->items, into->count, into->capacity) < 0)
			return PS_ENOMEM;
		memmove(&into->items[lo + 1], &into->items[lo],
		        (into->count - lo) * sizeof *into->items);
		into->items[lo] = *summary;
		into->count++;
		/* Parameters that reach the return value say less than a call to an
		 * unknown function already assumes: no news on their own. */
		*changed = (summary->origin_count ? PSI_SUMMARY_RETURNS : 0) |
		           (summary->sink_count ? PSI_SUMMARY_SINKS : 0);
		memset(summary, 0, sizeof *summary);
		return PS_OK;
	}
	psi_summary *old = &into->items[lo];
	old->parameters |= summary->parameters;
	for (size_t i = 0; i < summary->origin_count; i++) {
		int known = 0;
		for (size_t j = 0; j < old->origin_count && !known; j++)
			known = same_source(&old->origins[j].source, &summary->origins[i].source);
		if (known || old->origin_count >= MAX_ORIGINS)
			continue;
		psi_summary_origin *grown = realloc(old->origins,
						    (old->origin_count + 1) * sizeof *grown);
		if (!grown)
			return PS_ENOMEM;
		old->origins = grown;
		old->origins[old->origin_count++] = summary->origins[i];
		memset(&summary->origins[i], 0, sizeof summary->origins[i]);
		*changed |= PSI_SUMMARY_RETURNS;
	}
	for (size_t i = 0; i < summary->sink_count; i++) {
		const psi_summary_sink *k = &summary->sinks[i];
		int known = 0;
		for (size_t j = 0; j < old->sink_count && !known; j++) {
			const psi_summary_sink *o = &old->sinks[j];
			known = o->parameter == k->parameter && o->sink_kind == k->sink_kind &&
			        o->sink_line == k->sink_line && strcmp(o->sink_name, k->sink_name) == 0 &&
			        strcmp(o->sink_file, k->sink_file) == 0;
		}
		if (known || old->sink_count >= MAX_ORIGINS)
			continue;
		psi_summary_sink *grown = realloc(old->sinks, (old->sink_count + 1) * sizeof *grown);
		if (!grown)
			return PS_ENOMEM;
		old->sinks = grown;
		old->sinks[old->sink_count++] = summary->sinks[i];
		memset(&summary->sinks[i], 0, sizeof summary->sinks[i]);
		*changed |= PSI_SUMMARY_SINKS;
	}
	psi_summary_clear(summary);
	return PS_OK;
}

void psi_summaries_clear(psi_summaries *summaries)
{
	for (size_t i = 0; i < summaries->count; i++)
		psi_summary_clear(&summaries->items[i]);
	free(summaries->items);
	memset(summaries, 0, sizeof *summaries);
}
