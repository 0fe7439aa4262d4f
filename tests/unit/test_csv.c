/*
 * CSV reports read back with a parser of RFC 4180 written here, apart from
 * the writer: every row has as many fields as the header, every row ends
 * with CRLF, and what the scanned code holds (commas, quotes, line breaks,
 * bytes that are not UTF-8, a leading '=', '+', '-' or '@') comes back as
 * it was, a formula defused with a leading single quote.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leakcheck.h"
#include "profilescan/profilescan.h"
#include "written.h"

TestSuite(csv, .fini = ps_test_check_leaks);

typedef struct table {
	char ***rows;       /* rows of NULL-terminated fields */
	size_t count;
	int crlf_only;      /* every record ended with CRLF, no bare LF or CR */
} table;

static void add_field(char ***row, size_t *n, const char *text, size_t length)
{
	*row = realloc(*row, (*n + 2) * sizeof **row);
	(*row)[*n] = strndup(text, length);
	(*row)[++*n] = NULL;
}

/* RFC 4180, strictly: a quoted field holds anything, "" being a quote; an
 * unquoted one holds no quote, comma, CR or LF; records end with CRLF. */
static table parse(const char *text)
{
	table t = {NULL, 0, 1};
	const char *p = text;
	while (*p) {
		char **row = NULL;
		size_t n = 0;
		for (;;) {
			char buffer[4096];
			size_t length = 0;
			if (*p == '"') {
				for (p++; !(p[0] == '"' && p[1] != '"'); p++) {
					cr_assert(*p, "a quoted field is not closed");
					if (*p == '"')
						p++;
					buffer[length++] = *p;
				}
				p++;
			} else {
				while (*p && !strchr(",\r\n\"", *p))
					buffer[length++] = *p++;
				cr_assert(*p != '"', "a quote inside an unquoted field");
			}
			add_field(&row, &n, buffer, length);
			if (*p == ',') {
				p++;
				continue;
			}
			if (p[0] == '\r' && p[1] == '\n')
				p += 2;
			else
				t.crlf_only = 0;
			break;
		}
		t.rows = realloc(t.rows, (t.count + 1) * sizeof *t.rows);
		t.rows[t.count++] = row;
	}
	return t;
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->count; i++) {
		for (char **f = t->rows[i]; *f; f++)
			free(*f);
		free(t->rows[i]);
	}
	free(t->rows);
}

static size_t width(char **row)
{
	size_t n = 0;
	while (row[n])
		n++;
	return n;
}

/* The field of `row` under the header's `name`. */
static const char *field(const table *t, size_t row, const char *name)
{
	for (size_t i = 0; t->rows[0][i]; i++)
		if (strcmp(t->rows[0][i], name) == 0)
			return t->rows[row][i];
	cr_assert_fail("no column '%s'", name);
	return NULL;
}

/* A flow finding whose every text field holds something CSV must guard. */
static ps_result *hostile_result(void)
{
	ps_result *r = calloc(1, sizeof *r);
	r->findings = calloc(1, sizeof *r->findings);
	r->finding_count = 1;
	ps_finding *f = &r->findings[0];
	f->rule = ps_builtin_rule(ps_builtin_rule_count() - 2);
	f->term = "nationaliteit";
	f->kind = PS_KIND_VARIABLE;
	f->name = strdup("=HYPERLINK(\"http://x\",\"y\")");
	f->file = strdup("src/a,b \"c\".c");
	f->line = 3;
	f->column = 7;
	f->scope = strdup("-2+3");
	f->message = strdup("line one\nline two\r\nand\rthree");
	f->context = strdup("@SUM(A1)");
	strcpy(f->fingerprint, "0123456789abcdef");
	f->suppression = PS_SUPPRESSED_EXTERNAL;
	f->justification = strdup("+besproken \xe9n akkoord");
	f->suppressed_at = strdup("exceptions.yaml:4");
	ps_flow *flow = f->flow = calloc(1, sizeof *flow);
	flow->source_rule = f->rule;
	flow->sink_name = strdup("score, total");
	flow->sink_file = strdup("src/a,b \"c\".c");
	flow->sink_line = 2;
	flow->source_file = strdup("\tinclude/x.h");
	flow->source_line = 9;
	strcpy(flow->source_fingerprint, "fedcba9876543210");
	flow->step_count = 2;
	flow->steps = calloc(2, sizeof *flow->steps);
	flow->steps[0] = (ps_flow_step){strdup("src/a,b \"c\".c"), 3, 7, strdup("used, here"), NULL};
	flow->steps[1] = (ps_flow_step){strdup("src/a,b \"c\".c"), 4, 2, strdup("-= 'x'"),
	                                strdup("ns::f")};
	return r;
}

static void free_hostile(ps_result *r)
{
	ps_finding *f = &r->findings[0];
	free(f->name); free(f->file); free(f->scope); free(f->message); free(f->context);
	free(f->justification); free(f->suppressed_at);
	for (size_t i = 0; i < f->flow->step_count; i++) {
		free(f->flow->steps[i].file);
		free(f->flow->steps[i].message);
		free(f->flow->steps[i].function);
	}
	free(f->flow->steps); free(f->flow->sink_name); free(f->flow->sink_file);
	free(f->flow->source_file); free(f->flow); free(r->findings); free(r);
}

Test(csv, findings_round_trip_through_rfc4180)
{
	ps_result *r = hostile_result();
	char *text = written(r, PS_FORMAT_CSV);
	table t = parse(text);
	cr_assert(t.crlf_only, "every record ends with CRLF:\n%s", text);
	cr_assert_eq(t.count, 2, "a header and one row:\n%s", text);
	cr_assert_eq(width(t.rows[1]), width(t.rows[0]));
	cr_assert_geq(width(t.rows[0]), 12);
	cr_assert_str_eq(field(&t, 1, "fingerprint"), "0123456789abcdef");
	cr_assert_str_eq(field(&t, 1, "name"), "'=HYPERLINK(\"http://x\",\"y\")");
	cr_assert_str_eq(field(&t, 1, "file"), "src/a,b \"c\".c");
	cr_assert_str_eq(field(&t, 1, "line"), "3");
	cr_assert_str_eq(field(&t, 1, "column"), "7");
	cr_assert_str_eq(field(&t, 1, "scope"), "'-2+3");
	cr_assert_str_eq(field(&t, 1, "context"), "'@SUM(A1)");
	cr_assert_str_eq(field(&t, 1, "message"), "line one\nline two\r\nand\rthree");
	cr_assert_str_eq(field(&t, 1, "status"), "accepted");
	cr_assert_str_eq(field(&t, 1, "exception_kind"), "exceptions-file");
	cr_assert_str_eq(field(&t, 1, "justification"), "'+besproken \\xe9n akkoord");
	cr_assert_str_eq(field(&t, 1, "source_fingerprint"), "fedcba9876543210");
	cr_assert_str_eq(field(&t, 1, "source_file"), "'\tinclude/x.h");
	cr_assert_str_eq(field(&t, 1, "sink_name"), "score, total");
	table_free(&t);
	free(text);
	free_hostile(r);
}

Test(csv, one_row_per_flow_step)
{
	ps_result *r = hostile_result();
	char *text = written(r, PS_FORMAT_CSV_FLOWS);
	table t = parse(text);
	cr_assert(t.crlf_only);
	cr_assert_eq(t.count, 3, "a header and a row per step:\n%s", text);
	for (size_t i = 1; i < t.count; i++) {
		cr_assert_eq(width(t.rows[i]), width(t.rows[0]));
		cr_assert_str_eq(field(&t, i, "flow_id"), "0123456789abcdef");
		cr_assert_str_eq(field(&t, i, "source_fingerprint"), "fedcba9876543210");
		cr_assert_str_eq(field(&t, i, "source_name"), "'=HYPERLINK(\"http://x\",\"y\")");
		cr_assert_str_eq(field(&t, i, "source_line"), "9");
	}
	cr_assert_str_eq(field(&t, 1, "step"), "1");
	cr_assert_str_eq(field(&t, 1, "step_function"), "");
	cr_assert_str_eq(field(&t, 1, "step_message"), "used, here");
	cr_assert_str_eq(field(&t, 2, "step"), "2");
	cr_assert_str_eq(field(&t, 2, "step_line"), "4");
	cr_assert_str_eq(field(&t, 2, "step_function"), "ns::f");
	cr_assert_str_eq(field(&t, 2, "step_message"), "'-= 'x'");
	table_free(&t);
	free(text);
	free_hostile(r);
}

Test(csv, no_findings_is_a_header_alone)
{
	ps_result r = {0};
	char *text = written(&r, PS_FORMAT_CSV);
	cr_assert_eq(strncmp(text, "fingerprint,rule,category,severity,kind,name,", 45), 0, "%s", text);
	cr_assert_eq(strchr(text, '\n') - text, (long)strlen(text) - 1);
	cr_assert_eq(text[strlen(text) - 2], '\r');
	free(text);
}

Test(csv, formats_have_names)
{
	cr_assert_eq(ps_format_from_name("csv"), PS_FORMAT_CSV);
	cr_assert_eq(ps_format_from_name("csv-flows"), PS_FORMAT_CSV_FLOWS);
}
