/*
 * The HTML report: one self-contained file for an auditor's inventory
 * (docs/html-format.md).  Nothing is fetched: the style, the charts (SVG
 * written here and in html_graph.c) and the small script that sorts and
 * filters the tables are all inline, so that the file opens from a laptop's
 * disk, from a mail attachment, or printed to PDF.
 *
 * Everything that comes from the scanned tree (file names, names, literals,
 * messages that quote them, source lines, justifications) goes through
 * psi_html_put: a literal such as "</script><img src=x onerror=alert(1)>"
 * must be shown as text, never become markup.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

char *psi_html_escaped(const char *text)
{
	/* Valid UTF-8 first (a stray byte reads \xNN, as in JSON), so that a
	 * browser cannot guess another encoding from the bytes; controls,
	 * bidirectional overrides and zero-width characters shown as \x1b and
	 * \u202e, so that no line of the scanned code reads in the report other
	 * than it is (a right-to-left override reorders what follows it). */
	char *valid = psi_utf8_visible_lines(text ? text : "");
	if (!valid)
		return NULL;
	size_t length = 0;
	for (const char *p = valid; *p; p++)
		length += strchr("&<>\"'", *p) ? 6 : 1;
	char *out = malloc(length + 1), *q = out;
	for (const char *p = valid; out && *p; p++) {
		const char *entity = NULL;
		switch (*p) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default: *q++ = *p; continue;
		}
		q = stpcpy(q, entity);
	}
	if (out)
		*q = '\0';
	free(valid);
	return out;
}

int psi_html_put(FILE *out, const char *text)
{
	char *escaped = psi_html_escaped(text);
	if (!escaped)
		return -1;
	fputs(escaped, out);
	free(escaped);
	return 0;
}

/* Screen and print: the print sheet opens every <details> (the script does
 * so before printing), drops the filters and keeps tables whole per row. */
static const char style[] =
	"<style>\n"
	"body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:75em;"
	"padding:0 1em;color:#1b1b1b}\n"
	"h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}\n"
	"table{border-collapse:collapse;margin:.5em 0;width:100%}\n"
	"th,td{border:1px solid #ddd;padding:.2em .45em;text-align:left;vertical-align:top}\n"
	"th{background:#f2f2f2}table.sortable th{cursor:pointer}\n"
	"table.sortable th::after{content:' \\2195';color:#999}\n"
	"td.n{text-align:right}code,pre{font:12px/1.35 ui-monospace,monospace}\n"
	"pre.src{background:#f7f7f7;border:1px solid #e3e3e3;padding:.3em;overflow-x:auto;"
	"margin:.2em 0 .6em}\n"
	"pre.src mark{background:#fff2a8}.ln{color:#888}\n"
	".sev-error{color:#b03a2e;font-weight:600}.sev-warning{color:#b9770e}"
	".sev-note{color:#2471a3}\n"
	".warn{background:#fdf2e9;border-left:4px solid #d68910;padding:.3em .8em}\n"
	".ok{background:#eafaf1;border-left:4px solid #28b463;padding:.3em .8em}\n"
	".missing{color:#888;font-style:italic}input.filter{margin:.3em 0;padding:.2em;"
	"width:20em}\n"
	"details>summary{cursor:pointer;color:#1a5276}ol.steps{padding-left:1.5em}\n"
	".uses ul{padding-left:1.5em;margin:.2em 0}\n"
	"svg text{font:12px system-ui,sans-serif}\n"
	"dl.prov{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}"
	"dl.prov dt{font-weight:600}dl.prov dd{margin:0}\n"
	"@media print{body{max-width:none;margin:0;font-size:11px}input.filter{display:none}"
	"table.sortable th::after{content:''}tr{break-inside:avoid}"
	"h2{break-after:avoid}pre.src{white-space:pre-wrap}}\n"
	"</style>\n";

/* Sort a table by a header's column (numbers as numbers), filter its rows
 * by the text of every cell but the last (the details), open every
 * <details> before printing; data-ready says the script ran to its end. */
static const char script[] =
	"<script>\n"
	"(function(){\n"
	"function key(r,i){return r.cells[i]?r.cells[i].textContent.trim():'';}\n"
	"document.querySelectorAll('table.sortable').forEach(function(t){\n"
	" Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){\n"
	"  th.addEventListener('click',function(){\n"
	"   var up=th.getAttribute('data-dir')!=='up',b=t.tBodies[0];\n"
	"   th.setAttribute('data-dir',up?'up':'down');\n"
	"   Array.prototype.slice.call(b.rows).sort(function(x,y){\n"
	"    var a=key(x,i),c=key(y,i),n=parseFloat(a)-parseFloat(c);\n"
	"    var r=isNaN(n)?a.localeCompare(c):n;return up?r:-r;\n"
	"   }).forEach(function(r){b.appendChild(r);});\n"
	"  });\n"
	" });\n"
	"});\n"
	"document.querySelectorAll('input.filter').forEach(function(f){\n"
	" var t=document.getElementById(f.getAttribute('data-table'));\n"
	" f.addEventListener('input',function(){\n"
	"  var q=f.value.toLowerCase();\n"
	"  Array.prototype.forEach.call(t.tBodies[0].rows,function(r){\n"
	"   var s=Array.prototype.slice.call(r.cells,0,-1).map(function(c){\n"
	"    return c.textContent;}).join(' ').toLowerCase();\n"
	"   r.hidden=q!==''&&s.indexOf(q)<0;\n"
	"  });\n"
	" });\n"
	"});\n"
	"window.addEventListener('beforeprint',function(){\n"
	" document.querySelectorAll('details').forEach(function(d){d.open=true;});\n"
	"});\n"
	"document.body.setAttribute('data-ready','1');\n"
	"})();\n"
	"</script>\n";

static size_t open_count(const ps_result *result, ps_severity severity)
{
	size_t n = 0;
	for (size_t i = 0; i < result->finding_count; i++)
		n += !result->findings[i].suppression && result->findings[i].severity == severity;
	return n;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void put_head(const ps_result *result, FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>profilescan inventory</title>\n", out);
	fputs(style, out);
	size_t errors = open_count(result, PS_SEVERITY_ERROR);
	size_t warnings = open_count(result, PS_SEVERITY_WARNING);
	size_t notes = open_count(result, PS_SEVERITY_NOTE);
	size_t accepted = result->finding_count - errors - warnings - notes;
	const ps_stats *s = &result->stats;
	fprintf(out, "</head>\n<body>\n<h1>profilescan inventory</h1>\n"
	        "<p id=\"totals\">%zu finding%s (open: %zu error%s, %zu warning%s, %zu note%s; "
	        "accepted by an exception: %zu) in "
	        "%zu translation unit%s", result->finding_count, plural(result->finding_count),
	        errors, plural(errors), warnings, plural(warnings), notes, plural(notes), accepted,
	        s->translation_units, plural(s->translation_units));
	/* As the command's summary says it: a unit read only by the prefilter
	 * is no unit parsed, and the totals must not let it pass for one. */
	if (s->units_skipped)
		fprintf(out, " (and %zu skipped by the prefilter: no word of the vocabulary in "
		        "%s or the headers %s)", s->units_skipped,
		        s->units_skipped == 1 ? "it" : "them",
		        s->units_skipped == 1 ? "it includes" : "they include");
	fprintf(out, ", %zu file%s scanned, %zu declaration%s, %zu string literal%s.</p>\n",
	        s->files_scanned, plural(s->files_scanned), s->declarations,
	        plural(s->declarations), s->string_literals, plural(s->string_literals));
}

/* What was not scanned, or scanned only in part: an inventory that hides
 * it would claim more than the scan saw. */
static int put_coverage(const ps_result *result, const char *heading, FILE *out)
{
	const ps_provenance *p = &result->provenance;
	size_t skipped = 0;
	for (size_t i = 0; i < result->diagnostic_count; i++)
		skipped += result->diagnostics[i].severity == PS_SEVERITY_ERROR;
	fputs(heading, out);
	if (!skipped && !p->units_with_errors_count && !p->units_in_other_shards) {
		fputs("<p class=\"ok\">Every input was scanned, and every unit compiled.</p>\n", out);
		return 0;
	}
	int rc = 0;
	fputs("<div class=\"warn\">\n<ul>\n", out);
	for (size_t i = 0; i < p->units_with_errors_count; i++) {
		const ps_unit_errors *u = &p->units_with_errors[i];
		fputs("<li><code>", out);
		rc |= psi_html_put(out, u->file);
		fprintf(out, "</code>: %u compiler error%s, names read from tokens where it did not "
		        "parse; the first: ", u->errors, u->errors == 1 ? "" : "s");
		rc |= psi_html_put(out, u->first_error);
		fputs("</li>\n", out);
	}
	for (size_t i = 0; i < result->diagnostic_count; i++) {
		const ps_diagnostic *d = &result->diagnostics[i];
		if (d->severity != PS_SEVERITY_ERROR)
			continue;
		fputs("<li><code>", out);
		rc |= psi_html_put(out, d->file ? d->file : "(no file)");
		fputs("</code>: ", out);
		rc |= psi_html_put(out, d->message);
		fputs("</li>\n", out);
	}
	if (p->units_in_other_shards)
		fprintf(out, "<li>%zu units were left to the other shards of this scan.</li>\n",
		        p->units_in_other_shards);
	fputs("</ul>\n</div>\n", out);
	return rc;
}

static int put_exception_row(FILE *out, const ps_finding *f)
{
	fputs("<tr><td>", out);
	int rc = psi_html_put(out, f->rule->id);
	fputs("</td><td><code>", out);
	rc |= psi_html_put(out, f->file);
	fprintf(out, ":%u</code></td><td>", f->line);
	rc |= psi_html_put(out, f->name);
	fprintf(out, "</td><td>%s</td><td><code>",
	        f->suppression == PS_SUPPRESSED_IN_SOURCE ? "inline" : "exceptions file");
	rc |= psi_html_put(out, f->suppressed_at);
	fputs("</code></td><td>", out);
	rc |= psi_html_put(out, f->justification);
	fputs("</td><td>", out);
	rc |= psi_html_put(out, f->suppressed_by ? f->suppressed_by : "");
	fputs("</td><td>", out);
	rc |= psi_html_put(out, f->suppressed_until ? f->suppressed_until : "");
	fputs("</td></tr>\n", out);
	return rc;
}

/* Accepted findings with the reason given, then the exceptions that are
 * themselves findings (malformed, expired, unused: PS-EXC-*). */
static int put_exceptions(const ps_result *result, FILE *out)
{
	size_t accepted = 0, problems = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		accepted += result->findings[i].suppression != PS_NOT_SUPPRESSED;
		problems += result->findings[i].rule->category == PS_CATEGORY_EXCEPTION;
	}
	fputs("<h2 id=\"exceptions\">Register of exceptions</h2>\n", out);
	int rc = 0;
	if (!accepted) {
		fputs("<p>No finding is accepted by an exception.</p>\n", out);
	} else {
		fputs("<table id=\"exceptions-table\" class=\"sortable\"><thead><tr><th>rule</th>"
		      "<th>finding</th><th>name</th><th>written</th><th>where</th>"
		      "<th>justification</th><th>author</th><th>expires</th></tr></thead>\n"
		      "<tbody>\n", out);
		for (size_t i = 0; i < result->finding_count; i++)
			if (result->findings[i].suppression)
				rc |= put_exception_row(out, &result->findings[i]);
		fputs("</tbody></table>\n", out);
	}
	if (problems)
		fprintf(out, "<p class=\"warn\">%zu exception%s malformed, expired or unused: see "
		        "the <a href=\"#cat-exception\">exception</a> table.</p>\n", problems,
		        problems == 1 ? " is" : "s are");
	return rc;
}

static int put_term(FILE *out, const char *name, const char *value)
{
	fprintf(out, "<dt>%s</dt><dd><code>", name);
	int rc = psi_html_put(out, value);
	fputs("</code></dd>\n", out);
	return rc;
}

/* Where the scanned code is kept, and whether it is what the commit
 * holds: an inventory of a tree no commit holds cannot be checked again. */
static int put_repository(const ps_vcs *v, FILE *out)
{
	fputs("<dt>repository</dt><dd><code>", out);
	int rc = psi_html_put(out, v->root);
	fputs("</code>", out);
	if (v->commit[0]) {
		fputs(" at commit <code>", out);
		rc |= psi_html_put(out, v->commit);
		fputs("</code>", out);
	}
	if (v->branch) {
		fputs(" on branch <code>", out);
		rc |= psi_html_put(out, v->branch);
		fputs(v->commit[0] ? "</code>" : "</code>, which has no commit yet", out);
	} else if (v->detached) {
		fputs(" (detached HEAD)", out);
	}
	if (v->origin_url) {
		fputs(", origin <code>", out);
		rc |= psi_html_put(out, v->origin_url);
		fputs("</code>", out);
	}
	fputs(v->dirty ? "; <strong>the scanned files differ from the commit</strong> (modified, "
	                 "staged, or untracked and not ignored)</dd>\n"
	               : "; the scanned files are the commit's</dd>\n", out);
	return rc;
}

static int put_provenance(const ps_provenance *p, FILE *out)
{
	fputs("<dl class=\"prov\">\n", out);
	int rc = put_term(out, "started", p->started);
	rc |= put_term(out, "finished", p->finished);
	rc |= put_term(out, "rules digest", p->rules_digest);
	for (size_t i = 0; i < p->config_count; i++) {
		fputs("<dt>configuration</dt><dd><code>", out);
		rc |= psi_html_put(out, p->config_directories[i]);
		fputs("</code>, rules digest <code>", out);
		rc |= psi_html_put(out, p->config_digests[i]);
		fputs("</code></dd>\n", out);
	}
	fputs("<dt>options</dt><dd><code>", out);
	for (size_t i = 0; i < p->option_count; i++) {
		fputs(i ? " " : "", out);
		rc |= psi_html_put(out, p->options[i]);
	}
	fputs("</code></dd>\n", out);
	if (p->shard_count)
		fprintf(out, "<dt>shard</dt><dd>%u of %u</dd>\n", p->shard_index, p->shard_count);
	for (size_t i = 0; i < p->repository_count; i++)
		rc |= put_repository(&p->repositories[i], out);
	fputs("</dl>\n", out);
	return rc;
}

/* The scan's own provenance, and for a merged report each scan it joins
 * (the codebases, or the shards of one). */
static int put_provenances(const ps_result *result, FILE *out)
{
	fputs("<h2 id=\"provenance\">Provenance</h2>\n<dl class=\"prov\">\n", out);
	int rc = put_term(out, "profilescan", PS_VERSION);
	rc |= put_term(out, "libclang", ps_libclang_version());
	fputs("</dl>\n", out);
	rc |= put_provenance(&result->provenance, out);
	for (size_t i = 0; i < result->source_count; i++) {
		const ps_result *s = result->sources[i];
		fputs("<h3>Merged from <code>", out);
		rc |= psi_html_put(out, s->report_path);
		fprintf(out, "</code> (%zu finding%s, %zu translation unit%s)</h3>\n",
		        s->finding_count, plural(s->finding_count), s->stats.translation_units,
		        plural(s->stats.translation_units));
		rc |= put_provenance(&s->provenance, out);
		rc |= put_coverage(s, "<h4>Coverage</h4>\n", out);
	}
	return rc;
}

int psi_report_html(const ps_result *result, FILE *out, ps_error *err)
{
	put_head(result, out);
	int rc = psi_html_chart(result, out);
	rc |= psi_html_sinks(result, out);
	rc |= put_coverage(result, "<h2 id=\"coverage\">Coverage</h2>\n", out);
	rc |= psi_html_graph(result, out);
	rc |= psi_html_inventory(result, out);
	rc |= put_exceptions(result, out);
	rc |= put_provenances(result, out);
	fputs(script, out);
	fputs("</body>\n</html>\n", out);
	return rc == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory writing the report");
}
