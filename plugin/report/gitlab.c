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
	int failed = 0;
	json_t *issues = json_array();
	for (size_t i = 0; issues && i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		if (f->suppression)
			continue; /* accepted: not an open issue */
		psi_json_push(issues, json_pack(
			"{s:o, s:s, s:s, s:s, s:[s], s:{s:o, s:{s:I}}}",
			"description", psi_json_text(f->message),
			"check_name", f->rule->id,
			"fingerprint", f->fingerprint,
			"severity", gitlab_severity(f->severity),
			"categories", "Security",
			"location", "path", psi_json_text(f->file),
			"lines", "begin", (json_int_t)f->line), &failed);
	}
	return psi_report_dump(issues, failed, out, err);
}
