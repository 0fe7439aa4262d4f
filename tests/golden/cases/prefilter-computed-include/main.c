/* The header's name is a macro's: the prefilter cannot know the file, so
 * the unit is parsed, and the field of the header is found. */
#define FIELDS "fields.inc"

struct aanvrager {
#include FIELDS
};
