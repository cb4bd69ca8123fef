/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Writing to one article's thread: post a comment or a reply (the submit
 * pipeline, submit.c, does the work), and the caller's own part of the
 * page (reading the thread is api_threads.c's).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/api/submit.h"
#include "db/db.h"

/*
 * nginx's $remote_addr is "unix:" when nginx itself listens on a socket:
 * only IP addresses are stored and counted.
 */
const char *
api_client_address(const struct ctx *ctx)
{
	unsigned char	 buf[sizeof(struct in6_addr)];
	const char	*addr = ctx->req->remote_addr;

	if (addr == NULL || (inet_pton(AF_INET, addr, buf) != 1 && inet_pton(AF_INET6, addr, buf) != 1))
		return NULL;
	return addr;
}

/*
 * POST …/articles/{key}/comments: a new comment or reply, through the
 * submit pipeline (submit.c), which answers.
 */
enum err
api_comments_post(struct ctx *ctx)
{
	return submit_post(ctx);
}

/*
 * The writer's own reads skip nginx's shared cache for a few seconds, so a
 * reload right after a change shows it; others see it when the cache entry
 * expires. Only together with a session that verifies (route.c): the
 * cookie alone is no way around the cache.
 */
void
api_fresh_grant(struct ctx *ctx)
{
	out_header(ctx->res, "Set-Cookie", arena_printf(ctx->arena,
	    SESSION_FRESH_COOKIE "=1; Max-Age=%d; Path=/comments/; HttpOnly; SameSite=Lax",
	    ctx->cfg->fresh_seconds));
}

/*
 * The caller's part of this article's page: their comments that await
 * review, and which listed comments are theirs, have their reaction or
 * their report. The
 * public listing is the same for everyone (and cached), so the embed asks
 * for these apart.
 */
enum err
api_comments_mine(struct ctx *ctx)
{
	struct mine	 m;
	struct jsonw	 w;
	size_t		 hint = 64;
	enum err	 e;

	if ((e = db_mine(ctx->db, ctx->arena, ctx->key, ctx->session.session_id,
	    ctx->session.user_id, &m)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	for (size_t i = 0; i < m.nheld; i++)
		hint += api_comment_size(&m.held[i]);
	jsonw_init(&w, ctx->arena, hint + strlen(m.own) + strlen(m.reacted) + strlen(m.reported));
	jsonw_object_begin(&w);
	jsonw_key(&w, "comments");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < m.nheld; i++)
		api_comment_json(&w, &m.held[i], "held");
	jsonw_array_end(&w);
	jsonw_key(&w, "own");
	jsonw_json(&w, m.own, strlen(m.own));
	jsonw_key(&w, "reacted");
	jsonw_json(&w, m.reacted, strlen(m.reacted));
	jsonw_key(&w, "reported");
	jsonw_json(&w, m.reported, strlen(m.reported));
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
