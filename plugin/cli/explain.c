/*
 * --explain NAME and --explain RULE-ID: how a name was split and which term
 * or exclusion decided each rule; or what a rule is, why, and what it cites.
 */
#include <stdlib.h>
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

static void print_concepts(FILE *out, char *const *ids, size_t count, const char *separator)
{
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%s%s", i ? separator : "", ids[i]);
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
	for (size_t i = 0; i < rule->combination_count; i++) {
		const ps_combination *c = &rule->combinations[i];
		fprintf(out, "%s  %s (%s:%u)\n", i == 0 ? "combinations:\n" : "", c->text, c->file,
		        c->line);
	}
	print_terms(out, "exclusions", rule->exclusions, rule->exclusion_count);
	if (rule->unless_context_count) {
		fprintf(out, "not in the context of: ");
		print_concepts(out, rule->unless_context, rule->unless_context_count, ", ");
		fputc('\n', out);
	}
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

static void on_concept(void *context, const ps_concept *concept, int in_context,
                       const char *where)
{
	explain_state *s = context;
	if (in_context)
		fprintf(s->out, "context: %s, from %s\n", concept->id, where);
	else
		fprintf(s->out, "concept: %s ('%s')\n", concept->id, where);
}

/* What matched: a term and where it is defined, or a combination. */
static void print_source(FILE *out, const ps_explanation *e)
{
	if (e->term) {
		fprintf(out, "%s: term '%s' (%s, %s:%u) matches", e->rule->id, e->term->text,
		        mode_names[e->term->mode], e->term->file, e->term->line);
		return;
	}
	const ps_combination *c = e->combination;
	fprintf(out, "%s: combination %s (%s:%u) matches", e->rule->id, c->text, c->file, c->line);
}

static void on_explanation(void *context, const ps_explanation *e)
{
	explain_state *s = context;
	print_source(s->out, e);
	fprintf(s->out, " '");
	print_words(s->out, s->words, e->first_word, e->last_word);
	if (e->missing_context)
		fprintf(s->out, "', but the context shows no %s\n", e->missing_context->id);
	else if (e->vetoed_by)
		fprintf(s->out, "', but exclusion '%s' (%s:%u) cancels it\n", e->vetoed_by->text,
		        e->vetoed_by->file, e->vetoed_by->line);
	else if (e->vetoed_by_context)
		fprintf(s->out, "', but the context shows %s, which cancels it\n",
		        e->vetoed_by_context->id);
	else if (e->rule_off)
		fprintf(s->out, "', but the rule is switched off\n");
	else if (e->wrong_kind)
		fprintf(s->out, "', but the rule does not apply to this kind\n");
	else {
		fprintf(s->out, "': %s, %s%s%s\n", ps_category_name(e->rule->category),
		        ps_severity_name(e->severity), e->context ? ", from " : "",
		        e->context ? e->context : "");
		s->standing++;
	}
}

/* `Scope::name` explains `name` inside record or function `Scope`. */
int ps_cli_explain(const ps_ruleset *rules, const char *what, FILE *out, ps_error *err)
{
	const ps_rule *rule = ps_ruleset_find_rule(rules, what);
	if (rule) {
		explain_rule(rule, out);
		return PS_OK;
	}
	/* No C name holds a '-': this was meant as a rule id. */
	if (strchr(what, '-')) {
		if (err) {
			err->code = PS_EUSAGE;
			snprintf(err->message, sizeof err->message,
			         "no rule '%s' (profilescan --list-rules lists them)", what);
		}
		return PS_EUSAGE;
	}
	const char *separator = strstr(what, "::");
	const char *name = what;
	char *scope = NULL;
	while (separator) {
		name = separator + 2;
		separator = strstr(name, "::");
	}
	if (name != what) {
		size_t length = (size_t)(name - 2 - what);
		if (!(scope = malloc(length + 1))) {
			if (err)
				*err = (ps_error){PS_ENOMEM, "out of memory"};
			return PS_ENOMEM;
		}
		memcpy(scope, what, length);
		scope[length] = '\0';
	}
	const char *inner = scope ? strrchr(scope, ':') : NULL;
	ps_context context = {scope, "scope", inner ? inner + 1 : scope, NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	ps_words words;
	int rc = ps_words_split(name, &words, err);
	if (rc != PS_OK) {
		free(scope);
		return rc;
	}
	fprintf(out, "name: %s\n", name);
	if (scope)
		fprintf(out, "scope: %s\n", scope);
	fprintf(out, "words:");
	for (size_t i = 0; i < words.count; i++)
		fprintf(out, " %s", words.word[i]);
	fprintf(out, "\n");
	explain_state state = {out, &words, 0};
	/* Explained as a variable; rules limited to other kinds say so. */
	rc = ps_explain(rules, name, scope ? &context : NULL, PS_KIND_VARIABLE, on_concept,
	                on_explanation, &state, err);
	if (rc == PS_OK && state.standing == 0)
		fprintf(out, "no rule matches\n");
	ps_words_clear(&words);
	free(scope);
	return rc;
}
