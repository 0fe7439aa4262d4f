/* Flows through the library API: the finding, its line, its rule, its sink
 * and the steps of its path; and the merging of summaries across units. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundled_rules.h"
#include "flows/flows.h"
#include "profilescan/profilescan.h"

TestSuite(flows, .init = load_bundled_rules, .fini = free_bundled_rules);

/* Scan one file or directory with the bundled rules. */
static ps_result *scan_path(const char *path, int no_flows)
{
	const char *paths[] = {path};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.rules = rules;
	options.project_root = ""; /* a fixture, not this repository */
	options.no_flows = no_flows;
	ps_result *result;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_OK, "%s", err.message);
	return result;
}

/* Write `source` to a fresh directory as `name` and scan it. */
static ps_result *scan_source(const char *name, const char *source, char *dir, size_t size)
{
	snprintf(dir, size, "/tmp/profilescan-flows-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(source, f);
	fclose(f);
	ps_result *result = scan_path(dir, 0);
	unlink(path);
	rmdir(dir);
	return result;
}

static size_t count_flows(const ps_result *result)
{
	size_t n = 0;
	for (size_t i = 0; i < result->finding_count; i++)
		n += result->findings[i].flow != NULL;
	return n;
}

static const ps_finding *flow_at(const ps_result *result, unsigned line)
{
	for (size_t i = 0; i < result->finding_count; i++)
		if (result->findings[i].flow && result->findings[i].line == line)
			return &result->findings[i];
	return NULL;
}

Test(flows, a_comparison_in_an_if_feeds_the_score)
{
	char dir[64];
	ps_result *r = scan_source("a.c",
		"#include <string.h>\n"                                     /* 1 */
		"struct aanvrager { const char *nationaliteit; };\n"        /* 2 */
		"double bereken(const struct aanvrager *a)\n"              /* 3 */
		"{\n"                                                       /* 4 */
		"\tdouble score = 0;\n"                                     /* 5 */
		"\tif (strcmp(a->nationaliteit, \"NLD\") != 0)\n"           /* 6 */
		"\t\tscore += 3.5;\n"                                       /* 7 */
		"\treturn score;\n"                                         /* 8 */
		"}\n", dir, sizeof dir);
	cr_assert_eq(count_flows(r), 1);
	const ps_finding *f = flow_at(r, 6);
	cr_assert_not_null(f);
	cr_expect_str_eq(f->rule->id, "PS-FLW-001");
	cr_expect_eq(f->severity, PS_SEVERITY_ERROR);
	cr_expect_eq(f->column, 16); /* a tab is one byte */
	cr_expect_str_eq(f->name, "nationaliteit");
	cr_expect_eq(f->kind, PS_KIND_FIELD);
	cr_expect_str_eq(f->scope, "bereken");
	cr_expect_str_eq(f->flow->source_rule->id, "PS-NAT-001");
	cr_expect_str_eq(f->flow->sink_name, "score");
	cr_expect_eq(f->flow->sink_kind, PS_SINK_VARIABLE);
	cr_expect_eq(f->flow->sink_line, 5);
	cr_assert_eq(f->flow->step_count, 3);
	cr_expect_eq(f->flow->steps[0].line, 6);
	cr_expect_str_eq(f->flow->steps[1].message, "decides this 'if'");
	cr_expect_eq(f->flow->steps[2].line, 7);
	cr_expect_str_eq(f->flow->steps[2].message, "changes variable 'score' ('+=')");
	cr_expect_eq(r->stats.findings_by_category[PS_CATEGORY_FLOW], 1);
	ps_result_free(r);
}

Test(flows, a_proxy_is_a_warning_of_its_own_rule)
{
	char dir[64];
	ps_result *r = scan_source("b.c",
		"struct dossier { int postcode; };\n"
		"double risk_of(const struct dossier *d)\n"
		"{\n"
		"\treturn d->postcode / 100 * 0.5;\n"
		"}\n", dir, sizeof dir);
	const ps_finding *f = flow_at(r, 4);
	cr_assert_not_null(f);
	cr_expect_str_eq(f->rule->id, "PS-FLW-002");
	cr_expect_eq(f->severity, PS_SEVERITY_WARNING);
	cr_expect_eq(f->flow->sink_kind, PS_SINK_RETURN);
	cr_expect_str_eq(f->flow->sink_name, "risk_of");
	ps_result_free(r);
}

Test(flows, a_value_only_logged_is_no_flow)
{
	char dir[64];
	ps_result *r = scan_source("c.c",
		"#include <stdio.h>\n"
		"struct dossier { const char *nationaliteit; double inkomen; };\n"
		"double risk_of(const struct dossier *d)\n"
		"{\n"
		"\tprintf(\"%s\\n\", d->nationaliteit);\n"
		"\tconst char *n = d->nationaliteit;\n"
		"\t(void)n;\n"
		"\treturn d->inkomen * 0.5;\n"
		"}\n", dir, sizeof dir);
	cr_expect_eq(count_flows(r), 0);
	cr_expect_eq(r->finding_count, 1, "the field's own finding only");
	ps_result_free(r);
}

Test(flows, a_local_assigned_again_carries_nothing)
{
	char dir[64];
	ps_result *r = scan_source("d.c",
		"struct dossier { int herkomst; };\n"
		"double f(const struct dossier *d)\n"
		"{\n"
		"\tint tussen = d->herkomst;\n"
		"\ttussen = 0;\n"
		"\tdouble weight = tussen;\n"
		"\treturn weight;\n"
		"}\n", dir, sizeof dir);
	cr_expect_eq(count_flows(r), 0);
	ps_result_free(r);
}

Test(flows, turned_off_there_are_none)
{
	ps_result *result = scan_path(PS_SOURCE_DIR "/tests/golden/cases/flows-c", 1);
	cr_expect_gt(result->finding_count, 0);
	cr_expect_eq(count_flows(result), 0);
	ps_result_free(result);
}

Test(flows, a_flow_names_its_scope_as_declarations_do)
{
	ps_result *result = scan_path(PS_SOURCE_DIR "/tests/golden/cases/flows-cxx", 0);
	const ps_finding *getter = flow_at(result, 14);
	cr_assert_not_null(getter);
	cr_expect_str_eq(getter->scope, "Person::isForeigner");
	cr_expect_str_eq(getter->flow->sink_name, "score");
	ps_result_free(result);
}

/* A local of a method defined outside its class: its own finding and a
 * flow from it name one scope, the qualified name of the method, whether
 * the scope comes from the walk of declarations or from the tracer. */
Test(flows, a_local_of_an_out_of_line_method_has_one_scope)
{
	char dir[64];
	ps_result *r = scan_source("model.cpp",
		"struct Model {\n"                                          /* 1 */
		"\tdouble assess(int given);\n"                             /* 2 */
		"};\n"                                                      /* 3 */
		"double Model::assess(int given)\n"                         /* 4 */
		"{\n"                                                       /* 5 */
		"\tint nationality = given;\n"                              /* 6 */
		"\tdouble score = nationality * 2;\n"                       /* 7 */
		"\treturn score;\n"                                         /* 8 */
		"}\n", dir, sizeof dir);
	const ps_finding *declared = NULL;
	for (size_t i = 0; i < r->finding_count; i++)
		if (!r->findings[i].flow && r->findings[i].line == 6)
			declared = &r->findings[i];
	const ps_finding *flow = flow_at(r, 7);
	cr_assert_not_null(declared);
	cr_assert_not_null(flow);
	cr_expect_str_eq(declared->name, "nationality");
	cr_expect_str_eq(flow->flow->sink_name, "score");
	cr_expect_str_eq(declared->scope, "Model::assess");
	cr_expect_str_eq(flow->scope, declared->scope);
	ps_result_free(r);
}

/* A lambda's body is part of the function it is written in, for the
 * scope of its locals as for the tracer that interprets it there. */
Test(flows, a_local_of_a_lambda_is_in_the_enclosing_function)
{
	char dir[64];
	ps_result *r = scan_source("rate.cpp",
		"double rate(int given)\n"                                  /* 1 */
		"{\n"                                                       /* 2 */
		"\tauto weigh = [&](int x) {\n"                             /* 3 */
		"\t\tint nationality = x;\n"                                /* 4 */
		"\t\tdouble score = nationality * 2;\n"                     /* 5 */
		"\t\treturn score;\n"                                       /* 6 */
		"\t};\n"                                                    /* 7 */
		"\treturn weigh(given);\n"                                  /* 8 */
		"}\n", dir, sizeof dir);
	const ps_finding *declared = NULL;
	for (size_t i = 0; i < r->finding_count; i++)
		if (!r->findings[i].flow && r->findings[i].line == 4)
			declared = &r->findings[i];
	const ps_finding *flow = flow_at(r, 5);
	cr_assert_not_null(declared);
	cr_assert_not_null(flow);
	cr_expect_str_eq(declared->scope, "rate");
	cr_expect_str_eq(flow->scope, "rate");
	ps_result_free(r);
}

/* ---- summaries ---------------------------------------------------------- */

static psi_summary summary(const char *usr, uint32_t parameters, const char *file, unsigned line)
{
	psi_summary s = {0};
	s.usr = strdup(usr);
	s.parameters = parameters;
	if (file) {
		s.origins = calloc(1, sizeof *s.origins);
		s.origin_count = 1;
		s.origins[0].source.name = strdup("geboorteland");
		s.origins[0].source.file = strdup(file);
		s.origins[0].source.line = line;
		s.origins[0].source.column = 3;
	}
	return s;
}

Test(flows, summaries_merge_by_usr_and_say_when_they_grow)
{
	psi_summaries all = {0};
	int changed = 0;
	psi_summary a = summary("c:@F@b", 0, "/x/b.c", 5);
	cr_assert_eq(psi_summaries_merge(&all, &a, &changed), PS_OK);
	cr_expect(changed);
	psi_summary first = summary("c:@F@a", 1, NULL, 0);
	changed = 0;
	cr_assert_eq(psi_summaries_merge(&all, &first, &changed), PS_OK);
	cr_expect(!changed, "a parameter into the return value says no more than an unknown "
	                    "function does");
	cr_assert_eq(all.count, 2);
	cr_expect_str_eq(all.items[0].usr, "c:@F@a", "kept in order for look-ups");

	psi_summary same = summary("c:@F@b", 0, "/x/b.c", 5);
	changed = 0;
	cr_assert_eq(psi_summaries_merge(&all, &same, &changed), PS_OK);
	cr_expect(!changed, "the same use again is nothing new");
	cr_expect_eq(psi_summaries_find(&all, "c:@F@b")->origin_count, 1);

	psi_summary more = summary("c:@F@b", 2, "/x/b.c", 9);
	changed = 0;
	cr_assert_eq(psi_summaries_merge(&all, &more, &changed), PS_OK);
	cr_expect_eq(changed, PSI_SUMMARY_RETURNS);
	const psi_summary *b = psi_summaries_find(&all, "c:@F@b");
	cr_expect_eq(b->origin_count, 2);
	cr_expect_eq(b->parameters, 2);
	cr_expect_null(psi_summaries_find(&all, "c:@F@c"));
	psi_summaries_clear(&all);
}

static psi_summary parameter_into_sink(const char *usr, uint32_t parameter, unsigned line)
{
	psi_summary s = {0};
	s.usr = strdup(usr);
	s.sinks = calloc(1, sizeof *s.sinks);
	s.sink_count = 1;
	s.sinks[0].parameter = parameter;
	s.sinks[0].sink_name = strdup("score");
	s.sinks[0].sink_kind = PS_SINK_FIELD;
	s.sinks[0].sink_file = strdup("/x/totaal.h");
	s.sinks[0].sink_line = line;
	return s;
}

Test(flows, parameters_into_sinks_merge_once_per_parameter_and_sink)
{
	psi_summaries all = {0};
	int changed = 0;
	psi_summary a = parameter_into_sink("c:@F@tel_op", 1, 3);
	cr_assert_eq(psi_summaries_merge(&all, &a, &changed), PS_OK);
	cr_expect(changed);
	psi_summary again = parameter_into_sink("c:@F@tel_op", 1, 3);
	changed = 0;
	cr_assert_eq(psi_summaries_merge(&all, &again, &changed), PS_OK);
	cr_expect(!changed);
	psi_summary other = parameter_into_sink("c:@F@tel_op", 0, 3);
	cr_assert_eq(psi_summaries_merge(&all, &other, &changed), PS_OK);
	cr_expect_eq(changed, PSI_SUMMARY_SINKS, "another parameter into the same sink is news");
	cr_expect_eq(psi_summaries_find(&all, "c:@F@tel_op")->sink_count, 2);
	psi_summaries_clear(&all);
}

/* ---- built-in rules ------------------------------------------------------ */

Test(flows, builtin_references_are_spelt_as_in_the_bundled_packs)
{
	for (size_t i = 0; i < ps_builtin_rule_count(); i++) {
		const ps_rule *builtin = ps_builtin_rule(i);
		for (size_t k = 0; k < builtin->reference_count; k++) {
			const ps_reference *ref = builtin->references[k];
			int found = 0;
			for (size_t r = 0; r < ps_ruleset_rule_count(rules) && !found; r++) {
				const ps_rule *rule = ps_ruleset_rule(rules, r);
				for (size_t j = 0; j < rule->reference_count && !found; j++) {
					const ps_reference *pack = rule->references[j];
					if (strcmp(pack->id, ref->id) != 0)
						continue;
					cr_expect_str_eq(pack->title, ref->title, "%s in %s", ref->id, builtin->id);
					cr_expect_str_eq(pack->url, ref->url, "%s in %s", ref->id, builtin->id);
					found = 1;
				}
			}
			cr_expect(found, "%s cites %s, which no bundled rule cites", builtin->id, ref->id);
		}
	}
}
