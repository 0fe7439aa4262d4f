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
#include <sys/mman.h>
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

static unsigned worker_count(unsigned jobs, size_t units)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = jobs ? jobs : (cores > 0 ? (size_t)cores : 1);
	if (n > units)
		n = units;
	return n ? (unsigned)n : 1;
}

static const char *describe_death(int status, char *buffer, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(buffer, size, "the worker died of signal %d", WTERMSIG(status));
	else
		snprintf(buffer, size, "the worker exited with status %d", WEXITSTATUS(status));
	return buffer;
}

int psi_run_workers(const psi_work *work, psi_harvest *harvest, ps_error *err)
{
	if (work->count == 0)
		return PS_OK;
	atomic_size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE,
	                           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (next == MAP_FAILED)
		return psi_fail(err, PS_ENOMEM, "cannot share memory with workers: %s",
				strerror(errno));
	atomic_init(next, 0);
	unsigned n = worker_count(work->jobs, work->count);
	pid_t pids[n];
	FILE *files[n];
	int rc = PS_OK;
	/* Rounds: when a worker dies, the units it had not taken are left to the
	 * others; a round ends when every worker has, and a new round starts
	 * only if units remain (every worker of the last one died). */
	while (rc == PS_OK && atomic_load(next) < work->count) {
		unsigned started = 0;
		fflush(NULL); /* nothing buffered may be written twice */
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
				psi_worker_main(work, next, files[i]);
				worker_exit();
			}
			started++;
		}
		for (unsigned i = 0; i < started; i++) {
			int status = 0;
			waitpid(pids[i], &status, 0);
			rewind(files[i]);
			size_t open_unit;
			int read_rc = psi_read_worker(files[i], work, harvest, &open_unit, err);
			if (read_rc != PS_OK && rc == PS_OK)
				rc = read_rc;
			fclose(files[i]);
			char why[128];
			if (open_unit != SIZE_MAX)
				psi_diags_add(&harvest->diags, PS_SEVERITY_ERROR,
					      work->units[open_unit].file, 0, 0,
					      "not scanned completely: %s",
					      describe_death(status, why, sizeof why));
			else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				psi_diags_add(&harvest->diags, PS_SEVERITY_ERROR, NULL, 0, 0,
					      "a worker failed after finishing its units: %s",
					      describe_death(status, why, sizeof why));
		}
	}
	munmap(next, sizeof *next);
	return rc;
}
