/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Moderator actions on readers (ban, suspend, trust, pre-moderate, notes)
 * and on articles (close, reopen, pre-moderate, close automatically), and
 * the log moderators read. Staff accounts cannot be acted on from here.
 */
#include <string.h>

#include "moderation/actions.h"
#include "lib/jsonw.h"
#include "fcgi/api/mod_api.h"
#include "lib/validate.h"

enum err
mod_users_get(struct ctx *ctx)
{
	struct actor	 who;
	const char	*json;
	enum err	 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if ((e = db_user_get(ctx->db, ctx->arena, ctx->id, &json)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, e == ERR_NOT_FOUND ? "There is no such user." : NULL);
	mod_api_answer(ctx, "user", json, NULL, 0);
	return ERR_OK;
}

enum err
mod_users_act(struct ctx *ctx)
{
	struct json_object	*root = ctx->body, *o;
	struct actor		 who;
	const char		*action, *note, *json;
	int64_t			 hours = 24, rejected = 0;
	bool			 has_hours, reject_all = false;
	enum err		 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if ((e = mod_api_string(ctx, root, "action", 32, &action)) != ERR_OK ||
	    (e = mod_api_string(ctx, root, "note", 2000, &note)) != ERR_OK ||
	    (e = mod_api_int(ctx, root, "hours", 1, 24 * 365, &has_hours, &hours)) != ERR_OK)
		return e;
	if (!actions_user_known(action))
		return out_fail(ctx->res, action == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD, "action",
		    "action must be ban, unban, suspend, unsuspend, trust, premoderate, normal or note.");
	if (json_object_object_get_ex(root, "reject_comments", &o) && o != NULL) {
		if (!json_object_is_type(o, json_type_boolean))
			return out_fail(ctx->res, ERR_INVALID_FIELD, "reject_comments",
			    "reject_comments must be true or false.");
		reject_all = json_object_get_boolean(o);
	}
	if (strcmp(action, "note") == 0) {
		if (note == NULL)
			return out_fail(ctx->res, ERR_MISSING_FIELD, "note", "Write the note.");
		if ((e = db_user_note_add(ctx->db, ctx->arena, &who, ctx->id, note)) != ERR_OK ||
		    (e = db_user_get(ctx->db, ctx->arena, ctx->id, &json)) != ERR_OK)
			return out_fail(ctx->res, e, NULL, e == ERR_NOT_FOUND ?
			    "There is no such user." : NULL);
	} else if ((e = db_user_moderate(ctx->db, ctx->arena, &who, ctx->id, action, (int)hours,
	    note, reject_all, &json, &rejected)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, e == ERR_NOT_FOUND ?
		    "There is no such reader (staff accounts are managed with the CLI)." : NULL);
	mod_api_answer(ctx, "user", json, "rejected", rejected);
	return ERR_OK;
}

enum err
mod_articles_act(struct ctx *ctx)
{
	struct json_object	*root = ctx->body;
	struct actor		 who;
	const char		*action, *json, *days = NULL;
	int64_t			 n = 0;
	bool			 has_days;
	enum err		 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if ((e = mod_api_string(ctx, root, "action", 32, &action)) != ERR_OK ||
	    (e = mod_api_int(ctx, root, "days", 0, 36500, &has_days, &n)) != ERR_OK)
		return e;
	if (!actions_article_known(action))
		return out_fail(ctx->res, action == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD, "action",
		    "action must be close, reopen, premoderate, unpremoderate or auto_close.");
	if (has_days)
		days = arena_printf(ctx->arena, "%lld", (long long)n);
	if ((e = db_article_moderate(ctx->db, ctx->arena, &who, ctx->key, action, days,
	    &json)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	mod_api_answer(ctx, "article", json, NULL, 0);
	return ERR_OK;
}

enum err
mod_articles_get(struct ctx *ctx)
{
	struct actor	 who;
	const char	*json;
	enum err	 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if ((e = db_article_get(ctx->db, ctx->arena, ctx->key, &json)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, e == ERR_NOT_FOUND ?
		    "No comment has been posted to this article yet." : NULL);
	mod_api_answer(ctx, "article", json, NULL, 0);
	return ERR_OK;
}

enum err
mod_log_get(struct ctx *ctx)
{
	struct actor	 who;
	struct json_row	*rows;
	struct jsonw	 w;
	const char	*comment, *user, *v;
	size_t		 n, hint = 64;
	int64_t		 id;
	enum err	 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	comment = query_get(ctx->query, ctx->nquery, "comment");
	user = query_get(ctx->query, ctx->nquery, "user");
	v = comment != NULL ? comment : user;
	if (v == NULL || (comment != NULL && user != NULL) || (id = validate_id(v, strlen(v))) == -1)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, comment != NULL ? "comment" : "user",
		    "Ask for the log of one comment (?comment=ID) or one user (?user=ID).");
	if ((e = db_log_get(ctx->db, ctx->arena, comment == NULL, id, &rows, &n)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		hint += rows[i].len + 1;
	jsonw_init(&w, ctx->arena, hint);
	jsonw_object_begin(&w);
	jsonw_key(&w, "entries");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < n; i++)
		jsonw_json(&w, rows[i].json, rows[i].len);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
