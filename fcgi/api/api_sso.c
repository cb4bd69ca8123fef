/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Single sign-on: the embed hands over the token the news site's backend
 * signed for its reader; a valid, unused one signs that reader in. The demo
 * route plays the site's backend for the demo page only.
 */
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/api/signin.h"
#include "fcgi/api/api_user.h"
#include "db/db.h"
#include "lib/json_in.h"
#include "lib/log.h"
#include "moderation/name.h"
#include "auth/sso.h"

#define DEMO_TOKEN_LIFETIME	120	/* seconds: long enough to hand over, no more */

enum err
api_session_sso(struct ctx *ctx)
{
	struct json_object	*root = ctx->body;
	struct sso_identity	 id;
	struct new_session	 s;
	struct user		 u;
	const char		*names[NAME_VARIANTS], *keys[NAME_VARIANTS];
	enum sso_check		 check;
	enum tok_error		 why;
	const char		*token;
	char			 expires[21];
	size_t			 len;
	enum err		 e;

	if (json_in_string(root, "token", &token, &len) != ERR_OK || token == NULL || len == 0)
		return out_fail(ctx->res, ERR_INVALID_FIELD, "token",
		    "Send exactly {\"token\": \"v4.public.…\"}.");
	check = sso_token_check(ctx->arena, ctx->app->sso, token, len, ctx->now,
	    ctx->cfg->sso_max_age, &id, &why);
	if (check != SSO_VALID) {
		log_info("sso refused: %s%s%s", sso_check_string(check),
		    check == SSO_TOKEN ? ": " : "", check == SSO_TOKEN ? tok_error_string(why) : "");
		return out_fail(ctx->res, ERR_UNAUTHORIZED, NULL,
		    "The news site's sign-in could not be confirmed; please sign in again.");
	}
	/*
	 * The site's reader cannot choose another name here: one that reads
	 * like another identity's is shown with a number instead (name.h).
	 */
	if (name_variants(ctx->arena, id.name, SSO_NAME_MAX, names, keys) == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	signin_expiry(ctx, expires);
	e = db_sso_login(ctx->db, ctx->arena, &id, names, keys, NAME_VARIANTS, expires, &u, &s);
	if (e == ERR_UNAUTHORIZED) {
		log_info("sso refused: token used before, or user banned");
		return out_fail(ctx->res, e, NULL,
		    "The news site's sign-in could not be confirmed; please sign in again.");
	}
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	return signin_answer(ctx, 200, &u, &s);
}

/* GET: 204 if the demo sign-in is on, 404 if not, so the demo page knows without minting a token. */
enum err
api_demo_sso_probe(struct ctx *ctx)
{
	if (ctx->app->demo_sso == NULL)
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, NULL);
	ctx->res->status = 204;
	return ERR_OK;
}

enum err
api_demo_sso_token(struct ctx *ctx)
{
	struct jsonw	 w;
	char		*token;

	if (ctx->app->demo_sso == NULL)
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, NULL);
	if (sso_token_make(ctx->arena, ctx->app->demo_sso, ctx->cfg->sso_audience,
	    "demo-subscriber-1", "Demo Subscriber", "subscriber@news.example", ctx->now,
	    DEMO_TOKEN_LIFETIME, &token) == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	jsonw_init(&w, ctx->arena, strlen(token) + 16);
	jsonw_object_begin(&w);
	jsonw_key(&w, "token");
	jsonw_cstring(&w, token);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
