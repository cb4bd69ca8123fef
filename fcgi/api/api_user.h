/* SPDX-License-Identifier: ISC — Rostra */
/* A user as JSON, and a display name in: what the identity handlers share. */
#ifndef ROSTRA_API_USER_H
#define ROSTRA_API_USER_H

#include "fcgi/api/api.h"
#include "fcgi/api/comment_input.h"
#include "db/db.h"
#include "lib/json_in.h"

/* Answers status with u as {"id","kind","display_name","role"[,"email","avatar_url"]}. */
void		api_user_json(struct ctx *ctx, int status, const struct user *u);

/*
 * Reads the display_name member of root: *name (arena memory) validated
 * like an author name, and *key its name_key (moderation/name.h), which the
 * database compares. On failure returns the error with *why.
 */
enum err	api_user_name_get(struct ctx *ctx, struct json_object *root, const char **name,
		    const char **key, struct input_error *why);

/*
 * Reads a request body that must be {"display_name": "…"}, as
 * api_user_name_get, with an optional "article" (an article key, arena
 * memory in *article; NULL if absent): the article the name is for.
 */
enum err	api_user_name_parse(struct ctx *ctx, const char **name, const char **key,
		    const char **article, struct input_error *why);

/*
 * For a name (key key) given with an article (NULL: nothing to check), by
 * guest uid or a guest about to be created (0): ERR_OK, or the 409
 * guest_name_used on field written when another guest commented on that
 * article under the name recently (docs/API.md, "Names").
 */
enum err	api_user_guest_name_check(struct ctx *ctx, const char *article, const char *key,
		    int64_t uid, const char *field);

#endif
