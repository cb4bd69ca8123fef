/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The signed-in reader's own identity: see it, and change the name shown
 * with their comments. Always personal, so never cached.
 */
#include <string.h>

#include "fcgi/api/api_user.h"
#include "lib/json_in.h"
#include "moderation/name.h"
#include "lib/validate.h"

void
api_user_json(struct ctx *ctx, int status, const struct user *u)
{
	struct jsonw	 w;

	jsonw_init(&w, ctx->arena, 256);
	jsonw_object_begin(&w);
	jsonw_key(&w, "id");
	jsonw_int(&w, u->id);
	jsonw_key(&w, "kind");
	jsonw_cstring(&w, u->kind);
	jsonw_key(&w, "display_name");
	jsonw_cstring(&w, u->display_name);
	jsonw_key(&w, "role");
	jsonw_cstring(&w, u->role);
	if (u->email[0] != '\0') {
		jsonw_key(&w, "email");
		jsonw_cstring(&w, u->email);
	}
	if (u->avatar_url[0] != '\0') {
		jsonw_key(&w, "avatar_url");
		jsonw_cstring(&w, u->avatar_url);
	}
	jsonw_object_end(&w);
	out_json(ctx->res, status, &w);
}

enum err
api_user_name_parse(struct ctx *ctx, const char **name, const char **key,
    const char **article, struct input_error *why)
{
	struct json_object	*root = ctx->body;
	const char		*s;
	size_t			 len;

	why->min = why->max = 0;
	*article = NULL;
	why->field = "article";
	if (json_in_string(root, "article", &s, &len) != ERR_OK ||
	    (s != NULL && validate_article_key(s, len) == -1)) {
		why->message = "article must be an article key, as in the thread's address.";
		return ERR_INVALID_FIELD;
	}
	if (s != NULL)
		*article = arena_strndup(ctx->arena, s, len);
	return api_user_name_get(ctx, root, name, key, why);
}

enum err
api_user_guest_name_check(struct ctx *ctx, const char *article, const char *key, int64_t uid,
    const char *field)
{
	enum err	 e;
	bool		 used;

	if (article == NULL)
		return ERR_OK;
	if ((e = db_guest_name_used(ctx->db, ctx->arena, article, key, uid, &used)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (used)
		return out_fail(ctx->res, ERR_GUEST_NAME_USED, field, NULL);
	return ERR_OK;
}

enum err
api_user_name_get(struct ctx *ctx, struct json_object *root, const char **name,
    const char **key, struct input_error *why)
{
	const char	*s;
	size_t		 len;
	enum err	 e;

	why->field = "display_name";
	if (json_in_string(root, "display_name", &s, &len) != ERR_OK) {
		why->message = "display_name must be a string.";
		return ERR_INVALID_FIELD;
	}
	if (s == NULL) {
		why->message = "Please enter your name.";
		return ERR_MISSING_FIELD;
	}
	switch ((e = validate_text(s, len, false, (size_t)ctx->cfg->name_max))) {
	case ERR_OK:
		*name = arena_strndup(ctx->arena, s, len);
		if (name_key(ctx->arena, *name, key) == -1) {
			why->field = NULL;
			why->message = NULL;
			return ERR_INTERNAL;
		}
		return ERR_OK;
	case ERR_EMPTY_FIELD:
		why->message = "Please enter your name.";
		return e;
	case ERR_FIELD_TOO_LONG:
		why->message = arena_printf(ctx->arena, "The name is longer than %d characters.",
		    ctx->cfg->name_max);
		why->max = ctx->cfg->name_max;
		return e;
	case ERR_INVALID_UTF8:
		why->message = "The name is not valid UTF-8 text.";
		return e;
	default:
		why->message = "The name must not contain control characters.";
		return ERR_INVALID_FIELD;
	}
}

/*
 * Signed out (no cookie, a refused token, or a session that has ended) is
 * an answer, not an error: 204, which browsers do not log on the news
 * site's page as a failed request.
 */
enum err
api_me_get(struct ctx *ctx)
{
	struct user	 u;
	enum err	 e = ERR_UNAUTHORIZED;

	if (ctx->signed_in)
		e = db_me_get(ctx->db, ctx->arena, ctx->session.session_id, ctx->session.user_id, &u);
	if (e == ERR_UNAUTHORIZED) {
		ctx->res->status = 204;
		return ERR_OK;
	}
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	api_user_json(ctx, 200, &u);
	return ERR_OK;
}

enum err
api_me_update(struct ctx *ctx)
{
	struct input_error	 why;
	struct user		 u;
	const char		*name, *key, *article;
	enum err		 e;

	if ((e = api_user_name_parse(ctx, &name, &key, &article, &why)) != ERR_OK)
		return out_fail_limit(ctx->res, e, why.field, why.message, why.min, why.max);
	if ((e = api_user_guest_name_check(ctx, article, key, ctx->session.user_id,
	    "display_name")) != ERR_OK)
		return e;
	e = db_me_rename(ctx->db, ctx->arena, ctx->session.session_id, ctx->session.user_id,
	    name, key, &u);
	if (e == ERR_CONFLICT)
		return out_fail(ctx->res, e, "display_name", API_NAME_TAKEN);
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	api_user_json(ctx, 200, &u);
	return ERR_OK;
}
