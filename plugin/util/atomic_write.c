/*
 * Writing a report or a baseline so that a reader never sees half of it.
 *
 * A regular file is written to a temporary file beside it and renamed over
 * it, with the mode the old file had (or, for a new file, what the umask
 * allows, as fopen would give).  What is not a regular file is the user's
 * to keep: a symbolic link is followed and its target replaced, so the link
 * stays; a FIFO or a device (-o /dev/stdout, /dev/null, a pipe a CI step
 * reads) is written in place, since renaming over it would replace it with
 * a regular file (as root, /dev/null itself).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

static int fail_errno(ps_error *err, const char *path)
{
	return psi_fail(err, PS_EIO, "%s: cannot write: %s", path, strerror(errno));
}

/* Run the writer on `out` and close it; the first failure wins. */
static int write_and_close(FILE *out, const char *path, psi_writer write, void *context,
                           ps_error *err)
{
	int rc = write(out, context, err);
	if (rc == PS_OK && (fflush(out) != 0 || ferror(out)))
		rc = fail_errno(err, path);
	if (fclose(out) != 0 && rc == PS_OK)
		rc = fail_errno(err, path);
	return rc;
}

static int write_in_place(const char *path, psi_writer write, void *context, ps_error *err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return fail_errno(err, path);
	FILE *out = fdopen(fd, "w");
	if (!out) {
		int rc = fail_errno(err, path);
		close(fd);
		return rc;
	}
	return write_and_close(out, path, write, context, err);
}

/* The mode a new file gets from open(path, O_CREAT, 0666): the umask can
 * only be read by setting it, so it is set back at once. */
static mode_t mode_for_new_file(void)
{
	mode_t mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

/* The temporary file is published for the signal handler (signals.c) from
 * its creation to its rename, with the signals held at both ends, so that
 * SIGINT, SIGTERM or SIGHUP while a report is written leaves no
 * report.json.XXXXXX beside the report. */
static int replace_file(const char *path, mode_t mode, psi_writer write, void *context,
                        ps_error *err)
{
	char *temporary = psi_sprintf("%s.XXXXXX", path);
	if (!temporary)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	int rc = PS_OK;
	psi_signals_install();
	psi_signals_hold();
	int fd = mkstemp(temporary);
	if (fd >= 0)
		psi_signals_watch_file(temporary);
	else
		rc = fail_errno(err, path);
	psi_signals_release();
	FILE *out = NULL;
	if (fd >= 0 && (fchmod(fd, mode) != 0 || !(out = fdopen(fd, "w")))) {
		rc = fail_errno(err, path);
		close(fd);
	} else if (fd >= 0) {
		rc = write_and_close(out, path, write, context, err);
	}
	psi_signals_hold();
	if (fd >= 0 && rc == PS_OK && rename(temporary, path) != 0)
		rc = fail_errno(err, path);
	if (fd >= 0 && rc != PS_OK)
		unlink(temporary);
	psi_signals_watch_file(NULL);
	psi_signals_release();
	psi_signals_restore();
	free(temporary);
	return rc;
}

int psi_write_atomically(const char *path, psi_writer write, void *context, ps_error *err)
{
	struct stat st, link;
	char target[PATH_MAX];
	int is_link = lstat(path, &link) == 0 && S_ISLNK(link.st_mode);
	if (stat(path, &st) != 0) {
		if (errno != ENOENT || is_link)
			return psi_fail(err, PS_EIO, "%s: cannot write: %s%s", path,
			                is_link ? "a symbolic link whose target cannot be reached: " : "",
			                strerror(errno));
		return replace_file(path, mode_for_new_file(), write, context, err);
	}
	if (S_ISDIR(st.st_mode))
		return psi_fail(err, PS_EIO, "%s: cannot write: it is a directory", path);
	/* Through the path as given: /dev/stdout is a link to a pipe that
	 * realpath cannot name. */
	if (!S_ISREG(st.st_mode))
		return write_in_place(path, write, context, err);
	/* A link to a regular file: replace the file, keep the link. */
	if (is_link && !realpath(path, target))
		return fail_errno(err, path);
	return replace_file(is_link ? target : path, st.st_mode & 07777, write, context, err);
}
