/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The moderator API's handlers. The route table admits only sessions whose
 * token claims a moderator role; each handler checks the role stored now
 * (mod_api_staff), so a demoted moderator is refused at once.
 */
#ifndef ROSTRA_MOD_API_H
#define ROSTRA_MOD_API_H

#include <json-c/json.h>

#include "fcgi/api/api.h"
#include "db/db.h"
#include "lib/query.h"

/* GET /moderation/me: the signed-in moderator, for the moderator pages. */
enum err	mod_api_me(struct ctx *ctx);

/* GET /moderation/queues: each queue's size (mod_queue.c). */
enum err	mod_queue_counts(struct ctx *ctx);
/* GET /moderation/comments: one page of a queue, with the counts. */
enum err	mod_queue_list(struct ctx *ctx);

/* POST /moderation/comments/actions: approve, reject, … one or many (mod_actions.c). */
enum err	mod_actions_comments(struct ctx *ctx);

/* GET /moderation/users/{id}; POST …/actions (mod_users.c). */
enum err	mod_users_get(struct ctx *ctx);
enum err	mod_users_act(struct ctx *ctx);
/* GET /moderation/articles/{key}; POST …/actions: close, reopen, pre-moderate. */
enum err	mod_articles_get(struct ctx *ctx);
enum err	mod_articles_act(struct ctx *ctx);
/* GET /moderation/log?comment=ID or ?user=ID. */
enum err	mod_log_get(struct ctx *ctx);

/* GET and PATCH /moderation/settings; GET and POST /moderation/words (mod_settings.c). */
enum err	mod_settings_get(struct ctx *ctx);
enum err	mod_settings_update(struct ctx *ctx);
enum err	mod_words_get(struct ctx *ctx);
enum err	mod_words_change(struct ctx *ctx);

/* Helpers the handlers share (mod_api.c). */

/*
 * ERR_OK with *who the caller if their stored role is moderator or admin;
 * otherwise the error response is written and returned.
 */
enum err	mod_api_staff(struct ctx *ctx, struct actor *who);

/* The same for a caller whose stored role is admin: the site's settings. */
enum err	mod_api_admin(struct ctx *ctx, struct actor *who);

/*
 * Optional string member name of root, 1 to max characters of valid text:
 * ERR_OK with *s NULL if absent; else the 400 written.
 */
enum err	mod_api_string(struct ctx *ctx, struct json_object *root, const char *name,
		    size_t max, const char **s);

/* Optional integer member in [min, max]; *v untouched if absent. */
enum err	mod_api_int(struct ctx *ctx, struct json_object *root, const char *name,
		    int64_t min, int64_t max, bool *present, int64_t *v);

/*
 * Answers 200 {"<name>": json} (json from PostgreSQL), with "<count_name>":
 * count too unless count_name is NULL; never stored by caches.
 */
void		mod_api_answer(struct ctx *ctx, const char *name, const char *json,
		    const char *count_name, int64_t count);

#endif
