/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: any bytes as the JSON body of every route but the
 * comment's own (fuzz_comment_input has those), through the route table's
 * member check (route_body) and then the handler's parser: registration
 * and login, a display name, a report, and the moderation routes' fields;
 * and as a token's claims or footer (json_in_flat). No parser may crash or
 * leak, each refusal carries a message, and whatever is accepted is what
 * the route's validators accept.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "moderation/actions.h"
#include "fcgi/api/api_user.h"
#include "lib/json_in.h"
#include "fcgi/api/mod_api.h"
#include "fcgi/route.h"
#include "lib/validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A context for one parser: a fresh response each, as each is its own request. */
static void
ctx_reset(struct ctx *ctx, struct response *res)
{
	out_init(res, ctx->arena);
	ctx->res = res;
}

/*
 * The body through the row of method and pattern: true with ctx->body set
 * if the route takes it; false after checking the refusal (and that
 * every member left is one the row lists).
 */
static bool
body_taken(struct ctx *ctx, enum method method, const char *pattern)
{
	const struct route	*row = route_find(method, pattern);
	struct response		 res;

	if (row == NULL)
		abort();
	ctx_reset(ctx, &res);
	ctx->body = NULL;
	if (route_body(ctx, row) == ERR_OK) {
		if (ctx->body == NULL || !json_object_is_type(ctx->body, json_type_object))
			abort();
		return true;
	}
	if (res.status < 400 || res.body == NULL || ctx->body != NULL)
		abort();
	return false;
}

/* A refusal is an error status with a body. */
static void
refused(const struct response *res)
{
	if (res->status < 400 || res->body == NULL)
		abort();
}

static void
fuzz_accounts(struct ctx *ctx)
{
	struct credentials	 c;
	struct input_error	 why;
	const char		*name, *key, *article;

	for (int registering = 0; registering < 2; registering++) {
		memset(&why, 0, sizeof(why));
		if (!body_taken(ctx, METHOD_POST, registering ? "/accounts" : "/session"))
			continue;
		if (api_account_credentials_parse(ctx, registering, &c, &why) != ERR_OK) {
			if (why.message == NULL)
				abort();
			continue;
		}
		if (validate_email(c.email, strlen(c.email)) != 0 || c.password_len > 1024 ||
		    memchr(c.password, '\0', c.password_len) != NULL ||
		    (registering && (validate_text(c.display_name, strlen(c.display_name), false,
		    (size_t)ctx->cfg->name_max) != ERR_OK || c.name_key == NULL)) ||
		    (!registering && c.display_name != NULL))
			abort();
	}
	memset(&why, 0, sizeof(why));
	if (!body_taken(ctx, METHOD_PATCH, "/me"))
		return;
	if (api_user_name_parse(ctx, &name, &key, &article, &why) == ERR_OK) {
		/* Every accepted name has a key, and "" never is one; an article is a valid key. */
		if (validate_text(name, strlen(name), false, (size_t)ctx->cfg->name_max) != ERR_OK ||
		    key == NULL || *key == '\0' ||
		    (article != NULL && validate_article_key(article, strlen(article)) != 0))
			abort();
	} else if (why.message == NULL) {
		abort();
	}
}

static void
fuzz_report(struct ctx *ctx)
{
	static const char *const reasons[] = {
		"spam", "abusive", "off_topic", "misinformation", "other", NULL
	};
	struct response	 res;
	const char	*reason, *note;
	int		 known = 0;

	if (!body_taken(ctx, METHOD_POST, "/comments/{comment}/reports"))
		return;
	ctx_reset(ctx, &res);
	if (api_reports_body_parse(ctx, &reason, &note) != ERR_OK) {
		refused(&res);
		return;
	}
	for (size_t i = 0; reasons[i] != NULL; i++)
		known |= strcmp(reason, reasons[i]) == 0;
	if (!known || (note != NULL && validate_text(note, strlen(note), true, 500) != ERR_OK) ||
	    (strcmp(reason, "other") == 0 && note == NULL))
		abort();
}

/* Every field any moderation route reads, through the helpers they share. */
static void
fuzz_moderation(struct ctx *ctx)
{
	static const struct { enum method method; const char *pattern; } rows[] = {
		{ METHOD_POST, "/moderation/comments/actions" },
		{ METHOD_POST, "/moderation/users/{user}/actions" },
		{ METHOD_POST, "/moderation/articles/{article}/actions" },
		{ METHOD_POST, "/moderation/words" },
	};
	static const struct { const char *name; size_t max; } strings[] = {
		{ "action", 32 }, { "reason", 32 }, { "note", 2000 }, { "list", 16 },
	};
	static const struct { const char *name; int64_t min, max; } ints[] = {
		{ "hours", 1, 24 * 365 }, { "days", 0, 36500 },
	};
	struct json_object	*root = NULL;
	struct response		 res;

	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]) && root == NULL; r++)
		if (body_taken(ctx, rows[r].method, rows[r].pattern))
			root = ctx->body;
	if (root == NULL)
		return;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		const char	*s;

		ctx_reset(ctx, &res);
		if (mod_api_string(ctx, root, strings[i].name, strings[i].max, &s) != ERR_OK)
			refused(&res);
		else if (s != NULL && (validate_text(s, strlen(s), true, strings[i].max) != ERR_OK ||
		    (strcmp(strings[i].name, "action") == 0 && actions_comment_find(s) == NULL &&
		    !actions_user_known(s) && !actions_article_known(s) && strlen(s) == 0)))
			abort();
	}
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		int64_t	 v = ints[i].min - 1;
		bool	 present;

		ctx_reset(ctx, &res);
		if (mod_api_int(ctx, root, ints[i].name, ints[i].min, ints[i].max, &present,
		    &v) != ERR_OK)
			refused(&res);
		else if (present && (v < ints[i].min || v > ints[i].max))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	 cfg;
	static int		 ready;
	struct json_object	*obj;
	struct request		 req;
	struct response		 res;
	struct arena		 a;
	struct ctx		 ctx;
	const char		*message;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	arena_init(&a);
	memset(&req, 0, sizeof(req));
	/* The worker reads the body into a NUL-terminated buffer of its declared length. */
	req.body = arena_strndup(&a, (const char *)data, size);
	req.content_length = size;
	req.content_type = "application/json";
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &a;
	ctx.cfg = &cfg;
	ctx.req = &req;
	ctx_reset(&ctx, &res);
	if (json_in_object(&a, req.body, size, &obj, &message) == ERR_OK) {
		if (obj == NULL || !json_object_is_type(obj, json_type_object))
			abort();
	} else if (message == NULL) {
		abort();
	}
	if ((obj = json_in_flat(&a, (const char *)data, size)) != NULL &&
	    !json_object_is_type(obj, json_type_object))
		abort();
	fuzz_accounts(&ctx);
	fuzz_report(&ctx);
	fuzz_moderation(&ctx);
	arena_release(&a);
	return 0;
}
