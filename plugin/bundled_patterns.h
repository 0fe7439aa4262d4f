/*
 * The rule packs of patterns/, compiled into the library at build time
 * (cmake/embed-patterns.cmake) so that profilescan works even when it cannot
 * find them on disk.
 */
#ifndef PS_BUNDLED_PATTERNS_H
#define PS_BUNDLED_PATTERNS_H

#include <stddef.h>

typedef struct ps_bundled_pattern {
	const char *name;   /* "patterns/nationality.yaml", for messages */
	const char *text;
	size_t length;
} ps_bundled_pattern;

extern const ps_bundled_pattern ps_bundled_patterns[];
extern const size_t ps_bundled_pattern_count;

#endif
