/*
 * Cleaning up when the process is told to end (SIGINT, SIGTERM, SIGHUP)
 * while the library holds something that would outlive it: worker
 * processes, which would go on scanning as orphans (run/pool.c), and the
 * temporary file of a report being written (atomic_write.c).
 *
 * The handler cleans up itself; it does not set a flag or write to a
 * self-pipe for the code to act on.  The code it interrupts is a waitpid
 * on one worker that may last minutes (a flag set just before the call is
 * seen only when the call returns, and waiting on a pipe and a child at
 * once needs SIGCHLD, which is the host's), or a report's writer, deep in
 * stdio and jansson, which checks nothing.  What the handler does is
 * async-signal-safe and prepared in advance: kill and waitpid on pids
 * published in an array, unlink of a path published before its file was
 * created.  Then it restores the signal's default action and raises the
 * signal again, so the process ends as it would have without us, by that
 * signal (a shell's 130, 143, 129), running no exit handler.  It never
 * returns, so the state it interrupted does not matter.
 *
 * Only a disposition at its default is replaced, and only while there is
 * something to clean up (psi_signals_install ... psi_signals_restore): an
 * ignored signal stays ignored (nohup, a shell's background job), and a
 * host's own handler is the host's (include/profilescan/scan.h).
 *
 * The published state is lock-free atomics, as C11 asks of what a handler
 * reads; the code that publishes holds the signals blocked around the
 * change (psi_signals_hold), so that the handler never sees a worker
 * forked but not yet published, or reaped but still published (its pid
 * may already belong to another process).
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util.h"

_Static_assert(ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_POINTER_LOCK_FREE == 2,
               "a signal handler may read only lock-free atomics");

static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
#define FATAL_COUNT (sizeof fatal / sizeof *fatal)

static _Atomic pid_t *_Atomic watched_pids;
static atomic_size_t watched_count;
static _Atomic(const char *) watched_file;

/* What was there before psi_signals_install; not read by the handler. */
static struct sigaction previous[FATAL_COUNT];
static unsigned installed, depth;
static sigset_t held_from;

static void end_by_signal(int sig)
{
	const char *file = atomic_load(&watched_file);
	if (file)
		unlink(file);
	_Atomic pid_t *pids = atomic_load(&watched_pids);
	size_t count = pids ? atomic_load(&watched_count) : 0;
	for (size_t i = 0; i < count; i++) {
		pid_t pid = atomic_load(&pids[i]);
		if (pid > 0)
			kill(pid, SIGKILL);
	}
	for (size_t i = 0; i < count; i++) {
		pid_t pid = atomic_load(&pids[i]);
		while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	struct sigaction default_action;
	memset(&default_action, 0, sizeof default_action);
	default_action.sa_handler = SIG_DFL;
	sigemptyset(&default_action.sa_mask);
	sigaction(sig, &default_action, NULL);
	/* Pending while the handler blocks it; delivered, and fatal, once
	 * unblocked. */
	raise(sig);
	sigset_t only;
	sigemptyset(&only);
	sigaddset(&only, sig);
	pthread_sigmask(SIG_UNBLOCK, &only, NULL);
	_exit(128 + sig);
}

static void fatal_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < FATAL_COUNT; i++)
		sigaddset(set, fatal[i]);
}

static int is_default(const struct sigaction *action)
{
	return !(action->sa_flags & SA_SIGINFO) && action->sa_handler == SIG_DFL;
}

void psi_signals_install(void)
{
	if (depth++ > 0)
		return;
	struct sigaction ours;
	memset(&ours, 0, sizeof ours);
	ours.sa_handler = end_by_signal;
	/* One cleanup at a time: a second signal waits, and the first one
	 * decides how the process ends. */
	fatal_set(&ours.sa_mask);
	installed = 0;
	for (size_t i = 0; i < FATAL_COUNT; i++)
		if (sigaction(fatal[i], NULL, &previous[i]) == 0 && is_default(&previous[i]) &&
		    sigaction(fatal[i], &ours, NULL) == 0)
			installed |= 1u << i;
}

void psi_signals_restore(void)
{
	if (depth == 0 || --depth > 0)
		return;
	for (size_t i = 0; i < FATAL_COUNT; i++)
		if (installed & (1u << i))
			sigaction(fatal[i], &previous[i], NULL);
	installed = 0;
}

void psi_signals_hold(void)
{
	sigset_t block;
	fatal_set(&block);
	pthread_sigmask(SIG_BLOCK, &block, &held_from);
}

void psi_signals_release(void)
{
	pthread_sigmask(SIG_SETMASK, &held_from, NULL);
}

void psi_signals_watch_workers(_Atomic pid_t *pids, size_t count)
{
	atomic_store(&watched_pids, NULL);
	atomic_store(&watched_count, count);
	atomic_store(&watched_pids, pids);
}

void psi_signals_watch_file(const char *path)
{
	atomic_store(&watched_file, path);
}

/* A worker inherits the caller's handlers, ours or the host's, neither of
 * which may run in it: each becomes the default.  An ignored signal stays
 * ignored, as it is in the caller, which would outlive its workers
 * otherwise.  The mask is the caller's from before psi_signals_hold. */
void psi_signals_in_worker(void)
{
	struct sigaction now, default_action;
	memset(&default_action, 0, sizeof default_action);
	default_action.sa_handler = SIG_DFL;
	sigemptyset(&default_action.sa_mask);
	for (size_t i = 0; i < FATAL_COUNT; i++)
		if (sigaction(fatal[i], NULL, &now) == 0 &&
		    ((now.sa_flags & SA_SIGINFO) || now.sa_handler != SIG_IGN))
			sigaction(fatal[i], &default_action, NULL);
	psi_signals_watch_workers(NULL, 0);
	psi_signals_watch_file(NULL);
	depth = installed = 0;
	psi_signals_release();
}
