/*
 * The records of a worker's results file: written by the worker as it
 * scans, read back by the calling process once the worker has exited.  A
 * record is a type byte and its fields (run/encoding.h).
 */
#include <stdlib.h>
#include <string.h>

#include "run/encoding.h"

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
	REC_CALL = 'K',       /* str usr, u8 CALL_ bits: a function defined
	                         elsewhere is called */
	REC_USE = 'U',        /* str usr, str file, u32 line, column, str function:
	                         a flagged declaration is used */
	REC_SINK = 'T',       /* str name, u8 ps_kind, str file, u32 line, column,
	                         str scope, str usr, u8 definition: a sink is declared */
	REC_UNTRACED = 'N'    /* u64 n, n x u64, u64 m, m x u64: the hashes of the
	                         functions an untraced unit defines and calls */
};

/* What a REC_CALL's caller passed: a flagged value, a parameter of its own. */
enum { CALL_TAINTED = 1, CALL_PARAMETER = 2 };

/* ---- writing (in the worker) -------------------------------------------- */

const ps_ruleset *psi_work_ruleset(const psi_work *work, uint32_t index)
{
	return index == 0 ? work->rules : work->project->configs->entries[index - 1].rules;
}

int psi_record_begin(psi_record_out *o, size_t unit)
{
	put_u8(o, REC_BEGIN);
	put_u64(o, unit);
	flush(o); /* so that the parent knows which unit a crash was in */
	return written(o);
}

int psi_record_end(psi_record_out *o, size_t unit, unsigned compiler_errors)
{
	put_u8(o, REC_END);
	put_u64(o, unit);
	put_u32(o, compiler_errors);
	flush(o); /* so that a failed write is the unit's */
	return written(o);
}

int psi_record_declaration(psi_record_out *o, int is_literal, uint64_t identity)
{
	put_u8(o, is_literal ? REC_LITERAL : REC_DECL);
	put_u64(o, identity);
	return written(o);
}

int psi_record_finding(psi_record_out *o, const psi_finding_record *f)
{
	put_u8(o, REC_FINDING);
	put_u32(o, f->ruleset);
	put_u32(o, f->rule);
	put_u32(o, f->source);
	put_u8(o, f->severity);
	put_u8(o, f->kind);
	put_u32(o, f->line);
	put_u32(o, f->column);
	put_u8(o, f->is_definition != 0);
	put_str(o, f->name);
	put_str(o, f->file);
	put_str(o, f->scope);
	put_str(o, f->message);
	put_str(o, f->usr);
	put_str(o, f->context);
	return written(o);
}

int psi_record_seen(psi_record_out *o, const char *path)
{
	put_u8(o, REC_SEEN);
	put_str(o, path);
	return written(o);
}

int psi_record_directive(psi_record_out *o, const char *file, unsigned line,
                         unsigned column, unsigned end_line, const char *text)
{
	put_u8(o, REC_DIRECTIVE);
	put_str(o, file);
	put_u32(o, line);
	put_u32(o, column);
	put_u32(o, end_line);
	put_str(o, text);
	return written(o);
}

int psi_record_diagnostics(psi_record_out *o, const psi_diags *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		const ps_diagnostic *d = &diags->items[i];
		put_u8(o, REC_DIAGNOSTIC);
		put_u8(o, d->severity);
		put_u32(o, d->line);
		put_u32(o, d->column);
		put_str(o, d->file);
		put_str(o, d->message);
	}
	return written(o);
}

static void put_source(psi_record_out *o, const psi_flow_source *s)
{
	put_u32(o, s->ruleset);
	put_u32(o, s->rule);
	put_u32(o, s->term);
	put_u8(o, s->kind);
	put_u32(o, s->line);
	put_u32(o, s->column);
	put_str(o, s->name);
	put_str(o, s->file);
	put_str(o, s->scope);
	put_str(o, s->usr);
	put_str(o, s->decl_file);
	put_u32(o, s->decl_line);
}

static void put_steps(psi_record_out *o, const ps_flow_step *steps, size_t count)
{
	put_u32(o, (uint32_t)count);
	for (size_t i = 0; i < count; i++) {
		put_str(o, steps[i].file);
		put_u32(o, steps[i].line);
		put_u32(o, steps[i].column);
		put_str(o, steps[i].message);
		put_str(o, steps[i].function);
	}
}

int psi_record_flow(psi_record_out *o, const psi_flow_sink *flow)
{
	put_u8(o, REC_FLOW);
	put_source(o, flow->source);
	put_str(o, flow->sink_name);
	put_u8(o, flow->sink_kind);
	put_str(o, flow->sink_file);
	put_u32(o, flow->sink_line);
	put_steps(o, flow->steps, flow->step_count);
	return written(o);
}

int psi_record_summary(psi_record_out *o, const psi_summary *summary)
{
	put_u8(o, REC_SUMMARY);
	put_str(o, summary->usr);
	put_u32(o, summary->parameters);
	put_u32(o, (uint32_t)summary->origin_count);
	for (size_t i = 0; i < summary->origin_count; i++) {
		put_source(o, &summary->origins[i].source);
		put_steps(o, summary->origins[i].steps, summary->origins[i].step_count);
	}
	put_u32(o, (uint32_t)summary->sink_count);
	for (size_t i = 0; i < summary->sink_count; i++) {
		const psi_summary_sink *k = &summary->sinks[i];
		put_u32(o, k->parameter);
		put_str(o, k->sink_name);
		put_u8(o, k->sink_kind);
		put_str(o, k->sink_file);
		put_u32(o, k->sink_line);
		put_steps(o, k->steps, k->step_count);
	}
	return written(o);
}

int psi_record_call(psi_record_out *o, const char *usr, int tainted_arguments,
                    int parameter_arguments)
{
	put_u8(o, REC_CALL);
	put_str(o, usr);
	put_u8(o, (tainted_arguments ? CALL_TAINTED : 0) | (parameter_arguments ? CALL_PARAMETER : 0));
	return written(o);
}

int psi_record_use(psi_record_out *o, const psi_flow_use *use)
{
	put_u8(o, REC_USE);
	put_str(o, use->usr);
	put_str(o, use->file);
	put_u32(o, use->line);
	put_u32(o, use->column);
	put_str(o, use->function);
	return written(o);
}

int psi_record_sink(psi_record_out *o, const psi_decl *d)
{
	put_u8(o, REC_SINK);
	put_str(o, d->name);
	put_u8(o, d->kind);
	put_str(o, d->file);
	put_u32(o, d->line);
	put_u32(o, d->column);
	put_str(o, d->scope);
	put_str(o, d->usr ? d->usr : "");
	put_u8(o, d->is_definition != 0);
	return written(o);
}

int psi_record_untraced(psi_record_out *o, const psi_hashes *defined, const psi_hashes *called)
{
	const psi_hashes *sets[] = {defined, called};
	put_u8(o, REC_UNTRACED);
	for (int i = 0; i < 2; i++) {
		put_u64(o, sets[i]->count);
		put_bytes(o, sets[i]->items, sets[i]->count * sizeof *sets[i]->items);
	}
	return written(o);
}

/* ---- reading (in the caller) -------------------------------------------- */

static int read_finding(reader *r, const psi_work *work, psi_harvest *h)
{
	psi_raw_finding f = {0};
	int bad = 0;
	uint32_t set = get_u32(r), rule = get_u32(r), term = get_u32(r);
	unsigned severity = get_u8(r);
	size_t set_count = work->project->configs ? work->project->configs->count : 0;
	const ps_ruleset *rules = set <= set_count ? psi_work_ruleset(work, set) : NULL;
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
	s->usr = get_str(r, bad);
	s->decl_file = get_str(r, bad);
	s->decl_line = get_u32(r);
	return r->broken || *bad || !s->name || !s->file || !s->usr || s->kind >= PS_KIND_COUNT
	           ? -1 : 0;
}

static void source_clear(psi_flow_source *s)
{
	free(s->name);
	free(s->file);
	free(s->scope);
	free(s->usr);
	free(s->decl_file);
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
		s->function = get_str(r, bad);
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
	const ps_ruleset *rules = s->ruleset <= set_count ? psi_work_ruleset(work, s->ruleset) : NULL;
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
		f.source_usr = source.usr;
		flow->source_file = source.decl_file;
		flow->source_line = source.decl_line;
		source.name = source.file = source.scope = source.usr = source.decl_file = NULL;
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

static int read_directive(reader *r, psi_harvest *h, int *bad)
{
	psi_directive d = {0};
	d.file = get_str(r, bad);
	d.line = get_u32(r);
	d.column = get_u32(r);
	d.end_line = get_u32(r);
	d.text = get_str(r, bad);
	if (!d.file || !d.text || PSI_PUSH(h->directives, h->directive_count,
	                                   h->directive_capacity) < 0) {
		free(d.file);
		free(d.text);
		return r->broken ? 0 : -1;
	}
	h->directives[h->directive_count++] = d;
	return 0;
}

/* A call is the open unit's: it is traced again when the callee's summary
 * grows. */
static int read_call(reader *r, const psi_work *work, psi_harvest *h, size_t open_unit,
                     int *bad)
{
	char *usr = get_str(r, bad);
	unsigned arguments = get_u8(r);
	int rc = 0;
	if (!usr || r->broken || open_unit >= work->count)
		rc = usr && !r->broken ? -1 : 0;
	else if (PSI_PUSH(h->external_calls, h->external_call_count,
	                  h->external_call_capacity) < 0)
		rc = -1;
	else
		h->external_calls[h->external_call_count++] =
			(struct psi_external_call){&work->units[open_unit], usr,
			                           (arguments & CALL_TAINTED) != 0,
			                           (arguments & CALL_PARAMETER) != 0};
	if (rc != 0 || r->broken)
		free(usr);
	return rc;
}

/* A use names a declaration and a place in a file, or the file is
 * corrupt: returns 0, -1 when memory ran out (or `*bad`), -2 when corrupt. */
static int read_use(reader *r, psi_harvest *h, int *bad)
{
	char *usr = get_str(r, bad);
	ps_use use = {get_str(r, bad), 0, 0, NULL};
	use.line = get_u32(r);
	use.column = get_u32(r);
	use.function = get_str(r, bad);
	int rc = 0;
	if (r->broken || *bad)
		psi_use_clear(&use);
	else if (!usr || !usr[0] || !use.file || use.line == 0) {
		psi_use_clear(&use);
		rc = -2;
	} else {
		rc = psi_uses_add(&h->uses, usr, &use);
	}
	free(usr);
	return rc;
}

static int sink_kind_of(unsigned kind, ps_sink_kind *out)
{
	switch (kind) {
	case PS_KIND_VARIABLE: *out = PS_SINK_VARIABLE; return 0;
	case PS_KIND_FIELD: *out = PS_SINK_FIELD; return 0;
	case PS_KIND_FUNCTION: *out = PS_SINK_RETURN; return 0;
	default: return -1;
	}
}

static int read_sink(reader *r, psi_harvest *h, int *bad)
{
	ps_sink sink = {get_str(r, bad), 0, NULL, 0, 0, NULL, "", 0};
	unsigned kind = get_u8(r);
	sink.file = get_str(r, bad);
	sink.line = get_u32(r);
	sink.column = get_u32(r);
	sink.scope = get_str(r, bad);
	char *usr = get_str(r, bad);
	sink.is_definition = (int)get_u8(r);
	int rc = 0;
	if (r->broken || *bad)
		rc = 1;
	else if (!sink.name || !sink.file || !usr || sink.line == 0 ||
	         sink_kind_of(kind, &sink.kind) < 0)
		rc = -2;
	else if (PSI_PUSH(h->sinks, h->sink_count, h->sink_capacity) < 0)
		rc = -1;
	if (rc == 0 && usr[0])
		psi_entity_of(usr, sink.entity);
	free(usr);
	if (rc != 0) {
		psi_sink_clear(&sink);
		return rc > 0 ? 0 : rc;
	}
	h->sinks[h->sink_count++] = sink;
	if (h->sink_count >= 2 * h->settled_sinks + 1024) {
		psi_sinks_settle(h->sinks, &h->sink_count);
		h->settled_sinks = h->sink_count;
	}
	return 0;
}

static int read_diagnostic(reader *r, psi_harvest *h, int *bad)
{
	ps_severity severity = (ps_severity)get_u8(r);
	unsigned line = get_u32(r), column = get_u32(r);
	char *file = get_str(r, bad), *message = get_str(r, bad);
	int rc = 0;
	if (message)
		rc = psi_diags_add(&h->diags, severity, file, line, column, "%s", message);
	if (rc == 0 && message && severity == PS_SEVERITY_NOTE && !h->first_error.message) {
		h->first_error = (ps_diagnostic){severity, file, line, column, message};
		return 0;
	}
	free(file);
	free(message);
	return rc;
}

static int read_seen(reader *r, psi_harvest *h, int *bad)
{
	char *path = get_str(r, bad);
	return path ? psi_strings_take(&h->seen_files, path) : 0;
}

static void forget_first_error(psi_harvest *h)
{
	free(h->first_error.file);
	free(h->first_error.message);
	memset(&h->first_error, 0, sizeof h->first_error);
}

/* One at a time: a corrupt count meets the file's end, not a huge malloc. */
static int get_hashes(reader *r, psi_hashes *set)
{
	uint64_t n = get_u64(r);
	for (uint64_t i = 0; i < n && !r->broken; i++) {
		uint64_t hash = get_u64(r);
		if (!r->broken && psi_hashes_add(set, hash) < 0)
			return -1;
	}
	return 0;
}

static int read_untraced(reader *r, const psi_work *work, psi_harvest *h, size_t open_unit)
{
	struct psi_untraced_unit u = {0};
	int rc = get_hashes(r, &u.defined) < 0 || get_hashes(r, &u.called) < 0 ? -1 : 0;
	if (rc == 0 && !r->broken && open_unit >= work->count)
		rc = -2;
	else if (rc == 0 && !r->broken &&
	         PSI_PUSH(h->untraced, h->untraced_count, h->untraced_capacity) < 0)
		rc = -1;
	if (rc == 0 && !r->broken) {
		u.unit = &work->units[open_unit];
		h->untraced[h->untraced_count++] = u;
		return 0;
	}
	psi_hashes_clear(&u.defined);
	psi_hashes_clear(&u.called);
	return rc;
}

/* A unit with errors in its first round: counted, and kept with its first
 * error for the report's coverage. */
static int read_unit_end(reader *r, const psi_work *work, psi_harvest *h, size_t *open_unit)
{
	get_u64(r);
	uint32_t errors = get_u32(r);
	int rc = 0;
	if (errors > 0 && !r->broken)
		h->units_with_errors++;
	if (errors > 0 && !r->broken && !work->flows_only && *open_unit < work->count) {
		char *unit = psi_strdup(work->units[*open_unit].file);
		if (!unit || PSI_PUSH(h->outcomes, h->outcome_count, h->outcome_capacity) < 0) {
			free(unit);
			rc = -1;
		} else {
			h->outcomes[h->outcome_count++] = (struct psi_unit_outcome){unit, errors,
			                                                              h->first_error};
			memset(&h->first_error, 0, sizeof h->first_error);
		}
	}
	forget_first_error(h);
	if (!r->broken)
		*open_unit = SIZE_MAX;
	return rc;
}

/* The records that add to the harvest: returns 0, or -1 when memory ran
 * out (or `*bad`). */
static int read_result(reader *r, int type, const psi_work *work, psi_harvest *h,
                       size_t open_unit, int *bad)
{
	uint64_t id;
	switch (type) {
	case REC_FINDING:
		return read_finding(r, work, h);
	case REC_DECL:
		id = get_u64(r);
		return r->broken ? 0 : push_id(&h->decl_ids, &h->decl_count, &h->decl_capacity, id);
	case REC_LITERAL:
		id = get_u64(r);
		return r->broken ? 0 : push_id(&h->literal_ids, &h->literal_count,
		                               &h->literal_capacity, id);
	case REC_SEEN:
		return read_seen(r, h, bad);
	case REC_DIRECTIVE:
		return read_directive(r, h, bad);
	case REC_FLOW:
		return read_flow(r, work, h);
	case REC_SUMMARY:
		return read_summary(r, h);
	case REC_CALL:
		return read_call(r, work, h, open_unit, bad);
	case REC_USE:
		return read_use(r, h, bad);
	case REC_SINK:
		return read_sink(r, h, bad);
	case REC_UNTRACED:
		return read_untraced(r, work, h, open_unit);
	default: /* REC_DIAGNOSTIC */
		return read_diagnostic(r, h, bad);
	}
}

int psi_read_worker(FILE *in, const psi_work *work, psi_harvest *h, size_t *open_unit,
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
			forget_first_error(h);
			break;
		case REC_END:
			rc = read_unit_end(&r, work, h, open_unit);
			break;
		case REC_FINDING: case REC_DECL: case REC_LITERAL: case REC_SEEN:
		case REC_DIRECTIVE: case REC_FLOW: case REC_SUMMARY: case REC_CALL:
		case REC_USE: case REC_SINK: case REC_DIAGNOSTIC: case REC_UNTRACED:
			rc = read_result(&r, c, work, h, *open_unit, &bad);
			break;
		default:
			rc = -2;
		}
		if (rc == -2)
			return psi_fail(err, PS_EIO, "a worker's results are corrupt");
		if (rc != 0 || bad)
			return psi_fail(err, PS_ENOMEM, "out of memory reading a worker's results");
	}
	return PS_OK;
}

void psi_harvest_clear(psi_harvest *h)
{
	for (size_t i = 0; i < h->finding_count; i++)
		psi_raw_finding_clear(&h->findings[i]);
	free(h->findings);
	for (size_t i = 0; i < h->outcome_count; i++) {
		free(h->outcomes[i].unit);
		free(h->outcomes[i].first.file);
		free(h->outcomes[i].first.message);
	}
	free(h->outcomes);
	forget_first_error(h);
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
	psi_uses_clear(&h->uses);
	psi_sinks_free(h->sinks, h->sink_count);
	for (size_t i = 0; i < h->untraced_count; i++) {
		psi_hashes_clear(&h->untraced[i].defined);
		psi_hashes_clear(&h->untraced[i].called);
	}
	free(h->untraced);
	memset(h, 0, sizeof *h);
}
