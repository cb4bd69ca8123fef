/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: any bytes as the body of "post a comment", of "edit a
 * comment", and as a paging cursor of either format. Each body goes the
 * way the daemon takes it too: through the real route row's member check
 * (route_body) and then the parser's reader. The parsers must never crash
 * or leak, whatever they accept must be text we would accept again field
 * by field, a body the parser accepts the row must let through, and an
 * accepted cursor must read back the same.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/comment_input.h"
#include "fcgi/route.h"
#include "lib/cursor.h"
#include "lib/validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A cursor we accept is one we would write, byte for byte. */
static void
fuzz_cursors(const char *s, size_t len)
{
	char	 again[CURSOR_LEN_MAX];
	int64_t	 key, id;

	if (cursor_decode(s, len, &id) == 0) {
		cursor_encode(id, again);
		if (strlen(again) != len || memcmp(again, s, len) != 0)
			abort();
	}
	if (cursor_decode_keyed(s, len, &key, &id) == 0) {
		cursor_encode_keyed(key, id, again);
		if (strlen(again) != len || memcmp(again, s, len) != 0)
			abort();
	}
}

/* What a post's parser accepted is text we would accept again, field by field. */
static void
post_accepted(const struct config *cfg, const struct comment_new *c)
{
	/* author_name is optional: a signed-in reader sends none. */
	if ((c->author_name != NULL && validate_text(c->author_name, strlen(c->author_name),
	    false, (size_t)cfg->name_max) != ERR_OK) ||
	    validate_text(c->body, strlen(c->body), true, (size_t)cfg->comment_max) != ERR_OK)
		abort();
	if (c->url != NULL && validate_url(c->url, strlen(c->url)) != 0)
		abort();
	if (c->parent_id < 0)
		abort();
}

static void
edit_accepted(const struct config *cfg, const struct comment_new *c)
{
	if (validate_text(c->body, strlen(c->body), true, (size_t)cfg->comment_max) != ERR_OK)
		abort();
}

/*
 * The body through the row of method and pattern, then read: what the
 * daemon does (route_body, then submit.c's read). A refusal by the row is
 * an error answered with a body, and only of a body the parser refused too.
 */
static void
fuzz_routed(struct ctx *ctx, enum method method, const char *pattern, bool parsed,
    enum err (*reader)(struct arena *, const struct config *, struct json_object *,
    struct comment_new *, struct input_error *),
    void (*accepted)(const struct config *, const struct comment_new *))
{
	const struct route	*row = route_find(method, pattern);
	struct comment_new	 c;
	struct input_error	 why;
	struct response		 res;

	if (row == NULL)
		abort();
	out_init(&res, ctx->arena);
	ctx->res = &res;
	ctx->body = NULL;
	if (route_body(ctx, row) != ERR_OK) {
		if (res.status < 400 || res.body == NULL || ctx->body != NULL || parsed)
			abort();
		return;
	}
	memset(&why, 0, sizeof(why));
	if (reader(ctx->arena, ctx->cfg, ctx->body, &c, &why) == ERR_OK)
		accepted(ctx->cfg, &c);
	else if (why.message == NULL || why.code == ERR_OK)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	 cfg;
	static int		 ready;
	struct arena		 a;
	struct comment_new	 c;
	struct input_error	 why;
	struct request		 req;
	struct ctx		 ctx;
	char			*body;
	bool			 post_ok, edit_ok;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	arena_init(&a);
	/* The worker hands the parser a NUL-terminated copy, as here. */
	body = arena_strndup(&a, (const char *)data, size);
	if ((post_ok = comment_input_parse(&a, &cfg, body, size, &c, &why) == ERR_OK))
		post_accepted(&cfg, &c);
	else if (why.message == NULL || why.code == ERR_OK)
		abort();
	if ((edit_ok = comment_edit_parse(&a, &cfg, body, size, &c, &why) == ERR_OK))
		edit_accepted(&cfg, &c);
	else if (why.message == NULL || why.code == ERR_OK)
		abort();
	memset(&req, 0, sizeof(req));
	req.body = body;
	req.content_length = size;
	req.content_type = "application/json";
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &a;
	ctx.cfg = &cfg;
	ctx.req = &req;
	fuzz_routed(&ctx, METHOD_POST, "/articles/{article}/comments", post_ok, comment_input_read,
	    post_accepted);
	fuzz_routed(&ctx, METHOD_PATCH, "/comments/{comment}", edit_ok, comment_edit_read,
	    edit_accepted);
	fuzz_cursors((const char *)data, size);
	arena_release(&a);
	return 0;
}
