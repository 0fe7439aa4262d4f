/*
 * CSV of flows, one row per step of each flow into a sink, in the quoting
 * of csv.c: a flow's rows share its id (the fingerprint of its finding) and
 * name the declaration it starts from by that declaration's own
 * fingerprint, so that the two CSV files join in a spreadsheet.
 */
#include "report/report.h"

static const char *const columns[] = {
	"flow_id", "rule", "status", "source_fingerprint", "source_rule", "source_kind",
	"source_name", "source_file", "source_line", "step", "step_file", "step_line",
	"step_column", "step_function", "step_message", "sink_name", "sink_kind", "sink_file",
	"sink_line",
};

static int step_row(FILE *out, const ps_finding *f, size_t index)
{
	const ps_flow *flow = f->flow;
	const ps_flow_step *s = &flow->steps[index];
	int rc = psi_csv_field(out, f->fingerprint, 0);
	rc |= psi_csv_field(out, f->rule->id, 0);
	rc |= psi_csv_field(out, psi_csv_status(f), 0);
	rc |= psi_csv_field(out, flow->source_fingerprint, 0);
	rc |= psi_csv_field(out, flow->source_rule->id, 0);
	rc |= psi_csv_field(out, ps_kind_name(f->kind), 0);
	rc |= psi_csv_field(out, f->name, 0);
	rc |= psi_csv_field(out, flow->source_file, 0);
	rc |= psi_csv_number(out, flow->source_line, 0);
	rc |= psi_csv_number(out, index + 1, 0);
	rc |= psi_csv_field(out, s->file, 0);
	rc |= psi_csv_number(out, s->line, 0);
	rc |= psi_csv_number(out, s->column, 0);
	rc |= psi_csv_field(out, s->function, 0);
	rc |= psi_csv_field(out, s->message, 0);
	rc |= psi_csv_field(out, flow->sink_name, 0);
	rc |= psi_csv_field(out, ps_sink_kind_name(flow->sink_kind), 0);
	rc |= psi_csv_field(out, flow->sink_file, 0);
	return rc | psi_csv_number(out, flow->sink_line, 1);
}

int psi_report_csv_flows(const ps_result *result, FILE *out, ps_error *err)
{
	int rc = psi_csv_header(out, columns, sizeof columns / sizeof *columns);
	for (size_t i = 0; rc == 0 && i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		for (size_t k = 0; rc == 0 && f->flow && k < f->flow->step_count; k++)
			rc = step_row(out, f, k);
	}
	return rc == 0 ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory writing the report");
}
