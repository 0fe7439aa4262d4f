/*
 * Writing reports and baselines (util/atomic_write.c): a regular file is
 * replaced atomically with the mode it had (or the umask's), a symbolic link
 * keeps pointing where it pointed, and a FIFO or device is written in place,
 * never replaced by a regular file.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "leakcheck.h"
#include "util/util.h"

static char directory[64];

/* Remove what a test made (files and links only, as the tests make). */
static void clean_up(void)
{
	DIR *dir = directory[0] ? opendir(directory) : NULL;
	for (struct dirent *e; dir && (e = readdir(dir));) {
		if (e->d_name[0] == '.')
			continue;
		char path[sizeof directory + sizeof e->d_name + 1];
		snprintf(path, sizeof path, "%s/%s", directory, e->d_name);
		unlink(path);
	}
	if (dir) {
		closedir(dir);
		rmdir(directory);
	}
	ps_test_check_leaks();
}

TestSuite(atomic_write, .fini = clean_up);

static void make_directory(void)
{
	strcpy(directory, "/tmp/ps-atomic-XXXXXX");
	cr_assert_not_null(mkdtemp(directory));
}

static char *in_directory(const char *name)
{
	char *path = psi_sprintf("%s/%s", directory, name);
	cr_assert_not_null(path);
	return path;
}

static int write_hello(FILE *out, void *context, ps_error *err)
{
	(void)context;
	(void)err;
	return fputs("hello\n", out) < 0 ? PS_EIO : PS_OK;
}

static int write_nothing_and_fail(FILE *out, void *context, ps_error *err)
{
	(void)context;
	fputs("half a rep", out);
	return psi_fail(err, PS_EIO, "the writer gave up");
}

static void expect_content(const char *path, const char *expected)
{
	char buffer[64] = "";
	FILE *in = fopen(path, "r");
	cr_assert_not_null(in, "%s: %s", path, strerror(errno));
	size_t n = fread(buffer, 1, sizeof buffer - 1, in);
	buffer[n] = '\0';
	fclose(in);
	cr_expect_str_eq(buffer, expected, "content of %s", path);
}

/* The names in the test directory, sorted, joined with spaces. */
static void expect_entries(const char *expected)
{
	psi_strings names = {0};
	DIR *dir = opendir(directory);
	cr_assert_not_null(dir);
	for (struct dirent *e; (e = readdir(dir));)
		if (e->d_name[0] != '.')
			cr_assert_eq(psi_strings_add(&names, e->d_name), 0);
	closedir(dir);
	psi_strings_sort_unique(&names);
	char joined[512] = "";
	for (size_t i = 0; i < names.count; i++)
		snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s",
		         i ? " " : "", names.items[i]);
	psi_strings_clear(&names);
	cr_expect_str_eq(joined, expected, "files left in %s", directory);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	cr_assert_eq(lstat(path, &st), 0, "%s: %s", path, strerror(errno));
	return st.st_mode;
}

Test(atomic_write, new_file_follows_the_umask)
{
	make_directory();
	char *path = in_directory("report.json");
	mode_t old = umask(022);
	ps_error err = {0};
	cr_assert_eq(psi_write_atomically(path, write_hello, NULL, &err), PS_OK, "%s", err.message);
	umask(old);
	cr_expect_eq(mode_of(path) & 07777, 0644, "mode %o", (unsigned)(mode_of(path) & 07777));
	expect_content(path, "hello\n");
	expect_entries("report.json");
	free(path);
}

Test(atomic_write, existing_file_keeps_its_mode)
{
	make_directory();
	char *path = in_directory("baseline.json");
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("old\n", f);
	fclose(f);
	cr_assert_eq(chmod(path, 0640), 0);
	ps_error err = {0};
	cr_assert_eq(psi_write_atomically(path, write_hello, NULL, &err), PS_OK, "%s", err.message);
	cr_expect_eq(mode_of(path) & 07777, 0640, "mode %o", (unsigned)(mode_of(path) & 07777));
	expect_content(path, "hello\n");
	free(path);
}

Test(atomic_write, symbolic_link_stays_a_link)
{
	make_directory();
	char *target = in_directory("real.sarif"), *link = in_directory("latest.sarif");
	FILE *f = fopen(target, "w");
	cr_assert_not_null(f);
	fclose(f);
	cr_assert_eq(symlink("real.sarif", link), 0);
	ps_error err = {0};
	cr_assert_eq(psi_write_atomically(link, write_hello, NULL, &err), PS_OK, "%s", err.message);
	cr_expect(S_ISLNK(mode_of(link)), "the link was replaced by a file");
	expect_content(target, "hello\n");
	expect_entries("latest.sarif real.sarif");
	free(target);
	free(link);
}

Test(atomic_write, dangling_link_is_refused)
{
	make_directory();
	char *link = in_directory("out.json");
	cr_assert_eq(symlink("missing/dir/out.json", link), 0);
	ps_error err = {0};
	cr_expect_eq(psi_write_atomically(link, write_hello, NULL, &err), PS_EIO);
	cr_expect(strstr(err.message, "out.json") && strstr(err.message, "symbolic link"),
	          "message: %s", err.message);
	cr_expect(S_ISLNK(mode_of(link)));
	free(link);
}

Test(atomic_write, fifo_is_written_in_place)
{
	make_directory();
	char *path = in_directory("pipe");
	cr_assert_eq(mkfifo(path, 0600), 0);
	/* Our own read end keeps the writer's open from waiting for a reader. */
	int reader = open(path, O_RDONLY | O_NONBLOCK);
	cr_assert_geq(reader, 0);
	ps_error err = {0};
	cr_assert_eq(psi_write_atomically(path, write_hello, NULL, &err), PS_OK, "%s", err.message);
	char buffer[16] = "";
	cr_expect_eq(read(reader, buffer, sizeof buffer - 1), 6);
	cr_expect_str_eq(buffer, "hello\n");
	close(reader);
	cr_expect(S_ISFIFO(mode_of(path)), "the FIFO was replaced by a file");
	expect_entries("pipe");
	free(path);
}

Test(atomic_write, device_is_written_in_place)
{
	make_directory();
	char *path = in_directory("null");
	/* A private /dev/null: only root may make one. */
	if (mknod(path, S_IFCHR | 0666, makedev(1, 3)) != 0) {
		free(path);
		cr_skip_test("mknod: %s", strerror(errno));
	}
	ps_error err = {0};
	cr_assert_eq(psi_write_atomically(path, write_hello, NULL, &err), PS_OK, "%s", err.message);
	cr_expect(S_ISCHR(mode_of(path)), "the device was replaced by a file");
	expect_entries("null");
	free(path);
}

Test(atomic_write, failed_writer_leaves_the_old_file_and_no_temporary)
{
	make_directory();
	char *path = in_directory("report.txt");
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("old\n", f);
	fclose(f);
	ps_error err = {0};
	cr_expect_eq(psi_write_atomically(path, write_nothing_and_fail, NULL, &err), PS_EIO);
	cr_expect_str_eq(err.message, "the writer gave up");
	expect_content(path, "old\n");
	expect_entries("report.txt");
	free(path);
}

Test(atomic_write, missing_directory_is_named)
{
	make_directory();
	char *path = in_directory("no/such/dir/report.json");
	ps_error err = {0};
	cr_expect_eq(psi_write_atomically(path, write_hello, NULL, &err), PS_EIO);
	cr_expect(strstr(err.message, path) && strstr(err.message, "No such file"),
	          "message: %s", err.message);
	free(path);
}

Test(atomic_write, directory_is_refused)
{
	make_directory();
	ps_error err = {0};
	cr_expect_eq(psi_write_atomically(directory, write_hello, NULL, &err), PS_EIO);
	cr_expect(strstr(err.message, "is a directory"), "message: %s", err.message);
}

/* -o /dev/stdout in CI, where stdout is a pipe: the link leads to
 * "pipe:[N]", which realpath cannot name; it is written through. */
Test(atomic_write, link_to_a_pipe_is_written_through)
{
	make_directory();
	int ends[2];
	cr_assert_eq(pipe(ends), 0);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", ends[1]);
	ps_error err = {0};
	cr_assert_eq(psi_write_atomically(path, write_hello, NULL, &err), PS_OK, "%s", err.message);
	close(ends[1]);
	char buffer[16] = "";
	cr_expect_eq(read(ends[0], buffer, sizeof buffer - 1), 6);
	cr_expect_str_eq(buffer, "hello\n");
	close(ends[0]);
}

/* A writer interrupted by a signal: half a report, then `*context` (the
 * signal) sent to the writing process, then the rest if it survives. */
static int write_half_and_signal(FILE *out, void *context, ps_error *err)
{
	(void)err;
	fputs("half a rep", out);
	fflush(out);
	kill(getpid(), *(int *)context);
	return fputs("ort\n", out) < 0 ? PS_EIO : PS_OK;
}

/* In a child (the signal ends it), with `sig` at its default as a shell
 * leaves it; returns the child's wait status. */
static int write_in_child_killed_by(const char *path, int sig)
{
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		signal(sig, SIG_DFL);
		psi_write_atomically(path, write_half_and_signal, &sig, NULL);
		_exit(0);
	}
	int status = 0;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* profilescan -o report.json interrupted while writing: the shell must see
 * the signal, and no report.json.XXXXXX stays beside the old report. */
Test(atomic_write, signal_while_writing_leaves_no_temporary)
{
	int signals[] = {SIGTERM, SIGINT, SIGHUP};
	make_directory();
	char *path = in_directory("report.txt");
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
		int status = write_in_child_killed_by(path, signals[i]);
		cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == signals[i],
		          "status %#x, expected death by signal %d", status, signals[i]);
		expect_entries("");
	}
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("old\n", f);
	fclose(f);
	int status = write_in_child_killed_by(path, SIGTERM);
	cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status %#x", status);
	expect_content(path, "old\n");
	expect_entries("report.txt");
	free(path);
}

static volatile sig_atomic_t host_saw;
static void host_handler(int sig)
{
	host_saw = sig;
}

/* A host that handles SIGTERM itself keeps its handler, during the write
 * and after; one that left it at its default finds it so again. */
Test(atomic_write, host_handlers_are_kept_and_defaults_restored)
{
	make_directory();
	char *path = in_directory("report.txt");
	struct sigaction mine = {.sa_handler = host_handler}, now;
	sigemptyset(&mine.sa_mask);
	cr_assert_eq(sigaction(SIGTERM, &mine, NULL), 0);
	signal(SIGINT, SIG_DFL);
	int sig = SIGTERM;
	cr_expect_eq(psi_write_atomically(path, write_half_and_signal, &sig, NULL), PS_OK);
	cr_expect_eq(host_saw, SIGTERM);
	expect_content(path, "half a report\n");
	sigaction(SIGTERM, NULL, &now);
	cr_expect(now.sa_handler == host_handler, "the host's SIGTERM handler was replaced");
	sigaction(SIGINT, NULL, &now);
	cr_expect(now.sa_handler == SIG_DFL, "SIGINT was not set back to its default");
	signal(SIGTERM, SIG_DFL);
	free(path);
}
