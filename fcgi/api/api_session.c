/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Sessions: a guest signs in with a display name; any reader signs out of
 * this browser or of every browser. Tokens are signed in signin.c.
 */
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/api/signin.h"
#include "fcgi/api/api_user.h"
#include "db/db.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/validate.h"

enum err
api_session_guest(struct ctx *ctx)
{
	struct new_session	 s;
	struct user		 u;
	struct input_error	 why;
	const char		*name, *key, *article;
	char			 expires[21];
	enum err		 e;

	if (!ctx->cfg->guests)
		return out_fail(ctx->res, ERR_FORBIDDEN, NULL,
		    "This site asks readers to sign in with an account.");
	if ((e = api_user_name_parse(ctx, &name, &key, &article, &why)) != ERR_OK)
		return out_fail_limit(ctx->res, e, why.field, why.message, why.min, why.max);
	if ((e = api_user_guest_name_check(ctx, article, key, 0, "display_name")) != ERR_OK)
		return e;
	signin_expiry(ctx, expires);
	e = db_guest_create(ctx->db, ctx->arena, name, key, expires, api_client_address(ctx), &u,
	    &s);
	if (e == ERR_CONFLICT)
		return out_fail(ctx->res, e, "display_name", API_NAME_TAKEN);
	if (e == ERR_TOO_MANY_REQUESTS)
		return api_session_guest_limited(ctx);
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	return signin_answer(ctx, 201, &u, &s);
}

/*
 * The site's guest_address_max: this address made enough guests this hour.
 * A reader who has a session keeps it; a new one may sign in with an account.
 */
enum err
api_session_guest_limited(struct ctx *ctx)
{
	out_header(ctx->res, "Retry-After", arena_printf(ctx->arena, "%d", db_retry_after(ctx->db)));
	return out_fail(ctx->res, ERR_TOO_MANY_REQUESTS, NULL, "Too many new guests from this "
	    "address; please try again later, or sign in with an account.");
}

/* Ends this browser's session and clears its cookie. */
enum err
api_session_end(struct ctx *ctx)
{
	enum err	 e = db_session_revoke(ctx->db, ctx->arena, ctx->session.session_id,
	    ctx->session.user_id);

	if (e != ERR_OK && e != ERR_UNAUTHORIZED)
		return out_fail(ctx->res, e, NULL, NULL);
	ctx->res->status = 204;
	out_header(ctx->res, "Set-Cookie", session_cookie_header(ctx->arena, ctx->cfg, NULL, 0));
	return ERR_OK;
}

/* Ends every session of the caller's user, this one included. */
enum err
api_sessions_end_all(struct ctx *ctx)
{
	enum err	 e = db_sessions_revoke_all(ctx->db, ctx->arena, ctx->session.session_id,
	    ctx->session.user_id);

	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	ctx->res->status = 204;
	out_header(ctx->res, "Set-Cookie", session_cookie_header(ctx->arena, ctx->cfg, NULL, 0));
	return ERR_OK;
}
