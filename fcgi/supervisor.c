/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Signals stay blocked except inside sigsuspend(), so the handlers only set
 * flags at one known point of the loop. Workers that die within a second of
 * starting are replaced after a pause, so a broken setup does not fork in a
 * tight loop.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "supervisor.h"
#include "worker.h"

#define RESEND_MS	100	/* how often a stopping worker hears SIGTERM again */

struct slot {
	pid_t		 pid;		/* 0: empty */
	time_t		 started;
};

static volatile sig_atomic_t	supervisor_stopping;

static void
supervisor_on_stop(int sig)
{
	(void)sig;
	supervisor_stopping = 1;
}

static void
supervisor_on_child(int sig)
{
	(void)sig;	/* only wakes sigsuspend */
}

static int
supervisor_worker_count(const struct config *cfg)
{
	long	 n;

	if (cfg->workers > 0)
		return cfg->workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static void
supervisor_spawn(const struct app *app, int listen_fd, struct slot *s)
{
	pid_t	 pid = fork();

	if (pid == -1) {
		log_error("supervisor: fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		sigset_t	 none;

		signal(SIGCHLD, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* exit, not _exit: sanitizer builds report leaks at exit. */
		exit(worker_run(app, listen_fd));
	}
	s->pid = pid;
	s->started = time(NULL);
}

static struct slot *
supervisor_slot_find(struct slot *slots, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (slots[i].pid == pid)
			return &slots[i];
	return NULL;
}

/* Collects exited workers; returns how many are still alive. */
static int
supervisor_reap(struct slot *slots, int n, bool log_deaths)
{
	int	 status, alive = 0;
	pid_t	 pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct slot	*s = supervisor_slot_find(slots, n, pid);

		if (s == NULL)
			continue;
		s->pid = 0;
		if (!log_deaths)
			continue;
		if (WIFSIGNALED(status))
			log_error("supervisor: worker %ld killed by signal %d; replacing it",
			    (long)pid, WTERMSIG(status));
		else
			log_error("supervisor: worker %ld exited with status %d; replacing it",
			    (long)pid, WEXITSTATUS(status));
	}
	for (int i = 0; i < n; i++)
		if (slots[i].pid != 0)
			alive++;
	return alive;
}

static void
supervisor_signal_all(struct slot *slots, int n, int sig)
{
	for (int i = 0; i < n; i++)
		if (slots[i].pid != 0)
			kill(slots[i].pid, sig);
}

static void
supervisor_sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/* Stops every worker: SIGTERM, repeated, then SIGKILL after the grace period. */
static void
supervisor_stop(const struct config *cfg, struct slot *slots, int n)
{
	time_t	 deadline = time(NULL) + cfg->shutdown_grace;
	int	 alive;

	log_info("supervisor: stopping %d workers", n);
	while ((alive = supervisor_reap(slots, n, false)) > 0) {
		if (time(NULL) >= deadline) {
			log_warn("supervisor: %d workers still busy after %d s; killing them",
			    alive, cfg->shutdown_grace);
			supervisor_signal_all(slots, n, SIGKILL);
		} else {
			supervisor_signal_all(slots, n, SIGTERM);
		}
		supervisor_sleep_ms(RESEND_MS);
	}
}

int
supervisor_run(const struct app *app, int listen_fd)
{
	const struct config	*cfg = app->cfg;
	struct sigaction	 sa;
	sigset_t		 blocked, waiting;
	struct slot		*slots;
	int			 n = supervisor_worker_count(cfg);

	if ((slots = calloc((size_t)n, sizeof(*slots))) == NULL)
		abort();
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGCHLD);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGINT);
	sigprocmask(SIG_BLOCK, &blocked, &waiting);
	sigdelset(&waiting, SIGCHLD);
	sigdelset(&waiting, SIGTERM);
	sigdelset(&waiting, SIGINT);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = supervisor_on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = supervisor_on_child;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	log_info("supervisor: starting %d workers", n);
	for (int i = 0; i < n; i++)
		supervisor_spawn(app, listen_fd, &slots[i]);
	while (!supervisor_stopping) {
		sigsuspend(&waiting);
		supervisor_reap(slots, n, true);
		for (int i = 0; i < n && !supervisor_stopping; i++) {
			if (slots[i].pid != 0)
				continue;
			if (time(NULL) - slots[i].started < 1)
				supervisor_sleep_ms(1000);
			supervisor_spawn(app, listen_fd, &slots[i]);
		}
	}
	supervisor_stop(cfg, slots, n);
	free(slots);
	log_info("supervisor: stopped");
	return 0;
}
