/*
 * GitLab Code Quality reports: a JSON array of issues with description,
 * check_name, fingerprint, severity and location (path and begin line).
 */
#include "report/report.h"

/* GitLab's severities: info, minor, major, critical, blocker. */
static const char *gitlab_severity(ps_severity severity)
{
	return severity == PS_SEVERITY_ERROR ? "critical"
	     : severity == PS_SEVERITY_WARNING ? "major" : "minor";
}

int psi_report_gitlab(const ps_result *result, FILE *out, ps_error *err)
{
	json_t *issues = json_array();
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		if (f->suppression)
			continue; /* accepted: not an open issue */
		json_array_append_new(issues, json_pack(
			"{s:s, s:s, s:s, s:s, s:[s], s:{s:s, s:{s:I}}}",
			"description", f->message,
			"check_name", f->rule->id,
			"fingerprint", f->fingerprint,
			"severity", gitlab_severity(f->severity),
			"categories", "Security",
			"location", "path", f->file, "lines", "begin", (json_int_t)f->line));
	}
	return psi_report_dump(issues, out, err);
}
