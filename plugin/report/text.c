/*
 * Text reports in the style of gcc and clang, so that editors and CI logs
 * that understand compiler output link each line to its place:
 *
 *   file:line:column: warning: field 'nationaliteit' is named for nationality [PS-NAT-001]
 *           char nationaliteit[3];
 *                ^~~~~~~~~~~~~
 *   file:line:column: note: Grondwet, artikel 1 <https://...>
 *
 * What comes from the scanned tree (file names, and messages, which quote
 * names and literals) is shown through psi_utf8_visible: the report goes to
 * a terminal, and scanned code must not be able to act on it.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"
#define NOTE_COLOR "\033[1;36m"
#define CARET_COLOR "\033[1;32m"

/* The text of the file the last finding was in: findings come sorted by
 * file, so each file is read once. */
/* Lines longer than this are cut, and a name past it gets no snippet: a
 * minified or generated file's one line of megabytes is no help. */
#define LINE_SHOWN 300

/* The text of the file the last finding was in: findings come sorted by
 * file and line, so each file is read once and walked once. */
typedef struct source_cache {
	char *path;
	char *text;            /* NULL when the file could not be read */
	size_t length;
	unsigned line;         /* the line `at` starts, 1-based */
	const char *at;
} source_cache;

static const char *source_of(source_cache *c, const char *path)
{
	if (c->path && strcmp(c->path, path) == 0)
		return c->text;
	free(c->path);
	free(c->text);
	c->text = NULL;
	c->path = psi_strdup(path);
	/* A file that is gone, too large or not a regular file only loses
	 * its snippet, as in a compiler's output. */
	ps_error ignored;
	if (c->path && psi_read_file(path, "source file", PSI_TEXT_FILE_LIMIT, &c->text,
	                             &c->length, &ignored) != PS_OK)
		c->text = NULL;
	c->line = 1;
	c->at = c->text;
	return c->text;
}

/* Line `line` (1-based) of the cached file and its length, or NULL.  A line
 * ends at LF, CRLF or a lone CR, as clang counts lines. */
static const char *line_of(source_cache *c, unsigned line, size_t *length)
{
	if (!c->text || line == 0)
		return NULL;
	if (line < c->line) {
		c->line = 1;
		c->at = c->text;
	}
	while (c->at && c->line < line) {
		const char *end = c->at + strcspn(c->at, "\r\n");
		c->at = *end == '\0' ? NULL : end + (end[0] == '\r' && end[1] == '\n' ? 2 : 1);
		c->line++;
	}
	if (!c->at || !*c->at)
		return NULL;
	*length = strcspn(c->at, "\r\n");
	return c->at;
}

/* How many columns `length` bytes of `text` take once shown as
 * psi_utf8_visible shows them, writing a blank (or the tab) for each. */
static int put_blanks(FILE *out, const char *text, size_t length, size_t *columns)
{
	char *copy = psi_strndup(text, length);
	char *shown = copy ? psi_utf8_visible(copy) : NULL;
	free(copy);
	if (!shown)
		return -1;
	*columns = 0;
	for (const char *p = shown; *p; p++)
		if ((*p & 0xC0) != 0x80) {
			if (out)
				fputc(*p == '\t' ? '\t' : ' ', out);
			(*columns)++;
		}
	free(shown);
	return 0;
}

/* The finding's line, then a caret under the name and tildes along it.  The
 * caret line keeps the line's tabs and gives every character one column as
 * the line is shown (an escape shown as \x1b takes four), so that it lines
 * up in a terminal with UTF-8 text before it. */
static int put_source(FILE *out, int color, source_cache *cache, const ps_finding *f)
{
	size_t length = 0, columns = 0;
	const char *line = source_of(cache, f->file) ? line_of(cache, f->line, &length) : NULL;
	if (!line || f->column == 0 || f->column > length + 1 || f->column > LINE_SHOWN)
		return 0;
	size_t cut = length < LINE_SHOWN ? length : LINE_SHOWN;
	while (cut < length && (line[cut] & 0xC0) == 0x80)
		cut--; /* not inside a character */
	char *copy = psi_strndup(line, cut);
	char *shown = copy ? psi_utf8_visible(copy) : NULL;
	free(copy);
	if (!shown)
		return -1;
	fprintf(out, "%s%s\n", shown, cut < length ? " ..." : "");
	free(shown);
	if (put_blanks(out, line, f->column - 1, &columns) != 0)
		return -1;
	size_t room = cut - (f->column - 1), name = 1;
	if (f->name && put_blanks(NULL, f->name, strcspn(f->name, "\n"), &name) != 0)
		return -1;
	fputs(color ? CARET_COLOR "^" : "^", out);
	for (size_t i = 1; i < name && i < room; i++)
		fputc('~', out);
	fputs(color ? RESET "\n" : "\n", out);
	return 0;
}

static const char *severity_color(ps_severity severity)
{
	switch (severity) {
	case PS_SEVERITY_ERROR: return "\033[1;31m";
	case PS_SEVERITY_WARNING: return "\033[1;35m";
	default: return NOTE_COLOR;
	}
}

/* "file:line:column: " in bold, the severity in its colour, then `after`
 * (the attributes of what follows). */
static int put_place(FILE *out, int color, const char *file, unsigned line, unsigned column,
                     const char *severity_start, const char *severity, const char *after)
{
	char *shown = psi_utf8_visible(file);
	if (!shown)
		return -1;
	fprintf(out, "%s%s:%u:%u: %s%s:%s ", color ? BOLD : "", shown, line, column,
	        color ? severity_start : "", severity, color ? after : "");
	free(shown);
	return 0;
}

static int put_visible(FILE *out, const char *text)
{
	return ps_fputs_visible(text, out, NULL) == PS_OK ? 0 : -1;
}

int ps_fputs_visible(const char *text, FILE *out, ps_error *err)
{
	char *shown = psi_utf8_visible(text);
	if (!shown)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	int rc = fputs(shown, out) < 0 ? psi_fail(err, PS_EIO, "cannot write") : PS_OK;
	free(shown);
	return rc;
}

static int put_finding(FILE *out, int color, source_cache *source, const ps_finding *f)
{
	int failed = put_place(out, color, f->file, f->line, f->column, severity_color(f->severity),
	                       ps_severity_name(f->severity), RESET BOLD);
	failed |= put_visible(out, f->message);
	/* The rule and its reference come from a report when merge reads one
	 * back: shown like everything else of it. */
	fprintf(out, "%s [", color ? RESET : "");
	failed |= put_visible(out, f->rule->id);
	fputs("]\n", out);
	if (source)
		failed |= put_source(out, color, source, f);
	for (size_t k = 0; f->flow && k < f->flow->step_count; k++) {
		const ps_flow_step *step = &f->flow->steps[k];
		failed |= put_place(out, color, step->file, step->line, step->column,
		                    RESET NOTE_COLOR, "note", RESET);
		failed |= put_visible(out, step->message);
		fputc('\n', out);
	}
	if (f->rule->reference_count > 0) {
		const ps_reference *ref = f->rule->references[0];
		failed |= put_place(out, color, f->file, f->line, f->column, RESET NOTE_COLOR, "note",
		                    RESET);
		failed |= put_visible(out, ref->title);
		if (ref->url) {
			fputs(" <", out);
			failed |= put_visible(out, ref->url);
			fputc('>', out);
		}
		fputc('\n', out);
	}
	return failed;
}

int psi_report_text(const ps_result *result, int color, int show_source, FILE *out,
                    ps_error *err)
{
	source_cache cache = {0};
	int rc = PS_OK;
	for (size_t i = 0; rc == PS_OK && i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		if (f->suppression)
			continue; /* accepted with a justification: JSON and SARIF keep it */
		int readable = show_source && psi_report_may_read(result, f->file);
		if (put_finding(out, color, readable ? &cache : NULL, f) != 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory writing the report");
	}
	free(cache.path);
	free(cache.text);
	return rc;
}
