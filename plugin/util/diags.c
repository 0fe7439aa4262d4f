/*
 * Diagnostics about the scan: what could not be read, parsed or trusted.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int psi_diags_add(psi_diags *diags, ps_severity severity, const char *file,
		  unsigned line, unsigned column, const char *format, ...)
{
	if (PSI_PUSH(diags->items, diags->count, diags->capacity) < 0)
		return -1;
	ps_diagnostic *d = &diags->items[diags->count];
	va_list args;
	va_start(args, format);
	char buffer[1024];
	vsnprintf(buffer, sizeof buffer, format, args);
	va_end(args);
	d->severity = severity;
	d->file = file ? psi_strdup(file) : NULL;
	d->line = line;
	d->column = column;
	d->message = psi_strdup(buffer);
	if (!d->message || (file && !d->file)) {
		free(d->file);
		free(d->message);
		return -1;
	}
	diags->count++;
	return 0;
}

void psi_diags_clear(psi_diags *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		free(diags->items[i].file);
		free(diags->items[i].message);
	}
	free(diags->items);
	memset(diags, 0, sizeof *diags);
}
