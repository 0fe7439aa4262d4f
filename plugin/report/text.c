/*
 * Text reports in the style of gcc and clang, so that editors and CI logs
 * that understand compiler output link each line to its place:
 *
 *   file:line:column: warning: field 'nationaliteit' is named for nationality [PS-NAT-001]
 *   file:line:column: note: Grondwet, artikel 1 <https://...>
 */
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

int psi_report_text(const ps_result *result, int color, FILE *out, ps_error *err)
{
	(void)err;
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		if (f->suppression)
			continue; /* accepted with a justification: JSON and SARIF keep it */
		fprintf(out, "%s%s:%u:%u: %s%s:%s %s%s [%s]\n",
		        color ? BOLD : "", f->file, f->line, f->column,
		        color ? severity_color(f->severity) : "", ps_severity_name(f->severity),
		        color ? RESET BOLD : "", f->message, color ? RESET : "", f->rule->id);
		for (size_t k = 0; f->flow && k < f->flow->step_count; k++) {
			const ps_flow_step *step = &f->flow->steps[k];
			fprintf(out, "%s%s:%u:%u: %snote:%s %s\n", color ? BOLD : "", step->file,
			        step->line, step->column, color ? RESET NOTE_COLOR : "",
			        color ? RESET : "", step->message);
		}
		if (f->rule->reference_count > 0) {
			const ps_reference *ref = f->rule->references[0];
			fprintf(out, "%s%s:%u:%u: %snote:%s %s%s%s%s\n",
			        color ? BOLD : "", f->file, f->line, f->column,
			        color ? RESET NOTE_COLOR : "", color ? RESET : "",
			        ref->title, ref->url ? " <" : "", ref->url ? ref->url : "",
			        ref->url ? ">" : "");
		}
	}
	return PS_OK;
}
