/*
 * SARIF 2.1.0 reports, in the shape GitHub code scanning reads: one run, the
 * tool with every rule, results whose paths are relative to %SRCROOT% (the
 * working directory), regions in UTF-16 code units, fingerprints that do
 * not change when code moves to another line, and the state of the git
 * repository the scanned tree is in (versionControlProvenance).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"

/* ---- rules ---------------------------------------------------------------- */

typedef struct rule_table {
	const ps_rule **rules;
	size_t count, capacity;
} rule_table;

static long index_of(const rule_table *t, const char *id)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->rules[i]->id, id) == 0)
			return (long)i;
	return -1;
}

static int add_rule(rule_table *t, const ps_rule *rule)
{
	if (index_of(t, rule->id) >= 0)
		return 0;
	if (PSI_PUSH(t->rules, t->count, t->capacity) < 0)
		return -1;
	t->rules[t->count++] = rule;
	return 0;
}

/* "Named for nationality or citizenship" -> "NamedForNationalityOrCitizenship" */
static char *pascal_name(const char *title)
{
	char *name = malloc(strlen(title) + 1);
	if (!name)
		return NULL;
	size_t n = 0;
	int upper = 1;
	for (const unsigned char *p = (const unsigned char *)title; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
			name[n++] = (char)(upper && *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
			upper = 0;
		} else {
			upper = 1;
		}
	}
	name[n] = '\0';
	return name;
}

static const char *sarif_level(ps_severity severity)
{
	return severity == PS_SEVERITY_ERROR ? "error"
	     : severity == PS_SEVERITY_WARNING ? "warning" : "note";
}

/* GitHub's own scale for how serious a problem is. */
static const char *problem_severity(ps_severity severity)
{
	return severity == PS_SEVERITY_ERROR ? "error"
	     : severity == PS_SEVERITY_WARNING ? "warning" : "recommendation";
}

/* How far a rule's results can be trusted, as GitHub reads `precision`:
 * a protected ground spelt in the name is high; a proxy, and a proxy's flow
 * (PS-FLW-002), stand in for one,
 * and a value or group word (PS-ETH-003) may name a language as often as a
 * people, so theirs is medium. */
static int is_proxy(const ps_rule *rule)
{
	return rule->category == PS_CATEGORY_PROXY ||
	       strcmp(rule->id, ps_builtin_rule(PSI_BUILTIN_PROXY_FLOW)->id) == 0;
}

static const char *rule_precision(const ps_rule *rule)
{
	if (is_proxy(rule))
		return "medium";
	if (rule->kinds && !(rule->kinds & ~((1u << PS_KIND_ENUM_CONSTANT) |
	                                      (1u << PS_KIND_STRING_LITERAL))))
		return "medium";
	return "high";
}

/* `text` with `more` appended, both freed; NULL when
 * memory ran out, then nothing is left. */
static char *joined(char *text, char *more)
{
	char *whole = text && more ? psi_sprintf("%s%s", text, more) : NULL;
	free(text);
	free(more);
	return whole;
}

/* The help of a rule, as text and as Markdown: its rationale, then each
 * reference; as long as they are (a pack's rationale has no bound). */
static int rule_help(const ps_rule *rule, char **text, char **markdown)
{
	*text = psi_sprintf("%s\n\nReferences:\n", rule->rationale);
	*markdown = psi_sprintf("**%s**\n\n%s\n\nReferences:\n\n", rule->title, rule->rationale);
	for (size_t i = 0; i < rule->reference_count; i++) {
		const ps_reference *ref = rule->references[i];
		*text = joined(*text, psi_sprintf("- %s%s%s\n", ref->title, ref->url ? " " : "",
		                                  ref->url ? ref->url : ""));
		*markdown = joined(*markdown, ref->url ? psi_sprintf("- [%s](%s)\n", ref->title, ref->url)
		                                       : psi_sprintf("- %s\n", ref->title));
	}
	if (*text && *markdown)
		return 0;
	free(*text);
	free(*markdown);
	return -1;
}

static json_t *rule_json(const ps_rule *rule)
{
	char *text, *markdown;
	if (rule_help(rule, &text, &markdown) < 0)
		return NULL;
	char *name = pascal_name(rule->title);
	char *help_uri = PS_RULES_URL[0] ? psi_sprintf("%s#%s", PS_RULES_URL, rule->id) : NULL;
	json_t *tags = json_pack("[s, s, s]", "profiling", ps_category_name(rule->category),
	                         is_proxy(rule) ? "proxy-discrimination" : "protected-ground");
	json_t *json = json_pack(
		"{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:o, s:s, s:s}}",
		"id", rule->id,
		"name", name ? name : rule->id,
		"shortDescription", "text", rule->title,
		"fullDescription", "text", rule->rationale,
		"help", "text", text, "markdown", markdown,
		"defaultConfiguration", "level", sarif_level(rule->severity),
		"properties", "tags", tags, "precision", rule_precision(rule),
		"problem.severity", problem_severity(rule->severity));
	if (json && help_uri && json_object_set_new(json, "helpUri", json_string(help_uri)) != 0) {
		json_decref(json);
		json = NULL;
	}
	free(help_uri);
	free(name);
	free(text);
	free(markdown);
	return json;
}

/* ---- locations ------------------------------------------------------------ */

/* A path as a URI reference: every byte outside the unreserved set and '/'
 * percent-encoded. */
static char *uri_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *uri = malloc(strlen(path) * 3 + 1);
	if (!uri)
		return NULL;
	char *w = uri;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return uri;
}

/* Where URIs are relative to: %SRCROOT% is the working directory, where
 * report paths are relative to.  A file outside it (a scan of "../src")
 * gets an absolute file:// URI, since a relative reference must not start
 * with '/' (SARIF1004). */
typedef struct locator {
	char cwd[PATH_MAX];
	size_t cwd_length;   /* 0 for "/" */
} locator;

static int locator_init(locator *l)
{
	if (!getcwd(l->cwd, sizeof l->cwd))
		return -1;
	l->cwd_length = strcmp(l->cwd, "/") == 0 ? 0 : strlen(l->cwd);
	return 0;
}

/* The artifactLocation of `file` (relative to the working directory, or
 * absolute). */
static json_t *artifact_json(const locator *l, const char *file)
{
	char *absolute = file[0] == '/' ? psi_strdup(file) : psi_sprintf("%s/%s", l->cwd, file);
	if (!absolute)
		return NULL;
	json_t *artifact = NULL;
	const char *below = absolute + l->cwd_length;
	if (strncmp(absolute, l->cwd, l->cwd_length) == 0 && below[0] == '/') {
		char *uri = uri_path(below + 1);
		artifact = uri ? json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", "%SRCROOT%") : NULL;
		free(uri);
	} else {
		char *path = uri_path(absolute);
		char *uri = path ? psi_sprintf("file://%s", path) : NULL;
		artifact = uri ? json_pack("{s:s}", "uri", uri) : NULL;
		free(path);
		free(uri);
	}
	free(absolute);
	return artifact;
}

/* The URI of the working directory: with its final slash. */
static char *root_uri(const locator *l)
{
	char *path = uri_path(l->cwd);
	char *uri = path ? psi_sprintf("file://%s%s", path, l->cwd_length ? "/" : "") : NULL;
	free(path);
	return uri;
}

/* ---- version control ------------------------------------------------------ */

/* repositoryUri, which SARIF requires to be an absolute URI: origin's URL
 * when it is one; git's scp-like host:path as the ssh:// URI it stands
 * for on the forges (GitHub, GitLab); a local path, or no origin, as the
 * file:// URI of that path or of the working tree. */
static char *repository_uri(const ps_vcs *v)
{
	const char *url = v->origin_url;
	if (url && strstr(url, "://"))
		return psi_strdup(url);
	size_t host = url ? strcspn(url, ":/") : 0;
	if (url && host > 0 && url[host] == ':')
		return psi_sprintf("ssh://%.*s/%s", (int)host, url,
		                   url + host + 1 + (url[host + 1] == '/'));
	char *path = uri_path(url && url[0] == '/' ? url : v->root);
	char *uri = path ? psi_sprintf("file://%s%s", path, url && url[0] == '/' ? "" : "/")
	                 : NULL;
	free(path);
	return uri;
}

/* mappedTo: where the working tree is, relative to %SRCROOT% (the working
 * directory, which report paths are relative to) when it is there or
 * below, else as a file:// URI (a relative reference must not climb out
 * with ".."; the multitool then warns, SARIF2007, that paths in the
 * repository cannot be told: they are relative to %SRCROOT%, not to it). */
static json_t *mapped_to_json(const locator *l, const char *root)
{
	if (strcmp(root, l->cwd) == 0)
		return json_pack("{s:s}", "uriBaseId", "%SRCROOT%");
	const char *below = root + l->cwd_length;
	int inside = strncmp(root, l->cwd, l->cwd_length) == 0 && below[0] == '/';
	char *path = uri_path(inside ? below + 1 : root);
	char *uri = path ? psi_sprintf("%s%s/", inside ? "" : "file://", path) : NULL;
	json_t *json = !uri ? NULL
	             : inside ? json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", "%SRCROOT%")
	                      : json_pack("{s:s}", "uri", uri);
	free(path);
	free(uri);
	return json;
}

/* versionControlProvenance (SARIF 3.14.13, versionControlDetails 3.23):
 * a branch only when HEAD is on one, a revision only when it has a commit,
 * and in its properties whether the tree was the commit's. */
static json_t *provenance_json(const ps_provenance *p, const locator *l, int *failed)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < p->repository_count; i++) {
		const ps_vcs *v = &p->repositories[i];
		char *uri = repository_uri(v);
		json_t *details = uri ? json_pack("{s:o}", "repositoryUri", psi_json_text(uri)) : NULL;
		free(uri);
		if (details && v->commit[0])
			psi_json_put(details, "revisionId", json_string(v->commit), failed);
		if (details && v->branch)
			psi_json_put(details, "branch", psi_json_text(v->branch), failed);
		if (details) {
			psi_json_put(details, "mappedTo", mapped_to_json(l, v->root), failed);
			psi_json_put(details, "properties", json_pack("{s:b}", "dirty", v->dirty), failed);
		}
		psi_json_push(list, details, failed);
	}
	return list;
}

/* The steps of a flow as a SARIF code flow: one thread, one location per step. */
static json_t *code_flows_json(const ps_flow *flow, psi_columns *columns, const locator *l,
                               int *failed)
{
	json_t *steps = json_array();
	for (size_t i = 0; steps && i < flow->step_count; i++) {
		const ps_flow_step *step = &flow->steps[i];
		psi_json_push(steps, json_pack(
			"{s:{s:{s:o, s:{s:I, s:I}}, s:{s:o}}}",
			"location",
			"physicalLocation",
			"artifactLocation", artifact_json(l, step->file),
			"region", "startLine", (json_int_t)step->line,
			"startColumn", (json_int_t)psi_columns_utf16(columns, step->file, step->line,
			                                             step->column),
			"message", "text", psi_json_text(step->message)), failed);
	}
	return json_pack("[{s:[{s:o}]}]", "threadFlows", "locations", steps);
}

/* relatedLocations: the flagged declaration a flow starts from, which the
 * message names ("field 'nationaliteit' ... feeds"), so that a reviewer can
 * jump to it from the flow's finding. */
static json_t *source_location_json(const ps_flow *flow, psi_columns *columns,
                                    const locator *l)
{
	if (!flow->source_file || flow->source_line == 0)
		return json_array();
	unsigned column = psi_columns_utf16(columns, flow->source_file, flow->source_line,
	                                    flow->source_column);
	return json_pack("[{s:I, s:{s:o, s:{s:I, s:I}}, s:{s:s}}]",
	                 "id", (json_int_t)0,
	                 "physicalLocation", "artifactLocation", artifact_json(l, flow->source_file),
	                 "region", "startLine", (json_int_t)flow->source_line,
	                 "startColumn", (json_int_t)(column ? column : 1),
	                 "message", "text", "the flagged declaration this flow starts from");
}

static json_t *result_json(const ps_finding *f, long rule_index, psi_columns *columns,
                           const locator *l, int *failed)
{
	/* Names do not span lines, except phrases in raw string literals,
	 * which are marked to the end of the name's first line. */
	size_t length = strcspn(f->name, "\n");
	unsigned start = psi_columns_utf16(columns, f->file, f->line, f->column);
	unsigned end = psi_columns_utf16(columns, f->file, f->line, f->column + (unsigned)length);
	json_t *location = json_pack("{s:{s:o, s:{s:I, s:I, s:I, s:I}}}",
	                             "physicalLocation",
	                             "artifactLocation", artifact_json(l, f->file),
	                             "region", "startLine", (json_int_t)f->line,
	                             "startColumn", (json_int_t)start,
	                             "endLine", (json_int_t)f->line,
	                             "endColumn", (json_int_t)end);
	json_t *result = json_pack("{s:s, s:I, s:s, s:{s:o}, s:[o], s:{s:s}}",
	                           "ruleId", f->rule->id,
	                           "ruleIndex", (json_int_t)rule_index,
	                           "level", sarif_level(f->severity),
	                           "message", "text", psi_json_text(f->message),
	                           "locations", location,
	                           "partialFingerprints", "profilescanFingerprint/v1", f->fingerprint);
	if (result && f->flow) {
		psi_json_put(result, "codeFlows", code_flows_json(f->flow, columns, l, failed), failed);
		psi_json_put(result, "relatedLocations", source_location_json(f->flow, columns, l),
		             failed);
	}
	/* A finding its context made says what decided it, and how it was
	 * found (an identifier read from tokens is not a parsed declaration). */
	if (result && (f->context || f->kind == PS_KIND_IDENTIFIER))
		psi_json_put(result, "properties", json_pack(
			"{s:s, s:s, s:o}", "evidence", f->context ? "context" : "name",
			"kind", ps_kind_name(f->kind),
			"context", psi_json_text(f->context)), failed);
	if (result && f->suppression)
		psi_json_put(result, "suppressions", json_pack(
			"[{s:s, s:s, s:o, s:{s:o, s:o, s:o}}]",
			"kind", f->suppression == PS_SUPPRESSED_IN_SOURCE ? "inSource" : "external",
			"status", "accepted", "justification", psi_json_text(f->justification),
			"properties", "location", psi_json_text(f->suppressed_at),
			"author", psi_json_text(f->suppressed_by),
			"expires", psi_json_text(f->suppressed_until)),
			failed);
	return result;
}

static json_t *notification_json(const ps_diagnostic *d, const locator *l, int *failed)
{
	json_t *n = json_pack("{s:s, s:{s:o}}", "level", sarif_level(d->severity),
	                      "message", "text", psi_json_text(d->message));
	if (n && d->file) {
		json_t *physical = json_pack("{s:o}", "artifactLocation", artifact_json(l, d->file));
		if (physical && d->line)
			psi_json_put(physical, "region",
			             json_pack("{s:I}", "startLine", (json_int_t)d->line), failed);
		psi_json_put(n, "locations", json_pack("[{s:o}]", "physicalLocation", physical),
		             failed);
	}
	return n;
}

/* One run: the rules, results and notifications of one scan. */
/* The run's invocation: whether it scanned everything, when, from where,
 * and the options that decided what it found (not the whole command line:
 * output paths say nothing of the findings). */
static json_t *invocation_json(const ps_result *result, const char *root, json_t *notifications)
{
	const ps_provenance *p = &result->provenance;
	json_t *options = json_array();
	for (size_t i = 0; options && i < p->option_count; i++)
		json_array_append_new(options, json_string(p->options[i]));
	json_t *invocation = json_pack("{s:b, s:o, s:{s:s}, s:{s:o}}",
	                               "executionSuccessful", !ps_result_incomplete(result),
	                               "toolExecutionNotifications", notifications,
	                               "workingDirectory", "uri", root,
	                               "properties", "options", options ? options : json_array());
	if (invocation && p->started[0])
		json_object_set_new(invocation, "startTimeUtc", json_string(p->started));
	if (invocation && p->finished[0])
		json_object_set_new(invocation, "endTimeUtc", json_string(p->finished));
	return invocation;
}

/* runAutomationDetails: GitHub keeps one analysis per id, so each shard of a
 * matrix names its own and does not replace the others', and so does each
 * report a merge joins (`report`, from 1; 0 for a scan's own run). */
static json_t *automation_json(const ps_provenance *p, size_t report)
{
	char id[96], part[48] = "";
	if (report)
		snprintf(part, sizeof part, "report-%zu/", report);
	if (p->shard_count > 1)
		snprintf(id, sizeof id, "profilescan/%sshard-%u-of-%u/", part, p->shard_index,
		         p->shard_count);
	else
		snprintf(id, sizeof id, "profilescan/%s", part);
	return json_pack("{s:s}", "id", id);
}

static json_t *run_json(const ps_result *result, size_t report, const ps_ruleset *rules,
                        const locator *where, const char *root, int *failed)
{
	rule_table table = {0};
	for (size_t i = 0; rules && i < ps_ruleset_rule_count(rules); i++)
		*failed |= add_rule(&table, ps_ruleset_rule(rules, i)) < 0;
	for (size_t i = 0; i < ps_builtin_rule_count(); i++)
		*failed |= add_rule(&table, ps_builtin_rule(i)) < 0;
	for (size_t i = 0; i < result->finding_count; i++)
		*failed |= add_rule(&table, result->findings[i].rule) < 0;
	json_t *rules_json = json_array();
	for (size_t i = 0; rules_json && i < table.count; i++)
		psi_json_push(rules_json, rule_json(table.rules[i]), failed);

	psi_columns *columns = psi_columns_new();
	json_t *results = columns ? json_array() : NULL;
	for (size_t i = 0; results && i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		psi_json_push(results,
		              result_json(f, index_of(&table, f->rule->id), columns, where, failed),
		              failed);
	}
	*failed |= !columns || psi_columns_failed(columns);
	psi_columns_free(columns);
	free(table.rules);

	json_t *notifications = json_array();
	for (size_t i = 0; notifications && i < result->diagnostic_count; i++)
		/* Errors (inputs not scanned) and warnings (stale or expired
		 * exceptions); notes about compiler errors would drown them. */
		if (result->diagnostics[i].severity != PS_SEVERITY_NOTE)
			psi_json_push(notifications,
			              notification_json(&result->diagnostics[i], where, failed),
			              failed);
	json_t *run = json_pack(
		"{s:{s:{s:s, s:s, s:s, s:o, s:{s:s, s:s}}}, s:{s:{s:s}}, s:s, s:o, s:[o], s:o}",
		"tool", "driver", "name", "profilescan", "version", PS_VERSION,
		"semanticVersion", PS_VERSION, "rules", rules_json,
		"properties", "libclang", ps_libclang_version(),
		"rulesDigest", result->provenance.rules_digest,
		"originalUriBaseIds", "%SRCROOT%", "uri", root,
		"columnKind", "utf16CodeUnits",
		"results", results,
		"invocations", invocation_json(result, root, notifications),
		"automationDetails", automation_json(&result->provenance, report));
	if (run && result->provenance.repository_count)
		psi_json_put(run, "versionControlProvenance",
		             provenance_json(&result->provenance, where, failed), failed);
	if (run && PS_HOMEPAGE[0])
		psi_json_put(json_object_get(json_object_get(run, "tool"), "driver"),
		             "informationUri", json_string(PS_HOMEPAGE), failed);
	*failed |= run == NULL;
	return run;
}

/* A merged result is one run per scan it was merged from. */
int psi_report_sarif(const ps_result *result, const ps_ruleset *rules, FILE *out, ps_error *err)
{
	locator where;
	if (locator_init(&where) != 0)
		return psi_fail(err, PS_EIO, "cannot name the working directory for SARIF's "
		                "%%SRCROOT%%: %s", strerror(errno));
	int failed = 0;
	char *root = root_uri(&where);
	json_t *runs = json_array();
	if (!root || !runs)
		failed = 1;
	else if (!result->sources)
		psi_json_push(runs, run_json(result, 0, rules, &where, root, &failed), &failed);
	for (size_t i = 0; root && runs && i < result->source_count; i++)
		psi_json_push(runs, run_json(result->sources[i], i + 1, rules, &where, root, &failed),
		              &failed);
	free(root);
	json_t *doc = json_pack("{s:s, s:s, s:o}",
	                        "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	                        "version", "2.1.0", "runs", runs);
	return psi_report_dump(doc, failed, out, err);
}
