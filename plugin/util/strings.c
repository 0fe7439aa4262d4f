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

void psi_strings_clear(psi_strings *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = list->capacity = 0;
}
