/* SPDX-License-Identifier: ISC — Rostra */
/* Comment counts for many articles at once, for a news site's article lists. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "query.h"
#include "validate.h"

#define COUNTS_KEYS_MAX	100

enum err
api_counts_get(struct ctx *ctx)
{
	struct query_param	*params;
	struct json_object	*root, *counts;
	const char		**keys;
	int64_t			*values;
	size_t			 n, nkeys = 0;
	enum err		 e;

	if (query_parse(ctx->arena, ctx->req->query, ctx->req->query_len, &params, &n) == -1)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, NULL, "The query string is malformed.");
	keys = arena_alloc(ctx->arena, (n + 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(params[i].name, "article") != 0)
			continue;
		if (validate_article_key(params[i].value, params[i].value_len) == -1)
			return out_fail(ctx->res, ERR_INVALID_ARTICLE_KEY, "article", NULL);
		if (nkeys == COUNTS_KEYS_MAX)
			return out_fail(ctx->res, ERR_INVALID_PARAMETER, "article",
			    "At most 100 article keys can be counted at once.");
		keys[nkeys++] = params[i].value;
	}
	if (nkeys == 0)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, "article",
		    "Name at least one article: ?article=KEY.");
	values = arena_alloc(ctx->arena, nkeys * sizeof(*values));
	if ((e = db_article_counts(ctx->db, ctx->arena, keys, nkeys, values)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if ((root = json_object_new_object()) == NULL || (counts = json_object_new_object()) == NULL)
		abort();
	for (size_t i = 0; i < nkeys; i++)
		json_object_object_add(counts, keys[i], json_object_new_int64(values[i]));
	json_object_object_add(root, "counts", counts);
	out_json(ctx->res, 200, root);
	out_public(ctx->res, ctx->cfg->public_max_age, ctx->req->if_none_match);
	return ERR_OK;
}
