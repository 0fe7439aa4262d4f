/*
 * Baselines: the findings a team has accepted, by fingerprint, so that only
 * new ones fail a build.  Stored as JSON (jansson).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"

struct ps_baseline {
	json_t *entries;   /* the "findings" array of the file */
	char *path;
};

static int write_baseline(FILE *out, void *context, ps_error *err)
{
	const ps_result *result = context;
	int failed = 0;
	json_t *entries = json_array();
	for (size_t i = 0; entries && i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		psi_json_push(entries, json_pack("{s:s, s:s, s:o, s:s, s:o}",
		                                 "fingerprint", f->fingerprint,
		                                 "rule", f->rule->id,
		                                 "file", psi_json_text(f->file),
		                                 "kind", ps_kind_name(f->kind),
		                                 "name", psi_json_text(f->name)), &failed);
	}
	json_t *root = json_pack("{s:s, s:i, s:o}", "tool", "profilescan", "baseline_version", 1,
	                         "findings", entries);
	if (!root || failed) {
		json_decref(root);
		return psi_fail(err, PS_ENOMEM, "out of memory building the baseline");
	}
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
	                 fputc('\n', out) != EOF
	             ? PS_OK
	             : psi_fail(err, PS_EIO, "cannot write the baseline");
	json_decref(root);
	return rc;
}

int ps_baseline_write(const ps_result *result, const char *path, ps_error *err)
{
	return psi_write_atomically(path, write_baseline, (void *)result, err);
}

int ps_baseline_load(const char *path, ps_baseline **out, ps_error *err)
{
	*out = NULL;
	char *text;
	size_t length;
	int read = psi_read_file(path, "baseline", (size_t)1 << 30, &text, &length, err);
	if (read != PS_OK) {
		if (err && read != PS_ENOMEM)
			err->code = PS_EUSAGE;
		return read == PS_ENOMEM ? read : PS_EUSAGE;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text, length, 0, &jerr);
	free(text);
	if (!root)
		return psi_fail(err, PS_EUSAGE, "%s:%d:%d: not a baseline: %s", path, jerr.line,
				jerr.column > 0 ? jerr.column : 1, jerr.text);
	json_t *entries = json_object_get(root, "findings");
	int ok = json_is_array(entries) && json_integer_value(json_object_get(root, "baseline_version")) == 1;
	size_t i;
	json_t *entry;
	json_array_foreach(entries, i, entry) {
		if (!ok)
			break;
		ok = json_is_string(json_object_get(entry, "fingerprint"));
	}
	if (!ok) {
		json_decref(root);
		return psi_fail(err, PS_EUSAGE, "%s: not a profilescan baseline (version 1, a "
				"\"findings\" list of entries with a \"fingerprint\")", path);
	}
	ps_baseline *baseline = calloc(1, sizeof *baseline);
	if (baseline)
		baseline->path = psi_strdup(path);
	if (!baseline || !baseline->path) {
		free(baseline);
		json_decref(root);
		return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	baseline->entries = json_incref(entries);
	json_decref(root);
	*out = baseline;
	return PS_OK;
}

void ps_baseline_free(ps_baseline *baseline)
{
	if (!baseline)
		return;
	json_decref(baseline->entries);
	free(baseline->path);
	free(baseline);
}

typedef struct entry_ref {
	const char *fingerprint;
	size_t index;      /* in the baseline's order */
} entry_ref;

static int compare_refs(const void *a, const void *b)
{
	return strcmp(((const entry_ref *)a)->fingerprint, ((const entry_ref *)b)->fingerprint);
}

int ps_result_apply_baseline(ps_result *result, const ps_baseline *baseline,
                             size_t *matched, ps_error *err)
{
	size_t count = json_array_size(baseline->entries);
	entry_ref *refs = malloc((count ? count : 1) * sizeof *refs);
	unsigned char *used = calloc(count ? count : 1, 1);
	unsigned char *keep = malloc(result->finding_count ? result->finding_count : 1);
	if (!refs || !used || !keep) {
		free(refs);
		free(used);
		free(keep);
		return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < count; i++)
		refs[i] = (entry_ref){json_string_value(json_object_get(
		                          json_array_get(baseline->entries, i), "fingerprint")), i};
	psi_sort(refs, count, sizeof *refs, compare_refs);
	size_t dropped = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		entry_ref key = {result->findings[i].fingerprint, 0};
		entry_ref *hit = psi_search(&key, refs, count, sizeof *refs, compare_refs);
		keep[i] = hit == NULL;
		if (hit) {
			used[hit->index] = 1;
			dropped++;
		}
	}
	psi_result_keep(result, keep);
	/* Entries no finding matched, in the baseline's own order. */
	psi_diags notes = {result->diagnostics, result->diagnostic_count, result->diagnostic_count};
	int rc = PS_OK;
	for (size_t k = 0; rc == PS_OK && k < count; k++) {
		if (used[k])
			continue;
		json_t *e = json_array_get(baseline->entries, k);
		const char *fingerprint = json_string_value(json_object_get(e, "fingerprint"));
		const char *rule = json_string_value(json_object_get(e, "rule"));
		const char *name = json_string_value(json_object_get(e, "name"));
		const char *file = json_string_value(json_object_get(e, "file"));
		if (psi_diags_add(&notes, PS_SEVERITY_WARNING, baseline->path, 0, 0,
				  "baseline entry %s (%s '%s' in %s) matches no finding any more; "
				  "remove it", fingerprint, rule ? rule : "?", name ? name : "?",
				  file ? file : "?") < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	result->diagnostics = notes.items;
	result->diagnostic_count = notes.count;
	if (matched)
		*matched = dropped;
	free(refs);
	free(used);
	free(keep);
	return rc;
}
