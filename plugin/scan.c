/*
 * The scan driver: runs parse -> extract -> classify on worker threads, then
 * merges what the workers found into one sorted, de-duplicated result.
 *
 * A libclang translation unit is not thread-safe, so each worker owns its
 * own CXIndex and parses one unit at a time.  Workers share nothing but a
 * counter of the next unit to take; everything they find is merged after
 * they finish and sorted, which is why the output does not depend on the
 * number of workers or on which worker parsed what.
 */
#define _GNU_SOURCE /* qsort_r */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"
#include "profilescan/classify.h"

#define MAX_MATCHES_PER_NAME 16

typedef struct raw_finding {
	ps_finding f;      /* file is absolute until the merge */
	char *usr;
	int is_definition;
} raw_finding;

typedef struct phase {
	const ps_unit *units;
	size_t count;
	atomic_size_t next;
} phase;

typedef struct shared_state {
	const ps_scan_options *options;
	const ps_plan *plan;
	const char *resource_dir;
	phase *phase;
} shared_state;

typedef struct worker {
	shared_state *shared;
	const ps_unit *unit;   /* being scanned */
	raw_finding *findings;
	size_t finding_count, finding_capacity;
	uint64_t *decl_ids, *literal_ids;
	size_t decl_count, decl_capacity, literal_count, literal_capacity;
	ps_strings seen_files;
	ps_diags diags;
	size_t units_with_errors;
	int status;
	ps_error err;
} worker;

static const char *kind_noun(ps_kind kind)
{
	static const char *const nouns[PS_KIND_COUNT] = {
		"variable", "field", "parameter", "function", "type",
		"enum constant", "macro", "namespace", "string literal"};
	return nouns[kind];
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

static int record_match(worker *w, const ps_decl *d, const ps_match *m)
{
	if (PS_PUSH(w->findings, w->finding_count, w->finding_capacity) < 0)
		return ps_fail(&w->err, PS_ENOMEM, "out of memory");
	raw_finding *r = &w->findings[w->finding_count];
	memset(r, 0, sizeof *r);
	r->f.rule = m->rule;
	r->f.term = m->term->text;
	r->f.severity = m->rule->severity;
	r->f.kind = d->kind;
	r->f.line = d->line;
	r->f.column = d->column;
	if (d->kind == PS_KIND_STRING_LITERAL) {
		advance(d->name, m->offset, &r->f.line, &r->f.column);
		r->f.name = ps_strndup(d->name + m->offset, m->length);
		r->f.message = ps_sprintf("string literal mentions '%.*s', a word for %s",
		                         (int)m->length, d->name + m->offset, m->rule->subject);
	} else {
		r->f.name = ps_strdup(d->name);
		r->f.message = ps_sprintf("%s '%s' is named for %s", kind_noun(d->kind),
		                         d->name, m->rule->subject);
	}
	r->f.file = ps_strdup(d->file);
	r->f.scope = d->scope ? ps_strdup(d->scope) : NULL;
	r->usr = ps_strdup(d->usr);
	r->is_definition = d->is_definition;
	w->finding_count++;
	if (!r->f.name || !r->f.message || !r->f.file || !r->usr || (d->scope && !r->f.scope))
		return ps_fail(&w->err, PS_ENOMEM, "out of memory");
	return PS_OK;
}

static int on_declaration(void *context, const ps_decl *d)
{
	worker *w = context;
	int literal = d->kind == PS_KIND_STRING_LITERAL;
	uint64_t **ids = literal ? &w->literal_ids : &w->decl_ids;
	size_t *count = literal ? &w->literal_count : &w->decl_count;
	size_t *capacity = literal ? &w->literal_capacity : &w->decl_capacity;
	if (ps_grow((void **)ids, capacity, *count, sizeof **ids) < 0)
		return ps_fail(&w->err, PS_ENOMEM, "out of memory");
	(*ids)[(*count)++] = d->identity;

	ps_match matches[MAX_MATCHES_PER_NAME];
	size_t n;
	int rc = ps_classify(w->shared->options->rules, d->name, d->kind, matches,
	                     MAX_MATCHES_PER_NAME, &n, &w->err);
	for (size_t i = 0; rc == PS_OK && i < n; i++)
		rc = record_match(w, d, &matches[i]);
	return rc;
}

static void scan_unit(worker *w, const ps_unit *unit, CXIndex index)
{
	CXTranslationUnit tu;
	unsigned errors;
	if (ps_parse(index, unit, w->shared->resource_dir, &tu, &errors, &w->diags) ==
	    PS_PARSE_FAILED) {
		return;
	}
	if (errors)
		w->units_with_errors++;
	w->unit = unit;
	w->status = ps_extract(tu, unit, &w->shared->plan->project, on_declaration, w,
	                       &w->seen_files, &w->err);
	clang_disposeTranslationUnit(tu);
}

static void *run_worker(void *argument)
{
	worker *w = argument;
	CXIndex index = clang_createIndex(0, 0);
	phase *ph = w->shared->phase;
	for (;;) {
		size_t i = atomic_fetch_add(&ph->next, 1);
		if (i >= ph->count || w->status != PS_OK)
			break;
		scan_unit(w, &ph->units[i], index);
	}
	clang_disposeIndex(index);
	return NULL;
}

static unsigned worker_count(const ps_scan_options *options, size_t units)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = options->jobs ? options->jobs : (cores > 0 ? (size_t)cores : 1);
	if (n > units)
		n = units;
	return n ? (unsigned)n : 1;
}

static int run_phase(shared_state *shared, const ps_unit *units, size_t count,
                     worker *workers, unsigned n, ps_error *err)
{
	phase ph = {units, count, 0};
	shared->phase = &ph;
	pthread_t threads[n];
	unsigned started = 0;
	/* The main thread is worker 0, so -j 1 needs no thread at all. */
	for (unsigned i = 1; i < n; i++)
		if (pthread_create(&threads[i], NULL, run_worker, &workers[i]) == 0)
			started = i;
		else
			break;
	run_worker(&workers[0]);
	for (unsigned i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	shared->phase = NULL;
	for (unsigned i = 0; i < n; i++)
		if (workers[i].status != PS_OK)
			return ps_fail(err, workers[i].status, "%s", workers[i].err.message);
	return PS_OK;
}

/* ---- merging ------------------------------------------------------------ */

static int compare_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_ids(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static size_t count_unique_ids(worker *workers, unsigned n, int literal)
{
	size_t total = 0;
	for (unsigned i = 0; i < n; i++)
		total += literal ? workers[i].literal_count : workers[i].decl_count;
	uint64_t *all = malloc((total ? total : 1) * sizeof *all);
	if (!all)
		return 0;
	size_t at = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t c = literal ? workers[i].literal_count : workers[i].decl_count;
		if (c)
			memcpy(all + at, literal ? workers[i].literal_ids : workers[i].decl_ids,
		       c * sizeof *all);
		at += c;
	}
	ps_sort(all, total, sizeof *all, compare_ids);
	size_t unique = 0;
	for (size_t i = 0; i < total; i++)
		if (i == 0 || all[i] != all[i - 1])
			unique++;
	free(all);
	return unique;
}

/* Paths as the user sees them: relative to the working directory when below it. */
static char *display_path(const char *path, const char *cwd)
{
	size_t n = strlen(cwd);
	if (path && path[0] == '/' && strncmp(path, cwd, n) == 0 && path[n] == '/')
		return ps_strdup(path + n + 1);
	return path ? ps_strdup(path) : NULL;
}

static int compare_findings(const void *a, const void *b)
{
	const ps_finding *x = &((const raw_finding *)a)->f, *y = &((const raw_finding *)b)->f;
	int c = strcmp(x->file, y->file);
	if (c) return c;
	if (x->line != y->line) return x->line < y->line ? -1 : 1;
	if (x->column != y->column) return x->column < y->column ? -1 : 1;
	if ((c = strcmp(x->rule->id, y->rule->id))) return c;
	if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A function or variable declared in a header and defined in a source file,
 * or a namespace opened in many files, is one entity (one USR): report it
 * once, at its definition, or at its first declaration when no definition
 * was seen. */
static int merges_by_usr(const raw_finding *r)
{
	return r->usr[0] != '\0' &&
	       (r->f.kind == PS_KIND_FUNCTION || r->f.kind == PS_KIND_VARIABLE ||
	        r->f.kind == PS_KIND_TYPE || r->f.kind == PS_KIND_NAMESPACE ||
	        r->f.kind == PS_KIND_ENUM_CONSTANT);
}

static int compare_by_usr(const void *a, const void *b, void *base)
{
	const raw_finding *all = base;
	const raw_finding *x = &all[*(const size_t *)a], *y = &all[*(const size_t *)b];
	int c = strcmp(x->usr, y->usr);
	if (c) return c;
	if ((c = strcmp(x->f.rule->id, y->f.rule->id))) return c;
	if (x->is_definition != y->is_definition) return y->is_definition - x->is_definition;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	return (i > j) - (i < j); /* the earlier in sorted order */
}

static void free_raw(raw_finding *r)
{
	free(r->f.name);
	free(r->f.file);
	free(r->f.scope);
	free(r->f.message);
	free(r->usr);
}

static int merge_findings(worker *workers, unsigned n, const char *cwd, ps_result *result)
{
	size_t total = 0;
	for (unsigned i = 0; i < n; i++)
		total += workers[i].finding_count;
	raw_finding *all = malloc((total ? total : 1) * sizeof *all);
	unsigned char *dropped = calloc(total ? total : 1, 1);
	size_t *order = malloc((total ? total : 1) * sizeof *order);
	if (!all || !dropped || !order) {
		free(all);
		free(dropped);
		free(order);
		return PS_ENOMEM;
	}
	size_t at = 0;
	for (unsigned i = 0; i < n; i++) {
		if (workers[i].finding_count)
			memcpy(all + at, workers[i].findings, workers[i].finding_count * sizeof *all);
		at += workers[i].finding_count;
		workers[i].finding_count = 0; /* now owned by `all` */
	}
	int rc = PS_OK;
	for (size_t i = 0; i < total; i++) {
		char *shown = display_path(all[i].f.file, cwd);
		if (!shown)
			rc = PS_ENOMEM;
		free(all[i].f.file);
		all[i].f.file = shown ? shown : ps_strdup("");
	}
	ps_sort(all, total, sizeof *all, compare_findings);
	for (size_t i = 1; i < total; i++)
		if (compare_findings(&all[i - 1], &all[i]) == 0)
			dropped[i] = 1;
	size_t candidates = 0;
	for (size_t i = 0; i < total; i++)
		if (!dropped[i] && merges_by_usr(&all[i]))
			order[candidates++] = i;
	if (candidates > 1)
		qsort_r(order, candidates, sizeof *order, compare_by_usr, all);
	for (size_t k = 1; k < candidates; k++) {
		const raw_finding *x = &all[order[k - 1]], *y = &all[order[k]];
		if (strcmp(x->usr, y->usr) == 0 && x->f.rule == y->f.rule)
			dropped[order[k]] = 1;
	}
	result->findings = calloc(total ? total : 1, sizeof *result->findings);
	if (!result->findings)
		rc = PS_ENOMEM;
	for (size_t i = 0; i < total; i++) {
		if (!dropped[i] && result->findings) {
			result->findings[result->finding_count++] = all[i].f;
			result->stats.findings_by_category[all[i].f.rule->category]++;
			free(all[i].usr);
		} else {
			free_raw(&all[i]);
		}
	}
	free(all);
	free(dropped);
	free(order);
	return rc;
}

static int compare_diagnostics(const void *a, const void *b)
{
	const ps_diagnostic *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c) return c;
	if (x->line != y->line) return x->line < y->line ? -1 : 1;
	if (x->column != y->column) return x->column < y->column ? -1 : 1;
	if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
	return strcmp(x->message, y->message);
}

static int merge_diagnostics(ps_diags *all, const char *cwd, ps_result *result)
{
	for (size_t i = 0; i < all->count; i++) {
		char *shown = display_path(all->items[i].file, cwd);
		free(all->items[i].file);
		all->items[i].file = shown;
	}
	ps_sort(all->items, all->count, sizeof *all->items, compare_diagnostics);
	size_t kept = 0;
	for (size_t i = 0; i < all->count; i++) {
		if (kept > 0 && compare_diagnostics(&all->items[kept - 1], &all->items[i]) == 0) {
			free(all->items[i].file);
			free(all->items[i].message);
			continue;
		}
		all->items[kept++] = all->items[i];
	}
	result->diagnostics = all->items;
	result->diagnostic_count = kept;
	memset(all, 0, sizeof *all);
	return PS_OK;
}

/* ---- the scan ----------------------------------------------------------- */

static int add_all(ps_diags *to, ps_diags *from)
{
	for (size_t i = 0; i < from->count; i++) {
		if (PS_PUSH(to->items, to->count, to->capacity) < 0)
			return -1;
		to->items[to->count++] = from->items[i];
	}
	free(from->items);
	memset(from, 0, sizeof *from);
	return 0;
}

/* The headers that no unit of the first phase included, as units of their own. */
static int lone_headers(const ps_plan *plan, const ps_scan_options *options,
                        worker *workers, unsigned n, ps_unit **units, size_t *count)
{
	ps_strings seen = {0};
	for (unsigned i = 0; i < n; i++)
		for (size_t k = 0; k < workers[i].seen_files.count; k++)
			if (ps_strings_add(&seen, workers[i].seen_files.items[k]) < 0)
				return -1;
	ps_sort(seen.items, seen.count, sizeof *seen.items, compare_text);
	*units = calloc(plan->headers.count + 1, sizeof **units);
	*count = 0;
	int rc = *units ? 0 : -1;
	for (size_t h = 0; rc == 0 && h < plan->headers.count; h++) {
		const char *header = plan->headers.items[h];
		if (ps_search(&header, seen.items, seen.count, sizeof *seen.items, compare_text))
			continue;
		rc = ps_unit_with_defaults(plan, header, options, &(*units)[*count]);
		(*count)++;
	}
	ps_strings_clear(&seen);
	return rc;
}

static size_t count_unique_files(worker *workers, unsigned n)
{
	ps_strings all = {0};
	for (unsigned i = 0; i < n; i++)
		for (size_t k = 0; k < workers[i].seen_files.count; k++)
			if (ps_strings_add(&all, workers[i].seen_files.items[k]) < 0)
				break;
	ps_sort(all.items, all.count, sizeof *all.items, compare_text);
	size_t unique = 0;
	for (size_t i = 0; i < all.count; i++)
		if (i == 0 || strcmp(all.items[i], all.items[i - 1]) != 0)
			unique++;
	ps_strings_clear(&all);
	return unique;
}

int ps_scan(const ps_scan_options *options, ps_result **out, ps_error *err)
{
	*out = NULL;
	if (!options->rules)
		return ps_fail(err, PS_EUSAGE, "ps_scan: no rules given");
	char *resource_dir = NULL;
	int rc = ps_resource_dir(&resource_dir, err);
	if (rc != PS_OK)
		return rc;
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		cwd[0] = '\0';

	ps_result *result = calloc(1, sizeof *result);
	ps_diags diags = {0};
	ps_plan plan;
	if (!result) {
		free(resource_dir);
		return ps_fail(err, PS_ENOMEM, "out of memory");
	}
	rc = ps_plan_build(options, &plan, &diags, err);
	if (rc != PS_OK) {
		ps_diags_clear(&diags);
		free(result);
		free(resource_dir);
		return rc;
	}
	unsigned n = worker_count(options, plan.unit_count + plan.headers.count);
	worker *workers = calloc(n, sizeof *workers);
	shared_state shared = {options, &plan, resource_dir, NULL};
	if (!workers)
		rc = ps_fail(err, PS_ENOMEM, "out of memory");
	for (unsigned i = 0; rc == PS_OK && i < n; i++)
		workers[i].shared = &shared;
	if (rc == PS_OK)
		rc = run_phase(&shared, plan.units, plan.unit_count, workers, n, err);

	ps_unit *headers = NULL;
	size_t header_count = 0;
	if (rc == PS_OK && lone_headers(&plan, options, workers, n, &headers, &header_count) < 0)
		rc = ps_fail(err, PS_ENOMEM, "out of memory");
	if (rc == PS_OK)
		rc = run_phase(&shared, headers, header_count, workers, n, err);
	for (size_t i = 0; i < header_count; i++)
		ps_unit_clear(&headers[i]);
	free(headers);

	if (rc == PS_OK) {
		ps_stats *s = &result->stats;
		s->files_discovered = plan.files_discovered;
		s->translation_units = plan.unit_count + header_count;
		s->declarations = count_unique_ids(workers, n, 0);
		s->string_literals = count_unique_ids(workers, n, 1);
		s->files_scanned = count_unique_files(workers, n);
		for (unsigned i = 0; i < n; i++) {
			s->translation_units_with_errors += workers[i].units_with_errors;
			if (add_all(&diags, &workers[i].diags) < 0)
				rc = ps_fail(err, PS_ENOMEM, "out of memory");
		}
		if (rc == PS_OK && merge_findings(workers, n, cwd, result) != PS_OK)
			rc = ps_fail(err, PS_ENOMEM, "out of memory");
		if (rc == PS_OK)
			merge_diagnostics(&diags, cwd, result);
		/* Every error diagnostic is an input that was not scanned. */
		s->files_failed = 0;
		for (size_t i = 0; i < result->diagnostic_count; i++)
			s->files_failed += result->diagnostics[i].severity == PS_SEVERITY_ERROR;
	}
	for (unsigned i = 0; workers && i < n; i++) {
		for (size_t k = 0; k < workers[i].finding_count; k++)
			free_raw(&workers[i].findings[k]);
		free(workers[i].findings);
		free(workers[i].decl_ids);
		free(workers[i].literal_ids);
		ps_strings_clear(&workers[i].seen_files);
		ps_diags_clear(&workers[i].diags);
	}
	free(workers);
	ps_diags_clear(&diags);
	ps_plan_clear(&plan);
	free(resource_dir);
	if (rc != PS_OK) {
		ps_result_free(result);
		return rc;
	}
	*out = result;
	return PS_OK;
}

int ps_result_incomplete(const ps_result *result)
{
	for (size_t i = 0; i < result->diagnostic_count; i++)
		if (result->diagnostics[i].severity == PS_SEVERITY_ERROR)
			return 1;
	return 0;
}

void ps_result_free(ps_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->finding_count; i++) {
		free(result->findings[i].name);
		free(result->findings[i].file);
		free(result->findings[i].scope);
		free(result->findings[i].message);
	}
	free(result->findings);
	for (size_t i = 0; i < result->diagnostic_count; i++) {
		free(result->diagnostics[i].file);
		free(result->diagnostics[i].message);
	}
	free(result->diagnostics);
	free(result);
}
