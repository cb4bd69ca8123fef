/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The reader API's handlers and the context they run in. The dispatcher
 * (route.c) has already checked the method, the path parameter, the body
 * size and the content type; handlers check only what is theirs.
 */
#ifndef ROSTRA_API_H
#define ROSTRA_API_H

#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "error.h"
#include "out.h"
#include "request.h"

struct db;

struct ctx {
	struct arena		*arena;		/* this request's memory */
	const struct config	*cfg;
	struct db		*db;
	const struct request	*req;
	struct response		*res;
	const char		*key;		/* article key from the path, validated; or NULL */
	size_t			 key_len;
};

/* Each fills ctx->res and returns ERR_OK, or returns out_fail(…). */
enum err	api_health_get(struct ctx *ctx);
enum err	api_comments_list(struct ctx *ctx);
enum err	api_comments_post(struct ctx *ctx);
enum err	api_counts_get(struct ctx *ctx);

#endif
