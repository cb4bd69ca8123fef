/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What a reader does to one comment once it is posted: react to another's
 * (PUT adds, DELETE takes back; both answer the count after, so the embed
 * shows the truth even when two tabs disagree; one per reader per comment,
 * never to one's own), edit their own for a while, and delete it.
 */
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/api/comment_input.h"
#include "db/db.h"
#include "lib/render.h"
#include "moderation/screen.h"
#include "lib/validate.h"

static enum err
reaction_set(struct ctx *ctx, bool on)
{
	enum reaction_outcome	 outcome;
	struct jsonw		 w;
	int64_t			 id = ctx->id, count;
	enum err		 e;

	if ((e = db_reaction_set(ctx->db, ctx->arena, id, ctx->session.session_id,
	    ctx->session.user_id, on, &outcome, &count)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	switch (outcome) {
	case REACTION_SESSION_OVER:
		return out_fail(ctx->res, ERR_UNAUTHORIZED, NULL, NULL);
	case REACTION_NO_COMMENT:
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, "There is no such comment.");
	case REACTION_OWN:
		return out_fail(ctx->res, ERR_FORBIDDEN, NULL, "You cannot react to your own comment.");
	case REACTION_DONE:
		break;
	}
	jsonw_init(&w, ctx->arena, 64);
	jsonw_object_begin(&w);
	jsonw_key(&w, "reacted");
	jsonw_bool(&w, on);
	jsonw_key(&w, "reactions");
	jsonw_int(&w, count);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	out_header(ctx->res, "Cache-Control", "no-store");
	api_fresh_grant(ctx);
	return ERR_OK;
}

enum err
api_reaction_put(struct ctx *ctx)
{
	return reaction_set(ctx, true);
}

enum err
api_reaction_delete(struct ctx *ctx)
{
	return reaction_set(ctx, false);
}

/* DELETE /comments/{id}: its author takes it down, at any time. */
enum err
api_comment_delete(struct ctx *ctx)
{
	int64_t		 id = ctx->id;
	enum err	 e;

	if ((e = db_comment_delete(ctx->db, ctx->arena, id, ctx->session.session_id,
	    ctx->session.user_id)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, e == ERR_NOT_FOUND ?
		    "You have no such comment to delete." : NULL);
	out_header(ctx->res, "Cache-Control", "no-store");
	api_fresh_grant(ctx);
	ctx->res->status = 204;
	return ERR_OK;
}

/*
 * PATCH /comments/{id}: its author rewrites it within edit_minutes of
 * posting. The new text passes the moderation policy as a new comment
 * would: refused or rejected, nothing changes; held, it leaves readers'
 * sight (202). Every earlier text is kept for moderators.
 */
enum err
api_comment_edit(struct ctx *ctx)
{
	struct comment_new	 c;
	struct comment		 stored;
	struct policy_verdict	 v;
	struct input_error	 why;
	struct jsonw		 w;
	size_t			 html_len;
	char			*html;
	const char		*status;
	int64_t			 id = ctx->id;
	enum err		 e;

	if (comment_edit_parse(ctx->arena, ctx->cfg, ctx->req->body, ctx->req->content_length, &c,
	    &why) != ERR_OK)
		return out_fail_limit(ctx->res, why.code, why.field, why.message, why.min, why.max);
	c.edit_id = id;
	if (render_comment(ctx->arena, c.body, strlen(c.body), &html, &html_len) == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	c.html = html;
	e = screen_comment(ctx->db, ctx->arena, ctx->now, ctx->cfg->edit_minutes, &c,
	    ctx->session.session_id, ctx->session.user_id, &v);
	if (e == ERR_NOT_FOUND)
		return out_fail(ctx->res, e, NULL, "You have no such comment to edit.");
	if (e == ERR_EDIT_WINDOW_OVER)
		return out_fail(ctx->res, e, NULL, arena_printf(ctx->arena,
		    "Comments can be edited for %d minutes after posting.", ctx->cfg->edit_minutes));
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (v.action == POLICY_REFUSE || v.action == POLICY_RATE_LIMIT)
		return api_comment_refuse(ctx, &v);
	if (v.action == POLICY_REJECT)
		return api_comment_rejected(ctx, &v, true);
	if ((e = db_comment_edit(ctx->db, ctx->arena, &c, ctx->session.session_id,
	    ctx->session.user_id, ctx->cfg->edit_minutes, &stored, &status)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, e == ERR_EDIT_WINDOW_OVER ? arena_printf(ctx->arena,
		    "Comments can be edited for %d minutes after posting.", ctx->cfg->edit_minutes) :
		    NULL);
	jsonw_init(&w, ctx->arena, api_comment_size(&stored));
	/* A held comment stays held whatever the verdict: the statement says which. */
	api_comment_json(&w, &stored, status);
	out_json(ctx->res, strcmp(status, "held") == 0 ? 202 : 200, &w);
	out_header(ctx->res, "Cache-Control", "no-store");
	api_fresh_grant(ctx);
	return ERR_OK;
}
