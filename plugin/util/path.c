/*
 * Paths spelt one way: libclang's compilation-database loader recurses
 * without end over two files that differ only in doubled slashes (a//c.c,
 * b//c.c), so what it is given is normalised first.
 */
#include <string.h>

#include "util/util.h"

char *psi_path_normalise(const char *path)
{
	char *out = psi_strdup(path);
	if (!out)
		return NULL;
	size_t n = 0;
	for (const char *p = path; *p;) {
		if (*p == '/' && n > 0 && out[n - 1] == '/') {
			p++;                                /* "//" */
		} else if (*p == '.' && (n == 0 || out[n - 1] == '/') && (p[1] == '/' || !p[1]) &&
		           n > 0) {
			p += p[1] ? 2 : 1;                  /* "/./", a final "/." */
		} else {
			out[n++] = *p++;
		}
	}
	if (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = '\0';
	return out;
}
