/*
 * JSON reports read back into results, so that `profilescan merge` can
 * write the reports of several scans (the shards of a CI matrix, or many
 * codebases) as one, in any format.  A report is input from elsewhere:
 * every key is checked, and a report that lacks one, or gives it another
 * type, is an error naming the report and the finding, never a crash.
 *
 * Findings borrow their rules, and a flow its source rule, so the reader
 * makes a rule of each id the report names (rules/rule.c
 * psi_ruleset_add_stub) in a ruleset the result owns, with the texts of the
 * terms its findings matched; `known`, when given, lends the rationale.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

typedef struct reading {
	const char *path;
	ps_ruleset *set;
	const ps_ruleset *known;
	ps_error *err;
	size_t at;                 /* the finding being read, for messages */
} reading;

static int bad(reading *r, const char *what)
{
	return psi_fail(r->err, PS_EREPORT, "%s: finding %zu: %s", r->path, r->at + 1, what);
}

static const char *text(json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

/* A copy of a string member; `*ok` cleared when it is missing (unless it
 * may be null) or memory ran out. */
static char *copy(json_t *object, const char *key, int nullable, int *ok)
{
	json_t *v = json_object_get(object, key);
	if (nullable && (!v || json_is_null(v)))
		return NULL;
	char *s = json_is_string(v) ? psi_strdup(json_string_value(v)) : NULL;
	if (!s)
		*ok = 0;
	return s;
}

static unsigned number(json_t *object, const char *key, int *ok)
{
	json_t *v = json_object_get(object, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 0xffffffff) {
		*ok = 0;
		return 0;
	}
	return (unsigned)json_integer_value(v);
}

/* ---- rules ---------------------------------------------------------------- */

typedef struct wanted_rule {
	const char *id, *title;
	int category, severity;
	json_t *references;
	psi_strings terms;
	ps_rule *rule;
} wanted_rule;

typedef struct wanted_rules {
	wanted_rule *items;
	size_t count, capacity;
} wanted_rules;

static wanted_rule *want(wanted_rules *w, const char *id)
{
	for (size_t i = 0; i < w->count; i++)
		if (strcmp(w->items[i].id, id) == 0)
			return &w->items[i];
	if (PSI_PUSH(w->items, w->count, w->capacity) < 0)
		return NULL;
	wanted_rule *made = &w->items[w->count++];
	memset(made, 0, sizeof *made);
	made->id = id;
	made->title = id;
	made->category = made->severity = -1;
	return made;
}

static int want_term(wanted_rule *w, const char *term)
{
	for (size_t i = 0; i < w->terms.count; i++)
		if (strcmp(w->terms.items[i], term) == 0)
			return 0;
	return psi_strings_add(&w->terms, term);
}

/* The rule of finding `f` and, for a flow, its source rule, with the term. */
static int gather(reading *r, wanted_rules *w, json_t *f)
{
	const char *id = text(f, "rule"), *term = text(f, "term");
	int category = ps_category_from_name(text(f, "category") ? text(f, "category") : "");
	int severity = ps_severity_from_name(text(f, "severity") ? text(f, "severity") : "");
	if (!id || !term || category < 0 || severity < 0)
		return bad(r, "'rule', 'term', 'category' or 'severity' is missing or unknown");
	wanted_rule *rule = want(w, id);
	if (!rule || want_term(rule, term) < 0)
		return psi_fail(r->err, PS_ENOMEM, "out of memory");
	rule->category = category;
	rule->severity = severity;
	if (text(f, "title"))
		rule->title = text(f, "title");
	rule->references = json_object_get(f, "references");
	const char *source = text(f, "source_rule");
	if (!json_object_get(f, "sink"))
		return PS_OK;
	int source_category = ps_category_from_name(text(f, "source_category") ? text(f, "source_category") : "");
	if (!source || source_category < 0)
		return bad(r, "a flow without 'source_rule' or 'source_category'");
	wanted_rule *from = want(w, source);
	if (!from || want_term(from, term) < 0)
		return psi_fail(r->err, PS_ENOMEM, "out of memory");
	from->category = source_category;
	if (from->severity < 0)
		from->severity = PS_SEVERITY_WARNING;
	return PS_OK;
}

static int make_rule(reading *r, wanted_rule *w)
{
	const ps_rule *known = r->known ? ps_ruleset_find_rule(r->known, w->id) : NULL;
	for (size_t i = 0; !known && i < ps_builtin_rule_count(); i++)
		if (strcmp(ps_builtin_rule(i)->id, w->id) == 0)
			known = ps_builtin_rule(i);
	w->rule = psi_ruleset_add_stub(r->set, w->id, (ps_category)w->category,
	                               (ps_severity)w->severity, w->title, known, &w->terms);
	size_t n = json_array_size(w->references);
	for (size_t i = 0; w->rule && i < n; i++) {
		json_t *ref = json_array_get(w->references, i);
		if (!text(ref, "id") || !text(ref, "title"))
			return psi_fail(r->err, PS_EREPORT, "%s: rule %s: a reference without 'id' "
			                "or 'title'", r->path, w->id);
		if (psi_ruleset_add_stub_reference(r->set, w->rule, text(ref, "id"), text(ref, "title"),
		                                   text(ref, "url")) < 0)
			return psi_fail(r->err, PS_ENOMEM, "out of memory");
	}
	return w->rule ? PS_OK : psi_fail(r->err, PS_ENOMEM, "out of memory");
}

static const ps_rule *rule_named(const wanted_rules *w, const char *id)
{
	for (size_t i = 0; i < w->count; i++)
		if (strcmp(w->items[i].id, id) == 0)
			return w->items[i].rule;
	return NULL;
}

static const char *term_of(const ps_rule *rule, const char *term)
{
	for (size_t i = 0; i < rule->term_count; i++)
		if (strcmp(rule->terms[i].text, term) == 0)
			return rule->terms[i].text;
	return NULL;
}

/* ---- findings ------------------------------------------------------------- */

static int read_steps(json_t *path, ps_flow *flow, int *ok)
{
	flow->steps = calloc(json_array_size(path) + 1, sizeof *flow->steps);
	if (!json_is_array(path) || !flow->steps)
		return *ok = 0;
	for (size_t i = 0; *ok && i < json_array_size(path); i++) {
		json_t *s = json_array_get(path, i);
		ps_flow_step *step = &flow->steps[flow->step_count++];
		step->file = copy(s, "file", 0, ok);
		step->line = number(s, "line", ok);
		step->column = number(s, "column", ok);
		step->message = copy(s, "step", 0, ok);
		step->function = copy(s, "function", 1, ok);
	}
	return *ok;
}

/* A fingerprint or entity: hexadecimal digits only, as profilescan writes
 * them, since reports show them in places (an HTML id) that trust that. */
static void hex(json_t *object, const char *key, char out[24], int *ok)
{
	const char *value = text(object, key);
	json_t *v = json_object_get(object, key);
	if (value && strlen(value) < 24 && strspn(value, "0123456789abcdef") == strlen(value))
		strcpy(out, value);
	else if (v && !json_is_null(v))
		*ok = 0;
}

static int read_flow(json_t *f, const wanted_rules *w, ps_finding *finding, int *ok)
{
	ps_flow *flow = finding->flow = calloc(1, sizeof *flow);
	json_t *sink = json_object_get(f, "sink"), *source = json_object_get(f, "source");
	int kind = -1;
	for (int k = 0; k < PS_SINK_KIND_COUNT && text(sink, "kind"); k++)
		if (strcmp(ps_sink_kind_name((ps_sink_kind)k), text(sink, "kind")) == 0)
			kind = k;
	if (!flow || kind < 0)
		return *ok = 0;
	flow->source_rule = rule_named(w, text(f, "source_rule"));
	flow->source_term = term_of(flow->source_rule, finding->term);
	flow->sink_name = copy(sink, "name", 0, ok);
	flow->sink_kind = (ps_sink_kind)kind;
	flow->sink_file = copy(sink, "file", 0, ok);
	flow->sink_line = number(sink, "line", ok);
	if (source) { /* schema 1.1 */
		flow->source_file = copy(source, "file", 1, ok);
		flow->source_line = number(source, "line", ok);
		hex(source, "fingerprint", flow->source_fingerprint, ok);
		hex(source, "entity", flow->source_entity, ok);
	}
	return read_steps(json_object_get(f, "path"), flow, ok);
}

/* The uses of a declaration, of schema 1.4: none before it. */
static int read_uses(json_t *f, ps_finding *finding, int *ok)
{
	json_t *uses = json_object_get(f, "uses"), *omitted = json_object_get(f, "uses_omitted");
	if (!uses)
		return *ok;
	size_t n = json_array_size(uses);
	if (!json_is_array(uses) || n > PS_USES_MAX ||
	    !(finding->uses = calloc(n ? n : 1, sizeof *finding->uses)))
		return *ok = 0;
	for (size_t i = 0; *ok && i < n; i++) {
		json_t *u = json_array_get(uses, i);
		ps_use *use = &finding->uses[finding->use_count++];
		use->file = copy(u, "file", 0, ok);
		use->line = number(u, "line", ok);
		use->column = number(u, "column", ok);
		use->function = copy(u, "function", 1, ok);
		/* In order and once each, as a scan lists them, or the merge of
		 * reports would not find its duplicates. */
		if (*ok && i > 0 && psi_use_compare(use - 1, use) >= 0)
			*ok = 0;
	}
	if (omitted)
		finding->uses_omitted = number(f, "uses_omitted", ok);
	return *ok;
}

static int read_suppression(json_t *f, ps_finding *finding, int *ok)
{
	json_t *s = json_object_get(f, "suppression");
	if (!s || json_is_null(s))
		return *ok;
	const char *kind = text(s, "kind");
	finding->suppression = kind && strcmp(kind, "inline") == 0 ? PS_SUPPRESSED_IN_SOURCE
	                                                          : PS_SUPPRESSED_EXTERNAL;
	finding->justification = copy(s, "justification", 0, ok);
	finding->suppressed_at = copy(s, "location", 0, ok);
	finding->suppressed_by = copy(s, "author", 1, ok);
	finding->suppressed_until = copy(s, "expires", 1, ok);
	return *ok;
}

static int read_finding(reading *r, const wanted_rules *w, json_t *f, ps_finding *finding)
{
	int ok = 1, kind = ps_kind_from_name(text(f, "kind") ? text(f, "kind") : "");
	finding->rule = rule_named(w, text(f, "rule"));
	finding->term = term_of(finding->rule, text(f, "term"));
	finding->severity = (ps_severity)ps_severity_from_name(text(f, "severity"));
	finding->kind = (ps_kind)(kind < 0 ? 0 : kind);
	finding->name = copy(f, "name", 0, &ok);
	finding->file = copy(f, "file", 0, &ok);
	finding->line = number(f, "line", &ok);
	finding->column = number(f, "column", &ok);
	finding->scope = copy(f, "scope", 1, &ok);
	finding->message = copy(f, "message", 0, &ok);
	finding->context = copy(f, "context", 1, &ok);
	hex(f, "fingerprint", finding->fingerprint, &ok);
	hex(f, "entity", finding->entity, &ok);
	finding->is_definition = json_is_true(json_object_get(f, "definition"));
	read_suppression(f, finding, &ok);
	if (ok)
		read_uses(f, finding, &ok);
	if (ok && json_object_get(f, "sink"))
		read_flow(f, w, finding, &ok);
	if (kind < 0 || !finding->fingerprint[0])
		ok = 0;
	return ok ? PS_OK : bad(r, "a key is missing or has the wrong type");
}

/* ---- the rest of a report ------------------------------------------------- */

static int read_diagnostics(reading *r, json_t *list, ps_result *result)
{
	result->diagnostics = calloc(json_array_size(list) + 1, sizeof *result->diagnostics);
	if (!result->diagnostics)
		return psi_fail(r->err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *d = json_array_get(list, i);
		ps_diagnostic *diagnostic = &result->diagnostics[result->diagnostic_count++];
		int ok = 1, severity = ps_severity_from_name(text(d, "severity") ? text(d, "severity") : "");
		diagnostic->severity = (ps_severity)(severity < 0 ? 0 : severity);
		diagnostic->file = copy(d, "file", 1, &ok);
		diagnostic->line = number(d, "line", &ok);
		diagnostic->column = number(d, "column", &ok);
		diagnostic->message = copy(d, "message", 0, &ok);
		if (!ok || severity < 0)
			return psi_fail(r->err, PS_EREPORT, "%s: diagnostic %zu: a key is missing or has "
			                "the wrong type", r->path, i + 1);
	}
	return PS_OK;
}

static size_t count(json_t *object, const char *key)
{
	json_t *v = json_object_get(object, key);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (size_t)json_integer_value(v) : 0;
}

static void read_stats(json_t *s, ps_result *result)
{
	ps_stats *stats = &result->stats;
	stats->files_discovered = count(s, "files_discovered");
	stats->translation_units = count(s, "translation_units");
	stats->context_units = count(s, "context_units");
	stats->units_skipped = count(s, "units_skipped");   /* schema 1.6; 0 before */
	stats->translation_units_with_errors = count(s, "translation_units_with_errors");
	stats->files_failed = count(s, "files_failed");
	stats->files_scanned = count(s, "files_scanned");
	stats->declarations = count(s, "declarations");
	stats->string_literals = count(s, "string_literals");
	for (size_t i = 0; i < result->finding_count; i++)
		stats->findings_by_category[result->findings[i].rule->category]++;
}

static void copy_text(json_t *object, const char *key, char *out, size_t size)
{
	const char *value = text(object, key);
	if (value && strlen(value) < size)
		strcpy(out, value);
}

/* One repository's state as json.c writes it; 0, or -1 when a key is
 * missing or has the wrong type or memory ran out. */
static int read_repository(json_t *r, ps_vcs *v)
{
	int ok = json_is_boolean(json_object_get(r, "detached")) &&
	         json_is_boolean(json_object_get(r, "dirty"));
	v->detached = json_is_true(json_object_get(r, "detached"));
	v->dirty = json_is_true(json_object_get(r, "dirty"));
	v->root = copy(r, "root", 0, &ok);
	v->branch = copy(r, "branch", 1, &ok);
	char *url = copy(r, "origin_url", 1, &ok);
	/* Credentials never travel on, from whatever wrote the report. */
	if (url && !(v->origin_url = psi_url_without_userinfo(url)))
		ok = 0;
	free(url);
	json_t *commit = json_object_get(r, "commit");
	const char *hex = json_string_value(commit);
	if (hex && strlen(hex) < sizeof v->commit && strspn(hex, "0123456789abcdef") == strlen(hex))
		strcpy(v->commit, hex);
	else if (!json_is_null(commit))
		ok = 0;
	return ok ? 0 : -1;
}

/* The repositories' states, of schema 1.3; a report before it has none. */
static int read_repositories(json_t *from, ps_provenance *p)
{
	json_t *list = json_object_get(from, "version_control");
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list) ||
	    !(p->repositories = calloc(json_array_size(list) + 1, sizeof *p->repositories)))
		return -1;
	for (size_t i = 0; i < json_array_size(list); i++)
		if (read_repository(json_array_get(list, i), &p->repositories[p->repository_count++]) < 0)
			return -1;
	psi_sort(p->repositories, p->repository_count, sizeof *p->repositories, psi_vcs_compare);
	return 0;
}

/* Provenance and coverage, of schema 1.1; a report of 1.0 has neither. */
static int read_provenance(json_t *root, ps_provenance *p)
{
	json_t *from = json_object_get(root, "provenance"), *cover = json_object_get(root, "coverage");
	copy_text(from, "started", p->started, sizeof p->started);
	copy_text(from, "finished", p->finished, sizeof p->finished);
	copy_text(from, "rules_digest", p->rules_digest, sizeof p->rules_digest);
	json_t *options = json_object_get(from, "options");
	p->options = calloc(json_array_size(options) + 1, sizeof *p->options);
	json_t *units = json_object_get(cover, "units_with_errors");
	p->units_with_errors = calloc(json_array_size(units) + 1, sizeof *p->units_with_errors);
	if (!p->options || !p->units_with_errors)
		return -1;
	int ok = 1;
	for (size_t i = 0; ok && i < json_array_size(options); i++)
		if (json_is_string(json_array_get(options, i)))
			ok = (p->options[p->option_count++] =
			          psi_strdup(json_string_value(json_array_get(options, i)))) != NULL;
	json_t *configs = json_object_get(from, "configurations");
	p->config_directories = calloc(json_array_size(configs) + 1, sizeof *p->config_directories);
	p->config_digests = calloc(json_array_size(configs) + 1, sizeof *p->config_digests);
	if (!p->config_directories || !p->config_digests)
		return -1;
	for (size_t i = 0; ok && i < json_array_size(configs); i++) {
		json_t *c = json_array_get(configs, i);
		char *directory = copy(c, "directory", 0, &ok);
		if (!directory)
			break;
		p->config_directories[p->config_count] = directory;
		copy_text(c, "rules_digest", p->config_digests[p->config_count++], PS_DIGEST_SIZE);
	}
	json_t *shard = json_object_get(from, "shard");
	p->shard_index = (unsigned)count(shard, "index");
	p->shard_count = (unsigned)count(shard, "count");
	p->units_in_other_shards = count(cover, "units_in_other_shards");
	for (size_t i = 0; ok && i < json_array_size(units); i++) {
		json_t *u = json_array_get(units, i);
		ps_unit_errors *e = &p->units_with_errors[p->units_with_errors_count++];
		e->file = copy(u, "file", 0, &ok);
		e->errors = (unsigned)count(u, "errors");
		e->first_error = copy(u, "first_error", 1, &ok);
	}
	return ok ? read_repositories(from, p) : -1;
}

/* Findings, after the rules they borrow. */
static int read_findings(reading *r, json_t *list, ps_result *result)
{
	wanted_rules w = {0};
	int rc = PS_OK;
	for (r->at = 0; rc == PS_OK && r->at < json_array_size(list); r->at++)
		rc = json_is_object(json_array_get(list, r->at))
		         ? gather(r, &w, json_array_get(list, r->at))
		         : bad(r, "not an object");
	for (size_t i = 0; rc == PS_OK && i < w.count; i++)
		rc = make_rule(r, &w.items[i]);
	result->findings = calloc(json_array_size(list) + 1, sizeof *result->findings);
	if (rc == PS_OK && !result->findings)
		rc = psi_fail(r->err, PS_ENOMEM, "out of memory");
	for (r->at = 0; rc == PS_OK && r->at < json_array_size(list); r->at++)
		rc = read_finding(r, &w, json_array_get(list, r->at),
		                  &result->findings[result->finding_count++]);
	for (size_t i = 0; i < w.count; i++)
		psi_strings_clear(&w.items[i].terms);
	free(w.items);
	return rc;
}

static int sink_kind_named(const char *name, ps_sink_kind *kind)
{
	for (int k = 0; name && k < PS_SINK_KIND_COUNT; k++)
		if (strcmp(name, ps_sink_kind_name((ps_sink_kind)k)) == 0) {
			*kind = (ps_sink_kind)k;
			return 0;
		}
	return -1;
}

/* The sinks of a report of 1.5 or later; one before lists none (a merge
 * then lists those its flows reach). */
static int read_sinks(reading *r, json_t *list, ps_result *result)
{
	if (list && !json_is_array(list))
		return psi_fail(r->err, PS_EREPORT, "%s: \"sinks\" is not an array", r->path);
	result->sinks = calloc(json_array_size(list) + 1, sizeof *result->sinks);
	if (!result->sinks)
		return psi_fail(r->err, PS_ENOMEM, "out of memory");
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *item = json_array_get(list, i);
		ps_sink *sink = &result->sinks[result->sink_count++];
		int ok = sink_kind_named(text(item, "kind"), &sink->kind) == 0;
		sink->name = copy(item, "name", 0, &ok);
		sink->file = copy(item, "file", 0, &ok);
		sink->scope = copy(item, "scope", 1, &ok);
		sink->line = number(item, "line", &ok);
		sink->column = number(item, "column", &ok);
		const char *entity = text(item, "entity");
		if (entity && strlen(entity) < sizeof sink->entity)
			strcpy(sink->entity, entity);
		else if (entity)
			ok = 0;
		sink->is_definition = json_is_true(json_object_get(item, "definition"));
		if (!ok)
			return psi_fail(r->err, PS_EREPORT, "%s: sink %zu is malformed", r->path, i + 1);
	}
	psi_sinks_settle(result->sinks, &result->sink_count);
	return PS_OK;
}

/* A report of another major version may mean something else by a key. */
static int check_report(const char *path, json_t *root, ps_error *err)
{
	const char *version = text(root, "schema_version");
	json_t *tool = json_object_get(root, "tool");
	if (!json_is_object(root) || !text(tool, "name") || strcmp(text(tool, "name"), "profilescan") ||
	    !json_is_array(json_object_get(root, "findings")) ||
	    !json_is_array(json_object_get(root, "diagnostics")))
		return psi_fail(err, PS_EREPORT, "%s: not a JSON report of profilescan "
		                "(--format json)", path);
	if (version && strncmp(version, "1.", 2) != 0)
		return psi_fail(err, PS_EREPORT, "%s: schema version %s; this profilescan reads 1.x",
		                path, version);
	return PS_OK;
}

static int read_result(const char *path, json_t *root, const ps_ruleset *known,
                       ps_result *result, ps_error *err)
{
	reading r = {path, NULL, known, err, 0};
	int rc = check_report(path, root, err);
	if (rc == PS_OK && !(result->report_path = psi_strdup(path)))
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	if (rc == PS_OK)
		rc = ps_ruleset_new(&r.set, err);
	if (rc == PS_OK) {
		result->rulesets = calloc(1, sizeof *result->rulesets);
		if (!result->rulesets) {
			ps_ruleset_free(r.set);
			return psi_fail(err, PS_ENOMEM, "out of memory");
		}
		result->rulesets[result->ruleset_count++] = r.set;
		r.set->finished = 1;
		rc = read_findings(&r, json_object_get(root, "findings"), result);
	}
	if (rc == PS_OK)
		rc = read_diagnostics(&r, json_object_get(root, "diagnostics"), result);
	if (rc == PS_OK)
		rc = read_sinks(&r, json_object_get(root, "sinks"), result);
	if (rc == PS_OK) {
		read_stats(json_object_get(root, "stats"), result);
		if (read_provenance(root, &result->provenance) < 0)
			rc = psi_fail(err, PS_EREPORT, "%s: malformed provenance or coverage", path);
	}
	return rc;
}

int ps_report_read(const char *path, const ps_ruleset *known, ps_result **out, ps_error *err)
{
	*out = NULL;
	char *data;
	size_t length;
	int rc = psi_read_file(path, "report", (size_t)1 << 30, &data, &length, err);
	if (rc != PS_OK)
		return rc;
	json_error_t error;
	json_t *root = json_loadb(data, length, JSON_REJECT_DUPLICATES, &error);
	free(data);
	if (!root)
		return psi_fail(err, PS_EREPORT, "%s:%d:%d: %s", path, error.line, error.column,
		                error.text);
	ps_result *result = calloc(1, sizeof *result);
	rc = result ? read_result(path, root, known, result, err)
	            : psi_fail(err, PS_ENOMEM, "out of memory");
	json_decref(root);
	if (rc != PS_OK) {
		ps_result_free(result);
		return rc;
	}
	*out = result;
	return PS_OK;
}
