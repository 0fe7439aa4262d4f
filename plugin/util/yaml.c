/*
 * Helpers for every YAML file profilescan reads.
 */
#include <stdarg.h>
#include <stdio.h>
#include <yaml.h>

#include "util/util.h"

int psi_yaml_fail(ps_error *err, const char *file, const yaml_node_t *node,
		  const char *format, ...)
{
	char what[768];
	va_list args;
	va_start(args, format);
	vsnprintf(what, sizeof what, format, args);
	va_end(args);
	return psi_fail(err, PS_ERULES, "%s:%lu:%lu: %s", file,
			(unsigned long)node->start_mark.line + 1,
			(unsigned long)node->start_mark.column + 1, what);
}

const char *psi_yaml_scalar(const yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}
