/*
 * Reports of code that is not UTF-8: a Latin-1 source whose file name,
 * string literal and exception justification hold the byte 0xE9.  Every
 * format reports every finding (the count in each agrees with the result),
 * keeps the suppression of the accepted one, and shows each byte that is
 * not UTF-8 as \xe9.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundled_rules.h"
#include "profilescan/profilescan.h"

static char directory[64];
static char source_path[128];

static void make_latin1_source(void)
{
	load_bundled_rules();
	strcpy(directory, "/tmp/ps-bytes-XXXXXX");
	cr_assert_not_null(mkdtemp(directory));
	snprintf(source_path, sizeof source_path, "%s/herkomst\xe9.c", directory);
	FILE *f = fopen(source_path, "w");
	cr_assert_not_null(f);
	fputs("int nationaliteit;\n"
	      "const char *kolom = \"geboorteland van de aanvrager (\xe9\xe9n)\";\n"
	      "/* profilescan:allow PS-NAT-001 -- besproken met de jurist \xe9n de FG */\n"
	      "int nationality_code;\n", f);
	fclose(f);
}

static void remove_source(void)
{
	unlink(source_path);
	rmdir(directory);
	free_bundled_rules();
}

TestSuite(report_bytes, .init = make_latin1_source, .fini = remove_source);

static ps_result *scan_source(void)
{
	const char *paths[] = {directory};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.jobs = 1;
	options.rules = rules;
	options.project_root = ""; /* a fixture, not this repository */
	ps_result *result;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_OK, "%s", err.message);
	cr_assert_eq(result->finding_count, 3, "findings: %zu", result->finding_count);
	return result;
}

static json_t *report(const ps_result *result, ps_format format)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	ps_report_options options = PS_REPORT_OPTIONS_INIT;
	options.format = format;
	options.rules = rules;
	ps_error err = {0};
	cr_assert_eq(ps_report_write(result, &options, out, &err), PS_OK, "%s", err.message);
	fclose(out);
	json_error_t error;
	json_t *doc = json_loads(text, 0, &error);
	cr_assert_not_null(doc, "not JSON: %s", error.text);
	free(text);
	return doc;
}

static size_t suppressed(const ps_result *result)
{
	size_t n = 0;
	for (size_t i = 0; i < result->finding_count; i++)
		n += result->findings[i].suppression != PS_NOT_SUPPRESSED;
	return n;
}

Test(report_bytes, json_keeps_every_finding)
{
	ps_result *result = scan_source();
	json_t *doc = report(result, PS_FORMAT_JSON);
	json_t *findings = json_object_get(doc, "findings");
	cr_expect_eq(json_array_size(findings), result->finding_count);
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(doc, "stats"), "findings")),
	             (json_int_t)result->finding_count);
	size_t escaped_files = 0, accepted = 0;
	for (size_t i = 0; i < json_array_size(findings); i++) {
		json_t *f = json_array_get(findings, i);
		const char *file = json_string_value(json_object_get(f, "file"));
		escaped_files += file && strstr(file, "herkomst\\xe9.c") != NULL;
		json_t *s = json_object_get(f, "suppression");
		if (json_is_object(s)) {
			accepted++;
			cr_expect_str_eq(json_string_value(json_object_get(s, "justification")),
			                 "besproken met de jurist \\xe9n de FG");
		}
	}
	cr_expect_eq(escaped_files, 3);
	cr_expect_eq(accepted, 1);
	json_decref(doc);
	ps_result_free(result);
}

Test(report_bytes, sarif_keeps_every_result_and_suppression)
{
	ps_result *result = scan_source();
	json_t *doc = report(result, PS_FORMAT_SARIF);
	json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
	cr_expect_eq(json_array_size(results), result->finding_count);
	size_t with_suppression = 0;
	for (size_t i = 0; i < json_array_size(results); i++)
		with_suppression += json_object_get(json_array_get(results, i), "suppressions") != NULL;
	cr_expect_eq(with_suppression, suppressed(result));
	cr_expect_eq(with_suppression, 1);
	json_decref(doc);
	ps_result_free(result);
}

Test(report_bytes, gitlab_lists_every_open_finding)
{
	ps_result *result = scan_source();
	json_t *doc = report(result, PS_FORMAT_GITLAB);
	cr_expect_eq(json_array_size(doc), result->finding_count - suppressed(result));
	cr_expect_eq(json_array_size(doc), 2);
	json_decref(doc);
	ps_result_free(result);
}

Test(report_bytes, baseline_records_every_finding)
{
	ps_result *result = scan_source();
	char path[128];
	snprintf(path, sizeof path, "%s/baseline.json", directory);
	ps_error err = {0};
	cr_assert_eq(ps_baseline_write(result, path, &err), PS_OK, "%s", err.message);
	json_error_t error;
	json_t *doc = json_load_file(path, 0, &error);
	unlink(path);
	cr_assert_not_null(doc, "%s", error.text);
	cr_expect_eq(json_array_size(json_object_get(doc, "findings")), result->finding_count);
	json_decref(doc);
	ps_result_free(result);
}

/* A finding whose file name and message carry what a terminal would act
 * on: the text report shows them, it does not send them. */
Test(report_bytes, text_report_sends_no_control_sequence)
{
	ps_finding f = {0};
	f.rule = ps_ruleset_rule(rules, 0);
	f.severity = PS_SEVERITY_WARNING;
	f.file = "src/\x1b]0;owned\x07x.c";
	f.line = 3;
	f.column = 7;
	f.message = "variable 'nationaliteit\xe2\x80\xae' is named for nationality\x1b[2J";
	ps_result result = {0};
	result.findings = &f;
	result.finding_count = 1;
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	ps_report_options options = PS_REPORT_OPTIONS_INIT;
	options.format = PS_FORMAT_TEXT;
	ps_error err = {0};
	cr_assert_eq(ps_report_write(&result, &options, out, &err), PS_OK, "%s", err.message);
	fclose(out);
	cr_expect_null(strchr(text, '\x1b'), "an escape character reached the report");
	char *first_line = strtok(text, "\n");
	char expected[512];
	snprintf(expected, sizeof expected,
	         "src/\\x1b]0;owned\\x07x.c:3:7: warning: variable 'nationaliteit\\u202e' is named "
	         "for nationality\\x1b[2J [%s]", f.rule->id);
	cr_expect_str_eq(first_line, expected);
	free(text);
}

/* A pack's rationale longer than any fixed buffer, in two-byte characters:
 * SARIF's help text holds it whole, then every reference. */
Test(report_bytes, sarif_help_holds_a_long_rationale_whole)
{
	char *pack = malloc(16384);
	cr_assert_not_null(pack);
	strcpy(pack, "pack: long\nrules:\n  - id: MY-001\n    category: nationality\n    title: Named for X\n"
	             "    subject: x\n    references: [grondwet-1]\n    terms:\n"
	             "      - {lang: en, word: [passportx]}\n    rationale: \"");
	for (int i = 0; i < 3000; i++)
		strcat(pack, "\xc3\xa9");
	strcat(pack, " END\"\n");
	ps_ruleset *own;
	ps_error err = {0};
	cr_assert_eq(ps_ruleset_new(&own, &err), PS_OK);
	cr_assert_eq(ps_ruleset_load_bundled(own, 1, NULL, &err), PS_OK, "%s", err.message);
	cr_assert_eq(ps_ruleset_load_buffer(own, "long.yaml", pack, strlen(pack), &err), PS_OK,
	             "%s", err.message);
	cr_assert_eq(ps_ruleset_finish(own, &err), PS_OK, "%s", err.message);
	ps_result *result = scan_source();
	ps_ruleset *bundled = rules;
	rules = own;
	json_t *doc = report(result, PS_FORMAT_SARIF);
	rules = bundled;
	json_t *list = json_object_get(json_object_get(json_object_get(
	        json_array_get(json_object_get(doc, "runs"), 0), "tool"), "driver"), "rules");
	const char *help = NULL;
	for (size_t i = 0; i < json_array_size(list); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(list, i), "id")), "MY-001"))
			help = json_string_value(json_object_get(json_object_get(json_array_get(list, i),
			                                                         "help"), "text"));
	cr_assert_not_null(help, "MY-001 is among the SARIF rules");
	cr_expect_not_null(strstr(help, " END\n\nReferences:\n- Grondwet"), "help: ...%s",
	                   help + (strlen(help) > 80 ? strlen(help) - 80 : 0));
	json_decref(doc);
	ps_result_free(result);
	ps_ruleset_free(own);
	free(pack);
}
