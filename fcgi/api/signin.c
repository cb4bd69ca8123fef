/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Starting a session, the one place a session token is signed: a guest's
 * first name or first post, a login, a registration, a single sign-on.
 */
#include "fcgi/api/api_user.h"
#include "fcgi/api/signin.h"

void
signin_expiry(const struct ctx *ctx, char buf[21])
{
	session_time_format(ctx->now + (time_t)ctx->cfg->session_days * 86400, buf);
}

enum err
signin_start(struct ctx *ctx, const struct new_session *s, enum role role)
{
	struct session_claims	 claims;
	char			*token;

	claims.user_id = s->user_id;
	claims.session_id = s->session_id;
	claims.role = role;
	claims.issued = ctx->now;
	claims.expires = ctx->now + (time_t)ctx->cfg->session_days * 86400;
	if (session_token_make(ctx->arena, ctx->keys, &claims, &token) == -1)
		return ERR_INTERNAL;
	out_header(ctx->res, "Set-Cookie", session_cookie_header(ctx->arena, ctx->cfg, token,
	    (long)ctx->cfg->session_days * 86400));
	return ERR_OK;
}

enum err
signin_answer(struct ctx *ctx, int status, const struct user *u,
    const struct new_session *s)
{
	int		 role = session_role_parse(u->role);
	enum err	 e;

	if ((e = signin_start(ctx, s, role < 0 ? ROLE_READER : (enum role)role)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	api_user_json(ctx, status, u);
	return ERR_OK;
}
