/*
 * Exclude globs over paths relative to a root.
 */
#include <fnmatch.h>
#include <limits.h>
#include <string.h>

#include "util/util.h"

/* Documented in util.h. */
int psi_path_excluded(const char *relative, const char *const *globs, size_t count)
{
	char buffer[PATH_MAX];
	for (size_t g = 0; g < count; g++) {
		const char *glob = globs[g];
		int by_component = strchr(glob, '/') == NULL;
		const char *part = relative;
		while (*part) {
			const char *slash = strchr(part, '/');
			size_t end = slash ? (size_t)(slash - relative) : strlen(relative);
			size_t start = by_component ? (size_t)(part - relative) : 0;
			if (end - start >= sizeof buffer)
				break;
			memcpy(buffer, relative + start, end - start);
			buffer[end - start] = '\0';
			if (fnmatch(glob, buffer, 0) == 0)
				return 1;
			if (!slash)
				break;
			part = slash + 1;
		}
	}
	return 0;
}
