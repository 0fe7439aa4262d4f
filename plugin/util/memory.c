/*
 * Errors and small allocation helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int psi_fail(ps_error *err, int code, const char *format, ...)
{
	if (err) {
		va_list args;
		va_start(args, format);
		vsnprintf(err->message, sizeof err->message, format, args);
		va_end(args);
		err->code = code;
	}
	return code;
}

char *psi_strdup(const char *text)
{
	return psi_strndup(text, strlen(text));
}

char *psi_strndup(const char *text, size_t length)
{
	char *copy = malloc(length + 1);
	if (copy) {
		memcpy(copy, text, length);
		copy[length] = '\0';
	}
	return copy;
}

char *psi_sprintf(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = vsnprintf(NULL, 0, format, args);
	va_end(args);
	if (length < 0)
		return NULL;
	char *text = malloc((size_t)length + 1);
	if (!text)
		return NULL;
	va_start(args, format);
	vsnprintf(text, (size_t)length + 1, format, args);
	va_end(args);
	return text;
}

int psi_grow(void **items, size_t *capacity, size_t count, size_t size)
{
	if (count < *capacity)
		return 0;
	size_t wanted = *capacity ? *capacity * 2 : 16;
	void *bigger = realloc(*items, wanted * size);
	if (!bigger)
		return -1;
	*items = bigger;
	*capacity = wanted;
	return 0;
}

void psi_sort(void *base, size_t count, size_t size,
	      int (*compare)(const void *, const void *))
{
	if (count > 1)
		qsort(base, count, size, compare);
}

void *psi_search(const void *key, const void *base, size_t count, size_t size,
		 int (*compare)(const void *, const void *))
{
	return count ? bsearch(key, base, count, size, compare) : NULL;
}
