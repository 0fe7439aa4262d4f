/*
 * One open-addressing hash table of pointers, for identities that are not
 * simple keys (a cursor and a ruleset, a place and a name): the caller says
 * how to hash an item and whether one matches a key, and owns the items.
 */
#include <stdlib.h>

#include "util/util.h"

void *psi_table_find(const psi_table *table, uint64_t hash, const void *key)
{
	if (!table->size)
		return NULL;
	for (size_t s = hash & (table->size - 1); table->slots[s]; s = (s + 1) & (table->size - 1))
		if (table->matches(table->slots[s], key))
			return table->slots[s];
	return NULL;
}

static void place(void **slots, size_t size, uint64_t hash, void *item)
{
	size_t s = hash & (size - 1);
	while (slots[s])
		s = (s + 1) & (size - 1);
	slots[s] = item;
}

/* Half full at most, so that a probe for an absent key stops soon. */
static int make_room(psi_table *table)
{
	if ((table->count + 1) * 2 <= table->size)
		return 0;
	size_t size = table->size ? table->size * 2 : 256;
	void **fresh = calloc(size, sizeof *fresh);
	if (!fresh)
		return -1;
	for (size_t i = 0; i < table->size; i++)
		if (table->slots[i])
			place(fresh, size, table->hash(table->slots[i]), table->slots[i]);
	free(table->slots);
	table->slots = fresh;
	table->size = size;
	return 0;
}

int psi_table_add(psi_table *table, void *item)
{
	if (make_room(table) < 0)
		return -1;
	place(table->slots, table->size, table->hash(item), item);
	table->count++;
	return 0;
}

void psi_table_clear(psi_table *table)
{
	free(table->slots);
	table->slots = NULL;
	table->size = table->count = 0;
}
