/* SPDX-License-Identifier: ISC — Rostra */
/* Comment counts for many articles at once, for a news site's article lists. */
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "db/db.h"
#include "lib/query.h"
#include "lib/validate.h"

#define COUNTS_KEYS_MAX	100

enum err
api_counts_get(struct ctx *ctx)
{
	const struct query_param *params = ctx->query;
	struct jsonw		 w;
	const char		**keys;
	int64_t			*values;
	size_t			 n = ctx->nquery, nkeys = 0;
	enum err		 e;

	keys = arena_alloc(ctx->arena, (n + 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(params[i].name, "article") != 0)
			continue;
		if (params[i].value_len == 0)	/* the route table checked the others */
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
	jsonw_init(&w, ctx->arena, 32 + nkeys * (ARTICLE_KEY_MAX + 16));
	jsonw_object_begin(&w);
	jsonw_key(&w, "counts");
	jsonw_object_begin(&w);
	for (size_t i = 0; i < nkeys; i++) {
		/* A key asked for twice is answered once. */
		size_t	 j = 0;

		while (j < i && strcmp(keys[j], keys[i]) != 0)
			j++;
		if (j < i)
			continue;
		jsonw_key(&w, keys[i]);	/* validated: nothing to escape */
		jsonw_int(&w, values[i]);
	}
	jsonw_object_end(&w);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
