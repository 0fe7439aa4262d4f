/* The embedding contract: versioned option structs are checked before
 * anything is read from them, and ps_result_fails answers as the command's
 * exit code does. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leakcheck.h"
#include "profilescan/profilescan.h"

TestSuite(api, .fini = ps_test_check_leaks);

Test(api, scan_options_init_sets_the_version_and_defaults)
{
	ps_scan_options options;
	memset(&options, 0xff, sizeof options);
	ps_error err = {0};
	cr_assert_eq(ps_scan_options_init(&options, PS_SCAN_OPTIONS_VERSION, &err), PS_OK);
	ps_scan_options expected = PS_SCAN_OPTIONS_INIT;
	cr_expect_eq(options.version, PS_SCAN_OPTIONS_VERSION);
	cr_expect_eq(memcmp(&options, &expected, sizeof options), 0);
}

Test(api, scan_options_init_refuses_an_unknown_version)
{
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	ps_error err = {0};
	cr_assert_eq(ps_scan_options_init(&options, PS_SCAN_OPTIONS_VERSION + 1, &err), PS_EUSAGE);
	cr_expect_eq(err.code, PS_EUSAGE);
	cr_expect(strstr(err.message, "unknown options version 4"), "%s", err.message);
}

/* A struct from memset or `= {0}` has version 0: refused before `rules`
 * (NULL here) or any path is looked at. */
Test(api, scan_refuses_options_without_a_version)
{
	ps_scan_options options = {0};
	ps_result *result = (ps_result *)&options;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_EUSAGE);
	cr_expect_null(result);
	cr_expect_str_eq(err.message, "ps_scan: ps_scan_options version 0 is not 3: set it "
	                 "with PS_SCAN_OPTIONS_INIT or ps_scan_options_init");
	options.version = PS_SCAN_OPTIONS_VERSION + 1;
	cr_expect_eq(ps_scan(&options, &result, &err), PS_EUSAGE);
	cr_expect(strstr(err.message, "version 4 is not 3"), "%s", err.message);
}

Test(api, report_refuses_options_without_a_version)
{
	ps_result result = {0};
	ps_report_options options = {0};
	ps_error err = {0};
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	cr_assert_eq(ps_report_write(&result, &options, out, &err), PS_EUSAGE);
	fclose(out);
	cr_expect_eq(length, 0, "wrote '%s'", text);
	free(text);
	cr_expect(strstr(err.message, "PS_REPORT_OPTIONS_INIT"), "%s", err.message);

	char path[] = "/tmp/ps-api-report-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	unlink(path);
	cr_expect_eq(ps_report_write_file(&result, &options, path, &err), PS_EUSAGE);
	cr_expect_neq(access(path, F_OK), 0, "a report was written to %s", path);

	cr_assert_eq(ps_report_options_init(&options, PS_REPORT_OPTIONS_VERSION, &err), PS_OK);
	cr_expect_eq(options.version, PS_REPORT_OPTIONS_VERSION);
	cr_expect_eq(options.format, PS_FORMAT_TEXT);
	cr_expect_eq(ps_report_options_init(&options, 0, &err), PS_EUSAGE);
}

static ps_finding finding(ps_severity severity, ps_suppression suppression)
{
	ps_finding f = {0};
	f.severity = severity;
	f.suppression = suppression;
	return f;
}

Test(api, result_fails_on_open_findings_at_or_above_the_level)
{
	ps_finding findings[] = {finding(PS_SEVERITY_NOTE, PS_NOT_SUPPRESSED),
	                         finding(PS_SEVERITY_ERROR, PS_SUPPRESSED_IN_SOURCE)};
	ps_result result = {0};
	cr_expect_eq(ps_result_fails(&result, PS_SEVERITY_NOTE), PS_PASSES);
	result.findings = findings;
	result.finding_count = 2;
	cr_expect_eq(ps_result_fails(&result, PS_SEVERITY_NOTE), PS_FAILS_FINDINGS);
	/* The error is accepted by an exception: only the note is open. */
	cr_expect_eq(ps_result_fails(&result, PS_SEVERITY_WARNING), PS_PASSES);
	findings[1].suppression = PS_NOT_SUPPRESSED;
	cr_expect_eq(ps_result_fails(&result, PS_SEVERITY_ERROR), PS_FAILS_FINDINGS);
	cr_expect_eq(ps_result_fails(&result, PS_FAIL_NEVER), PS_PASSES);
}

Test(api, an_incomplete_scan_fails_whatever_the_level)
{
	ps_diagnostic diagnostics[] = {{PS_SEVERITY_NOTE, NULL, 0, 0, "a compiler error"},
	                               {PS_SEVERITY_ERROR, "gone.c", 0, 0, "no such file"}};
	ps_finding findings[] = {finding(PS_SEVERITY_ERROR, PS_NOT_SUPPRESSED)};
	ps_result result = {0};
	result.diagnostics = diagnostics;
	result.diagnostic_count = 1;
	cr_expect_eq(ps_result_fails(&result, PS_FAIL_NEVER), PS_PASSES, "a note is no failure");
	result.diagnostic_count = 2;
	cr_expect_eq(ps_result_fails(&result, PS_FAIL_NEVER), PS_FAILS_INCOMPLETE);
	result.findings = findings;
	result.finding_count = 1;
	cr_expect_eq(ps_result_fails(&result, PS_SEVERITY_NOTE), PS_FAILS_INCOMPLETE);
}
