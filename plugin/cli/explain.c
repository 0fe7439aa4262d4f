/*
 * --explain NAME and --explain RULE-ID: how a name was split and which term
 * or exclusion decided each rule; or what a rule is, why, and what it cites.
 */
#include <string.h>

#include "cli.h"

static const char *const mode_names[] = {"word", "prefix", "stem"};

static void print_terms(FILE *out, const char *heading, const ps_term *terms, size_t count)
{
	if (count == 0)
		return;
	fprintf(out, "%s:\n", heading);
	for (int mode = PS_MATCH_WORD; mode <= PS_MATCH_STEM; mode++) {
		const char *separator = NULL;
		for (size_t i = 0; i < count; i++) {
			if ((int)terms[i].mode != mode)
				continue;
			if (!separator)
				fprintf(out, "  %s: ", mode_names[mode]);
			fprintf(out, "%s%s", separator ? separator : "", terms[i].text);
			separator = ", ";
		}
		if (separator)
			fputc('\n', out);
	}
}

static void explain_rule(const ps_rule *rule, FILE *out)
{
	fprintf(out, "%s: %s\n", rule->id, rule->title);
	fprintf(out, "category: %s; default severity: %s; pack: %s\n",
	        ps_category_name(rule->category), ps_severity_name(rule->severity), rule->pack);
	fprintf(out, "applies to:");
	for (int k = 0; k < PS_KIND_COUNT; k++)
		if (rule->kinds & (1u << k))
			fprintf(out, " %s", ps_kind_name((ps_kind)k));
	fprintf(out, "\n\n%s\n", rule->rationale);
	fprintf(out, "references:\n");
	for (size_t i = 0; i < rule->reference_count; i++)
		fprintf(out, "  - %s%s%s%s\n", rule->references[i]->title,
		        rule->references[i]->url ? " <" : "",
		        rule->references[i]->url ? rule->references[i]->url : "",
		        rule->references[i]->url ? ">" : "");
	print_terms(out, "terms", rule->terms, rule->term_count);
	print_terms(out, "exclusions", rule->exclusions, rule->exclusion_count);
}

typedef struct explain_state {
	FILE *out;
	const ps_words *words;
	size_t standing;
} explain_state;

static void print_words(FILE *out, const ps_words *words, size_t first, size_t last)
{
	for (size_t i = first; i <= last; i++)
		fprintf(out, "%s%s", i > first ? " " : "", words->word[i]);
}

static void on_explanation(void *context, const ps_explanation *e)
{
	explain_state *s = context;
	fprintf(s->out, "%s: term '%s' (%s, %s:%u) matches '", e->rule->id, e->term->text,
	        mode_names[e->term->mode], e->term->file, e->term->line);
	print_words(s->out, s->words, e->first_word, e->last_word);
	if (e->vetoed_by)
		fprintf(s->out, "', but exclusion '%s' (%s:%u) cancels it\n", e->vetoed_by->text,
		        e->vetoed_by->file, e->vetoed_by->line);
	else if (e->rule_off)
		fprintf(s->out, "', but the rule is switched off\n");
	else if (e->wrong_kind)
		fprintf(s->out, "', but the rule does not apply to this kind\n");
	else {
		fprintf(s->out, "': %s, %s\n", ps_category_name(e->rule->category),
		        ps_severity_name(e->rule->severity));
		s->standing++;
	}
}

int ps_cli_explain(const ps_ruleset *rules, const char *what, FILE *out, ps_error *err)
{
	const ps_rule *rule = ps_ruleset_find_rule(rules, what);
	if (rule) {
		explain_rule(rule, out);
		return PS_OK;
	}
	ps_words words;
	int rc = ps_words_split(what, &words, err);
	if (rc != PS_OK)
		return rc;
	fprintf(out, "name: %s\nwords:", what);
	for (size_t i = 0; i < words.count; i++)
		fprintf(out, " %s", words.word[i]);
	fprintf(out, "\n");
	explain_state state = {out, &words, 0};
	/* Explained as a variable; rules limited to other kinds say so. */
	rc = ps_explain(rules, what, NULL, PS_KIND_VARIABLE, on_explanation, &state, err);
	if (rc == PS_OK && state.standing == 0)
		fprintf(out, "no rule matches\n");
	ps_words_clear(&words);
	return rc;
}
