/*
 * Exceptions: profilescan:allow comments and the exceptions file, applied
 * to a merged result.
 */
#ifndef PSI_EXCEPTIONS_H
#define PSI_EXCEPTIONS_H

#include "model/model.h"

/* Mark the findings that exceptions accept (profilescan:allow comments found
 * in `directives`, and the options' exceptions file), and add findings about
 * malformed, expired and unused exception comments.  Paths in the result are
 * display paths; `cwd` turns the directives' absolute ones into the same. */
int psi_apply_exceptions(ps_result *result, const psi_directive *directives, size_t count,
			 const char *cwd, const ps_scan_options *options, ps_error *err);

/* Read an exceptions file only to report what is wrong with it, before the
 * scan rather than after. */
int psi_exceptions_file_check(const char *path, ps_error *err);

#endif
