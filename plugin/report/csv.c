/*
 * CSV reports, one row per finding, for auditors who work in a spreadsheet
 * (docs/csv-format.md).  RFC 4180: a header row, fields holding a comma, a
 * double quote, CR or LF in double quotes with quotes doubled, and CRLF
 * after every row, as the RFC says, which LibreOffice, Excel and Python's
 * csv module all read.  Text is UTF-8 (bytes that are not read \xNN, as in
 * JSON), without a byte order mark.
 *
 * A field that starts with '=', '+', '-', '@', a tab or CR would be read as
 * a formula by a spreadsheet, and names and literals come from the scanned
 * code: such a field gets a leading single quote and is quoted, as OWASP's
 * "CSV Injection" page recommends, so it is shown as text and never run.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int psi_csv_field(FILE *out, const char *text, int last)
{
	char *valid = psi_utf8_escaped(text ? text : "");
	if (!valid)
		return -1;
	int formula = valid[0] != '\0' && strchr("=+-@\t\r", valid[0]) != NULL;
	if (formula || strpbrk(valid, ",\"\r\n")) {
		fputc('"', out);
		if (formula)
			fputc('\'', out);
		for (const char *p = valid; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	} else {
		fputs(valid, out);
	}
	free(valid);
	fputs(last ? "\r\n" : ",", out);
	return 0;
}

int psi_csv_number(FILE *out, unsigned long n, int last)
{
	fprintf(out, "%lu%s", n, last ? "\r\n" : ",");
	return 0;
}

int psi_csv_header(FILE *out, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		psi_csv_field(out, names[i], i + 1 == count);
	return 0;
}

static const char *const columns[] = {
	"fingerprint", "rule", "category", "severity", "kind", "name", "term", "file", "line",
	"column", "scope", "evidence", "context", "message", "status", "exception_kind",
	"justification", "exception_location", "exception_author", "exception_expires", "source_rule", "source_fingerprint",
	"source_file", "source_line", "sink_name", "sink_kind", "sink_file", "sink_line",
};

const char *psi_csv_status(const ps_finding *f)
{
	return f->suppression ? "accepted" : "open";
}

static const char *exception_kind(const ps_finding *f)
{
	return !f->suppression ? ""
	     : f->suppression == PS_SUPPRESSED_IN_SOURCE ? "inline" : "exceptions-file";
}

/* The flow's columns, empty for a finding that is not a flow. */
static int flow_fields(FILE *out, const ps_flow *flow)
{
	if (!flow)
		return fputs(",,,,,,,\r\n", out) == EOF ? -1 : 0;
	int rc = psi_csv_field(out, flow->source_rule->id, 0);
	rc |= psi_csv_field(out, flow->source_fingerprint, 0);
	rc |= psi_csv_field(out, flow->source_file, 0);
	rc |= psi_csv_number(out, flow->source_line, 0);
	rc |= psi_csv_field(out, flow->sink_name, 0);
	rc |= psi_csv_field(out, ps_sink_kind_name(flow->sink_kind), 0);
	rc |= psi_csv_field(out, flow->sink_file, 0);
	return rc | psi_csv_number(out, flow->sink_line, 1);
}

static int finding_row(FILE *out, const ps_finding *f)
{
	int rc = psi_csv_field(out, f->fingerprint, 0);
	rc |= psi_csv_field(out, f->rule->id, 0);
	rc |= psi_csv_field(out, ps_category_name(f->rule->category), 0);
	rc |= psi_csv_field(out, ps_severity_name(f->severity), 0);
	rc |= psi_csv_field(out, ps_kind_name(f->kind), 0);
	rc |= psi_csv_field(out, f->name, 0);
	rc |= psi_csv_field(out, f->term, 0);
	rc |= psi_csv_field(out, f->file, 0);
	rc |= psi_csv_number(out, f->line, 0);
	rc |= psi_csv_number(out, f->column, 0);
	rc |= psi_csv_field(out, f->scope, 0);
	rc |= psi_csv_field(out, f->context ? "context" : "name", 0);
	rc |= psi_csv_field(out, f->context, 0);
	rc |= psi_csv_field(out, f->message, 0);
	rc |= psi_csv_field(out, psi_csv_status(f), 0);
	rc |= psi_csv_field(out, exception_kind(f), 0);
	rc |= psi_csv_field(out, f->justification, 0);
	rc |= psi_csv_field(out, f->suppressed_at, 0);
	rc |= psi_csv_field(out, f->suppressed_by, 0);
	rc |= psi_csv_field(out, f->suppressed_until, 0);
	return rc | flow_fields(out, f->flow);
}

int psi_report_csv(const ps_result *result, FILE *out, ps_error *err)
{
	int rc = psi_csv_header(out, columns, sizeof columns / sizeof *columns);
	for (size_t i = 0; rc == 0 && i < result->finding_count; i++)
		rc = finding_row(out, &result->findings[i]);
	return rc == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory writing the report");
}
