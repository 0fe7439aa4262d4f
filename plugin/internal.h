/*
 * Helpers shared by the stages of the scanner; not part of the public API.
 */
#ifndef PS_INTERNAL_H
#define PS_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "profilescan/common.h"

/* Fill `err` (if not NULL) and return `code`, so callers can write
 * `return ps_fail(err, PS_EIO, "%s: %s", path, strerror(errno));`. */
int ps_fail(ps_error *err, int code, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* strdup/asprintf that return NULL only when memory is exhausted. */
char *ps_strdup(const char *text);
char *ps_strndup(const char *text, size_t length);
char *ps_sprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Make room for one more element in a growable array of `*capacity` elements
 * of `size` bytes; returns 0, or -1 when memory is exhausted. */
int ps_grow(void **items, size_t *capacity, size_t count, size_t size);

#define PS_PUSH(array, count, capacity) \
	ps_grow((void **)&(array), &(capacity), (count), sizeof *(array))

/* qsort and bsearch that accept an empty (NULL) array, which the C
 * library's own functions do not. */
void ps_sort(void *base, size_t count, size_t size,
             int (*compare)(const void *, const void *));
void *ps_search(const void *key, const void *base, size_t count, size_t size,
                int (*compare)(const void *, const void *));

/* Write `path` through `write`, atomically: a temporary file beside it is
 * renamed over it once complete, so a reader never sees half a file. */
typedef int (*ps_writer)(FILE *out, void *context, ps_error *err);
int ps_write_atomically(const char *path, ps_writer write, void *context, ps_error *err);

/* A list of owned strings. */
typedef struct ps_strings {
	char **items;
	size_t count;
	size_t capacity;
} ps_strings;

int ps_strings_add(ps_strings *list, const char *text);      /* copies */
int ps_strings_take(ps_strings *list, char *owned_text);     /* takes ownership */
void ps_strings_clear(ps_strings *list);

/* strcmp for ps_sort and ps_search over arrays of strings. */
int ps_compare_strings(const void *a, const void *b);

/* Sort the list and drop repeated strings. */
void ps_strings_sort_unique(ps_strings *list);

#endif
