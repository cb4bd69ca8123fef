/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What a reader does to one comment once it is posted: react to another's
 * (PUT adds, DELETE takes back; both answer the count after, so the embed
 * shows the truth even when two tabs disagree; one per reader per comment,
 * never to one's own), edit their own for a while, and delete it.
 */
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/api/submit.h"
#include "db/db.h"
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
	api_fresh_grant(ctx);
	ctx->res->status = 204;
	return ERR_OK;
}

/*
 * PATCH /comments/{id}: its author rewrites it within edit_minutes of
 * posting, through the submit pipeline (submit.c): the new text passes the
 * moderation policy as a new comment would; refused or rejected, nothing
 * changes; held, it leaves readers' sight (202). Every earlier text is
 * kept for moderators.
 */
enum err
api_comment_edit(struct ctx *ctx)
{
	return submit_edit(ctx);
}
