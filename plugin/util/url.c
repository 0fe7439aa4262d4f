/*
 * Remote URLs as reports may show them.  A clone made with a token
 * (https://x-access-token:TOKEN@host/org/repo.git, as CI systems make
 * them) keeps that token in its configuration; a report is passed around,
 * so the user name and password never reach it.
 */
#include <string.h>

#include "util/util.h"

/* The length of a URL's scheme and its "://", or 0 when it has none. */
static size_t scheme_length(const char *url)
{
	size_t n = 0;
	if (!((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')))
		return 0;
	while (url[n] && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                        "0123456789+-.", url[n]))
		n++;
	return strncmp(url + n, "://", 3) == 0 ? n + 3 : 0;
}

char *psi_url_without_userinfo(const char *url)
{
	size_t start = scheme_length(url), end;
	if (start) {
		/* RFC 3986: the authority ends at the path, query or fragment. */
		end = start + strcspn(url + start, "/?#");
	} else {
		/* git's scp-like [user@]host:path has a ':' before any '/', and
		 * the user ends before the host's ':'; anything else without a
		 * scheme is a local path. */
		end = strcspn(url, "/");
		while (end > 0 && url[end - 1] != ':')
			end--;
	}
	const char *at = NULL;
	for (const char *p = url + start; p < url + end; p++)
		if (*p == '@')
			at = p;
	return at ? psi_sprintf("%.*s%s", (int)start, url, at + 1) : psi_strdup(url);
}
