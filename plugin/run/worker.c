/*
 * Worker processes: each parses translation units one at a time, extracts
 * and classifies their declarations, and writes what it finds to a private
 * temporary file that the calling process reads back once it has exited.
 *
 * Why processes and not threads: libclang 14 applies a compile command's
 * -working-directory by changing the working directory of the whole process
 * (its driver sets the current path of the real file system), so two units
 * with different directories cannot be parsed at once in one process.
 * Processes also contain a crash: libclang recovers from most, but a worker
 * that dies costs only the unit it was parsing.
 *
 * Workers take units from a counter in shared memory, so a slow unit does not
 * hold up the others.  The ruleset was built before the fork; its rules and
 * terms are named by index in the records, not by address.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/run.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#define MAX_MATCHES_PER_NAME 16

/* Record types of the worker files. */
enum {
	REC_BEGIN = 'B',      /* u64 unit */
	REC_END = 'E',        /* u64 unit, u32 compiler errors */
	REC_FINDING = 'F',
	REC_DECL = 'D',       /* u64 identity */
	REC_LITERAL = 'L',    /* u64 identity */
	REC_SEEN = 'S',       /* str path */
	REC_DIRECTIVE = 'C',  /* str file, u32 line, column, end line, str comment */
	REC_DIAGNOSTIC = 'G',
	REC_FLOW = 'W',       /* source, sink, steps */
	REC_SUMMARY = 'M',    /* str usr, u32 parameters, u32 n, n x (source, steps),
	                         u32 m, m x (u32 parameter, sink, steps) */
	REC_CALL = 'K',       /* str usr, u8 tainted arguments: a function defined
	                         elsewhere is called */
	REC_FAILURE = 'X'     /* i32 code, str message: the worker gave up */
};

/* ---- writing (in the worker) -------------------------------------------- */

static void put_u32(FILE *out, uint32_t v) { fwrite(&v, sizeof v, 1, out); }
static void put_u64(FILE *out, uint64_t v) { fwrite(&v, sizeof v, 1, out); }
static void put_u8(FILE *out, unsigned v) { fputc((int)v, out); }

/* A string, or NULL, as a length (UINT32_MAX for NULL) and its bytes. */
static void put_str(FILE *out, const char *s)
{
	if (!s) {
		put_u32(out, UINT32_MAX);
		return;
	}
	uint32_t n = (uint32_t)strlen(s);
	put_u32(out, n);
	fwrite(s, 1, n, out);
}

typedef struct worker {
	const psi_work *work;
	FILE *out;
	/* The ruleset for the file of the last declaration, cached because a
	 * unit hands over its declarations file by file. */
	const char *last_file;
	uint32_t last_ruleset;  /* NOT_SCANNED when a configuration excludes it */
	/* Files whose comments this worker has read, sorted: a header included
	 * by many units is read once per worker. */
	psi_strings read_files;
	/* In a unit with compiler errors, the names declared in its project
	 * files: a token of one of them is not a name libclang lost. */
	psi_strings *declared;
} worker;

/* Index 0 is the scan's own ruleset; i + 1 is configuration i's. */
static const ps_ruleset *ruleset_at(const psi_work *work, uint32_t index)
{
	return index == 0 ? work->rules : work->project->configs->entries[index - 1].rules;
}

static uint32_t rule_index(const ps_ruleset *rules, const ps_rule *rule)
{
	uint32_t i = 0;
	while (rules->rules[i] != rule)
		i++;
	return i;
}

/* Line and column of byte `offset` of a literal starting at line:column. */
static void advance(const char *text, size_t offset, unsigned *line, unsigned *column)
{
	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
	}
}

/* "field 'language' is named for spoken language ..., read in the context
 * of record 'Patient'"; an identifier says it was never parsed. */
static char *finding_message(const psi_decl *d, const ps_match *m)
{
	const char *why = m->evidence == PS_EVIDENCE_CONTEXT ? ", read in the context of " : "";
	const char *because = m->evidence == PS_EVIDENCE_CONTEXT ? m->context : "";
	if (d->kind == PS_KIND_STRING_LITERAL)
		return psi_sprintf("string literal mentions '%.*s', a word for %s%s%s",
				   (int)m->length, d->name + m->offset, m->rule->subject, why,
				   because);
	if (d->kind == PS_KIND_IDENTIFIER)
		return psi_sprintf("identifier '%s' is named for %s%s%s (not parsed as a "
				   "declaration: the file has compiler errors)", d->name,
				   m->rule->subject, why, because);
	return psi_sprintf("%s '%s' is named for %s%s%s", psi_kind_noun(d->kind), d->name,
			   m->rule->subject, why, because);
}

static int write_finding(worker *w, const psi_decl *d, const ps_match *m)
{
	unsigned line = d->line, column = d->column;
	char *name;
	if (d->kind == PS_KIND_STRING_LITERAL) {
		/* A literal is matched whole; report just the words that matched. */
		advance(d->name, m->offset, &line, &column);
		name = psi_strndup(d->name + m->offset, m->length);
	} else {
		name = psi_strdup(d->name);
	}
	char *message = finding_message(d, m);
	if (!name || !message) {
		free(name);
		free(message);
		return PS_ENOMEM;
	}
	put_u8(w->out, REC_FINDING);
	put_u32(w->out, w->last_ruleset);
	put_u32(w->out, rule_index(ruleset_at(w->work, w->last_ruleset), m->rule));
	put_u32(w->out, psi_match_source_index(m->rule, m->term, m->combination));
	put_u8(w->out, m->severity);
	put_u8(w->out, d->kind);
	put_u32(w->out, line);
	put_u32(w->out, column);
	put_u8(w->out, d->is_definition != 0);
	put_str(w->out, name);
	put_str(w->out, d->file);
	put_str(w->out, d->scope);
	put_str(w->out, message);
	put_str(w->out, d->usr);
	put_str(w->out, m->evidence == PS_EVIDENCE_CONTEXT ? m->context : NULL);
	free(name);
	free(message);
	return PS_OK;
}

#define NOT_SCANNED UINT32_MAX

/* The index of the ruleset for `file` (absolute): that of the nearest
 * configuration, or 0; NOT_SCANNED when that configuration excludes it. */
static uint32_t ruleset_for(const psi_work *work, const char *file)
{
	const psi_config_set *configs = work->project->configs;
	int nearest = configs ? psi_config_set_nearest(configs, file) : -1;
	if (nearest >= 0 && ps_config_excludes(configs->entries[nearest].config, file))
		return NOT_SCANNED;
	return (uint32_t)(nearest + 1);
}

static int on_declaration(void *context, const psi_decl *d)
{
	worker *w = context;
	if (d->file != w->last_file) {
		w->last_file = d->file;
		w->last_ruleset = ruleset_for(w->work, d->file);
	}
	if (w->last_ruleset == NOT_SCANNED)
		return PS_OK;
	if (w->declared && d->kind != PS_KIND_STRING_LITERAL && d->kind != PS_KIND_IDENTIFIER &&
	    psi_strings_add(w->declared, d->name) < 0)
		return PS_ENOMEM;
	/* Names read from tokens are not declarations: the statistics count
	 * what libclang declared. */
	if (d->kind != PS_KIND_IDENTIFIER) {
		put_u8(w->out, d->kind == PS_KIND_STRING_LITERAL ? REC_LITERAL : REC_DECL);
		put_u64(w->out, d->identity);
	}
	ps_match matches[MAX_MATCHES_PER_NAME];
	size_t n;
	ps_context around = {d->scope, NULL, NULL, d->type, NULL, 0, NULL};
	int rc = ps_classify_in(ruleset_at(w->work, w->last_ruleset), d->name,
	                        d->context ? d->context : &around, d->kind, matches,
	                        MAX_MATCHES_PER_NAME, &n, NULL);
	for (size_t i = 0; rc == PS_OK && i < n; i++)
		if (matches[i].rule->category != PS_CATEGORY_SINK) /* a sink is not a finding */
			rc = write_finding(w, d, &matches[i]);
	return rc;
}

static int write_directive(void *context, const char *file, unsigned line,
                           unsigned column, unsigned end_line, const char *text)
{
	worker *w = context;
	put_u8(w->out, REC_DIRECTIVE);
	put_str(w->out, file);
	put_u32(w->out, line);
	put_u32(w->out, column);
	put_u32(w->out, end_line);
	put_str(w->out, text);
	return PS_OK;
}

/* Read the directives of the files this unit showed that no unit before
 * it did (in this worker). */
static int read_directives(worker *w, CXTranslationUnit tu, const psi_strings *seen)
{
	psi_strings *done = &w->read_files;
	for (size_t k = 0; k < seen->count; k++) {
		const char *file = seen->items[k];
		/* Binary search for the file, or where it goes to keep the order. */
		size_t lo = 0, hi = done->count;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (strcmp(done->items[mid], file) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < done->count && strcmp(done->items[lo], file) == 0)
			continue;
		if (psi_strings_add(done, file) < 0)
			return PS_ENOMEM;
		char *added = done->items[done->count - 1];
		memmove(&done->items[lo + 1], &done->items[lo],
		        (done->count - 1 - lo) * sizeof *done->items);
		done->items[lo] = added;
		int rc = psi_extract_directives(tu, file, write_directive, w);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}

/* ---- flows (in the worker) ---- */

static void put_source(FILE *out, const psi_flow_source *s)
{
	put_u32(out, s->ruleset);
	put_u32(out, s->rule);
	put_u32(out, s->term);
	put_u8(out, s->kind);
	put_u32(out, s->line);
	put_u32(out, s->column);
	put_str(out, s->name);
	put_str(out, s->file);
	put_str(out, s->scope);
}

static void put_steps(FILE *out, const ps_flow_step *steps, size_t count)
{
	put_u32(out, (uint32_t)count);
	for (size_t i = 0; i < count; i++) {
		put_str(out, steps[i].file);
		put_u32(out, steps[i].line);
		put_u32(out, steps[i].column);
		put_str(out, steps[i].message);
	}
}

static uint32_t flow_ruleset_for(void *context, const char *file)
{
	return ruleset_for(((worker *)context)->work, file);
}

static const ps_ruleset *flow_ruleset_at(void *context, uint32_t index)
{
	return ruleset_at(((worker *)context)->work, index);
}

static int write_flow(void *context, const psi_flow_sink *flow)
{
	worker *w = context;
	put_u8(w->out, REC_FLOW);
	put_source(w->out, flow->source);
	put_str(w->out, flow->sink_name);
	put_u8(w->out, flow->sink_kind);
	put_str(w->out, flow->sink_file);
	put_u32(w->out, flow->sink_line);
	put_steps(w->out, flow->steps, flow->step_count);
	return PS_OK;
}

static int write_summary(void *context, const psi_summary *summary)
{
	worker *w = context;
	put_u8(w->out, REC_SUMMARY);
	put_str(w->out, summary->usr);
	put_u32(w->out, summary->parameters);
	put_u32(w->out, (uint32_t)summary->origin_count);
	for (size_t i = 0; i < summary->origin_count; i++) {
		put_source(w->out, &summary->origins[i].source);
		put_steps(w->out, summary->origins[i].steps, summary->origins[i].step_count);
	}
	put_u32(w->out, (uint32_t)summary->sink_count);
	for (size_t i = 0; i < summary->sink_count; i++) {
		const psi_summary_sink *k = &summary->sinks[i];
		put_u32(w->out, k->parameter);
		put_str(w->out, k->sink_name);
		put_u8(w->out, k->sink_kind);
		put_str(w->out, k->sink_file);
		put_u32(w->out, k->sink_line);
		put_steps(w->out, k->steps, k->step_count);
	}
	return PS_OK;
}

static int write_call(void *context, const char *usr, int tainted_arguments)
{
	worker *w = context;
	put_u8(w->out, REC_CALL);
	put_str(w->out, usr);
	put_u8(w->out, tainted_arguments != 0);
	return PS_OK;
}

static int trace_unit(worker *w, CXTranslationUnit tu, const psi_unit *unit)
{
	psi_flow_callbacks callbacks = {w, flow_ruleset_for, flow_ruleset_at, write_flow,
	                               write_summary, write_call};
	return psi_trace_flows(tu, unit, w->work->project, w->work->summaries, &callbacks, NULL);
}

static void write_diagnostics(FILE *out, const psi_diags *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		const ps_diagnostic *d = &diags->items[i];
		put_u8(out, REC_DIAGNOSTIC);
		put_u8(out, d->severity);
		put_u32(out, d->line);
		put_u32(out, d->column);
		put_str(out, d->file);
		put_str(out, d->message);
	}
}

static int scan_unit(worker *w, CXIndex index, size_t i)
{
	const psi_unit *unit = &w->work->units[i];
	put_u8(w->out, REC_BEGIN);
	put_u64(w->out, i);
	fflush(w->out); /* so that the parent knows which unit a crash was in */

	psi_diags diags = {0};
	CXTranslationUnit tu;
	unsigned errors = 0;
	w->last_file = NULL; /* the previous unit's paths are freed */
	int rc = PS_OK;
	if (psi_parse(index, unit, w->work->resource_dir, &tu, &errors, &diags) == PSI_PARSED) {
		if (!w->work->flows_only) {
			psi_strings seen = {0}, declared = {0};
			w->declared = errors > 0 ? &declared : NULL;
			rc = psi_extract(tu, unit, w->work->project, on_declaration, w, &seen, NULL);
			w->declared = NULL;
			if (rc == PS_OK && errors > 0)
				rc = psi_extract_unparsed(tu, unit, w->work->project, &declared,
							  on_declaration, w, NULL);
			psi_strings_clear(&declared);
			if (rc == PS_OK)
				rc = read_directives(w, tu, &seen);
			for (size_t k = 0; k < seen.count; k++) {
				put_u8(w->out, REC_SEEN);
				put_str(w->out, seen.items[k]);
			}
			psi_strings_clear(&seen);
		}
		if (rc == PS_OK && w->work->trace_flows)
			rc = trace_unit(w, tu, unit);
		clang_disposeTranslationUnit(tu);
	}
	/* A later round of flows has reported the unit's diagnostics already. */
	if (!w->work->flows_only)
		write_diagnostics(w->out, &diags);
	psi_diags_clear(&diags);
	put_u8(w->out, REC_END);
	put_u64(w->out, i);
	put_u32(w->out, w->work->flows_only ? 0 : errors);
	return rc;
}

static void worker_main(const psi_work *work, atomic_size_t *next, FILE *out)
{
	worker w = {work, out, NULL, 0, {0}, NULL};
	CXIndex index = clang_createIndex(0, 0);
	int rc = PS_OK;
	for (;;) {
		size_t i = atomic_fetch_add(next, 1);
		if (i >= work->count)
			break;
		rc = scan_unit(&w, index, i);
		if (rc != PS_OK)
			break;
	}
	clang_disposeIndex(index);
	psi_strings_clear(&w.read_files);
	if (rc != PS_OK) {
		put_u8(out, REC_FAILURE);
		put_u32(out, (uint32_t)rc);
		put_str(out, "out of memory in a worker");
	}
	fflush(out);
}

/* ---- reading (in the caller) -------------------------------------------- */

typedef struct reader {
	FILE *in;
	int broken; /* the file ended inside a record: the worker died writing */
} reader;

static int get_bytes(reader *r, void *to, size_t n)
{
	if (r->broken || fread(to, 1, n, r->in) != n) {
		r->broken = 1;
		return -1;
	}
	return 0;
}

static uint32_t get_u32(reader *r) { uint32_t v = 0; get_bytes(r, &v, sizeof v); return v; }
static uint64_t get_u64(reader *r) { uint64_t v = 0; get_bytes(r, &v, sizeof v); return v; }
static unsigned get_u8(reader *r) { unsigned char v = 0; get_bytes(r, &v, 1); return v; }

/* Returns a new string, NULL for a NULL string; sets *bad on failure. */
static char *get_str(reader *r, int *bad)
{
	uint32_t n = get_u32(r);
	if (r->broken || n == UINT32_MAX)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s || get_bytes(r, s, n) < 0) {
		free(s);
		*bad = 1;
		return NULL;
	}
	s[n] = '\0';
	return s;
}

static int read_finding(reader *r, const psi_work *work, psi_harvest *h)
{
	psi_raw_finding f = {0};
	int bad = 0;
	uint32_t set = get_u32(r), rule = get_u32(r), term = get_u32(r);
	unsigned severity = get_u8(r);
	size_t set_count = work->project->configs ? work->project->configs->count : 0;
	const ps_ruleset *rules = set <= set_count ? ruleset_at(work, set) : NULL;
	f.f.kind = (ps_kind)get_u8(r);
	f.f.line = get_u32(r);
	f.f.column = get_u32(r);
	f.is_definition = (int)get_u8(r);
	f.f.name = get_str(r, &bad);
	f.f.file = get_str(r, &bad);
	f.f.scope = get_str(r, &bad);
	f.f.message = get_str(r, &bad);
	f.usr = get_str(r, &bad);
	f.f.context = get_str(r, &bad);
	if (r->broken || bad || !f.f.name || !f.f.file || !f.f.message || !f.usr || !rules ||
	    rule >= rules->rule_count || term >= psi_rule_source_count(rules->rules[rule]) ||
	    severity > PS_SEVERITY_ERROR ||
	    PSI_PUSH(h->findings, h->finding_count, h->finding_capacity) < 0) {
		psi_raw_finding_clear(&f);
		return r->broken ? 0 : -1;
	}
	f.f.rule = rules->rules[rule];
	f.f.term = psi_rule_source_text(f.f.rule, term);
	f.f.severity = (ps_severity)severity;
	h->findings[h->finding_count++] = f;
	return 0;
}

/* ---- flows (in the caller) ---- */

/* Returns 0, or -1 when a string could not be read (the file is broken, or
 * memory ran out: `*bad`). */
static int get_source(reader *r, psi_flow_source *s, int *bad)
{
	s->ruleset = get_u32(r);
	s->rule = get_u32(r);
	s->term = get_u32(r);
	s->kind = (ps_kind)get_u8(r);
	s->line = get_u32(r);
	s->column = get_u32(r);
	s->name = get_str(r, bad);
	s->file = get_str(r, bad);
	s->scope = get_str(r, bad);
	return r->broken || *bad || !s->name || !s->file || s->kind >= PS_KIND_COUNT ? -1 : 0;
}

static void source_clear(psi_flow_source *s)
{
	free(s->name);
	free(s->file);
	free(s->scope);
}

static int get_steps(reader *r, ps_flow_step **steps, size_t *count, int *bad)
{
	uint32_t n = get_u32(r);
	*count = 0;
	*steps = r->broken || n > 4096 ? NULL : calloc(n ? n : 1, sizeof **steps);
	if (!*steps)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		ps_flow_step *s = &(*steps)[i];
		s->file = get_str(r, bad);
		s->line = get_u32(r);
		s->column = get_u32(r);
		s->message = get_str(r, bad);
		(*count)++;
		if (r->broken || *bad || !s->file || !s->message)
			return -1;
	}
	return 0;
}

/* The rule, term and category of a source, or NULL when the record names
 * none (a corrupt file). */
static const ps_rule *source_rule(const psi_work *work, const psi_flow_source *s)
{
	size_t set_count = work->project->configs ? work->project->configs->count : 0;
	const ps_ruleset *rules = s->ruleset <= set_count ? ruleset_at(work, s->ruleset) : NULL;
	if (!rules || s->rule >= rules->rule_count ||
	    s->term >= psi_rule_source_count(rules->rules[s->rule]))
		return NULL;
	return rules->rules[s->rule];
}

static int read_flow(reader *r, const psi_work *work, psi_harvest *h)
{
	int bad = 0;
	psi_flow_source source = {0};
	ps_flow *flow = calloc(1, sizeof *flow);
	if (!flow)
		return -1;
	int failed = get_source(r, &source, &bad);
	flow->sink_name = get_str(r, &bad);
	flow->sink_kind = (ps_sink_kind)get_u8(r);
	flow->sink_file = get_str(r, &bad);
	flow->sink_line = get_u32(r);
	failed |= get_steps(r, &flow->steps, &flow->step_count, &bad);
	const ps_rule *rule = failed ? NULL : source_rule(work, &source);
	psi_raw_finding f = {0};
	if (rule && flow->sink_name && flow->sink_file && flow->sink_kind < PS_SINK_KIND_COUNT) {
		flow->source_rule = rule;
		flow->source_term = psi_rule_source_text(rule, source.term);
		f.f.rule = ps_builtin_rule(rule->category == PS_CATEGORY_PROXY ? PSI_BUILTIN_PROXY_FLOW
		                                                               : PSI_BUILTIN_PROTECTED_FLOW);
		f.f.term = flow->source_term;
		f.f.severity = f.f.rule->severity;
		f.f.kind = source.kind;
		f.f.line = source.line;
		f.f.column = source.column;
		f.f.name = source.name;
		f.f.file = source.file;
		f.f.scope = source.scope;
		source.name = source.file = source.scope = NULL;
		f.f.message = psi_sprintf("%s '%s', named for %s, feeds %s '%s'", psi_kind_noun(f.f.kind),
					  f.f.name, rule->subject, psi_sink_phrase(flow->sink_kind),
					  flow->sink_name);
		f.f.flow = flow;
		f.usr = psi_strdup("");
	} else {
		failed = 1;
	}
	source_clear(&source);
	if (failed || !f.f.message || !f.usr ||
	    PSI_PUSH(h->findings, h->finding_count, h->finding_capacity) < 0) {
		if (f.f.flow)
			psi_raw_finding_clear(&f);
		else
			psi_flow_free(flow);
		return r->broken ? 0 : -1;
	}
	h->findings[h->finding_count++] = f;
	return 0;
}

static int read_summary(reader *r, psi_harvest *h)
{
	int bad = 0;
	psi_summary s = {0};
	s.usr = get_str(r, &bad);
	s.parameters = get_u32(r);
	uint32_t n = get_u32(r);
	int failed = r->broken || bad || !s.usr || n > 4096;
	s.origins = failed ? NULL : calloc(n ? n : 1, sizeof *s.origins);
	failed |= !s.origins;
	for (uint32_t i = 0; !failed && i < n; i++) {
		psi_summary_origin *o = &s.origins[i];
		s.origin_count++;
		failed = get_source(r, &o->source, &bad) < 0 ||
		         get_steps(r, &o->steps, &o->step_count, &bad) < 0;
	}
	uint32_t m = failed ? 0 : get_u32(r);
	failed |= r->broken || m > 4096;
	s.sinks = failed ? NULL : calloc(m ? m : 1, sizeof *s.sinks);
	failed |= !s.sinks;
	for (uint32_t i = 0; !failed && i < m; i++) {
		psi_summary_sink *k = &s.sinks[i];
		s.sink_count++;
		k->parameter = get_u32(r);
		k->sink_name = get_str(r, &bad);
		k->sink_kind = (ps_sink_kind)get_u8(r);
		k->sink_file = get_str(r, &bad);
		k->sink_line = get_u32(r);
		failed = get_steps(r, &k->steps, &k->step_count, &bad) < 0 || !k->sink_name ||
		         !k->sink_file || k->sink_kind >= PS_SINK_KIND_COUNT;
	}
	int changed = 0;
	char *usr = s.usr ? psi_strdup(s.usr) : NULL;
	if (failed || !usr || psi_summaries_merge(&h->summaries, &s, &changed) != PS_OK) {
		psi_summary_clear(&s);
		free(usr);
		return r->broken ? 0 : -1;
	}
	int rc = 0;
	if (changed & PSI_SUMMARY_RETURNS)
		rc = psi_strings_add(&h->returns_changed, usr);
	if (rc == 0 && (changed & PSI_SUMMARY_SINKS))
		rc = psi_strings_add(&h->sinks_changed, usr);
	free(usr);
	return rc;
}

static int push_id(uint64_t **ids, size_t *count, size_t *capacity, uint64_t id)
{
	if (psi_grow((void **)ids, capacity, *count, sizeof **ids) < 0)
		return -1;
	(*ids)[(*count)++] = id;
	return 0;
}

/* Read one worker's file into `h`.  `*open_unit` receives the unit it began
 * and did not finish, or SIZE_MAX. */
static int read_worker(FILE *in, const psi_work *work, psi_harvest *h, size_t *open_unit,
                       ps_error *err)
{
	reader r = {in, 0};
	*open_unit = SIZE_MAX;
	int c;
	while (!r.broken && (c = fgetc(in)) != EOF) {
		int rc = 0, bad = 0;
		switch (c) {
		case REC_BEGIN:
			*open_unit = (size_t)get_u64(&r);
			break;
		case REC_END:
			get_u64(&r);
			if (get_u32(&r) > 0 && !r.broken)
				h->units_with_errors++;
			if (!r.broken)
				*open_unit = SIZE_MAX;
			break;
		case REC_FINDING:
			rc = read_finding(&r, work, h);
			break;
		case REC_DECL: {
			uint64_t id = get_u64(&r);
			rc = r.broken ? 0 : push_id(&h->decl_ids, &h->decl_count, &h->decl_capacity, id);
			break;
		}
		case REC_LITERAL: {
			uint64_t id = get_u64(&r);
			rc = r.broken ? 0 : push_id(&h->literal_ids, &h->literal_count,
			                            &h->literal_capacity, id);
			break;
		}
		case REC_SEEN: {
			char *path = get_str(&r, &bad);
			rc = path ? psi_strings_take(&h->seen_files, path) : 0;
			break;
		}
		case REC_DIRECTIVE: {
			psi_directive d = {0};
			d.file = get_str(&r, &bad);
			d.line = get_u32(&r);
			d.column = get_u32(&r);
			d.end_line = get_u32(&r);
			d.text = get_str(&r, &bad);
			if (!d.file || !d.text || PSI_PUSH(h->directives, h->directive_count,
							   h->directive_capacity) < 0) {
				free(d.file);
				free(d.text);
				rc = r.broken ? 0 : -1;
				break;
			}
			h->directives[h->directive_count++] = d;
			break;
		}
		case REC_FLOW:
			rc = read_flow(&r, work, h);
			break;
		case REC_SUMMARY:
			rc = read_summary(&r, h);
			break;
		case REC_CALL: {
			char *usr = get_str(&r, &bad);
			int tainted = (int)get_u8(&r);
			if (!usr || r.broken || *open_unit >= work->count)
				rc = usr && !r.broken ? -1 : 0;
			else if (PSI_PUSH(h->external_calls, h->external_call_count,
					  h->external_call_capacity) < 0)
				rc = -1;
			else
				h->external_calls[h->external_call_count++] =
					(struct psi_external_call){&work->units[*open_unit], usr, tainted};
			if (rc != 0 || r.broken)
				free(usr);
			break;
		}
		case REC_DIAGNOSTIC: {
			ps_severity severity = (ps_severity)get_u8(&r);
			unsigned line = get_u32(&r), column = get_u32(&r);
			char *file = get_str(&r, &bad), *message = get_str(&r, &bad);
			if (message)
				rc = psi_diags_add(&h->diags, severity, file, line, column, "%s", message);
			free(file);
			free(message);
			break;
		}
		case REC_FAILURE: {
			int code = (int)get_u32(&r);
			char *message = get_str(&r, &bad);
			rc = psi_fail(err, code ? code : PS_ENOMEM, "%s", message ? message : "a worker failed");
			free(message);
			return rc;
		}
		default:
			return psi_fail(err, PS_EIO, "a worker's results are corrupt");
		}
		if (rc != 0 || bad)
			return psi_fail(err, PS_ENOMEM, "out of memory reading a worker's results");
	}
	return PS_OK;
}

/* A worker leaves with _exit, skipping the exit handlers it inherited from
 * the caller.  In a sanitizer build that would skip LeakSanitizer too, and
 * most of the scanner runs in workers: check here, and fail the worker (so
 * the scan reports it) when anything leaked. */
static _Noreturn void worker_exit(void)
{
#if defined(__SANITIZE_ADDRESS__)
	if (__lsan_do_recoverable_leak_check() != 0)
		_exit(86);
#endif
	_exit(0);
}

static unsigned worker_count(unsigned jobs, size_t units)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = jobs ? jobs : (cores > 0 ? (size_t)cores : 1);
	if (n > units)
		n = units;
	return n ? (unsigned)n : 1;
}

static const char *describe_death(int status, char *buffer, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(buffer, size, "the worker died of signal %d", WTERMSIG(status));
	else
		snprintf(buffer, size, "the worker exited with status %d", WEXITSTATUS(status));
	return buffer;
}

int psi_run_workers(const psi_work *work, psi_harvest *harvest, ps_error *err)
{
	if (work->count == 0)
		return PS_OK;
	atomic_size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE,
	                           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (next == MAP_FAILED)
		return psi_fail(err, PS_ENOMEM, "cannot share memory with workers: %s",
				strerror(errno));
	atomic_init(next, 0);
	unsigned n = worker_count(work->jobs, work->count);
	pid_t pids[n];
	FILE *files[n];
	int rc = PS_OK;
	/* Rounds: when a worker dies, the units it had not taken are left to the
	 * others; a round ends when every worker has, and a new round starts
	 * only if units remain (every worker of the last one died). */
	while (rc == PS_OK && atomic_load(next) < work->count) {
		unsigned started = 0;
		/* No fflush(NULL): the host's streams are not ours, and a worker
		 * leaves with _exit, so the buffers it inherits are never written. */
		for (unsigned i = 0; i < n; i++) {
			files[i] = tmpfile();
			if (!files[i]) {
				rc = psi_fail(err, PS_EIO, "cannot create a temporary file: %s",
					      strerror(errno));
				break;
			}
			pids[i] = fork();
			if (pids[i] < 0) {
				fclose(files[i]);
				rc = psi_fail(err, PS_EIO, "cannot start a worker: %s", strerror(errno));
				break;
			}
			if (pids[i] == 0) {
				worker_main(work, next, files[i]);
				worker_exit();
			}
			started++;
		}
		for (unsigned i = 0; i < started; i++) {
			int status = 0;
			waitpid(pids[i], &status, 0);
			rewind(files[i]);
			size_t open_unit;
			int read_rc = read_worker(files[i], work, harvest, &open_unit, err);
			if (read_rc != PS_OK && rc == PS_OK)
				rc = read_rc;
			fclose(files[i]);
			char why[128];
			if (open_unit != SIZE_MAX)
				psi_diags_add(&harvest->diags, PS_SEVERITY_ERROR,
					      work->units[open_unit].file, 0, 0,
					      "not scanned completely: %s",
					      describe_death(status, why, sizeof why));
			else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				psi_diags_add(&harvest->diags, PS_SEVERITY_ERROR, NULL, 0, 0,
					      "a worker failed after finishing its units: %s",
					      describe_death(status, why, sizeof why));
		}
	}
	munmap(next, sizeof *next);
	return rc;
}

void psi_harvest_clear(psi_harvest *h)
{
	for (size_t i = 0; i < h->finding_count; i++)
		psi_raw_finding_clear(&h->findings[i]);
	free(h->findings);
	free(h->decl_ids);
	free(h->literal_ids);
	psi_strings_clear(&h->seen_files);
	for (size_t i = 0; i < h->directive_count; i++) {
		free(h->directives[i].file);
		free(h->directives[i].text);
	}
	free(h->directives);
	psi_diags_clear(&h->diags);
	psi_summaries_clear(&h->summaries);
	psi_strings_clear(&h->returns_changed);
	psi_strings_clear(&h->sinks_changed);
	for (size_t i = 0; i < h->external_call_count; i++)
		free(h->external_calls[i].usr);
	free(h->external_calls);
	memset(h, 0, sizeof *h);
}
