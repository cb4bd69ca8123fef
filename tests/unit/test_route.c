/* SPDX-License-Identifier: ISC — Rostra */
/* The dispatcher: which route, which refusal, in which order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "route.h"

struct fixture {
	struct arena	 arena;
	struct config	 cfg;
	struct request	 req;
	struct response	 res;
	struct ctx	 ctx;
};

static struct fixture	 f;

static enum err
resolve(enum method m, const char *uri, const char *content_type, size_t length,
    const struct route **route)
{
	const char	*q = strchr(uri, '?');

	arena_release(&f.arena);
	memset(&f.req, 0, sizeof(f.req));
	f.req.method = m;
	f.req.path = uri;
	f.req.path_len = q != NULL ? (size_t)(q - uri) : strlen(uri);
	f.req.query = q != NULL ? q + 1 : "";
	f.req.query_len = strlen(f.req.query);
	f.req.content_type = content_type;
	f.req.content_length = length;
	out_init(&f.res, &f.arena);
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.arena = &f.arena;
	f.ctx.cfg = &f.cfg;
	f.ctx.req = &f.req;
	f.ctx.res = &f.res;
	*route = NULL;
	return route_resolve(&f.ctx, route);
}

static int
setup(void **state)
{
	(void)state;
	arena_init(&f.arena);
	config_defaults(&f.cfg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&f.arena);
	config_free(&f.cfg);
	return 0;
}

#define LIST	"/comments/api/v1/articles/demo-1/comments"

static void
finds_routes_and_key(void **state)
{
	const struct route	*r;

	(void)state;
	assert_int_equal(resolve(METHOD_GET, LIST "?limit=5", NULL, 0, &r), ERR_OK);
	assert_ptr_equal(r->handler, api_comments_list);
	assert_int_equal(f.ctx.key_len, 6);
	assert_memory_equal(f.ctx.key, "demo-1", 6);
	assert_int_equal(resolve(METHOD_HEAD, LIST, NULL, 0, &r), ERR_OK);
	assert_ptr_equal(r->handler, api_comments_list);
	assert_int_equal(resolve(METHOD_POST, LIST, "application/json; charset=utf-8", 10, &r), ERR_OK);
	assert_ptr_equal(r->handler, api_comments_post);
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/health", NULL, 0, &r), ERR_OK);
	assert_ptr_equal(r->handler, api_health_get);
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/counts?article=a", NULL, 0, &r), ERR_OK);
	assert_ptr_equal(r->handler, api_counts_get);
}

static void
unknown_paths_are_404(void **state)
{
	const struct route	*r;
	const char		*paths[] = { "/", "/comments/api/v1/health/", "/comments/api/v2/health",
	    "/comments/api/v1/articles//comments", "/comments/api/v1/articles/a/b/comments",
	    "/comments/api/v1/articles/a/comments/x", "/comments/api/v1/HEALTH" };

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(resolve(METHOD_GET, paths[i], NULL, 0, &r), ERR_NOT_FOUND);
		assert_int_equal(f.res.status, 404);
		assert_null(r);
	}
}

static void
wrong_method_is_405_with_allow(void **state)
{
	const struct route	*r;

	(void)state;
	assert_int_equal(resolve(METHOD_DELETE, LIST, NULL, 0, &r), ERR_METHOD_NOT_ALLOWED);
	assert_int_equal(f.res.status, 405);
	assert_string_equal(out_header_get(&f.res, "Allow"), "GET, HEAD, POST");
	assert_int_equal(resolve(METHOD_POST, "/comments/api/v1/health", "application/json", 2, &r),
	    ERR_METHOD_NOT_ALLOWED);
	assert_string_equal(out_header_get(&f.res, "Allow"), "GET, HEAD");
}

static void
bad_key_size_and_type(void **state)
{
	const struct route	*r;

	(void)state;
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/articles/a%20b/comments", NULL, 0, &r),
	    ERR_INVALID_ARTICLE_KEY);
	assert_int_equal(f.res.status, 400);
	assert_int_equal(resolve(METHOD_POST, LIST, "application/json", f.cfg.body_limit + 1, &r),
	    ERR_PAYLOAD_TOO_LARGE);
	assert_int_equal(f.res.status, 413);
	assert_int_equal(resolve(METHOD_POST, LIST, "application/json", f.cfg.body_limit, &r), ERR_OK);
	assert_int_equal(resolve(METHOD_POST, LIST, "text/plain", 10, &r), ERR_UNSUPPORTED_MEDIA_TYPE);
	assert_int_equal(f.res.status, 415);
	assert_int_equal(resolve(METHOD_POST, LIST, NULL, 10, &r), ERR_UNSUPPORTED_MEDIA_TYPE);
	assert_int_equal(resolve(METHOD_POST, LIST, "application/jsonp", 10, &r),
	    ERR_UNSUPPORTED_MEDIA_TYPE);
	assert_int_equal(resolve(METHOD_POST, LIST, "Application/JSON", 10, &r), ERR_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_routes_and_key),
		cmocka_unit_test(unknown_paths_are_404),
		cmocka_unit_test(wrong_method_is_405_with_allow),
		cmocka_unit_test(bad_key_size_and_type),
	};

	return cmocka_run_group_tests_name("route", tests, setup, teardown);
}
