/*
 * Building JSON documents with jansson without losing anything: jansson
 * refuses a string that is not UTF-8 (json_string returns NULL) and
 * json_array_append_new / json_object_set_new fail quietly on a NULL value,
 * which once dropped findings from reports while their counts stayed.  Text
 * from the scanned tree goes through psi_json_text; every append and set
 * goes through a checked call that remembers the first failure.
 */
#include <jansson.h>
#include <stdlib.h>

#include "util/util.h"

json_t *psi_json_text(const char *text)
{
	if (!text)
		return json_null();
	if (psi_utf8_valid(text))
		return json_string(text);
	char *escaped = psi_utf8_escaped(text);
	json_t *value = escaped ? json_string(escaped) : NULL;
	free(escaped);
	return value;
}

void psi_json_push(json_t *array, json_t *item, int *failed)
{
	/* jansson releases `item` itself when the append fails. */
	if (!item || json_array_append_new(array, item) != 0)
		*failed = 1;
}

void psi_json_put(json_t *object, const char *key, json_t *value, int *failed)
{
	if (!value || json_object_set_new(object, key, value) != 0)
		*failed = 1;
}
