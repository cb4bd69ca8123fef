/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The comments of one article: list a page (public, the same bytes for
 * every reader, so nginx can cache it) and post a new one through the
 * moderation policy.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "comment_input.h"
#include "cursor.h"
#include "db.h"
#include "query.h"
#include "render.h"
#include "screen.h"

/* A comment as readers see it; status (e.g. "held") only for its author's own answer. */
static void
comment_json(struct jsonw *w, const struct comment *c, const char *status)
{
	jsonw_object_begin(w);
	if (status != NULL) {
		jsonw_key(w, "status");
		jsonw_cstring(w, status);
	}
	jsonw_key(w, "id");
	jsonw_int(w, c->id);
	jsonw_key(w, "author_name");
	jsonw_string(w, c->author_name, c->author_name_len);
	jsonw_key(w, "body");
	jsonw_string(w, c->body, c->body_len);
	/* Rendered by fcgi/render.c when written; a client shows it, or else the body as text. */
	jsonw_key(w, "html");
	if (c->html != NULL)
		jsonw_string(w, c->html, c->html_len);
	else
		jsonw_null(w);
	jsonw_key(w, "created_at");
	jsonw_cstring(w, c->created_at);
	jsonw_key(w, "reactions");
	jsonw_int(w, c->reactions);
	jsonw_key(w, "featured");
	jsonw_bool(w, c->featured);
	jsonw_key(w, "badge");
	if (c->badge != NULL)
		jsonw_cstring(w, c->badge);
	else
		jsonw_null(w);
	jsonw_object_end(w);
}

/* Reads ?limit= and ?cursor=; unknown parameters are ignored, as caches add their own. */
static enum err
list_params(struct ctx *ctx, int *limit, int64_t *before)
{
	struct query_param	*params;
	size_t			 n;

	*limit = ctx->cfg->page_size;
	*before = INT64_MAX;
	if (query_parse(ctx->arena, ctx->req->query, ctx->req->query_len, &params, &n) == -1)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL,
		    "The query string is malformed.");
	for (size_t i = 0; i < n; i++) {
		if (strcmp(params[i].name, "limit") == 0) {
			char	*end;
			long	 v = strtol(params[i].value, &end, 10);

			if (params[i].value_len == 0 || *end != '\0' || v < 1 ||
			    v > ctx->cfg->page_size_max)
				return out_fail(ctx->res, ERR_INVALID_PARAMETER, "limit",
				    arena_printf(ctx->arena, "limit must be a whole number from 1 to %d.",
				    ctx->cfg->page_size_max));
			*limit = (int)v;
		} else if (strcmp(params[i].name, "cursor") == 0) {
			if (cursor_decode(params[i].value, params[i].value_len, before) == -1)
				return out_fail(ctx->res, ERR_INVALID_CURSOR, "cursor", NULL);
		}
	}
	return ERR_OK;
}

enum err
api_comments_list(struct ctx *ctx)
{
	struct comment_page	 page;
	struct jsonw		 w;
	size_t			 hint = 128;
	char			*key = arena_strndup(ctx->arena, ctx->key, ctx->key_len);
	int64_t			 before;
	int			 limit;
	enum err		 e;

	if ((e = list_params(ctx, &limit, &before)) != ERR_OK)
		return e;
	if ((e = db_comment_page(ctx->db, ctx->arena, key, before, limit, &page)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	for (size_t i = 0; i < page.n; i++)
		hint += page.items[i].author_name_len + page.items[i].body_len +
		    page.items[i].html_len + 144;
	for (size_t i = 0; i < page.nfeatured; i++)
		hint += page.featured[i].author_name_len + page.featured[i].body_len +
		    page.featured[i].html_len + 144;
	jsonw_init(&w, ctx->arena, hint + hint / 8);
	jsonw_object_begin(&w);
	jsonw_key(&w, "article");
	jsonw_object_begin(&w);
	jsonw_key(&w, "key");
	jsonw_string(&w, key, ctx->key_len);
	jsonw_key(&w, "comment_count");
	jsonw_int(&w, page.comment_count);
	jsonw_key(&w, "closed");
	jsonw_bool(&w, page.closed);
	jsonw_object_end(&w);
	jsonw_key(&w, "reaction_label");
	jsonw_cstring(&w, ctx->cfg->reaction_label);
	jsonw_key(&w, "featured");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < page.nfeatured; i++)
		comment_json(&w, &page.featured[i], NULL);
	jsonw_array_end(&w);
	jsonw_key(&w, "comments");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < page.n; i++)
		comment_json(&w, &page.items[i], NULL);
	jsonw_array_end(&w);
	jsonw_key(&w, "next_cursor");
	if (page.more) {
		char	 cursor[CURSOR_LEN_MAX];

		cursor_encode(page.items[page.n - 1].seq, cursor);
		jsonw_cstring(&w, cursor);
	} else {
		jsonw_null(&w);
	}
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	out_public(ctx->res, ctx->cfg->public_max_age, ctx->req->if_none_match);
	return ERR_OK;
}

/*
 * The client's address if it is an IP address (nginx's $remote_addr is
 * "unix:" when nginx itself listens on a socket): only those are stored
 * and counted.
 */
static const char *
comments_address(const char *addr)
{
	unsigned char	 buf[sizeof(struct in6_addr)];

	if (addr == NULL || (inet_pton(AF_INET, addr, buf) != 1 && inet_pton(AF_INET6, addr, buf) != 1))
		return NULL;
	return addr;
}

/* Answers a verdict that stores nothing: refused, or too fast. */
static enum err
comments_refuse(struct ctx *ctx, const struct policy_verdict *v)
{
	enum err	 e = screen_refusal(v);

	if (v->action == POLICY_RATE_LIMIT) {
		out_header(ctx->res, "Retry-After", arena_printf(ctx->arena, "%d", v->retry_after));
		return out_fail(ctx->res, ERR_TOO_MANY_REQUESTS, NULL,
		    "You are commenting too fast; please wait a moment.");
	}
	if (e == ERR_USER_SUSPENDED)
		return out_fail(ctx->res, e, NULL, "You may not comment for now: a moderator "
		    "suspended this account for a while.");
	return out_fail(ctx->res, e, NULL, NULL);
}

/* A guest's first comment, which creates the guest and their session. */
static enum err
comments_post_guest(struct ctx *ctx, struct comment_new *c, struct policy_verdict *v,
    struct comment *stored)
{
	struct new_session	 s;
	char			 expires[21];
	enum err		 e;

	if (!ctx->cfg->guests)
		return out_fail(ctx->res, ERR_UNAUTHORIZED, NULL, "Please sign in to comment.");
	if (c->author_name == NULL)
		return out_fail(ctx->res, ERR_MISSING_FIELD, "author_name", "Please enter your name.");
	if ((e = screen_comment(ctx, c, 0, 0, v)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (v->action == POLICY_REFUSE || v->action == POLICY_RATE_LIMIT)
		return comments_refuse(ctx, v);
	api_session_expiry(ctx, expires);
	e = db_guest_comment_insert(ctx->db, ctx->arena, c, expires, stored, &s);
	if (e == ERR_CONFLICT)
		return out_fail(ctx->res, e, "author_name", API_NAME_TAKEN);
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if ((e = api_session_start(ctx, &s, ROLE_READER)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	return ERR_OK;
}

/*
 * Every new comment passes the moderation policy first: refused ones are
 * not stored, held ones are stored out of readers' sight (202: the author
 * is told it awaits review), rejected ones are stored for moderators and
 * the author is told (422).
 */
enum err
api_comments_post(struct ctx *ctx)
{
	struct comment_new	 c;
	struct comment		 stored;
	struct policy_verdict	 v;
	struct input_error	 why;
	struct jsonw		 w;
	char			*html;
	size_t			 html_len;
	enum err		 e;

	if (comment_input_parse(ctx->arena, ctx->cfg, ctx->req->body, ctx->req->content_length,
	    &c, &why) != ERR_OK)
		return out_fail(ctx->res, why.code, why.field, why.message);
	c.key = arena_strndup(ctx->arena, ctx->key, ctx->key_len);
	c.address = comments_address(ctx->req->remote_addr);
	if (render_comment(ctx->arena, c.body, strlen(c.body), &html, &html_len) == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	c.html = html;
	if (ctx->signed_in) {
		/* A signed-in reader posts under their display name; author_name is ignored. */
		e = screen_comment(ctx, &c, ctx->session.session_id, ctx->session.user_id, &v);
		if (e == ERR_OK && (v.action == POLICY_REFUSE || v.action == POLICY_RATE_LIMIT))
			return comments_refuse(ctx, &v);
		if (e == ERR_OK)
			e = db_comment_insert(ctx->db, ctx->arena, &c, ctx->session.session_id,
			    ctx->session.user_id, &stored);
		/* A session that has ended is no session: a name makes its holder a guest. */
		if (e == ERR_UNAUTHORIZED && c.author_name != NULL && ctx->cfg->guests)
			ctx->signed_in = false;
		else if (e == ERR_UNAUTHORIZED) {
			out_header(ctx->res, "Set-Cookie", session_cookie_header(ctx->arena, ctx->cfg,
			    NULL, 0));
			return out_fail(ctx->res, e, NULL, NULL);
		} else if (e != ERR_OK)
			return out_fail(ctx->res, e, NULL, NULL);
	}
	if (!ctx->signed_in && (e = comments_post_guest(ctx, &c, &v, &stored)) != ERR_OK)
		return e;
	if (v.action == POLICY_REJECT)
		return out_fail(ctx->res, ERR_COMMENT_REJECTED, NULL, NULL);
	jsonw_init(&w, ctx->arena, stored.author_name_len + stored.body_len + stored.html_len + 176);
	comment_json(&w, &stored, c.status);
	out_json(ctx->res, v.action == POLICY_HOLD ? 202 : 201, &w);
	out_header(ctx->res, "Cache-Control", "no-store");
	api_fresh_grant(ctx);
	return ERR_OK;
}

/*
 * The writer's own reads skip nginx's shared cache for a few seconds, so a
 * reload right after a change shows it; others see it when the cache entry
 * expires.
 */
void
api_fresh_grant(struct ctx *ctx)
{
	out_header(ctx->res, "Set-Cookie", arena_printf(ctx->arena,
	    "rostra_fresh=1; Max-Age=%d; Path=/comments/; HttpOnly; SameSite=Lax",
	    ctx->cfg->fresh_seconds));
}

/*
 * The caller's part of this article's page: their comments that await
 * review, and which listed comments are theirs or have their reaction. The
 * public listing is the same for everyone (and cached), so the embed asks
 * for these apart.
 */
enum err
api_comments_mine(struct ctx *ctx)
{
	struct mine	 m;
	struct jsonw	 w;
	size_t		 hint = 64;
	char		*key = arena_strndup(ctx->arena, ctx->key, ctx->key_len);
	enum err	 e;

	if ((e = db_mine(ctx->db, ctx->arena, key, ctx->session.session_id, ctx->session.user_id,
	    &m)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	for (size_t i = 0; i < m.nheld; i++)
		hint += m.held[i].author_name_len + m.held[i].body_len + m.held[i].html_len + 144;
	jsonw_init(&w, ctx->arena, hint + strlen(m.own) + strlen(m.reacted));
	jsonw_object_begin(&w);
	jsonw_key(&w, "comments");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < m.nheld; i++)
		comment_json(&w, &m.held[i], "held");
	jsonw_array_end(&w);
	jsonw_key(&w, "own");
	jsonw_json(&w, m.own, strlen(m.own));
	jsonw_key(&w, "reacted");
	jsonw_json(&w, m.reacted, strlen(m.reacted));
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	out_header(ctx->res, "Cache-Control", "no-store");
	return ERR_OK;
}
