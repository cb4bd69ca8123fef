/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Route table and dispatcher preconditions. Order of checks follows what a
 * client most needs to hear first: no such address (404), wrong method
 * (405), malformed path parameter (400), body too large (413), body not
 * JSON (415).
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/log.h"
#include "fcgi/api/mod_api.h"
#include "lib/query.h"
#include "fcgi/route.h"
#include "lib/scoreboard.h"
#include "lib/token.h"
#include "lib/validate.h"

#define V1	"/comments/api/v1"

static const struct route routes[] = {
	{ METHOD_GET, V1 "/health", BODY_NONE, AUTH_PUBLIC, ROLE_READER, api_health_get, "" },
	{ METHOD_GET, V1 "/metrics", BODY_NONE, AUTH_OPTIONAL, ROLE_READER, api_metrics_get, "" },
	{ METHOD_GET, V1 "/articles/{key}/comments", BODY_NONE, AUTH_PUBLIC, ROLE_READER,
	    api_comments_list, "sort limit cursor" },
	{ METHOD_POST, V1 "/articles/{key}/comments", BODY_JSON, AUTH_OPTIONAL, ROLE_READER,
	    api_comments_post, NULL },
	{ METHOD_GET, V1 "/articles/{key}/fragment", BODY_NONE, AUTH_PUBLIC, ROLE_READER,
	    api_fragment_get, "lang" },
	{ METHOD_GET, V1 "/counts", BODY_NONE, AUTH_PUBLIC, ROLE_READER, api_counts_get, "article*" },
	{ METHOD_POST, V1 "/session/guest", BODY_JSON, AUTH_OPTIONAL, ROLE_READER,
	    api_session_guest, NULL },
	{ METHOD_DELETE, V1 "/session", BODY_NONE, AUTH_SESSION, ROLE_READER, api_session_end, NULL },
	{ METHOD_DELETE, V1 "/sessions", BODY_NONE, AUTH_SESSION, ROLE_READER,
	    api_sessions_end_all, NULL },
	{ METHOD_POST, V1 "/accounts", BODY_JSON, AUTH_PUBLIC, ROLE_READER, api_account_create, NULL },
	{ METHOD_POST, V1 "/session", BODY_JSON, AUTH_PUBLIC, ROLE_READER, api_session_login, NULL },
	{ METHOD_POST, V1 "/session/sso", BODY_JSON, AUTH_PUBLIC, ROLE_READER, api_session_sso, NULL },
	{ METHOD_GET, V1 "/demo/sso-token", BODY_NONE, AUTH_PUBLIC, ROLE_READER, api_demo_sso_probe,
	    "" },
	{ METHOD_POST, V1 "/demo/sso-token", BODY_NONE, AUTH_PUBLIC, ROLE_READER,
	    api_demo_sso_token, NULL },
	{ METHOD_GET, V1 "/me", BODY_NONE, AUTH_OPTIONAL, ROLE_READER, api_me_get, "" },
	{ METHOD_PATCH, V1 "/me", BODY_JSON, AUTH_SESSION, ROLE_READER, api_me_update, NULL },
	{ METHOD_GET, V1 "/articles/{key}/comments/mine", BODY_NONE, AUTH_SESSION, ROLE_READER,
	    api_comments_mine, "" },
	{ METHOD_POST, V1 "/comments/{key}/reports", BODY_JSON, AUTH_SESSION, ROLE_READER,
	    api_reports_post, NULL },
	{ METHOD_DELETE, V1 "/comments/{key}", BODY_NONE, AUTH_SESSION, ROLE_READER,
	    api_comment_delete, NULL },
	{ METHOD_PATCH, V1 "/comments/{key}", BODY_JSON, AUTH_SESSION, ROLE_READER,
	    api_comment_edit, NULL },
	{ METHOD_GET, V1 "/comments/{key}/replies", BODY_NONE, AUTH_PUBLIC, ROLE_READER,
	    api_replies_list, "limit cursor" },
	{ METHOD_GET, V1 "/comments/{key}/context", BODY_NONE, AUTH_PUBLIC, ROLE_READER,
	    api_comment_context, "" },
	{ METHOD_PUT, V1 "/comments/{key}/reaction", BODY_NONE, AUTH_SESSION, ROLE_READER,
	    api_reaction_put, NULL },
	{ METHOD_DELETE, V1 "/comments/{key}/reaction", BODY_NONE, AUTH_SESSION, ROLE_READER,
	    api_reaction_delete, NULL },
	/* Moderator routes: the token's role first, then the handler checks the stored one. */
	{ METHOD_GET, V1 "/moderation/me", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR, mod_api_me, NULL },
	{ METHOD_GET, V1 "/moderation/queues", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR,
	    mod_queue_counts, NULL },
	{ METHOD_GET, V1 "/moderation/comments", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR,
	    mod_queue_list, NULL },
	{ METHOD_POST, V1 "/moderation/comments/actions", BODY_JSON, AUTH_SESSION, ROLE_MODERATOR,
	    mod_actions_comments, NULL },
	{ METHOD_GET, V1 "/moderation/users/{key}", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR,
	    mod_users_get, NULL },
	{ METHOD_POST, V1 "/moderation/users/{key}/actions", BODY_JSON, AUTH_SESSION, ROLE_MODERATOR,
	    mod_users_act, NULL },
	{ METHOD_GET, V1 "/moderation/articles/{key}", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR,
	    mod_articles_get, NULL },
	{ METHOD_POST, V1 "/moderation/articles/{key}/actions", BODY_JSON, AUTH_SESSION,
	    ROLE_MODERATOR, mod_articles_act, NULL },
	{ METHOD_GET, V1 "/moderation/log", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR,
	    mod_log_get, NULL },
	{ METHOD_GET, V1 "/moderation/settings", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR,
	    mod_settings_get, NULL },
	{ METHOD_PATCH, V1 "/moderation/settings", BODY_JSON, AUTH_SESSION, ROLE_ADMIN,
	    mod_settings_update, NULL },
	{ METHOD_GET, V1 "/moderation/words", BODY_NONE, AUTH_SESSION, ROLE_MODERATOR,
	    mod_words_get, NULL },
	{ METHOD_POST, V1 "/moderation/words", BODY_JSON, AUTH_SESSION, ROLE_MODERATOR,
	    mod_words_change, NULL },
};

#define ROUTES	(sizeof(routes) / sizeof(routes[0]))
_Static_assert(ROUTES < SCOREBOARD_ROUTES, "the scoreboard counts every route and one more");

int
route_count(void)
{
	return (int)ROUTES;
}

int
route_index(const struct route *r)
{
	return r != NULL ? (int)(r - routes) : -1;
}

const char *
route_label(int i)
{
	/* The common prefix says nothing in a log line or a metric label. */
	if (i < 0 || i >= (int)ROUTES)
		return "unmatched";
	return routes[i].pattern + strlen(V1);
}

const char *
route_method(int i)
{
	return i < 0 || i >= (int)ROUTES ? "-" : request_method_name(routes[i].method);
}

/* True if origin is one of the space-separated origins in list. */
static bool
origin_listed(const char *list, const char *origin)
{
	size_t	 n = strlen(origin);

	for (const char *p = list; *p != '\0';) {
		size_t	 len;

		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (len > 0 && len == n && strncmp(p, origin, n) == 0)
			return true;
		p += len;
	}
	return false;
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
	return req->origin != NULL && origin_listed(cfg->site_origins, req->origin);
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

/*
 * The position of name (len bytes) in the route's space-separated list, or
 * -1; *repeats says whether the list marks it with '*'.
 */
static int
query_listed(const char *list, const char *name, size_t len, bool *repeats)
{
	int	 pos = 0;

	for (const char *p = list; *p != '\0'; pos++) {
		size_t	 n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		*repeats = n > 0 && p[n - 1] == '*';
		if (n - (*repeats ? 1 : 0) == len && len > 0 && memcmp(p, name, len) == 0)
			return pos;
		p += n;
	}
	return -1;
}

/*
 * Refuses a query parameter the route does not take, or one it takes once
 * given twice: each would be another entry in nginx's cache, so a made-up
 * one would send every read to the database.
 */
static enum err
route_query_check(struct ctx *ctx, const struct route *r)
{
	struct query_param	*params;
	unsigned		 seen = 0;
	size_t			 n;
	bool			 repeats;

	if (r->query == NULL || ctx->req->query_len == 0)
		return ERR_OK;
	if (query_parse(ctx->arena, ctx->req->query, ctx->req->query_len, &params, &n) == -1)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL, "The query string is malformed.");
	for (size_t i = 0; i < n; i++) {
		int	 pos = query_listed(r->query, params[i].name, params[i].name_len, &repeats);

		if (pos == -1)
			return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL, r->query[0] == '\0' ?
			    "This address takes no query parameters." : arena_printf(ctx->arena,
			    "Unknown query parameter; this address takes: %s.", r->query));
		assert(pos < 32);
		if (!repeats && (seen & (1u << pos)) != 0)
			return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL,
			    "A query parameter is given more than once.");
		seen |= 1u << pos;
	}
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

/* Matches path against pattern; the "{key}" segment, if any, goes to *param. */
static bool
route_match(const char *pattern, const char *path, size_t len,
    const char **param, size_t *param_len)
{
	const char	*p = path, *end = path + len;

	*param = NULL;
	*param_len = 0;
	while (*pattern != '\0') {
		if (strncmp(pattern, "{key}", 5) == 0) {
			const char	*slash = memchr(p, '/', (size_t)(end - p));
			const char	*seg_end = slash != NULL ? slash : end;

			if (seg_end == p)
				return false;
			*param = p;
			*param_len = (size_t)(seg_end - p);
			p = seg_end;
			pattern += 5;
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
	size_t			 param_len = 0;
	bool			 path_known = false;

	*route = NULL;
	for (size_t i = 0; i < ROUTES; i++) {
		const char	*p;
		size_t		 plen;

		if (!route_match(routes[i].pattern, req->path, req->path_len, &p, &plen))
			continue;
		path_known = true;
		allow_len += (size_t)snprintf(allow + allow_len, sizeof(allow) - allow_len, "%s%s%s",
		    allow_len > 0 ? ", " : "", request_method_name(routes[i].method),
		    routes[i].method == METHOD_GET ? ", HEAD" : "");
		assert(allow_len < sizeof(allow));
		if (routes[i].method == want) {
			found = &routes[i];
			param = p;
			param_len = plen;
		}
	}
	if (!path_known)
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, NULL);
	if (found == NULL) {
		out_header(ctx->res, "Allow", arena_strndup(ctx->arena, allow, allow_len));
		return out_fail(ctx->res, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
	}
	*route = found;	/* known from here, even if a precondition fails */
	if (param != NULL && validate_article_key(param, param_len) == -1)
		return out_fail(ctx->res, ERR_INVALID_ARTICLE_KEY, "key", NULL);
	if (want == METHOD_GET && route_query_check(ctx, found) != ERR_OK)
		return ERR_INVALID_PARAMETER;
	if (want == METHOD_GET && found->auth == AUTH_PUBLIC && route_fresh_unbacked(ctx)) {
		log_info("cache bypass refused: a fresh cookie without a valid session");
		out_header(ctx->res, "X-Accel-Redirect", "@rostra_cached");
		out_header(ctx->res, "Cache-Control", "no-store");
		return ERR_UNAUTHORIZED;
	}
	if (found->body == BODY_JSON) {
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
	ctx->key = param;
	ctx->key_len = param_len;
	return ERR_OK;
}
