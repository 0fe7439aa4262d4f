/*
 * A report written to memory, for tests that read it back (CSV, merge).
 */
#ifndef PS_TEST_WRITTEN_H
#define PS_TEST_WRITTEN_H

#include <criterion/criterion.h>
#include <stdio.h>

#include "profilescan/profilescan.h"

/* `result` in `format`, NUL-terminated; the caller frees it. */
static char *written(const ps_result *result, ps_format format)
{
	ps_report_options options = PS_REPORT_OPTIONS_INIT;
	options.format = format;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	ps_error err = {0};
	cr_assert_eq(ps_report_write(result, &options, out, &err), PS_OK, "%s", err.message);
	fclose(out);
	return text;
}

#endif
