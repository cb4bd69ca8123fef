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

#include "arena.h"
#include "db.h"
#include "fault.h"
#include "log.h"
#include "out.h"
#include "request.h"
#include "route.h"
#include "scoreboard.h"
#include "token.h"
#include "worker.h"

#define DRAIN_MAX	(4 * 1024 * 1024)	/* an unread body we still read away */
/* More than nginx sends (its params plus the client's headers, 32 KiB at most by default). */
#define PARAMS_MAX	256
#define PARAMS_BYTES_MAX (64 * 1024)

static volatile sig_atomic_t	worker_stopping, worker_reopen;

static void
worker_on_signal(int sig)
{
	if (sig == SIGTERM)
		worker_stopping = 1;
	else
		worker_reopen = 1;
}

static const char *
status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* nginx's $msec ("1732800000.123") as Unix milliseconds; 0 if absent or odd. */
static int64_t
parse_msec(const char *s)
{
	int64_t	 ms = 0;
	int	 frac = -1;

	if (s == NULL)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '.' && frac == -1) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || ms > INT64_MAX / 20)
			return 0;
		if (frac >= 3)
			continue;
		ms = ms * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (frac = frac < 0 ? 0 : frac; frac < 3; frac++)
		ms *= 10;
	return ms;
}

/* nginx's $request_id if it sent one (hex), so both logs name the request alike; else ours. */
static void
worker_request_id(const char *given, char id[33])
{
	size_t	 n = given != NULL ? strspn(given, "0123456789abcdef") : 0;

	if (n >= 8 && n <= 32 && given[n] == '\0')
		memcpy(id, given, n + 1);
	else
		tok_random_hex(id, 8);
}

/* Fills r from the FastCGI parameters; an error if they are not a request we take. */
static enum err
worker_request_read(FCGX_Request *fr, struct request *r)
{
	const char	*method = FCGX_GetParam("REQUEST_METHOD", fr->envp);
	const char	*uri = FCGX_GetParam("REQUEST_URI", fr->envp);
	const char	*q;
	size_t		 count = 0, bytes = 0;

	memset(r, 0, sizeof(*r));
	worker_request_id(FCGX_GetParam("REQUEST_ID", fr->envp), r->id);
	r->method = request_method_parse(method != NULL ? method : "");
	if (uri == NULL)
		uri = "";
	if ((q = strchr(uri, '?')) != NULL) {
		r->path_len = (size_t)(q - uri);
		r->query = q + 1;
		r->query_len = strlen(q + 1);
	} else {
		r->path_len = strlen(uri);
		r->query = "";
	}
	r->path = uri;
	for (char **p = fr->envp; *p != NULL; p++) {
		count++;
		bytes += strlen(*p);
	}
	if (count > PARAMS_MAX || bytes > PARAMS_BYTES_MAX)
		return ERR_HEADERS_TOO_LARGE;
	r->content_type = FCGX_GetParam("CONTENT_TYPE", fr->envp);
	if (r->content_type != NULL && *r->content_type == '\0')
		r->content_type = NULL;
	r->if_none_match = FCGX_GetParam("HTTP_IF_NONE_MATCH", fr->envp);
	r->remote_addr = FCGX_GetParam("REMOTE_ADDR", fr->envp);
	r->cookie = FCGX_GetParam("HTTP_COOKIE", fr->envp);
	r->origin = FCGX_GetParam("HTTP_ORIGIN", fr->envp);
	r->fetch_site = FCGX_GetParam("HTTP_SEC_FETCH_SITE", fr->envp);
	r->csrf = FCGX_GetParam("HTTP_X_ROSTRA_CSRF", fr->envp);
	r->idempotency_key = FCGX_GetParam("HTTP_IDEMPOTENCY_KEY", fr->envp);
	r->queued_ms = parse_msec(FCGX_GetParam("ROSTRA_QUEUED_AT", fr->envp));
	if (request_length_parse(FCGX_GetParam("CONTENT_LENGTH", fr->envp), &r->content_length) == -1)
		return ERR_INVALID_PARAMETER;
	return ERR_OK;
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

/* Reads exactly the declared body into arena memory; -1 if the stream ends early. */
static int
worker_body_read(FCGX_Request *fr, struct arena *a, struct request *r)
{
	char	*buf = arena_alloc(a, r->content_length + 1);
	size_t	 got = 0;

	while (got < r->content_length) {
		size_t	 chunk = r->content_length - got;
		int	 n = FCGX_GetStr(buf + got, chunk > INT32_MAX ? INT32_MAX : (int)chunk, fr->in);

		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	buf[got] = '\0';
	r->body = buf;
	return 0;
}

/*
 * Reads away a body nobody will use, so nginx can finish sending it and
 * still pass our response on (closing early would turn a 413 into a 502).
 */
static void
worker_body_drain(FCGX_Request *fr)
{
	char	 buf[8192];
	size_t	 total = 0;
	int	 n;

	while (total < DRAIN_MAX && (n = FCGX_GetStr(buf, sizeof(buf), fr->in)) > 0)
		total += (size_t)n;
}

/* libfcgi's own printf lacks some conversions, so the head is formatted here. */
static void
worker_response_write(FCGX_Request *fr, struct arena *a, const struct request *r,
    const struct response *res)
{
	/*
	 * Every answer is data: it runs nothing, loads nothing and is framed
	 * nowhere, whatever a browser makes of it (a handler may say more).
	 */
	static const char	 csp[] =
	    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";
	const char		*fixed = out_header_get(res, "Content-Security-Policy") == NULL ? csp : "";
	size_t	 size = 192 + sizeof(csp), len;
	char	*head;

#ifdef ROSTRA_FAULTS
	size += 64;
#endif

	for (size_t i = 0; i < res->nheaders; i++)
		size += strlen(res->headers[i].name) + strlen(res->headers[i].value) + 4;
	head = arena_alloc(a, size);
	len = (size_t)snprintf(head, size, "Status: %d %s\r\n", res->status, status_text(res->status));
	for (size_t i = 0; i < res->nheaders; i++)
		len += (size_t)snprintf(head + len, size - len, "%s: %s\r\n",
		    res->headers[i].name, res->headers[i].value);
	len += (size_t)snprintf(head + len, size - len,
	    "X-Content-Type-Options: nosniff\r\n%sX-Request-Id: %s\r\n", fixed, r->id);
#ifdef ROSTRA_FAULTS
	/* How the armed fault went: a test runs N = 1, 2, … until it no longer fires. */
	if (fault_armed())
		len += (size_t)snprintf(head + len, size - len,
		    "X-Rostra-Faults: %d\r\nX-Rostra-Fault-Calls: %ld\r\n", fault_hits(), fault_calls());
#endif
	if (res->status != 304 && res->status != 204)	/* bodiless by definition */
		len += (size_t)snprintf(head + len, size - len, "Content-Length: %zu\r\n", res->body_len);
	len += (size_t)snprintf(head + len, size - len, "\r\n");
	assert(len < size);
	FCGX_PutStr(head, (int)len, fr->out);
	if (r->method != METHOD_HEAD && res->body_len > 0)
		FCGX_PutStr(res->body, (int)res->body_len, fr->out);
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
	if ((e = worker_request_read(fr, &req)) != ERR_OK) {
		out_fail(&res, e, NULL, e == ERR_INVALID_PARAMETER ?
		    "The Content-Length header is malformed." : NULL);
	} else if (worker_queued_too_long(app->cfg, &req)) {
		shed = true;
		scoreboard_count(SCORE_SHED);
		out_header(&res, "Retry-After", "1");
		out_fail(&res, ERR_BUSY, NULL, NULL);
	} else if (route_resolve(&ctx, &route) == ERR_OK) {
		scoreboard_request_route(route_index(route), request_method_name(req.method));
		if (route->body == BODY_NONE) {
			route->handler(&ctx);
		} else if (worker_body_read(fr, &arena, &req) == -1) {
			out_fail(&res, ERR_INVALID_JSON, NULL,
			    "The request body ended before its Content-Length.");
		} else {
			body_read = 1;
			route->handler(&ctx);
		}
	}
	if (!body_read)
		worker_body_drain(fr);
	worker_response_write(fr, &arena, &req, &res);
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
	size_t		 n;

	if (peer->ss_family == AF_INET)
		raw = &((const struct sockaddr_in *)peer)->sin_addr;
	else if (peer->ss_family == AF_INET6)
		raw = &((const struct sockaddr_in6 *)peer)->sin6_addr;
	else
		return true;
	if (inet_ntop(peer->ss_family, raw, addr, sizeof(addr)) == NULL)
		return false;
	n = strlen(addr);
	for (const char *p = peers; *p != '\0';) {
		size_t	 len;

		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (len == n && strncmp(p, addr, n) == 0)
			return true;
		p += len;
	}
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
