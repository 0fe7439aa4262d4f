/*
 * profilescan - scanning a code base: files or a compilation database in,
 * findings, diagnostics and statistics out.
 */
#ifndef PROFILESCAN_SCAN_H
#define PROFILESCAN_SCAN_H

#include "common.h"
#include "config.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_scan_options {
	unsigned version;        /* PS_SCAN_OPTIONS_VERSION */
	/* Files and directories to scan; none means ".". */
	const char *const *paths;
	size_t path_count;
	/* A compile_commands.json, or the directory holding one (clang-tidy -p). */
	const char *compile_database;
	/* Appended to every compile command (clang-tidy --extra-arg). */
	const char *const *extra_args;
	size_t extra_arg_count;
	/* Globs of paths to leave out: without '/', matched against each path
	 * component ("third_party", "*_test.c"); with '/', against the path
	 * relative to the scanned directory ("tests/fixtures", "src/gen_*.c"). */
	const char *const *excludes;
	size_t exclude_count;
	/* Worker threads, each with its own libclang index; 0 means one per core. */
	unsigned jobs;
	/* Files larger than this are not parsed, and reported; 0 means 16 MiB. */
	size_t max_file_size;
	const ps_ruleset *rules; /* borrowed for the duration of ps_scan */
	/* Refuse profilescan:allow comments (CI that accepts only reviewed
	 * exceptions files); they are then reported as malformed. */
	int no_inline_exceptions;
	/* A YAML file of exceptions kept outside the code, or NULL. */
	const char *exceptions_file;
	/* Do not trace flows into sinks: only declarations and literals. */
	int no_flows;
	/* Bounds on each worker, so that no unit can hang the scan or exhaust
	 * the machine: a unit that takes longer than `unit_timeout` seconds (0:
	 * 300), or a worker whose address space would pass `max_memory` bytes
	 * (0: 4 GiB; not applied in builds with AddressSanitizer, which reserves
	 * far more), ends its worker; the unit becomes an error diagnostic and
	 * the other units are still scanned. */
	unsigned unit_timeout;
	size_t max_memory;
	/* Where `rules` came from.  When set, .profilescan.yaml files are honoured:
	 * each builds its own ruleset from this source for the files it covers.
	 * When NULL, `rules` applies everywhere and no configuration is read. */
	const ps_rule_source *rule_source;
	/* Scan only shard `shard_index` (1-based) of `shard_count`: the units
	 * whose file path hashes to it, so that N scans of a CI matrix cover a
	 * tree between them and `profilescan merge` joins their reports
	 * (docs/ci.md).  0 and 0: the whole tree.  The same path goes to the
	 * same shard on every machine and in every order of discovery. */
	unsigned shard_index, shard_count;
	/* The project a scan of some of its files reads for context
	 * (docs/partial-scans.md).  Its declarations are read wherever the
	 * units include them and seed flows, and units of the rest of it are
	 * parsed when they can carry a flagged value into the given files, but
	 * only findings in `paths` (less `excludes`) are reported, and flows
	 * whose flagged declaration is there.  NULL finds it: the nearest
	 * directory at or above the paths that holds `.git`, `.profilescan.yaml`
	 * or `compile_commands.json`, never one GIT_CEILING_DIRECTORIES names or
	 * above it, else the compilation database's project.  "" reads no
	 * context: only the paths given. */
	const char *project_root;
	/* Parse every unit.  By default a lexical pass first reads each unit's
	 * file and the headers it includes, and a unit none of whose words the
	 * vocabulary could make a finding of is not parsed, unless a flow can
	 * pass through a function it defines (docs/prefilter.md); the findings
	 * are the same, and stats.units_skipped says how many were left. */
	int no_prefilter;
} ps_scan_options;

#define PS_SCAN_OPTIONS_VERSION 3
/* Version set, every other member zero: the defaults.  Designated, so that
 * -Wmissing-field-initializers (in -Wextra) stays quiet; C++ before C++20
 * calls ps_scan_options_init instead. */
#define PS_SCAN_OPTIONS_INIT {.version = PS_SCAN_OPTIONS_VERSION}

/* Set `*options` to PS_SCAN_OPTIONS_INIT, for callers that cannot use the
 * macro (bindings).  Fails with PS_EUSAGE when `version` is not one this
 * library knows. */
PS_EXTERN int ps_scan_options_init(ps_scan_options *options, unsigned version,
                                   ps_error *err);

typedef enum ps_suppression {
	PS_NOT_SUPPRESSED = 0,
	PS_SUPPRESSED_IN_SOURCE,   /* a profilescan:allow comment */
	PS_SUPPRESSED_EXTERNAL     /* an exceptions file */
} ps_suppression;

/* What a flagged value reaches. */
typedef enum ps_sink_kind {
	PS_SINK_VARIABLE = 0,  /* a variable named for a score or decision */
	PS_SINK_FIELD,         /* a field so named */
	PS_SINK_ELEMENT,       /* an element of an array or container so named */
	PS_SINK_RETURN,        /* the value returned by a function so named */
	PS_SINK_ARGUMENT,      /* an argument passed to a function so named */
	PS_SINK_KIND_COUNT
} ps_sink_kind;

/* "variable", "field", "element", "return", "argument". */
PS_EXTERN const char *ps_sink_kind_name(ps_sink_kind kind);

/* One step of a flow: where the value goes next, and how. */
typedef struct ps_flow_step {
	char *file;
	unsigned line;
	unsigned column;
	char *message;         /* "stored in 'buitenlands'", "decides this 'if'" */
	char *function;        /* the function the step is in, qualified; NULL at
	                          file scope */
} ps_flow_step;

/* The flow of a finding of the `flow` category: from the use of a flagged
 * declaration (the finding's own place, name and kind) to a sink. */
typedef struct ps_flow {
	const ps_rule *source_rule; /* the rule the declaration is flagged by */
	const char *source_term;    /* borrowed from that rule */
	char *sink_name;
	ps_sink_kind sink_kind;
	char *sink_file;            /* where the sink is declared */
	unsigned sink_line;
	ps_flow_step *steps;        /* from the use (first) to the sink (last) */
	size_t step_count;
	/* The flagged declaration the flow starts from, as its own finding
	 * reports it: so that an inventory joins a flow to its source without
	 * matching names.  `source_fingerprint` is "" and `source_file` the
	 * declaration's place when no finding of the result reports it (a
	 * declaration a baseline left out, say). */
	char *source_file;
	unsigned source_line, source_column;
	char source_fingerprint[24];
	char source_entity[24];     /* that declaration's `entity`, or "" */
} ps_flow;

/* A use of a flagged declaration inside a function body: a read or write
 * of the variable, field or parameter, a call of the function, a mention
 * of the enum constant; whether or not its value reaches a sink.  Listed
 * on the declaration's own finding (ps_finding.uses), by the flow tracer:
 * a scan without flows (no_flows) lists none. */
typedef struct ps_use {
	char *file;            /* relative to the working directory when below it */
	unsigned line;
	unsigned column;       /* of the name, 1-based, in bytes */
	char *function;        /* the function the use is in, qualified as scopes
	                          are spelt; NULL when it has no name */
} ps_use;

/* The most uses listed per declaration: the first in order of file, line
 * and column; the others are counted (ps_finding.uses_omitted). */
#define PS_USES_MAX 1000

typedef struct ps_finding {
	const ps_rule *rule;   /* borrowed from the options' ruleset or the result's */
	const char *term;      /* the term that matched, borrowed from the rule */
	ps_severity severity;
	ps_kind kind;
	char *name;            /* the identifier, or the word of a string literal */
	char *file;            /* relative to the working directory when below it */
	unsigned line;
	unsigned column;       /* 1-based, in bytes as libclang counts them */
	char *scope;           /* enclosing function or type, or NULL */
	char *message;
	/* When only the context makes the finding (an ambiguous name such as
	 * `language`), what in the context decided: "record 'Patient'"; else
	 * NULL. */
	char *context;
	/* 16 hex digits from the rule, file, kind, name and scope, and which of
	 * the findings sharing all of those this is, counting from the top of
	 * the file: it stays the same when code moves to another line. */
	char fingerprint[24];
	/* An accepted exception: the finding is not a failure, but stays in the
	 * JSON and SARIF reports with the reason. */
	ps_suppression suppression;
	char *justification;   /* NULL when not suppressed */
	char *suppressed_at;   /* where the exception is: "file:line" */
	char *suppressed_by;   /* the exceptions file's `author`, or NULL (inline) */
	char *suppressed_until; /* the day it expires (YYYY-MM-DD), or NULL */
	/* For a finding of the `flow` category: the use of a flagged declaration
	 * (name, kind, file, line) reaches a sink along these steps.  NULL for
	 * every other finding. */
	ps_flow *flow;
	/* A function, variable, type, namespace or enum constant that may be
	 * declared in one file and defined in another is one entity: 16 hex
	 * digits of its USR, or "" for other findings.  A scan reports an
	 * entity once, at its definition; merging reports of several scans
	 * (ps_result_merge) does the same with `entity` and `is_definition`. */
	char entity[24];
	int is_definition;
	/* For a finding of a flagged declaration (not a flow, not a literal):
	 * every use of it in the function bodies the scan traced, each once,
	 * sorted by file, line and column, at most PS_USES_MAX of them, owned
	 * by the finding (by the result, for a merged one); NULL and 0 when
	 * none.  `uses_omitted` counts those beyond the bound: exactly, for a
	 * scan; at least that many, for a merge of results that omitted some. */
	ps_use *uses;
	size_t use_count;
	size_t uses_omitted;
} ps_finding;

/* A sink of the scanned code: a variable, field or function named for a
 * score, risk, weight, selection or decision (by the sink rules, or a
 * configuration's `sinks:`), declared in a file the scan reports, whether
 * or not a flagged value reaches it; and any other that a reported flow
 * reaches (declared in a header of the context or of the system).  So an
 * auditor sees every score of the code, and which of them the flows feed:
 * a flow reaches the sink with its `sink_file`, `sink_line` and
 * `sink_name`. */
typedef struct ps_sink {
	char *name;
	ps_sink_kind kind;     /* variable, field, or return (a function); what
	                          the flow says for one only a flow names */
	char *file;            /* relative to the working directory when below it */
	unsigned line;
	unsigned column;       /* 0 for one only a flow names */
	char *scope;           /* enclosing function or type, or NULL */
	/* A function or global declared in one file and defined in another is
	 * one sink, listed at its definition: its entity as ps_finding's (16 hex
	 * digits of its USR, or ""), and whether this is the definition. */
	char entity[24];
	int is_definition;
} ps_sink;

/* Something about the scan itself: a path that does not exist, a file that
 * does not parse.  Errors make the scan incomplete (exit code 2 in the CLI);
 * notes are the compiler's own diagnostics on files that were still scanned. */
typedef struct ps_diagnostic {
	ps_severity severity;
	char *file;     /* may be NULL */
	unsigned line;  /* 0 when not known */
	unsigned column;
	char *message;
} ps_diagnostic;

typedef struct ps_stats {
	size_t files_discovered;      /* source files and headers found on disk */
	size_t translation_units;     /* TUs given to libclang, context_units included */
	size_t context_units;         /* of them, units outside the paths given, parsed
	                                 for the project's context */
	size_t units_skipped;         /* not given to libclang: the prefilter found no
	                                 word that could be a finding in their
	                                 include closure (not in translation_units) */
	size_t translation_units_with_errors; /* parsed, but with compiler errors */
	size_t files_failed;          /* inputs not scanned at all: missing, unreadable,
	                                 binary, too large or not parseable */
	size_t files_scanned;         /* project files whose declarations were read */
	size_t declarations;          /* unique declarations and macros examined */
	size_t string_literals;       /* unique string literals examined */
	size_t findings_by_category[PS_CATEGORY_COUNT];
} ps_stats;

/* The libclang the library parses with, as it names itself ("Debian clang
 * version 14.0.6"); a static string. */
PS_EXTERN const char *ps_libclang_version(void);

/* A unit that parsed with compiler errors: its file, how many errors, and
 * the first ("file:line:column: message"). */
typedef struct ps_unit_errors {
	char *file;
	unsigned errors;
	char *first_error;
} ps_unit_errors;

/* The state of a git repository that holds a root of the scan, so that an
 * inventory names the code it was made of (docs/json-format.md,
 * "version_control").  Read with libgit2, which never writes to the
 * repository for it. */
typedef struct ps_vcs {
	char *root;            /* the working tree's root, absolute, no final slash */
	/* HEAD's commit in hex (40 digits; room for SHA-256's 64); "" on a
	 * branch that has no commit yet. */
	char commit[72];
	char *branch;          /* the branch HEAD is on ("main"); NULL when detached */
	int detached;          /* HEAD names a commit, not a branch */
	/* A file under the scanned roots differs from the commit: modified or
	 * deleted, staged, or untracked and not ignored.  Files outside the
	 * roots do not count. */
	int dirty;
	/* The URL of the remote `origin`, without the user name and password
	 * a URL may carry ("https://example.com/org/repo.git"); NULL when the
	 * repository has no origin. */
	char *origin_url;
} ps_vcs;

/* How the scan was run and what it covered, for an inventory that must say
 * so (docs/json-format.md, "provenance" and "coverage"). */
typedef struct ps_provenance {
	/* UTC, ISO 8601 ("2026-12-02T16:49:39Z"); both are SOURCE_DATE_EPOCH
	 * when it is set, so that a report can be reproduced byte for byte. */
	char started[24], finished[24];
	char rules_digest[PS_DIGEST_SIZE];  /* ps_ruleset_digest of the options' rules */
	/* Each configuration file's directory and the digest of its ruleset. */
	char **config_directories;
	char (*config_digests)[PS_DIGEST_SIZE];
	size_t config_count;
	/* The options that decide what was scanned and found, as the command
	 * line spells them ("-p", "build", "--exclude", "third_party", ...). */
	char **options;
	size_t option_count;
	unsigned shard_index, shard_count;  /* 0 and 0: not sharded */
	size_t units_in_other_shards;       /* left to the other shards */
	ps_unit_errors *units_with_errors;  /* sorted by file */
	size_t units_with_errors_count;
	/* The repositories that hold the roots of the scan, sorted by root:
	 * none when no root is in one.  A merged result holds each different
	 * state its sources recorded, and each source keeps its own. */
	ps_vcs *repositories;
	size_t repository_count;
} ps_provenance;

typedef struct ps_result {
	ps_finding *findings;   /* sorted by file, line, column, rule */
	size_t finding_count;
	ps_diagnostic *diagnostics; /* sorted like findings */
	size_t diagnostic_count;
	ps_stats stats;
	/* Rulesets built from configuration files, which findings borrow their
	 * rules from; owned by the result. */
	ps_ruleset **rulesets;
	size_t ruleset_count;
	ps_provenance provenance;
	/* A result merged from others (ps_result_merge): those results, owned
	 * by this one; its findings and diagnostics are copies of theirs that
	 * share their strings and flows. */
	struct ps_result **sources;
	size_t source_count;
	char *report_path;      /* a result read from a report: the path read */
	ps_sink *sinks;         /* sorted by file, line, column, name; owned */
	size_t sink_count;
} ps_result;

/* Scan.  Returns an error only for what stops the whole scan (no rules, no
 * builtin headers, an unreadable compilation database, an options version
 * this library does not know: PS_EUSAGE); a missing path or a file that
 * fails to parse becomes an error diagnostic in the result and the other
 * inputs are still scanned.  Output does not depend on `jobs`.
 *
 * What a host process must expect:
 *
 *  - Worker processes.  The units are parsed in `jobs` child processes made
 *    with fork(), because libclang changes the working directory of the
 *    process that parses (a compile command's -working-directory) and may
 *    crash on odd code.  ps_scan waits for each child it forks with
 *    waitpid() on its pid and returns only when all have exited.  A host that handles SIGCHLD receives
 *    it for these children: its handler must be installed with SA_RESTART
 *    and must not reap children it did not fork (waitpid(-1, ...)), or
 *    ps_scan may read a worker's results before the worker has finished
 *    and not learn how it ended; SIGCHLD set to SIG_IGN, which reaps
 *    children unasked, hides a worker's crash.  Only the calling thread
 *    exists in a child, which runs the library and libclang and nothing of
 *    the host's (the library takes no callbacks).
 *  - Signals.  While workers run, each of SIGINT, SIGTERM and SIGHUP that is
 *    at its default action (SIG_DFL) gets a handler of the library's, and
 *    gets its previous action back before ps_scan returns.  The handler
 *    kills the workers (SIGKILL), reaps them, and ends the process by the
 *    same signal with its default action, as it would have ended without
 *    the handler (a shell sees 130, 143, 129); nothing of the host runs
 *    then, no exit handler either.  A signal the host ignores stays
 *    ignored, and one the host handles stays the host's: its handler runs
 *    during the scan, and if it ends the process the workers are killed
 *    (on Linux, a worker dies with the thread that forked it) but not
 *    reaped.  In the workers the three signals are at their defaults,
 *    unless ignored in the host; SIGALRM is theirs (--unit-timeout).  The
 *    host's signal mask is kept, in the caller and in the workers.
 *    ps_report_write_file and ps_baseline_write do the same while their
 *    temporary file exists, and the handler removes it.
 *  - The working directory of the caller is never changed; only workers
 *    change theirs.  Relative paths in the options and in the result are
 *    relative to the caller's working directory at the call.
 *  - File descriptors.  The children inherit every descriptor of the host
 *    that is not close-on-exec (they do not exec).  Each worker writes to
 *    an anonymous temporary file (tmpfile(3): no name in /tmp, whatever
 *    TMPDIR says), which the caller reads and closes; no descriptor stays
 *    open after the call.
 *  - The host's streams.  The library neither writes nor flushes stdout,
 *    stderr or any other stream it did not open.  Workers inherit copies of
 *    the host's unflushed stdio buffers, but leave with _exit(), so those
 *    copies are never written; only a fatal error inside libclang in a
 *    worker is written to the inherited standard error ("LIBCLANG FATAL
 *    ERROR"), and the worker then aborts: a host that buffers stderr should
 *    flush it before the call.
 *  - Environment.  PROFILESCAN_CLANG_RESOURCE_DIR names clang's builtin
 *    headers (stddef.h) instead of those found at build time;
 *    SOURCE_DATE_EPOCH, when set, is the day against which exceptions'
 *    expiry dates are checked, instead of today; GIT_CEILING_DIRECTORIES,
 *    as git reads it, bounds the search for the repository that holds a
 *    root (no other GIT_* variable is read: GIT_DIR in a git hook names the
 *    hook's repository, which need not be the scanned tree's).
 *    (ps_ruleset_load_bundled reads PROFILESCAN_PATTERNS; libclang reads
 *    its own LIBCLANG_*.)
 *  - Repositories.  When a root is inside a git repository, ps_scan reads
 *    its HEAD, configuration and index and the working tree under the
 *    roots, through libgit2 and before any worker is forked; it writes
 *    nothing there, not even the index's cache of file times that
 *    `git status` refreshes.  A repository it cannot read is a warning
 *    diagnostic, and the scan goes on.
 *  - Memory in the workers is their own: findings come back through the
 *    temporary files, and `options` and its ruleset are only read. */
PS_EXTERN int ps_scan(const ps_scan_options *options, ps_result **out, ps_error *err);
PS_EXTERN void ps_result_free(ps_result *result);

/* The rules that have no vocabulary and are built in: those of findings
 * about exceptions themselves (malformed, expired, unused) and those of
 * flows into sinks (protected grounds, proxies). */
PS_EXTERN size_t ps_builtin_rule_count(void);
PS_EXTERN const ps_rule *ps_builtin_rule(size_t index);

/* True when the result has an error diagnostic (the scan is incomplete). */
PS_EXTERN int ps_result_incomplete(const ps_result *result);

/* Passed as ps_result_fails's `level`: no finding fails, whatever its
 * severity (--fail-on never); an incomplete scan still does. */
#define PS_FAIL_NEVER ((ps_severity)(PS_SEVERITY_ERROR + 1))

/* Does the result fail a build that fails on findings of `level` and above?
 * These are the profilescan command's exit codes, so that a program that
 * embeds the library can return it and mean the same. */
typedef enum ps_failure {
	PS_PASSES = 0,            /* complete, no open finding at or above `level` */
	PS_FAILS_FINDINGS = 1,    /* an open finding (one no exception accepts)
	                             at or above `level` */
	PS_FAILS_INCOMPLETE = 2   /* an input was not scanned (ps_result_incomplete):
	                             outranks findings, since what was not scanned
	                             may hold more */
} ps_failure;

PS_EXTERN ps_failure ps_result_fails(const ps_result *result, ps_severity level);

#ifdef __cplusplus
}
#endif

#endif
