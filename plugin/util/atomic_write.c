/*
 * Writing a file so that a reader never sees half of it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

int psi_write_atomically(const char *path, psi_writer write, void *context, ps_error *err)
{
	char *temporary = psi_sprintf("%s.XXXXXX", path);
	if (!temporary)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	int fd = mkstemp(temporary);
	if (fd < 0) {
		int rc = psi_fail(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
		free(temporary);
		return rc;
	}
	FILE *out = fdopen(fd, "w");
	int rc = out ? write(out, context, err) : psi_fail(err, PS_EIO, "%s: %s", path, strerror(errno));
	if (rc == PS_OK && (fflush(out) != 0 || ferror(out)))
		rc = psi_fail(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
	if (out && fclose(out) != 0 && rc == PS_OK)
		rc = psi_fail(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
	if (!out)
		close(fd);
	if (rc == PS_OK && rename(temporary, path) != 0)
		rc = psi_fail(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
	if (rc != PS_OK)
		unlink(temporary);
	free(temporary);
	return rc;
}
