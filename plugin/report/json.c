/*
 * JSON reports, built with jansson.  The schema is in docs/json-format.md;
 * keys are only ever added, never renamed, so that consumers keep working.
 */
#include <jansson.h>

#include "report/report.h"

static json_t *text_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

/* The source rule, sink and path of a flow finding. */
static void add_flow(json_t *finding, const ps_flow *flow)
{
	json_t *path = json_array();
	for (size_t i = 0; i < flow->step_count; i++) {
		const ps_flow_step *s = &flow->steps[i];
		json_array_append_new(path, json_pack("{s:s, s:I, s:I, s:s}", "file", s->file,
		                                      "line", (json_int_t)s->line,
		                                      "column", (json_int_t)s->column,
		                                      "step", s->message));
	}
	json_object_set_new(finding, "source_rule", json_string(flow->source_rule->id));
	json_object_set_new(finding, "source_category",
	                    json_string(ps_category_name(flow->source_rule->category)));
	json_object_set_new(finding, "sink", json_pack("{s:s, s:s, s:s, s:I}",
	                                               "name", flow->sink_name,
	                                               "kind", ps_sink_kind_name(flow->sink_kind),
	                                               "file", flow->sink_file,
	                                               "line", (json_int_t)flow->sink_line));
	json_object_set_new(finding, "path", path);
}

static json_t *finding_json(const ps_finding *f)
{
	json_t *refs = json_array();
	for (size_t i = 0; i < f->rule->reference_count; i++) {
		const ps_reference *r = f->rule->references[i];
		json_array_append_new(refs, json_pack("{s:s, s:s, s:o}", "id", r->id,
		                                      "title", r->title, "url", text_or_null(r->url)));
	}
	json_t *suppression = f->suppression
		? json_pack("{s:s, s:s, s:s}",
		            "kind", f->suppression == PS_SUPPRESSED_IN_SOURCE ? "inline" : "exceptions-file",
		            "justification", f->justification, "location", f->suppressed_at)
		: json_null();
	json_t *finding = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:o, s:o}",
	                            "rule", f->rule->id,
	                            "category", ps_category_name(f->rule->category),
	                            "severity", ps_severity_name(f->severity),
	                            "file", f->file,
	                            "line", (json_int_t)f->line,
	                            "column", (json_int_t)f->column,
	                            "kind", ps_kind_name(f->kind),
	                            "name", f->name,
	                            "term", f->term,
	                            "scope", text_or_null(f->scope),
	                            "evidence", f->context ? "context" : "name",
	                            "context", text_or_null(f->context),
	                            "message", f->message,
	                            "title", f->rule->title,
	                            "fingerprint", f->fingerprint,
	                            "suppression", suppression,
	                            "references", refs);
	if (finding && f->flow)
		add_flow(finding, f->flow);
	return finding;
}

static json_t *diagnostic_json(const ps_diagnostic *d)
{
	return json_pack("{s:s, s:o, s:I, s:I, s:s}",
	                 "severity", ps_severity_name(d->severity),
	                 "file", text_or_null(d->file),
	                 "line", (json_int_t)d->line,
	                 "column", (json_int_t)d->column,
	                 "message", d->message);
}

static json_t *stats_json(const ps_result *result)
{
	const ps_stats *s = &result->stats;
	json_t *by_category = json_object();
	for (int c = 0; c < PS_CATEGORY_SINK; c++) /* a sink is never a finding */
		json_object_set_new(by_category, ps_category_name((ps_category)c),
		                    json_integer((json_int_t)s->findings_by_category[c]));
	size_t notes = 0;
	for (size_t i = 0; i < result->diagnostic_count; i++)
		notes += result->diagnostics[i].severity == PS_SEVERITY_NOTE;
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
	                 "files_discovered", (json_int_t)s->files_discovered,
	                 "translation_units", (json_int_t)s->translation_units,
	                 "translation_units_with_errors", (json_int_t)s->translation_units_with_errors,
	                 "parse_notes", (json_int_t)notes,
	                 "files_failed", (json_int_t)s->files_failed,
	                 "files_scanned", (json_int_t)s->files_scanned,
	                 "declarations", (json_int_t)s->declarations,
	                 "string_literals", (json_int_t)s->string_literals,
	                 "findings", (json_int_t)result->finding_count,
	                 "findings_by_category", by_category);
}

int psi_report_json(const ps_result *result, FILE *out, ps_error *err)
{
	json_t *findings = json_array();
	for (size_t i = 0; i < result->finding_count; i++)
		json_array_append_new(findings, finding_json(&result->findings[i]));
	json_t *diagnostics = json_array();
	for (size_t i = 0; i < result->diagnostic_count; i++)
		json_array_append_new(diagnostics, diagnostic_json(&result->diagnostics[i]));
	json_t *root = json_pack("{s:{s:s, s:s}, s:o, s:o, s:o}",
	                         "tool", "name", "profilescan", "version", PS_VERSION,
	                         "findings", findings,
	                         "diagnostics", diagnostics,
	                         "stats", stats_json(result));
	return psi_report_dump(root, out, err);
}

int psi_report_dump(json_t *root, FILE *out, ps_error *err)
{
	if (!root)
		return psi_fail(err, PS_ENOMEM, "out of memory building the report");
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
	         fputc('\n', out) != EOF
	             ? PS_OK
	             : psi_fail(err, PS_EIO, "cannot write the report");
	json_decref(root);
	return rc;
}
