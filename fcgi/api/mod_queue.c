/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The queues moderators work: each one's size, and a page of one with every
 * item's reasons, reports, article and author history. A polling page sends
 * back the ETag it has and gets a bodiless 304 while nothing changed.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/jsonw.h"
#include "fcgi/api/mod_api.h"
#include "lib/validate.h"

/* The article scope from ?article= (the route table checked it), NULL for the site. */
static const char *
queue_scope(const struct ctx *ctx)
{
	const char	*key = query_get(ctx->query, ctx->nquery, "article");

	return key != NULL && *key != '\0' ? key : NULL;
}

static void
queue_counts_json(struct jsonw *w, const int64_t counts[QUEUE__COUNTED])
{
	jsonw_key(w, "counts");
	jsonw_object_begin(w);
	for (int i = 0; i < QUEUE__COUNTED; i++) {
		jsonw_key(w, db_queue_names[i]);
		jsonw_int(w, counts[i]);
	}
	jsonw_object_end(w);
}

enum err
mod_queue_counts(struct ctx *ctx)
{
	struct actor	 who;
	struct jsonw	 w;
	int64_t		 counts[QUEUE__COUNTED];
	const char	*key;
	enum err	 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	key = queue_scope(ctx);
	if ((e = db_queue_counts(ctx->db, ctx->arena, key, counts)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	jsonw_init(&w, ctx->arena, 256);
	jsonw_object_begin(&w);
	queue_counts_json(&w, counts);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}

/* Reads ?queue= ?cursor= ?limit= ?q= ?reason= ?user= into q and f; -1 after writing the 400. */
static int
queue_params(struct ctx *ctx, enum queue *q, struct queue_filter *f)
{
	const char		*name, *v;

	name = query_get(ctx->query, ctx->nquery, "queue");
	memset(f, 0, sizeof(*f));
	*q = QUEUE_PENDING;
	if (name != NULL) {
		int	 i;

		for (i = 0; i < QUEUE__MAX && strcmp(name, db_queue_names[i]) != 0; i++)
			;
		if (i == QUEUE__MAX) {
			out_fail(ctx->res, ERR_INVALID_PARAMETER, "queue", "queue must be pending, "
			    "reported, unmoderated, approved, rejected or all.");
			return -1;
		}
		*q = (enum queue)i;
	}
	f->key = queue_scope(ctx);
	if ((v = query_get(ctx->query, ctx->nquery, "cursor")) != NULL && *v != '\0' &&
	    (f->cursor = validate_id(v, strlen(v))) == -1) {
		out_fail(ctx->res, ERR_INVALID_CURSOR, "cursor", NULL);
		return -1;
	}
	f->limit = 25;
	if ((v = query_get(ctx->query, ctx->nquery, "limit")) != NULL) {
		int64_t	 n = validate_id(v, strlen(v));

		if (n < 1 || n > 100) {
			out_fail(ctx->res, ERR_INVALID_PARAMETER, "limit",
			    "limit must be a whole number from 1 to 100.");
			return -1;
		}
		f->limit = (int)n;
	}
	if ((v = query_get(ctx->query, ctx->nquery, "q")) != NULL && *v != '\0') {
		if (validate_text(v, strlen(v), false, 200) != ERR_OK) {
			out_fail(ctx->res, ERR_INVALID_PARAMETER, "q",
			    "The search must be 1 to 200 characters of text.");
			return -1;
		}
		f->text = v;
	}
	if ((v = query_get(ctx->query, ctx->nquery, "reason")) != NULL && *v != '\0') {
		if (strlen(v) > 64 || strspn(v, "abcdefghijklmnopqrstuvwxyz_") != strlen(v)) {
			out_fail(ctx->res, ERR_INVALID_PARAMETER, "reason",
			    "reason must be a reason code such as too_many_links or spam.");
			return -1;
		}
		f->reason = v;
	}
	if ((v = query_get(ctx->query, ctx->nquery, "user")) != NULL && *v != '\0' &&
	    (f->user_id = validate_id(v, strlen(v))) == -1) {
		out_fail(ctx->res, ERR_INVALID_PARAMETER, "user", "user must be a user id.");
		return -1;
	}
	if (*q == QUEUE_ALL && f->user_id == 0) {
		out_fail(ctx->res, ERR_INVALID_PARAMETER, "user",
		    "queue=all lists one author's comments: give user.");
		return -1;
	}
	return 0;
}

enum err
mod_queue_list(struct ctx *ctx)
{
	struct actor		 who;
	struct queue_filter	 f;
	struct json_row		*rows;
	struct jsonw		 w;
	int64_t			 counts[QUEUE__COUNTED];
	size_t			 n, hint = 256;
	enum queue		 q;
	bool			 more;
	enum err		 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if (queue_params(ctx, &q, &f) == -1)
		return ERR_INVALID_PARAMETER;
	if ((e = db_queue_counts(ctx->db, ctx->arena, f.key, counts)) != ERR_OK ||
	    (e = db_queue_page(ctx->db, ctx->arena, q, &f, &rows, &n, &more)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		hint += rows[i].len + 2;
	jsonw_init(&w, ctx->arena, hint);
	jsonw_object_begin(&w);
	jsonw_key(&w, "queue");
	jsonw_cstring(&w, db_queue_names[q]);
	jsonw_key(&w, "article");
	if (f.key != NULL)
		jsonw_cstring(&w, f.key);
	else
		jsonw_null(&w);
	queue_counts_json(&w, counts);
	jsonw_key(&w, "items");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < n; i++)
		jsonw_json(&w, rows[i].json, rows[i].len);
	jsonw_array_end(&w);
	jsonw_key(&w, "next_cursor");
	if (more)
		jsonw_cstring(&w, arena_printf(ctx->arena, "%lld", (long long)rows[n - 1].id));
	else
		jsonw_null(&w);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
