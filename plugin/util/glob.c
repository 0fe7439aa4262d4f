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

/* Does `pattern[0..head)` (empty, or ending in '/') match `path[0..length)`? */
static int head_matches(const char *pattern, size_t head, const char *path, size_t length)
{
	char p[PATH_MAX], s[PATH_MAX];
	if (head == 0 || length == 0)
		return head == 0 && length == 0;
	if (head >= sizeof p || length >= sizeof s)
		return 0;
	memcpy(p, pattern, head);
	p[head] = '\0';
	memcpy(s, path, length);
	s[length] = '\0';
	return fnmatch(p, s, FNM_PATHNAME) == 0;
}

/* Documented in util.h. */
int psi_glob_match(const char *pattern, const char *path)
{
	/* A leading slash anchors a pattern where patterns start anyway. */
	while (*pattern == '/')
		pattern++;
	const char *stars = strstr(pattern, "**");
	if (!stars)
		return fnmatch(pattern, path, FNM_PATHNAME) == 0;
	size_t head = (size_t)(stars - pattern);
	const char *tail = stars[2] == '/' ? stars + 3 : stars + 2;
	/* The head takes whole leading components, "**" any number of the
	 * next ones, and the tail must match the rest. */
	for (const char *cut = path;;) {
		if (head_matches(pattern, head, path, (size_t)(cut - path)))
			for (const char *rest = cut;;) {
				if (*tail == '\0' || psi_glob_match(tail, rest))
					return 1;
				const char *slash = strchr(rest, '/');
				if (!slash)
					break;
				rest = slash + 1;
			}
		const char *slash = strchr(cut, '/');
		if (!slash)
			return 0;
		cut = slash + 1;
	}
}
