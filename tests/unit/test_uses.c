/*
 * The uses of flagged declarations: gathered once each and bounded, in the
 * same order whatever order workers report them in (model/uses.c); carried
 * in workers' records, a corrupt one refused (run/records.c); put on the
 * declaration's finding with paths as reports show them (scan/uses.c);
 * written to JSON and read back, a malformed list refused; and united by
 * ps_result_merge for findings several reports hold.
 */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundled_rules.h"
#include "profilescan/profilescan.h"
#include "run/worker.h"
#include "scan/scan.h"
#include "written.h"

TestSuite(uses, .init = load_bundled_rules, .fini = free_bundled_rules);

static ps_use use_at(const char *file, unsigned line, unsigned column)
{
	ps_use u = {strdup(file), line, column, strdup("f")};
	return u;
}

Test(uses, each_use_is_kept_once_in_order)
{
	psi_uses uses = {0};
	static const unsigned lines[] = {9, 3, 9, 1, 3, 7};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		ps_use u = use_at("/t/b.c", lines[i], 2);
		cr_assert_eq(psi_uses_add(&uses, "c:@S@p@FI@land", &u), 0);
	}
	ps_use other = use_at("/t/a.c", 50, 1);
	cr_assert_eq(psi_uses_add(&uses, "c:@S@p@FI@land", &other), 0);
	const psi_use_list *list = psi_uses_of(&uses, "c:@S@p@FI@land");
	cr_assert_not_null(list);
	cr_assert_eq(list->count, 5);
	cr_expect_str_eq(list->items[0].file, "/t/a.c");
	static const unsigned sorted[] = {1, 3, 7, 9};
	for (size_t i = 0; i < 4; i++)
		cr_expect_eq(list->items[i + 1].line, sorted[i]);
	cr_expect_eq(list->omitted_count, 0);
	cr_expect_null(psi_uses_of(&uses, "c:@S@p@FI@naam"));
	psi_uses_clear(&uses);
}

/* 1500 uses, each twice, in an order of their own: the first 1000 in order
 * are kept, the other 500 counted once each. */
Test(uses, the_first_uses_are_kept_and_the_others_counted)
{
	psi_uses uses = {0};
	for (unsigned round = 0; round < 2; round++)
		for (unsigned i = 0; i < 1500; i++) {
			unsigned line = (i * 7919u) % 1500u + 1; /* 7919 is prime to 1500 */
			ps_use u = use_at("/t/a.c", line, 1);
			cr_assert_eq(psi_uses_add(&uses, "c:@land", &u), 0);
		}
	const psi_use_list *list = psi_uses_of(&uses, "c:@land");
	cr_assert_eq(list->count, PS_USES_MAX);
	for (size_t i = 0; i < list->count; i++)
		cr_expect_eq(list->items[i].line, i + 1);
	cr_expect_eq(list->omitted_count, 500);
	psi_uses_clear(&uses);
}

static FILE *records(const psi_flow_use *use, int corrupt)
{
	FILE *f = tmpfile();
	psi_record_out out = {f, 0};
	cr_assert_eq(psi_record_use(&out, use), PS_OK);
	fflush(f);
	if (corrupt == 2) /* cut short: the worker died writing it */
		cr_assert_eq(ftruncate(fileno(f), ftell(f) - 3), 0);
	rewind(f);
	return f;
}

Test(uses, a_worker_record_carries_a_use_and_a_corrupt_one_is_refused)
{
	psi_project project = {0};
	psi_work work = {.project = &project};
	psi_flow_use use = {"c:@S@p@FI@land", "/t/a.c", 4, 9, "score"};
	psi_harvest h = {0};
	size_t open_unit;
	ps_error err = {0};
	FILE *f = records(&use, 0);
	cr_assert_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_OK, "%s", err.message);
	fclose(f);
	const psi_use_list *list = psi_uses_of(&h.uses, "c:@S@p@FI@land");
	cr_assert_not_null(list);
	cr_assert_eq(list->count, 1);
	cr_expect_str_eq(list->items[0].file, "/t/a.c");
	cr_expect_eq(list->items[0].line, 4);
	cr_expect_eq(list->items[0].column, 9);
	cr_expect_str_eq(list->items[0].function, "score");
	psi_harvest_clear(&h);

	psi_flow_use nameless = {"", "/t/a.c", 4, 9, "score"};
	f = records(&nameless, 1);
	cr_expect_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_EIO);
	fclose(f);
	cr_expect_eq(h.uses.lists.count, 0);
	psi_harvest_clear(&h);

	f = records(&use, 2);
	cr_expect_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_OK, "%s", err.message);
	fclose(f);
	cr_expect_eq(h.uses.lists.count, 0, "a use cut short is not one");
	psi_harvest_clear(&h);
}

Test(uses, a_finding_gets_the_uses_of_its_usr_with_paths_as_shown)
{
	psi_uses uses = {0};
	ps_use inside = use_at("/work/src/z.c", 3, 1), outside = use_at("/usr/include/a.h", 8, 2);
	cr_assert_eq(psi_uses_add(&uses, "c:@land", &inside), 0);
	cr_assert_eq(psi_uses_add(&uses, "c:@land", &outside), 0);
	psi_raw_finding r = {0};
	r.f.kind = PS_KIND_FIELD;
	r.usr = strdup("c:@land");
	cr_assert_eq(psi_attach_uses(&r, &uses, "/work"), 0);
	cr_assert_eq(r.f.use_count, 2);
	/* Shown paths sort otherwise than absolute ones. */
	cr_expect_str_eq(r.f.uses[0].file, "/usr/include/a.h");
	cr_expect_str_eq(r.f.uses[1].file, "src/z.c");
	cr_expect_eq(r.f.uses_omitted, 0);
	psi_raw_finding literal = {0};
	literal.f.kind = PS_KIND_STRING_LITERAL;
	literal.usr = strdup("c:@land");
	cr_assert_eq(psi_attach_uses(&literal, &uses, "/work"), 0);
	cr_expect_eq(literal.f.use_count, 0, "a literal is used nowhere");
	psi_raw_finding_clear(&r);
	psi_raw_finding_clear(&literal);
	psi_uses_clear(&uses);
}

/* ---- reports ---- */

static char *temporary(const char *text)
{
	char *path = strdup("/tmp/ps-uses-XXXXXX");
	int fd = mkstemp(path);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static ps_result *read_text(const char *text, int expected)
{
	char *path = temporary(text);
	ps_result *result = NULL;
	ps_error err = {0};
	cr_expect_eq(ps_report_read(path, rules, &result, &err), expected, "%s", err.message);
	unlink(path);
	free(path);
	return result;
}

/* A report of one field finding, at `line` of `file`, with `uses`. */
static char *report(const char *file, unsigned line, const char *entity, int definition,
                    const char *uses)
{
	char *text;
	cr_assert_gt(asprintf(&text,
		"{\"tool\": {\"name\": \"profilescan\"}, \"schema_version\": \"1.4\", \"findings\": "
		"[{\"rule\": \"PS-ORI-001\", \"term\": \"geboorteland\", \"category\": \"origin\", "
		"\"severity\": \"warning\", \"kind\": \"variable\", \"name\": \"geboorteland\", "
		"\"file\": \"%s\", \"line\": %u, \"column\": 5, \"message\": \"m\", "
		"\"fingerprint\": \"00000000000000%02u\", \"entity\": %s, \"definition\": %s%s}], "
		"\"diagnostics\": []}", file, line, line, entity, definition ? "true" : "false", uses),
		0);
	return text;
}

#define USE(file, line) "{\"file\": \"" file "\", \"line\": " #line ", \"column\": 3, " \
	"\"function\": \"f\"}"

static const char *function_of(const ps_use *u) { return u->function ? u->function : "-"; }

Test(uses, a_report_reads_its_uses_back_as_written)
{
	const char *paths[] = {PS_SOURCE_DIR "/tests/golden/cases/uses-json"};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.rules = rules;
	options.project_root = "";
	ps_result *scanned;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &scanned, &err), PS_OK, "%s", err.message);
	char *json = written(scanned, PS_FORMAT_JSON);
	ps_result *read = read_text(json, PS_OK);
	cr_assert_not_null(read);
	cr_assert_eq(read->finding_count, scanned->finding_count);
	size_t uses = 0;
	for (size_t i = 0; i < read->finding_count; i++) {
		const ps_finding *a = &scanned->findings[i], *b = &read->findings[i];
		cr_assert_eq(b->use_count, a->use_count);
		cr_expect_eq(b->uses_omitted, a->uses_omitted);
		for (size_t k = 0; k < a->use_count; k++) {
			cr_expect_str_eq(b->uses[k].file, a->uses[k].file);
			cr_expect_eq(b->uses[k].line, a->uses[k].line);
			cr_expect_eq(b->uses[k].column, a->uses[k].column);
			cr_expect_str_eq(function_of(&b->uses[k]), function_of(&a->uses[k]));
		}
		uses += a->use_count;
	}
	cr_expect_eq(uses, 4, "the field is used four times");
	free(json);
	ps_result_free(read);
	ps_result_free(scanned);
}

Test(uses, malformed_uses_are_errors)
{
	static const char *const lists[] = {
		", \"uses\": {}", ", \"uses\": [1]", ", \"uses\": [{\"line\": 1, \"column\": 1}]",
		", \"uses\": [" USE("a.c", 4) ", " USE("a.c", 2) "]",   /* out of order */
		", \"uses\": [" USE("a.c", 4) ", " USE("a.c", 4) "]",   /* twice */
		", \"uses\": [" USE("a.c", 4) "], \"uses_omitted\": -1",
	};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		char *text = report("h.h", 1, "null", 0, lists[i]);
		cr_expect_null(read_text(text, PS_EREPORT), "list %zu", i);
		free(text);
	}
}

static ps_result *merged_of(char *a, char *b)
{
	ps_result *inputs[] = {read_text(a, PS_OK), read_text(b, PS_OK)}, *merged;
	free(a);
	free(b);
	cr_assert(inputs[0] && inputs[1]);
	ps_error err = {0};
	cr_assert_eq(ps_result_merge(inputs, 2, &merged, &err), PS_OK, "%s", err.message);
	return merged;
}

/* A header's field two shards both report, and an entity declared in one
 * report and defined in another: one finding, the uses of both. */
Test(uses, a_merge_unites_the_uses_of_the_findings_it_keeps_once)
{
	ps_result *merged = merged_of(
		report("h.h", 1, "null", 0, ", \"uses\": [" USE("a.c", 4) ", " USE("b.c", 2) "]"),
		report("h.h", 1, "null", 0, ", \"uses\": [" USE("b.c", 2) ", " USE("c.c", 9) "]"));
	cr_assert_eq(merged->finding_count, 1);
	const ps_finding *f = &merged->findings[0];
	cr_assert_eq(f->use_count, 3);
	cr_expect_str_eq(f->uses[0].file, "a.c");
	cr_expect_str_eq(f->uses[1].file, "b.c");
	cr_expect_str_eq(f->uses[2].file, "c.c");
	ps_result_free(merged);

	merged = merged_of(
		report("h.h", 1, "\"00aa\"", 0, ", \"uses\": [" USE("a.c", 4) "]"),
		report("d.c", 7, "\"00aa\"", 1, ", \"uses\": [" USE("d.c", 8) "]"));
	cr_assert_eq(merged->finding_count, 1);
	f = &merged->findings[0];
	cr_expect_str_eq(f->file, "d.c", "kept at its definition");
	cr_assert_eq(f->use_count, 2);
	cr_expect_str_eq(f->uses[0].file, "a.c");
	cr_expect_str_eq(f->uses[1].file, "d.c");
	ps_result_free(merged);
}

/* The bound holds in a merge: the first PS_USES_MAX of the union, and at
 * least as many omitted as any input omitted. */
Test(uses, a_merge_keeps_the_bound)
{
	size_t size = 64 * PS_USES_MAX + 256;
	char *many = malloc(size);
	strcpy(many, ", \"uses\": [");
	for (unsigned i = 1; i <= PS_USES_MAX; i++)
		snprintf(many + strlen(many), size - strlen(many),
		         "%s{\"file\": \"b.c\", \"line\": %u, \"column\": 1, \"function\": null}",
		         i > 1 ? ", " : "", i);
	strcat(many, "], \"uses_omitted\": 7");
	ps_result *merged = merged_of(report("h.h", 1, "null", 0, many),
	                              report("h.h", 1, "null", 0, ", \"uses\": [" USE("a.c", 4) "]"));
	free(many);
	const ps_finding *f = &merged->findings[0];
	cr_assert_eq(f->use_count, PS_USES_MAX);
	cr_expect_str_eq(f->uses[0].file, "a.c");
	cr_expect_eq(f->uses[PS_USES_MAX - 1].line, PS_USES_MAX - 1);
	cr_expect_null(f->uses[1].function);
	cr_expect_eq(f->uses_omitted, 7);
	ps_result_free(merged);
}
