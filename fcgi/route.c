/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The dispatcher: applies a row of the route table (routes.c) to a
 * request. Order of checks follows what a client most needs to hear
 * first: no such address (404), wrong method (405), malformed path
 * parameter (400), body too large (413), body not JSON (415).
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/json_in.h"
#include "lib/list.h"
#include "lib/log.h"
#include "lib/query.h"
#include "fcgi/route.h"
#include "lib/token.h"
#include "lib/validate.h"

const struct route *
route_find(enum method method, const char *pattern)
{
	for (int i = 0; i < route_count(); i++)
		if (route_row(i)->method == method && strcmp(route_label(i), pattern) == 0)
			return route_row(i);
	return NULL;
}

/*
 * A browser cannot send a custom header cross-site without the site's
 * consent (CORS preflight, which we never grant), and it names where a
 * request comes from in Origin or Sec-Fetch-Site, which pages cannot forge.
 */
static bool
request_from_site(const struct config *cfg, const struct request *req)
{
	if (req->csrf == NULL || strcmp(req->csrf, "1") != 0)
		return false;
	if (req->fetch_site != NULL && strcmp(req->fetch_site, "same-origin") == 0)
		return true;
	return req->origin != NULL && list_has(cfg->site_origins, req->origin, strlen(req->origin));
}

/* Reads the session cookie, if any, into ctx; logs why a token was refused. */
static void
route_session_read(struct ctx *ctx)
{
	struct session_claims	 claims;
	enum session_check	 check;
	enum tok_error		 why;
	const char		*token;
	size_t			 len;

	ctx->signed_in = false;
	if (ctx->req->cookie == NULL ||
	    (token = session_cookie_find(ctx->req->cookie, &len)) == NULL || len == 0)
		return;
	check = session_token_check(ctx->arena, ctx->keys, token, len, ctx->now, &claims, &why);
	if (check != SESSION_VALID) {
		log_info("session refused: %s%s%s", session_check_string(check),
		    check == SESSION_TOKEN ? ": " : "", check == SESSION_TOKEN ? tok_error_string(why) : "");
		return;
	}
	ctx->session = claims;
	ctx->signed_in = true;
}

static bool
query_int(const char *v, size_t len)
{
	return len <= 18 && strspn(v, "0123456789") == len;
}

static bool
query_id(const char *v, size_t len)
{
	return validate_id(v, len) != -1;
}

static bool
query_key(const char *v, size_t len)
{
	return validate_article_key(v, len) == 0;
}

static bool
query_word(const char *v, size_t len)
{
	return len <= 32 && strspn(v, "abcdefghijklmnopqrstuvwxyz_") == len;
}

static bool
query_text(const char *v, size_t len)
{
	(void)v;
	(void)len;
	return true;
}

/* A query parameter's type: what a value must be, and the error if it is not. */
static const struct {
	const char	*name;
	bool		(*valid)(const char *v, size_t len);
	enum err	 err;
	const char	*what;		/* "limit must be %s." */
	bool		 any_byte;	/* a NUL too: the value is only compared */
} query_types[] = {
	{ "int", query_int, ERR_INVALID_PARAMETER, "a whole number", false },
	{ "id", query_id, ERR_INVALID_PARAMETER, "an id", false },
	{ "key", query_key, ERR_INVALID_ARTICLE_KEY, NULL, false },
	{ "word", query_word, ERR_INVALID_PARAMETER, "a word of a-z and '_'", false },
	{ "cursor", query_text, ERR_INVALID_CURSOR, NULL, false },
	{ "text", query_text, ERR_INVALID_PARAMETER, NULL, false },
	{ "any", query_text, ERR_INVALID_PARAMETER, NULL, true },
};

/*
 * The spec of name (len bytes) in the route's query list: its position,
 * its type's row and whether it may repeat; -1 if the route does not take it.
 */
static int
query_spec(const char *list, const char *name, size_t len, size_t *type, bool *repeats)
{
	const char	*item;
	size_t		 n;
	int		 pos = 0;

	for (; list_next(&list, &item, &n); pos++) {
		const char	*colon = memchr(item, ':', n);
		size_t		 nlen = (size_t)(colon - item);

		assert(colon != NULL);
		*repeats = nlen > 0 && item[nlen - 1] == '*';
		if (nlen - (*repeats ? 1 : 0) != len || memcmp(item, name, len) != 0)
			continue;
		for (*type = 0; *type < sizeof(query_types) / sizeof(query_types[0]); (*type)++)
			if (strlen(query_types[*type].name) == n - nlen - 1 &&
			    memcmp(query_types[*type].name, colon + 1, n - nlen - 1) == 0)
				return pos;
		assert(!"a route names a query type that does not exist");
	}
	return -1;
}

/* The names of a route's list, without types, for a message: "a b c". */
static const char *
query_names(struct arena *a, const char *list)
{
	const char	*item, *out = "";
	size_t		 n;

	while (list_next(&list, &item, &n))
		out = arena_printf(a, "%s%s%.*s", out, *out != '\0' ? " " : "",
		    (int)strcspn(item, ":*"), item);
	return out;
}

/*
 * Checks the query string against the route's list into ctx->query: a
 * parameter it does not take, one it takes once given twice (each would
 * be another entry in nginx's cache, so a made-up one would send every
 * read to the database), a NUL byte, or a value not of its type.
 */
static enum err
route_query_check(struct ctx *ctx, const struct route *r)
{
	struct query_param	*params;
	unsigned		 seen = 0;
	size_t			 n, type;
	bool			 repeats;

	if (ctx->req->query_len == 0)
		return ERR_OK;
	if (query_parse(ctx->arena, ctx->req->query, ctx->req->query_len, &params, &n) == -1)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL, "The query string is malformed.");
	for (size_t i = 0; i < n; i++) {
		const struct query_param	*q = &params[i];
		int				 pos = query_spec(r->query, q->name, q->name_len,
						    &type, &repeats);

		if (pos == -1)
			return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL, r->query[0] == '\0' ?
			    "This address takes no query parameters." : arena_printf(ctx->arena,
			    "Unknown query parameter; this address takes: %s.",
			    query_names(ctx->arena, r->query)));
		assert(pos < 32);
		if (!repeats && (seen & (1u << pos)) != 0)
			return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL,
			    "A query parameter is given more than once.");
		seen |= 1u << pos;
		/* Decoded values are C strings from here on: a NUL would cut one short unseen. */
		if (strlen(q->value) != q->value_len && !query_types[type].any_byte)
			return out_fail(ctx->res, query_types[type].err, q->name,
			    "Query parameters may not hold a NUL byte.");
		if (q->value_len > 0 && !query_types[type].valid(q->value, q->value_len))
			return out_fail(ctx->res, query_types[type].err, q->name,
			    query_types[type].what == NULL ? NULL : arena_printf(ctx->arena,
			    "%s must be %s.", q->name, query_types[type].what));
	}
	ctx->query = params;
	ctx->nquery = n;
	return ERR_OK;
}

/*
 * True if nginx skipped its cache for this public read (a rostra_fresh
 * cookie with a session cookie: nginx.conf.example) but the session does
 * not verify, so the cookies are made up. Checking costs no database
 * round trip; a public route's handler still never sees the session.
 */
static bool
route_fresh_unbacked(struct ctx *ctx)
{
	const char	*cookie = ctx->req->cookie, *v;
	size_t		 len = 0;
	bool		 backed;

	if (cookie == NULL || (v = session_cookie_named(cookie, SESSION_FRESH_COOKIE, &len)) == NULL ||
	    len == 0 || (v = session_cookie_find(cookie, &len)) == NULL || len == 0)
		return false;
	route_session_read(ctx);
	backed = ctx->signed_in;
	memset(&ctx->session, 0, sizeof(ctx->session));
	ctx->signed_in = false;
	return !backed;
}

/* The typed path parameters: "{name}" in a pattern. */
enum param { PARAM_NONE, PARAM_ARTICLE, PARAM_COMMENT, PARAM_USER };

static const struct {
	const char	*name;
	enum param	 param;
	const char	*missing;	/* the 404's message for a malformed id */
} params[] = {
	{ "{article}", PARAM_ARTICLE, NULL },
	{ "{comment}", PARAM_COMMENT, "There is no such comment." },
	{ "{user}", PARAM_USER, "There is no such user." },
};

/* Matches path against pattern; a "{…}" segment, if any, goes to *param, its kind to *kind. */
static bool
route_match(const char *pattern, const char *path, size_t len,
    const char **param, size_t *param_len, size_t *kind)
{
	const char	*p = path, *end = path + len;

	*param = NULL;
	*param_len = 0;
	while (*pattern != '\0') {
		if (*pattern == '{') {
			const char	*slash = memchr(p, '/', (size_t)(end - p));
			const char	*seg_end = slash != NULL ? slash : end;

			for (*kind = 0; strncmp(pattern, params[*kind].name,
			    strlen(params[*kind].name)) != 0; (*kind)++)
				assert(*kind + 1 < sizeof(params) / sizeof(params[0]));
			if (seg_end == p)
				return false;
			*param = p;
			*param_len = (size_t)(seg_end - p);
			p = seg_end;
			pattern += strlen(params[*kind].name);
			continue;
		}
		if (p == end || *p != *pattern)
			return false;
		p++;
		pattern++;
	}
	return p == end;
}

/* True if the Content-Type is JSON, parameters (charset) allowed. */
static bool
content_type_is_json(const char *ct)
{
	size_t	 n = strlen("application/json");

	if (ct == NULL || strncasecmp(ct, "application/json", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

enum err
route_resolve(struct ctx *ctx, const struct route **route)
{
	const struct request	*req = ctx->req;
	enum method		 want = req->method == METHOD_HEAD ? METHOD_GET : req->method;
	const struct route	*found = NULL;
	char			 allow[64] = "";
	size_t			 allow_len = 0;
	const char		*param = NULL;
	size_t			 param_len = 0, kind = 0;
	bool			 path_known = false;
	enum err		 e;

	*route = NULL;
	for (int i = 0; i < route_count(); i++) {
		const struct route	*row = route_row(i);
		const char		*p;
		size_t			 plen, k = 0;

		if (!route_match(row->pattern, req->path, req->path_len, &p, &plen, &k))
			continue;
		path_known = true;
		allow_len += (size_t)snprintf(allow + allow_len, sizeof(allow) - allow_len, "%s%s%s",
		    allow_len > 0 ? ", " : "", request_method_name(row->method),
		    row->method == METHOD_GET ? ", HEAD" : "");
		assert(allow_len < sizeof(allow));
		if (row->method == want) {
			found = row;
			param = p;
			param_len = plen;
			kind = k;
		}
	}
	if (!path_known)
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, NULL);
	if (found == NULL) {
		out_header(ctx->res, "Allow", arena_strndup(ctx->arena, allow, allow_len));
		return out_fail(ctx->res, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
	}
	*route = found;	/* known from here, even if a precondition fails */
	if (param != NULL && params[kind].param == PARAM_ARTICLE &&
	    validate_article_key(param, param_len) == -1)
		return out_fail(ctx->res, ERR_INVALID_ARTICLE_KEY, "key", NULL);
	if (want == METHOD_GET && (e = route_query_check(ctx, found)) != ERR_OK)
		return e;
	if (want == METHOD_GET && found->auth == AUTH_PUBLIC && route_fresh_unbacked(ctx)) {
		log_info("cache bypass refused: a fresh cookie without a valid session");
		out_header(ctx->res, "X-Accel-Redirect", "@rostra_cached");
		out_header(ctx->res, "Cache-Control", "no-store");
		return ERR_UNAUTHORIZED;
	}
	if (found->body != NULL) {
		if (req->content_length > ctx->cfg->body_limit)
			return out_fail(ctx->res, ERR_PAYLOAD_TOO_LARGE, NULL, arena_printf(ctx->arena,
			    "The request body is larger than the limit of %zu bytes.",
			    ctx->cfg->body_limit));
		if (!content_type_is_json(req->content_type))
			return out_fail(ctx->res, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, NULL);
	}
	if (request_method_changes_state(req->method) && !request_from_site(ctx->cfg, req))
		return out_fail(ctx->res, ERR_CROSS_SITE, NULL, NULL);
	if (found->auth != AUTH_PUBLIC)
		route_session_read(ctx);
	if (found->auth == AUTH_SESSION) {
		if (!ctx->signed_in)
			return out_fail(ctx->res, ERR_UNAUTHORIZED, NULL, NULL);
		/* The token's role is a first filter; handlers check the stored one. */
		if (ctx->session.role < found->role)
			return out_fail(ctx->res, ERR_FORBIDDEN, NULL, NULL);
	}
	if (param != NULL && params[kind].param == PARAM_ARTICLE) {
		ctx->key = arena_strndup(ctx->arena, param, param_len);
		ctx->key_len = param_len;
	} else if (param != NULL && (ctx->id = validate_id(param, param_len)) == -1) {
		/* After the session checks: an id says nothing to whom may not ask. */
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, params[kind].missing);
	}
	return ERR_OK;
}

/* A body member's JSON type. */
static const struct {
	const char	*name;
	enum json_type	 type;		/* json_type_null: any */
	const char	*what;
} member_types[] = {
	{ "string", json_type_string, "a string" },
	{ "int", json_type_int, "a whole number" },
	{ "bool", json_type_boolean, "true or false" },
	{ "array", json_type_array, "a list" },
	{ "object", json_type_object, "an object" },
	{ "any", json_type_null, NULL },
};

/* The row of member_types for name (len bytes) in the route's body list; -1 if it is not listed. */
static int
member_spec(const char *list, const char *name, size_t len)
{
	const char	*item;
	size_t		 n;

	while (list_next(&list, &item, &n)) {
		const char	*colon = memchr(item, ':', n);

		assert(colon != NULL);
		if ((size_t)(colon - item) != len || memcmp(item, name, len) != 0)
			continue;
		for (size_t t = 0; t < sizeof(member_types) / sizeof(member_types[0]); t++)
			if (strlen(member_types[t].name) == n - len - 1 &&
			    memcmp(member_types[t].name, colon + 1, n - len - 1) == 0)
				return (int)t;
		assert(!"a route names a member type that does not exist");
	}
	return -1;
}

enum err
route_body(struct ctx *ctx, const struct route *route)
{
	struct json_object	*root;
	const char		*message;
	enum err		 e;

	assert(route->body != NULL);
	if ((e = json_in_object(ctx->arena, ctx->req->body, ctx->req->content_length, &root,
	    &message)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, message);
	json_object_object_foreach(root, name, value) {
		int	 t = member_spec(route->body, name, strlen(name));

		if (t == -1) {
			/* Echo the name only when it is short, printable text. */
			bool	 echo = validate_text(name, strlen(name), false, 64) == ERR_OK;

			return out_fail(ctx->res, ERR_UNKNOWN_FIELD, NULL, route->body[0] == '\0' ?
			    "This address takes an empty object." : arena_printf(ctx->arena,
			    "Unknown field \"%s\"; this address takes: %s.", echo ? name : "…",
			    query_names(ctx->arena, route->body)));
		}
		if (value != NULL && member_types[t].type != json_type_null &&
		    !json_object_is_type(value, member_types[t].type))
			return out_fail(ctx->res, ERR_INVALID_FIELD, name, arena_printf(ctx->arena,
			    "%s must be %s.", name, member_types[t].what));
	}
	ctx->body = root;
	return ERR_OK;
}

void
route_run(struct ctx *ctx, const struct route *route)
{
	struct response	*res = ctx->res;
	enum err	 e = route->handler(ctx);

	/* A handler's result is acted on: an error is answered, and "done" must have answered. */
	if (e != ERR_OK && res->status < 400) {
		out_init(res, ctx->arena);
		out_fail(res, e, NULL, NULL);
	} else if (e == ERR_OK && res->status == 200 && res->body == NULL) {
		log_warn("route %s %s: the handler answered nothing",
		    request_method_name(route->method), route->pattern);
		out_init(res, ctx->arena);
		out_fail(res, ERR_INTERNAL, NULL, NULL);
	}
	if (out_header_get(res, "Cache-Control") != NULL)
		return;		/* an error's no-store, or a handler's own */
	if (route->cache == CACHE_PUBLIC && res->status == 200)
		out_public(res, ctx->cfg->public_max_age, ctx->req->if_none_match);
	else if (route->cache == CACHE_PRIVATE_ETAG && res->status == 200)
		out_private(res, ctx->req->if_none_match);
	else
		out_header(res, "Cache-Control", "no-store");
}
