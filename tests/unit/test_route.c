/* SPDX-License-Identifier: ISC — Rostra */
/* The dispatcher: which route, which refusal, in which order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fcgi/route.h"
#include "lib/query.h"

struct fixture {
	struct arena	 arena;
	struct config	 cfg;
	struct request	 req;
	struct response	 res;
	struct ctx	 ctx;
};

static struct fixture	 f;
static const char	*test_cookie;	/* the Cookie header of the next request */

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
	/* What the embed's requests carry; the CSRF test takes them away. */
	f.req.csrf = "1";
	f.req.fetch_site = "same-origin";
	f.req.cookie = test_cookie;
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

static void
state_changes_need_the_site_and_the_header(void **state)
{
	const struct route	*r;

	(void)state;
	free(f.cfg.site_origins);
	f.cfg.site_origins = strdup("https://news.example http://127.0.0.1:8080");
	/* Each case: origin, Sec-Fetch-Site, CSRF header, allowed. */
	const struct { const char *origin, *site, *csrf; bool ok; } cases[] = {
		{ NULL, "same-origin", "1", true },
		{ "https://news.example", "same-site", "1", true },
		{ "http://127.0.0.1:8080", NULL, "1", true },
		{ "https://news.example", NULL, NULL, false },
		{ "https://news.example", NULL, "0", false },
		{ "https://evil.example", "cross-site", "1", false },
		{ "https://news.example.evil", NULL, "1", false },
		{ "https://news", NULL, "1", false },
		{ NULL, NULL, "1", false },
		{ NULL, "cross-site", "1", false },
		{ "null", NULL, "1", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum err	 e;

		arena_release(&f.arena);
		out_init(&f.res, &f.arena);
		f.req.method = METHOD_POST;
		f.req.path = LIST;
		f.req.path_len = strlen(LIST);
		f.req.query = "";
		f.req.query_len = 0;
		f.req.content_type = "application/json";
		f.req.content_length = 2;
		f.req.origin = cases[i].origin;
		f.req.fetch_site = cases[i].site;
		f.req.csrf = cases[i].csrf;
		e = route_resolve(&f.ctx, &r);
		if ((e == ERR_OK) != cases[i].ok)
			fail_msg("case %zu: got %d", i, e);
		if (!cases[i].ok)
			assert_int_equal(f.res.status, 403);
	}
	/* Reads never need it. */
	f.req.csrf = NULL;
	f.req.origin = "https://evil.example";
	assert_int_equal(resolve(METHOD_GET, LIST, NULL, 0, &r), ERR_OK);
}

static void
session_routes_need_a_session(void **state)
{
	const struct route	*r;

	(void)state;
	/* No cookie: 401 before the handler, for each route that needs a session. */
	assert_int_equal(resolve(METHOD_GET, LIST "/mine", NULL, 0, &r), ERR_UNAUTHORIZED);
	assert_int_equal(f.res.status, 401);
	/* GET /me answers the signed-out itself (204, not an error). */
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/me", NULL, 0, &r), ERR_OK);
	assert_int_equal(resolve(METHOD_DELETE, "/comments/api/v1/session", NULL, 0, &r),
	    ERR_UNAUTHORIZED);
	assert_int_equal(resolve(METHOD_PATCH, "/comments/api/v1/me", "application/json", 2, &r),
	    ERR_UNAUTHORIZED);
	/* A forged cookie is no better than none. */
	test_cookie = "theme=dark; rostra_session=v4.public.AAAA";
	assert_int_equal(resolve(METHOD_GET, LIST "/mine", NULL, 0, &r), ERR_UNAUTHORIZED);
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/me", NULL, 0, &r), ERR_OK);
	assert_false(f.ctx.signed_in);
	test_cookie = NULL;
}

static void
query_parameters_are_the_routes_own(void **state)
{
	const struct route	*r;

	(void)state;
	assert_int_equal(resolve(METHOD_GET, LIST "?sort=oldest&limit=5&cursor=x", NULL, 0, &r), ERR_OK);
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/counts?article=a&article=b", NULL, 0, &r),
	    ERR_OK);
	assert_int_equal(resolve(METHOD_HEAD, "/comments/api/v1/articles/k/fragment?lang=fr", NULL, 0, &r),
	    ERR_OK);
	/* A made-up name, a name twice, a prefix of a name: 400 before the handler. */
	assert_int_equal(resolve(METHOD_GET, LIST "?junk=1", NULL, 0, &r), ERR_INVALID_PARAMETER);
	assert_int_equal(f.res.status, 400);
	assert_non_null(r);
	assert_int_equal(resolve(METHOD_GET, LIST "?limit=5&limit=6", NULL, 0, &r), ERR_INVALID_PARAMETER);
	assert_int_equal(resolve(METHOD_GET, LIST "?lim=5", NULL, 0, &r), ERR_INVALID_PARAMETER);
	assert_int_equal(resolve(METHOD_GET, LIST "?sort*=x", NULL, 0, &r), ERR_INVALID_PARAMETER);
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/health?x", NULL, 0, &r),
	    ERR_INVALID_PARAMETER);
	assert_int_equal(resolve(METHOD_GET, LIST "?%zz", NULL, 0, &r), ERR_INVALID_PARAMETER);
	/* A write's query string is not read (the embed sends none). */
	assert_int_equal(resolve(METHOD_POST, LIST "?x=1", "application/json", 2, &r), ERR_OK);
}

/* The row's types: a query value, a path id, a body member, each refused before the handler. */
static void
the_row_types_what_it_takes(void **state)
{
	const struct route	*r;
	const char		*body;

	(void)state;
	assert_int_equal(resolve(METHOD_GET, LIST "?limit=abc", NULL, 0, &r), ERR_INVALID_PARAMETER);
	assert_non_null(strstr(f.res.body, "\"field\":\"limit\""));
	assert_int_equal(resolve(METHOD_GET, LIST "?sort=Oldest", NULL, 0, &r), ERR_INVALID_PARAMETER);
	assert_int_equal(resolve(METHOD_GET, LIST "?cursor=a%00b", NULL, 0, &r), ERR_INVALID_CURSOR);
	assert_non_null(strstr(f.res.body, "NUL"));
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/counts?article=a%20b", NULL, 0, &r),
	    ERR_INVALID_ARTICLE_KEY);
	assert_int_equal(resolve(METHOD_GET, LIST "?limit=5&sort=oldest", NULL, 0, &r), ERR_OK);
	assert_int_equal(f.ctx.nquery, 2);
	assert_string_equal(query_get(f.ctx.query, f.ctx.nquery, "sort"), "oldest");
	/* {comment}: an id, else "no such comment"; the key is not set. */
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/comments/42/replies", NULL, 0, &r), ERR_OK);
	assert_int_equal(f.ctx.id, 42);
	assert_null(f.ctx.key);
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/comments/4x/replies", NULL, 0, &r),
	    ERR_NOT_FOUND);
	assert_non_null(strstr(f.res.body, "There is no such comment."));
	assert_int_equal(resolve(METHOD_GET, "/comments/api/v1/comments/0/context", NULL, 0, &r),
	    ERR_NOT_FOUND);
	/* Body members: listed names of listed JSON types; null is absent. */
	assert_int_equal(resolve(METHOD_POST, LIST, "application/json", 2, &r), ERR_OK);
	body = "{\"body\": \"hi\", \"parent_id\": null}";
	f.req.body = body;
	f.req.content_length = strlen(body);
	assert_int_equal(route_body(&f.ctx, r), ERR_OK);
	assert_non_null(f.ctx.body);
	body = "{\"body\": \"hi\", \"colour\": 1}";
	f.req.body = body;
	f.req.content_length = strlen(body);
	assert_int_equal(route_body(&f.ctx, r), ERR_UNKNOWN_FIELD);
	assert_non_null(strstr(f.res.body, "this address takes: body author_name parent_id title url."));
	out_init(&f.res, &f.arena);
	body = "{\"body\": \"hi\", \"parent_id\": \"7\"}";
	f.req.body = body;
	f.req.content_length = strlen(body);
	assert_int_equal(route_body(&f.ctx, r), ERR_INVALID_FIELD);
	assert_non_null(strstr(f.res.body, "\"field\":\"parent_id\""));
	out_init(&f.res, &f.arena);
	body = "[1]";
	f.req.body = body;
	f.req.content_length = strlen(body);
	assert_int_equal(route_body(&f.ctx, r), ERR_INVALID_JSON);
}

static void
a_fresh_cookie_needs_a_session_that_verifies(void **state)
{
	const struct route	*r;

	(void)state;
	/* Alone, nginx did not skip its cache for it: an ordinary read. */
	test_cookie = "rostra_fresh=1";
	assert_int_equal(resolve(METHOD_GET, LIST, NULL, 0, &r), ERR_OK);
	assert_null(out_header_get(&f.res, "X-Accel-Redirect"));
	/* With a made-up session: back to nginx's cache, no handler. */
	test_cookie = "rostra_session=v4.public.AAAA; rostra_fresh=1";
	assert_int_equal(resolve(METHOD_GET, LIST, NULL, 0, &r), ERR_UNAUTHORIZED);
	assert_int_equal(f.res.status, 200);
	assert_string_equal(out_header_get(&f.res, "X-Accel-Redirect"), "@rostra_cached");
	assert_string_equal(out_header_get(&f.res, "Cache-Control"), "no-store");
	assert_false(f.ctx.signed_in);
	/* Only public reads: a route with a session of its own decides itself. */
	assert_int_equal(resolve(METHOD_GET, LIST "/mine", NULL, 0, &r), ERR_UNAUTHORIZED);
	assert_int_equal(f.res.status, 401);
	test_cookie = "rostra_session=; rostra_fresh=1";
	assert_int_equal(resolve(METHOD_GET, LIST, NULL, 0, &r), ERR_OK);
	test_cookie = NULL;
}

/*
 * route_run on stub rows: what the dispatcher does with a handler's
 * result, whatever the handler. The rows are the table's kind but in no
 * table: a public, cacheable GET, so a wrong answer would be cached.
 */
static enum err
stub_fails_unanswered(struct ctx *ctx)
{
	/* Half an answer, as a handler that gives up midway leaves it. */
	out_header(ctx->res, "Cache-Control", "public, max-age=60");
	return ERR_CONFLICT;
}

static enum err
stub_ok_unanswered(struct ctx *ctx)
{
	(void)ctx;
	return ERR_OK;
}

static enum err
stub_answers(struct ctx *ctx)
{
	struct jsonw	 w;

	jsonw_init(&w, ctx->arena, 32);
	jsonw_object_begin(&w);
	jsonw_key(&w, "stub");
	jsonw_bool(&w, true);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}

static const struct route	 stub_rows[] = {
	{ METHOD_GET, "/stub/fails", AUTH_PUBLIC, ROLE_READER, CACHE_PUBLIC, "", NULL,
	    stub_fails_unanswered },
	{ METHOD_GET, "/stub/ok", AUTH_PUBLIC, ROLE_READER, CACHE_PUBLIC, "", NULL,
	    stub_ok_unanswered },
	{ METHOD_GET, "/stub/answers", AUTH_PUBLIC, ROLE_READER, CACHE_PUBLIC, "", NULL,
	    stub_answers },
};

/* True if the response's body (not NUL-terminated) begins with prefix. */
static bool
body_begins(const char *prefix)
{
	return f.res.body != NULL && f.res.body_len >= strlen(prefix) &&
	    memcmp(f.res.body, prefix, strlen(prefix)) == 0;
}

/* Runs row on a fresh GET of its pattern. */
static void
run(const struct route *row)
{
	arena_release(&f.arena);
	memset(&f.req, 0, sizeof(f.req));
	f.req.method = row->method;
	f.req.path = row->pattern;
	f.req.path_len = strlen(row->pattern);
	f.req.query = "";
	out_init(&f.res, &f.arena);
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.arena = &f.arena;
	f.ctx.cfg = &f.cfg;
	f.ctx.req = &f.req;
	f.ctx.res = &f.res;
	route_run(&f.ctx, row);
}

static void
the_handlers_result_is_acted_on(void **state)
{
	(void)state;
	/* An error the handler did not answer is answered: its status and code, no-store. */
	run(&stub_rows[0]);
	assert_int_equal(f.res.status, 409);
	assert_true(body_begins("{\"error\":{\"code\":\"conflict\","));
	assert_string_equal(out_header_get(&f.res, "Cache-Control"), "no-store");
	assert_null(out_header_get(&f.res, "ETag"));
	/* ERR_OK with nothing answered is the handler's bug: a 500, never an empty 200. */
	run(&stub_rows[1]);
	assert_int_equal(f.res.status, 500);
	assert_true(body_begins("{\"error\":{\"code\":\"internal_error\","));
	assert_string_equal(out_header_get(&f.res, "Cache-Control"), "no-store");
	/* An answer stands, and gets the row's cache class. */
	run(&stub_rows[2]);
	assert_int_equal(f.res.status, 200);
	assert_int_equal(f.res.body_len, strlen("{\"stub\":true}"));
	assert_true(body_begins("{\"stub\":true}"));
	assert_non_null(out_header_get(&f.res, "ETag"));
	assert_true(strncmp(out_header_get(&f.res, "Cache-Control"), "public,", 7) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_routes_and_key),
		cmocka_unit_test(unknown_paths_are_404),
		cmocka_unit_test(wrong_method_is_405_with_allow),
		cmocka_unit_test(bad_key_size_and_type),
		cmocka_unit_test(state_changes_need_the_site_and_the_header),
		cmocka_unit_test(session_routes_need_a_session),
		cmocka_unit_test(query_parameters_are_the_routes_own),
		cmocka_unit_test(the_row_types_what_it_takes),
		cmocka_unit_test(a_fresh_cookie_needs_a_session_that_verifies),
		cmocka_unit_test(the_handlers_result_is_acted_on),
	};

	return cmocka_run_group_tests_name("route", tests, setup, teardown);
}
