/*
 * profilescan - common types and the conventions every public function follows.
 *
 * Conventions (written once, followed everywhere):
 *
 *  - Every public function is prefixed `ps_`.
 *  - A function that can fail returns `int`: PS_OK (0) on success or one of the
 *    negative ps_status codes.  Its last parameter is `ps_error *err`; on
 *    failure the library writes the same code and a human-readable message
 *    (already naming the file, and line/column where one applies) into it.
 *    `err` may be NULL when the caller does not want the message.
 *  - The caller owns everything it passes in; the library never frees or keeps
 *    a pointer to an argument past the call, except where a function says
 *    "borrowed for the lifetime of X".
 *  - An object the library creates (`ps_x_new`, `ps_x_load`, `ps_scan`) is
 *    owned by the caller and released with its `ps_x_free`, which accepts NULL.
 *  - Strings are UTF-8 and NUL-terminated.  Pointers into an object (for
 *    example the rules of a ruleset) stay valid until that object is freed.
 *  - An options struct starts with `unsigned version`: set it with the
 *    struct's `PS_X_OPTIONS_INIT` or `ps_x_options_init`, so that a program
 *    built against an older header is told, not misread, by a newer library.
 *  - Every public function is declared PS_EXTERN.  The library is built with
 *    everything else hidden, so an embedder links against this API only.
 */
#ifndef PROFILESCAN_COMMON_H
#define PROFILESCAN_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PS_VERSION "0.1.0"

/* The library's sources are compiled with -fvisibility=hidden: only what is
 * declared with PS_EXTERN is exported, from the shared and the static
 * library alike. */
#if defined(__GNUC__)
#define PS_EXTERN __attribute__((visibility("default")))
#else
#define PS_EXTERN
#endif

typedef enum ps_status {
	PS_OK = 0,
	PS_EUSAGE = -1,   /* invalid argument or option */
	PS_EIO = -2,      /* a file or directory could not be read or written */
	PS_ENOMEM = -3,   /* out of memory */
	PS_ERULES = -4,   /* a rule pack or reference file is malformed */
	PS_ECOMPDB = -5,  /* the compilation database is missing or malformed */
	PS_ECLANG = -6,   /* libclang could not be set up (builtin headers, index) */
	PS_EPARSE = -7,   /* a source file could not be parsed at all */
	PS_EREPORT = -8   /* a report read back (profilescan merge) is malformed */
} ps_status;

typedef struct ps_error {
	int code;
	char message[1024];
} ps_error;

typedef enum ps_severity {
	PS_SEVERITY_NOTE = 0,
	PS_SEVERITY_WARNING = 1,
	PS_SEVERITY_ERROR = 2
} ps_severity;

typedef enum ps_category {
	PS_CATEGORY_NATIONALITY = 0,
	PS_CATEGORY_ETHNICITY,
	PS_CATEGORY_ORIGIN,
	PS_CATEGORY_PROXY,
	PS_CATEGORY_RELIGION,  /* the optional pack of other protected grounds */
	PS_CATEGORY_EXCEPTION, /* about an exception itself: malformed, expired, unused */
	PS_CATEGORY_FLOW,      /* a flagged value that feeds a score, selection or decision */
	PS_CATEGORY_SINK,      /* the vocabulary of scores and decisions: never a finding */
	PS_CATEGORY_COUNT
} ps_category;

/* What a finding is about: the declaration kinds, macros and string literals. */
typedef enum ps_kind {
	PS_KIND_VARIABLE = 0,
	PS_KIND_FIELD,
	PS_KIND_PARAMETER,
	PS_KIND_FUNCTION,
	PS_KIND_TYPE,
	PS_KIND_ENUM_CONSTANT,
	PS_KIND_MACRO,
	PS_KIND_NAMESPACE,
	PS_KIND_STRING_LITERAL,
	PS_KIND_IDENTIFIER,   /* a name in code libclang could not parse into declarations */
	PS_KIND_COMMENT,      /* an exception comment, in findings about exceptions */
	PS_KIND_COUNT
} ps_kind;

/* Stable spellings used in reports and rule packs ("warning", "field", ...).
 * The `_from_name` functions return -1 for an unknown name. */
PS_EXTERN const char *ps_severity_name(ps_severity severity);
PS_EXTERN int ps_severity_from_name(const char *name);
PS_EXTERN const char *ps_category_name(ps_category category);
PS_EXTERN int ps_category_from_name(const char *name);
PS_EXTERN const char *ps_kind_name(ps_kind kind);
PS_EXTERN int ps_kind_from_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif
