/* No word of this file could be a finding: the prefilter skips it.  The
 * header of the other branch is on no search path, so libclang could not
 * read it either, and it does not make the unit a candidate. */
#ifdef _WIN32
#include <windows.h>
#endif
#include <string.h>

static int clamp(int value, int low, int high)
{
	return value < low ? low : value > high ? high : value;
}

int copy_bounded(char *to, const char *from, int size)
{
	int n = clamp((int)strlen(from), 0, size - 1);
	memcpy(to, from, (size_t)n);
	to[n] = '\0';
	return n;
}
