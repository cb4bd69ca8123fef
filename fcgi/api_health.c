/* SPDX-License-Identifier: ISC — Rostra */
/* Liveness for load balancers and operators: the worker and its database both answer. */
#include <stdlib.h>

#include "api.h"
#include "db.h"

enum err
api_health_get(struct ctx *ctx)
{
	struct json_object	*root;
	enum err		 e;

	if ((e = db_health(ctx->db, ctx->arena)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if ((root = json_object_new_object()) == NULL)
		abort();
	json_object_object_add(root, "status", json_object_new_string("ok"));
	out_json(ctx->res, 200, root);
	out_header(ctx->res, "Cache-Control", "no-store");
	return ERR_OK;
}
