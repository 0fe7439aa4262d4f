/*
 * Reading the small text files profilescan is given (rule packs,
 * configurations, exceptions files, baselines): only regular files, and
 * only up to a bound, so that `packs: add: [/dev/zero]` or a FIFO in a
 * configuration is an error and not a scan that waits or eats memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

static const char *file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO"
	     : S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : S_ISSOCK(mode) ? "a socket"
	     : "not a regular file";
}

int psi_read_file(const char *path, const char *what, size_t limit, char **text,
                  size_t *length, ps_error *err)
{
	*text = NULL;
	*length = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat
	 * can say it is one. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return psi_fail(err, PS_EIO, "%s: cannot read %s: %s", path, what, strerror(errno));
	struct stat st;
	int rc = PS_OK;
	if (fstat(fd, &st) != 0)
		rc = psi_fail(err, PS_EIO, "%s: cannot read %s: %s", path, what, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = psi_fail(err, PS_EIO, "%s: cannot read %s: %s", path, what, file_kind(st.st_mode));
	else if ((unsigned long long)st.st_size > limit)
		rc = psi_fail(err, PS_EIO, "%s: cannot read %s: %lld bytes is over the limit of %zu",
		              path, what, (long long)st.st_size, limit);
	else if (!(*text = malloc((size_t)st.st_size + 1)))
		rc = psi_fail(err, PS_ENOMEM, "out of memory");
	/* Read no more than the size it had: a file that grows is cut there. */
	while (rc == PS_OK && *length < (size_t)st.st_size) {
		ssize_t got = read(fd, *text + *length, (size_t)st.st_size - *length);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = psi_fail(err, PS_EIO, "%s: cannot read %s: %s", path, what, strerror(errno));
		if (got <= 0)
			break;
		*length += (size_t)got;
	}
	close(fd);
	if (rc != PS_OK) {
		free(*text);
		*text = NULL;
		*length = 0;
		return rc;
	}
	(*text)[*length] = '\0';
	return PS_OK;
}
