/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Moderator actions on comments, one or a selection: approve, reject, hold,
 * publish (the last two undo a decision), feature, unfeature, dismiss
 * reports. A status change names the statuses the moderator saw ("from");
 * a comment whose status moved meanwhile is left alone and reported back
 * with who decided it, so two moderators never make two decisions.
 */
#include <stdio.h>
#include <string.h>

#include "moderation/actions.h"
#include "lib/jsonw.h"
#include "fcgi/api/mod_api.h"

#define ACTION_IDS_MAX	200

static const char *const statuses[] = { "published", "held", "approved", "rejected", NULL };

/* Reads "ids": an array of 1..ACTION_IDS_MAX distinct positive ids. -1 after writing the 400. */
static int
action_ids(struct ctx *ctx, struct json_object *root, struct id_list *ids)
{
	struct json_object	*arr;
	size_t			 n;

	if (!json_object_object_get_ex(root, "ids", &arr) || arr == NULL) {
		out_fail(ctx->res, ERR_MISSING_FIELD, "ids", "Name the comments: ids is missing.");
		return -1;
	}
	if (!json_object_is_type(arr, json_type_array) ||
	    (n = json_object_array_length(arr)) == 0 || n > ACTION_IDS_MAX) {
		out_fail(ctx->res, ERR_INVALID_FIELD, "ids", arena_printf(ctx->arena,
		    "ids must be a list of 1 to %d comment ids.", ACTION_IDS_MAX));
		return -1;
	}
	ids->v = arena_alloc(ctx->arena, n * sizeof(*ids->v));
	ids->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object	*o = json_object_array_get_idx(arr, i);
		int64_t			 id;
		bool			 seen = false;

		if (!json_object_is_type(o, json_type_int) || (id = json_object_get_int64(o)) < 1) {
			out_fail(ctx->res, ERR_INVALID_FIELD, "ids", "Each id must be a positive whole number.");
			return -1;
		}
		for (size_t j = 0; j < ids->n && !seen; j++)
			seen = ids->v[j] == id;
		if (!seen)
			ids->v[ids->n++] = id;
	}
	return 0;
}

/* Reads "from": a status or a list of them; absent: *from NULL, the action's own. -1 after the 400. */
static int
action_from(struct ctx *ctx, struct json_object *root, const char ***from, size_t *n)
{
	struct json_object	*o;
	size_t			 len;

	*from = NULL;
	*n = 0;
	if (!json_object_object_get_ex(root, "from", &o) || o == NULL)
		return 0;
	*from = arena_alloc(ctx->arena, 4 * sizeof(**from));
	len = json_object_is_type(o, json_type_array) ? json_object_array_length(o) : 1;
	for (size_t i = 0; i < len && i < 4; i++) {
		struct json_object	*s = json_object_is_type(o, json_type_array) ?
		    json_object_array_get_idx(o, i) : o;
		size_t			 k;

		for (k = 0; statuses[k] != NULL; k++)
			if (json_object_is_type(s, json_type_string) &&
			    strcmp(json_object_get_string(s), statuses[k]) == 0)
				break;
		if (statuses[k] == NULL) {
			out_fail(ctx->res, ERR_INVALID_FIELD, "from",
			    "from must be published, held, approved or rejected, or a list of them.");
			return -1;
		}
		(*from)[(*n)++] = statuses[k];
	}
	return 0;
}

/* "approved by Ann at 2026-…" for the conflict message. */
static const char *
action_decider_text(struct ctx *ctx, const struct decider *d)
{
	if (d->at[0] == '\0')
		return arena_printf(ctx->arena, "It is %s now.", d->status);
	return arena_printf(ctx->arena, "%s already made it %s (%s).",
	    d->by[0] != '\0' ? d->by : "An operator (CLI)", d->status, d->at);
}

/* True if id is in list. */
static bool
ids_have(const struct id_list *list, int64_t id)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i] == id)
			return true;
	return false;
}

enum err
mod_actions_comments(struct ctx *ctx)
{
	const struct comment_action	*act = NULL;
	struct json_object		*root = ctx->body;
	struct actor			 who;
	struct id_list			 ids, changed;
	struct decider			*deciders = NULL;
	size_t				 ndeciders = 0, nfrom = 0;
	const char			*name, *reason, *note, **from = NULL;
	struct jsonw			 w;
	enum err			 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if ((e = mod_api_string(ctx, root, "action", 32, &name)) != ERR_OK)
		return e;
	if ((act = actions_comment_find(name)) == NULL)
		return out_fail(ctx->res, name == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD, "action",
		    "action must be approve, reject, hold, publish, feature, unfeature or dismiss.");
	if (action_ids(ctx, root, &ids) == -1 || action_from(ctx, root, &from, &nfrom) == -1)
		return ERR_INVALID_FIELD;
	if ((e = mod_api_string(ctx, root, "reason", 32, &reason)) != ERR_OK ||
	    (e = mod_api_string(ctx, root, "note", 2000, &note)) != ERR_OK)
		return e;
	if (reason != NULL && strspn(reason, "abcdefghijklmnopqrstuvwxyz_") != strlen(reason))
		return out_fail(ctx->res, ERR_INVALID_FIELD, "reason",
		    "reason must be a code such as spam, abusive, off_topic, misinformation or other.");

	if ((e = actions_comment_run(ctx->db, ctx->arena, &who, act, &ids, from, nfrom, reason, note,
	    &changed)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	/* Comments not changed: say why, from what they are now. */
	if (changed.n < ids.n && (e = db_comment_deciders(ctx->db, ctx->arena, &ids, &deciders,
	    &ndeciders)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (ids.n == 1 && changed.n == 0) {
		if (ndeciders == 0)
			return out_fail(ctx->res, ERR_NOT_FOUND, "ids", "There is no such comment.");
		if (act->kind == ACTION_STATUS)
			return out_fail(ctx->res, ERR_ALREADY_DECIDED, "ids",
			    action_decider_text(ctx, &deciders[0]));
	}
	jsonw_init(&w, ctx->arena, 128 + ids.n * 160);
	jsonw_object_begin(&w);
	jsonw_key(&w, "action");
	jsonw_cstring(&w, act->name);
	jsonw_key(&w, "changed");
	jsonw_int(&w, (int64_t)changed.n);
	jsonw_key(&w, "results");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < ids.n; i++) {
		const struct decider	*d = NULL;

		for (size_t j = 0; j < ndeciders; j++)
			if (deciders[j].id == ids.v[i])
				d = &deciders[j];
		jsonw_object_begin(&w);
		jsonw_key(&w, "id");
		jsonw_int(&w, ids.v[i]);
		jsonw_key(&w, "ok");
		jsonw_bool(&w, ids_have(&changed, ids.v[i]));
		if (!ids_have(&changed, ids.v[i])) {
			jsonw_key(&w, "message");
			jsonw_cstring(&w, d == NULL ? "There is no such comment." :
			    act->kind == ACTION_STATUS ? action_decider_text(ctx, d) : "Nothing to change.");
			if (d != NULL) {
				jsonw_key(&w, "status");
				jsonw_cstring(&w, d->status);
			}
		}
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
