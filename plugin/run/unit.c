/*
 * One worker's job: parse each unit it takes, extract and classify its
 * declarations, read its directives, trace its flows, and write all of it
 * as records (records.c).
 *
 * Workers take units from a counter in shared memory, so a slow unit does not
 * hold up the others.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/worker.h"


typedef struct worker {
	const psi_work *work;
	psi_record_out out;
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
	/* Whether a declaration of the unit is flagged, and the functions it
	 * defines and calls, for a unit that is not traced if none is. */
	int flagged;
	psi_hashes defined_functions, called_functions;
	ps_error err;           /* why the unit being scanned failed */
} worker;

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
	int rc = PS_ENOMEM;
	if (name && message) {
		psi_finding_record f = {
			w->last_ruleset,
			rule_index(psi_work_ruleset(w->work, w->last_ruleset), m->rule),
			psi_match_source_index(m->rule, m->term, m->combination),
			m->severity, d->kind, line, column, d->is_definition, name, d->file,
			d->scope, message, d->usr,
			m->evidence == PS_EVIDENCE_CONTEXT ? m->context : NULL};
		rc = psi_record_finding(&w->out, &f);
	}
	free(name);
	free(message);
	return rc;
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

/* Is `d` a sink's declaration: a variable, a field, or a function whose
 * value is a result?  A constructor's, a destructor's or a deduction
 * guide's name is its class's (RiskScore(), ~RiskScore(),
 * priority_queue<_Tp>), and none returns a score. */
static int declares_sink(const psi_decl *d)
{
	if (d->kind == PS_KIND_VARIABLE || d->kind == PS_KIND_FIELD)
		return 1;
	if (d->kind != PS_KIND_FUNCTION || d->name[0] == '~' || strchr(d->name, '<'))
		return 0;
	const char *colon = d->scope ? strrchr(d->scope, ':') : NULL;
	const char *class_name = colon ? colon + 1 : d->scope;
	return !class_name || strcmp(class_name, d->name) != 0;
}

/* A function's name, kept for a unit that may not be traced: a flow can
 * reach it only through a function it defines or calls. */
static int note_definition(worker *w, const psi_decl *d)
{
	uint64_t hash = psi_plain_name_hash(d->name, strlen(d->name));
	return hash && psi_hashes_add(&w->defined_functions, hash) < 0 ? PS_ENOMEM : PS_OK;
}

static int on_declaration(void *context, const psi_decl *d)
{
	worker *w = context;
	if (d->file != w->last_file) {
		w->last_file = d->file;
		w->last_ruleset = ruleset_for(w->work, d->file);
	}
	if (d->kind == PS_KIND_FUNCTION && d->is_definition && w->work->defer_unflagged &&
	    note_definition(w, d) != PS_OK)
		return PS_ENOMEM;
	if (w->last_ruleset == NOT_SCANNED)
		return PS_OK;
	if (w->declared && d->kind != PS_KIND_STRING_LITERAL && d->kind != PS_KIND_IDENTIFIER &&
	    psi_strings_add(w->declared, d->name) < 0)
		return PS_ENOMEM;
	/* Names read from tokens are not declarations: the statistics count
	 * what libclang declared. */
	int rc = PS_OK;
	if (d->kind != PS_KIND_IDENTIFIER)
		rc = psi_record_declaration(&w->out, d->kind == PS_KIND_STRING_LITERAL, d->identity);
	psi_verdict verdict;
	if (rc == PS_OK)
		rc = psi_classify_decl(psi_work_ruleset(w->work, w->last_ruleset), d, &verdict,
		                       &w->err);
	if (rc == PS_OK && verdict.finding_count > 0)
		w->flagged = 1;
	for (size_t i = 0; rc == PS_OK && i < verdict.finding_count; i++)
		rc = write_finding(w, d, &verdict.findings[i]);

	if (rc == PS_OK && verdict.sink && declares_sink(d))
		rc = psi_record_sink(&w->out, d);
	return rc;
}

static int write_directive(void *context, const char *file, unsigned line,
                           unsigned column, unsigned end_line, const char *text)
{
	worker *w = context;
	return psi_record_directive(&w->out, file, line, column, end_line, text);
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

/* ---- flows ---- */

static uint32_t flow_ruleset_for(void *context, const char *file)
{
	return ruleset_for(((worker *)context)->work, file);
}

static const ps_ruleset *flow_ruleset_at(void *context, uint32_t index)
{
	return psi_work_ruleset(((worker *)context)->work, index);
}

static int write_flow(void *context, const psi_flow_sink *flow)
{
	return psi_record_flow(&((worker *)context)->out, flow);
}

static int write_summary(void *context, const psi_summary *summary)
{
	return psi_record_summary(&((worker *)context)->out, summary);
}

static int write_call(void *context, const char *usr, int tainted_arguments,
                      int parameter_arguments)
{
	return psi_record_call(&((worker *)context)->out, usr, tainted_arguments,
	                       parameter_arguments);
}

static int write_use(void *context, const psi_flow_use *use)
{
	return psi_record_use(&((worker *)context)->out, use);
}

static int trace_unit(worker *w, CXTranslationUnit tu, const psi_unit *unit)
{
	/* A later round traces units again whose uses the first one listed. */
	psi_flow_callbacks callbacks = {w, flow_ruleset_for, flow_ruleset_at, write_flow,
	                               write_summary, write_call,
	                               w->work->flows_only ? NULL : write_use};
	return psi_trace_flows(tu, unit, w->work->project, w->work->summaries, &callbacks,
	                       &w->err);
}

/* A unit of a first round that has no flagged declaration and no compiler
 * error is not traced: only what it defines and declares is written, and
 * scan/untraced.c has it traced when a flow reaches it.  One with errors
 * is traced, since what it calls may be a declaration libclang lost. */
static int trace_or_defer(worker *w, CXTranslationUnit tu, const psi_unit *unit,
                          unsigned errors)
{
	if (w->work->defer_unflagged && !w->flagged && errors == 0) {
		psi_hashes_sort_unique(&w->defined_functions);
		psi_hashes_sort_unique(&w->called_functions);
		return psi_record_untraced(&w->out, &w->defined_functions, &w->called_functions);
	}
	return trace_unit(w, tu, unit);
}

/* ---- one unit ---- */

/* Its declarations, names libclang lost, directives and the files it
 * showed. */
static int extract_unit(worker *w, CXTranslationUnit tu, const psi_unit *unit,
                        unsigned errors)
{
	psi_strings seen = {0}, declared = {0};
	w->declared = errors > 0 ? &declared : NULL;
	psi_hashes *calls = w->work->defer_unflagged ? &w->called_functions : NULL;
	int rc = psi_extract(tu, unit, w->work->project, on_declaration, w, &seen, calls,
	                     &w->err);
	w->declared = NULL;
	if (rc == PS_OK && errors > 0)
		rc = psi_extract_unparsed(tu, unit, w->work->project, &declared,
		                          on_declaration, w, &w->err);
	psi_strings_clear(&declared);
	if (rc == PS_OK)
		rc = read_directives(w, tu, &seen);
	int written = PS_OK;
	for (size_t k = 0; written == PS_OK && k < seen.count; k++)
		written = psi_record_seen(&w->out, seen.items[k]);
	psi_strings_clear(&seen);
	return rc != PS_OK ? rc : written;
}

/* Why `unit` failed, for the caller to report: the file it is, and what
 * failed (a write that failed comes first, it cut the records short). */
static void describe_failure(worker *w, const psi_unit *unit, int rc, ps_error *failure)
{
	if (w->out.error)
		psi_fail(&w->err, PS_EIO, "cannot write the scan's results to a temporary file: %s",
		         strerror(w->out.error));
	else if (w->err.message[0] == '\0')
		psi_fail(&w->err, rc, "%s", rc == PS_ENOMEM ? "out of memory" : "the scan failed");
	psi_fail(failure, w->out.error ? PS_EIO : rc, "%s: %s", unit->file, w->err.message);
}

static int scan_unit(worker *w, CXIndex index, size_t i, ps_error *failure)
{
	const psi_unit *unit = &w->work->units[i];
	int rc = psi_record_begin(&w->out, i);
	psi_diags diags = {0};
	CXTranslationUnit tu;
	unsigned errors = 0;
	w->last_file = NULL; /* the previous unit's paths are freed */
	w->err.message[0] = '\0';
	w->flagged = 0;
	w->defined_functions.count = w->called_functions.count = 0;
	if (rc == PS_OK &&
	    psi_parse(index, unit, w->work->resource_dir, &tu, &errors, &diags) == PSI_PARSED) {
		if (!w->work->flows_only)
			rc = extract_unit(w, tu, unit, errors);
		if (rc == PS_OK && w->work->trace_flows)
			rc = trace_or_defer(w, tu, unit, errors);
		clang_disposeTranslationUnit(tu);
	}
	/* A later round of flows has reported the unit's diagnostics already. */
	int written = w->work->flows_only ? PS_OK : psi_record_diagnostics(&w->out, &diags);
	psi_diags_clear(&diags);
	if (written == PS_OK)
		written = psi_record_end(&w->out, i, w->work->flows_only ? 0 : errors);
	if (rc == PS_OK)
		rc = written;
	if (rc != PS_OK)
		describe_failure(w, unit, rc, failure);
	return rc;
}

void psi_worker_main(const psi_work *work, atomic_size_t *next, FILE *out, ps_error *failure)
{
	worker w = {work, {out, 0}, NULL, 0, {0}, NULL, 0, {0}, {0}, {0}};
	CXIndex index = clang_createIndex(0, 0);
	for (;;) {
		size_t i = atomic_fetch_add(next, 1);
		if (i >= work->count)
			break;
		/* SIGALRM, left at its default, ends the worker if the unit hangs
		 * (a FIFO it includes) or takes too long; the caller reports it. */
		alarm(work->unit_timeout);
		int rc = scan_unit(&w, index, i, failure);
		alarm(0);
		if (rc != PS_OK)
			break;
	}
	clang_disposeIndex(index);
	psi_strings_clear(&w.read_files);
	psi_hashes_clear(&w.defined_functions);
	psi_hashes_clear(&w.called_functions);
}
