/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Writing to one article's thread: post a comment or a reply through the
 * moderation policy, and the caller's own part of the page (reading the
 * thread is api_threads.c's).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/api/signin.h"
#include "fcgi/api/comment_input.h"
#include "db/db.h"
#include "moderation/name.h"
#include "lib/render.h"
#include "moderation/screen.h"
#include "lib/validate.h"

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

enum err
api_comment_refuse(struct ctx *ctx, const struct policy_verdict *v)
{
	enum err	 e = screen_refusal(v);

	if (v->action == POLICY_RATE_LIMIT) {
		out_header(ctx->res, "Retry-After", arena_printf(ctx->arena, "%d", v->retry_after));
		return out_fail(ctx->res, ERR_TOO_MANY_REQUESTS, NULL, arena_printf(ctx->arena,
		    "You are commenting too fast; please wait %d second%s and try again.",
		    v->retry_after, v->retry_after == 1 ? "" : "s"));
	}
	if (e == ERR_USER_SUSPENDED)
		return out_fail(ctx->res, e, NULL, "You may not comment for now: a moderator "
		    "suspended this account for a while.");
	return out_fail(ctx->res, e, NULL, NULL);
}

/* The rules a rejected comment broke, as the reader is told them. */
static const struct {
	enum policy_reason	 reason;
	const char		*broke;	/* what is wrong, without the listed word or domain */
	const char		*fix;	/* what the reader may do */
} rejected_rules[] = {
	{ REASON_BANNED_WORD, "it contains a word or phrase this site does not allow",
	    "rephrase it" },
	{ REASON_BLOCKED_DOMAIN, "it links to a site this site does not accept links to",
	    "remove the link" },
};

enum err
api_comment_rejected(struct ctx *ctx, const struct policy_verdict *v, bool edit)
{
	for (size_t i = 0; i < v->nfindings; i++)
		for (size_t k = 0; k < sizeof(rejected_rules) / sizeof(rejected_rules[0]); k++) {
			if (v->findings[i].reason != rejected_rules[k].reason)
				continue;
			return out_fail_rule(ctx->res, ERR_COMMENT_REJECTED, "body",
			    policy_reason_code(rejected_rules[k].reason), arena_printf(ctx->arena, edit ?
			    "Your edit was not saved (your comment is unchanged): %s. You may %s and save again." :
			    "Your comment was not published: %s. You may %s and post it again.",
			    rejected_rules[k].broke, rejected_rules[k].fix));
		}
	return out_fail(ctx->res, ERR_COMMENT_REJECTED, "body", edit ?
	    "Your edit could not be saved: it breaks this site's rules. Your comment is unchanged." :
	    NULL);
}

/*
 * The answer to a retried post (same Idempotency-Key): the comment the
 * first request stored, as it is now, with the status code it had. Id -1:
 * the key came with someone else's post, of which nothing is shown.
 */
static enum err
comments_replay(struct ctx *ctx, int64_t id)
{
	struct comment	 c;
	struct jsonw	 w;
	const char	*status;
	enum err	 e;

	if (id == -1)
		return out_fail(ctx->res, ERR_IDEMPOTENCY_KEY_USED, "Idempotency-Key", NULL);
	if ((e = db_comment_get(ctx->db, ctx->arena, id, &c, &status)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (strcmp(status, "rejected") == 0)
		return out_fail(ctx->res, ERR_COMMENT_REJECTED, NULL, NULL);
	if (strcmp(status, "deleted") == 0)
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, "That comment was posted, then deleted.");
	jsonw_init(&w, ctx->arena, api_comment_size(&c));
	api_comment_json(&w, &c, strcmp(status, "held") == 0 ? "held" : "published");
	out_json(ctx->res, strcmp(status, "held") == 0 ? 202 : 201, &w);
	out_header(ctx->res, "Cache-Control", "no-store");
	out_header(ctx->res, "Idempotent-Replayed", "true");
	return ERR_OK;
}

/*
 * After a unique violation: if the post's key has a comment now (a
 * concurrent retry stored it first), its id when it is the caller's (user
 * uid, or for 0 a new guest with the same body and name), -1 when it is
 * someone else's; else 0 (the conflict was another one).
 */
static int64_t
comments_raced(struct ctx *ctx, const struct comment_new *c, int64_t uid)
{
	int64_t	 id;
	bool	 mine;

	if (c->post_key == NULL || db_post_key_comment(ctx->db, ctx->arena, c->post_key, uid,
	    c->body, c->author_name, &id, &mine) != ERR_OK)
		return 0;
	return mine ? id : -1;
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
	if (name_key(ctx->arena, c->author_name, &c->author_key) == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	if ((e = screen_comment(ctx->db, ctx->arena, ctx->now, ctx->cfg->edit_minutes, c, 0, 0,
	    v)) != ERR_OK)
		return out_fail(ctx->res, e, e == ERR_GUEST_NAME_USED ? "author_name" : NULL, NULL);
	if (c->replay_id != 0)
		return comments_replay(ctx, c->replay_id);
	if (v->action == POLICY_REFUSE || v->action == POLICY_RATE_LIMIT)
		return api_comment_refuse(ctx, v);
	signin_expiry(ctx, expires);
	e = db_guest_comment_insert(ctx->db, ctx->arena, c, expires, stored, &s);
	if (e == ERR_CONFLICT && (c->replay_id = comments_raced(ctx, c, 0)) != 0)
		return comments_replay(ctx, c->replay_id);
	if (e == ERR_CONFLICT)
		return out_fail(ctx->res, e, "author_name", API_NAME_TAKEN);
	if (e == ERR_TOO_MANY_REQUESTS)
		return api_session_guest_limited(ctx);
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if ((e = signin_start(ctx, &s, ROLE_READER)) != ERR_OK)
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
		return out_fail_limit(ctx->res, why.code, why.field, why.message, why.min, why.max);
	c.key = arena_strndup(ctx->arena, ctx->key, ctx->key_len);
	/* The article's address moderators open: only one on the page's own site. */
	if (c.url != NULL && validate_url_origin(c.url, ctx->req->origin) == -1)
		return out_fail(ctx->res, ERR_INVALID_FIELD, "url",
		    "url must be an address on the site the comment is posted from.");
	if ((c.post_key = ctx->req->idempotency_key) != NULL && validate_idempotency_key(c.post_key) == -1)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, "Idempotency-Key",
		    "Idempotency-Key must be 16 to 64 characters from A-Z, a-z, 0-9, '-' and '_'.");
	c.address = api_client_address(ctx);
	if (render_comment(ctx->arena, c.body, strlen(c.body), &html, &html_len) == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	c.html = html;
	if (ctx->signed_in) {
		/* A signed-in reader posts under their display name; author_name is ignored. */
		e = screen_comment(ctx->db, ctx->arena, ctx->now, ctx->cfg->edit_minutes, &c,
		    ctx->session.session_id, ctx->session.user_id, &v);
		if (e == ERR_OK && c.replay_id != 0)
			return comments_replay(ctx, c.replay_id);
		if (e == ERR_OK && (v.action == POLICY_REFUSE || v.action == POLICY_RATE_LIMIT))
			return api_comment_refuse(ctx, &v);
		if (e == ERR_OK)
			e = db_comment_insert(ctx->db, ctx->arena, &c, ctx->session.session_id,
			    ctx->session.user_id, &stored);
		if (e == ERR_CONFLICT && (c.replay_id = comments_raced(ctx, &c,
		    ctx->session.user_id)) != 0)
			return comments_replay(ctx, c.replay_id);
		/* A session that has ended is no session: a name makes its holder a guest. */
		if (e == ERR_UNAUTHORIZED && c.author_name != NULL && ctx->cfg->guests)
			ctx->signed_in = false;
		else if (e == ERR_UNAUTHORIZED) {
			out_header(ctx->res, "Set-Cookie", session_cookie_header(ctx->arena, ctx->cfg,
			    NULL, 0));
			return out_fail(ctx->res, e, NULL, NULL);
		} else if (e == ERR_GUEST_NAME_USED)
			return out_fail(ctx->res, e, "display_name", "Another guest commented on this "
			    "article under your name in the last 30 days; please change your name to "
			    "comment here.");
		else if (e != ERR_OK)
			return out_fail(ctx->res, e, NULL, NULL);
	}
	if (!ctx->signed_in && ((e = comments_post_guest(ctx, &c, &v, &stored)) != ERR_OK ||
	    c.replay_id != 0))
		return e;
	if (v.action == POLICY_REJECT)
		return api_comment_rejected(ctx, &v, false);
	jsonw_init(&w, ctx->arena, api_comment_size(&stored));
	api_comment_json(&w, &stored, c.status);
	out_json(ctx->res, v.action == POLICY_HOLD ? 202 : 201, &w);
	out_header(ctx->res, "Cache-Control", "no-store");
	api_fresh_grant(ctx);
	return ERR_OK;
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
	char		*key = arena_strndup(ctx->arena, ctx->key, ctx->key_len);
	enum err	 e;

	if ((e = db_mine(ctx->db, ctx->arena, key, ctx->session.session_id, ctx->session.user_id,
	    &m)) != ERR_OK)
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
	out_header(ctx->res, "Cache-Control", "no-store");
	return ERR_OK;
}
