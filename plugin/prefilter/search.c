/*
 * A unit's search path, for following its #include lines as libclang
 * would: the directories of its own -I, -isystem, -idirafter and -iquote,
 * its -include files, and the directories the compiler adds by itself
 * (libstdc++'s, the resource directory's, /usr/include), which only the
 * compiler knows.  Those are asked of libclang: an empty file parsed with
 * the unit's other flags and -v, which prints the search list on standard
 * error, in a child process whose standard error is a temporary file.  No
 * -working-directory is given, the unit's own directories being read here;
 * flags whose paths would need it, and flags whose search rules this file does not follow (frameworks,
 * header maps, modules, -Xclang), make the unit unsure: a candidate.
 */
#include <clang-c/Index.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "prefilter/prefilter.h"

enum option_kind { DROPPED, ANGLED, QUOTE, FORCED, DEFINE, UNSURE, KEPT };

typedef struct option {
	const char *flag;
	enum option_kind kind;
	int takes_value;   /* joined, or the next argument */
} option;

/* Longest first where one flag begins another. */
static const option options[] = {
	{"-isystem-after", UNSURE, 1}, {"-iframeworkwithsysroot", UNSURE, 1},
	{"-iframework", UNSURE, 1}, {"-iwithprefixbefore", UNSURE, 1},
	{"-iwithprefix", UNSURE, 1}, {"-iwithsysroot", UNSURE, 1}, {"-iprefix", UNSURE, 1},
	{"-ivfsoverlay", UNSURE, 1}, {"-include-pch", UNSURE, 1}, {"-index-header-map", UNSURE, 0},
	{"-cxx-isystem", UNSURE, 1}, {"-isysroot", KEPT, 1}, {"-isystem", ANGLED, 1},
	{"-idirafter", ANGLED, 1}, {"-iquote", QUOTE, 1}, {"-include", FORCED, 1},
	{"-imacros", FORCED, 1}, {"--include-directory=", ANGLED, 1},
	{"--include-directory", ANGLED, 1}, {"-I-", UNSURE, 0},
	{"-I", ANGLED, 1}, {"-F", UNSURE, 1}, {"-fmodule", UNSURE, 0},
	{"-fimplicit-module", UNSURE, 0}, {"-Xclang", UNSURE, 1}, {"-Xpreprocessor", UNSURE, 1},
	{"-Wp,", UNSURE, 0}, {"-D", DEFINE, 1}, {"-U", DROPPED, 1}, {"-o", DROPPED, 1},
	{"-MF", DROPPED, 1}, {"-MT", DROPPED, 1}, {"-MQ", DROPPED, 1}, {"-M", DROPPED, 0},
	{"-W", DROPPED, 0}, {"-O", DROPPED, 0}, {"-g", DROPPED, 0}, {"-c", DROPPED, 0},
	{"-f", DROPPED, 0}, {"-pedantic", DROPPED, 0},
};

static const option *option_of(const char *arg)
{
	for (size_t i = 0; i < sizeof options / sizeof *options; i++)
		if (strncmp(arg, options[i].flag, strlen(options[i].flag)) == 0)
			return &options[i];
	return NULL;
}

static int add_dir(psi_strings *list, const char *dir, const char *directory)
{
	if (dir[0] == '/')
		return psi_strings_add(list, dir);
	char *joined = psi_sprintf("%s/%s", directory, dir);
	return joined ? psi_strings_take(list, joined) : -1;
}

/* Is `arg` the unit's own file, as the command names it? */
static int is_the_file(const psi_unit *unit, const char *arg)
{
	const char *base = strrchr(unit->file, '/');
	const char *own = strrchr(arg, '/');
	return arg[0] != '-' && strcmp(own ? own + 1 : arg, base ? base + 1 : unit->file) == 0;
}

/* One option and its value: where it goes.  Returns -1 out of memory. */
static int take(const psi_unit *unit, const option *o, const char *value, psi_word_memo *memo,
                psi_search_path *out)
{
	switch (o->kind) {
	case ANGLED: return add_dir(&out->angled, value, unit->directory);
	case QUOTE: return add_dir(&out->quote, value, unit->directory);
	case FORCED: return psi_strings_add(&out->forced, value);
	case UNSURE: out->unsure = 1; return 0;
	case DEFINE: {
		/* -DFIELD=nationaliteit puts a word in the unit that no file
		 * spells, and in any context: read as a #define. */
		char *definition = psi_sprintf("#define %s\n", value);
		psi_lexed lexed;
		int rc = definition ? psi_lex(definition, strlen(definition), memo, 0, &lexed) : -1;
		free(definition);
		if (rc < 0)
			return -1;
		out->defines_mask |= lexed.mask;
		psi_lexed_clear(&lexed);
		return rc;
	}
	case KEPT:
		/* A sysroot libclang would read relative to another directory. */
		if (value[0] != '/')
			out->unsure = 1;
		return 0;
	default: return 0;
	}
}

/* Split the command: search options into `out`, what may change the
 * compiler's own directories into `key` (the compiler first). */
static int split_command(const psi_unit *unit, psi_word_memo *memo, psi_search_path *out,
                         psi_strings *key)
{
	int rc = psi_strings_add(key, unit->argv.items[0]);
	for (size_t i = 1; rc == 0 && i < unit->argv.count; i++) {
		const char *arg = unit->argv.items[i];
		const option *o = arg[0] == '-' ? option_of(arg) : NULL;
		if (!o) {
			if (!is_the_file(unit, arg))
				rc = psi_strings_add(key, arg);
			continue;
		}
		size_t flag = strlen(o->flag);
		const char *value = arg + flag;
		int separate = o->takes_value && *value == '\0';
		if (separate)
			value = i + 1 < unit->argv.count ? unit->argv.items[++i] : "";
		if (o->kind == KEPT) {
			rc = psi_strings_add(key, arg);
			if (rc == 0 && separate)
				rc = psi_strings_add(key, value);
		}
		if (rc == 0)
			rc = take(unit, o, value, memo, out);
	}
	return rc;
}

/* The directories of libclang's -v list, from the file it was written to.
 * Anything but plain directories makes the list unsure. */
static int read_search_list(FILE *in, struct psi_defaults_entry *e)
{
	char line[4096];
	int listing = 0, ended = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "#include ", 9) == 0 && strstr(line, "search starts here:")) {
			listing = 1;
		} else if (strcmp(line, "End of search list.") == 0) {
			ended = listing;
			listing = 0;
		} else if (listing && line[0] == ' ') {
			if (strchr(line + 1, '(') || line[1] != '/')
				e->unsure = 1;   /* "(framework directory)", "(headermap)" */
			else
				rc = psi_strings_add(&e->dirs, line + 1);
		}
	}
	if (!ended)
		e->unsure = 1;
	return rc;
}

/* In a child process: parse an empty file with `argv` and -v, whose list
 * goes to standard error, made `out`.  A child, so that libclang's fatal
 * errors (a thread it cannot start, a full disk) end it, not the scan. */
static void probe_child(const char *const *argv, int argc, const char *file, FILE *out)
{
	struct CXUnsavedFile empty = {file, "", 0};
	CXTranslationUnit tu = NULL;
	CXIndex index = clang_createIndex(0, 0);
	if (!index || dup2(fileno(out), 2) < 0)
		_exit(1);
	clang_parseTranslationUnit2FullArgv(index, NULL, argv, argc, &empty, 1,
	                                    CXTranslationUnit_Incomplete, &tu);
	_exit(0);
}

/* Parse an empty file named like the unit's with `key`'s flags and -v. */
static int probe(psi_defaults *d, const psi_unit *unit, const psi_strings *key,
                 struct psi_defaults_entry *e)
{
	const char *dot = strrchr(unit->file, '.');
	char *file = psi_sprintf("/profilescan-probe/probe%s", dot && !strchr(dot, '/') ? dot : ".c");
	char *resource = psi_sprintf("-resource-dir=%s", d->resource_dir);
	const char **argv = calloc(key->count + 7, sizeof *argv);
	FILE *out = tmpfile();
	int rc = file && resource && argv ? 0 : -1;
	e->unsure = 1;
	if (rc == 0 && out) {
		size_t argc = 0;
		argv[argc++] = key->items[0];
		argv[argc++] = "-v";
		argv[argc++] = "-fsyntax-only";
		argv[argc++] = "-Qunused-arguments";
		argv[argc++] = "-w";
		argv[argc++] = resource;
		for (size_t i = 1; i < key->count; i++)
			argv[argc++] = key->items[i];
		argv[argc++] = file;
		pid_t child = fork();
		if (child == 0)
			probe_child(argv, (int)argc, file, out);
		int status = 0;
		while (child > 0 && waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
		d->probes++;
		if (child > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			e->unsure = 0;
			rewind(out);
			rc = read_search_list(out, e);
		}
	}
	if (out)
		fclose(out);
	free(argv);
	free(resource);
	free(file);
	return rc;
}

static char *key_text(const psi_unit *unit, const psi_strings *key)
{
	const char *dot = strrchr(unit->file, '.');
	char *text = psi_strdup(dot ? dot : "");
	for (size_t i = 0; text && i < key->count; i++) {
		char *longer = psi_sprintf("%s\x1f%s", text, key->items[i]);
		free(text);
		text = longer;
	}
	return text;
}

/* The compiler's own directories for `key`, asked once per key. */
static struct psi_defaults_entry *defaults_for(psi_defaults *d, const psi_unit *unit,
                                               const psi_strings *key)
{
	char *text = key_text(unit, key);
	if (!text)
		return NULL;
	for (size_t i = 0; i < d->count; i++)
		if (strcmp(d->items[i].key, text) == 0) {
			free(text);
			return &d->items[i];
		}
	if (PSI_PUSH(d->items, d->count, d->capacity) < 0) {
		free(text);
		return NULL;
	}
	struct psi_defaults_entry *e = &d->items[d->count++];
	*e = (struct psi_defaults_entry){text, {0}, 0};
	return probe(d, unit, key, e) < 0 ? NULL : e;
}

int psi_search_path_of(const psi_unit *unit, psi_defaults *defaults, psi_word_memo *memo,
                       psi_search_path *out)
{
	memset(out, 0, sizeof *out);
	if (unit->argv.count == 0) {
		out->unsure = 1;
		return 0;
	}
	psi_strings key = {0};
	int rc = split_command(unit, memo, out, &key);
	struct psi_defaults_entry *e = NULL;
	if (rc == 0 && !out->unsure && !(e = defaults_for(defaults, unit, &key)))
		rc = -1;
	if (e) {
		out->unsure |= e->unsure;
		for (size_t i = 0; rc == 0 && i < e->dirs.count; i++)
			rc = psi_strings_add(&out->angled, e->dirs.items[i]);
	}
	psi_strings_clear(&key);
	return rc;
}

void psi_search_path_clear(psi_search_path *path)
{
	psi_strings_clear(&path->quote);
	psi_strings_clear(&path->angled);
	psi_strings_clear(&path->forced);
	memset(path, 0, sizeof *path);
}

void psi_defaults_clear(psi_defaults *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].key);
		psi_strings_clear(&d->items[i].dirs);
	}
	free(d->items);
	memset(d, 0, sizeof *d);
}
