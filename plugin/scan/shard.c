/*
 * Shards: a CI matrix splits a tree into N scans by a hash of each unit's
 * path, never by the order units were found in, so that a unit goes to the
 * same shard on every runner and whatever else was added to the tree.
 */
#include <string.h>

#include "scan/scan.h"

int psi_in_shard(const char *path, const char *cwd, unsigned index, unsigned count)
{
	if (count == 0)
		return 1;
	/* Relative to the working directory, as reports show paths: the runners
	 * of a matrix check the tree out in directories of their own. */
	size_t n = strlen(cwd);
	if (n > 0 && strncmp(path, cwd, n) == 0 && path[n] == '/')
		path += n + 1;
	return psi_hash(0, path, strlen(path)) % count == index - 1;
}
