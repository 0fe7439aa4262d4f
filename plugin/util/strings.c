/*
 * Lists of owned strings.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int psi_strings_take(psi_strings *list, char *owned_text)
{
	if (!owned_text || PSI_PUSH(list->items, list->count, list->capacity) < 0) {
		free(owned_text);
		return -1;
	}
	list->items[list->count++] = owned_text;
	return 0;
}

int psi_strings_add(psi_strings *list, const char *text)
{
	return psi_strings_take(list, psi_strdup(text));
}

int psi_compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void psi_strings_sort_unique(psi_strings *list)
{
	psi_sort(list->items, list->count, sizeof *list->items, psi_compare_strings);
	size_t kept = 0;
	for (size_t i = 0; i < list->count; i++) {
		if (kept > 0 && strcmp(list->items[kept - 1], list->items[i]) == 0)
			free(list->items[i]);
		else
			list->items[kept++] = list->items[i];
	}
	list->count = kept;
}

size_t psi_plain_name_length(const char *name, size_t length)
{
	size_t n = 0;
	while (n < length && (name[n] == '_' || name[n] == '$' || (unsigned char)name[n] >= 0x80 ||
	                      (name[n] >= '0' && name[n] <= '9') ||
	                      ((name[n] | 0x20) >= 'a' && (name[n] | 0x20) <= 'z')))
		n++;
	return n;
}

uint64_t psi_plain_name_hash(const char *name, size_t length)
{
	size_t n = psi_plain_name_length(name, length);
	return n ? psi_hash(0, name, n) | 1 : 0;
}

int psi_hashes_add(psi_hashes *set, uint64_t hash)
{
	if (PSI_PUSH(set->items, set->count, set->capacity) < 0)
		return -1;
	set->items[set->count++] = hash;
	return 0;
}

static int compare_hashes(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

void psi_hashes_sort_unique(psi_hashes *set)
{
	psi_sort(set->items, set->count, sizeof *set->items, compare_hashes);
	size_t kept = 0;
	for (size_t i = 0; i < set->count; i++)
		if (kept == 0 || set->items[kept - 1] != set->items[i])
			set->items[kept++] = set->items[i];
	set->count = kept;
}

int psi_hashes_contain(const psi_hashes *set, uint64_t hash)
{
	return psi_search(&hash, set->items, set->count, sizeof *set->items, compare_hashes) != NULL;
}

void psi_hashes_clear(psi_hashes *set)
{
	free(set->items);
	set->items = NULL;
	set->count = set->capacity = 0;
}

void psi_strings_clear(psi_strings *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = list->capacity = 0;
}
