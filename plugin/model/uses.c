/*
 * The uses of flagged declarations, gathered from the workers by the USR of
 * the declaration used.  A use is seen once per unit that traces its
 * function (a header's inline function, in every unit that includes it),
 * so repeats are dropped here as they arrive.  Memory follows the result,
 * not the code: at most PS_USES_MAX uses a declaration are kept, the first
 * in order, whatever order the workers finish in, so that the output does
 * not depend on it; of the others only a hash is kept, to count them.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static uint64_t list_hash(const void *item)
{
	const char *usr = *(char *const *)item;
	return psi_hash(0, usr, strlen(usr));
}

static int list_matches(const void *item, const void *key)
{
	return strcmp(*(char *const *)item, key) == 0;
}

void psi_use_clear(ps_use *use)
{
	free(use->file);
	free(use->function);
	memset(use, 0, sizeof *use);
}

static int compare_optional(const char *x, const char *y)
{
	if (!x || !y)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

int psi_use_compare(const void *a, const void *b)
{
	const ps_use *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c) return c;
	if (x->line != y->line) return x->line < y->line ? -1 : 1;
	if (x->column != y->column) return x->column < y->column ? -1 : 1;
	return compare_optional(x->function, y->function);
}

const psi_use_list *psi_uses_of(const psi_uses *uses, const char *usr)
{
	return psi_table_find(&uses->lists, psi_hash(0, usr, strlen(usr)), usr);
}

static psi_use_list *list_for(psi_uses *uses, const char *usr)
{
	psi_use_list *list = (psi_use_list *)psi_uses_of(uses, usr);
	if (list)
		return list;
	/* A harvest starts zeroed. */
	uses->lists.hash = list_hash;
	uses->lists.matches = list_matches;
	list = calloc(1, sizeof *list);
	if (!list || !(list->usr = psi_strdup(usr)) || psi_table_add(&uses->lists, list) < 0) {
		if (list)
			free(list->usr);
		free(list);
		return NULL;
	}
	return list;
}

/* Never 0, which marks an empty slot. */
static uint64_t use_hash(const ps_use *use)
{
	unsigned place[2] = {use->line, use->column};
	uint64_t h = psi_hash(psi_hash(0, use->file, strlen(use->file) + 1), place, sizeof place);
	if (use->function)
		h = psi_hash(h, use->function, strlen(use->function));
	return h ? h : 1;
}

/* Count `hash` among the omitted, once.  -1 when memory ran out. */
static int omit(psi_use_list *list, uint64_t hash)
{
	if ((list->omitted_count + 1) * 2 > list->omitted_size) {
		size_t size = list->omitted_size ? list->omitted_size * 2 : 64;
		uint64_t *fresh = calloc(size, sizeof *fresh);
		if (!fresh)
			return -1;
		for (size_t i = 0; i < list->omitted_size; i++) {
			size_t s = list->omitted[i] & (size - 1);
			while (list->omitted[i] && fresh[s])
				s = (s + 1) & (size - 1);
			if (list->omitted[i])
				fresh[s] = list->omitted[i];
		}
		free(list->omitted);
		list->omitted = fresh;
		list->omitted_size = size;
	}
	size_t s = hash & (list->omitted_size - 1);
	while (list->omitted[s] && list->omitted[s] != hash)
		s = (s + 1) & (list->omitted_size - 1);
	if (!list->omitted[s]) {
		list->omitted[s] = hash;
		list->omitted_count++;
	}
	return 0;
}

/* Where `use` goes in the sorted list, or -1 when the list holds it. */
static long position(const psi_use_list *list, const ps_use *use)
{
	size_t low = 0, high = list->count;
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int c = psi_use_compare(&list->items[mid], use);
		if (c == 0)
			return -1;
		if (c < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return (long)low;
}

int psi_uses_add(psi_uses *uses, const char *usr, ps_use *use)
{
	psi_use_list *list = list_for(uses, usr);
	long at = list ? position(list, use) : -1;
	int rc = list ? 0 : -1;
	/* Beyond the bound, or a repeat: only counted, if beyond. */
	if (at < 0 || (list->count == PS_USES_MAX && (size_t)at == PS_USES_MAX)) {
		if (list && at >= 0)
			rc = omit(list, use_hash(use));
		psi_use_clear(use);
		return rc;
	}
	if (list->count == PS_USES_MAX) {
		/* The last one kept gives way, and is counted from now on. */
		ps_use *last = &list->items[--list->count];
		rc = omit(list, use_hash(last));
		psi_use_clear(last);
	}
	if (rc == 0 && PSI_PUSH(list->items, list->count, list->capacity) < 0)
		rc = -1;
	if (rc < 0) {
		psi_use_clear(use);
		return rc;
	}
	memmove(&list->items[at + 1], &list->items[at],
	        (list->count - (size_t)at) * sizeof *list->items);
	list->items[at] = *use;
	list->count++;
	return 0;
}

void psi_uses_clear(psi_uses *uses)
{
	for (size_t i = 0; i < uses->lists.size; i++) {
		psi_use_list *list = uses->lists.slots[i];
		if (!list)
			continue;
		for (size_t k = 0; k < list->count; k++)
			psi_use_clear(&list->items[k]);
		free(list->items);
		free(list->omitted);
		free(list->usr);
		free(list);
	}
	psi_table_clear(&uses->lists);
}
