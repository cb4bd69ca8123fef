/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Moderator API handlers (the queue arrives with the moderation issue).
 * Called by the route table only; never trusts the token's role alone.
 */
#include <string.h>

#include "api_user.h"
#include "db.h"
#include "mod_api.h"

/* ERR_OK if the caller's stored role is moderator or admin, else the error written. */
static enum err
mod_api_staff(struct ctx *ctx, struct user *u)
{
	enum err	 e;

	if ((e = db_me_get(ctx->db, ctx->arena, ctx->session.session_id, ctx->session.user_id,
	    u)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (strcmp(u->role, "moderator") != 0 && strcmp(u->role, "admin") != 0)
		return out_fail(ctx->res, ERR_FORBIDDEN, NULL, "This account is not a moderator.");
	return ERR_OK;
}

enum err
mod_api_me(struct ctx *ctx)
{
	struct user	 u;
	enum err	 e;

	if ((e = mod_api_staff(ctx, &u)) != ERR_OK)
		return e;
	api_user_json(ctx, 200, &u);
	return ERR_OK;
}
