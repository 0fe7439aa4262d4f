/*
 * profilescan - writing a scan result: text, JSON, SARIF, GitLab, CSV.
 */
#ifndef PROFILESCAN_REPORT_H
#define PROFILESCAN_REPORT_H

#include <stdio.h>

#include "common.h"
#include "scan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_format {
	PS_FORMAT_TEXT = 0,
	PS_FORMAT_JSON,
	PS_FORMAT_SARIF,   /* SARIF 2.1.0, as GitHub code scanning reads it */
	PS_FORMAT_GITLAB,  /* GitLab's Code Quality report */
	PS_FORMAT_CSV,     /* one row per finding, RFC 4180 (docs/csv-format.md) */
	PS_FORMAT_CSV_FLOWS, /* one row per step of each flow */
	PS_FORMAT_HTML     /* one self-contained page, an inventory (docs/html-format.md) */
} ps_format;

PS_EXTERN int ps_format_from_name(const char *name); /* -1 when unknown */

typedef struct ps_report_options {
	unsigned version;          /* PS_REPORT_OPTIONS_VERSION */
	ps_format format;
	int color;                 /* ANSI colours in text output */
	/* Text: no source line and caret under each finding (--no-source). */
	int hide_source;
	/* SARIF lists every rule of this ruleset, besides those of the findings;
	 * may be NULL. */
	const ps_ruleset *rules;
} ps_report_options;

#define PS_REPORT_OPTIONS_VERSION 2
/* Version set, every other member zero: text, no colours.  Designated, so that
 * -Wmissing-field-initializers (in -Wextra) stays quiet; C++ before C++20
 * calls ps_report_options_init instead. */
#define PS_REPORT_OPTIONS_INIT {.version = PS_REPORT_OPTIONS_VERSION}

/* Set `*options` to PS_REPORT_OPTIONS_INIT; fails with PS_EUSAGE when
 * `version` is not one this library knows. */
PS_EXTERN int ps_report_options_init(ps_report_options *options, unsigned version,
                                     ps_error *err);

/* Text: one clang-style warning line per finding, the source line with a
 * caret under the name (read from the finding's file, relative to the
 * working directory; left out when it cannot be read), and a note with its
 * main reference.  JSON: the schema in docs/json-format.md, with the findings,
 * the diagnostics about the scan and its statistics.  SARIF and GitLab: see
 * docs/ci.md.  Paths in SARIF are relative to the working directory, which
 * is the %SRCROOT% of the report. */

/* Write `result` to `out`, and flush `out` to learn whether it was written.
 * Fails with PS_EIO when the stream reports an error, and with PS_EUSAGE on
 * an options version this library does not know. */
PS_EXTERN int ps_report_write(const ps_result *result, const ps_report_options *options,
                              FILE *out, ps_error *err);

/* Write to `path` atomically: a temporary file in the same directory, renamed
 * over `path` once complete, so a reader never sees half a report.  The file
 * keeps its mode (a new one gets what the umask allows); a symbolic link is
 * followed, and a FIFO or device (/dev/stdout) is written in place.  While
 * the temporary file exists, SIGINT, SIGTERM or SIGHUP at its default
 * action removes it before it ends the process (scan.h, "Signals"). */
PS_EXTERN int ps_report_write_file(const ps_result *result, const ps_report_options *options,
                                   const char *path, ps_error *err);

/* Read a JSON report (schema 1.x, docs/json-format.md) back into a result,
 * for merging.  Its findings borrow rules made from what the report says of
 * them, owned by the result; `known` (may be NULL) lends the rationale of
 * rules of the same id, for SARIF.  Fails with PS_EREPORT, naming the
 * report and the finding, on a report that is not one or lacks a key, and
 * with PS_EIO when it cannot be read. */
PS_EXTERN int ps_report_read(const char *path, const ps_ruleset *known, ps_result **out,
                             ps_error *err);

/* One result of `count` (profilescan merge): findings several hold once,
 * an entity once at its definition, diagnostics once, statistics summed.
 * Takes the results, which the merged one owns from then on as its
 * `sources` (each `results[i]` is set to NULL), whether or not it fails.
 * SARIF writes one run per source; JSON lists them under "sources". */
PS_EXTERN int ps_result_merge(ps_result **results, size_t count, ps_result **out,
                              ps_error *err);

/* Write `text` to `out` as text reports show scanned text: escape
 * sequences and other control characters, bidirectional controls and
 * zero-width characters as \x1b or \u202e, bytes that are not UTF-8 as
 * \xNN, so that a file name or a name in a message cannot act on the
 * terminal or change how a line reads.  For a host printing diagnostics or
 * findings itself.  Fails with PS_ENOMEM or PS_EIO. */
PS_EXTERN int ps_fputs_visible(const char *text, FILE *out, ps_error *err);

#ifdef __cplusplus
}
#endif

#endif
