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

int psi_yaml_check_depth(const char *file, const char *text, size_t length, ps_error *err)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return psi_fail(err, PS_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
	int rc = PS_OK, depth = 0, done = 0;
	while (!done && rc == PS_OK) {
		yaml_event_t event;
		if (!yaml_parser_parse(&parser, &event))
			break;
		if (event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT) {
			if (++depth > PSI_YAML_MAX_DEPTH)
				rc = psi_fail(err, PS_ERULES, "%s:%lu:%lu: nested more than %d levels deep",
				              file, (unsigned long)event.start_mark.line + 1,
				              (unsigned long)event.start_mark.column + 1, PSI_YAML_MAX_DEPTH);
		} else if (event.type == YAML_SEQUENCE_END_EVENT ||
		           event.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	return rc;
}
