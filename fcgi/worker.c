/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The FastCGI loop. SIGTERM is blocked while a request is served and
 * unblocked only around accept(), so a stop request lets the current
 * response finish and interrupts only an idle wait. The supervisor repeats
 * SIGTERM until the worker has gone, which closes the gap between checking
 * the flag and entering accept().
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "arena.h"
#include "db.h"
#include "log.h"
#include "out.h"
#include "request.h"
#include "route.h"
#include "worker.h"

#define DRAIN_MAX	(4 * 1024 * 1024)	/* an unread body we still read away */

static volatile sig_atomic_t	worker_stopping;

static void
worker_on_term(int sig)
{
	(void)sig;
	worker_stopping = 1;
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
	case 409: return "Conflict";
	case 429: return "Too Many Requests";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* Fills r from the FastCGI parameters; -1 if they are not a usable request. */
static int
worker_request_read(FCGX_Request *fr, struct request *r)
{
	const char	*method = FCGX_GetParam("REQUEST_METHOD", fr->envp);
	const char	*uri = FCGX_GetParam("REQUEST_URI", fr->envp);
	const char	*q;

	memset(r, 0, sizeof(*r));
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
	return request_length_parse(FCGX_GetParam("CONTENT_LENGTH", fr->envp), &r->content_length);
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
	size_t	 size = 128, len;
	char	*head;

	for (size_t i = 0; i < res->nheaders; i++)
		size += strlen(res->headers[i].name) + strlen(res->headers[i].value) + 4;
	head = arena_alloc(a, size);
	len = (size_t)snprintf(head, size, "Status: %d %s\r\n", res->status, status_text(res->status));
	for (size_t i = 0; i < res->nheaders; i++)
		len += (size_t)snprintf(head + len, size - len, "%s: %s\r\n",
		    res->headers[i].name, res->headers[i].value);
	len += (size_t)snprintf(head + len, size - len, "X-Content-Type-Options: nosniff\r\n");
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
	const struct route	*route;
	int			 body_read = 0;

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
	if (worker_request_read(fr, &req) == -1) {
		out_fail(&res, ERR_INVALID_PARAMETER, NULL, "The Content-Length header is malformed.");
	} else if (route_resolve(&ctx, &route) == ERR_OK) {
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
	if (res.status >= 500)
		log_warn("%s %.*s: %d", request_method_name(req.method), (int)req.path_len,
		    req.path != NULL ? req.path : "", res.status);
	worker_response_write(fr, &arena, &req, &res);
	arena_release(&arena);
}

int
worker_run(const struct app *app, int listen_fd)
{
	struct sigaction	 sa;
	sigset_t		 term;
	FCGX_Request		 fr;
	struct db		*db;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_on_term;	/* no SA_RESTART: accept() must return EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGINT, SIG_IGN);	/* Ctrl-C reaches the supervisor, which stops us in order */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, NULL);

	db = db_open(app->cfg->database);
	db_set_timeouts(db, app->cfg->db_statement_timeout, app->cfg->db_lock_timeout,
	    app->cfg->db_idle_timeout);
	if (db_connect(db) == -1)
		log_warn("worker: database not reachable yet; will retry per request");
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_error("worker: cannot initialise libfcgi");
		db_close(db);
		return 1;
	}
	for (;;) {
		int	 rc;

		sigprocmask(SIG_UNBLOCK, &term, NULL);
		rc = worker_stopping ? -1 : FCGX_Accept_r(&fr);
		sigprocmask(SIG_BLOCK, &term, NULL);
		if (rc >= 0) {
			/* A request accepted just as SIGTERM came is still answered. */
			worker_serve(app, db, &fr);
			FCGX_Finish_r(&fr);
			continue;
		}
		if (worker_stopping)
			break;
		log_warn("worker: accept failed (%d)", rc);
		usleep(10000);	/* keeps a persistent error from spinning */
	}
	FCGX_Free(&fr, 0);
	db_close(db);
	return 0;
}
