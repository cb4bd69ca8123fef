/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The FastCGI loop. The worker accepts connections itself and hands each to
 * libfcgi, so signals are unblocked only inside ppoll(): SIGTERM or SIGUSR1
 * can never cut a request short, and a stop interrupts only an idle wait.
 * Every connection gets io_timeout on its reads and writes, so a silent
 * peer cannot hold a worker, and libfcgi never accepts on its own (its
 * listening socket is -1), so a connection it gives up on costs one loop.
 */
/* ppoll and accept4 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "lib/list.h"
#include "lib/arena.h"
#include "db/db.h"
#include "lib/fault.h"
#include "lib/log.h"
#include "fcgi/api/out.h"
#include "fcgi/api/request.h"
#include "fcgi/fcgi_in.h"
#include "fcgi/fcgi_out.h"
#include "fcgi/route.h"
#include "lib/scoreboard.h"
#include "lib/status.h"
#include "lib/token.h"
#include "fcgi/worker.h"


static volatile sig_atomic_t	worker_stopping, worker_reopen;

static void
worker_on_signal(int sig)
{
	if (sig == SIGTERM)
		worker_stopping = 1;
	else
		worker_reopen = 1;
}

/*
 * True if the request waited for a worker longer than queue_timeout: the
 * daemon is behind, and an answer now is worth more to the reader (and to
 * the queue behind it) than a late one.
 */
static bool
worker_queued_too_long(const struct config *cfg, const struct request *r)
{
	struct timeval	 tv;
	int64_t		 now;

	if (cfg->queue_timeout == 0 || r->queued_ms == 0)
		return false;
	gettimeofday(&tv, NULL);
	now = (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
	return now - r->queued_ms > cfg->queue_timeout;
}

static void
worker_serve(const struct app *app, struct db *db, FCGX_Request *fr)
{
	struct arena		 arena;
	struct request		 req;
	struct response		 res;
	struct ctx		 ctx;
	const struct route	*route = NULL;
	int64_t			 started = scoreboard_now_us(), took;
	int			 body_read = 0;
	bool			 shed = false;
	enum log_level		 level;
	enum err		 e;

#ifdef ROSTRA_FAULTS
	{
		const char	*spec = FCGX_GetParam("ROSTRA_FAULT", fr->envp);

		fault_arm(spec != NULL ? spec : getenv("ROSTRA_FAULT"));
	}
#endif
	scoreboard_request_begin();
	db_time_take(db);
	arena_init(&arena);
	out_init(&res, &arena);
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &arena;
	ctx.cfg = app->cfg;
	ctx.app = app;
	ctx.db = db;
	ctx.req = &req;
	ctx.res = &res;
	ctx.keys = app->keys;
	ctx.now = time(NULL);
	if ((e = fcgi_in_params(fr, &req)) != ERR_OK) {
		out_fail(&res, e, NULL, e == ERR_INVALID_PARAMETER ?
		    "The Content-Length header is malformed." : NULL);
	} else if (worker_queued_too_long(app->cfg, &req)) {
		shed = true;
		scoreboard_count(SCORE_SHED);
		out_header(&res, "Retry-After", "1");
		out_fail(&res, ERR_BUSY, NULL, NULL);
	} else if (route_resolve(&ctx, &route) == ERR_OK) {
		scoreboard_request_route(route_index(route), request_method_name(req.method));
		if (route->body == NULL) {
			route_run(&ctx, route);
		} else if (fcgi_in_body(fr, &arena, &req) == -1) {
			out_fail(&res, ERR_INVALID_JSON, NULL,
			    "The request body ended before its Content-Length.");
		} else {
			body_read = 1;
			if (route_body(&ctx, route) == ERR_OK)
				route_run(&ctx, route);
		}
	}
	if (!body_read)
		fcgi_in_drain(fr);
	fcgi_out_response(fr, &arena, &req, &res);
#ifdef ROSTRA_FAULTS
	fault_disarm();
#endif
	took = scoreboard_now_us() - started;
	scoreboard_request_end(route_index(route), res.status, took);
	/* A shed request is the daemon working as meant: no warning each, under a flood. */
	level = res.status >= 500 && !shed ? LOG_WARN : LOG_INFO;
	if (level == LOG_WARN || (app->cfg->log_requests && log_enabled(LOG_INFO)))
		log_msg(level, "request id=%s method=%s route=%s"
		    " status=%d ms=%.3f db_ms=%.3f worker=%d", req.id, request_method_name(req.method),
		    route_label(route_index(route)), res.status, (double)took / 1000,
		    (double)db_time_take(db) / 1000, scoreboard_slot_current());
	arena_release(&arena);
}

/* Bounds every read and write on a connection, so a silent peer cannot hold us. */
static void
worker_conn_limit(int fd, int seconds)
{
	struct timeval	 tv = { seconds, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/*
 * Over TCP, only the addresses in socket_peers (nginx's) may talk FastCGI
 * to us; a unix socket's permissions already say who may connect.
 */
static bool
worker_peer_allowed(const char *peers, const struct sockaddr_storage *peer)
{
	char		 addr[INET6_ADDRSTRLEN];
	const void	*raw;

	if (peer->ss_family == AF_INET)
		raw = &((const struct sockaddr_in *)peer)->sin_addr;
	else if (peer->ss_family == AF_INET6)
		raw = &((const struct sockaddr_in6 *)peer)->sin6_addr;
	else
		return true;
	if (inet_ntop(peer->ss_family, raw, addr, sizeof(addr)) == NULL)
		return false;
	if (list_has(peers, addr, strlen(addr)))
		return true;
	log_warn("worker: refused a FastCGI connection from %s (not in socket_peers)", addr);
	return false;
}

/*
 * Waits, with SIGTERM and SIGUSR1 let in, until the listening socket has a
 * connection (or a kept connection its next request). Returns the
 * connection to read a request from, or -1 to look at the flags again.
 */
static int
worker_wait(FCGX_Request *fr, int listen_fd, const sigset_t *handled, const sigset_t *open,
    int io_timeout, const char *peers)
{
	struct pollfd		 pfd = { fr->ipcFd >= 0 ? fr->ipcFd : listen_fd, POLLIN, 0 };
	struct timespec		 idle = { io_timeout, 0 }, now = { 0, 0 };
	struct sockaddr_storage	 peer;
	socklen_t		 peer_len = sizeof(peer);
	int			 n, fd, sig;

	/*
	 * A signal that came during the last request is still pending, and
	 * ppoll() would not deliver it if a connection is already waiting (it
	 * restores the mask without): under steady load it must be taken here.
	 */
	while ((sig = sigtimedwait(handled, NULL, &now)) > 0)
		worker_on_signal(sig);
	if (worker_stopping || worker_reopen)
		return -1;
	n = ppoll(&pfd, 1, fr->ipcFd >= 0 ? &idle : NULL, open);
	if (fr->ipcFd >= 0) {
		if (n == 0)	/* nginx kept the connection but sent nothing more */
			FCGX_Free(fr, 1);
		return n > 0 ? fr->ipcFd : -1;
	}
	if (n <= 0)
		return -1;
	/* The listening socket is non-blocking: another worker may have taken it. */
	if ((fd = accept4(listen_fd, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC)) == -1)
		return -1;
	if (!worker_peer_allowed(peers, &peer)) {
		close(fd);
		return -1;
	}
	worker_conn_limit(fd, io_timeout);
	fr->ipcFd = fd;
	/* FCGX_Accept_r first finishes "the previous request": this keeps fd open. */
	fr->keepConnection = 1;
	return fd;
}

int
worker_run(const struct app *app, int listen_fd)
{
	const struct config	*cfg = app->cfg;
	struct sigaction	 sa;
	sigset_t		 blocked, open;
	FCGX_Request		 fr;
	struct db		*db;
	long			 served = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGINT, SIG_IGN);	/* Ctrl-C reaches the supervisor, which stops us in order */
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGUSR1);
	sigprocmask(SIG_BLOCK, &blocked, &open);
	sigdelset(&open, SIGTERM);
	sigdelset(&open, SIGUSR1);

#ifdef ROSTRA_FAULTS
	log_warn("worker: built with fault injection (make faults): for tests only");
#endif
	db = db_open(cfg->database);
	db_set_timeouts(db, cfg->db_statement_timeout, cfg->db_lock_timeout, cfg->db_idle_timeout);
	if (db_connect(db) == -1)
		log_warn("worker: database not reachable yet; will retry per request");
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, -1, 0) != 0) {
		log_error("worker: cannot initialise libfcgi");
		db_close(db);
		return 1;
	}
	while (!worker_stopping) {
		if (worker_reopen) {
			worker_reopen = 0;
			if (log_open(cfg->log_file) == -1)
				log_error("worker: cannot reopen log_file %s", cfg->log_file);
		}
		if (cfg->worker_max_requests > 0 && served >= cfg->worker_max_requests)
			break;
		if (worker_wait(&fr, listen_fd, &blocked, &open, cfg->io_timeout,
		    cfg->socket_peers) == -1)
			continue;
		/* Reads the begin record and the parameters; a bad record closes the connection. */
		if (FCGX_Accept_r(&fr) < 0)
			continue;
		served++;
		worker_serve(app, db, &fr);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 1);
	db_close(db);
	return 0;
}
