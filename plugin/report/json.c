/*
 * JSON reports, built with jansson.  The schema is in docs/json-format.md;
 * keys are only ever added, never renamed, so that consumers keep working.
 * Text from the scanned tree goes through psi_json_text (bytes that are not
 * UTF-8 read \xNN), and a value that cannot be built fails the report
 * instead of vanishing from it.
 */
#include <jansson.h>

#include "report/report.h"

static json_t *step_json(const ps_flow_step *s)
{
	return json_pack("{s:o, s:I, s:I, s:o, s:o}", "file", psi_json_text(s->file),
	                 "line", (json_int_t)s->line, "column", (json_int_t)s->column,
	                 "step", psi_json_text(s->message), "function", psi_json_text(s->function));
}

static json_t *hex_or_null(const char *hex)
{
	return hex[0] ? json_string(hex) : json_null();
}

/* The source rule, sink and path of a flow finding. */
static void add_flow(json_t *finding, const ps_flow *flow, int *failed)
{
	json_t *path = json_array();
	for (size_t i = 0; path && i < flow->step_count; i++)
		psi_json_push(path, step_json(&flow->steps[i]), failed);
	psi_json_put(finding, "source_rule", json_string(flow->source_rule->id), failed);
	psi_json_put(finding, "source_category",
	             json_string(ps_category_name(flow->source_rule->category)), failed);
	psi_json_put(finding, "source", json_pack("{s:o, s:o, s:I, s:o}",
	                                          "fingerprint", hex_or_null(flow->source_fingerprint),
	                                          "file", psi_json_text(flow->source_file),
	                                          "line", (json_int_t)flow->source_line,
	                                          "entity", hex_or_null(flow->source_entity)),
	             failed);
	psi_json_put(finding, "sink", json_pack("{s:o, s:s, s:o, s:I}",
	                                        "name", psi_json_text(flow->sink_name),
	                                        "kind", ps_sink_kind_name(flow->sink_kind),
	                                        "file", psi_json_text(flow->sink_file),
	                                        "line", (json_int_t)flow->sink_line), failed);
	psi_json_put(finding, "path", path, failed);
}

/* Where a flagged declaration is used: on its own finding, when the scan
 * listed any (schema 1.4). */
static void add_uses(json_t *finding, const ps_finding *f, int *failed)
{
	json_t *uses = json_array();
	for (size_t i = 0; uses && i < f->use_count; i++) {
		const ps_use *u = &f->uses[i];
		psi_json_push(uses, json_pack("{s:o, s:I, s:I, s:o}", "file", psi_json_text(u->file),
		                              "line", (json_int_t)u->line,
		                              "column", (json_int_t)u->column,
		                              "function", psi_json_text(u->function)), failed);
	}
	psi_json_put(finding, "uses", uses, failed);
	psi_json_put(finding, "uses_omitted", json_integer((json_int_t)f->uses_omitted), failed);
}

static json_t *references_json(const ps_rule *rule, int *failed)
{
	json_t *refs = json_array();
	for (size_t i = 0; refs && i < rule->reference_count; i++) {
		const ps_reference *r = rule->references[i];
		psi_json_push(refs, json_pack("{s:s, s:s, s:o}", "id", r->id, "title", r->title,
		                              "url", psi_json_text(r->url)), failed);
	}
	return refs;
}

static json_t *suppression_json(const ps_finding *f)
{
	if (!f->suppression)
		return json_null();
	return json_pack("{s:s, s:o, s:o, s:o, s:o}",
	                 "kind", f->suppression == PS_SUPPRESSED_IN_SOURCE ? "inline" : "exceptions-file",
	                 "justification", psi_json_text(f->justification),
	                 "location", psi_json_text(f->suppressed_at),
	                 "author", psi_json_text(f->suppressed_by),
	                 "expires", psi_json_text(f->suppressed_until));
}

static json_t *finding_json(const ps_finding *f, int *failed)
{
	json_t *finding = json_pack(
		"{s:s, s:s, s:s, s:o, s:I, s:I, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:o, s:o}",
		"rule", f->rule->id,
		"category", ps_category_name(f->rule->category),
		"severity", ps_severity_name(f->severity),
		"file", psi_json_text(f->file),
		"line", (json_int_t)f->line,
		"column", (json_int_t)f->column,
		"kind", ps_kind_name(f->kind),
		"name", psi_json_text(f->name),
		"term", f->term,
		"scope", psi_json_text(f->scope),
		"evidence", f->context ? "context" : "name",
		"context", psi_json_text(f->context),
		"message", psi_json_text(f->message),
		"title", f->rule->title,
		"fingerprint", f->fingerprint,
		"suppression", suppression_json(f),
		"references", references_json(f->rule, failed));
	psi_json_put(finding, "entity", hex_or_null(f->entity), failed);
	psi_json_put(finding, "definition", json_boolean(f->is_definition), failed);
	if (finding && f->flow)
		add_flow(finding, f->flow, failed);
	if (finding && (f->use_count || f->uses_omitted))
		add_uses(finding, f, failed);
	return finding;
}

static json_t *diagnostic_json(const ps_diagnostic *d)
{
	return json_pack("{s:s, s:o, s:I, s:I, s:o}",
	                 "severity", ps_severity_name(d->severity),
	                 "file", psi_json_text(d->file),
	                 "line", (json_int_t)d->line,
	                 "column", (json_int_t)d->column,
	                 "message", psi_json_text(d->message));
}

static json_t *stats_json(const ps_result *result, int *failed)
{
	const ps_stats *s = &result->stats;
	json_t *by_category = json_object();
	for (int c = 0; by_category && c < PS_CATEGORY_SINK; c++) /* a sink is never a finding */
		psi_json_put(by_category, ps_category_name((ps_category)c),
		             json_integer((json_int_t)s->findings_by_category[c]), failed);
	size_t notes = 0;
	for (size_t i = 0; i < result->diagnostic_count; i++)
		notes += result->diagnostics[i].severity == PS_SEVERITY_NOTE;
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
	                 "files_discovered", (json_int_t)s->files_discovered,
	                 "translation_units", (json_int_t)s->translation_units,
	                 "context_units", (json_int_t)s->context_units,
	                 "units_skipped", (json_int_t)s->units_skipped,
	                 "translation_units_with_errors", (json_int_t)s->translation_units_with_errors,
	                 "parse_notes", (json_int_t)notes,
	                 "files_failed", (json_int_t)s->files_failed,
	                 "files_scanned", (json_int_t)s->files_scanned,
	                 "declarations", (json_int_t)s->declarations,
	                 "string_literals", (json_int_t)s->string_literals,
	                 "findings", (json_int_t)result->finding_count,
	                 "findings_by_category", by_category);
}

static json_t *strings_json(char *const *items, size_t count, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < count; i++)
		psi_json_push(list, psi_json_text(items[i]), failed);
	return list;
}

/* Each repository's state; a NULL branch or origin is JSON null. */
static json_t *repositories_json(const ps_provenance *p, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < p->repository_count; i++) {
		const ps_vcs *v = &p->repositories[i];
		psi_json_push(list, json_pack("{s:o, s:o, s:o, s:b, s:b, s:o}",
		                              "root", psi_json_text(v->root),
		                              "commit", hex_or_null(v->commit),
		                              "branch", psi_json_text(v->branch),
		                              "detached", v->detached, "dirty", v->dirty,
		                              "origin_url", psi_json_text(v->origin_url)),
		              failed);
	}
	return list;
}

static json_t *provenance_json(const ps_provenance *p, int *failed)
{
	json_t *configs = json_array();
	for (size_t i = 0; configs && i < p->config_count; i++)
		psi_json_push(configs, json_pack("{s:o, s:s}",
		                                 "directory", psi_json_text(p->config_directories[i]),
		                                 "rules_digest", p->config_digests[i]), failed);
	json_t *shard = p->shard_count ? json_pack("{s:I, s:I}", "index", (json_int_t)p->shard_index,
	                                           "count", (json_int_t)p->shard_count)
	                               : json_null();
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
	                 "started", p->started, "finished", p->finished,
	                 "rules_digest", p->rules_digest, "configurations", configs,
	                 "options", strings_json(p->options, p->option_count, failed),
	                 "shard", shard, "version_control", repositories_json(p, failed));
}

static json_t *coverage_json(const ps_result *result, int *failed)
{
	const ps_provenance *p = &result->provenance;
	json_t *with_errors = json_array();
	for (size_t i = 0; with_errors && i < p->units_with_errors_count; i++) {
		const ps_unit_errors *u = &p->units_with_errors[i];
		psi_json_push(with_errors, json_pack("{s:o, s:I, s:o}", "file", psi_json_text(u->file),
		                                     "errors", (json_int_t)u->errors,
		                                     "first_error", psi_json_text(u->first_error)),
		              failed);
	}
	/* An error diagnostic is an input that was not scanned, and says why. */
	json_t *skipped = json_array();
	for (size_t i = 0; skipped && i < result->diagnostic_count; i++) {
		const ps_diagnostic *d = &result->diagnostics[i];
		if (d->severity == PS_SEVERITY_ERROR)
			psi_json_push(skipped, json_pack("{s:o, s:o}", "file", psi_json_text(d->file),
			                                 "reason", psi_json_text(d->message)), failed);
	}
	return json_pack("{s:I, s:o, s:o, s:I}",
	                 "translation_units", (json_int_t)result->stats.translation_units,
	                 "units_with_errors", with_errors, "skipped", skipped,
	                 "units_in_other_shards", (json_int_t)p->units_in_other_shards);
}

/* The flagged declarations that feed a sink, each once: the source's
 * finding (its fingerprint, or null when the result holds none), name and
 * rule. */
static json_t *fed_by_json(const psi_sink_feed *feed, int *failed)
{
	json_t *list = json_array();
	const ps_finding *last = NULL;
	for (size_t i = 0; list && i < feed->count; i++) {
		const ps_finding *f = feed->flows[i];
		if (last && strcmp(last->flow->source_fingerprint, f->flow->source_fingerprint) == 0 &&
		    strcmp(last->name, f->name) == 0 && last->flow->source_rule == f->flow->source_rule)
			continue;
		last = f;
		const char *fingerprint = f->flow->source_fingerprint;
		psi_json_push(list, json_pack("{s:o, s:o, s:s}",
		                              "source", fingerprint[0] ? json_string(fingerprint)
		                                                       : json_null(),
		                              "name", psi_json_text(f->name),
		                              "rule", f->flow->source_rule->id), failed);
	}
	return list;
}

static json_t *sinks_json(const ps_result *result, int *failed)
{
	psi_sink_feeds feeds;
	json_t *list = json_array();
	if (psi_sink_feeds_of(result, &feeds) < 0) {
		*failed = 1;
		return list;
	}
	for (size_t i = 0; list && i < result->sink_count; i++) {
		const ps_sink *s = &result->sinks[i];
		const psi_sink_feed *feed = &feeds.feeds[i];
		psi_json_push(list, json_pack("{s:o, s:s, s:o, s:I, s:I, s:o, s:o, s:b, s:I, s:I, s:o}",
		                              "name", psi_json_text(s->name),
		                              "kind", ps_sink_kind_name(s->kind),
		                              "file", psi_json_text(s->file),
		                              "line", (json_int_t)s->line,
		                              "column", (json_int_t)s->column,
		                              "scope", psi_json_text(s->scope),
		                              "entity", s->entity[0] ? json_string(s->entity)
		                                                     : json_null(),
		                              "definition", s->is_definition,
		                              "flows", (json_int_t)feed->count,
		                              "protected_flows", (json_int_t)feed->protected_count,
		                              "fed_by", fed_by_json(feed, failed)), failed);
	}
	psi_sink_feeds_free(&feeds);
	return list;
}

/* A merged result's inputs, each as its report described its scan. */
static json_t *sources_json(const ps_result *result, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < result->source_count; i++) {
		const ps_result *s = result->sources[i];
		psi_json_push(list, json_pack("{s:o, s:o, s:o, s:o}",
		                              "report", psi_json_text(s->report_path),
		                              "provenance", provenance_json(&s->provenance, failed),
		                              "coverage", coverage_json(s, failed),
		                              "stats", stats_json(s, failed)), failed);
	}
	return list;
}

int psi_report_json(const ps_result *result, FILE *out, ps_error *err)
{
	int failed = 0;
	json_t *findings = json_array();
	for (size_t i = 0; findings && i < result->finding_count; i++)
		psi_json_push(findings, finding_json(&result->findings[i], &failed), &failed);
	json_t *diagnostics = json_array();
	for (size_t i = 0; diagnostics && i < result->diagnostic_count; i++)
		psi_json_push(diagnostics, diagnostic_json(&result->diagnostics[i]), &failed);
	json_t *root = json_pack("{s:{s:s, s:s, s:s}, s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
	                         "tool", "name", "profilescan", "version", PS_VERSION,
	                         "libclang", ps_libclang_version(),
	                         "schema_version", PSI_JSON_SCHEMA_VERSION,
	                         "findings", findings,
	                         "sinks", sinks_json(result, &failed),
	                         "diagnostics", diagnostics,
	                         "stats", stats_json(result, &failed),
	                         "provenance", provenance_json(&result->provenance, &failed),
	                         "coverage", coverage_json(result, &failed));
	if (root && result->sources)
		psi_json_put(root, "sources", sources_json(result, &failed), &failed);
	return psi_report_dump(root, failed, out, err);
}

int psi_report_dump(json_t *root, int failed, FILE *out, ps_error *err)
{
	if (!root || failed) {
		json_decref(root);
		return psi_fail(err, PS_ENOMEM, "out of memory building the report");
	}
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
	         fputc('\n', out) != EOF
	             ? PS_OK
	             : psi_fail(err, PS_EIO, "cannot write the report");
	json_decref(root);
	return rc;
}
