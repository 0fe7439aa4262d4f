/*
 * Peak resident memory of one process, not of its tree: what issue 11's
 * "the parent's own memory is bounded by the size of the results" needs.
 * GNU time cannot say it: the rusage that wait4 returns takes the maximum
 * over the process and every child it waited for, so a profilescan run
 * reports its largest worker (libclang's parse), never the parent that
 * merges the results.
 *
 *   parent_rss COMMAND [ARG...]
 *
 * Runs COMMAND traced with PTRACE_O_TRACEEXIT only (its children are not
 * traced), and at its exit stop, while its memory still exists, reads
 * VmHWM from /proc/PID/status.  Prints "parent_peak_kib N" on standard
 * error and exits with COMMAND's exit status (128 + signal if killed).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static long read_peak_kib(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *status = fopen(path, "r");
	if (!status)
		return -1;
	char line[256];
	long kib = -1;
	while (fgets(line, sizeof line, status))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	fclose(status);
	return kib;
}

/* Resumes the tracee until it exits, passing on every signal it gets, and
 * reads its peak at the exit stop.  Returns the wait status of its end. */
static int follow_to_exit(pid_t pid, long *peak_kib)
{
	int status;
	for (;;) {
		if (waitpid(pid, &status, 0) < 0) {
			perror("parent_rss: waitpid");
			exit(2);
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return status;
		int pass_signal = 0;
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8)))
			*peak_kib = read_peak_kib(pid);
		else if (WIFSTOPPED(status) && WSTOPSIG(status) != SIGTRAP)
			pass_signal = WSTOPSIG(status);
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)pass_signal);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: parent_rss COMMAND [ARG...]\n");
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("parent_rss: fork");
		return 2;
	}
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) {
			perror("parent_rss: ptrace");
			_exit(127);
		}
		execvp(argv[1], argv + 1);
		perror("parent_rss: exec");
		_exit(127);
	}
	int status;
	/* The exec stop: from here on, only the exit event stops the tracee. */
	if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status)) {
		fprintf(stderr, "parent_rss: %s did not start\n", argv[1]);
		return 2;
	}
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_TRACEEXIT);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	long peak_kib = -1;
	status = follow_to_exit(pid, &peak_kib);
	fprintf(stderr, "parent_peak_kib %ld\n", peak_kib);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
