/*
 * Reports: one file per format; report.c chooses between them.
 */
#ifndef PSI_REPORT_H
#define PSI_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "model/model.h"
#include "profilescan/report.h"
#include "rules/rules.h"

/* The JSON report's schema (docs/json-format.md): the major number changes
 * only when a key is renamed or removed, the minor one when keys are added. */
#define PSI_JSON_SCHEMA_VERSION "1.6"

/* May a report show lines of `path` for `result`?  A scan's own files, yes;
 * a result read back from reports (merge) names whatever files the reports
 * say, so only relative paths that stay below the working directory. */
int psi_report_may_read(const ps_result *result, const char *path);

int psi_report_text(const ps_result *result, int color, int show_source, FILE *out,
                    ps_error *err);
int psi_report_json(const ps_result *result, FILE *out, ps_error *err);
int psi_report_sarif(const ps_result *result, const ps_ruleset *rules, FILE *out, ps_error *err);
int psi_report_gitlab(const ps_result *result, FILE *out, ps_error *err);
int psi_report_csv(const ps_result *result, FILE *out, ps_error *err);
int psi_report_csv_flows(const ps_result *result, FILE *out, ps_error *err);
int psi_report_html(const ps_result *result, FILE *out, ps_error *err);

/* `text` with &, <, >, " and ' as entities (html.c), made valid UTF-8 first
 * as psi_utf8_escaped does, so that it is safe in an element or a quoted
 * attribute; NULL when memory ran out.  psi_html_put writes it: -1 then. */
char *psi_html_escaped(const char *text);
int psi_html_put(FILE *out, const char *text);
/* The sections of the HTML report written by html_graph.c (the chart of
 * counts, the table of sinks, the graph of what feeds them) and
 * html_inventory.c; -1 when memory ran out. */
int psi_html_chart(const ps_result *result, FILE *out);
int psi_html_sinks(const ps_result *result, FILE *out);
int psi_html_graph(const ps_result *result, FILE *out);
int psi_html_inventory(const ps_result *result, FILE *out);

/* What reaches each sink of a result (sink_feeds.c): feeds[k] for
 * result->sinks[k], its flow findings in order of their source's
 * fingerprint and name, `protected_count` of them from a protected ground
 * rather than a proxy.  -1 when memory ran out. */
typedef struct psi_sink_feed {
	const ps_finding **flows;   /* into psi_sink_feeds.flows */
	size_t count, protected_count;
} psi_sink_feed;
typedef struct psi_sink_feeds {
	psi_sink_feed *feeds;
	const ps_finding **flows;
} psi_sink_feeds;
int psi_sink_feeds_of(const ps_result *result, psi_sink_feeds *out);
void psi_sink_feeds_free(psi_sink_feeds *feeds);

/* UTF-16 columns of source lines, for SARIF (sarif_columns.c): each file
 * read once per report.  A file that cannot be read keeps byte columns;
 * psi_columns_failed says whether memory ran out on the way. */
typedef struct psi_columns psi_columns;
psi_columns *psi_columns_new(void);
unsigned psi_columns_utf16(psi_columns *c, const char *file, unsigned line,
                           unsigned byte_column);
int psi_columns_failed(const psi_columns *c);
void psi_columns_free(psi_columns *c);

/* One CSV field (csv.c): made valid UTF-8, defused when a spreadsheet would
 * read it as a formula, quoted when it must be, then a comma or, for the
 * `last` of a row, CRLF.  -1 when memory ran out. */
int psi_csv_field(FILE *out, const char *text, int last);
int psi_csv_number(FILE *out, unsigned long n, int last);
int psi_csv_header(FILE *out, const char *const *names, size_t count);
/* "open", or "accepted" by an exception. */
const char *psi_csv_status(const ps_finding *f);

/* The uses of each finding of `all` (merge_uses.c), united into the one
 * `keeper` names (keeper[i] == i for a finding kept; chains are followed):
 * each kept finding's `uses` becomes a new array, the merged result's,
 * sharing the inputs' strings; a finding not kept has none.  -1 when
 * memory ran out, and then no finding has uses. */
int psi_merge_uses(ps_finding *all, size_t n, const size_t *keeper);

/* Write a jansson value, indented, with a final newline; `failed` (a part
 * could not be built, see psi_json_push) or a NULL root fail instead. */
int psi_report_dump(json_t *root, int failed, FILE *out, ps_error *err);

#endif
