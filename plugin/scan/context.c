/*
 * Which of the project's other units a scan of some of its files parses
 * (discover/context.c lists them).  A unit outside the files given matters
 * when it uses a flagged declaration that the given units hold or see (a
 * header's field, given, used in an unchanged source's score; a function
 * returning it), or defines a function to which they pass a flagged value.
 * Either way it spells a name the harvest already knows: a flagged
 * declaration's or a callee's.  So a unit is parsed when its source file
 * spells one, and the choice repeats with the callees the units parsed
 * pass flagged values to, until none is added.  Reading a file for its words costs little beside
 * parsing it; the words only choose what libclang parses, they are never
 * findings.  A unit that reaches a flagged name only through a macro of a
 * header it includes is not chosen (docs/partial-scans.md).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"

static uint64_t name_hash(const void *item)
{
	return psi_hash(0, item, strlen(item));
}

static int name_matches(const void *item, const void *key)
{
	return strcmp(item, key) == 0;
}

typedef struct names {
	psi_table table;
	psi_strings owned;
} names;

static int want(names *n, const char *name, size_t length)
{
	char *copy = psi_strndup(name, length);
	if (!copy)
		return -1;
	if (length == 0 || psi_table_find(&n->table, name_hash(copy), copy)) {
		free(copy);
		return 0;
	}
	if (psi_strings_take(&n->owned, copy) < 0)
		return -1;
	return psi_table_add(&n->table, copy);
}

const char *psi_callee_name(const char *usr, size_t *length)
{
	const char *f = NULL;
	for (const char *p = strstr(usr, "@F@"); p; p = strstr(p + 1, "@F@"))
		f = p + 3;
	if (!f)
		return NULL;
	*length = strcspn(f, "#@");
	return f;
}

/* The names the harvest brings: in the `first` round its flagged
 * declarations, and the callees of calls since `*calls_seen` (moved to its
 * end).  Flagged declarations only from the units of the
 * paths given (the first round): those they hold or see are what a unit of
 * the context must use to matter to them.  Later rounds add only callees
 * that a unit passes a flagged value to; names flagged in a context unit
 * alone would pull in, round by round, every unit that shares a word with
 * another (in a risk system, all of them) for flows no path given is on. */
static int gather(const psi_harvest *h, int first, size_t *calls_seen, names *n)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && first && i < h->finding_count; i++) {
		const ps_finding *f = &h->findings[i].f;
		if (!f->flow && f->kind != PS_KIND_STRING_LITERAL && f->kind != PS_KIND_COMMENT)
			rc = want(n, f->name, strlen(f->name));
	}
	for (size_t i = *calls_seen; rc == 0 && i < h->external_call_count; i++) {
		size_t length = 0;
		const char *name = h->external_calls[i].tainted_arguments
		                   ? psi_callee_name(h->external_calls[i].usr, &length) : NULL;
		if (name)
			rc = want(n, name, length);
	}
	*calls_seen = h->external_call_count;
	return rc;
}

/* Does the text of `file` spell one of `wanted` as a word? */
static int spells_one_of(const char *file, size_t limit, const names *wanted)
{
	char *text = NULL;
	size_t length = 0;
	ps_error ignored = {0};
	/* A file that cannot be read now is not chosen: it is context, and
	 * the scan of the files given does not depend on it. */
	if (psi_read_file(file, "source", limit, &text, &length, &ignored) != PS_OK)
		return 0;
	int found = 0;
	char word[256];
	for (size_t i = 0; !found && i < length;) {
		if (!(isalpha((unsigned char)text[i]) || text[i] == '_')) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < length && (isalnum((unsigned char)text[i]) || text[i] == '_'))
			i++;
		if (i - start < sizeof word) {
			memcpy(word, text + start, i - start);
			word[i - start] = '\0';
			found = psi_table_find(&wanted->table, name_hash(word), word) != NULL;
		}
	}
	free(text);
	return found;
}

/* The units not yet chosen that spell one of `wanted`, shallow copies
 * into `*batch` (the plan keeps owning their strings). */
static int choose(const psi_plan *plan, const names *wanted, unsigned char *chosen,
                  size_t limit, psi_unit **batch, size_t *count)
{
	*count = 0;
	*batch = calloc(plan->context_count + 1, sizeof **batch);
	if (!*batch)
		return -1;
	for (size_t i = 0; i < plan->context_count; i++)
		if (!chosen[i] && spells_one_of(plan->context[i].file, limit, wanted)) {
			chosen[i] = 1;
			(*batch)[(*count)++] = plan->context[i];
		}
	return 0;
}

int psi_scan_context(const psi_work *first, const psi_plan *plan, psi_harvest *h,
                     size_t max_file_size, psi_context_batches *batches, ps_error *err)
{
	if (plan->context_count == 0 || !first->trace_flows)
		return PS_OK;
	unsigned char *chosen = calloc(plan->context_count, 1);
	names wanted = {{.hash = name_hash, .matches = name_matches}, {0}};
	size_t calls_seen = 0;
	int rc = chosen ? PS_OK : psi_fail(err, PS_ENOMEM, "out of memory");
	size_t limit = max_file_size ? max_file_size : PSI_TEXT_FILE_LIMIT;
	for (int round = 0; rc == PS_OK; round++) {
		/* Only the names new in this round: a unit that spelt none of
		 * the earlier ones was read against them already. */
		psi_table_clear(&wanted.table);
		psi_strings_clear(&wanted.owned);
		psi_unit *batch = NULL;
		size_t count = 0;
		if (gather(h, round == 0, &calls_seen, &wanted) < 0 ||
		    (wanted.owned.count > 0 &&
		     choose(plan, &wanted, chosen, limit, &batch, &count) < 0)) {
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
			break;
		}
		if (count == 0) {
			free(batch);
			break;
		}
		/* Kept until the scan ends: calls recorded now point into it. */
		if (PSI_PUSH(batches->items, batches->count, batches->capacity) < 0) {
			free(batch);
			rc = psi_fail(err, PS_ENOMEM, "out of memory");
			break;
		}
		batches->items[batches->count++] = (struct psi_context_batch){batch, count};
		batches->parsed += count;
		psi_work more = *first;
		more.units = batch;
		more.count = count;
		rc = psi_run_workers(&more, h, err);
	}
	psi_table_clear(&wanted.table);
	psi_strings_clear(&wanted.owned);
	free(chosen);
	return rc;
}

void psi_context_batches_clear(psi_context_batches *batches)
{
	for (size_t i = 0; i < batches->count; i++)
		free(batches->items[i].units);
	free(batches->items);
	memset(batches, 0, sizeof *batches);
}
