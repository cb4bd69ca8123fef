/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: any bytes as a request line's path and query. Routing,
 * the query-string parser and the cursor decoder must never crash, and a
 * route that resolves must carry a valid article key.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cursor.h"
#include "lib/query.h"
#include "fcgi/route.h"
#include "lib/validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	 cfg;
	static int		 ready;
	struct arena		 a;
	struct request		 req;
	struct response		 res;
	struct ctx		 ctx;
	const struct route	*route;
	struct query_param	*params;
	size_t			 n;
	char			*uri, *q;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	if (size == 0)
		return 0;
	arena_init(&a);
	uri = arena_strndup(&a, (const char *)data + 1, size - 1);
	memset(&req, 0, sizeof(req));
	req.method = (enum method)(data[0] % METHOD__MAX);
	req.path = uri;
	req.path_len = strlen(uri);
	req.query = "";
	if ((q = strchr(uri, '?')) != NULL) {
		req.path_len = (size_t)(q - uri);
		req.query = q + 1;
	}
	req.query_len = strlen(req.query);
	req.content_type = "application/json";
	out_init(&res, &a);
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &a;
	ctx.cfg = &cfg;
	ctx.req = &req;
	ctx.res = &res;
	if (route_resolve(&ctx, &route) == ERR_OK) {
		if (ctx.key != NULL && validate_article_key(ctx.key, ctx.key_len) != 0)
			abort();
	} else if (res.status < 400 || res.body == NULL) {
		abort();
	}
	if (query_parse(&a, req.query, req.query_len, &params, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			int64_t	 id;

			if (cursor_decode(params[i].value, params[i].value_len, &id) == 0 && id <= 0)
				abort();
		}
	}
	arena_release(&a);
	return 0;
}
