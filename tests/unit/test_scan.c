/* The scan through the library API: results do not depend on the number of
 * workers, declarations seen through many translation units are reported
 * once, and problems with inputs become diagnostics, not failures. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bundled_rules.h"
#include "profilescan/profilescan.h"

TestSuite(scan, .init = load_bundled_rules, .fini = free_bundled_rules);

/* Scan `paths` with `jobs` workers (0: one per core) and the bundled rules. */
static ps_result *scan(const char *const *paths, size_t count, unsigned jobs)
{
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = count;
	options.jobs = jobs;
	options.rules = rules;
	options.project_root = ""; /* a fixture, not this repository */
	ps_result *result;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_OK, "%s", err.message);
	return result;
}

/* The same, as the JSON report. */
static char *scan_json(const char *const *paths, size_t count, unsigned jobs)
{
	ps_result *result = scan(paths, count, jobs);
	ps_error err = {0};
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	ps_report_options report = PS_REPORT_OPTIONS_INIT;
	report.format = PS_FORMAT_JSON;
	cr_assert_eq(ps_report_write(result, &report, out, &err), PS_OK, "%s", err.message);
	fclose(out);
	ps_result_free(result);
	return text;
}

Test(scan, output_does_not_depend_on_jobs)
{
	const char *paths[] = {PS_SOURCE_DIR "/examples", PS_SOURCE_DIR "/tests/golden/cases"};
	/* The report's times are then fixed; all else must be the same anyway. */
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	char *one = scan_json(paths, 2, 1);
	char *three = scan_json(paths, 2, 3);
	cr_expect_gt(strlen(one), 10000, "the scan found too little to compare");
	cr_expect_str_eq(one, three);
	free(one);
	free(three);
}

Test(scan, a_header_seen_through_three_units_is_reported_once)
{
	const char *paths[] = {PS_SOURCE_DIR "/tests/golden/cases/headers-many-tus"};
	ps_result *result = scan(paths, 1, 0);
	size_t geboorteland = 0, definition_line = 0;
	for (size_t i = 0; i < result->finding_count; i++) {
		const ps_finding *f = &result->findings[i];
		if (strcmp(f->name, "geboorteland") == 0)
			geboorteland++;
		if (strcmp(f->name, "heeft_migratieachtergrond") == 0) {
			cr_expect(strstr(f->file, "src/a.c") != NULL, "reported in %s", f->file);
			definition_line = f->line;
		}
	}
	cr_expect_eq(geboorteland, 1);
	cr_expect_eq(definition_line, 4);
	cr_expect_eq(result->stats.translation_units, 4, "three sources and one lone header");
	cr_expect_eq(result->stats.files_scanned, 5);
	ps_result_free(result);
}

Test(scan, a_missing_path_is_a_diagnostic)
{
	const char *paths[] = {"/nonexistent/profilescan-test"};
	ps_result *result = scan(paths, 1, 0);
	cr_assert_eq(result->diagnostic_count, 1);
	cr_expect_eq(result->diagnostics[0].severity, PS_SEVERITY_ERROR);
	cr_expect_str_eq(result->diagnostics[0].message, "cannot scan: No such file or directory");
	cr_expect(ps_result_incomplete(result));
	cr_expect_eq(result->stats.files_failed, 1);
	ps_result_free(result);
}

Test(scan, a_missing_compile_database_stops_the_scan)
{
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.compile_database = "/nonexistent/build";
	options.rules = rules;
	ps_result *result = (ps_result *)1;
	ps_error err = {0};
	cr_expect_eq(ps_scan(&options, &result, &err), PS_ECOMPDB);
	cr_expect_null(result);
	cr_expect_str_eq(err.message, "/nonexistent/build: cannot read compilation database: "
	                 "No such file or directory");
}

/* Scan one file with `text` and return the fingerprints of its findings. */
static char *fingerprints_of(const char *directory, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/a.c", directory);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	const char *paths[] = {path};
	ps_result *result = scan(paths, 1, 0);
	char *all = calloc(1, 1024);
	for (size_t i = 0; i < result->finding_count; i++) {
		strcat(all, result->findings[i].fingerprint);
		strcat(all, " ");
	}
	ps_result_free(result);
	unlink(path);
	return all;
}

Test(scan, fingerprints_survive_moving_code_and_tell_repeats_apart)
{
	char directory[] = "/tmp/profilescan-test-XXXXXX";
	cr_assert_not_null(mkdtemp(directory));
	char *before = fingerprints_of(directory, "int f(void) { int wijk = 1; return wijk; }\n"
	                               "int g(void) { int wijk = 2; { int wijk = 3; return wijk; } }\n");
	char *after = fingerprints_of(directory, "/* a comment\n   moves everything down */\n\n"
	                              "int f(void) { int wijk = 1; return wijk; }\n"
	                              "int g(void) { int wijk = 2; { int wijk = 3; return wijk; } }\n");
	cr_expect_str_eq(after, before);
	cr_expect_eq(strlen(before), 3 * 17, "three findings: %s", before);
	cr_expect_neq(strncmp(before + 17, before + 34, 16), 0, "the two wijk in g differ");
	free(before);
	free(after);
	rmdir(directory);
}

/* A library does not flush the host's streams, and workers that inherit a
 * copy of their buffers never write it: what the host had buffered reaches
 * its file once, when the host flushes. */
Test(scan, the_hosts_buffered_output_is_neither_flushed_nor_doubled)
{
	FILE *host = tmpfile();
	cr_assert_not_null(host);
	cr_assert_eq(setvbuf(host, NULL, _IOFBF, 4096), 0);
	fputs("pending", host);
	const char *paths[] = {PS_SOURCE_DIR "/tests/golden/cases/headers-many-tus"};
	ps_result_free(scan(paths, 1, 2));
	struct stat before;
	cr_assert_eq(fstat(fileno(host), &before), 0);
	cr_expect_eq(before.st_size, 0, "ps_scan flushed the host's stream");
	cr_assert_eq(fflush(host), 0);
	char text[32] = "";
	rewind(host);
	size_t n = fread(text, 1, sizeof text - 1, host);
	text[n] = '\0';
	cr_expect_str_eq(text, "pending");
	fclose(host);
}

/* A results file that cannot be written (here: over the file size limit,
 * as a full disk would be) fails the scan, naming the unit and the cause,
 * instead of leaving a short file that reads as a unit not scanned. */
Test(scan, a_worker_that_cannot_write_its_results_says_which_unit_and_why)
{
	signal(SIGXFSZ, SIG_IGN); /* the write fails instead of killing the worker */
	struct rlimit limit = {64, 64};
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &limit), 0);
	const char *paths[] = {PS_SOURCE_DIR "/tests/golden/cases/headers-many-tus/src/a.c"};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.jobs = 1;
	options.rules = rules;
	options.project_root = ""; /* a fixture, not this repository */
	ps_result *result = NULL;
	ps_error err = {0};
	cr_expect_eq(ps_scan(&options, &result, &err), PS_EIO);
	cr_expect(strstr(err.message, "headers-many-tus/src/a.c: ") != NULL, "%s", err.message);
	cr_expect(strstr(err.message, strerror(EFBIG)) != NULL, "%s", err.message);
	ps_result_free(result);
}

/* A directory holding a FIFO named like a source, a source that includes a
 * FIFO, and a plain source: nothing may hang the scan. */
static char fifo_dir[64];

static void make_fifo_tree(void)
{
	strcpy(fifo_dir, "/tmp/ps-fifo-XXXXXX");
	cr_assert_not_null(mkdtemp(fifo_dir));
	char path[128];
	snprintf(path, sizeof path, "%s/pipe.c", fifo_dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	snprintf(path, sizeof path, "%s/hdr.h", fifo_dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	snprintf(path, sizeof path, "%s/a.c", fifo_dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("#include \"hdr.h\"\nint nationaliteit;\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/b.c", fifo_dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("int geboorteland;\n", f);
	fclose(f);
}

static void remove_fifo_tree(void)
{
	const char *names[] = {"pipe.c", "hdr.h", "a.c", "b.c"};
	for (size_t i = 0; i < 4; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", fifo_dir, names[i]);
		unlink(path);
	}
	rmdir(fifo_dir);
}

static const ps_diagnostic *diagnostic_for(const ps_result *result, const char *file_end)
{
	for (size_t i = 0; i < result->diagnostic_count; i++) {
		const char *file = result->diagnostics[i].file;
		size_t n = file ? strlen(file) : 0, m = strlen(file_end);
		if (n >= m && strcmp(file + n - m, file_end) == 0)
			return &result->diagnostics[i];
	}
	return NULL;
}

Test(scan, a_fifo_is_reported_and_a_unit_that_hangs_is_ended)
{
	make_fifo_tree();
	const char *paths[] = {fifo_dir};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.jobs = 1;
	options.rules = rules;
	options.project_root = ""; /* a fixture, not this repository */
	options.unit_timeout = 1;
	ps_result *result = NULL;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_OK, "%s", err.message);
	const ps_diagnostic *pipe = diagnostic_for(result, "/pipe.c");
	const ps_diagnostic *hung = diagnostic_for(result, "/a.c");
	cr_assert_not_null(pipe);
	cr_expect_str_eq(pipe->message, "not scanned: not a regular file (a FIFO)");
	cr_assert_not_null(hung);
	cr_expect_str_eq(hung->message, "not scanned completely: it took longer than 1 s "
	                 "(--unit-timeout)");
	/* The unit after the one that hung is still scanned. */
	cr_assert_eq(result->finding_count, 1);
	cr_expect_str_eq(result->findings[0].name, "geboorteland");
	cr_expect(ps_result_incomplete(result));
	ps_result_free(result);
	remove_fifo_tree();
}

Test(scan, a_worker_over_its_memory_bound_costs_its_unit)
{
#if defined(__SANITIZE_ADDRESS__)
	cr_skip_test("AddressSanitizer reserves more address space than any bound");
#endif
	const char *paths[] = {PS_SOURCE_DIR "/tests/golden/cases/headers-many-tus/src/a.c"};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.paths = paths;
	options.path_count = 1;
	options.jobs = 1;
	options.rules = rules;
	options.project_root = ""; /* a fixture, not this repository */
	options.max_memory = (size_t)16 << 20; /* less than libclang needs to start */
	ps_result *result = NULL;
	ps_error err = {0};
	cr_assert_eq(ps_scan(&options, &result, &err), PS_OK, "%s", err.message);
	cr_expect(ps_result_incomplete(result));
	const ps_diagnostic *d = diagnostic_for(result, "/src/a.c");
	cr_assert_not_null(d, "no diagnostic for the unit");
	cr_expect_eq(d->severity, PS_SEVERITY_ERROR);
	ps_result_free(result);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* A fresh folder for a unit that fails and the unit beside it, which the
 * scan must still report. */
typedef struct pair_of_units {
	char dir[32], failing[64], beside[64];
} pair_of_units;

static void make_pair(pair_of_units *p, const char *failing, const char *beside)
{
	strcpy(p->dir, "/tmp/ps-pair-XXXXXX");
	cr_assert_not_null(mkdtemp(p->dir));
	snprintf(p->failing, sizeof p->failing, "%s/%s", p->dir, failing);
	snprintf(p->beside, sizeof p->beside, "%s/%s", p->dir, beside);
	write_text(p->beside, "int geboorteland;\n");
}

static void remove_pair(const pair_of_units *p)
{
	unlink(p->failing);
	unlink(p->beside);
	rmdir(p->dir);
}

/* An expression of 60,000 terms overflows libclang's stack (clang-14
 * -fsyntax-only dies of it too): the worker dies of SIGSEGV, its unit is an
 * error naming the signal, and the unit beside it is still reported. */
Test(scan, a_unit_that_crashes_libclang_costs_only_itself)
{
	pair_of_units pair;
	make_pair(&pair, "deep.c", "other.c");
	FILE *f = fopen(pair.failing, "w");
	cr_assert_not_null(f);
	fputs("int nationaliteit;\nint big = 1", f);
	for (int i = 0; i < 60000; i++)
		fputs("+1", f);
	fputs(";\n", f);
	cr_assert_eq(fclose(f), 0);
	const char *paths[] = {pair.failing, pair.beside};
	ps_result *result = scan(paths, 2, 2);
	cr_expect(ps_result_incomplete(result));
	const ps_diagnostic *d = diagnostic_for(result, "/deep.c");
	cr_assert_not_null(d, "no diagnostic for the unit that crashed");
	cr_expect_eq(d->severity, PS_SEVERITY_ERROR);
#if !defined(__SANITIZE_ADDRESS__) /* AddressSanitizer ends it by exit(1) instead */
	cr_expect_not_null(strstr(d->message, "signal 11"), "%s", d->message);
#endif
	cr_assert_eq(result->finding_count, 1);
	cr_expect_str_eq(result->findings[0].name, "geboorteland");
	ps_result_free(result);
	remove_pair(&pair);
}

/* A generated source of 50 MB is over the default size limit (16 MiB): it is
 * an error that says so, without being read, and the file beside it is
 * still reported.  (Raised with --max-file-size, libclang parses it: 26 s
 * and 760 MB for 1.7 million declarations, in docs/measurements.md.) */
Test(scan, a_50_mb_source_is_refused_by_default_and_its_neighbour_scanned)
{
	pair_of_units pair;
	make_pair(&pair, "big.c", "small.c");
	FILE *f = fopen(pair.failing, "w");
	cr_assert_not_null(f);
	long written = 0;
	for (int i = 0; written < 50L * 1000 * 1000; i++)
		written += fprintf(f, "static int nationaliteit%d = %d;\n", i, i);
	cr_assert_eq(fclose(f), 0);
	const char *paths[] = {pair.dir};
	ps_result *result = scan(paths, 1, 1);
	cr_expect(ps_result_incomplete(result));
	const ps_diagnostic *d = diagnostic_for(result, "/big.c");
	cr_assert_not_null(d, "no diagnostic for the 50 MB file");
	char expected[128];
	snprintf(expected, sizeof expected,
	         "not scanned: %ld bytes is over the size limit of 16777216 bytes", written);
	cr_expect_str_eq(d->message, expected);
	cr_assert_eq(result->finding_count, 1);
	cr_expect_str_eq(result->findings[0].name, "geboorteland");
	ps_result_free(result);
	remove_pair(&pair);
}

static volatile sig_atomic_t host_saw;
static void host_handler(int sig)
{
	host_saw = sig;
}

static void (*handler_of(int sig))(int)
{
	struct sigaction now;
	cr_assert_eq(sigaction(sig, NULL, &now), 0);
	return now.sa_handler;
}

/* ps_scan replaces a signal's default action while its workers run, and
 * nothing else: after it, SIGTERM is the host's handler again, SIGHUP
 * still ignored and SIGINT at its default (include/profilescan/scan.h). */
Test(scan, signal_dispositions_are_the_hosts_after_a_scan)
{
	struct sigaction mine = {.sa_handler = host_handler};
	sigemptyset(&mine.sa_mask);
	cr_assert_eq(sigaction(SIGTERM, &mine, NULL), 0);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_DFL);
	const char *paths[] = {PS_SOURCE_DIR "/examples"};
	ps_result_free(scan(paths, 1, 2));
	cr_expect(handler_of(SIGTERM) == host_handler, "the host's SIGTERM handler is gone");
	cr_expect(handler_of(SIGHUP) == SIG_IGN, "SIGHUP is no longer ignored");
	cr_expect(handler_of(SIGINT) == SIG_DFL, "SIGINT is not at its default");
	cr_expect_eq(host_saw, 0);
	sigset_t blocked;
	pthread_sigmask(SIG_BLOCK, NULL, &blocked);
	cr_expect(!sigismember(&blocked, SIGINT) && !sigismember(&blocked, SIGTERM),
	          "the scan left signals blocked");
}
