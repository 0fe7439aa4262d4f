/*
 * A digest of the vocabulary a ruleset holds, so that a report or
 * `--version` says exactly which rules produced it: the same rules, terms,
 * switches and severities give the same digest whatever files they came
 * from and however those were laid out.
 */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

static uint64_t text(uint64_t h, const char *s)
{
	return psi_hash(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t number(uint64_t h, uint64_t n)
{
	return psi_hash(h, &n, sizeof n);
}

static uint64_t terms(uint64_t h, const ps_term *t, size_t count)
{
	h = number(h, count);
	for (size_t i = 0; i < count; i++)
		h = number(text(text(h, t[i].text), t[i].lang),
		           (uint64_t)t[i].mode << 2 | (unsigned)t[i].after << 1 | (unsigned)t[i].anywhere);
	return h;
}

static uint64_t rule(uint64_t h, const ps_rule *r)
{
	h = text(text(h, r->id), r->subject);
	h = number(h, (uint64_t)r->category << 32 | (uint64_t)r->severity << 16 | (unsigned)r->enabled);
	h = number(terms(terms(h, r->terms, r->term_count), r->exclusions, r->exclusion_count), r->kinds);
	for (size_t i = 0; i < r->combination_count; i++)
		h = number(number(text(h, r->combinations[i].text), r->combinations[i].gap),
		           (uint64_t)(r->combinations[i].severity + 1) << 32 | r->combinations[i].kinds);
	for (size_t i = 0; i < r->unless_context_count; i++)
		h = text(h, r->unless_context[i]);
	return h;
}

void ps_ruleset_digest(const ps_ruleset *rules, char out[PS_DIGEST_SIZE])
{
	uint64_t h = number(0, rules->rule_count);
	for (size_t i = 0; i < rules->rule_count; i++)
		h = rule(h, rules->rules[i]);
	for (size_t i = 0; i < rules->concept_count; i++) {
		const ps_concept *c = rules->concepts[i];
		h = number(text(terms(text(h, c->id), c->terms, c->term_count), c->implies),
		           (uint64_t)c->siblings << 8 | (unsigned)(c->filler | c->no_split << 1 | c->scope_only << 2));
	}
	for (size_t i = 0; i < rules->sink_names.count; i++)
		h = text(h, rules->sink_names.items[i]);
	for (size_t i = 0; i < rules->not_sink_names.count; i++)
		h = text(text(h, "!"), rules->not_sink_names.items[i]);
	snprintf(out, PS_DIGEST_SIZE, "%016llx", (unsigned long long)h);
}
