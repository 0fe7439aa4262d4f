/*
 * Changed-lines mode: keep only findings on lines a unified diff adds.  The
 * diff is parsed by libgit2 (git_diff_from_buffer), not by hand; profilescan
 * never runs git itself.
 */
#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"

typedef struct changed_line {
	char *file;
	unsigned line;
} changed_line;

struct ps_changes {
	changed_line *lines;
	size_t count, capacity;
	int failed;
};

static char *read_all(FILE *in, size_t *length)
{
	size_t capacity = 65536, n = 0;
	char *text = malloc(capacity);
	while (text) {
		size_t got = fread(text + n, 1, capacity - n, in);
		n += got;
		if (got == 0)
			break;
		if (n == capacity) {
			char *bigger = realloc(text, capacity *= 2);
			if (!bigger) {
				free(text);
				return NULL;
			}
			text = bigger;
		}
	}
	*length = n;
	return text;
}

static int on_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
                   const git_diff_line *line, void *payload)
{
	(void)hunk;
	struct ps_changes *c = payload;
	if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0 || !delta->new_file.path)
		return 0;
	if (PSI_PUSH(c->lines, c->count, c->capacity) < 0 ||
	    !(c->lines[c->count].file = psi_strdup(delta->new_file.path))) {
		c->failed = 1;
		return -1;
	}
	c->lines[c->count++].line = (unsigned)line->new_lineno;
	return 0;
}

static int compare_lines(const void *a, const void *b)
{
	const changed_line *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

int ps_changes_load(const char *path, ps_changes **out, ps_error *err)
{
	*out = NULL;
	int from_stdin = strcmp(path, "-") == 0;
	size_t length = 0;
	char *text = NULL;
	/* A file is read as every other input is: regular, and bounded. */
	int read = from_stdin ? PS_OK
	                      : psi_read_file(path, "the diff", PSI_TEXT_FILE_LIMIT, &text, &length, err);
	if (read != PS_OK) {
		if (err && read != PS_ENOMEM)
			err->code = PS_EUSAGE;
		return read == PS_ENOMEM ? read : PS_EUSAGE;
	}
	if (from_stdin && !(text = read_all(stdin, &length)))
		return psi_fail(err, PS_ENOMEM, "out of memory reading the diff");
	ps_changes *changes = calloc(1, sizeof *changes);
	git_libgit2_init();
	git_diff *diff = NULL;
	int rc = PS_OK;
	if (!changes)
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	else if (length > 0 && git_diff_from_buffer(&diff, text, length) != 0) {
		const git_error *e = git_error_last();
		rc = psi_fail(err, PS_EUSAGE, "%s: not a unified diff: %s",
			      from_stdin ? "standard input" : path, e && e->message ? e->message : "?");
	} else if (diff && git_diff_foreach(diff, NULL, NULL, NULL, on_line, changes) != 0) {
		rc = psi_fail(err, PS_ENOMEM, "out of memory reading the diff");
	}
	git_diff_free(diff);
	git_libgit2_shutdown();
	free(text);
	if (rc != PS_OK) {
		ps_changes_free(changes);
		return rc;
	}
	psi_sort(changes->lines, changes->count, sizeof *changes->lines, compare_lines);
	*out = changes;
	return PS_OK;
}

void ps_changes_free(ps_changes *changes)
{
	if (!changes)
		return;
	for (size_t i = 0; i < changes->count; i++)
		free(changes->lines[i].file);
	free(changes->lines);
	free(changes);
}

int ps_result_keep_changed(ps_result *result, const ps_changes *changes, ps_error *err)
{
	unsigned char *keep = malloc(result->finding_count ? result->finding_count : 1);
	if (!keep)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		changed_line key = {f->file, f->line};
		keep[i] = psi_search(&key, changes->lines, changes->count, sizeof key,
				     compare_lines) != NULL;
		/* A changed declaration makes its uses' flows new findings, in
		 * whichever file they are. */
		changed_line source = {f->flow ? f->flow->source_file : NULL,
		                       f->flow ? f->flow->source_line : 0};
		if (!keep[i] && source.file)
			keep[i] = psi_search(&source, changes->lines, changes->count, sizeof source,
			                     compare_lines) != NULL;
	}
	psi_result_keep(result, keep);
	free(keep);
	return PS_OK;
}
