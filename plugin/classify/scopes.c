/*
 * The names a qualified scope is made of, for the combinations that read a
 * scope's own name: which one names an enum when its own name is only a
 * placeholder, as C++ code names an enum by its namespace
 * (namespace Race { enum e { WHITE, ... } }).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify/classify.h"

int psi_is_placeholder_name(const char *name)
{
	static const char *const placeholders[] = {"type", "kind", "enum", "value", "values",
	                                           "code", "codes", "ids"};
	if (strlen(name) <= 2) /* e, E, T, id */
		return 1;
	for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
		if (strcasecmp(name, placeholders[i]) == 0)
			return 1;
	return 0;
}

char *psi_outer_scope_name(const char *scope, const char *inner_name)
{
	size_t inner = strlen(inner_name), all = scope ? strlen(scope) : 0;
	if (all < inner + 3 || strcmp(scope + all - inner, inner_name) != 0 ||
	    memcmp(scope + all - inner - 2, "::", 2) != 0)
		return NULL;
	size_t end = all - inner - 2, start = end;
	while (start >= 2 && memcmp(scope + start - 2, "::", 2) != 0)
		start--;
	if (start < 2)
		start = 0;
	return end > start ? psi_strndup(scope + start, end - start) : NULL;
}
