/*
 * One hash function for identities and hash tables.
 */
#include "util/util.h"

uint64_t psi_hash(uint64_t seed, const void *data, size_t length)
{
	const unsigned char *p = data;
	uint64_t h = seed ? seed : 1469598103934665603ull;
	for (size_t i = 0; i < length; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}
