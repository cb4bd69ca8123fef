/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The route table: for each method and path, what the route accepts and
 * which handler serves it. route_resolve() applies every declared
 * precondition, so a handler never sees a request its route refuses.
 */
#ifndef ROSTRA_ROUTE_H
#define ROSTRA_ROUTE_H

#include "fcgi/api/api.h"

enum route_body {
	BODY_NONE,		/* any body is ignored and never read */
	BODY_JSON,		/* application/json, at most cfg->body_limit bytes */
};

enum route_auth {
	AUTH_PUBLIC,		/* the same answer for everyone: cookies are never read */
	AUTH_OPTIONAL,		/* a session is used if one comes */
	AUTH_SESSION,		/* a session of at least the route's role is required */
};

struct route {
	enum method	 method;
	const char	*pattern;	/* "{key}" matches one article-key segment */
	enum route_body	 body;
	enum route_auth	 auth;
	enum role	 role;		/* least role, for AUTH_SESSION */
	enum err	(*handler)(struct ctx *ctx);
	/*
	 * The query parameters a GET route takes, space-separated ("" none; a
	 * name ending in '*' may repeat); any other name, or a name given
	 * twice, is a 400, so no made-up parameter reaches the database past
	 * nginx's cache. NULL: the handler checks its own (the moderation
	 * routes, never cached, and routes that change state).
	 */
	const char	*query;
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
 * Rows in the route table; a row's index (-1 for NULL); for logs and
 * metrics, row i's path pattern without the API prefix ("unmatched" if i
 * is no row) and its method.
 */
int		 route_count(void);
int		 route_index(const struct route *r);
const char	*route_label(int i);
const char	*route_method(int i);

#endif
