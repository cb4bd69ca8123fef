/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The route table (routes.c): for each method and path, what the route
 * accepts and which handler serves it. The dispatcher (route.c):
 * route_resolve() applies every declared precondition, so a handler never
 * sees a request its route refuses.
 */
#ifndef ROSTRA_ROUTE_H
#define ROSTRA_ROUTE_H

#include "fcgi/api/api.h"

enum route_auth {
	AUTH_PUBLIC,		/* the same answer for everyone: cookies are never read */
	AUTH_OPTIONAL,		/* a session is used if one comes */
	AUTH_SESSION,		/* a session of at least the route's role is required */
};

enum route_cache {
	CACHE_PUBLIC,		/* a 200 is public: s-maxage, stale-while-revalidate, ETag */
	CACHE_PRIVATE,		/* every answer is no-store */
	CACHE_PRIVATE_ETAG,	/* no-store, with an ETag the caller may send back (a 304) */
};

/*
 * One row is the whole contract of an address: reading the table tells
 * what it accepts, and the dispatcher enforces all of it before the
 * handler runs.
 *
 * pattern: path segments, of which one may be a typed parameter:
 * "{article}" an article key (ctx->key), "{comment}" or "{user}" an id
 * (ctx->id; a malformed one is a 404 "There is no such comment/user").
 *
 * query: the parameters, "name:type" space-separated ("" none; "name*"
 * may repeat). Any other name, a name given twice, a NUL byte or a value
 * not of its type is a 400, so no made-up parameter reaches the database
 * past nginx's cache. Types: int (digits), id (a positive id), key (an
 * article key), word (a-z and '_'), cursor (a paging cursor: its errors
 * are invalid_cursor), text (any but a NUL; the handler reads it), any
 * (any bytes: a value the handler only compares, like a language). An
 * empty value passes: the handler treats it as absent.
 *
 * body: NULL if the route reads no body; else a JSON object of at most
 * body_limit bytes, sent as application/json, whose members are listed
 * as "name:type" (string, int, bool, array, object, any; null is
 * always allowed and means absent). The parsed object is ctx->body.
 * Limits that depend on the configuration stay with the handler.
 */
struct route {
	enum method	 method;
	const char	*pattern;
	enum route_auth	 auth;
	enum role	 role;		/* least role, for AUTH_SESSION */
	enum route_cache cache;
	const char	*query;
	const char	*body;
	enum err	(*handler)(struct ctx *ctx);
};

/*
 * Finds the route for ctx->req and checks its preconditions, setting
 * ctx->key and the session. A state-changing request must come from a
 * site origin with the embed's anti-CSRF header (403). HEAD is served by
 * the GET route. Returns ERR_OK with *route set, or an error already
 * written to ctx->res by out_fail (a 405 carries Allow); *route is then
 * the route whose precondition failed, or NULL if none matched. A public
 * read that skipped nginx's cache on a rostra_fresh cookie no verified
 * session backs is answered with an X-Accel-Redirect back to the cache
 * (status 200, no body; ERR_UNAUTHORIZED is returned so no handler runs).
 */
enum err	route_resolve(struct ctx *ctx, const struct route **route);

/*
 * For a route with a body, once it is read (ctx->req->body): parses it
 * and checks its members against the row into ctx->body. ERR_OK, or the
 * error already written.
 */
enum err	route_body(struct ctx *ctx, const struct route *route);

/*
 * Runs the handler and acts on what it returns: an error it did not
 * answer is answered, an ERR_OK with no answer is an internal error.
 * Then sets the row's cache headers on the answer.
 */
void		route_run(struct ctx *ctx, const struct route *route);

/* The row of method and pattern (without the API's prefix: "/accounts"); NULL if none. */
const struct route *route_find(enum method method, const char *pattern);

/*
 * The table (routes.c), static memory: the number of rows; row i (NULL if
 * i is no row); a row's index (-1 for NULL); for logs and metrics, row
 * i's path pattern without the API prefix ("unmatched" if i is no row)
 * and its method.
 */
int		 route_count(void);
const struct route *route_row(int i);
int		 route_index(const struct route *r);
const char	*route_label(int i);
const char	*route_method(int i);

#endif
