/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The comments of one article: list a page (public, the same bytes for
 * every reader, so nginx can cache it) and post a new one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "comment_input.h"
#include "cursor.h"
#include "db.h"
#include "query.h"

static void
comment_json(struct jsonw *w, const struct comment *c)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, c->id);
	jsonw_key(w, "author_name");
	jsonw_string(w, c->author_name, c->author_name_len);
	jsonw_key(w, "body");
	jsonw_string(w, c->body, c->body_len);
	jsonw_key(w, "created_at");
	jsonw_cstring(w, c->created_at);
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
		hint += page.items[i].author_name_len + page.items[i].body_len + 96;
	jsonw_init(&w, ctx->arena, hint + hint / 8);
	jsonw_object_begin(&w);
	jsonw_key(&w, "article");
	jsonw_object_begin(&w);
	jsonw_key(&w, "key");
	jsonw_string(&w, key, ctx->key_len);
	jsonw_key(&w, "comment_count");
	jsonw_int(&w, page.comment_count);
	jsonw_object_end(&w);
	jsonw_key(&w, "comments");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < page.n; i++)
		comment_json(&w, &page.items[i]);
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

enum err
api_comments_post(struct ctx *ctx)
{
	struct comment_new	 c;
	struct comment		 stored;
	struct input_error	 why;
	struct jsonw		 w;
	enum err		 e;

	if (comment_input_parse(ctx->arena, ctx->cfg, ctx->req->body, ctx->req->content_length,
	    &c, &why) != ERR_OK)
		return out_fail(ctx->res, why.code, why.field, why.message);
	c.key = arena_strndup(ctx->arena, ctx->key, ctx->key_len);
	if (ctx->signed_in) {
		/* A signed-in reader posts under their display name; author_name is ignored. */
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
	if (!ctx->signed_in) {
		struct new_session	 s;
		char			 expires[21];

		if (!ctx->cfg->guests)
			return out_fail(ctx->res, ERR_UNAUTHORIZED, NULL,
			    "Please sign in to comment.");
		if (c.author_name == NULL)
			return out_fail(ctx->res, ERR_MISSING_FIELD, "author_name",
			    "Please enter your name.");
		api_session_expiry(ctx, expires);
		e = db_guest_comment_insert(ctx->db, ctx->arena, &c, expires, &stored, &s);
		if (e == ERR_CONFLICT)
			return out_fail(ctx->res, e, "author_name", API_NAME_TAKEN);
		if (e != ERR_OK)
			return out_fail(ctx->res, e, NULL, NULL);
		if ((e = api_session_start(ctx, &s, ROLE_READER)) != ERR_OK)
			return out_fail(ctx->res, e, NULL, NULL);
	}
	jsonw_init(&w, ctx->arena, stored.author_name_len + stored.body_len + 128);
	comment_json(&w, &stored);
	out_json(ctx->res, 201, &w);
	out_header(ctx->res, "Cache-Control", "no-store");
	/*
	 * The poster's own reads skip nginx's shared cache for a few seconds, so
	 * a reload right after posting shows the new comment; others see it
	 * when the cache entry expires.
	 */
	out_header(ctx->res, "Set-Cookie", arena_printf(ctx->arena,
	    "rostra_fresh=1; Max-Age=%d; Path=/comments/; HttpOnly; SameSite=Lax",
	    ctx->cfg->fresh_seconds));
	return ERR_OK;
}
