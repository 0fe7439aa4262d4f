/*
 * Every enum's spelling in reports, and the nouns messages use for them.
 */
#include <string.h>

#include "model/model.h"

static const char *const severity_names[] = {"note", "warning", "error"};

static const char *const category_names[PS_CATEGORY_COUNT] = {
	"nationality", "ethnicity", "origin", "proxy", "religion", "exception", "flow", "sink"};

static const char *const kind_names[PS_KIND_COUNT] = {
	"variable", "field", "parameter", "function", "type",
	"enum-constant", "macro", "namespace", "string-literal", "identifier", "comment"};

static int index_of(const char *const *names, int count, const char *name)
{
	for (int i = 0; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *ps_severity_name(ps_severity severity) { return severity_names[severity]; }

const char *ps_category_name(ps_category category) { return category_names[category]; }

const char *ps_kind_name(ps_kind kind) { return kind_names[kind]; }

int ps_severity_from_name(const char *name) { return index_of(severity_names, 3, name); }

int ps_category_from_name(const char *name) { return index_of(category_names, PS_CATEGORY_COUNT, name); }

int ps_kind_from_name(const char *name) { return index_of(kind_names, PS_KIND_COUNT, name); }

static const char *const sink_kind_names[PS_SINK_KIND_COUNT] = {
	"variable", "field", "element", "return", "argument"};

const char *ps_sink_kind_name(ps_sink_kind kind) { return sink_kind_names[kind]; }

const char *psi_kind_noun(ps_kind kind)
{
	static const char *const nouns[PS_KIND_COUNT] = {
		"variable", "field", "parameter", "function", "type",
		"enum constant", "macro", "namespace", "string literal", "identifier", "comment"};
	return nouns[kind];
}

const char *psi_sink_phrase(ps_sink_kind kind)
{
	switch (kind) {
	case PS_SINK_VARIABLE: return "variable";
	case PS_SINK_FIELD: return "field";
	case PS_SINK_ELEMENT: return "an element of";
	case PS_SINK_RETURN: return "the value returned by";
	default: return "an argument of";
	}
}
