/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What every moderator handler shares: the stored-role check and strict
 * readers for JSON bodies and query values. Called by the handlers only;
 * never trusts the token's role alone.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/api_user.h"
#include "db/db.h"
#include "lib/json_in.h"
#include "lib/jsonw.h"
#include "fcgi/api/mod_api.h"
#include "lib/query.h"
#include "lib/validate.h"

/* The caller as stored now, if staff (if admin_only, an admin); otherwise the error written. */
static enum err
mod_api_staff_user(struct ctx *ctx, struct user *u, bool admin_only)
{
	enum err	 e;

	if ((e = db_me_get(ctx->db, ctx->arena, ctx->session.session_id, ctx->session.user_id,
	    u)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (strcmp(u->role, "admin") == 0)
		return ERR_OK;
	if (strcmp(u->role, "moderator") != 0)
		return out_fail(ctx->res, ERR_FORBIDDEN, NULL, "This account is not a moderator.");
	if (admin_only)
		return out_fail(ctx->res, ERR_FORBIDDEN, NULL, "Only an admin may do this.");
	return ERR_OK;
}

/* *who the caller if their stored role admits them (see mod_api_staff). */
static enum err
mod_api_actor(struct ctx *ctx, struct actor *who, bool admin_only)
{
	struct user	 u;
	enum err	 e;

	if ((e = mod_api_staff_user(ctx, &u, admin_only)) != ERR_OK)
		return e;
	who->id = u.id;
	who->via = "api";
	return ERR_OK;
}

enum err
mod_api_staff(struct ctx *ctx, struct actor *who)
{
	return mod_api_actor(ctx, who, false);
}

enum err
mod_api_admin(struct ctx *ctx, struct actor *who)
{
	return mod_api_actor(ctx, who, true);
}

enum err
mod_api_me(struct ctx *ctx)
{
	struct user	 u;
	enum err	 e;

	if ((e = mod_api_staff_user(ctx, &u, false)) != ERR_OK)
		return e;
	api_user_json(ctx, 200, &u);
	return ERR_OK;
}

enum err
mod_api_string(struct ctx *ctx, struct json_object *root, const char *name, size_t max,
    const char **s)
{
	size_t		 len;
	enum err	 e;

	if (json_in_string(root, name, s, &len) != ERR_OK)
		return out_fail(ctx->res, ERR_INVALID_FIELD, name, arena_printf(ctx->arena,
		    "%s must be a string.", name));
	if (*s == NULL)
		return ERR_OK;
	if ((e = validate_text(*s, len, true, max)) != ERR_OK)
		return out_fail(ctx->res, e, name, arena_printf(ctx->arena,
		    "%s must be text of 1 to %zu characters.", name, max));
	return ERR_OK;
}

enum err
mod_api_int(struct ctx *ctx, struct json_object *root, const char *name, int64_t min,
    int64_t max, bool *present, int64_t *v)
{
	struct json_object	*o;

	*present = json_object_object_get_ex(root, name, &o) && o != NULL;
	if (!*present)
		return ERR_OK;
	if (!json_object_is_type(o, json_type_int) || json_object_get_int64(o) < min ||
	    json_object_get_int64(o) > max)
		return out_fail(ctx->res, ERR_INVALID_FIELD, name, arena_printf(ctx->arena,
		    "%s must be a whole number from %lld to %lld.", name, (long long)min,
		    (long long)max));
	*v = json_object_get_int64(o);
	return ERR_OK;
}

void
mod_api_answer(struct ctx *ctx, const char *name, const char *json, const char *count_name,
    int64_t count)
{
	struct jsonw	 w;

	jsonw_init(&w, ctx->arena, strlen(json) + 64);
	jsonw_object_begin(&w);
	jsonw_key(&w, name);
	jsonw_json(&w, json, strlen(json));
	if (count_name != NULL) {
		jsonw_key(&w, count_name);
		jsonw_int(&w, count);
	}
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
}

