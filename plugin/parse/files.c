/*
 * The files of a translation unit, looked up once each: libclang names a
 * file by a CXFile handle, and turning one into a real path and deciding
 * whether it belongs to the project costs a realpath() and a walk of the
 * project's roots, while a walk of an AST asks for the file of every cursor.
 */
#include <stdlib.h>

#include "parse/parse.h"

static size_t slot_of(const psi_file_cache *cache, CXFile file)
{
	uintptr_t h = (uintptr_t)file;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (cache->slot_count - 1);
}

static int grow(psi_file_cache *cache)
{
	size_t old_count = cache->slot_count;
	psi_file_entry *old = cache->slots;
	cache->slot_count = old_count ? old_count * 2 : 64;
	cache->slots = calloc(cache->slot_count, sizeof *cache->slots);
	if (!cache->slots) {
		cache->slots = old;
		cache->slot_count = old_count;
		return -1;
	}
	for (size_t i = 0; i < old_count; i++) {
		if (!old[i].file)
			continue;
		size_t s = slot_of(cache, old[i].file);
		while (cache->slots[s].file)
			s = (s + 1) & (cache->slot_count - 1);
		cache->slots[s] = old[i];
	}
	free(old);
	return 0;
}

const psi_file_entry *psi_file_cache_lookup(psi_file_cache *cache, CXSourceLocation location,
					    unsigned *line, unsigned *column, int *oom)
{
	CXFile file;
	clang_getFileLocation(location, &file, line, column, NULL);
	if (!file)
		return NULL;
	if (cache->slot_count) {
		size_t s = slot_of(cache, file);
		while (cache->slots[s].file && cache->slots[s].file != file)
			s = (s + 1) & (cache->slot_count - 1);
		if (cache->slots[s].file)
			return &cache->slots[s];
	}
	/* A file not seen before in this unit: make room, then insert. */
	if ((cache->count + 1) * 2 > cache->slot_count && grow(cache) < 0) {
		*oom = 1;
		return NULL;
	}
	size_t s = slot_of(cache, file);
	while (cache->slots[s].file)
		s = (s + 1) & (cache->slot_count - 1);
	psi_file_entry *e = &cache->slots[s];
	e->file = file;
	e->path = psi_file_path(file, cache->directory);
	e->in_project = e->path && !clang_Location_isInSystemHeader(location) &&
	                psi_project_contains(cache->project, e->path);
	cache->count++;
	if (e->in_project && cache->seen && psi_strings_add(cache->seen, e->path) < 0)
		*oom = 1;
	return e;
}

void psi_file_cache_clear(psi_file_cache *cache)
{
	for (size_t i = 0; i < cache->slot_count; i++)
		free(cache->slots[i].path);
	free(cache->slots);
	cache->slots = NULL;
	cache->slot_count = cache->count = 0;
}
