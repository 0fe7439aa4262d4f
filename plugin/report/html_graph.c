/*
 * The pictures of the HTML report, as inline SVG laid out here, so that no
 * layout engine or script library is needed to read them: the counts per
 * category and severity as stacked bars, and "what feeds which score", the
 * flagged declarations on the left, the sinks on the right and an edge per
 * pair that a flow joins.  Also the table of sinks, which shares the
 * grouping of flows by sink with the graph.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define ROW 22          /* px between two nodes of the graph */
#define CHAR_WIDTH 7    /* px, an estimate for the 12px labels */
#define LABEL_MAX 48    /* bytes of a label before it is cut */

static const char *const severity_colors[] = {"#2874a6", "#d68910", "#c0392b"};

/* A flagged declaration or a sink of the graph, with its place in its
 * column after ordering. */
typedef struct node {
	const ps_finding *first; /* the first flow finding that names it */
	double weight;           /* sum of the positions of its neighbours */
	size_t degree;
	size_t row;
	size_t flows, protected_flows;
} node;

typedef struct edge {
	size_t source, sink;
	size_t flows;
	ps_severity worst;
} edge;

typedef struct feed_graph {
	node *sources, *sinks;
	size_t source_count, sink_count, source_capacity, sink_capacity;
	edge *edges;
	size_t edge_count, edge_capacity;
} feed_graph;

/* A report read back from JSON may hold null for any text. */
static const char *or_empty(const char *text)
{
	return text ? text : "";
}

static int same_source(const ps_finding *a, const ps_finding *b)
{
	const ps_flow *x = a->flow, *y = b->flow;
	if (x->source_fingerprint[0] || y->source_fingerprint[0])
		return strcmp(x->source_fingerprint, y->source_fingerprint) == 0;
	return x->source_line == y->source_line &&
	       strcmp(or_empty(a->name), or_empty(b->name)) == 0 &&
	       strcmp(or_empty(x->source_file), or_empty(y->source_file)) == 0;
}

static int same_sink(const ps_finding *a, const ps_finding *b)
{
	const ps_flow *x = a->flow, *y = b->flow;
	return x->sink_line == y->sink_line && x->sink_kind == y->sink_kind &&
	       strcmp(or_empty(x->sink_name), or_empty(y->sink_name)) == 0 &&
	       strcmp(or_empty(x->sink_file), or_empty(y->sink_file)) == 0;
}

/* The index of f's node in `nodes`, added when new; -1 when out of memory. */
static long node_of(node **nodes, size_t *count, size_t *capacity, const ps_finding *f,
                    int (*same)(const ps_finding *, const ps_finding *))
{
	for (size_t i = 0; i < *count; i++)
		if (same((*nodes)[i].first, f))
			return (long)i;
	if (psi_grow((void **)nodes, capacity, *count, sizeof **nodes) < 0)
		return -1;
	(*nodes)[*count] = (node){.first = f};
	return (long)(*count)++;
}

static int add_flow(feed_graph *g, const ps_finding *f)
{
	long s = node_of(&g->sources, &g->source_count, &g->source_capacity, f, same_source);
	long k = node_of(&g->sinks, &g->sink_count, &g->sink_capacity, f, same_sink);
	if (s < 0 || k < 0)
		return -1;
	g->sinks[k].flows++;
	g->sinks[k].protected_flows += f->severity == PS_SEVERITY_ERROR;
	for (size_t i = 0; i < g->edge_count; i++) {
		edge *e = &g->edges[i];
		if (e->source == (size_t)s && e->sink == (size_t)k) {
			e->flows++;
			e->worst = f->severity > e->worst ? f->severity : e->worst;
			return 0;
		}
	}
	if (PSI_PUSH(g->edges, g->edge_count, g->edge_capacity) < 0)
		return -1;
	g->edges[g->edge_count++] = (edge){(size_t)s, (size_t)k, 1, f->severity};
	return 0;
}

static void graph_free(feed_graph *g)
{
	free(g->sources);
	free(g->sinks);
	free(g->edges);
}

static int compare_weight(const void *a, const void *b)
{
	const node *x = *(node *const *)a, *y = *(node *const *)b;
	double wx = x->degree ? x->weight / (double)x->degree : 0;
	double wy = y->degree ? y->weight / (double)y->degree : 0;
	return wx < wy ? -1 : wx > wy ? 1 : (x->row > y->row) - (x->row < y->row);
}

/* Give `nodes` rows in the order of the mean row of their neighbours (the
 * barycentre heuristic), which keeps most edges from crossing. */
static int order_column(node *nodes, size_t count)
{
	node **order = calloc(count ? count : 1, sizeof *order);
	if (!order)
		return -1;
	for (size_t i = 0; i < count; i++)
		order[i] = &nodes[i];
	psi_sort(order, count, sizeof *order, compare_weight);
	for (size_t i = 0; i < count; i++)
		order[i]->row = i;
	free(order);
	return 0;
}

static int layout(feed_graph *g)
{
	for (size_t i = 0; i < g->source_count; i++)
		g->sources[i].row = i; /* the order of the findings: by file and line */
	for (int side = 0; side < 2; side++) {
		node *to = side == 0 ? g->sinks : g->sources;
		for (size_t i = 0; i < (side == 0 ? g->sink_count : g->source_count); i++)
			to[i].weight = 0, to[i].degree = 0;
		for (size_t i = 0; i < g->edge_count; i++) {
			const edge *e = &g->edges[i];
			node *n = side == 0 ? &g->sinks[e->sink] : &g->sources[e->source];
			n->weight += (double)(side == 0 ? g->sources[e->source].row : g->sinks[e->sink].row);
			n->degree++;
		}
		if (order_column(to, side == 0 ? g->sink_count : g->source_count) < 0)
			return -1;
	}
	return 0;
}

/* `text` cut to LABEL_MAX bytes at a character boundary, with an ellipsis. */
static int put_label(FILE *out, const char *text)
{
	text = or_empty(text);
	size_t length = strlen(text);
	if (length <= LABEL_MAX)
		return psi_html_put(out, text);
	size_t cut = LABEL_MAX;
	while (cut > 0 && (text[cut] & 0xC0) == 0x80)
		cut--;
	char *part = psi_strndup(text, cut);
	int rc = part ? psi_html_put(out, part) : -1;
	free(part);
	fputs("\xE2\x80\xA6", out);
	return rc;
}

static size_t label_width(const char *name, size_t extra)
{
	size_t n = strlen(or_empty(name)) + extra;
	return (n > LABEL_MAX + extra ? LABEL_MAX + extra : n) * CHAR_WIDTH + 16;
}

/* The y of a node: the shorter column is spread over the height of the
 * longer one, so that its edges fan out instead of bunching at the top. */
static size_t node_y(size_t row, size_t count, size_t rows)
{
	return 40 + (row * 2 + 1) * rows * ROW / (count * 2) - ROW / 2;
}

static int put_node(FILE *out, const node *n, int right, size_t x, size_t y)
{
	const ps_flow *flow = n->first->flow;
	fprintf(out, "<g class=\"%s\"><title>", right ? "sink" : "source");
	int rc = psi_html_put(out, right ? flow->sink_name : n->first->name);
	fputs(" (", out);
	rc |= psi_html_put(out, right ? flow->sink_file : flow->source_file);
	fprintf(out, ":%u)</title><circle cx=\"%zu\" cy=\"%zu\" r=\"4\" fill=\"%s\"/>"
	        "<text x=\"%zu\" y=\"%zu\" text-anchor=\"%s\">",
	        right ? flow->sink_line : flow->source_line, x, y, right ? "#555" : "#1a5276",
	        right ? x + 8 : x - 8, y + 4, right ? "start" : "end");
	rc |= put_label(out, right ? flow->sink_name : n->first->name);
	if (right)
		fprintf(out, " (%s)", ps_sink_kind_name(flow->sink_kind));
	else
		fprintf(out, " (%s)", ps_category_name(flow->source_rule->category));
	fputs("</text></g>\n", out);
	return rc;
}

static int put_graph_svg(const feed_graph *g, FILE *out)
{
	size_t left = 0, right = 0;
	for (size_t i = 0; i < g->source_count; i++) {
		size_t w = label_width(g->sources[i].first->name, 12);
		left = w > left ? w : left;
	}
	for (size_t i = 0; i < g->sink_count; i++) {
		size_t w = label_width(g->sinks[i].first->flow->sink_name, 12);
		right = w > right ? w : right;
	}
	size_t rows = g->source_count > g->sink_count ? g->source_count : g->sink_count;
	size_t x1 = left, x2 = left + 260, mid = left + 130;
	fprintf(out, "<svg id=\"feeds-graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	        "width=\"%zu\" height=\"%zu\" viewBox=\"0 0 %zu %zu\" aria-label=\"flagged "
	        "declarations and the sinks they feed\">\n"
	        "<text x=\"%zu\" y=\"16\" text-anchor=\"end\" font-weight=\"bold\">flagged "
	        "declarations</text><text x=\"%zu\" y=\"16\" font-weight=\"bold\">sinks (scores "
	        "and decisions)</text>\n", x2 + right, 40 + rows * ROW, x2 + right,
	        40 + rows * ROW, x1, x2);
	for (size_t i = 0; i < g->edge_count; i++) {
		const edge *e = &g->edges[i];
		size_t y1 = node_y(g->sources[e->source].row, g->source_count, rows);
		size_t y2 = node_y(g->sinks[e->sink].row, g->sink_count, rows);
		fprintf(out, "<path class=\"edge\" d=\"M%zu %zu C%zu %zu %zu %zu %zu %zu\" fill=\"none\" "
		        "stroke=\"%s\" stroke-width=\"%zu\" stroke-opacity=\"0.7\"><title>%zu flow%s"
		        "</title></path>\n", x1 + 4, y1, mid, y1, mid, y2, x2 - 4, y2,
		        severity_colors[e->worst], e->flows > 3 ? 4 : e->flows + 1, e->flows,
		        e->flows == 1 ? "" : "s");
	}
	int rc = 0;
	for (size_t i = 0; i < g->source_count; i++)
		rc |= put_node(out, &g->sources[i], 0, x1,
		               node_y(g->sources[i].row, g->source_count, rows));
	for (size_t i = 0; i < g->sink_count; i++)
		rc |= put_node(out, &g->sinks[i], 1, x2, node_y(g->sinks[i].row, g->sink_count, rows));
	fputs("</svg>\n", out);
	return rc;
}

static int build_graph(const ps_result *result, feed_graph *g)
{
	for (size_t i = 0; i < result->finding_count; i++)
		if (result->findings[i].flow && add_flow(g, &result->findings[i]) < 0)
			return -1;
	return layout(g);
}

int psi_html_graph(const ps_result *result, FILE *out)
{
	feed_graph g = {0};
	int rc = build_graph(result, &g);
	fputs("<h2 id=\"graph\">What feeds which score</h2>\n", out);
	if (rc == 0 && g.edge_count == 0)
		fputs("<p>No flagged value reaches a sink.</p>\n", out);
	else if (rc == 0)
		rc = put_graph_svg(&g, out);
	graph_free(&g);
	return rc;
}

static int put_sink_row(FILE *out, const feed_graph *g, size_t k)
{
	const node *n = &g->sinks[k];
	const ps_flow *flow = n->first->flow;
	fputs("<tr><td><code>", out);
	int rc = psi_html_put(out, flow->sink_name);
	fprintf(out, "</code></td><td>%s</td><td><code>", ps_sink_kind_name(flow->sink_kind));
	rc |= psi_html_put(out, flow->sink_file);
	fprintf(out, ":%u</code></td><td class=\"n%s\">%zu</td><td class=\"n\">%zu</td><td>",
	        flow->sink_line, n->protected_flows ? " sev-error" : "", n->protected_flows,
	        n->flows);
	const char *separator = "";
	for (size_t i = 0; i < g->edge_count; i++) {
		if (g->edges[i].sink != k)
			continue;
		const node *s = &g->sources[g->edges[i].source];
		fputs(separator, out);
		fputs("<code>", out);
		rc |= psi_html_put(out, s->first->name);
		fprintf(out, "</code> (%s)", ps_category_name(s->first->flow->source_rule->category));
		separator = ", ";
	}
	fputs("</td></tr>\n", out);
	return rc;
}

/* The sinks no flagged value reaches: an auditor sees every score of the
 * code, not only those the flows found. */
static int put_unreached_sinks(const ps_result *result, FILE *out)
{
	psi_sink_feeds feeds;
	if (psi_sink_feeds_of(result, &feeds) < 0)
		return -1;
	size_t unreached = 0;
	for (size_t k = 0; k < result->sink_count; k++)
		unreached += feeds.feeds[k].count == 0;
	fputs("<h3 id=\"sinks-unreached\">Scores and decisions no flagged value reaches</h3>\n", out);
	if (result->sink_count == 0)
		fputs("<p>The code scanned declares none.</p>\n", out);
	else if (unreached == 0)
		fprintf(out, "<p>None: flagged values reach all %zu of the code scanned.</p>\n",
		        result->sink_count);
	else
		fprintf(out, "<p>%zu of the %zu of the code scanned.</p>\n", unreached,
		        result->sink_count);
	/* Not a silent gap: a unit the prefilter skipped was not parsed. */
	if (result->stats.units_skipped)
		fprintf(out, "<p class=\"warn\">%zu unit%s that hold%s no word a finding could be "
		        "made of %s not parsed, and %s sinks are not listed; a scan with "
		        "<code>--no-prefilter</code> lists every sink.</p>\n",
		        result->stats.units_skipped, result->stats.units_skipped == 1 ? "" : "s",
		        result->stats.units_skipped == 1 ? "s" : "",
		        result->stats.units_skipped == 1 ? "was" : "were",
		        result->stats.units_skipped == 1 ? "its" : "their");
	int rc = 0;
	if (unreached) {
		fputs("<table id=\"unreached-table\" class=\"sortable\"><thead><tr><th>sink</th>"
		      "<th>kind</th><th>declared</th><th>in</th></tr></thead>\n<tbody>\n", out);
		for (size_t k = 0; k < result->sink_count; k++) {
			const ps_sink *s = &result->sinks[k];
			if (feeds.feeds[k].count)
				continue;
			fputs("<tr><td><code>", out);
			rc |= psi_html_put(out, s->name);
			fprintf(out, "</code></td><td>%s</td><td><code>", ps_sink_kind_name(s->kind));
			rc |= psi_html_put(out, s->file);
			fprintf(out, ":%u</code></td><td><code>", s->line);
			rc |= psi_html_put(out, s->scope ? s->scope : "");
			fputs("</code></td></tr>\n", out);
		}
		fputs("</tbody></table>\n", out);
	}
	psi_sink_feeds_free(&feeds);
	return rc;
}

int psi_html_sinks(const ps_result *result, FILE *out)
{
	feed_graph g = {0};
	int rc = build_graph(result, &g);
	fputs("<h2 id=\"sinks\">Scores and decisions that flagged values reach</h2>\n", out);
	if (rc == 0 && g.sink_count == 0) {
		fputs("<p>No flagged value reaches a sink.</p>\n", out);
	} else if (rc == 0) {
		fputs("<table id=\"sinks-table\" class=\"sortable\"><thead><tr><th>sink</th>"
		      "<th>kind</th><th>declared</th><th>flows from protected grounds</th>"
		      "<th>flows</th><th>fed by</th></tr></thead>\n<tbody>\n", out);
		for (size_t k = 0; k < g.sink_count; k++)
			rc |= put_sink_row(out, &g, k);
		fputs("</tbody></table>\n", out);
	}
	graph_free(&g);
	if (rc == 0)
		rc = put_unreached_sinks(result, out);
	return rc;
}

static void count_findings(const ps_result *result, size_t counts[][3])
{
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		if (f->rule->category < PS_CATEGORY_SINK && f->severity <= PS_SEVERITY_ERROR)
			counts[f->rule->category][f->severity]++;
	}
}

static void put_counts_table(FILE *out, size_t counts[][3])
{
	fputs("<table id=\"counts\"><thead><tr><th>category</th><th>errors</th>"
	      "<th>warnings</th><th>notes</th><th>total</th></tr></thead>\n<tbody>\n", out);
	for (int c = 0; c < PS_CATEGORY_SINK; c++)
		fprintf(out, "<tr><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
		        "<td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
		        ps_category_name((ps_category)c), counts[c][PS_SEVERITY_ERROR],
		        counts[c][PS_SEVERITY_WARNING], counts[c][PS_SEVERITY_NOTE],
		        counts[c][0] + counts[c][1] + counts[c][2]);
	fputs("</tbody></table>\n", out);
}

/* Stacked bars, errors first, scaled to the largest category. */
int psi_html_chart(const ps_result *result, FILE *out)
{
	size_t counts[PS_CATEGORY_SINK][3] = {{0}}, largest = 1;
	count_findings(result, counts);
	for (int c = 0; c < PS_CATEGORY_SINK; c++) {
		size_t total = counts[c][0] + counts[c][1] + counts[c][2];
		largest = total > largest ? total : largest;
	}
	fputs("<h2 id=\"summary\">Findings per category and severity</h2>\n", out);
	fprintf(out, "<svg id=\"counts-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	        "width=\"640\" height=\"%d\" viewBox=\"0 0 640 %d\" aria-label=\"findings per "
	        "category and severity\">\n", 40 + PS_CATEGORY_SINK * 24, 40 + PS_CATEGORY_SINK * 24);
	for (int s = PS_SEVERITY_ERROR, x = 110; s >= PS_SEVERITY_NOTE; s--, x += 110)
		fprintf(out, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		        "<text x=\"%d\" y=\"16\">%s</text>\n", x, severity_colors[s], x + 16,
		        ps_severity_name((ps_severity)s));
	for (int c = 0; c < PS_CATEGORY_SINK; c++) {
		int y = 32 + c * 24;
		double x = 110;
		fprintf(out, "<text x=\"102\" y=\"%d\" text-anchor=\"end\">%s</text>\n", y + 13,
		        ps_category_name((ps_category)c));
		for (int s = PS_SEVERITY_ERROR; s >= PS_SEVERITY_NOTE; s--) {
			double w = 440.0 * (double)counts[c][s] / (double)largest;
			if (counts[c][s])
				fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" "
				        "fill=\"%s\"><title>%zu %s</title></rect>\n", x, y, w,
				        severity_colors[s], counts[c][s], ps_severity_name((ps_severity)s));
			x += w;
		}
		fprintf(out, "<text class=\"count\" x=\"%.1f\" y=\"%d\">%zu</text>\n", x + 6, y + 13,
		        counts[c][0] + counts[c][1] + counts[c][2]);
	}
	fputs("</svg>\n", out);
	put_counts_table(out, counts);
	return 0;
}
