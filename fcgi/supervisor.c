/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Every signal the supervisor handles stays blocked and is taken with
 * sigtimedwait, so the loop handles one thing at a time and wakes at least
 * every TICK_MS to check deadlines. A slot is active (its worker is wanted;
 * pid 0 until it is forked), retiring (a worker of an earlier
 * configuration finishing its request) or free. A worker that dies within
 * a second of starting is replaced a second later, so a broken setup does
 * not fork in a tight loop.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/log.h"
#include "fcgi/route.h"
#include "lib/scoreboard.h"
#include "fcgi/supervisor.h"
#include "fcgi/worker.h"

#define TICK_MS		250
#define RESPAWN_PAUSE_MS 1000	/* between a worker that died young and its replacement */

struct slot {
	pid_t		 pid;		/* 0: no process */
	bool		 active;	/* a worker is wanted here */
	bool		 killed;	/* sent SIGKILL past its deadline */
	int64_t		 started_ms;
	int64_t		 respawn_ms;	/* active, pid 0: fork at or after this time */
	int64_t		 stop_by_ms;	/* retiring: killed if still there then */
};

struct supervisor {
	struct app	*app;
	const char	*config_path;
	int		 listen_fd;
	struct slot	 slots[SCOREBOARD_SLOTS];
};

static int
supervisor_worker_count(const struct config *cfg)
{
	long	 n = cfg->workers;

	/*
	 * Two per core by default: a worker waits on PostgreSQL for most of a
	 * request (a post's commit, a page's round trip), and with one per
	 * core those waits left a sixth of the CPU idle under load.
	 */
	if (n == 0)
		n = 2 * sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > SCOREBOARD_WORKERS_MAX ? SCOREBOARD_WORKERS_MAX : (int)n;
}

static void
supervisor_spawn(struct supervisor *sv, int i)
{
	struct slot	*s = &sv->slots[i];
	pid_t		 parent = getpid(), pid = fork();

	if (pid == -1) {
		log_error("supervisor: fork: %s", strerror(errno));
		s->respawn_ms = scoreboard_now_ms() + RESPAWN_PAUSE_MS;
		return;
	}
	if (pid == 0) {
		sigset_t	 none;

		/*
		 * A supervisor killed outright (SIGKILL, a crash) takes its
		 * workers with it: none serves on, unsupervised, with a stale
		 * configuration. They stop as at SIGTERM.
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
			exit(0);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		scoreboard_slot_mine(i);
		/* exit, not _exit: sanitizer builds report leaks at exit. */
		exit(worker_run(sv->app, sv->listen_fd));
	}
	scoreboard_slot_assign(i, pid);
	scoreboard_count(SCORE_WORKER_STARTS);
	s->pid = pid;
	s->killed = false;
	s->started_ms = scoreboard_now_ms();
}

static struct slot *
supervisor_slot_find(struct supervisor *sv, pid_t pid)
{
	for (int i = 0; i < SCOREBOARD_SLOTS; i++)
		if (sv->slots[i].pid == pid)
			return &sv->slots[i];
	return NULL;
}

/* Collects exited workers, saying why each went; returns how many remain. */
static int
supervisor_reap(struct supervisor *sv, bool stopping)
{
	int64_t	 now = scoreboard_now_ms();
	int	 status, alive = 0;
	pid_t	 pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct slot	*s = supervisor_slot_find(sv, pid);
		bool		 clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;

		if (s == NULL)
			continue;
		scoreboard_slot_assign((int)(s - sv->slots), 0);
		s->pid = 0;
		if (!s->active || stopping)
			continue;
		if (clean) {
			log_info("supervisor: worker %ld recycled after its requests; replacing it",
			    (long)pid);
			scoreboard_count(SCORE_WORKER_RECYCLED);
		} else if (!s->killed) {
			scoreboard_count(SCORE_WORKER_CRASHES);
			if (WIFSIGNALED(status))
				log_error("supervisor: worker %ld killed by signal %d; replacing it",
				    (long)pid, WTERMSIG(status));
			else
				log_error("supervisor: worker %ld exited with status %d; replacing it",
				    (long)pid, WEXITSTATUS(status));
		}
		s->respawn_ms = clean || now - s->started_ms >= RESPAWN_PAUSE_MS ? now :
		    s->started_ms + RESPAWN_PAUSE_MS;
	}
	for (int i = 0; i < SCOREBOARD_SLOTS; i++)
		if (sv->slots[i].pid != 0)
			alive++;
	return alive;
}

/* A request past its deadline: the worker is killed, and says what it was doing. */
static void
supervisor_deadlines(struct supervisor *sv)
{
	int64_t	 limit = (int64_t)sv->app->cfg->request_timeout * 1000;

	for (int i = 0; i < SCOREBOARD_SLOTS; i++) {
		struct slot	*s = &sv->slots[i];
		const char	*method;
		int64_t		 busy;
		int		 route;

		if (s->pid == 0 || s->killed)
			continue;
		if (!s->active && s->stop_by_ms != 0 && scoreboard_now_ms() >= s->stop_by_ms) {
			log_warn("supervisor: old worker %ld still busy after %d s; killing it",
			    (long)s->pid, sv->app->cfg->shutdown_grace);
			kill(s->pid, SIGKILL);
			s->killed = true;
			continue;
		}
		if (limit == 0 || (busy = scoreboard_slot_busy(i, &route, &method)) <= limit)
			continue;
		log_error("supervisor: worker %ld: %s %s ran past request_timeout (%d s); replacing it",
		    (long)s->pid, method != NULL ? method : "-", route_label(route),
		    sv->app->cfg->request_timeout);
		scoreboard_count(SCORE_WORKER_DEADLINE);
		kill(s->pid, SIGKILL);
		s->killed = true;
	}
}

static void
supervisor_respawn(struct supervisor *sv)
{
	int64_t	 now = scoreboard_now_ms();

	for (int i = 0; i < SCOREBOARD_SLOTS; i++)
		if (sv->slots[i].active && sv->slots[i].pid == 0 && now >= sv->slots[i].respawn_ms)
			supervisor_spawn(sv, i);
}

/* Wants n workers of the current configuration in free slots. */
static void
supervisor_activate(struct supervisor *sv, int n)
{
	for (int i = 0; i < SCOREBOARD_SLOTS && n > 0; i++) {
		struct slot	*s = &sv->slots[i];

		if (s->active || s->pid != 0)
			continue;
		s->active = true;
		s->respawn_ms = 0;
		n--;
	}
	if (n > 0)
		log_warn("supervisor: no room for %d more workers until old ones finish", n);
}

/* The socket and the user stay as they were: only a restart changes them. */
static void
supervisor_reload_warn(const struct config *old, const struct config *cfg)
{
	if (strcmp(old->socket, cfg->socket) != 0 || strcmp(old->user, cfg->user) != 0 ||
	    strcmp(old->socket_group, cfg->socket_group) != 0 ||
	    strcmp(old->socket_owner, cfg->socket_owner) != 0 ||
	    old->socket_mode != cfg->socket_mode || old->listen_backlog != cfg->listen_backlog)
		log_warn("supervisor: socket and user settings change only with a restart");
}

/*
 * SIGHUP: loads everything again; if that fails nothing changes. The old
 * workers finish their requests and go; new ones take the next.
 */
static void
supervisor_reload(struct supervisor *sv)
{
	struct app	*fresh = calloc(1, sizeof(*fresh));
	char		 err[512];

	if (fresh == NULL)
		abort();
	if (app_load(fresh, sv->config_path, err, sizeof(err)) == -1) {
		log_error("supervisor: reload refused, keeping the running configuration: %s", err);
		free(fresh);
		return;
	}
	supervisor_reload_warn(sv->app->cfg, fresh->cfg);
	log_set_level((enum log_level)fresh->cfg->log_level);
	for (int i = 0; i < SCOREBOARD_SLOTS; i++) {
		struct slot	*s = &sv->slots[i];

		if (!s->active)
			continue;
		s->active = false;
		if (s->pid != 0) {
			s->stop_by_ms = scoreboard_now_ms() + (int64_t)fresh->cfg->shutdown_grace * 1000;
			kill(s->pid, SIGTERM);
		}
	}
	app_free(sv->app);
	free(sv->app);
	sv->app = fresh;
	if (log_open(fresh->cfg->log_file) == -1)
		log_error("supervisor: cannot open log_file %s", fresh->cfg->log_file);
	supervisor_activate(sv, supervisor_worker_count(fresh->cfg));
	scoreboard_count(SCORE_RELOADS);
	log_info("supervisor: configuration reloaded; %d workers", supervisor_worker_count(fresh->cfg));
}

/* SIGUSR1: logrotate moved the file away; everyone writes to a new one. */
static void
supervisor_logs_reopen(struct supervisor *sv)
{
	if (log_open(sv->app->cfg->log_file) == -1)
		log_error("supervisor: cannot reopen log_file %s", sv->app->cfg->log_file);
	for (int i = 0; i < SCOREBOARD_SLOTS; i++)
		if (sv->slots[i].pid != 0)
			kill(sv->slots[i].pid, SIGUSR1);
	log_info("supervisor: log file reopened");
}

/* Stops every worker: SIGTERM, then SIGKILL after the grace period. */
static void
supervisor_stop(struct supervisor *sv)
{
	int64_t	 deadline = scoreboard_now_ms() + (int64_t)sv->app->cfg->shutdown_grace * 1000;
	bool	 killed = false;
	int	 alive;

	log_info("supervisor: stopping the workers");
	for (int i = 0; i < SCOREBOARD_SLOTS; i++)
		if (sv->slots[i].pid != 0)
			kill(sv->slots[i].pid, SIGTERM);
	while ((alive = supervisor_reap(sv, true)) > 0) {
		struct timespec	 ts = { 0, 50 * 1000000L };

		if (!killed && scoreboard_now_ms() >= deadline) {
			log_warn("supervisor: %d workers still busy after %d s; killing them",
			    alive, sv->app->cfg->shutdown_grace);
			for (int i = 0; i < SCOREBOARD_SLOTS; i++)
				if (sv->slots[i].pid != 0)
					kill(sv->slots[i].pid, SIGKILL);
			killed = true;
		}
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			continue;
	}
}

int
supervisor_run(struct app *app, const char *config_path, int listen_fd)
{
	struct supervisor	*sv = calloc(1, sizeof(*sv));
	struct timespec		 tick = { 0, TICK_MS * 1000000L };
	sigset_t		 set;
	bool			 stopping = false;

	if (sv == NULL || scoreboard_create() == -1)
		abort();
	for (int r = 0; r < route_count(); r++)
		scoreboard_route_name(r, route_method(r), route_label(r));
	sv->app = app;
	sv->config_path = config_path;
	sv->listen_fd = listen_fd;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	log_info("supervisor: starting %d workers", supervisor_worker_count(app->cfg));
	supervisor_activate(sv, supervisor_worker_count(app->cfg));
	while (!stopping) {
		supervisor_respawn(sv);
		switch (sigtimedwait(&set, NULL, &tick)) {
		case SIGTERM:
		case SIGINT:
			stopping = true;
			break;
		case SIGHUP:
			supervisor_reload(sv);
			break;
		case SIGUSR1:
			supervisor_logs_reopen(sv);
			break;
		default:	/* SIGCHLD, or a tick */
			break;
		}
		supervisor_reap(sv, stopping);
		supervisor_deadlines(sv);
	}
	supervisor_stop(sv);
	log_info("supervisor: stopped");
	app_free(sv->app);
	free(sv->app);
	free(sv);
	return 0;
}
