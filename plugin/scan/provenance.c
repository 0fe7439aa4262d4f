/*
 * Provenance and coverage of a result: when the scan ran, with which rules
 * and options, which units had compiler errors and which were left to other
 * shards (the state of the repositories is read in vcs.c).  An auditor's inventory must say how it was made and what it did
 * not see, so the library records it, not each report format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan/scan.h"

/* Now, or SOURCE_DATE_EPOCH (reproducible-builds.org) when it is set. */
static void timestamp(char out[24])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long fixed = epoch && *epoch ? strtoll(epoch, &end, 10) : -1;
	time_t when = fixed >= 0 && end && *end == '\0' ? (time_t)fixed : time(NULL);
	struct tm tm;
	if (!gmtime_r(&when, &tm) || strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(out, "1970-01-01T00:00:00Z");
}

static int add(ps_provenance *p, size_t *capacity, const char *text)
{
	char *copy = psi_strdup(text);
	if (!copy || PSI_PUSH(p->options, p->option_count, *capacity) < 0) {
		free(copy);
		return -1;
	}
	p->options[p->option_count++] = copy;
	return 0;
}

static int add_list(ps_provenance *p, size_t *capacity, const char *flag,
                    const char *const *items, size_t count)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = add(p, capacity, flag) | add(p, capacity, items[i]);
	return rc;
}

/* The options that change what is scanned or found, as arguments. */
static int record_options(ps_provenance *p, const ps_scan_options *o)
{
	size_t capacity = 0;
	char number[64];
	int rc = o->compile_database ? add(p, &capacity, "-p") | add(p, &capacity, o->compile_database) : 0;
	rc |= add_list(p, &capacity, "--extra-arg", o->extra_args, o->extra_arg_count);
	rc |= add_list(p, &capacity, "--exclude", o->excludes, o->exclude_count);
	if (o->exceptions_file)
		rc |= add(p, &capacity, "--exceptions") | add(p, &capacity, o->exceptions_file);
	if (o->no_inline_exceptions)
		rc |= add(p, &capacity, "--no-inline-exceptions");
	if (o->no_flows)
		rc |= add(p, &capacity, "--no-flows");
	if (o->no_prefilter)
		rc |= add(p, &capacity, "--no-prefilter");
	if (!o->rule_source)
		rc |= add(p, &capacity, "--no-config");
	if (o->max_file_size) {
		snprintf(number, sizeof number, "%zu", o->max_file_size);
		rc |= add(p, &capacity, "--max-file-size") | add(p, &capacity, number);
	}
	if (o->shard_count) {
		snprintf(number, sizeof number, "%u/%u", o->shard_index, o->shard_count);
		rc |= add(p, &capacity, "--shard") | add(p, &capacity, number);
	}
	if (o->project_root)
		rc |= *o->project_root ? add(p, &capacity, "--project-root") |
		                         add(p, &capacity, o->project_root)
		                       : add(p, &capacity, "--no-context");
	for (size_t i = 0; i < o->path_count; i++)
		rc |= add(p, &capacity, o->paths[i]);
	return rc;
}

int psi_provenance_begin(ps_provenance *p, const ps_scan_options *options, ps_error *err)
{
	timestamp(p->started);
	ps_ruleset_digest(options->rules, p->rules_digest);
	p->shard_index = options->shard_index;
	p->shard_count = options->shard_count;
	return record_options(p, options) == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
}

static int by_file(const void *a, const void *b)
{
	return strcmp(((const ps_unit_errors *)a)->file, ((const ps_unit_errors *)b)->file);
}

/* The units with errors, paths as the result shows them. */
static int take_outcomes(ps_provenance *p, psi_harvest *h, const char *cwd)
{
	p->units_with_errors = calloc(h->outcome_count + 1, sizeof *p->units_with_errors);
	if (!p->units_with_errors)
		return -1;
	for (size_t i = 0; i < h->outcome_count; i++) {
		const struct psi_unit_outcome *o = &h->outcomes[i];
		char *file = psi_display_path(o->unit, cwd);
		char *where = o->first.file ? psi_display_path(o->first.file, cwd) : NULL;
		char *first = o->first.message
			? psi_sprintf("%s:%u:%u: %s", where ? where : "", o->first.line,
			              o->first.column, o->first.message)
			: NULL;
		free(where);
		if (!file || (o->first.message && !first)) {
			free(file);
			free(first);
			return -1;
		}
		p->units_with_errors[p->units_with_errors_count++] = (ps_unit_errors){file, o->errors,
		                                                                      first};
	}
	psi_sort(p->units_with_errors, p->units_with_errors_count, sizeof *p->units_with_errors,
	         by_file);
	return 0;
}

int psi_provenance_end(ps_provenance *p, psi_harvest *h, const psi_config_set *configs,
                       const char *cwd, ps_error *err)
{
	timestamp(p->finished);
	p->config_directories = calloc(configs->count + 1, sizeof *p->config_directories);
	p->config_digests = calloc(configs->count + 1, sizeof *p->config_digests);
	if (!p->config_directories || !p->config_digests)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; i < configs->count; i++) {
		char *directory = psi_display_path(ps_config_directory(configs->entries[i].config), cwd);
		if (!directory)
			return psi_fail(err, PS_ENOMEM, "out of memory");
		p->config_directories[p->config_count] = directory;
		ps_ruleset_digest(configs->entries[i].rules, p->config_digests[p->config_count++]);
	}
	return take_outcomes(p, h, cwd) == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
}

void psi_provenance_clear(ps_provenance *p)
{
	for (size_t i = 0; i < p->config_count; i++)
		free(p->config_directories[i]);
	free(p->config_directories);
	free(p->config_digests);
	for (size_t i = 0; i < p->option_count; i++)
		free(p->options[i]);
	free(p->options);
	for (size_t i = 0; i < p->units_with_errors_count; i++) {
		free(p->units_with_errors[i].file);
		free(p->units_with_errors[i].first_error);
	}
	free(p->units_with_errors);
	for (size_t i = 0; i < p->repository_count; i++)
		psi_vcs_clear(&p->repositories[i]);
	free(p->repositories);
	memset(p, 0, sizeof *p);
}
