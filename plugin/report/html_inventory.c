/*
 * The inventory of the HTML report: a table per category, a row per
 * finding, and in each row a <details> with the flows that start from it
 * (or, for a flow finding, its own), each step with a few lines of the
 * scanned file around it, and, for a flagged declaration, every place it
 * is used.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define CONTEXT_LINES 2 /* shown above and below each step */
#define CACHED_FILES 8
#define LINE_SHOWN 300  /* bytes of a source line */

/* The last files read: the steps of a flow mostly stay in one or two files,
 * and findings come sorted by file, so a few entries read each file about
 * once; where each line starts is kept, so that a file with many findings
 * is not walked from its top for each. */
typedef struct source_file {
	char *path;
	char *text;     /* NULL when it could not be read */
	size_t *starts; /* the offset of each line */
	size_t line_count;
} source_file;

typedef struct inventory {
	const ps_result *result;
	source_file files[CACHED_FILES];
	size_t next; /* the entry to replace */
	const ps_finding **flows; /* the flow findings, by source fingerprint */
	size_t flow_count;
} inventory;

static void forget(source_file *file)
{
	free(file->path);
	free(file->text);
	free(file->starts);
	*file = (source_file){0};
}

static int index_lines(source_file *file)
{
	size_t count = 1;
	for (const char *p = file->text; (p = strchr(p, '\n')) != NULL; p++)
		count++;
	file->starts = malloc(count * sizeof *file->starts);
	if (!file->starts)
		return -1;
	file->starts[file->line_count++] = 0;
	for (const char *p = file->text; (p = strchr(p, '\n')) != NULL; p++)
		if (p[1]) /* the end of the last line starts none */
			file->starts[file->line_count++] = (size_t)(p + 1 - file->text);
	return 0;
}

static const source_file *source_of(inventory *inv, const char *path)
{
	for (size_t i = 0; i < CACHED_FILES; i++)
		if (inv->files[i].path && strcmp(inv->files[i].path, path) == 0)
			return &inv->files[i];
	source_file *slot = &inv->files[inv->next];
	inv->next = (inv->next + 1) % CACHED_FILES;
	forget(slot);
	slot->path = psi_strdup(path);
	/* A file that is gone or is not a regular file loses only its lines. */
	size_t length;
	ps_error ignored;
	if (slot->path && (psi_read_file(path, "source file", PSI_TEXT_FILE_LIMIT, &slot->text,
	                                 &length, &ignored) != PS_OK || index_lines(slot) < 0)) {
		free(slot->text);
		slot->text = NULL;
	}
	return slot;
}

/* One line, cut at LINE_SHOWN bytes (at a character boundary): a minified
 * or generated line must not swell the report. */
static int put_line(FILE *out, const char *text)
{
	size_t length = strcspn(text, "\r\n"), shown = length;
	if (shown > LINE_SHOWN)
		for (shown = LINE_SHOWN; shown > 0 && (text[shown] & 0xC0) == 0x80; shown--)
			continue;
	char *copy = psi_strndup(text, shown);
	int rc = copy ? psi_html_put(out, copy) : -1;
	free(copy);
	if (shown < length)
		fputs("\xE2\x80\xA6", out);
	return rc;
}

/* The lines around `line` of `file`, numbered, the line itself marked. */
static int put_snippet(FILE *out, inventory *inv, const char *file, unsigned line)
{
	const source_file *source = psi_report_may_read(inv->result, file) ? source_of(inv, file)
	                                                                   : NULL;
	if (!source || !source->text || line == 0 || line > source->line_count) {
		fputs("<p class=\"missing\">The source of <code>", out);
		int rc = psi_html_put(out, file ? file : "(no file)");
		fprintf(out, ":%u</code> %s.</p>\n", line, source && source->text
		        ? "is not in the file as it is now" : "cannot be read here");
		return rc;
	}
	unsigned first = line > CONTEXT_LINES ? line - CONTEXT_LINES : 1;
	int rc = 0;
	fputs("<pre class=\"src\">", out);
	for (unsigned n = first; n <= line + CONTEXT_LINES && n <= source->line_count; n++) {
		fprintf(out, "%s<span class=\"ln\">%5u</span> ", n == line ? "<mark>" : "", n);
		rc |= put_line(out, source->text + source->starts[n - 1]);
		fputs(n == line ? "</mark>\n" : "\n", out);
	}
	fputs("</pre>\n", out);
	return rc;
}

static int put_flow(FILE *out, inventory *inv, const ps_finding *f)
{
	const ps_flow *flow = f->flow;
	/* A rule id, like every text of a report read back by merge, is the
	 * report's to say: escaped too. */
	fprintf(out, "<div class=\"flow\"><p><span class=\"sev-%s\">",
	        ps_severity_name(f->severity));
	int rc = psi_html_put(out, f->rule->id);
	fputs("</span> <code>", out);
	rc |= psi_html_put(out, f->name);
	fprintf(out, "</code> reaches %s <code>", ps_sink_kind_name(flow->sink_kind));
	rc |= psi_html_put(out, flow->sink_name);
	fputs("</code> (declared at <code>", out);
	rc |= psi_html_put(out, flow->sink_file);
	fprintf(out, ":%u</code>)</p>\n<ol class=\"steps\">\n", flow->sink_line);
	for (size_t i = 0; i < flow->step_count; i++) {
		const ps_flow_step *s = &flow->steps[i];
		fputs("<li><code>", out);
		rc |= psi_html_put(out, s->file);
		fprintf(out, ":%u</code>", s->line);
		if (s->function) {
			fputs(" in <code>", out);
			rc |= psi_html_put(out, s->function);
			fputs("</code>", out);
		}
		fputs(": ", out);
		rc |= psi_html_put(out, s->message);
		fputs("\n", out);
		/* Steps on one line (a use that decides an 'if') share its lines. */
		const ps_flow_step *before = i > 0 ? &flow->steps[i - 1] : NULL;
		if (!before || before->line != s->line || !before->file || !s->file ||
		    strcmp(before->file, s->file) != 0)
			rc |= put_snippet(out, inv, s->file, s->line);
		fputs("</li>\n", out);
	}
	fputs("</ol></div>\n", out);
	return rc;
}

static int compare_source(const void *a, const void *b)
{
	const ps_finding *x = *(const ps_finding *const *)a, *y = *(const ps_finding *const *)b;
	int rc = strcmp(x->flow->source_fingerprint, y->flow->source_fingerprint);
	return rc ? rc : (x > y) - (x < y);
}

static int compare_key(const void *key, const void *item)
{
	return strcmp(key, (*(const ps_finding *const *)item)->flow->source_fingerprint);
}

/* The flow findings sorted by the fingerprint of their source, and among
 * equals by their place in the report, so that a declaration's flows keep
 * the report's order. */
static int index_flows(inventory *inv, const ps_result *result)
{
	size_t count = 0;
	for (size_t i = 0; i < result->finding_count; i++)
		count += result->findings[i].flow && result->findings[i].flow->source_fingerprint[0];
	inv->flows = calloc(count ? count : 1, sizeof *inv->flows);
	if (!inv->flows)
		return -1;
	for (size_t i = 0; i < result->finding_count; i++)
		if (result->findings[i].flow && result->findings[i].flow->source_fingerprint[0])
			inv->flows[inv->flow_count++] = &result->findings[i];
	psi_sort(inv->flows, inv->flow_count, sizeof *inv->flows, compare_source);
	return 0;
}

/* The flows that start from `f`: [*first, *first + count). */
static size_t flows_from(const inventory *inv, const ps_finding *f, size_t *first)
{
	const ps_finding *const *hit = psi_search(f->fingerprint, inv->flows, inv->flow_count,
	                                          sizeof *inv->flows, compare_key);
	if (!f->fingerprint[0] || !hit)
		return 0;
	size_t lo = (size_t)(hit - inv->flows), hi = lo + 1;
	while (lo > 0 && strcmp(inv->flows[lo - 1]->flow->source_fingerprint, f->fingerprint) == 0)
		lo--;
	while (hi < inv->flow_count &&
	       strcmp(inv->flows[hi]->flow->source_fingerprint, f->fingerprint) == 0)
		hi++;
	*first = lo;
	return hi - lo;
}

/* Where a flagged declaration is used, flows or not: a line each. */
static int put_uses(FILE *out, const ps_finding *f)
{
	size_t all = f->use_count + f->uses_omitted;
	fprintf(out, "<div class=\"uses\"><p>Used in %zu place%s:</p>\n<ul>\n", all,
	        all == 1 ? "" : "s");
	int rc = 0;
	for (size_t i = 0; i < f->use_count; i++) {
		const ps_use *u = &f->uses[i];
		fputs("<li><code>", out);
		rc |= psi_html_put(out, u->file);
		fprintf(out, ":%u:%u</code>", u->line, u->column);
		if (u->function) {
			fputs(" in <code>", out);
			rc |= psi_html_put(out, u->function);
			fputs("</code>", out);
		}
		fputs("</li>\n", out);
	}
	if (f->uses_omitted)
		fprintf(out, "<li>and %zu more, not listed</li>\n", f->uses_omitted);
	fputs("</ul></div>\n", out);
	return rc;
}

static int put_details(FILE *out, inventory *inv, const ps_finding *f)
{
	size_t first = 0, count = f->flow ? 1 : flows_from(inv, f, &first);
	size_t uses = f->use_count + f->uses_omitted;
	fprintf(out, "<td><details><summary>%zu flow%s", count, count == 1 ? "" : "s");
	if (uses)
		fprintf(out, ", %zu use%s", uses, uses == 1 ? "" : "s");
	fputs("</summary>\n<p>", out);
	int rc = psi_html_put(out, f->message);
	if (f->scope) {
		fputs(" (in <code>", out);
		rc |= psi_html_put(out, f->scope);
		fputs("</code>)", out);
	}
	fputs("</p>\n", out);
	if (f->suppression) {
		fputs("<p>Accepted: ", out);
		rc |= psi_html_put(out, f->justification);
		fputs("</p>\n", out);
	}
	if (f->flow)
		rc |= put_flow(out, inv, f);
	for (size_t i = 0; !f->flow && i < count; i++)
		rc |= put_flow(out, inv, inv->flows[first + i]);
	if (!count)
		rc |= put_snippet(out, inv, f->file, f->line);
	if (uses)
		rc |= put_uses(out, f);
	fputs("</details></td>", out);
	return rc;
}

static int put_row(FILE *out, inventory *inv, const ps_finding *f)
{
	fputs("<tr id=\"f-", out);
	int rc = psi_html_put(out, f->fingerprint);
	fputs("\"><td><code>", out);
	rc |= psi_html_put(out, f->file);
	fprintf(out, "</code></td><td class=\"n\">%u</td><td>%s</td><td><code>", f->line,
	        ps_kind_name(f->kind));
	rc |= psi_html_put(out, f->name);
	fputs("</code></td><td>", out);
	rc |= psi_html_put(out, f->rule->id);
	fprintf(out, "</td><td class=\"sev-%s\">%s</td><td>%s</td>",
	        ps_severity_name(f->severity), ps_severity_name(f->severity), psi_csv_status(f));
	rc |= put_details(out, inv, f);
	fputs("</tr>\n", out);
	return rc;
}

static int put_category(FILE *out, inventory *inv, const ps_result *result, ps_category c,
                        size_t count)
{
	const char *name = ps_category_name(c);
	fprintf(out, "<h3 id=\"cat-%s\">%s (%zu)</h3>\n<input class=\"filter\" type=\"search\" "
	        "placeholder=\"filter by file, rule, kind, name\" data-table=\"table-%s\" "
	        "aria-label=\"filter the %s table\">\n<table id=\"table-%s\" class=\"sortable "
	        "inventory\"><thead><tr><th>file</th><th>line</th><th>kind</th><th>name</th>"
	        "<th>rule</th><th>severity</th><th>state</th><th>details</th></tr></thead>\n"
	        "<tbody>\n", name, name, count, name, name, name);
	int rc = 0;
	for (size_t i = 0; i < result->finding_count; i++)
		if (result->findings[i].rule->category == c)
			rc |= put_row(out, inv, &result->findings[i]);
	fputs("</tbody></table>\n", out);
	return rc;
}

int psi_html_inventory(const ps_result *result, FILE *out)
{
	inventory inv = {.result = result};
	int rc = index_flows(&inv, result);
	fputs("<h2 id=\"inventory\">Inventory</h2>\n", out);
	if (rc == 0 && result->finding_count == 0)
		fputs("<p>No findings.</p>\n", out);
	for (int c = 0; rc == 0 && c < PS_CATEGORY_SINK; c++) {
		size_t count = 0;
		for (size_t i = 0; i < result->finding_count; i++)
			count += result->findings[i].rule->category == (ps_category)c;
		if (count)
			rc = put_category(out, &inv, result, (ps_category)c, count);
	}
	for (size_t i = 0; i < CACHED_FILES; i++)
		forget(&inv.files[i]);
	free(inv.flows);
	return rc;
}
