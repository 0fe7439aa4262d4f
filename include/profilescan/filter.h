/*
 * profilescan - narrowing a result for code review: a baseline of accepted
 * findings, and the lines a change touched.
 *
 * Both filters drop findings from a result and say what they did in its
 * diagnostics; they never add findings.
 */
#ifndef PROFILESCAN_FILTER_H
#define PROFILESCAN_FILTER_H

#include "common.h"
#include "scan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Record the findings of `result` by fingerprint (not by line), with their
 * rule, file, kind and name for the reader; written atomically, as
 * ps_report_write_file writes (report.h). */
PS_EXTERN int ps_baseline_write(const ps_result *result, const char *path, ps_error *err);

typedef struct ps_baseline ps_baseline;

PS_EXTERN int ps_baseline_load(const char *path, ps_baseline **out, ps_error *err);
PS_EXTERN void ps_baseline_free(ps_baseline *baseline);

/* Drop the findings the baseline records.  Each baseline entry that no
 * finding matched any more becomes a warning diagnostic, so that a stale
 * baseline can be cleaned up; it does not change the exit code.  `*matched`
 * (if not NULL) receives how many findings were dropped. */
PS_EXTERN int ps_result_apply_baseline(ps_result *result, const ps_baseline *baseline,
                                       size_t *matched, ps_error *err);

typedef struct ps_changes ps_changes;

/* Read a unified diff (as `git diff -U0 BASE` writes it) from `path`, or
 * from standard input when `path` is "-".  Paths in it are taken relative
 * to the working directory, where profilescan reports its own. */
PS_EXTERN int ps_changes_load(const char *path, ps_changes **out, ps_error *err);
PS_EXTERN void ps_changes_free(ps_changes *changes);

/* Keep only the findings on lines the change added or modified, and the
 * flows whose flagged declaration is on such a line. */
PS_EXTERN int ps_result_keep_changed(ps_result *result, const ps_changes *changes, ps_error *err);

#ifdef __cplusplus
}
#endif

#endif
