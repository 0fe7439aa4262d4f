/*
 * The rules that have no vocabulary: findings about exceptions themselves,
 * and flows of flagged values into sinks.  Their references are spelt as in
 * patterns/references.yaml (a unit test holds them to it), because these
 * rules exist even when a scan loads packs of its own.
 */
#include "rules/rules.h"

static const ps_reference crm = {
	(char *)"crm-risicoprofielen",
	(char *)"College voor de Rechten van de Mens, 'Discriminatie door risicoprofielen - een "
	        "mensenrechtelijk toetsingskader' (2021), succeeded by the 'Toetsingskader "
	        "risicoprofilering' (2025): ethnicity, descent or nationality only in a very rare, "
	        "compellingly justified exception",
	(char *)"https://www.mensenrechten.nl"};
static const ps_reference ap_toeslagen = {
	(char *)"ap-toeslagen-2020",
	(char *)"Autoriteit Persoonsgegevens, report on Belastingdienst/Toeslagen (16 July 2020): "
	        "nationality as an indicator in the risk-classification model was unlawful and "
	        "discriminatory",
	(char *)"https://autoriteitpersoonsgegevens.nl"};
static const ps_reference gdpr_22 = {
	(char *)"gdpr-22",
	(char *)"AVG/GDPR (Regulation (EU) 2016/679) art. 22: automated individual decision-making, "
	        "including profiling; 22(4) not based on art. 9 data",
	(char *)"https://eur-lex.europa.eu/eli/reg/2016/679/oj"};
static const ps_reference red_2 = {
	(char *)"red-2",
	(char *)"Racial Equality Directive 2000/43/EC, art. 2: direct and indirect discrimination "
	        "(an apparently neutral provision, criterion or practice)",
	(char *)"https://eur-lex.europa.eu/eli/dir/2000/43/oj"};

static const ps_reference *exception_refs[] = {&crm};
static const ps_reference *protected_flow_refs[] = {&crm, &ap_toeslagen, &gdpr_22};
static const ps_reference *proxy_flow_refs[] = {&red_2, &crm};

#define BUILTIN_RULE(id_, pack_, category_, severity_, title_, subject_, rationale_, refs) \
	{.id = (char *)id_, .pack = (char *)pack_, .category = category_, \
	 .severity = severity_, .title = (char *)title_, .subject = (char *)subject_, \
	 .rationale = (char *)rationale_, .references = refs, \
	 .reference_count = sizeof refs / sizeof *refs, .enabled = 1}

static ps_rule builtin_rules[PSI_BUILTIN_COUNT] = {
	[PSI_BUILTIN_MALFORMED_EXCEPTION] = BUILTIN_RULE(
		"PS-EXC-001", "exceptions", PS_CATEGORY_EXCEPTION, PS_SEVERITY_WARNING,
		"Malformed exception", "a malformed exception",
		"A profilescan:allow comment must name the rules or categories it accepts "
		"and give a written justification after '--'. One that does not accepts "
		"nothing: the exception the norm allows is argued, not assumed.",
		exception_refs),
	[PSI_BUILTIN_EXPIRED_EXCEPTION] = BUILTIN_RULE(
		"PS-EXC-002", "exceptions", PS_CATEGORY_EXCEPTION, PS_SEVERITY_WARNING,
		"Expired exception", "an expired exception",
		"An exception past its 'until' date no longer accepts its findings: the "
		"argument for it has to be made again.",
		exception_refs),
	[PSI_BUILTIN_UNUSED_EXCEPTION] = BUILTIN_RULE(
		"PS-EXC-003", "exceptions", PS_CATEGORY_EXCEPTION, PS_SEVERITY_NOTE,
		"Unused exception", "an unused exception",
		"An exception that accepts no finding any more is noise that hides what is "
		"really accepted; remove it.",
		exception_refs),
	[PSI_BUILTIN_PROTECTED_FLOW] = BUILTIN_RULE(
		"PS-FLW-001", "flows", PS_CATEGORY_FLOW, PS_SEVERITY_ERROR,
		"Nationality, ethnicity or origin feeds a score or decision",
		"nationality, ethnicity or origin feeding a score or decision",
		"A value named for a protected ground reaches a score, a risk, a selection "
		"or a decision: assigned to it, deciding a branch that changes it, returned "
		"by a function that computes it, or passed to one. Nationality as an "
		"indicator in the childcare-benefits risk model was found unlawful and "
		"discriminatory; a profile may rest on such a ground only in a very rare, "
		"compellingly justified exception.",
		protected_flow_refs),
	[PSI_BUILTIN_PROXY_FLOW] = BUILTIN_RULE(
		"PS-FLW-002", "flows", PS_CATEGORY_FLOW, PS_SEVERITY_WARNING,
		"A proxy for origin feeds a score or decision",
		"a proxy for origin feeding a score or decision",
		"Language, civic integration, residence status, postcode or surname reaches "
		"a score, a risk, a selection or a decision. An apparently neutral criterion "
		"that puts people of one origin at a particular disadvantage is indirect "
		"discrimination unless objectively justified.",
		proxy_flow_refs),
};

size_t ps_builtin_rule_count(void)
{
	return PSI_BUILTIN_COUNT;
}

const ps_rule *ps_builtin_rule(size_t index)
{
	return index < PSI_BUILTIN_COUNT ? &builtin_rules[index] : NULL;
}
