/*
 * Report dispatch and atomic writing to a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_formats.h"

int ps_format_from_name(const char *name)
{
	if (strcmp(name, "text") == 0)
		return PS_FORMAT_TEXT;
	if (strcmp(name, "json") == 0)
		return PS_FORMAT_JSON;
	return -1;
}

int ps_report_write(const ps_result *result, const ps_report_options *options,
                    FILE *out, ps_error *err)
{
	int rc = options->format == PS_FORMAT_JSON ? ps_report_json(result, out, err)
	                                           : ps_report_text(result, options->color, out, err);
	if (rc == PS_OK && (fflush(out) != 0 || ferror(out)))
		rc = ps_fail(err, PS_EIO, "cannot write the report: %s", strerror(errno));
	return rc;
}

int ps_report_write_file(const ps_result *result, const ps_report_options *options,
                         const char *path, ps_error *err)
{
	char *temporary = ps_sprintf("%s.XXXXXX", path);
	if (!temporary)
		return ps_fail(err, PS_ENOMEM, "out of memory");
	int fd = mkstemp(temporary);
	if (fd < 0) {
		int rc = ps_fail(err, PS_EIO, "%s: cannot write the report: %s", path, strerror(errno));
		free(temporary);
		return rc;
	}
	FILE *out = fdopen(fd, "w");
	int rc = out ? ps_report_write(result, options, out, err)
	             : ps_fail(err, PS_EIO, "%s: %s", path, strerror(errno));
	if (out && fclose(out) != 0 && rc == PS_OK)
		rc = ps_fail(err, PS_EIO, "%s: cannot write the report: %s", path, strerror(errno));
	if (!out)
		close(fd);
	if (rc == PS_OK && rename(temporary, path) != 0)
		rc = ps_fail(err, PS_EIO, "%s: cannot write the report: %s", path, strerror(errno));
	if (rc != PS_OK)
		unlink(temporary);
	free(temporary);
	return rc;
}
