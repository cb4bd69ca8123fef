/* SPDX-License-Identifier: ISC — Rostra */
/* Liveness for load balancers and operators: the worker and its database both answer. */
#include "fcgi/api/api.h"
#include "db/db.h"

enum err
api_health_get(struct ctx *ctx)
{
	struct jsonw	 w;
	enum err	 e;

	if ((e = db_health(ctx->db, ctx->arena)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	jsonw_init(&w, ctx->arena, 32);
	jsonw_object_begin(&w);
	jsonw_key(&w, "status");
	jsonw_cstring(&w, "ok");
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
