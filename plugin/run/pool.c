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
	ps_error failures[];
} shared;

/* waitpid, again when a signal interrupts it.  Returns 0 with the status;
 * -1 after adding a warning (the worker has ended, but how is unknown), or
 * -2 when memory ran out for that warning. */
static int wait_for(pid_t pid, psi_harvest *harvest, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno == EINTR)
			continue;
		return psi_diags_add(&harvest->diags, PS_SEVERITY_WARNING, NULL, 0, 0,
		                     "cannot learn how worker %ld ended: %s", (long)pid,
		                     strerror(errno)) < 0 ? -2 : -1;
	}
	return 0;
}

/* Wait for worker `pid` and read its file into `harvest`; a unit it began
 * and did not finish becomes an error diagnostic. */
static int harvest_worker(const psi_work *work, pid_t pid, FILE *file, const ps_error *failure,
                          psi_harvest *harvest, ps_error *err)
{
	int status = 0;
	int waited = wait_for(pid, harvest, &status);
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
	pid_t pids[n];
	FILE *files[n];
	int rc = PS_OK;
	/* Rounds: when a worker dies, the units it had not taken are left to the
	 * others; a round ends when every worker has, and a new round starts
	 * only if units remain (every worker of the last one died). */
	while (rc == PS_OK && atomic_load(&sh->next) < work->count) {
		size_t taken_before = atomic_load(&sh->next);
		unsigned started = 0;
		memset(sh->failures, 0, n * sizeof(ps_error));
		/* No fflush(NULL): the host's streams are not ours, and a worker
		 * leaves with _exit, so the buffers it inherits are never written. */
		for (unsigned i = 0; i < n; i++) {
			files[i] = tmpfile();
			if (!files[i]) {
				rc = psi_fail(err, PS_EIO, "cannot create a temporary file: %s",
					      strerror(errno));
				break;
			}
			pids[i] = fork();
			if (pids[i] < 0) {
				fclose(files[i]);
				rc = psi_fail(err, PS_EIO, "cannot start a worker: %s", strerror(errno));
				break;
			}
			if (pids[i] == 0) {
				/* The unit time limit is SIGALRM at its default, whatever
				 * the host set or blocked. */
				sigset_t alarm_only;
				sigemptyset(&alarm_only);
				sigaddset(&alarm_only, SIGALRM);
				sigprocmask(SIG_UNBLOCK, &alarm_only, NULL);
				signal(SIGALRM, SIG_DFL);
				limit_memory(work->max_memory);
				psi_worker_main(work, &sh->next, files[i], &sh->failures[i]);
				worker_exit();
			}
			started++;
		}
		for (unsigned i = 0; i < started; i++) {
			int worker_rc = harvest_worker(work, pids[i], files[i], &sh->failures[i],
			                               harvest, err);
			if (worker_rc != PS_OK && rc == PS_OK)
				rc = worker_rc;
		}
		/* Workers that all died before taking a unit would be started
		 * again for ever: what is left is reported, not retried. */
		if (rc == PS_OK && started > 0 && atomic_load(&sh->next) == taken_before) {
			rc = give_up_on(work, taken_before, harvest, err);
			break;
		}
	}
	munmap(sh, size);
	return rc;
}
