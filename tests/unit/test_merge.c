/*
 * Shards and merges through the library API: the N shards of a tree, each
 * written as a JSON report, read back and merged, give exactly the findings
 * of one scan of the tree (every CSV column, flows' sources included, and
 * every use of each flagged declaration), flows through functions that
 * units of other shards define included, on
 * examples/ and on a generated tree whose entities are declared in a header
 * and defined in sources of other shards.  Flows name the finding of their
 * source declaration.  Malformed reports and shards are errors, not crashes.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundled_rules.h"
#include "profilescan/profilescan.h"
#include "scan/scan.h"
#include "written.h"

TestSuite(merge, .init = load_bundled_rules, .fini = free_bundled_rules);

static ps_result *scan_shard(const char *path, unsigned index, unsigned count)
{
	const char *paths[] = {path};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.jobs = 2;
	options.rules = rules;
	options.project_root = ""; /* a fixture, not this repository */
	options.shard_index = index;
	options.shard_count = count;
	ps_result *result;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_OK, "%s", err.message);
	return result;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The CSV rows of `result`, sorted: every column of every finding. */
static char *sorted_rows(const ps_result *result)
{
	char *csv = written(result, PS_FORMAT_CSV);
	char *rows[4096];
	size_t n = 0, length = strlen(csv);
	for (char *line = strtok(csv, "\n"); line && n < 4096; line = strtok(NULL, "\n"))
		rows[n++] = line;
	qsort(rows, n, sizeof *rows, by_text);
	char *out = calloc(length + 2, 1);
	for (size_t i = 0; i < n; i++) {
		strcat(out, rows[i]);
		strcat(out, "\n");
	}
	free(csv);
	return out;
}

/* The uses of every finding of `result`, a line each, sorted. */
static char *sorted_uses(const ps_result *result)
{
	size_t n = 0, length = 1;
	for (size_t i = 0; i < result->finding_count; i++)
		n += result->findings[i].use_count + 1;
	char **rows = calloc(n + 1, sizeof *rows);
	n = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		for (size_t k = 0; k < f->use_count; k++) {
			rows[n] = malloc(4096);
			length += (size_t)snprintf(rows[n++], 4096, "%s %s:%u:%u %s\n", f->fingerprint,
			                           f->uses[k].file, f->uses[k].line, f->uses[k].column,
			                           f->uses[k].function ? f->uses[k].function : "-");
		}
		if (f->uses_omitted) {
			rows[n] = malloc(64);
			length += (size_t)snprintf(rows[n++], 64, "%s omitted %zu\n", f->fingerprint,
			                           f->uses_omitted);
		}
	}
	qsort(rows, n, sizeof *rows, by_text);
	char *out = calloc(length, 1);
	for (size_t i = 0; i < n; i++) {
		strcat(out, rows[i]);
		free(rows[i]);
	}
	free(rows);
	return out;
}

/* The sinks of a result, one per line, in its order (sorted already). */
static char *listed_sinks(const ps_result *result)
{
	char *out = calloc(result->sink_count * 512 + 1, 1);
	for (size_t i = 0; i < result->sink_count; i++) {
		const ps_sink *s = &result->sinks[i];
		snprintf(out + strlen(out), 512, "%s %s %s:%u:%u %s\n", s->name,
		         ps_sink_kind_name(s->kind), s->file, s->line, s->column,
		         s->scope ? s->scope : "-");
	}
	return out;
}

/* Scan `path` whole and in `count` shards, merge the shards' JSON reports,
 * and compare: findings, flows, uses and sinks. */
static void shards_give_the_full_scan(const char *path, unsigned count, size_t at_least)
{
	ps_result *full = scan_shard(path, 0, 0);
	cr_assert_geq(full->finding_count, at_least, "the scan found too little to compare");
	ps_result *read[16];
	ps_error err = {0};
	size_t total_units = 0;
	for (unsigned k = 1; k <= count; k++) {
		ps_result *shard = scan_shard(path, k, count);
		total_units += shard->stats.translation_units;
		char report[] = "/tmp/ps-shard-XXXXXX";
		int fd = mkstemp(report);
		char *json = written(shard, PS_FORMAT_JSON);
		cr_assert_eq(write(fd, json, strlen(json)), (ssize_t)strlen(json));
		close(fd);
		cr_assert_eq(ps_report_read(report, rules, &read[k - 1], &err), PS_OK, "%s", err.message);
		cr_expect_eq(read[k - 1]->finding_count, shard->finding_count);
		unlink(report);
		free(json);
		ps_result_free(shard);
	}
	cr_expect_geq(total_units, full->stats.translation_units, "every unit is in a shard");
	ps_result *merged;
	cr_assert_eq(ps_result_merge(read, count, &merged, &err), PS_OK, "%s", err.message);
	char *expected = sorted_rows(full), *actual = sorted_rows(merged);
	cr_expect_str_eq(actual, expected);
	free(expected);
	free(actual);
	expected = sorted_uses(full);
	actual = sorted_uses(merged);
	cr_expect_str_eq(actual, expected);
	cr_expect_gt(strlen(expected), 0, "the tree has uses");
	free(expected);
	free(actual);
	expected = listed_sinks(full);
	actual = listed_sinks(merged);
	cr_expect_str_eq(actual, expected);
	cr_expect_gt(full->sink_count, 0, "the tree has sinks");
	cr_expect_eq(merged->finding_count, full->finding_count);
	cr_expect_eq(merged->source_count, count);
	cr_expect_eq(merged->provenance.units_in_other_shards, 0, "every shard is there");
	free(expected);
	free(actual);
	ps_result_free(merged);
	ps_result_free(full);
}

Test(merge, three_shards_of_the_examples_are_one_scan)
{
	shards_give_the_full_scan(PS_SOURCE_DIR "/examples", 3, 50);
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

/* A tree of a header declaring what thirteen sources define and use:
 * entities declared in the header and defined in one source, a field used
 * everywhere, a header no source includes.  With `calls`, each source also
 * passes flagged values through functions another source defines. */
static void generate_tree(char *dir, int calls)
{
	char include[64];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(include, sizeof include, "%s/include", dir);
	mkdir(include, 0755);
	put(include, "persoon.h",
	    "struct persoon { int nationaliteit; int postcode; int geboorteland; };\n"
	    "extern int g_herkomst_gewicht;\n"
	    "int herkomst_van(const struct persoon *p);\n"
	    "int nationaliteit_code(int nationaliteit);\n");
	put(include, "los.h", "int etniciteit_los;\n");
	put(dir, "definities.c",
	    "#include \"persoon.h\"\n"
	    "int g_herkomst_gewicht = 3;\n"
	    "int herkomst_van(const struct persoon *p) { return p->geboorteland; }\n"
	    "int nationaliteit_code(int nationaliteit) { return nationaliteit * 2; }\n");
	for (int i = 0; i < 12; i++) {
		char name[32], text[512];
		snprintf(name, sizeof name, "risico_%02d.c", i);
		snprintf(text, sizeof text,
		         "#include \"persoon.h\"\n"
		         "int risico_%d(const struct persoon *p)\n{\n\tint score = 0;\n"
		         "\tif (p->nationaliteit)\n\t\tscore += g_herkomst_gewicht;\n"
		         "\tif (p->postcode > %d)\n\t\tscore++;\n"
		         "%s\treturn score;\n}\n", i, i,
		         calls ? "\tscore += herkomst_van(p) + nationaliteit_code(p->postcode);\n" : "");
		put(dir, name, text);
	}
}

static void remove_tree(const char *dir)
{
	char command[128];
	snprintf(command, sizeof command, "rm -r '%s'", dir);
	cr_assert_eq(system(command), 0);
}

Test(merge, four_shards_of_a_generated_tree_are_one_scan)
{
	char dir[] = "/tmp/ps-tree-XXXXXX";
	generate_tree(dir, 0);
	shards_give_the_full_scan(dir, 4, 40);
	remove_tree(dir);
}

/* A value passed to a function that a unit of another shard defines, and
 * a flagged field returned by such a function, are followed there: each
 * shard parses the other shards' units that spell a name it needs as
 * context.  The merged shards hold every flow of the full scan, and a flow
 * two shards both report (its use in one shard's unit, its source in a
 * header both read) once. */
Test(merge, flows_through_functions_of_other_shards_are_found)
{
	char dir[] = "/tmp/ps-tree-XXXXXX";
	generate_tree(dir, 1);
	shards_give_the_full_scan(dir, 4, 40);
	ps_result *full = scan_shard(dir, 0, 0), *read[4];
	size_t flows_full = 0, flows_in_shards = 0, flows_merged = 0;
	char cwd[4096];
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	for (size_t i = 0; i < full->finding_count; i++)
		flows_full += full->findings[i].flow != NULL;
	for (unsigned k = 1; k <= 4; k++) {
		read[k - 1] = scan_shard(dir, k, 4);
		for (size_t i = 0; i < read[k - 1]->finding_count; i++) {
			const ps_finding *f = &read[k - 1]->findings[i];
			flows_in_shards += f->flow != NULL;
			/* A shard reports no other shard's unit but for flows. */
			cr_expect(f->flow || !strstr(f->file, ".c") || psi_in_shard(f->file, cwd, k, 4),
			          "%s:%u: %s is another shard's", f->file, f->line, f->message);
		}
	}
	ps_result *merged;
	ps_error err = {0};
	cr_assert_eq(ps_result_merge(read, 4, &merged, &err), PS_OK, "%s", err.message);
	for (size_t i = 0; i < merged->finding_count; i++)
		flows_merged += merged->findings[i].flow != NULL;
	cr_expect_geq(flows_full, 36, "the calls carry flows: %zu", flows_full);
	cr_expect_eq(flows_merged, flows_full);
	cr_expect_gt(flows_in_shards, flows_full, "some flows are in two shards, merged once");
	ps_result_free(merged);
	ps_result_free(full);
	remove_tree(dir);
}

Test(merge, flows_name_the_finding_of_their_source)
{
	ps_result *result = scan_shard(PS_SOURCE_DIR "/examples", 0, 0);
	size_t flows = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_flow *flow = result->findings[i].flow;
		if (!flow)
			continue;
		flows++;
		const ps_finding *source = NULL;
		for (size_t k = 0; k < result->finding_count; k++)
			if (strcmp(result->findings[k].fingerprint, flow->source_fingerprint) == 0)
				source = &result->findings[k];
		cr_assert_not_null(source, "the flow of %s names no finding", result->findings[i].name);
		cr_expect_null(source->flow);
		cr_expect_str_eq(source->name, result->findings[i].name);
		cr_expect_str_eq(source->file, flow->source_file);
		cr_expect_eq(source->line, flow->source_line);
		cr_expect_eq(source->rule, flow->source_rule);
	}
	cr_expect_geq(flows, 10);
	ps_result_free(result);
}

Test(merge, malformed_reports_are_errors)
{
	static const char *const reports[] = {
		"", "[]", "{}", "{\"tool\": {\"name\": \"other\"}, \"findings\": [], \"diagnostics\": []}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"schema_version\": \"2.0\", \"findings\": [], "
		"\"diagnostics\": []}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [1], \"diagnostics\": []}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [{\"rule\": \"PS-NAT-001\", "
		"\"term\": \"x\", \"category\": \"nationality\", \"severity\": \"warning\"}], "
		"\"diagnostics\": []}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [{\"rule\": \"PS-FLW-001\", "
		"\"term\": \"x\", \"category\": \"flow\", \"severity\": \"error\", \"kind\": \"field\", "
		"\"name\": \"n\", \"file\": \"f\", \"line\": 1, \"column\": 1, \"message\": \"m\", "
		"\"fingerprint\": \"0011\", \"source_rule\": \"PS-NAT-001\", \"source_category\": "
		"\"nationality\", \"sink\": {\"kind\": \"nonsense\"}}], \"diagnostics\": []}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [], \"diagnostics\": [{}]}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [{\"rule\": \"PS-NAT-001\", "
		"\"term\": \"x\", \"category\": \"nationality\", \"severity\": \"warning\", \"kind\": "
		"\"field\", \"name\": \"n\", \"file\": \"f\", \"line\": -4, \"column\": 1, \"message\": "
		"\"m\", \"fingerprint\": \"0011\"}], \"diagnostics\": []}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [], \"diagnostics\": [], "
		"\"sinks\": {}}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [], \"diagnostics\": [], "
		"\"sinks\": [{\"name\": \"score\", \"kind\": \"variable\", \"file\": \"f\", "
		"\"line\": 1}]}",
		"{\"tool\": {\"name\": \"profilescan\"}, \"findings\": [], \"diagnostics\": [], "
		"\"sinks\": [{\"name\": \"score\", \"kind\": \"nonsense\", \"file\": \"f\", "
		"\"line\": 1, \"column\": 1}]}",
	};
	for (size_t i = 0; i < sizeof reports / sizeof *reports; i++) {
		char path[] = "/tmp/ps-bad-report-XXXXXX";
		int fd = mkstemp(path);
		cr_assert_eq(write(fd, reports[i], strlen(reports[i])), (ssize_t)strlen(reports[i]));
		close(fd);
		ps_result *result = NULL;
		ps_error err = {0};
		cr_expect_eq(ps_report_read(path, NULL, &result, &err), PS_EREPORT, "report %zu: %s",
		             i, err.message);
		cr_expect_null(result);
		cr_expect(strstr(err.message, path) != NULL, "names the report: %s", err.message);
		unlink(path);
	}
}

Test(merge, a_shard_that_does_not_exist_is_a_usage_error)
{
	static const unsigned shards[][2] = {{0, 2}, {3, 2}, {1, 0}};
	for (size_t i = 0; i < sizeof shards / sizeof *shards; i++) {
		const char *paths[] = {PS_SOURCE_DIR "/examples"};
		ps_scan_options options = PS_SCAN_OPTIONS_INIT;
		options.paths = paths;
		options.path_count = 1;
		options.rules = rules;
		options.project_root = ""; /* a fixture, not this repository */
		options.shard_index = shards[i][0];
		options.shard_count = shards[i][1];
		ps_result *result = NULL;
		ps_error err = {0};
		cr_expect_eq(ps_scan(&options, &result, &err), PS_EUSAGE);
		cr_expect_null(result);
	}
}
