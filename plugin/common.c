/*
 * Names of the public enums, error reporting and small allocation helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "profilescan/scan.h"

static const char *const severity_names[] = {"note", "warning", "error"};
static const char *const category_names[PS_CATEGORY_COUNT] = {
	"nationality", "ethnicity", "origin", "proxy", "religion", "exception", "flow", "sink"};
static const char *const kind_names[PS_KIND_COUNT] = {
	"variable", "field", "parameter", "function", "type",
	"enum-constant", "macro", "namespace", "string-literal", "identifier", "comment"};

static int index_of(const char *const *names, int count, const char *name)
{
	for (int i = 0; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *ps_severity_name(ps_severity severity) { return severity_names[severity]; }
const char *ps_category_name(ps_category category) { return category_names[category]; }
const char *ps_kind_name(ps_kind kind) { return kind_names[kind]; }

int ps_severity_from_name(const char *name) { return index_of(severity_names, 3, name); }
int ps_category_from_name(const char *name) { return index_of(category_names, PS_CATEGORY_COUNT, name); }
int ps_kind_from_name(const char *name) { return index_of(kind_names, PS_KIND_COUNT, name); }

int ps_fail(ps_error *err, int code, const char *format, ...)
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

char *ps_strdup(const char *text)
{
	return ps_strndup(text, strlen(text));
}

char *ps_strndup(const char *text, size_t length)
{
	char *copy = malloc(length + 1);
	if (copy) {
		memcpy(copy, text, length);
		copy[length] = '\0';
	}
	return copy;
}

char *ps_sprintf(const char *format, ...)
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

int ps_grow(void **items, size_t *capacity, size_t count, size_t size)
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

int ps_strings_take(ps_strings *list, char *owned_text)
{
	if (!owned_text || PS_PUSH(list->items, list->count, list->capacity) < 0) {
		free(owned_text);
		return -1;
	}
	list->items[list->count++] = owned_text;
	return 0;
}

int ps_strings_add(ps_strings *list, const char *text)
{
	return ps_strings_take(list, ps_strdup(text));
}

int ps_compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void ps_strings_sort_unique(ps_strings *list)
{
	ps_sort(list->items, list->count, sizeof *list->items, ps_compare_strings);
	size_t kept = 0;
	for (size_t i = 0; i < list->count; i++) {
		if (kept > 0 && strcmp(list->items[kept - 1], list->items[i]) == 0)
			free(list->items[i]);
		else
			list->items[kept++] = list->items[i];
	}
	list->count = kept;
}

void ps_strings_clear(ps_strings *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = list->capacity = 0;
}

void ps_sort(void *base, size_t count, size_t size,
             int (*compare)(const void *, const void *))
{
	if (count > 1)
		qsort(base, count, size, compare);
}

void *ps_search(const void *key, const void *base, size_t count, size_t size,
                int (*compare)(const void *, const void *))
{
	return count ? bsearch(key, base, count, size, compare) : NULL;
}

static const char *const sink_kind_names[PS_SINK_KIND_COUNT] = {
	"variable", "field", "element", "return", "argument"};

const char *ps_sink_kind_name(ps_sink_kind kind) { return sink_kind_names[kind]; }
