/*
 * Text reports in the style of gcc and clang, so that editors and CI logs
 * that understand compiler output link each line to its place:
 *
 *   file:line:column: warning: field 'nationaliteit' is named for nationality [PS-NAT-001]
 *   file:line:column: note: Grondwet, artikel 1 <https://...>
 *
 * What comes from the scanned tree (file names, and messages, which quote
 * names and literals) is shown through psi_utf8_visible: the report goes to
 * a terminal, and scanned code must not be able to act on it.
 */
#include <stdlib.h>

#include "report/report.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"
#define NOTE_COLOR "\033[1;36m"

static const char *severity_color(ps_severity severity)
{
	switch (severity) {
	case PS_SEVERITY_ERROR: return "\033[1;31m";
	case PS_SEVERITY_WARNING: return "\033[1;35m";
	default: return NOTE_COLOR;
	}
}

/* "file:line:column: " in bold, the severity in its colour, then `after`
 * (the attributes of what follows). */
static int put_place(FILE *out, int color, const char *file, unsigned line, unsigned column,
                     const char *severity_start, const char *severity, const char *after)
{
	char *shown = psi_utf8_visible(file);
	if (!shown)
		return -1;
	fprintf(out, "%s%s:%u:%u: %s%s:%s ", color ? BOLD : "", shown, line, column,
	        color ? severity_start : "", severity, color ? after : "");
	free(shown);
	return 0;
}

static int put_visible(FILE *out, const char *text)
{
	return ps_fputs_visible(text, out, NULL) == PS_OK ? 0 : -1;
}

int ps_fputs_visible(const char *text, FILE *out, ps_error *err)
{
	char *shown = psi_utf8_visible(text);
	if (!shown)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	int rc = fputs(shown, out) < 0 ? psi_fail(err, PS_EIO, "cannot write") : PS_OK;
	free(shown);
	return rc;
}

static int put_finding(FILE *out, int color, const ps_finding *f)
{
	int failed = put_place(out, color, f->file, f->line, f->column, severity_color(f->severity),
	                       ps_severity_name(f->severity), RESET BOLD);
	failed |= put_visible(out, f->message);
	fprintf(out, "%s [%s]\n", color ? RESET : "", f->rule->id);
	for (size_t k = 0; f->flow && k < f->flow->step_count; k++) {
		const ps_flow_step *step = &f->flow->steps[k];
		failed |= put_place(out, color, step->file, step->line, step->column,
		                    RESET NOTE_COLOR, "note", RESET);
		failed |= put_visible(out, step->message);
		fputc('\n', out);
	}
	if (f->rule->reference_count > 0) {
		const ps_reference *ref = f->rule->references[0];
		failed |= put_place(out, color, f->file, f->line, f->column, RESET NOTE_COLOR, "note",
		                    RESET);
		fprintf(out, "%s%s%s%s\n", ref->title, ref->url ? " <" : "", ref->url ? ref->url : "",
		        ref->url ? ">" : "");
	}
	return failed;
}

int psi_report_text(const ps_result *result, int color, FILE *out, ps_error *err)
{
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		if (f->suppression)
			continue; /* accepted with a justification: JSON and SARIF keep it */
		if (put_finding(out, color, f) != 0)
			return psi_fail(err, PS_ENOMEM, "out of memory writing the report");
	}
	return PS_OK;
}
