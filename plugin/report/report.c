/*
 * Report dispatch, and writing files atomically.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"

int ps_format_from_name(const char *name)
{
	static const char *const names[] = {"text", "json", "sarif", "gitlab", "csv",
	                                     "csv-flows", "html"};
	for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int ps_report_options_init(ps_report_options *options, unsigned version, ps_error *err)
{
	if (version != PS_REPORT_OPTIONS_VERSION)
		return psi_fail(err, PS_EUSAGE, "ps_report_options_init: unknown options version %u "
		                "(this library knows %d)", version, PS_REPORT_OPTIONS_VERSION);
	*options = (ps_report_options)PS_REPORT_OPTIONS_INIT;
	return PS_OK;
}

/* A caller's struct of another version has another layout: read none of it. */
static int check_version(const ps_report_options *options, ps_error *err)
{
	if (options->version != PS_REPORT_OPTIONS_VERSION)
		return psi_fail(err, PS_EUSAGE, "ps_report_options version %u is not %d: set it "
		                "with PS_REPORT_OPTIONS_INIT or ps_report_options_init",
		                options->version, PS_REPORT_OPTIONS_VERSION);
	return PS_OK;
}

int ps_report_write(const ps_result *result, const ps_report_options *options,
                    FILE *out, ps_error *err)
{
	int rc = check_version(options, err);
	if (rc != PS_OK)
		return rc;
	switch (options->format) {
	case PS_FORMAT_JSON: rc = psi_report_json(result, out, err); break;
	case PS_FORMAT_SARIF: rc = psi_report_sarif(result, options->rules, out, err); break;
	case PS_FORMAT_GITLAB: rc = psi_report_gitlab(result, out, err); break;
	case PS_FORMAT_CSV: rc = psi_report_csv(result, out, err); break;
	case PS_FORMAT_CSV_FLOWS: rc = psi_report_csv_flows(result, out, err); break;
	case PS_FORMAT_HTML: rc = psi_report_html(result, out, err); break;
	default: rc = psi_report_text(result, options->color, !options->hide_source, out, err); break;
	}
	if (rc == PS_OK && (fflush(out) != 0 || ferror(out)))
		rc = psi_fail(err, PS_EIO, "cannot write the report: %s", strerror(errno));
	return rc;
}

typedef struct report_job {
	const ps_result *result;
	const ps_report_options *options;
} report_job;

static int write_report(FILE *out, void *context, ps_error *err)
{
	report_job *job = context;
	return ps_report_write(job->result, job->options, out, err);
}

int ps_report_write_file(const ps_result *result, const ps_report_options *options,
                         const char *path, ps_error *err)
{
	/* Before a temporary file is made for a report that cannot be written. */
	int rc = check_version(options, err);
	if (rc != PS_OK)
		return rc;
	report_job job = {result, options};
	return psi_write_atomically(path, write_report, &job, err);
}

int psi_report_may_read(const ps_result *result, const char *path)
{
	if (!path)
		return 0;
	if (!result->sources && !result->report_path)
		return 1;
	if (path[0] == '/')
		return 0;
	for (const char *p = path; *p; p += strcspn(p, "/"), p += *p == '/')
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
			return 0;
	return 1;
}
