/*
 * profilescan interrupted: SIGTERM, SIGINT or SIGHUP sent to the command
 * (not to its process group, as `kill PID` or a CI runner's timeout sends
 * it) while its workers scan, and while it writes `-o report.json`.  The
 * command must end by that signal (so the shell sees 143, 130, 129), its
 * workers must be gone before it is, and nothing it made may stay: no
 * file in TMPDIR, no report.json.XXXXXX beside the report.
 *
 * Each test generates its tree in a fresh directory: many small units that
 * take a few seconds to scan with two workers, or fewer with thousands of
 * findings, whose JSON report takes a second to write.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "leakcheck.h"

static char base[64];
static pid_t group;  /* the scan's process group, killed whatever happens */

/* Remove `path` and what it holds: the tests make directories two deep. */
static void remove_all(const char *path, int depth)
{
	DIR *dir = depth > 0 ? opendir(path) : NULL;
	for (struct dirent *e; dir && (e = readdir(dir));) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char inner[1024];
			if (snprintf(inner, sizeof inner, "%s/%s", path, e->d_name) < (int)sizeof inner)
				remove_all(inner, depth - 1);
		}
	}
	if (dir)
		closedir(dir);
	remove(path);
}

static void clean_up(void)
{
	if (group > 0)
		kill(-group, SIGKILL);
	if (base[0])
		remove_all(base, 2);
	ps_test_check_leaks();
}

TestSuite(signals, .fini = clean_up);

static char *in_base(const char *name)
{
	static char paths[4][128];
	static unsigned next;
	char *path = paths[next++ % 4];
	snprintf(path, sizeof paths[0], "%s/%s", base, name);
	return path;
}

/* Slow to parse, few findings: four system headers, a record of 300
 * fields, two of them flagged, and 50 functions over it. */
static void slow_unit(FILE *out, unsigned i)
{
	fprintf(out, "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	             "#include <signal.h>\nstruct record_%u {\n"
	             "\tchar nationality[4];\n\tchar country_of_birth[4];\n", i);
	for (unsigned j = 0; j < 300; j++)
		fprintf(out, "\tint amount_%u;\n", j);
	fprintf(out, "};\n");
	for (unsigned j = 0; j < 50; j++)
		fprintf(out, "int total_%u_%u(const struct record_%u *r)\n"
		             "{ return r->amount_%u + (int)strlen(r->nationality); }\n", i, j, i, j);
}

/* Quick to parse, 200 findings each: flagged fields and flows into scores. */
static void many_findings(FILE *out, unsigned i)
{
	fprintf(out, "struct person_%u {\n", i);
	for (unsigned j = 0; j < 100; j++)
		fprintf(out, "\tint field_%u;\n\tchar nationality_%u[4];\n", j, j);
	fprintf(out, "};\n");
	for (unsigned j = 0; j < 100; j++)
		fprintf(out, "int score_%u_%u(struct person_%u *p)\n{\n\tint score = 0;\n"
		             "\tif (p->nationality_%u[0] == 'N')\n\t\tscore += %u;\n"
		             "\treturn score;\n}\n", i, j, i, j, j);
}

static void make_directories(void)
{
	strcpy(base, "/tmp/ps-signals-XXXXXX");
	cr_assert_not_null(mkdtemp(base));
	const char *names[] = {"tree", "out", "tmp"};
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(mkdir(in_base(names[i]), 0700), 0);
}

static void make_tree(unsigned files, void (*unit)(FILE *, unsigned))
{
	make_directories();
	for (unsigned i = 0; i < files; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/tree/unit_%u.c", base, i);
		FILE *out = fopen(path, "w");
		cr_assert_not_null(out, "%s: %s", path, strerror(errno));
		unit(out, i);
		cr_assert_eq(fclose(out), 0);
	}
}

/* profilescan with `args` (after its name, NULL-terminated), in a process
 * group of its own, with TMPDIR=tmp and the three signals at their
 * defaults, as a shell starts a command. */
static pid_t start_profilescan(const char *const *args)
{
	char tmp[128], err[128];
	snprintf(tmp, sizeof tmp, "%s", in_base("tmp"));
	snprintf(err, sizeof err, "%s", in_base("stderr"));
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		setpgid(0, 0);
		int signals[] = {SIGINT, SIGTERM, SIGHUP};
		for (size_t i = 0; i < 3; i++)
			signal(signals[i], SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setenv("TMPDIR", tmp, 1);
		int null = open("/dev/null", O_RDWR), log = creat(err, 0600);
		dup2(null, 0), dup2(null, 1), dup2(log, 2);
		char *argv[16] = {"profilescan"};
		for (size_t i = 0; args[i] && i < 14; i++)
			argv[i + 1] = (char *)args[i];
		execv(PS_PROFILESCAN_BIN, argv);
		_exit(127);
	}
	setpgid(pid, pid);
	group = pid;
	return pid;
}

/* profilescan -j 2 --format json -o out/report.json tree. */
static pid_t start_scan(void)
{
	char tree[128], report[128];
	snprintf(tree, sizeof tree, "%s", in_base("tree"));
	snprintf(report, sizeof report, "%s", in_base("out/report.json"));
	const char *args[] = {"-q", "-j", "2", "--format", "json", "-o", report, tree, NULL};
	return start_profilescan(args);
}

/* The parent and process group of `pid` from /proc (its command name may
 * hold spaces and parentheses: the fields follow the last ')').  Returns 0
 * when there is no such process. */
static int stat_of(pid_t pid, char *state, pid_t *parent, pid_t *pgrp)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	FILE *in = fopen(path, "r");
	if (!in)
		return 0;
	int ok = fgets(line, sizeof line, in) != NULL;
	fclose(in);
	char *end = ok ? strrchr(line, ')') : NULL;
	int p = 0, g = 0;
	ok = end && sscanf(end + 1, " %c %d %d", state, &p, &g) == 3;
	*parent = p, *pgrp = g;
	return ok;
}

/* Every process whose parent is `parent`, or (with `by_group`) whose
 * process group is `parent`, zombies left out; at most `max` of them. */
static size_t processes_of(pid_t parent, int by_group, pid_t *pids, size_t max)
{
	DIR *proc = opendir("/proc");
	cr_assert_not_null(proc);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(proc));) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		char state;
		pid_t ppid, pgrp;
		if (*end || pid <= 0 || !stat_of((pid_t)pid, &state, &ppid, &pgrp) || state == 'Z')
			continue;
		if ((by_group ? pgrp : ppid) == parent && (pid_t)pid != parent && n < max)
			pids[n++] = (pid_t)pid;
	}
	closedir(proc);
	return n;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Its status, once it has ended within `seconds`. */
static int wait_within(pid_t pid, double seconds)
{
	int status;
	for (double end = now() + seconds; now() < end; usleep(10000))
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
	cr_assert_fail("profilescan did not end within %.0f s of the signal", seconds);
	return 0;
}

static void expect_empty(const char *name)
{
	DIR *dir = opendir(in_base(name));
	cr_assert_not_null(dir);
	for (struct dirent *e; (e = readdir(dir));)
		cr_expect(e->d_name[0] == '.', "%s holds %s", name, e->d_name);
	closedir(dir);
}

static void expect_died_of(int status, int sig)
{
	cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == sig,
	          "profilescan %s %d, expected death by signal %d (%s)",
	          WIFSIGNALED(status) ? "died of signal" : "exited with",
	          WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), sig,
	          strsignal(sig));
}

/* Signal `sig` once the workers scan, to profilescan or (`to_group`, as a
 * terminal's ^C) to its process group; then nothing of the scan may live
 * on. */
static void interrupt_scan(int sig, int to_group)
{
	make_tree(240, slow_unit);
	pid_t pid = start_scan();
	pid_t workers[64];
	size_t n = 0;
	for (double end = now() + 20; n < 2 && now() < end; usleep(5000))
		n = processes_of(pid, 0, workers, 64);
	cr_assert_eq(n, 2, "profilescan started %zu workers within 20 s", n);
	usleep(200000);
	cr_assert_eq(kill(to_group ? -pid : pid, sig), 0);
	int status = wait_within(pid, 30);
	expect_died_of(status, sig);
	/* Gone before profilescan was: reaped by it, not by init later. */
	for (size_t i = 0; i < n; i++) {
		char state = '?';
		pid_t parent = 0, pgrp = 0;
		cr_expect(!stat_of(workers[i], &state, &parent, &pgrp),
		          "worker %ld outlived profilescan (state %c, parent %ld)",
		          (long)workers[i], state, (long)parent);
	}
	pid_t left[64];
	cr_expect_eq(processes_of(pid, 1, left, 64), 0,
	             "processes of profilescan's group are still alive");
	expect_empty("tmp");
	expect_empty("out");
}

Test(signals, sigterm_during_scan, .timeout = 120)
{
	interrupt_scan(SIGTERM, 0);
}

Test(signals, sigint_during_scan, .timeout = 120)
{
	interrupt_scan(SIGINT, 0);
}

Test(signals, sighup_during_scan, .timeout = 120)
{
	interrupt_scan(SIGHUP, 0);
}

/* The workers, at the signal's default action, end too. */
Test(signals, sigint_to_the_process_group, .timeout = 120)
{
	interrupt_scan(SIGINT, 1);
}

/* SIGTERM as soon as out/report.json.XXXXXX is created: the 12,000
 * findings' report takes far longer to write than the signal to arrive. */
Test(signals, sigterm_while_writing_the_report, .timeout = 180)
{
	make_tree(60, many_findings);
	int watch = inotify_init1(IN_CLOEXEC);
	cr_assert_geq(watch, 0);
	cr_assert_geq(inotify_add_watch(watch, in_base("out"), IN_CREATE | IN_MOVED_TO), 0);
	pid_t pid = start_scan();
	int sent = 0, renamed = 0;
	char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	struct pollfd p = {.fd = watch, .events = POLLIN};
	for (double end = now() + 120; !sent && !renamed && now() < end;) {
		if (poll(&p, 1, 100) <= 0)
			continue;
		ssize_t got = read(watch, events, sizeof events);
		for (char *at = events; got > 0 && at < events + got;) {
			struct inotify_event *e = (struct inotify_event *)at;
			if ((e->mask & IN_CREATE) && !strncmp(e->name, "report.json.", 12) && !sent)
				sent = kill(pid, SIGTERM) == 0;
			renamed |= (e->mask & IN_MOVED_TO) != 0;
			at += sizeof *e + e->len;
		}
	}
	close(watch);
	cr_assert(sent && !renamed, "the report was %s before the signal",
	          renamed ? "written" : "not begun");
	expect_died_of(wait_within(pid, 30), SIGTERM);
	expect_empty("out");
	expect_empty("tmp");
}

/* SIGTERM as soon as the private copy of the compile DB that libclang is
 * given appears in TMPDIR: 20,000 entries take libclang far longer to load
 * than the signal to arrive, and the copy must not outlive the process. */
Test(signals, sigterm_while_the_compile_db_loads, .timeout = 120)
{
	make_directories();
	char database[128];
	snprintf(database, sizeof database, "%s/compile_commands.json", in_base("tree"));
	FILE *out = fopen(database, "w");
	cr_assert_not_null(out);
	fputs("[\n", out);
	for (unsigned i = 0; i < 20000; i++)
		fprintf(out, "%s{\"directory\": \"%s\", \"file\": \"unit_%u.c\", \"arguments\": "
		        "[\"cc\", \"-DUNIT=%u\", \"-Iinclude/a/long/path/to/make/it/slow\", \"-c\", "
		        "\"unit_%u.c\"]}\n", i ? "," : "", in_base("tree"), i, i, i);
	fputs("]\n", out);
	cr_assert_eq(fclose(out), 0);
	int watch = inotify_init1(IN_CLOEXEC);
	cr_assert_geq(watch, 0);
	cr_assert_geq(inotify_add_watch(watch, in_base("tmp"), IN_CREATE), 0);
	const char *args[] = {"-q", "-p", in_base("tree"), NULL};
	pid_t pid = start_profilescan(args);
	int sent = 0;
	char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	struct pollfd p = {.fd = watch, .events = POLLIN};
	for (double end = now() + 60; !sent && now() < end;) {
		if (poll(&p, 1, 100) <= 0)
			continue;
		ssize_t got = read(watch, events, sizeof events);
		for (char *at = events; got > 0 && at < events + got;) {
			struct inotify_event *e = (struct inotify_event *)at;
			if (!strncmp(e->name, "profilescan-compdb-", 19) && !sent)
				sent = kill(pid, SIGTERM) == 0;
			at += sizeof *e + e->len;
		}
	}
	close(watch);
	cr_assert(sent, "no copy of the compile DB appeared in TMPDIR");
	expect_died_of(wait_within(pid, 30), SIGTERM);
	expect_empty("tmp");
}
