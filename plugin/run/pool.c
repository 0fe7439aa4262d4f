/*
 * The worker pool: worker processes that each parse translation units one
 * at a time (unit.c) and write what they find to a private temporary file,
 * which the calling process reads back (records.c) once the worker has
 * exited.
 *
 * Why processes and not threads: libclang 14 applies a compile command's
 * -working-directory by changing the working directory of the whole process
 * (its driver sets the current path of the real file system), so two units
 * with different directories cannot be parsed at once in one process.
 * Processes also contain a crash: libclang recovers from most, but a worker
 * that dies costs only the unit it was parsing.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/worker.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

/* A worker leaves with _exit, skipping the exit handlers it inherited from
 * the caller.  In a sanitizer build that would skip LeakSanitizer too, and
 * most of the scanner runs in workers: check here, and fail the worker (so
 * the scan reports it) when anything leaked. */
static _Noreturn void worker_exit(void)
{
#if defined(__SANITIZE_ADDRESS__)
	if (__lsan_do_recoverable_leak_check() != 0)
		_exit(86);
#endif
	_exit(0);
}

/* A worker's address space is bounded, so that one unit cannot exhaust the
 * machine; libclang fails or the worker dies, and the unit is reported.
 * AddressSanitizer reserves terabytes of address space up front. */
static void limit_memory(size_t bytes)
{
#if defined(__SANITIZE_ADDRESS__)
	(void)bytes;
#else
	struct rlimit limit;
	if (getrlimit(RLIMIT_AS, &limit) == 0 &&
	    (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > bytes)) {
		limit.rlim_cur = bytes;
		setrlimit(RLIMIT_AS, &limit);
	}
#endif
}

static unsigned worker_count(unsigned jobs, size_t units)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = jobs ? jobs : (cores > 0 ? (size_t)cores : 1);
	if (n > units)
		n = units;
	return n ? (unsigned)n : 1;
}

static const char *describe_death(const psi_work *work, int status, char *buffer,
                                  size_t size)
{
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(buffer, size, "it took longer than %u s (--unit-timeout)",
		         work->unit_timeout);
	else if (WIFSIGNALED(status))
		snprintf(buffer, size, "the worker died of signal %d (%s)%s", WTERMSIG(status),
		         strsignal(WTERMSIG(status)),
		         WTERMSIG(status) == SIGABRT || WTERMSIG(status) == SIGSEGV ||
		                 WTERMSIG(status) == SIGKILL
		             ? "; a unit that needs more memory than --max-memory ends so"
		             : "");
	else
		snprintf(buffer, size, "the worker exited with status %d", WEXITSTATUS(status));
	return buffer;
}

/* What the workers share with the caller: the next unit to take, and why
 * each worker gave up (code 0: it did not). */
typedef struct shared {
	atomic_size_t next;
	size_t taken_before;  /* next when the round began; the caller's */
	ps_error failures[];
} shared;

/* Wait for the worker in `slot` to end and reap it.  It is waited for
 * without being reaped first (WNOWAIT), so that its pid, while published
 * for the signal handler (signals.c), is a zombie's and no other process's;
 * it is reaped and unpublished with the signals held.  Returns 0 with the
 * status; -1 after adding a warning (the worker has ended, but how is
 * unknown), or -2 when memory ran out for that warning. */
static int wait_for(_Atomic pid_t *slot, psi_harvest *harvest, int *status)
{
	pid_t pid = atomic_load(slot);
	siginfo_t info;
	int waited;
	while ((waited = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT)) < 0 &&
	       errno == EINTR)
		;
	psi_signals_hold();
	pid_t reaped = -1;
	if (waited == 0)
		do
			reaped = waitpid(pid, status, 0);
		while (reaped < 0 && errno == EINTR);
	int error = errno;
	atomic_store(slot, 0);
	psi_signals_release();
	if (reaped == pid)
		return 0;
	return psi_diags_add(&harvest->diags, PS_SEVERITY_WARNING, NULL, 0, 0,
	                     "cannot learn how worker %ld ended: %s", (long)pid,
	                     strerror(error)) < 0 ? -2 : -1;
}

/* Wait for the worker in `slot` and read its file into `harvest`; a unit it began
 * and did not finish becomes an error diagnostic. */
static int harvest_worker(const psi_work *work, _Atomic pid_t *slot, FILE *file,
                          const ps_error *failure, psi_harvest *harvest, ps_error *err)
{
	int status = 0;
	int waited = wait_for(slot, harvest, &status);
	rewind(file);
	size_t open_unit;
	int rc = psi_read_worker(file, work, harvest, &open_unit, err);
	fclose(file);
	if (rc == PS_OK && failure->code != 0)
		rc = psi_fail(err, failure->code, "%s", failure->message);
	char why[128];
	int added = 0;
	if (waited == -1)
		snprintf(why, sizeof why, "how the worker ended is unknown");
	else if (waited == 0)
		describe_death(work, status, why, sizeof why);
	if (waited < -1)
		added = -1;
	else if (open_unit != SIZE_MAX)
		added = psi_diags_add(&harvest->diags, PS_SEVERITY_ERROR, work->units[open_unit].file,
		                      0, 0, "not scanned completely: %s", why);
	else if (waited == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		added = psi_diags_add(&harvest->diags, PS_SEVERITY_ERROR, NULL, 0, 0,
		                      "a worker failed after finishing its units: %s", why);
	if (added < 0 && rc == PS_OK)
		rc = psi_fail(err, PS_ENOMEM, "out of memory reporting a worker's end");
	return rc;
}

/* Report the units from `first` on as not scanned: no worker could start. */
static int give_up_on(const psi_work *work, size_t first, psi_harvest *harvest, ps_error *err)
{
	for (size_t i = first; i < work->count; i++)
		if (psi_diags_add(&harvest->diags, PS_SEVERITY_ERROR, work->units[i].file, 0, 0,
		                  "not scanned: every worker ended before it could take a unit "
		                  "(see the errors above; --max-memory too low?)") < 0)
			return psi_fail(err, PS_ENOMEM, "out of memory");
	return PS_OK;
}

/* A worker whose parent is gone has no one to read what it finds: it is
 * killed with its parent (Linux), even when the parent could clean up
 * nothing (SIGKILL, or a host's own handler that exits). */
static void die_with(pid_t parent)
{
#if defined(__linux__)
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
#else
	(void)parent;
#endif
}

/* The worker's side of the fork; never returns. */
static _Noreturn void be_worker(const psi_work *work, shared *sh, unsigned i, FILE *file,
                                pid_t parent)
{
	psi_signals_in_worker();
	die_with(parent);
	/* The unit time limit is SIGALRM at its default, whatever the host
	 * set or blocked. */
	sigset_t alarm_only;
	sigemptyset(&alarm_only);
	sigaddset(&alarm_only, SIGALRM);
	sigprocmask(SIG_UNBLOCK, &alarm_only, NULL);
	signal(SIGALRM, SIG_DFL);
	limit_memory(work->max_memory);
	psi_worker_main(work, &sh->next, file, &sh->failures[i]);
	worker_exit();
}

/* Fork worker `i` with the signals held, so that the handler never misses
 * a worker that exists; `*slot` is its pid, or 0 when it could not start.
 * Its temporary file has no name (tmpfile(3): O_TMPFILE, or unlinked at
 * once), so nothing is left of it once it and the caller are gone. */
static int start_worker(const psi_work *work, shared *sh, unsigned i, _Atomic pid_t *slot,
                        FILE **file, ps_error *err)
{
	*file = tmpfile();
	if (!*file)
		return psi_fail(err, PS_EIO, "cannot create a temporary file: %s", strerror(errno));
	pid_t parent = getpid();
	psi_signals_hold();
	pid_t pid = fork();
	if (pid == 0)
		be_worker(work, sh, i, *file, parent);
	int error = errno;
	atomic_store(slot, pid > 0 ? pid : 0);
	psi_signals_release();
	if (pid > 0)
		return PS_OK;
	fclose(*file);
	return psi_fail(err, PS_EIO, "cannot start a worker: %s", strerror(error));
}

/* One round: `n` workers started, then each waited for and read. */
static int run_round(const psi_work *work, shared *sh, unsigned n, _Atomic pid_t *pids,
                     FILE **files, psi_harvest *harvest, ps_error *err)
{
	int rc = PS_OK;
	unsigned started = 0;
	memset(sh->failures, 0, n * sizeof(ps_error));
	/* No fflush(NULL): the host's streams are not ours, and a worker
	 * leaves with _exit, so the buffers it inherits are never written. */
	while (started < n && rc == PS_OK)
		if ((rc = start_worker(work, sh, started, &pids[started], &files[started], err)) ==
		    PS_OK)
			started++;
	for (unsigned i = 0; i < started; i++) {
		int worker_rc = harvest_worker(work, &pids[i], files[i], &sh->failures[i],
		                               harvest, err);
		if (worker_rc != PS_OK && rc == PS_OK)
			rc = worker_rc;
	}
	/* Workers that all died before taking a unit would be started again
	 * for ever: what is left is reported, not retried. */
	if (rc == PS_OK && started > 0 && atomic_load(&sh->next) == sh->taken_before)
		rc = give_up_on(work, sh->taken_before, harvest, err);
	return rc;
}

int psi_run_workers(const psi_work *work, psi_harvest *harvest, ps_error *err)
{
	if (work->count == 0)
		return PS_OK;
	unsigned n = worker_count(work->jobs, work->count);
	size_t size = sizeof(shared) + n * sizeof(ps_error);
	shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return psi_fail(err, PS_ENOMEM, "cannot share memory with workers: %s",
				strerror(errno));
	atomic_init(&sh->next, 0);
	_Atomic pid_t pids[n];
	FILE *files[n];
	for (unsigned i = 0; i < n; i++)
		atomic_init(&pids[i], 0);
	/* Only while workers exist: between rounds, and once this returns, the
	 * signals' own actions leave nothing behind. */
	psi_signals_install();
	psi_signals_watch_workers(pids, n);
	int rc = PS_OK;
	/* Rounds: when a worker dies, the units it had not taken are left to the
	 * others; a round ends when every worker has, and a new round starts
	 * only if units remain (every worker of the last one died). */
	while (rc == PS_OK && atomic_load(&sh->next) < work->count) {
		sh->taken_before = atomic_load(&sh->next);
		rc = run_round(work, sh, n, pids, files, harvest, err);
		if (atomic_load(&sh->next) == sh->taken_before)
			break;
	}
	psi_signals_watch_workers(NULL, 0);
	psi_signals_restore();
	munmap(sh, size);
	return rc;
}
