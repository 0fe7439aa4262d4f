/*
 * The layer under every stage: errors, memory, strings, diagnostics,
 * hashing, a hash table, globs, YAML helpers, atomic writes and the cleanup
 * on SIGINT, SIGTERM and SIGHUP.  Not part of the public API; nothing here
 * knows about rules, findings or libclang, only the public types of errors
 * and diagnostics.
 */
#ifndef PSI_UTIL_H
#define PSI_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "profilescan/common.h"
#include "profilescan/scan.h"   /* ps_diagnostic */

/* Fill `err` (if not NULL) and return `code`, so callers can write
 * `return psi_fail(err, PS_EIO, "%s: %s", path, strerror(errno));`. */
int psi_fail(ps_error *err, int code, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* strdup/asprintf that return NULL only when memory is exhausted. */
char *psi_strdup(const char *text);
char *psi_strndup(const char *text, size_t length);
char *psi_sprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Make room for one more element in a growable array of `*capacity` elements
 * of `size` bytes; returns 0, or -1 when memory is exhausted. */
int psi_grow(void **items, size_t *capacity, size_t count, size_t size);

#define PSI_PUSH(array, count, capacity) \
	psi_grow((void **)&(array), &(capacity), (count), sizeof *(array))

/* qsort and bsearch that accept an empty (NULL) array, which the C
 * library's own functions do not. */
void psi_sort(void *base, size_t count, size_t size,
	      int (*compare)(const void *, const void *));
void *psi_search(const void *key, const void *base, size_t count, size_t size,
		 int (*compare)(const void *, const void *));

/* A list of owned strings. */
typedef struct psi_strings {
	char **items;
	size_t count;
	size_t capacity;
} psi_strings;

int psi_strings_add(psi_strings *list, const char *text);      /* copies */
int psi_strings_take(psi_strings *list, char *owned_text);     /* takes ownership */
void psi_strings_clear(psi_strings *list);

/* strcmp for psi_sort and psi_search over arrays of strings. */
int psi_compare_strings(const void *a, const void *b);

/* Sort the list and drop repeated strings. */
void psi_strings_sort_unique(psi_strings *list);

/* How many bytes of `name` (of `length`) spell a plain identifier from its
 * start: letters, digits, '_', '$' and any byte of UTF-8 beyond ASCII.
 * "operator+" gives 8, the "operator" its tokens spell first. */
size_t psi_plain_name_length(const char *name, size_t length);
/* The hash of that part of a function's name, the same in every process;
 * 0 when it has none. */
uint64_t psi_plain_name_hash(const char *name, size_t length);

/* A set of 64-bit hashes: added in any order, then sorted once to be
 * searched. */
typedef struct psi_hashes {
	uint64_t *items;
	size_t count, capacity;
} psi_hashes;

int psi_hashes_add(psi_hashes *set, uint64_t hash);    /* -1 when memory ran out */
void psi_hashes_sort_unique(psi_hashes *set);
int psi_hashes_contain(const psi_hashes *set, uint64_t hash);  /* once sorted */
void psi_hashes_clear(psi_hashes *set);

/* ---- files (atomic_write.c) ---------------------------------------------- */

/* Write `path` through `write`, atomically: a temporary file beside it is
 * renamed over it once complete, so a reader never sees half a file.  Its
 * mode is kept (or follows the umask); a symbolic link is followed; a FIFO
 * or device is written in place (atomic_write.c says why). */
typedef int (*psi_writer)(FILE *out, void *context, ps_error *err);
int psi_write_atomically(const char *path, psi_writer write, void *context, ps_error *err);

/* ---- SIGINT, SIGTERM and SIGHUP (signals.c) ------------------------------ */

/* While installed (the calls nest), each of the three signals that is at
 * its default action gets a handler that kills and reaps the watched
 * workers, removes the watched file and ends the process by the signal
 * (signals.c says why the handler does it all); restore puts back what
 * was there.  Hold blocks the three in the calling thread and release
 * unblocks them: change what is watched only in between. */
void psi_signals_install(void);
void psi_signals_restore(void);
void psi_signals_hold(void);
void psi_signals_release(void);
/* `count` pids, 0 for a free slot; NULL, 0: no workers.  Borrowed until
 * replaced. */
void psi_signals_watch_workers(_Atomic pid_t *pids, size_t count);
/* A temporary file to remove, or NULL; borrowed until replaced. */
void psi_signals_watch_file(const char *path);
/* In a worker just forked inside hold: handled signals back to their
 * defaults (ignored ones stay ignored), nothing watched, the mask from
 * before hold. */
void psi_signals_in_worker(void);

/* Read all of `path`, a regular file of at most `limit` bytes, into a
 * NUL-terminated `*text` (the caller's to free).  A FIFO, device or
 * directory, or a larger file, is an error naming `what` ("rule pack"),
 * never a read that waits or grows without bound (read_file.c). */
#define PSI_TEXT_FILE_LIMIT ((size_t)64 << 20)
int psi_read_file(const char *path, const char *what, size_t limit, char **text,
                  size_t *length, ps_error *err);

/* ---- diagnostics about the scan (diags.c) -------------------------------- */

typedef struct psi_diags {
	ps_diagnostic *items;
	size_t count, capacity;
} psi_diags;

int psi_diags_add(psi_diags *diags, ps_severity severity, const char *file,
		  unsigned line, unsigned column, const char *format, ...)
	__attribute__((format(printf, 6, 7)));
void psi_diags_clear(psi_diags *diags);

/* ---- hashing (hash.c) ------------------------------------------------------ */

/* FNV-1a over `data`, continuing from `seed` (0 to start). */
uint64_t psi_hash(uint64_t seed, const void *data, size_t length);

/* ---- a hash table (table.c) ----------------------------------------------- */

/* Open addressing over pointers to items the caller owns; `hash` of an item
 * must equal the hash its key is looked up with.  The slots are NULL or an
 * item: a caller may read all `size` of them to visit every item. */
typedef struct psi_table {
	void **slots;
	size_t size, count;        /* size: a power of two, or 0 */
	uint64_t (*hash)(const void *item);
	int (*matches)(const void *item, const void *key);
} psi_table;

/* The item whose hash is `hash` and that matches `key`, or NULL. */
void *psi_table_find(const psi_table *table, uint64_t hash, const void *key);
/* Add `item`, which is not in the table yet; -1 when memory runs out. */
int psi_table_add(psi_table *table, void *item);
/* Free the slots, not the items. */
void psi_table_clear(psi_table *table);

/* ---- paths and globs (glob.c) ---------------------------------------------- */

/* Does a glob exclude `relative`?  Without '/', a glob names a file or
 * directory anywhere ("third_party", "*_test.c"); with '/', the path itself
 * or one of its parent directories ("tests/fixtures", "src/gen_*.c"). */
int psi_path_excluded(const char *relative, const char *const *globs, size_t count);

// Does `pattern` match the whole of `path` (both relative), as .gitignore
// reads a pattern with a slash: '*', '?' and '[...]' stay within one
// component (src/*.c is not src/legacy/x.c), and ** as a component of its
// own stands for any number of them (src/** and src/**/x.c reach below
// src/, **/gen_*.c is anywhere).  A line comment: globs hold "/*".
int psi_glob_match(const char *pattern, const char *path);

/* `path` with doubled slashes, "." components and a final slash removed
 * ("/a//./c.c" is "/a/c.c"); ".." is kept, since a symbolic link may stand
 * before it.  NULL only when memory runs out (path.c). */
char *psi_path_normalise(const char *path);

/* ---- URLs (url.c) ---------------------------------------------------------- */

/* `url` without the user name and password it may carry: what stands
 * before the last '@' of the authority of "scheme://user:password@host/path",
 * or before the host of git's scp-like "user@host:path".  A local path is
 * returned as it is.  A copy; NULL only when memory runs out. */
char *psi_url_without_userinfo(const char *url);

/* ---- YAML (yaml.c) --------------------------------------------------------- */

/* libyaml's node type, declared here so that this header needs no yaml.h. */
struct yaml_node_s;

/* Fail with "file:line:column: what" at a YAML node, for every YAML file
 * profilescan reads (rule packs, configurations, exceptions). */
int psi_yaml_fail(ps_error *err, const char *file, const struct yaml_node_s *node,
		  const char *format, ...) __attribute__((format(printf, 4, 5)));

/* The text of a scalar node, or NULL for another node or none. */
const char *psi_yaml_scalar(const struct yaml_node_s *node);

/* The deepest nesting of collections any YAML file profilescan reads may
 * have: libyaml's loader costs the square of the depth (16,000 levels take
 * seconds), and no pack, configuration or exceptions file needs more. */
#define PSI_YAML_MAX_DEPTH 64

/* Fail (PS_ERULES, "file:line:column: ...") when `text` nests collections
 * deeper than PSI_YAML_MAX_DEPTH; stops reading there, so it costs the
 * depth allowed, not the depth written.  Malformed YAML passes: the load
 * that follows reports it. */
int psi_yaml_check_depth(const char *file, const char *text, size_t length, ps_error *err);

/* ---- UTF-8 (utf8.c) and JSON (json.c) ------------------------------------ */

/* Is `text` valid UTF-8 (RFC 3629)? */
int psi_utf8_valid(const char *text);

/* A copy of `text` that is valid UTF-8: each byte that starts no valid
 * sequence is written as the four characters \xNN (a Latin-1 'é' reads
 * \xe9).  NULL only when memory runs out. */
char *psi_utf8_escaped(const char *text);

/* A copy of `text` safe to show on a terminal and read as it is: invalid
 * bytes as \xNN, C0 controls and DEL as \x1b (a line break as \n, a tab
 * kept), C1 controls, bidirectional controls and zero-width characters as
 * \u202e.  NULL only when memory runs out. */
char *psi_utf8_visible(const char *text);

/* The same, line breaks kept: for text laid out in lines (the HTML report's
 * source lines), where a line break changes nothing of how a line reads. */
char *psi_utf8_visible_lines(const char *text);

/* jansson's value type, declared here so that this header needs no
 * jansson.h. */
struct json_t;

/* A JSON string of `text` made valid as psi_utf8_escaped does, JSON null
 * for NULL; NULL only when memory runs out. */
struct json_t *psi_json_text(const char *text);

/* json_array_append_new and json_object_set_new that take the reference in
 * every case and set `*failed` when the value is NULL or cannot be added,
 * so that a builder checks once at the end instead of losing an item. */
void psi_json_push(struct json_t *array, struct json_t *item, int *failed);
void psi_json_put(struct json_t *object, const char *key, struct json_t *value, int *failed);

#endif
