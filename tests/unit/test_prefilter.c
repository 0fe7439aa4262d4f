/* The prefilter's pieces: the test of a word against the vocabulary
 * (classify/vocabulary.c), the lexing of a file (prefilter/lex.c), and the
 * decision for a unit through its include closure, its -I directories and
 * libclang's own (prefilter/). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundled_rules.h"
#include "parse/parse.h"
#include "prefilter/prefilter.h"

TestSuite(prefilter, .init = load_bundled_rules, .fini = free_bundled_rules);

static uint64_t mask_of(const psi_vocabulary *v, const char *word)
{
	uint64_t mask = 0;
	cr_assert_eq(psi_vocabulary_test(v, word, strlen(word), &mask), 0);
	return mask;
}

Test(prefilter, a_word_is_tested_as_classification_cuts_it)
{
	psi_vocabulary v = {0};
	cr_assert_eq(psi_vocabulary_add(&v, rules, NULL), PS_OK);
	/* A term, a concept combination, a run-together word. */
	cr_expect(mask_of(&v, "nationaliteit") & PSI_VOCABULARY_ALONE);
	cr_expect(mask_of(&v, "countryOfBirth") & PSI_VOCABULARY_ALONE);
	cr_expect(mask_of(&v, "geboortestad") & PSI_VOCABULARY_ALONE);
	cr_expect(mask_of(&v, "the applicant's nationality") & PSI_VOCABULARY_ALONE);
	/* An exclusion only vetoes: still a word to parse for. */
	cr_expect(mask_of(&v, "race_condition") != 0);
	/* A term's mode is kept: "rt" alone is a word, never inside "short". */
	cr_expect_eq(mask_of(&v, "short"), 0);
	cr_expect_eq(mask_of(&v, "risk_score"), 0, "a sink is no finding of its own");
	cr_expect_eq(mask_of(&v, "copy_bounded"), 0);
	/* A word that only a context makes a finding: a pair's half. */
	uint64_t origin = mask_of(&v, "origin"), person = mask_of(&v, "patient");
	cr_expect_neq(origin, 0);
	cr_expect_eq(origin & PSI_VOCABULARY_ALONE, 0);
	cr_expect_not(psi_vocabulary_decides(&v, origin));
	cr_expect(psi_vocabulary_decides(&v, origin | person), "ORIGIN in PERSON");
	psi_vocabulary_clear(&v);
}

/* The bundled rules' combinations fit the vocabulary's bits: were they to
 * run out, a combination of any name would make every word a candidate and
 * the prefilter would skip nothing (libpostal's `alternative` beside any
 * person once NATIVE in PERSON took the last bit). */
Test(prefilter, the_bundled_rules_fit_the_bits)
{
	psi_vocabulary v = {0};
	cr_assert_eq(psi_vocabulary_add(&v, rules, NULL), PS_OK);
	cr_expect_not(v.any_word);
	uint64_t alternative = mask_of(&v, "alternatives"), person = mask_of(&v, "patient");
	cr_expect_not(psi_vocabulary_decides(&v, alternative | person), "no NATIVE in alternatives");
	psi_vocabulary_clear(&v);
}

/* A configuration file's ruleset holds the bundled concepts and
 * combinations again: they share the bundled rules' bits, or every scan
 * with a configuration would skip nothing. */
Test(prefilter, a_second_ruleset_with_the_same_concepts_shares_their_bits)
{
	psi_vocabulary v = {0};
	cr_assert_eq(psi_vocabulary_add(&v, rules, NULL), PS_OK);
	size_t bits = v.bit_count;
	cr_assert_eq(psi_vocabulary_add(&v, rules, NULL), PS_OK);
	cr_expect_eq(v.bit_count, bits);
	cr_expect_eq(v.short_of_bits, 0);
	cr_expect_not(v.any_word);
	uint64_t origin = mask_of(&v, "origin"), person = mask_of(&v, "patient");
	cr_expect_not(psi_vocabulary_decides(&v, origin));
	cr_expect(psi_vocabulary_decides(&v, origin | person), "ORIGIN in PERSON");
	psi_vocabulary_clear(&v);
}

typedef struct lexed_fixture {
	psi_vocabulary v;
	psi_word_memo memo;
	psi_lexed lexed;
} lexed_fixture;

static void lex(lexed_fixture *f, const char *text)
{
	memset(f, 0, sizeof *f);
	cr_assert_eq(psi_vocabulary_add(&f->v, rules, NULL), PS_OK);
	psi_word_memo_init(&f->memo, &f->v);
	cr_assert_eq(psi_lex(text, strlen(text), &f->memo, 1, &f->lexed), 0);
}

static void unlex(lexed_fixture *f)
{
	psi_lexed_clear(&f->lexed);
	psi_word_memo_clear(&f->memo);
	psi_vocabulary_clear(&f->v);
}

static int candidate_text(const char *text)
{
	lexed_fixture f;
	lex(&f, text);
	int candidate = (f.lexed.mask & PSI_VOCABULARY_ALONE) != 0;
	unlex(&f);
	return candidate;
}

Test(prefilter, the_lexer_sees_what_the_parser_would)
{
	cr_expect(candidate_text("int nationaliteit;\n"));
	cr_expect(candidate_text("const char *q = \"SELECT nationaliteit FROM t\";\n"));
	cr_expect(candidate_text("int nation\\\naliteit;\n"), "a spliced line");
	cr_expect(candidate_text("const char *h = \"[n]ationality\";\n"), "closed-up brackets");
	cr_expect(candidate_text("const char *r = R\"x(geboorteland)x\";\n"), "a raw string");
	cr_expect(candidate_text("/* profilescan:allow PS-NAT-001 */\n"), "an exception comment");
	cr_expect_not(candidate_text("/* nationaliteit */ int a; // geboorteland\n"),
	              "comments are no names");
	cr_expect_not(candidate_text("int x = 1'000; const char *s = \"/*\"; int y;\n"));
	/* A name and its context meet only inside the same brackets. */
	cr_expect(candidate_text("struct patient { char *origin; };\n"));
	cr_expect(candidate_text("void f(struct patient *p, const char *origin);\n"));
	cr_expect(candidate_text("int origin;\nstruct patient { int id; };\n"),
	          "the names at the top of a file are its declarations' context");
	cr_expect_not(candidate_text("typedef int (*seek_cb)(void *user, long offset, int origin);\n"
	                             "struct record { int patient_id; };\n"));
	cr_expect_not(candidate_text("extern \"C\" {\nint seek(int origin);\n"
	                             "struct record { int patient_id; };\n}\n"),
	              "an extern \"C\" block is the file's top, not one record");
}

Test(prefilter, the_lexer_lists_includes)
{
	lexed_fixture f;
	lex(&f, "#include \"a.h\"\n  #  include <sys/b.h>\n#import <c.h>\n#include_next <d.h>\n"
	        "#if 0\n#include \"e.h\"\n#endif\n");
	cr_assert_eq(f.lexed.include_count, 5, "every branch counts");
	cr_expect_str_eq(f.lexed.includes[0].name, "a.h");
	cr_expect_not(f.lexed.includes[0].angled);
	cr_expect_str_eq(f.lexed.includes[1].name, "sys/b.h");
	cr_expect(f.lexed.includes[1].angled);
	cr_expect_not(f.lexed.computed_include);
	unlex(&f);
	lex(&f, "#define H \"x.h\"\n#include H\n");
	cr_expect(f.lexed.computed_include);
	unlex(&f);
}

/* A tree: src/main.c includes "local.h" (beside it) and <dep.h> (on -I),
 * which includes "deeper.h" beside itself. */
static char tree[64];

static void put(const char *relative, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", tree, relative);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	mkdir(path, 0700);
	*slash = '/';
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static int decide(const char *deeper, const char *extra_arg)
{
	strcpy(tree, "/tmp/ps-prefilter-XXXXXX");
	cr_assert_not_null(mkdtemp(tree));
	put("src/main.c", "#include \"local.h\"\n#include <dep.h>\n#ifdef _WIN32\n"
	                  "#include <windows.h>\n#endif\nint main(void) { return 0; }\n");
	put("src/local.h", "int local_count;\n");
	put("inc/dep.h", "#include \"deeper.h\"\n");
	put("inc/deeper.h", deeper);
	char *resource = NULL;
	cr_assert_eq(psi_resource_dir(&resource, NULL), PS_OK);
	psi_unit unit = {0};
	unit.file = psi_sprintf("%s/src/main.c", tree);
	unit.directory = psi_sprintf("%s/src", tree);
	psi_strings_add(&unit.argv, "cc");
	psi_strings_add(&unit.argv, "-I../inc");
	if (extra_arg)
		psi_strings_add(&unit.argv, extra_arg);
	psi_strings_add(&unit.argv, "-c");
	psi_strings_add(&unit.argv, "main.c");
	psi_project project = {0};
	psi_strings_add(&project.roots, tree);
	psi_prefilter pf;
	cr_assert_eq(psi_prefilter_init(&pf, rules, NULL, &project, resource, 0, NULL), PS_OK);
	int candidate = psi_prefilter_candidate(&pf, &unit);
	cr_expect(pf.defaults.probes <= 1, "libclang's directories asked once");
	psi_prefilter_clear(&pf);
	psi_strings_clear(&project.roots);
	psi_unit_clear(&unit);
	free(resource);
	char command[128];
	snprintf(command, sizeof command, "rm -rf %s", tree);
	cr_assert_eq(system(command), 0);
	return candidate;
}

Test(prefilter, a_unit_is_a_candidate_through_its_include_closure)
{
	cr_expect_eq(decide("int harmless;\n", NULL), 0, "nothing to find: skipped");
	cr_expect_eq(decide("struct p { char nationaliteit[4]; };\n", NULL), 1,
	             "a word two includes down, through -I and then beside the header");
	cr_expect_eq(decide("#define F \"a.h\"\n#include F\n", NULL), 1, "a computed include");
	cr_expect_eq(decide("#include \"absent.h\"\n", NULL), 0,
	             "a header no directory holds brings nothing");
	cr_expect_eq(decide("int harmless;\n", "-DFIELD=nationaliteit"), 1, "a -D's word");
	cr_expect_eq(decide("int harmless;\n", "-Xclang"), 1, "a flag not followed");
}
