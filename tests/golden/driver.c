/*
 * The golden-test driver: every directory under tests/golden/cases/ is one
 * case, run through the real profilescan binary and compared byte for byte
 * with the output it expects, in the manner of sparse's and universal-ctags'
 * test suites.
 *
 * A case directory holds
 *   args             the command-line arguments, one per line
 *   expected.out     what profilescan must print on stdout
 *   expected.err     what it must print on stderr (compared when present)
 *   expected.status  its exit status
 *   expected.report  the report written to @OUTPUT@, when args name it
 *   expected.also    the report written to @ALSO@ (for --also FORMAT:@ALSO@)
 *   README.md        one to three lines: what the case proves
 *   known-limit      present only for a known limit: one line saying what
 *                    profilescan gets wrong (see below)
 *   repository       present only for a case about version control: the
 *                    copy is made a git repository, as repository.h says
 *   modes            present only for a case about permissions: lines of
 *                    "MODE PATH" (octal, git keeps no such modes) applied
 *                    to the copy; profilescan then runs without the
 *                    capabilities that let root read and write past them
 *   anything else    the fixture: sources, headers, compile_commands.json.in;
 *                    symlinks are copied as symlinks
 *
 * The fixture is copied to a fresh directory first; files ending in .in are
 * copied without that ending and with @DIR@ replaced by the copy's absolute
 * path (compile databases need absolute directories).  The scan runs there,
 * and @DIR@ stands for that path again in the expected output.  After the
 * scan the copy must be exactly as before: profilescan never writes to the
 * tree it scans.
 *
 * profilescan runs with SOURCE_DATE_EPOCH set to 2026-01-01, so that the
 * times in JSON reports and the day exceptions expire against are fixed,
 * and with GIT_CEILING_DIRECTORIES set to the copy's parent, so that the
 * repository the build directory may be in (this one) is never seen.
 *
 * PS_UPDATE_GOLDEN=1 rewrites the expected files from the actual output.
 *
 * A known limit is kept as a case, as universal-ctags keeps its known bugs:
 * its expected files hold the CORRECT output, what profilescan should print,
 * and the case passes while the actual output differs from it in at least
 * one of them.  Once someone fixes the limit the outputs match and the case
 * fails, asking for its known-limit file to be removed.  It cannot pass on a
 * run that printed nothing: profilescan must have run and exited with a
 * status of its own (0, 1 or 2, and 2 only if 2 is the expected status) and
 * printed something, and every expected file must be there.  The update
 * mode never rewrites the expected files of a known limit.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/leakcheck.h"
#include "repository.h"

typedef struct golden_case {
	char *name;
} golden_case;

static char *slurp(const char *path, size_t *length)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t capacity = 4096, n = 0;
	char *text = malloc(capacity);
	size_t got;
	while (text && (got = fread(text + n, 1, capacity - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == capacity) {
			capacity *= 2;
			text = realloc(text, capacity);
		}
	}
	fclose(f);
	if (text)
		text[n] = '\0';
	if (length)
		*length = n;
	return text;
}

static void spill(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* Replace every `from` in `text` by `to`; returns a new string. */
static char *replace_all(const char *text, const char *from, const char *to)
{
	size_t from_len = strlen(from), to_len = strlen(to), count = 0;
	for (const char *p = text; (p = strstr(p, from)); p += from_len)
		count++;
	char *out = malloc(strlen(text) + count * (to_len + 1) + 1);
	char *w = out;
	for (const char *p = text;;) {
		const char *hit = strstr(p, from);
		if (!hit) {
			strcpy(w, p);
			break;
		}
		memcpy(w, p, (size_t)(hit - p));
		w += hit - p;
		memcpy(w, to, to_len);
		w += to_len;
		p = hit + from_len;
	}
	return out;
}

/* The files of a case that are not its fixture: never copied, never scanned. */
static int is_case_file(const char *name)
{
	return strcmp(name, "args") == 0 || strncmp(name, "expected.", 9) == 0 ||
	       strcmp(name, "README.md") == 0 || strcmp(name, "known-limit") == 0 ||
	       strcmp(name, "repository") == 0 || strcmp(name, "modes") == 0;
}

/* Apply a case's `modes` file to its copy; whether it has one. */
static int apply_modes(const char *case_dir, const char *copy)
{
	char path[5120];
	snprintf(path, sizeof path, "%s/modes", case_dir);
	char *text = slurp(path, NULL);
	if (!text)
		return 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned mode;
		char name[1024], target[5200];
		cr_assert_eq(sscanf(line, "%o %1023s", &mode, name), 2, "%s: bad line '%s'", path, line);
		snprintf(target, sizeof target, "%s/%s", copy, name);
		cr_assert_eq(chmod(target, mode), 0, "chmod %s: %s", target, strerror(errno));
	}
	free(text);
	return 1;
}

/* Root reads and writes past any mode (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH),
 * and CI runs as root: dropped from the bounding set, neither survives the
 * exec, so a mode of 000 or 555 means for profilescan what it means for
 * anyone.  Without root there is nothing to drop. */
static void drop_permission_override(void)
{
	if (geteuid() != 0)
		return;
	if (prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
	    prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0) {
		fprintf(stderr, "golden: cannot drop CAP_DAC_OVERRIDE: %s\n", strerror(errno));
		_exit(126);
	}
}

/* Copy the fixture of `from` into `to`, expanding .in files. */
static void copy_fixture(const char *from, const char *to, const char *root)
{
	DIR *dir = opendir(from);
	cr_assert_not_null(dir, "cannot read %s", from);
	for (struct dirent *e; (e = readdir(dir));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (strcmp(from, root) == 0 && is_case_file(e->d_name)))
			continue;
		char source[4096], target[4096];
		snprintf(source, sizeof source, "%s/%s", from, e->d_name);
		snprintf(target, sizeof target, "%s/%s", to, e->d_name);
		struct stat st;
		cr_assert_eq(lstat(source, &st), 0);
		/* A symlink stays one (a fixture may loop on purpose). */
		if (S_ISLNK(st.st_mode)) {
			char link[4096];
			ssize_t n = readlink(source, link, sizeof link - 1);
			cr_assert_gt(n, 0, "cannot read the link %s", source);
			link[n] = '\0';
			cr_assert_eq(symlink(link, target), 0, "cannot make the link %s", target);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			cr_assert_eq(mkdir(target, 0755), 0);
			copy_fixture(source, target, root);
			continue;
		}
		size_t length;
		char *text = slurp(source, &length);
		cr_assert_not_null(text);
		size_t n = strlen(target);
		if (n > 3 && strcmp(target + n - 3, ".in") == 0) {
			target[n - 3] = '\0';
			char *expanded = replace_all(text, "@DIR@", getenv("PS_GOLDEN_COPY"));
			spill(target, expanded);
			free(expanded);
		} else {
			FILE *f = fopen(target, "wb");
			fwrite(text, 1, length, f);
			fclose(f);
		}
		chmod(target, st.st_mode & 07777);
		free(text);
	}
	closedir(dir);
}

/* Every path below `dir` with its size and modification time, sorted. */
static void snapshot(const char *dir, const char *prefix, char *out, size_t size)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			char path[4096];
			struct stat st;
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			lstat(path, &st);
			size_t used = strlen(out);
			snprintf(out + used, size - used, "%s%s %lld %lld.%09ld\n", prefix,
			         names[i]->d_name, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			         st.st_mtim.tv_nsec);
			if (S_ISDIR(st.st_mode)) {
				char inner[4096];
				snprintf(inner, sizeof inner, "%s%s/", prefix, names[i]->d_name);
				snapshot(path, inner, out, size);
			}
		}
		free(names[i]);
	}
	free(names);
}

static int run(const char *directory, char **argv, const char *out, const char *err,
               int obey_modes)
{
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		if (chdir(directory) != 0)
			_exit(127);
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int in = open("/dev/null", O_RDONLY);
		dup2(in, 0);
		dup2(o, 1);
		dup2(e, 2);
		setenv("NO_COLOR", "1", 1);
		/* 2026-01-01: the reports' times, and the day exceptions expire
		 * against, the same on every run. */
		setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
		if (obey_modes)
			drop_permission_override();
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* What a known-limit case has seen so far: which outputs differ from the
 * correct ones its expected files hold. */
typedef struct limit_outcome {
	int differing;
	char which[256];
} limit_outcome;

/* Compare, or with PS_UPDATE_GOLDEN rewrite, one expected file.  For a known
 * limit (`limit` not NULL) a difference is counted, not failed, and the
 * expected file is never rewritten. */
static void check(const char *case_dir, const char *file, const char *actual, int required,
                  limit_outcome *limit)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", case_dir, file);
	const char *update = getenv("PS_UPDATE_GOLDEN");
	if (!limit && update && *update && strcmp(update, "0") != 0) {
		if (required || access(path, F_OK) == 0)
			spill(path, actual);
		return;
	}
	char *expected = slurp(path, NULL);
	if (!expected) {
		cr_expect(!required, "%s is missing", path);
		return;
	}
	if (limit) {
		if (strcmp(actual, expected) != 0) {
			size_t used = strlen(limit->which);
			snprintf(limit->which + used, sizeof limit->which - used, "%s%s",
			         limit->differing ? ", " : "", file);
			limit->differing++;
		}
	} else {
		cr_expect_str_eq(actual, expected, "%s differs; the actual output is:\n%s", path,
		                 actual);
	}
	free(expected);
}

/* The one line of a case's known-limit file, or NULL when it has none. */
static char *known_limit(const char *case_dir)
{
	char path[5120];
	snprintf(path, sizeof path, "%s/known-limit", case_dir);
	if (access(path, F_OK) != 0)
		return NULL;
	char *text = slurp(path, NULL);
	cr_assert_not_null(text, "cannot read %s", path);
	size_t n = strlen(text);
	if (n && text[n - 1] == '\n')
		text[--n] = '\0';
	cr_assert(n > 0 && !strchr(text, '\n'),
	          "%s must hold one line saying what profilescan gets wrong", path);
	return text;
}

static char *relative_output(const char *path, const char *copy)
{
	char *text = slurp(path, NULL);
	cr_assert_not_null(text);
	char *shown = replace_all(text, copy, "@DIR@");
	free(text);
	return shown;
}

void free_case(struct criterion_test_params *params)
{
	golden_case *cases = params->params;
	for (size_t i = 0; i < params->length; i++)
		cr_free(cases[i].name);
	cr_free(cases);
}

ParameterizedTestParameters(golden, cases)
{
	struct dirent **names;
	int n = scandir(PS_GOLDEN_CASES, &names, NULL, alphasort);
	/* Criterion copies parameters into another process: they must live in
	 * its shared heap (cr_malloc), not in static arrays of pointers. */
	golden_case *cases = cr_malloc(sizeof *cases * (size_t)(n > 0 ? n : 1));
	size_t count = 0;
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			cases[count].name = cr_malloc(strlen(names[i]->d_name) + 1);
			strcpy(cases[count].name, names[i]->d_name);
			count++;
		}
		free(names[i]);
	}
	free(names);
	return cr_make_param_array(golden_case, cases, count, free_case);
}

ParameterizedTest(golden_case *c, golden, cases, .fini = ps_test_check_leaks)
{
	char case_dir[4096], work[3072], copy[4096], out[4096], err[4096];
	snprintf(case_dir, sizeof case_dir, "%s/%s", PS_GOLDEN_CASES, c->name);
	snprintf(work, sizeof work, "%s/golden-%s-XXXXXX", PS_GOLDEN_WORK, c->name);
	cr_assert_not_null(mkdtemp(work), "mkdtemp: %s", strerror(errno));
	snprintf(copy, sizeof copy, "%s/tree", work);
	snprintf(out, sizeof out, "%s/stdout", work);
	snprintf(err, sizeof err, "%s/stderr", work);
	cr_assert_eq(mkdir(copy, 0755), 0);
	setenv("PS_GOLDEN_COPY", copy, 1);
	/* The copy lies inside this repository's build tree: its project is
	 * itself, not the repository around it (docs/partial-scans.md), and
	 * what a report says of version control is the case's own (its
	 * `repository` file), the same wherever the build is. */
	setenv("GIT_CEILING_DIRECTORIES", work, 1);
	copy_fixture(case_dir, copy, case_dir);
	char spec_path[5120];
	snprintf(spec_path, sizeof spec_path, "%s/repository", case_dir);
	char *spec = slurp(spec_path, NULL);
	if (spec)
		golden_make_repository(copy, spec);
	free(spec);
	int obey_modes = apply_modes(case_dir, copy);
	char *reason = known_limit(case_dir);
	if (reason)
		fprintf(stderr, "golden: %s is a known limit: %s\n", c->name, reason);

	char args_path[5120], report[4096], also[4096];
	snprintf(args_path, sizeof args_path, "%s/args", case_dir);
	snprintf(report, sizeof report, "%s/report", work);
	snprintf(also, sizeof also, "%s/also", work);
	char *args = slurp(args_path, NULL);
	cr_assert_not_null(args, "%s is missing", args_path);
	char *argv[64] = {PS_PROFILESCAN_BIN};
	int argc = 1;
	char *expanded[64] = {0};
	for (char *line = strtok(args, "\n"); line && argc < 63; line = strtok(NULL, "\n")) {
		char *with_output = replace_all(line, "@OUTPUT@", report);
		expanded[argc] = replace_all(with_output, "@ALSO@", also);
		free(with_output);
		argv[argc] = expanded[argc];
		argc++;
	}
	argv[argc] = NULL;

	static char before[1 << 16], after[1 << 16];
	before[0] = after[0] = '\0';
	snapshot(copy, "", before, sizeof before);
	int status = run(copy, argv, out, err, obey_modes);
	snapshot(copy, "", after, sizeof after);
	cr_expect_str_eq(after, before, "profilescan changed the tree it scanned");

	limit_outcome outcome = {0};
	limit_outcome *limit = reason ? &outcome : NULL;
	char *shown_out = relative_output(out, copy);
	char *shown_err = relative_output(err, copy);
	if (reason) {
		/* A run that did not happen differs from any output: it must not
		 * count as the limit. */
		char expected_path[5120];
		snprintf(expected_path, sizeof expected_path, "%s/expected.status", case_dir);
		char *expected_status = slurp(expected_path, NULL);
		cr_assert_not_null(expected_status, "%s is missing", expected_path);
		cr_assert(status >= 0 && status <= 2,
		          "%s: profilescan did not run to an end (exit status %d): that is no "
		          "known limit\nstderr:\n%s",
		          c->name, status, shown_err);
		cr_assert(status != 2 || strcmp(expected_status, "2\n") == 0,
		          "%s: profilescan failed (exit status 2) where expected.status holds %s"
		          "a failed run is no known limit\nstderr:\n%s",
		          c->name, expected_status, shown_err);
		cr_assert(*shown_out || *shown_err,
		          "%s: profilescan printed nothing at all: that is no known limit", c->name);
		free(expected_status);
	}

	char status_text[32];
	snprintf(status_text, sizeof status_text, "%d\n", status);
	check(case_dir, "expected.status", status_text, 1, limit);
	check(case_dir, "expected.out", shown_out, 1, limit);
	check(case_dir, "expected.err", shown_err, 1, limit);
	char *shown;
	if (access(report, F_OK) == 0) {
		shown = relative_output(report, copy);
		check(case_dir, "expected.report", shown, 1, limit);
		free(shown);
	}
	if (access(also, F_OK) == 0) {
		shown = relative_output(also, copy);
		check(case_dir, "expected.also", shown, 1, limit);
		free(shown);
	}
	if (reason) {
		cr_expect_gt(outcome.differing, 0,
		             "%s: the known limit is fixed: profilescan now prints the correct output "
		             "held in the expected files. Remove %s/known-limit, which said: %s",
		             c->name, case_dir, reason);
		if (outcome.differing)
			fprintf(stderr,
			        "golden: %s: the actual output differs from the correct one in %s, as "
			        "expected while the limit stands; it is:\n%s%s",
			        c->name, outcome.which, shown_out, shown_err);
	}
	free(shown_out);
	free(shown_err);
	free(reason);
	for (int i = 1; i < argc; i++)
		free(expanded[i]);
	free(args);
}

/* A driver that found no cases would pass while testing nothing. */
Test(golden, cases_are_present)
{
	struct dirent **names;
	int n = scandir(PS_GOLDEN_CASES, &names, NULL, alphasort);
	cr_assert_gt(n, 2 + 15, "expected more than 15 golden cases in %s", PS_GOLDEN_CASES);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
