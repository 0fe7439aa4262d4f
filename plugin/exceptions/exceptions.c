/*
 * Exceptions: findings a team accepts, each with a written justification,
 * either in a comment at the declaration or in an exceptions file.
 *
 *   // profilescan:allow PS-NAT-001 until 2027-06-30 -- verifies the legal
 *   //   nationality requirement of Wet X art. Y; reviewed 2026-10
 *
 * The comment sits on the line of the finding or on the line before it.  A
 * comment that names no rule or category, or gives no justification, is not
 * an exception but a finding of its own, and so is one past its date: the
 * norm allows an exception only when it is argued and kept up to date.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "exceptions/exceptions.h"
#include "rules/rules.h"

#define MIN_JUSTIFICATION 10 /* characters: more than "ok" or "legacy" */

/* ---- one exception -------------------------------------------------------------- */

typedef struct exception {
	ps_suppression kind;
	char *file;          /* display path of the code (inline) or NULL (file) */
	unsigned line, column, end_line;
	char *where;         /* "file:line" of the exception itself */
	char **selectors;    /* rule ids or categories */
	size_t selector_count;
	char *path_glob;     /* exceptions file: which files */
	char *name;          /* exceptions file: which name, or NULL */
	char *fingerprint;   /* exceptions file: or this one finding */
	char *justification;
	char *author;        /* exceptions file: who accepted it */
	char *expires;       /* the day it ends, YYYY-MM-DD, or NULL */
	char *problem;       /* why it is malformed, or NULL */
	int expired;
	int used;
} exception;

static void exception_clear(exception *e)
{
	for (size_t i = 0; i < e->selector_count; i++)
		free(e->selectors[i]);
	free(e->selectors);
	free(e->file);
	free(e->where);
	free(e->path_glob);
	free(e->name);
	free(e->fingerprint);
	free(e->justification);
	free(e->author);
	free(e->expires);
	free(e->problem);
}

static int add_selector(exception *e, const char *text, size_t length)
{
	char **grown = realloc(e->selectors, (e->selector_count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	e->selectors = grown;
	e->selectors[e->selector_count] = psi_strndup(text, length);
	return e->selectors[e->selector_count++] ? 0 : -1;
}

/* Today, as YYYY-MM-DD; SOURCE_DATE_EPOCH fixes it for reproducible runs. */
static void today(char out[11])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A day of the calendar as YYYY-MM-DD: 2027-02-31 is not one. */
static int valid_date(const char *text)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	char rest;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
			return 0;
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
	    sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

/* Parse the comment of an inline exception into `e`; a problem with it goes
 * into e->problem, never into an error: a bad comment is a finding. */
static int parse_inline(const char *text, const char *date_today, exception *e)
{
	const char *at = strstr(text, "profilescan:") + strlen("profilescan:");
	size_t word = 0;
	while (isalpha((unsigned char)at[word]))
		word++;
	if (word != 5 || strncmp(at, "allow", 5) != 0) {
		e->problem = psi_sprintf("unknown directive 'profilescan:%.*s' (expected "
					 "profilescan:allow)", (int)word, at);
		return e->problem ? 0 : -1;
	}
	at += word;
	char date[16] = "";
	/* A block comment may break its line anywhere: every separator below
	 * is any white space, so that no word can be empty. */
	for (;;) {
		while (isspace((unsigned char)*at) || *at == ',' || *at == '*')
			at++;
		if (*at == '\0' || strncmp(at, "--", 2) == 0 || *at == '/')
			break;
		size_t n = strcspn(at, " \t\r\n\v\f,");
		if (n == 5 && strncmp(at, "until", 5) == 0) {
			at += n;
			while (isspace((unsigned char)*at) || *at == '*')
				at++;
			size_t d = strcspn(at, " \t\r\n\v\f");
			snprintf(date, sizeof date, "%.*s", (int)(d < 15 ? d : 15), at);
			at += d;
			continue;
		}
		if (add_selector(e, at, n) < 0)
			return -1;
		at += n;
	}
	const char *reason = strncmp(at, "--", 2) == 0 ? at + 2 : NULL;
	if (reason) {
		while (isspace((unsigned char)*reason))
			reason++;
		size_t n = strlen(reason);
		/* Drop the end of a block comment and line breaks' comment markers. */
		while (n > 0 && (isspace((unsigned char)reason[n - 1]) || reason[n - 1] == '/' ||
		                 reason[n - 1] == '*'))
			n--;
		e->justification = psi_strndup(reason, n);
		if (!e->justification)
			return -1;
	}
	if (e->selector_count == 0)
		e->problem = psi_strdup("exception names no rule or category to allow");
	else if (!reason)
		e->problem = psi_strdup("exception gives no justification (write it after '--')");
	else if (strlen(e->justification) < MIN_JUSTIFICATION)
		e->problem = psi_sprintf("exception's justification '%s' is too short to explain anything",
					 e->justification);
	else if (date[0] && !valid_date(date))
		e->problem = psi_sprintf("exception's 'until %s' is not a day of the calendar as "
		                         "YYYY-MM-DD", date);
	else {
		e->expired = date[0] && strcmp(date, date_today) < 0;
		if (date[0] && !(e->expires = psi_strdup(date)))
			return -1;
		return 0;
	}
	/* Without its problem, a malformed exception would be applied. */
	return e->problem ? 0 : -1;
}

/* ---- the exceptions file ------------------------------------------------------- */

typedef struct exception_list {
	exception *items;
	size_t count, capacity;
	char *base;     /* the exceptions file's folder, absolute: its paths start there */
} exception_list;

static int file_error(const char *path, const yaml_node_t *node, ps_error *err,
                      const char *what)
{
	return psi_yaml_fail(err, path, node, "%s", what);
}

static int read_entry(const char *path, yaml_document_t *doc, yaml_node_t *node,
                      const char *date_today, exception *e, ps_error *err)
{
	if (node->type != YAML_MAPPING_NODE)
		return file_error(path, node, err, "an exception must be a mapping");
	int rc = PS_OK;
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
	     rc == PS_OK && p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(doc, p->key);
		yaml_node_t *value = yaml_document_get_node(doc, p->value);
		const char *name = key->type == YAML_SCALAR_NODE ? (const char *)key->data.scalar.value : "";
		const char *text = value->type == YAML_SCALAR_NODE ? (const char *)value->data.scalar.value : NULL;
		char **field = strcmp(name, "path") == 0 ? &e->path_glob
		             : strcmp(name, "name") == 0 ? &e->name
		             : strcmp(name, "fingerprint") == 0 ? &e->fingerprint
		             : strcmp(name, "justification") == 0 ? &e->justification
		             : strcmp(name, "author") == 0 ? &e->author
		             : strcmp(name, "expires") == 0 ? &e->expires : NULL;
		if (strcmp(name, "rule") == 0 && text)
			rc = add_selector(e, text, strlen(text)) < 0 ? psi_fail(err, PS_ENOMEM, "out of memory") : PS_OK;
		else if (!field)
			rc = file_error(path, key, err, "unknown key (expected rule, path, name, "
			                "fingerprint, justification, author, expires)");
		else if (!text || !*text)
			rc = file_error(path, value, err, "expected a text");
		else if (*field)
			rc = file_error(path, key, err, "this key is given twice");
		else if (!(*field = psi_strdup(text)))
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	if (rc == PS_OK && !e->fingerprint && (e->selector_count == 0 || !e->path_glob))
		rc = file_error(path, node, err, "an exception needs a fingerprint, or a rule and a path");
	else if (rc == PS_OK && (!e->justification || strlen(e->justification) < MIN_JUSTIFICATION))
		rc = file_error(path, node, err, "an exception needs a justification of a sentence or more");
	else if (rc == PS_OK && !e->author)
		rc = file_error(path, node, err, "an exception needs an author");
	else if (rc == PS_OK && e->expires && !valid_date(e->expires))
		rc = psi_yaml_fail(err, path, node, "'expires: %s' is not a day of the calendar "
		                   "as YYYY-MM-DD", e->expires);
	if (rc == PS_OK) {
		e->kind = PS_SUPPRESSED_EXTERNAL;
		e->line = (unsigned)node->start_mark.line + 1;
		e->column = (unsigned)node->start_mark.column + 1;
		e->expired = e->expires && strcmp(e->expires, date_today) < 0;
		e->where = psi_sprintf("%s:%lu", path, (unsigned long)node->start_mark.line + 1);
		if (!e->where)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	}
	return rc;
}

static int load_file(const char *path, const char *date_today, exception_list *list,
                     ps_error *err)
{
	char *text;
	size_t length;
	int read = psi_read_file(path, "exceptions", PSI_TEXT_FILE_LIMIT, &text, &length, err);
	if (read != PS_OK)
		return read;
	char *real = realpath(path, NULL);
	char *slash = real ? strrchr(real, '/') : NULL;
	if (slash)
		*(slash == real ? slash + 1 : slash) = '\0';
	list->base = real;
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = real ? psi_yaml_check_depth(path, text, length, err) : PS_OK;
	if (rc != PS_OK || !real || !yaml_parser_initialize(&parser)) {
		free(text);
		return rc != PS_OK ? rc : psi_fail(err, PS_ENOMEM, "%s: %s", path,
		                                   real ? "out of memory" : strerror(errno));
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = psi_fail(err, PS_ERULES, "%s:%lu:%lu: %s", path,
			      (unsigned long)parser.problem_mark.line + 1,
			      (unsigned long)parser.problem_mark.column + 1,
			      parser.problem ? parser.problem : "malformed YAML");
		yaml_parser_delete(&parser);
		free(text);
		return rc;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	yaml_node_t *entries = NULL;
	if (root && root->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
		     p < root->data.mapping.pairs.top; p++) {
			yaml_node_t *key = yaml_document_get_node(&doc, p->key);
			if (key->type == YAML_SCALAR_NODE &&
			    strcmp((const char *)key->data.scalar.value, "exceptions") == 0)
				entries = yaml_document_get_node(&doc, p->value);
		}
	if (!entries || entries->type != YAML_SEQUENCE_NODE)
		rc = psi_fail(err, PS_ERULES, "%s: an exceptions file is a mapping with an "
			      "'exceptions' list", path);
	for (yaml_node_item_t *it = entries && entries->type == YAML_SEQUENCE_NODE
	                                ? entries->data.sequence.items.start : NULL;
	     rc == PS_OK && it < entries->data.sequence.items.top; it++) {
		if (PSI_PUSH(list->items, list->count, list->capacity) < 0) {
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
			break;
		}
		exception *e = &list->items[list->count++];
		memset(e, 0, sizeof *e);
		rc = read_entry(path, &doc, yaml_document_get_node(&doc, *it), date_today, e, err);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	free(text);
	return rc;
}

int psi_exceptions_file_check(const char *path, ps_error *err)
{
	char date_today[11];
	today(date_today);
	exception_list list = {0};
	int rc = load_file(path, date_today, &list, err);
	for (size_t k = 0; k < list.count; k++)
		exception_clear(&list.items[k]);
	free(list.items);
	free(list.base);
	return rc;
}

/* ---- applying them ---------------------------------------------------------------- */

static int selects(const exception *e, const ps_finding *f)
{
	for (size_t i = 0; i < e->selector_count; i++)
		if (strcasecmp(e->selectors[i], f->rule->id) == 0 ||
		    strcmp(e->selectors[i], ps_category_name(f->rule->category)) == 0)
			return 1;
	return 0;
}

/* Paths in the exceptions file are relative to its own folder, whatever
 * folder profilescan runs in: the finding's path (relative to `cwd`, or
 * absolute) must lie below `base` and match the glob there. */
static int path_matches(const exception *e, const ps_finding *f, const char *base,
                        const char *cwd)
{
	char absolute[PATH_MAX];
	if (snprintf(absolute, sizeof absolute, "%s%s%s", f->file[0] == '/' ? "" : cwd,
	             f->file[0] == '/' ? "" : "/", f->file) >= (int)sizeof absolute)
		return 0;
	size_t n = strcmp(base, "/") == 0 ? 0 : strlen(base);
	if (strncmp(absolute, base, n) != 0 || absolute[n] != '/')
		return 0;
	return psi_glob_match(e->path_glob, absolute + n + 1);
}

static int applies(const exception *e, const ps_finding *f, const char *base, const char *cwd)
{
	if (e->kind == PS_SUPPRESSED_IN_SOURCE)
		return strcmp(e->file, f->file) == 0 &&
		       (f->line == e->line || f->line == e->end_line + 1) && selects(e, f);
	if (e->fingerprint)
		return strcmp(e->fingerprint, f->fingerprint) == 0;
	return selects(e, f) && base && path_matches(e, f, base, cwd) &&
	       (!e->name || strcmp(e->name, f->name) == 0);
}

static int add_meta_finding(ps_result *result, size_t *capacity, const ps_rule *rule,
                            const exception *e, const char *message)
{
	if (psi_grow((void **)&result->findings, capacity, result->finding_count,
		     sizeof *result->findings) < 0)
		return -1;
	ps_finding *f = &result->findings[result->finding_count];
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->term = "profilescan:allow";
	f->severity = rule->severity;
	f->kind = PS_KIND_COMMENT;
	f->name = psi_strdup("profilescan:allow");
	f->file = psi_strdup(e->file);
	f->line = e->line;
	f->column = e->column;
	f->message = psi_strdup(message);
	if (!f->name || !f->file || !f->message) {
		psi_finding_clear(f);
		return -1;
	}
	result->stats.findings_by_category[rule->category]++;
	result->finding_count++;
	return 0;
}

/* The profilescan:allow comments, each once however many units showed it. */
static int add_inline(exception_list *list, size_t external, const psi_directive *directives,
                      size_t count, const char *cwd, const char *date_today,
                      const ps_scan_options *options, ps_error *err)
{
	size_t n = strlen(cwd);
	for (size_t i = 0; i < count; i++) {
		const psi_directive *d = &directives[i];
		const char *shown = strncmp(d->file, cwd, n) == 0 && d->file[n] == '/'
		                        ? d->file + n + 1 : d->file;
		int repeat = 0;
		for (size_t k = external; k < list->count && !repeat; k++)
			repeat = list->items[k].line == d->line && strcmp(list->items[k].file, shown) == 0;
		if (repeat)
			continue;
		if (PSI_PUSH(list->items, list->count, list->capacity) < 0)
			return psi_fail(err, PS_ENOMEM, "out of memory");
		exception *e = &list->items[list->count++];
		memset(e, 0, sizeof *e);
		e->kind = PS_SUPPRESSED_IN_SOURCE;
		e->file = psi_strdup(shown);
		e->line = d->line;
		e->column = d->column;
		e->end_line = d->end_line;
		e->where = psi_sprintf("%s:%u", shown, d->line);
		if (!e->file || !e->where || parse_inline(d->text, date_today, e) < 0)
			return psi_fail(err, PS_ENOMEM, "out of memory");
		if (options->no_inline_exceptions && !e->problem &&
		    !(e->problem = psi_strdup("inline exceptions are not accepted here "
		                              "(--no-inline-exceptions); use the exceptions file")))
			return psi_fail(err, PS_ENOMEM, "out of memory");
	}
	return PS_OK;
}

/* Mark the findings an exception accepts. */
static int accept_findings(ps_result *result, exception_list *list, const char *cwd,
                           ps_error *err)
{
	for (size_t i = 0; i < result->finding_count; i++) {
		ps_finding *f = &result->findings[i];
		for (size_t k = 0; k < list->count; k++) {
			exception *e = &list->items[k];
			if (e->problem || !applies(e, f, list->base, cwd))
				continue;
			e->used = 1;
			if (e->expired)
				continue;
			f->suppression = e->kind;
			f->justification = psi_strdup(e->justification);
			f->suppressed_at = psi_strdup(e->where);
			f->suppressed_by = e->author ? psi_strdup(e->author) : NULL;
			f->suppressed_until = e->expires ? psi_strdup(e->expires) : NULL;
			if (!f->justification || !f->suppressed_at || (e->author && !f->suppressed_by) ||
			    (e->expires && !f->suppressed_until))
				return psi_fail(err, PS_ENOMEM, "out of memory");
			break;
		}
	}
	return PS_OK;
}

/* What is wrong with an exception, as a warning about the exceptions file or
 * a finding at the comment; returns 0, or -1 when memory ran out. */
static int report_exception(ps_result *result, size_t *capacity, psi_diags *notes,
                            const exception *e, const char *exceptions_file)
{
	char message[1024];
	int builtin;
	if (e->kind == PS_SUPPRESSED_EXTERNAL) {
		if (!e->expired && e->used)
			return 0;
		return psi_diags_add(notes, PS_SEVERITY_WARNING, exceptions_file, e->line, e->column,
		                     "exception %s",
		                     e->expired ? "has expired: its findings are reported again"
		                                : "accepts no finding any more; remove it");
	}
	if (e->problem) {
		snprintf(message, sizeof message, "%s", e->problem);
		builtin = PSI_BUILTIN_MALFORMED_EXCEPTION;
	} else if (e->expired) {
		snprintf(message, sizeof message, "exception for %s has expired: its findings "
		         "are reported again", e->selectors[0]);
		builtin = PSI_BUILTIN_EXPIRED_EXCEPTION;
	} else if (!e->used) {
		snprintf(message, sizeof message, "exception for %s accepts no finding here",
		         e->selectors[0]);
		builtin = PSI_BUILTIN_UNUSED_EXCEPTION;
	} else {
		return 0;
	}
	return add_meta_finding(result, capacity, ps_builtin_rule(builtin), e, message);
}

int psi_apply_exceptions(ps_result *result, const psi_directive *directives, size_t count,
			 const char *cwd, const ps_scan_options *options, ps_error *err)
{
	char date_today[11];
	today(date_today);
	exception_list list = {0};
	int rc = options->exceptions_file
	             ? load_file(options->exceptions_file, date_today, &list, err)
	             : PS_OK;
	if (rc == PS_OK)
		rc = add_inline(&list, list.count, directives, count, cwd, date_today, options, err);
	size_t capacity = result->finding_count;
	if (rc == PS_OK)
		rc = accept_findings(result, &list, cwd, err);
	psi_diags notes = {result->diagnostics, result->diagnostic_count, result->diagnostic_count};
	for (size_t k = 0; rc == PS_OK && k < list.count; k++)
		if (report_exception(result, &capacity, &notes, &list.items[k],
		                     options->exceptions_file) < 0)
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
	result->diagnostics = notes.items;
	result->diagnostic_count = notes.count;
	for (size_t k = 0; k < list.count; k++)
		exception_clear(&list.items[k]);
	free(list.items);
	free(list.base);
	return rc;
}
